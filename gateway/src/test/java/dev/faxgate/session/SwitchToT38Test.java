package dev.faxgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.BusAddresses;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.hdlc.HdlcTx;
import dev.faxgate.modem.V21Channel;
import dev.faxgate.modem.V21Tx;
import dev.faxgate.node.TestNode;
import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.RtpPacer;
import dev.faxgate.rtp.RtpPacket;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The switch-to-T.38 flow on real loopback sockets: a session that starts as audio hears V.21 on
 * one leg (a DIS sent as real V.21 audio in RTP) and asks the controller, by a t38-request event,
 * to move the far leg to T.38. No answer within t38timeout: T38_NEG_ERROR, the audio relay goes
 * on. With negotiate_both and both legs moved: the session becomes a T.38 relay, NATIVE_T38.
 * (The gateway taking over one leg, with a whole fax, is in GatewayInteropIT.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SwitchToT38Test {
  private TestNode node;
  private FaxOptClient client;
  private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "44500")
        .with(ConfigKey.MEDIA_PORT_MAX, "44999").with(ConfigKey.MEDIA_JITTER_MS, "100"));
    client = new FaxOptClient(node.node.vertx());
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private static DatagramSocket peer() throws Exception {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    s.setSoTimeout(3000);
    return s;
  }

  private <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private SessionInfo create(JsonObject faxopt, DatagramSocket a, DatagramSocket b) throws Exception {
    SessionInfo s = await(client.create(new SessionOptions().setMode(SessionMode.GATEWAY)
        .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + a.getLocalPort()))
        .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + b.getLocalPort()))
        .setFaxopt(faxopt)));
    node.node.vertx().eventBus().<JsonObject>consumer(BusAddresses.sessionEvents(s.sessionId()), m -> events.add(m.body()));
    return s;
  }

  private JsonObject nextEvent(String type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (JsonObject e; (e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
      if (e.getString("type").equals(type)) {
        return e;
      }
    }
    throw new AssertionError("no " + type + " event within 15 s");
  }

  private static int port(SessionInfo s, String leg) {
    String local = s.legs().getJsonObject(leg).getString("local");
    return Integer.parseInt(local.substring(local.lastIndexOf(':') + 1));
  }

  /** 3 s of a called fax machine's first V.21 burst (flags, then a DIS), as µ-law RTP, paced at 20 ms. */
  private static Thread sendDis(DatagramSocket from, int port) {
    Thread t = new Thread(() -> {
      HdlcTx hdlc = new HdlcTx();
      byte[] dis = HexFormat.of().parseHex("ff138000ee8444");
      hdlc.sendFrame(dis, 0, dis.length);
      V21Tx tx = new V21Tx(V21Channel.CH2, hdlc);
      RtpPacer pacer = new RtpPacer(0x5151, G711.PT_PCMU, 100, 1000);
      short[] pcm = new short[160];
      byte[] packet = new byte[RtpPacket.HEADER_SIZE + 160];
      long next = System.nanoTime();
      try {
        for (int i = 0; i < 150; i++) {
          int n = tx.tx(pcm, 0, 160);
          java.util.Arrays.fill(pcm, n, 160, (short) 0);
          int h = pacer.next(packet, 0);
          G711.linearToUlaw(pcm, 0, packet, h, 160);
          from.send(new DatagramPacket(packet, h + 160, InetAddress.getLoopbackAddress(), port));
          next += 20_000_000L;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "v21-sender");
    t.start();
    return t;
  }

  @Test
  void noUdptlAddressInTimeGivesT38NegErrorAndTheAudioGoesOn() throws Exception {
    try (DatagramSocket a = peer(); DatagramSocket b = peer()) {
      SessionInfo s = create(new JsonObject().put("gateway", "yes").put("t38timeout", "800"), a, b);
      Thread sender = sendDis(b, port(s, "b"));
      JsonObject request = nextEvent("t38-request");
      assertEquals("a", request.getString("leg"), "V.21 heard on b: the far leg a is asked to move");
      assertEquals("b", request.getString("heardOn"));
      assertEquals(800, request.getInteger("timeoutMs"));
      JsonObject timeout = nextEvent("t38-timeout");
      assertEquals(List.of("a"), timeout.getJsonArray("legs").getList());
      byte[] buf = new byte[2048];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      a.receive(p); // the audio from b still reaches a
      assertEquals(G711.PT_PCMU, buf[1] & 0x7F);
      sender.join();
      List<JsonObject> polled = await(client.events(s.sessionId()));
      assertTrue(polled.stream().anyMatch(e -> e.getString("type").equals("t38-request")), polled.toString());
      CompletionEvent end = await(client.end(s.sessionId()));
      assertEquals("FAILED", end.status().name());
      assertEquals("T38_NEG_ERROR", end.error());
      assertEquals("gateway", end.toJson().getString("mode"));
      assertTrue(end.statusStr().contains("leg(s) a within 800 ms"), end.statusStr());
    }
  }

  /**
   * The leg update that completes the switch answers once the gateway runs; the audio leg's
   * statistics, carried from the audio relay into the gateway, count each packet once.
   */
  @Test
  void theMoveThatSwitchesAnswersWithTheGatewayRunningAndTheAudioLegCountedOnce() throws Exception {
    try (DatagramSocket a = peer(); DatagramSocket b = peer(); DatagramSocket t38a = peer()) {
      SessionInfo s = create(new JsonObject().put("gateway", "yes"), a, b);
      Thread sender = sendDis(b, port(s, "b"));
      assertEquals("a", nextEvent("t38-request").getString("leg"));
      SessionInfo moved = await(client.updateLeg(s.sessionId(), "a",
          new LegOptions().setUdptl("127.0.0.1:" + t38a.getLocalPort())));
      assertEquals(SessionMode.GATEWAY, moved.mode(), "the answer comes once the switch is done");
      assertEquals("127.0.0.1:" + t38a.getLocalPort(), moved.legs().getJsonObject("a").getString("far"));
      sender.join();
      JsonObject legB = await(client.describe(s.sessionId())).legs().getJsonObject("b");
      for (long end = System.nanoTime() + 10_000_000_000L; legB.getJsonObject("packets").getLong("received") < 150
          && System.nanoTime() < end; Thread.sleep(50)) {
        legB = await(client.describe(s.sessionId())).legs().getJsonObject("b");
      }
      CompletionEvent end = await(client.end(s.sessionId()));
      JsonObject packets = end.toJson().getJsonObject("legs").getJsonObject("b").getJsonObject("packets");
      assertEquals(150L, packets.getLong("received"), "the 150 packets sent to leg b, each once: " + packets.encode());
    }
  }

  @Test
  void bothLegsMovedWithNegotiateBothMakeAT38RelayReportingNativeT38() throws Exception {
    try (DatagramSocket a = peer(); DatagramSocket b = peer(); DatagramSocket t38a = peer(); DatagramSocket t38b = peer()) {
      SessionInfo s = create(new JsonObject().put("gateway", "yes").put("negotiate_both", "yes"), a, b);
      Thread sender = sendDis(b, port(s, "b"));
      JsonObject first = nextEvent("t38-request");
      JsonObject second = nextEvent("t38-request");
      assertEquals(java.util.Set.of("a", "b"), java.util.Set.of(first.getString("leg"), second.getString("leg")));
      sender.join();
      await(client.updateLeg(s.sessionId(), "a", new LegOptions().setUdptl("127.0.0.1:" + t38a.getLocalPort())));
      await(client.updateLeg(s.sessionId(), "b", new LegOptions().setUdptl("127.0.0.1:" + t38b.getLocalPort())
          .setT38Version(3)));
      JsonObject changed = nextEvent("mode-changed");
      assertEquals("t38-relay", changed.getString("mode"));
      // an IFP (cng indicator) from the new T.38 far end of leg a reaches leg b's, re-encoded for version 3
      byte[] udptl = HexFormat.of().parseHex("0000" + "0102" + "0000");
      DatagramPacket got = new DatagramPacket(new byte[2048], 2048);
      for (int tries = 0; ; tries++) {
        t38a.send(new DatagramPacket(udptl, udptl.length, InetAddress.getLoopbackAddress(), port(s, "a")));
        try {
          t38b.receive(got);
          break;
        } catch (java.net.SocketTimeoutException e) {
          if (tries == 3) {
            throw e;
          }
        }
      }
      assertTrue(got.getLength() >= 4, "a UDPTL datagram");
      CompletionEvent end = await(client.end(s.sessionId()));
      assertEquals("SUCCESS", end.status().name());
      assertEquals("NATIVE_T38", end.error());
      assertEquals("t38-relay", end.toJson().getString("mode"));
    }
  }
}
