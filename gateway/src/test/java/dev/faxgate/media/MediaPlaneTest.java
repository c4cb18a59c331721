package dev.faxgate.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.node.TestNode;
import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.RtpPacket;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38Indicator;
import dev.faxgate.udptl.UdptlSender;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The media plane on real loopback sockets, with no fax terminal: audio-relay and t38-relay carry
 * datagrams between two far ends, strangers and garbage are counted and dropped without touching
 * the session or its neighbours, and latching legs answer the first source they hear.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MediaPlaneTest {
  private TestNode node;
  private FaxOptClient client;
  private final InetAddress loopback = InetAddress.getLoopbackAddress();

  @BeforeEach
  void start() throws Exception {
    // a deep playout buffer: the test's own sender thread shares 2 cores with the JIT and Maven
    node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "44000")
        .with(ConfigKey.MEDIA_PORT_MAX, "44999").with(ConfigKey.MEDIA_INSTANCES, "2").with(ConfigKey.MEDIA_JITTER_MS, "300"));
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

  private SessionInfo create(SessionOptions options) throws Exception {
    return client.create(options).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private CompletionEvent end(String id) throws Exception {
    return client.end(id).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static int port(SessionInfo s, String leg) {
    String local = s.legs().getJsonObject(leg).getString("local");
    return Integer.parseInt(local.substring(local.lastIndexOf(':') + 1));
  }

  private void send(DatagramSocket from, byte[] data, int port) throws Exception {
    from.send(new DatagramPacket(data, data.length, loopback, port));
  }

  private static byte[] rtp(int seq, int payloadType, byte fill) {
    byte[] p = new byte[RtpPacket.HEADER_SIZE + 160];
    RtpPacket.writeHeader(p, 0, seq == 0, payloadType, seq, seq * 160, 0x1234);
    Arrays.fill(p, RtpPacket.HEADER_SIZE, p.length, fill);
    return p;
  }

  private static byte[] receive(DatagramSocket s) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    s.receive(p);
    return Arrays.copyOf(p.getData(), p.getLength());
  }

  private static long metric(TestNode node, String line) throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(5)).build().send(java.net.http.HttpRequest
        .newBuilder(java.net.URI.create(node.baseUrl() + "/metrics")).timeout(java.time.Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    return r.body().lines().filter(l -> l.startsWith(line + " ")).mapToLong(l -> (long) Double.parseDouble(l.substring(line.length() + 1)))
        .findFirst().orElse(-1);
  }

  /**
   * Another program (or another node with the same range) holds the first 100 ports of the range:
   * sessions still open, on the ports after them.
   */
  @Test
  void portsAnotherProgramHoldsAreSkipped() throws Exception {
    List<DatagramSocket> held = new ArrayList<>();
    try (DatagramSocket a = peer(); DatagramSocket b = peer()) {
      for (int port = 44000; port < 44100; port++) {
        try {
          held.add(new DatagramSocket(new InetSocketAddress(loopback, port)));
        } catch (java.net.SocketException inUseAlready) {
          // held by someone else: all the better
        }
      }
      for (int i = 0; i < 2; i++) {
        SessionInfo s = create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
            .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + a.getLocalPort()))
            .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + b.getLocalPort())));
        assertTrue(port(s, "a") >= 44100 && port(s, "b") >= 44100, s.legs().encode());
        end(s.sessionId());
      }
    } finally {
      held.forEach(DatagramSocket::close);
    }
  }

  @Test
  void audioRelayTranscodesAndDropsStrangersAndGarbage() throws Exception {
    try (DatagramSocket a = peer(); DatagramSocket b = peer(); DatagramSocket stranger = peer()) {
      SessionInfo s = create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
          .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + a.getLocalPort()))
          .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + b.getLocalPort()).setLaw(LegOptions.Law.ALAW)));
      int portA = port(s, "a");
      assertEquals(0, portA % 2, "RTP on an even port");
      byte ulaw = G711.linearToUlaw((short) 1000);
      SplittableRandom random = new SplittableRandom(7);
      for (int seq = 0; seq < 20; seq++) {
        send(a, rtp(seq, G711.PT_PCMU, ulaw), portA);
        send(stranger, rtp(seq, G711.PT_PCMU, (byte) 0), portA);
        byte[] garbage = new byte[random.nextInt(0, 40)];
        random.nextBytes(garbage);
        send(a, garbage, portA);
      }
      // leg b hears steady A-law frames: the µ-law samples transcoded, never the stranger's
      byte alaw = G711.ulawToAlaw(ulaw & 0xFF);
      byte[] expected = new byte[160];
      Arrays.fill(expected, alaw);
      int prevSeq = -1;
      int real = 0;
      for (int i = 0; i < 40 && real < 10; i++) {
        byte[] p = receive(b);
        assertEquals(G711.PT_PCMA, RtpPacket.payloadType(p, 0));
        int seq = RtpPacket.sequence(p, 0);
        if (prevSeq >= 0) {
          assertEquals((prevSeq + 1) & 0xFFFF, seq, "steady sequence numbers");
        }
        prevSeq = seq;
        if (p[RtpPacket.HEADER_SIZE] == alaw) {
          assertArrayEquals(expected, Arrays.copyOfRange(p, RtpPacket.HEADER_SIZE, p.length));
          real++;
        }
      }
      assertTrue(real >= 10, "transcoded frames arrived: " + real);
      CompletionEvent event = end(s.sessionId());
      JsonObject packets = event.toJson().getJsonObject("legs").getJsonObject("a").getJsonObject("packets");
      assertEquals(20L, packets.getLong("strangers"), packets.encode());
      assertTrue(packets.getLong("malformed") >= 15, packets.encode()); // a few garbage datagrams may parse as RTP of another payload type
      assertTrue(metric(node, "faxgate_media_packets_stranger_total{transport=\"rtp\"}") >= 20);
    }
  }

  @Test
  void aLegFollowsTheFarAddressTheControllerReports() throws Exception {
    try (DatagramSocket a = peer(); DatagramSocket b = peer(); DatagramSocket moved = peer()) {
      SessionInfo s = create(new SessionOptions().setMode(SessionMode.T38_RELAY)
          .setLeg("a", new LegOptions().setUdptl("127.0.0.1:" + a.getLocalPort()))
          .setLeg("b", new LegOptions().setUdptl("127.0.0.1:" + b.getLocalPort())));
      byte[] ifp = new byte[8];
      int n = IfpCodec.encode(new IfpPacket().setIndicator(T38Indicator.CNG), 0, ifp, 0);
      byte[] datagram = new byte[64];
      UdptlSender sender = new UdptlSender();
      send(a, Arrays.copyOf(datagram, sender.build(ifp, 0, n, datagram, 0)), port(s, "a"));
      receive(b); // the old far end of b hears it
      // b's far end moves (a re-INVITE to another port): the socket sends there, and hears only it
      client.updateLeg(s.sessionId(), "b", new LegOptions().setUdptl("127.0.0.1:" + moved.getLocalPort()))
          .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      byte[] got = null;
      for (int tries = 0; tries < 10 && got == null; tries++) { // the move reaches the socket between two ticks
        send(a, Arrays.copyOf(datagram, sender.build(ifp, 0, n, datagram, 0)), port(s, "a"));
        moved.setSoTimeout(300);
        try {
          got = receive(moved);
        } catch (java.net.SocketTimeoutException notYet) {
          // next try
        }
      }
      assertTrue(got != null, "the moved far end never heard the relay");
      send(b, Arrays.copyOf(datagram, sender.build(ifp, 0, n, datagram, 0)), port(s, "b"));
      CompletionEvent event = end(s.sessionId());
      JsonObject legB = event.toJson().getJsonObject("legs").getJsonObject("b");
      assertEquals("127.0.0.1:" + moved.getLocalPort(), legB.getString("far"), legB.encode());
      assertEquals(1L, legB.getJsonObject("packets").getLong("strangers"), "the old far end is a stranger now: " + legB);
    }
  }

  @Test
  void t38RelaySurvivesHostileDatagramsWithoutHarmingItsNeighbour() throws Exception {
    try (DatagramSocket a = peer(); DatagramSocket b = peer(); DatagramSocket c = peer(); DatagramSocket d = peer()) {
      SessionInfo hostile = create(new SessionOptions().setMode(SessionMode.T38_RELAY)
          .setLeg("a", new LegOptions().setUdptl("127.0.0.1:" + a.getLocalPort()))
          .setLeg("b", new LegOptions().setUdptl("127.0.0.1:" + b.getLocalPort()).setT38Version(3)));
      SessionInfo neighbour = create(new SessionOptions().setMode(SessionMode.T38_RELAY)
          .setLeg("a", new LegOptions().setUdptl("127.0.0.1:" + c.getLocalPort()))
          .setLeg("b", new LegOptions().setUdptl("127.0.0.1:" + d.getLocalPort())));
      int hostilePort = port(hostile, "a");
      byte[][] attacks = {
          {},                                                   // empty
          {0x00},                                               // truncated sequence number
          {0x00, 0x05, (byte) 0x90, 0x00},                      // PER length beyond the datagram
          {0x00, 0x06, 0x01, 0x00, 0x00, (byte) 0x83, (byte) 0xE8}, // redundancy count of 1000
          {0x00, 0x07, 0x01, 0x00, (byte) 0x80, 0x01, 0x7F, 0x01, 0x01, 0x00}, // FEC span 127: wider than the window
          {0x75, 0x30, 0x01, 0x00, 0x00, 0x00},                 // sequence jump of 30000
      };
      for (byte[] attack : attacks) {
        send(a, attack, hostilePort);
      }
      // then real traffic on both sessions: a CNG indicator each
      byte[] ifp = new byte[8];
      int n = IfpCodec.encode(new IfpPacket().setIndicator(T38Indicator.CNG), 0, ifp, 0);
      byte[] datagram = new byte[64];
      UdptlSender sender = new UdptlSender().setNextSeq(30001);
      int len = sender.build(ifp, 0, n, datagram, 0);
      send(a, Arrays.copyOf(datagram, len), hostilePort);
      UdptlSender neighbourSender = new UdptlSender();
      len = neighbourSender.build(ifp, 0, n, datagram, 0);
      send(c, Arrays.copyOf(datagram, len), port(neighbour, "a"));
      byte[] relayed = receive(b);
      byte[] neighbourRelayed = receive(d);
      assertTrue(relayed.length > 3 && neighbourRelayed.length > 3);
      JsonObject packets = end(hostile.sessionId()).toJson().getJsonObject("legs").getJsonObject("a").getJsonObject("packets");
      assertTrue(packets.getLong("malformed") >= 5, packets.encode());
      JsonObject calm = end(neighbour.sessionId()).toJson().getJsonObject("legs");
      assertEquals(0L, calm.getJsonObject("a").getJsonObject("packets").getLong("malformed"), calm.encode());
      assertEquals(1L, calm.getJsonObject("a").getJsonObject("packets").getLong("received"), calm.encode());
      assertEquals(1L, calm.getJsonObject("b").getJsonObject("packets").getLong("sent"), calm.encode());
    }
  }

  @Test
  void aLatchingLegAnswersTheFirstSourceOnly() throws Exception {
    try (DatagramSocket a = peer(); DatagramSocket b = peer(); DatagramSocket late = peer()) {
      SessionInfo s = create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
          .setLeg("a", new LegOptions().setLatch(true))
          .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + b.getLocalPort())));
      int portA = port(s, "a");
      for (int seq = 0; seq < 10; seq++) {
        send(a, rtp(seq, G711.PT_PCMU, (byte) 0x55), portA);
        send(late, rtp(seq, G711.PT_PCMU, (byte) 0x66), portA);
      }
      for (int seq = 0; seq < 10; seq++) {
        send(b, rtp(seq, G711.PT_PCMU, (byte) 0x77), port(s, "b"));
      }
      byte[] back = receive(a); // the latched source hears leg b's audio
      assertEquals(G711.PT_PCMU, RtpPacket.payloadType(back, 0));
      late.setSoTimeout(500);
      org.junit.jupiter.api.Assertions.assertThrows(SocketTimeoutException.class, () -> receive(late));
      JsonObject leg = end(s.sessionId()).toJson().getJsonObject("legs").getJsonObject("a");
      assertEquals("127.0.0.1:" + a.getLocalPort(), leg.getString("far"));
      assertEquals(10L, leg.getJsonObject("packets").getLong("strangers"));
    }
  }

  /** The detectors run in the detection verticle, for audio relays and for detect sessions (which carry media too). */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = SessionMode.class, names = {"AUDIO_RELAY", "DETECT"})
  void faxdetectReportsCngHeardOnALeg(SessionMode mode) throws Exception {
    try (DatagramSocket a = peer(); DatagramSocket b = peer()) {
      SessionInfo s = create(new SessionOptions().setMode(mode)
          .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + a.getLocalPort()))
          .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + b.getLocalPort()))
          .putFaxopt("faxdetect", "cng,30"));
      java.util.concurrent.BlockingQueue<JsonObject> events = new java.util.concurrent.LinkedBlockingQueue<>();
      node.node.vertx().eventBus().<JsonObject>consumer(dev.faxgate.faxopt.BusAddresses.sessionEvents(s.sessionId()),
          m -> events.add(m.body())).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      // 1.6 s of the calling tone at -20 dBm0 (0.5 s on, 3 s off), µ-law, paced as a real sender would
      short[] cng = dev.faxgate.bench.Signals.cng(1.6, -20, 500, 3000);
      byte[] p = new byte[RtpPacket.HEADER_SIZE + 160];
      long start = System.nanoTime();
      for (int seq = 0; seq * 160 + 160 <= cng.length; seq++) {
        RtpPacket.writeHeader(p, 0, seq == 0, G711.PT_PCMU, seq, seq * 160, 99);
        for (int i = 0; i < 160; i++) {
          p[RtpPacket.HEADER_SIZE + i] = G711.linearToUlaw(cng[seq * 160 + i]);
        }
        send(a, p, port(s, "a"));
        long due = start + (seq + 1) * 20_000_000L;
        java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, due - System.nanoTime()));
      }
      JsonObject detection = null;
      for (JsonObject e; detection == null && (e = events.poll(10, TimeUnit.SECONDS)) != null; ) {
        if ("detection".equals(e.getString("type"))) {
          detection = e;
        }
      }
      if (detection == null) {
        throw new AssertionError("no detection event; the session ended with " + end(s.sessionId()).toJson().getJsonObject("legs"));
      }
      assertEquals("cng", detection.getString("tone"));
      assertEquals("a", detection.getString("leg"));
      assertTrue(detection.getLong("detectedMs") - detection.getLong("toneStartMs") < 4000, detection.encode());
      assertEquals(1, metric(node, "faxgate_detections_total{tone=\"cng\"}"));
      end(s.sessionId());
    }
  }

  /** A far end named by a host name is resolved (on a worker thread) and carries media like an IP literal. */
  @Test
  void aFarEndNamedByAHostNameIsResolved() throws Exception {
    try (DatagramSocket a = peer(); DatagramSocket b = peer()) {
      SessionInfo s = create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
          .setLeg("a", new LegOptions().setRtp("localhost:" + a.getLocalPort()))
          .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + b.getLocalPort())));
      CompletionEvent ended = end(s.sessionId());
      String far = ended.toJson().getJsonObject("legs").getJsonObject("a").getString("far");
      assertTrue(far.endsWith(":" + a.getLocalPort()) && !far.startsWith("localhost"), far);
    }
  }

  /** Ports of the media range that another process holds are skipped, not tried again and again. */
  @Test
  void portsHeldByAnotherProcessAreSkipped() throws Exception {
    List<DatagramSocket> foreign = new java.util.ArrayList<>();
    try (DatagramSocket a = peer(); DatagramSocket b = peer()) {
      for (int port = 44000; port <= 44004; port += 2) {
        foreign.add(new DatagramSocket(new InetSocketAddress(loopback, port)));
      }
      SessionInfo s = create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
          .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + a.getLocalPort()))
          .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + b.getLocalPort())));
      assertTrue(port(s, "a") > 44004 && port(s, "b") > 44004, s.legs().encode());
      end(s.sessionId());
      assertEquals(0, node.node.media().portsInUse(), "the skipped ports went back to the pool");
    } finally {
      for (DatagramSocket f : foreign) {
        f.close();
      }
    }
  }

  /**
   * A session that starts after another ended on the same media thread runs on the parts the
   * ended one gave back (its UDPTL receivers, senders and queue), reset: it relays, and counts
   * only its own datagrams.
   */
  @Test
  void aSessionRunsOnThePartsOfOneThatEnded() throws Exception {
    byte[] ifp = new byte[8];
    int n = IfpCodec.encode(new IfpPacket().setIndicator(T38Indicator.CNG), 0, ifp, 0);
    try (DatagramSocket a = peer(); DatagramSocket b = peer()) {
      long before = node.node.media().partsReused().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      for (int session = 0; session < 2; session++) {
        SessionInfo s = create(new SessionOptions().setMode(SessionMode.T38_RELAY)
            .setLeg("a", new LegOptions().setUdptl("127.0.0.1:" + a.getLocalPort()))
            .setLeg("b", new LegOptions().setUdptl("127.0.0.1:" + b.getLocalPort())));
        UdptlSender sender = new UdptlSender();
        byte[] datagram = new byte[64];
        for (int i = 0; i < 3 + session; i++) {
          send(a, Arrays.copyOf(datagram, sender.build(ifp, 0, n, datagram, 0)), port(s, "a"));
          byte[] relayed = receive(b);
          assertEquals(i, ((relayed[0] & 0xFF) << 8) | (relayed[1] & 0xFF), "the relay's own numbering, from 0");
        }
        JsonObject legA = end(s.sessionId()).toJson().getJsonObject("legs").getJsonObject("a");
        assertEquals(3L + session, legA.getJsonObject("packets").getLong("received"), legA.encode());
      }
      long reused = node.node.media().partsReused().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertTrue(reused - before >= 5, "the second session took the first one's 2 receivers, 2 senders and queue: " + (reused - before));
    }
  }

  /**
   * With media.prewarm_sessions the first gateway sessions of a new node already run on pooled
   * parts (made at start, so in the old generation before the load comes); without it they make
   * their own.
   */
  @Test
  void prewarmedPartsServeTheFirstGatewaySessions() throws Exception {
    assertEquals(0, partsTakenByTwoGatewaySessions(node), "a node that was not prewarmed has nothing to hand out");
    try (TestNode prewarmed = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "45000")
        .with(ConfigKey.MEDIA_PORT_MAX, "45999").with(ConfigKey.MEDIA_INSTANCES, "2")
        .with(ConfigKey.MEDIA_PREWARM_SESSIONS, "4"))) {
      long reused = partsTakenByTwoGatewaySessions(prewarmed);
      assertTrue(reused >= 2 * 8, "two gateway sessions each took at least 8 parts made at start: " + reused);
    }
  }

  /** Parts two gateway sessions, created on {@code on} and left running, took from its media threads' pools. */
  private static long partsTakenByTwoGatewaySessions(TestNode on) throws Exception {
    FaxOptClient through = new FaxOptClient(on.node.vertx());
    for (int i = 0; i < 2; i++) {
      through.create(new SessionOptions().setMode(SessionMode.GATEWAY)
          .setLeg("a", new LegOptions().setRtp("127.0.0.1:9"))
          .setLeg("b", new LegOptions().setUdptl("127.0.0.1:11"))).toCompletionStage().toCompletableFuture()
          .get(20, TimeUnit.SECONDS);
    }
    return on.node.media().partsReused().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void legsThatDoNotFitTheModeAreRefused() throws Exception {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY).setLeg("a", new LegOptions().setRtp("127.0.0.1:9"))));
    assertEquals(FaxOptError.INVALID_VALUE, ((FaxOptException) e.getCause()).error());
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 44998))) {
      e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
              .setLeg("a", new LegOptions().setRtp("127.0.0.1:9").setLocal("127.0.0.1:" + taken.getLocalPort()))
              .setLeg("b", new LegOptions().setRtp("127.0.0.1:11"))));
      assertTrue(e.getCause().getMessage().contains("cannot bind"), e.getCause().getMessage());
    }
    // a controller may not make the node bind another address or a port outside its media range (its HTTP port, say)
    for (String[] local : new String[][] {{"127.0.0.2:44100", "is not this node's media address 127.0.0.1"},
        {"[::1]:44100", "is not this node's media address"}, {"127.0.0.1:8080", "outside this node's media ports 44000..44999"},
        {"127.0.0.1:43999", "outside"}, {"127.0.0.1:45000", "outside"}}) {
      e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
              .setLeg("a", new LegOptions().setRtp("127.0.0.1:9").setLocal(local[0]))
              .setLeg("b", new LegOptions().setRtp("127.0.0.1:11"))), local[0]);
      assertEquals(FaxOptError.INVALID_VALUE, ((FaxOptException) e.getCause()).error(), local[0]);
      assertTrue(e.getCause().getMessage().contains(local[1]), e.getCause().getMessage());
    }
    assertEquals(0, node.node.media().portsInUse(), "a refused session keeps no port");
  }
}
