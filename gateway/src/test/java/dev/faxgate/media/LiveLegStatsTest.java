package dev.faxgate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.node.TestNode;
import dev.faxgate.relay.LegStats;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A running session's legs, read while real datagrams flow: describe (bus and HTTP) shows each
 * leg's counters as they stand, the node's outcome meters advance before the session ends (a real
 * scrape of /metrics), and once it has ended they hold exactly what its completion event says.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LiveLegStatsTest {
  private final InetAddress loopback = InetAddress.getLoopbackAddress();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private TestNode node;
  private FaxOptClient client;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "47000")
        .with(ConfigKey.MEDIA_PORT_MAX, "47999").with(ConfigKey.MEDIA_INSTANCES, "1"));
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

  private void send(DatagramSocket from, byte[] data, int port) throws Exception {
    from.send(new DatagramPacket(data, data.length, loopback, port));
  }

  /** Every {@code faxgate_media_packets_outcome_total} series of a real scrape, keyed "transport outcome". */
  private Map<String, Long> outcomes() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    Map<String, Long> series = new HashMap<>();
    r.body().lines().filter(l -> l.startsWith("faxgate_media_packets_outcome_total{")).forEach(l -> {
      String transport = label(l, "transport");
      String outcome = label(l, "outcome");
      series.put(transport + " " + outcome, (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)));
    });
    assertEquals(2 * LegStats.METERED_COUNT, series.size(), "every transport and outcome is a series: " + series);
    return series;
  }

  private static String label(String line, String name) {
    int at = line.indexOf(name + "=\"") + name.length() + 2;
    return line.substring(at, line.indexOf('"', at));
  }

  /** The meter's series name of a statistics key: recoveredRedundancy -> recovered-redundancy. */
  private static String seriesOf(String transport, String key) {
    return transport + " " + key.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
  }

  /** Scrapes until {@code series} has grown by {@code expected} since {@code before}; fails after 20 s. */
  private void awaitMeter(Map<String, Long> before, String series, long expected) throws Exception {
    long grown = -1;
    for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; Thread.sleep(200)) {
      grown = outcomes().get(series) - before.get(series);
      if (grown >= expected) {
        break;
      }
    }
    assertEquals(expected, grown, series + " did not reach its value while the session ran");
  }

  /** Describes over the bus until leg {@code leg}'s packets satisfy {@code ready}; fails after 20 s. */
  private JsonObject awaitPackets(String id, String leg, Predicate<JsonObject> ready) throws Exception {
    JsonObject packets = null;
    for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
      SessionInfo s = await(client.describe(id));
      assertEquals(SessionInfo.State.ACTIVE, s.state());
      packets = s.legs().getJsonObject(leg).getJsonObject("packets");
      if (packets != null && ready.test(packets)) {
        return packets;
      }
    }
    throw new AssertionError("leg " + leg + "'s packets never got there: " + packets);
  }

  /**
   * The node's outcome meters grew, from {@code before} to the end of the session, by exactly what
   * its completion event reports: what was added while it ran is not added again.
   */
  private void assertMetersMatch(Map<String, Long> before, CompletionEvent event, String transport) throws Exception {
    Map<String, Long> after = outcomes();
    JsonObject legs = event.toJson().getJsonObject("legs");
    for (String key : LegStats.METERED) {
      long reported = 0;
      for (String leg : legs.fieldNames()) {
        Long n = legs.getJsonObject(leg).getJsonObject("packets").getLong(key);
        reported += n == null ? 0 : n;
      }
      String series = seriesOf(transport, key);
      assertEquals(reported, after.get(series) - before.get(series), series + ": meters against " + legs.encode());
    }
  }

  @Test
  void aT38RelaysLegsAreCountedAsTheyGo() throws Exception {
    try (DatagramSocket a = peer(); DatagramSocket b = peer()) {
      Map<String, Long> before = outcomes();
      SessionInfo s = await(client.create(new SessionOptions().setMode(SessionMode.T38_RELAY)
          .setLeg("a", new LegOptions().setUdptl("127.0.0.1:" + a.getLocalPort()))
          .setLeg("b", new LegOptions().setUdptl("127.0.0.1:" + b.getLocalPort()))));
      String id = s.sessionId();
      UdptlSender sender = new UdptlSender(); // redundancy: each datagram carries the 3 IFPs before it
      byte[][] datagrams = new byte[18][];
      for (int seq = 0; seq < datagrams.length; seq++) {
        datagrams[seq] = udptl(sender);
      }
      // every other datagram of seq 0..8: the receiver rebuilds 1, 3, 5, 7 from the next one's secondaries
      for (int seq = 0; seq <= 8; seq += 2) {
        send(a, datagrams[seq], port(s, "a"));
      }
      JsonObject legA = awaitPackets(id, "a", p -> p.getLong("received") == 5);
      assertEquals(4L, legA.getLong("recoveredRedundancy"), legA.encode());
      assertEquals(0L, legA.getLong("lost"), legA.encode());
      assertEquals(0L, legA.getLong("t30Frames"), legA.encode());
      awaitPackets(id, "b", p -> p.getLong("sent") == 9); // every IFP, the rebuilt ones too, went on to leg b
      awaitMeter(before, "udptl recovered-redundancy", 4);

      // seq 9, then 14..17: 11..13 are in 14's secondaries, 10 is in none: lost
      send(a, datagrams[9], port(s, "a"));
      for (int seq = 14; seq < 18; seq++) {
        send(a, datagrams[seq], port(s, "a"));
      }
      legA = awaitPackets(id, "a", p -> p.getLong("received") == 10 && p.getLong("lost") == 1);
      assertEquals(7L, legA.getLong("recoveredRedundancy"), legA.encode());
      awaitMeter(before, "udptl recovered-redundancy", 7);
      awaitMeter(before, "udptl lost", 1);

      CompletionEvent event = await(client.end(id));
      JsonObject ended = event.toJson().getJsonObject("legs").getJsonObject("a").getJsonObject("packets");
      assertEquals(7L, ended.getLong("recoveredRedundancy"), ended.encode());
      assertEquals(1L, ended.getLong("lost"), ended.encode());
      assertMetersMatch(before, event, "udptl");
    }
  }

  private static byte[] udptl(UdptlSender sender) {
    byte[] ifp = new byte[8];
    int n = IfpCodec.encode(new IfpPacket().setIndicator(T38Indicator.CNG), 0, ifp, 0);
    byte[] datagram = new byte[64];
    return Arrays.copyOf(datagram, sender.build(ifp, 0, n, datagram, 0));
  }

  private JsonObject describeOverHttp(String id) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/sessions/" + id))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  @Test
  void anAudioRelaysLegsAreCountedAsTheyGo() throws Exception {
    try (DatagramSocket a = peer(); DatagramSocket b = peer()) {
      Map<String, Long> before = outcomes();
      SessionInfo s = await(client.create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
          .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + a.getLocalPort()))
          .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + b.getLocalPort()))));
      String id = s.sessionId();
      byte[] p = new byte[RtpPacket.HEADER_SIZE + 160];
      Arrays.fill(p, RtpPacket.HEADER_SIZE, p.length, G711.linearToUlaw((short) 1000));
      long start = System.nanoTime();
      JsonObject midway = null;
      for (int seq = 0; seq < 150; seq++) {
        if (seq % 10 != 5) { // one packet in ten never sent: its frame is played as fill, lost
          RtpPacket.writeHeader(p, 0, seq == 0, G711.PT_PCMU, seq, seq * 160, 0x77);
          send(a, p, port(s, "a"));
        }
        if (seq == 75) {
          midway = describeOverHttp(id).getJsonObject("legs").getJsonObject("a");
        }
        LockSupport.parkNanos(Math.max(0, start + (seq + 1) * 20_000_000L - System.nanoTime()));
      }
      JsonObject packets = midway.getJsonObject("packets");
      assertTrue(packets.getLong("received") > 0 && packets.getLong("received") <= 75, midway.encode());
      assertTrue(packets.containsKey("jitterMs") && packets.containsKey("late") && packets.containsKey("duplicates"),
          packets.encode());
      assertEquals("127.0.0.1:" + a.getLocalPort(), midway.getString("far"), midway.encode());
      JsonObject later = describeOverHttp(id).getJsonObject("legs").getJsonObject("a").getJsonObject("packets");
      assertTrue(later.getLong("received") > packets.getLong("received"), "the counters advance: " + packets + " then " + later);
      assertTrue(later.getLong("lost") >= 10, "at least the 14 frames never sent but those at the start: " + later.encode());
      assertTrue(describeOverHttp(id).getJsonObject("legs").getJsonObject("b").getJsonObject("packets")
          .getLong("sent") > 0, "leg b's sent count is live too");
      // the meters have the lost frames while the session runs
      long lostSoFar = later.getLong("lost");
      Map<String, Long> now = outcomes();
      for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end
          && now.get("rtp lost") - before.get("rtp lost") < lostSoFar; Thread.sleep(200)) {
        now = outcomes();
      }
      assertTrue(now.get("rtp lost") - before.get("rtp lost") >= lostSoFar, "rtp lost meter " + now + " against " + later);
      assertEquals(SessionInfo.State.ACTIVE, await(client.describe(id)).state(), "all of that before the session ended");

      CompletionEvent event = await(client.end(id));
      assertMetersMatch(before, event, "rtp");
    }
  }
}
