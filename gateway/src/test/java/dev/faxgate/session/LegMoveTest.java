package dev.faxgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A leg move answers when the socket has moved, or refuses and leaves the leg as it was: over the
 * bus and over HTTP, with real far ends on loopback sockets that show where the datagrams go.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LegMoveTest {
  private static final String UNRESOLVABLE = "no-such-host.invalid"; // RFC 6761: never resolves
  private final InetAddress loopback = InetAddress.getLoopbackAddress();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private TestNode node;
  private FaxOptClient client;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "46000")
        .with(ConfigKey.MEDIA_PORT_MAX, "46999").with(ConfigKey.MEDIA_INSTANCES, "1"));
    client = new FaxOptClient(node.node.vertx());
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static DatagramSocket peer() throws Exception {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    s.setSoTimeout(3000);
    return s;
  }

  private static int port(SessionInfo s, String leg) {
    String local = s.legs().getJsonObject(leg).getString("local");
    return Integer.parseInt(local.substring(local.lastIndexOf(':') + 1));
  }

  private static String at(DatagramSocket s) {
    return "127.0.0.1:" + s.getLocalPort();
  }

  private static byte[] receive(DatagramSocket s) throws Exception {
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    s.receive(p);
    return Arrays.copyOf(p.getData(), p.getLength());
  }

  /** Nothing reaches {@code s} for half a second (what was sent before it was checked has long arrived). */
  private static void assertSilent(DatagramSocket s, String why) throws Exception {
    s.setSoTimeout(500);
    assertThrows(SocketTimeoutException.class, () -> receive(s), why);
    s.setSoTimeout(3000);
  }

  /** One UDPTL datagram holding a CNG indicator, the next in {@code sender}'s sequence. */
  private static byte[] udptl(UdptlSender sender) {
    byte[] ifp = new byte[8];
    int n = IfpCodec.encode(new IfpPacket().setIndicator(T38Indicator.CNG), 0, ifp, 0);
    byte[] datagram = new byte[64];
    return Arrays.copyOf(datagram, sender.build(ifp, 0, n, datagram, 0));
  }

  private void send(DatagramSocket from, byte[] data, int port) throws Exception {
    from.send(new DatagramPacket(data, data.length, loopback, port));
  }

  @Test
  void overTheBusTheAnswerMeansTheSocketHasMovedOrNothingHas() throws Exception {
    try (DatagramSocket a = peer(); DatagramSocket b = peer(); DatagramSocket moved = peer()) {
      SessionInfo s = await(client.create(new SessionOptions().setMode(SessionMode.T38_RELAY)
          .setLeg("a", new LegOptions().setUdptl(at(a)))
          .setLeg("b", new LegOptions().setUdptl(at(b)))));
      String id = s.sessionId();
      UdptlSender sender = new UdptlSender();
      send(a, udptl(sender), port(s, "a"));
      receive(b);

      SessionInfo after = await(client.updateLeg(id, "b", new LegOptions().setUdptl(at(moved))));
      assertEquals(at(moved), after.legs().getJsonObject("b").getString("udptl"), after.legs().encode());
      assertEquals(at(moved), after.legs().getJsonObject("b").getString("far"), "the answer shows where the socket sends");
      // the very first datagram after the answer goes to the new far end: no retry, no wait
      send(a, udptl(sender), port(s, "a"));
      assertTrue(receive(moved).length > 3);
      assertSilent(b, "the old far end hears nothing after the move");

      // a name that does not resolve: refused, and the leg is exactly as it was
      ExecutionException refused = assertThrows(ExecutionException.class,
          () -> await(client.updateLeg(id, "b", new LegOptions().setUdptl(UNRESOLVABLE + ":6000").setT38Version(3))));
      FaxOptException e = assertInstanceOf(FaxOptException.class, refused.getCause());
      assertEquals(FaxOptError.INVALID_VALUE, e.error());
      assertTrue(e.getMessage().contains("cannot resolve " + UNRESOLVABLE) && e.getMessage().contains("leg b"),
          e.getMessage());
      // another IP family than the socket's (bound to 127.0.0.1): refused, naming why
      refused = assertThrows(ExecutionException.class,
          () -> await(client.updateLeg(id, "b", new LegOptions().setUdptl("[::1]:6000"))));
      e = assertInstanceOf(FaxOptException.class, refused.getCause());
      assertEquals(FaxOptError.INVALID_VALUE, e.error());
      assertTrue(e.getMessage().contains("IPv6"), e.getMessage());
      // a wildcard address is no far end
      refused = assertThrows(ExecutionException.class,
          () -> await(client.updateLeg(id, "b", new LegOptions().setUdptl("0.0.0.0:6000"))));
      assertEquals(FaxOptError.INVALID_VALUE, assertInstanceOf(FaxOptException.class, refused.getCause()).error());

      JsonObject legB = await(client.describe(id)).legs().getJsonObject("b");
      assertEquals(at(moved), legB.getString("udptl"), legB.encode());
      assertEquals(at(moved), legB.getString("far"), legB.encode());
      assertEquals(0, legB.getInteger("t38Version"), "no option of a refused move is taken: " + legB.encode());
      send(a, udptl(sender), port(s, "a"));
      assertTrue(receive(moved).length > 3, "after a refused move the datagrams still go where they went");
      List<String> types = await(client.events(id)).stream().map(ev -> ev.getString("type")).toList();
      assertEquals(List.of("created", "leg-changed"), types, "only the move that happened is an event");

      CompletionEvent event = await(client.end(id));
      JsonObject ended = event.toJson().getJsonObject("legs").getJsonObject("b");
      assertEquals(at(moved), ended.getString("udptl"), ended.encode());
      assertEquals(at(moved), ended.getString("far"), "the completion event reports where the packets went");
    }
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One RTP packet of µ-law silence-ish audio. */
  private static byte[] rtp(int seq) {
    byte[] p = new byte[RtpPacket.HEADER_SIZE + 160];
    RtpPacket.writeHeader(p, 0, seq == 0, G711.PT_PCMU, seq, seq * 160, 0x4321);
    Arrays.fill(p, RtpPacket.HEADER_SIZE, p.length, (byte) 0x55);
    return p;
  }

  /** Sends RTP from {@code a} until {@code to} hears the relay (the audio relay plays out after its jitter delay). */
  private int audioReaches(DatagramSocket a, int port, int seq, DatagramSocket to) throws Exception {
    to.setSoTimeout(100);
    try {
      for (int i = 0; i < 100; i++) {
        send(a, rtp(seq++), port);
        try {
          byte[] got = receive(to);
          assertEquals(G711.PT_PCMU, RtpPacket.payloadType(got, 0));
          return seq;
        } catch (SocketTimeoutException notYet) {
          // the relay's playout delay: go on sending
        }
      }
      throw new AssertionError("the relay's audio never reached " + to.getLocalPort());
    } finally {
      to.setSoTimeout(3000);
    }
  }

  /** Reads and forgets whatever is queued on {@code s}. */
  private static void drain(DatagramSocket s) throws Exception {
    s.setSoTimeout(100);
    try {
      while (true) {
        receive(s);
      }
    } catch (SocketTimeoutException drained) {
      s.setSoTimeout(3000);
    }
  }

  @Test
  void overHttpTheAnswerMeansTheSocketHasMovedOrNothingHas() throws Exception {
    try (DatagramSocket a = peer(); DatagramSocket b = peer(); DatagramSocket moved = peer()) {
      HttpResponse<String> created = call("POST", "/sessions", new JsonObject().put("mode", "audio-relay")
          .put("legs", new JsonObject().put("a", new JsonObject().put("rtp", at(a)))
              .put("b", new JsonObject().put("rtp", at(b)))).encode());
      assertEquals(201, created.statusCode(), created.body());
      SessionInfo s = SessionInfo.fromJson(new JsonObject(created.body()));
      String id = s.sessionId();
      int seq = audioReaches(a, port(s, "a"), 0, b);

      HttpResponse<String> put = call("PUT", "/sessions/" + id + "/legs/b", "{\"rtp\":\"" + at(moved) + "\"}");
      assertEquals(200, put.statusCode(), put.body());
      JsonObject legB = new JsonObject(put.body()).getJsonObject("legs").getJsonObject("b");
      assertEquals(at(moved), legB.getString("rtp"), legB.encode());
      assertEquals(at(moved), legB.getString("far"), legB.encode());
      seq = audioReaches(a, port(s, "a"), seq, moved);
      drain(b); // what the relay sent before the move may still be queued there
      send(a, rtp(seq++), port(s, "a"));
      assertSilent(b, "the old far end hears nothing once the move has answered");

      HttpResponse<String> refused = call("PUT", "/sessions/" + id + "/legs/b", "{\"rtp\":\"" + UNRESOLVABLE + ":7000\"}");
      assertEquals(400, refused.statusCode(), refused.body());
      JsonObject error = new JsonObject(refused.body());
      assertEquals("INVALID_VALUE", error.getString("error"));
      assertTrue(error.getString("message").contains("cannot resolve " + UNRESOLVABLE), error.encode());
      assertTrue(error.getString("message").contains("stays at rtp " + at(moved)), error.encode());

      HttpResponse<String> described = call("GET", "/sessions/" + id, null);
      assertEquals(200, described.statusCode());
      legB = new JsonObject(described.body()).getJsonObject("legs").getJsonObject("b");
      assertEquals(at(moved), legB.getString("rtp"), legB.encode());
      assertEquals(at(moved), legB.getString("far"), legB.encode());
      drain(moved);
      audioReaches(a, port(s, "a"), seq, moved);

      HttpResponse<String> ended = call("DELETE", "/sessions/" + id, null);
      JsonObject endedB = new JsonObject(ended.body()).getJsonObject("legs").getJsonObject("b");
      assertEquals(at(moved), endedB.getString("rtp"), endedB.encode());
      assertEquals(at(moved), endedB.getString("far"), endedB.encode());
    }
  }
}
