package dev.faxgate.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.interop.Faxpeer;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * No completion event lost to a crash, none sent twice: a real node ({@code java -jar faxgate.jar
 * run}, its Kafka broker in the process) is killed with SIGKILL in the middle of a fax between two
 * spandsp terminals (a t38-relay session; RTP traffic through an audio-relay session when faxpeer
 * is not built), started again on the same data directory, and the session's one event arrives in
 * Kafka: FAILED, NODE_FAILED, with the rate and remote station id the relay had seen. A session
 * ended before the crash keeps its own event; a restart after that sends nothing more; a session
 * a SIGTERM ended gets its HANGUP event and no NODE_FAILED.
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class NodeCrashRecoveryIT {
  /** The controller's tags on the killed session: its NODE_FAILED event must still carry them. */
  private static final JsonObject TAGS = new JsonObject().put("sip.callId", "crash-1@pbx.example").put("account", "acme");

  private static final String TOPIC = "faxgate.results";
  private static final String RECOVERED = "was running when the node stopped";
  /** A stop with a session still open (a FAXOPT holder never ends by itself) drains 1 s, then ends it. */
  private static final Map<String, String> ENV = Map.of("FAXGATE_MEDIA_PORT_MIN", "46000",
      "FAXGATE_MEDIA_PORT_MAX", "46999", "FAXGATE_NODE_DRAIN_SECONDS", "1");

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aSessionOfANodeKilledMidFaxEndsNodeFailedOnceAfterTheRestart() throws Exception {
    String faxpeer = System.getenv("FAXPEER");
    boolean fax = faxpeer != null && Files.isExecutable(Path.of(faxpeer));
    if (!fax) {
      System.out.println("SKIPPED the fax of NodeCrashRecoveryIT (FAXPEER is not set to a faxpeer binary):"
          + " the node is killed during RTP traffic through an audio-relay session instead");
    }
    NodeProcess node = new NodeProcess(dir.resolve("data"), "crash-it");
    List<Faxpeer.Running> terminals = new ArrayList<>();
    try {
      node.start(ENV).awaitReady();
      String endedBefore = create(node, "{\"mode\":\"gateway\"}").getString("sessionId");
      assertEquals(200, send(node, "DELETE", "/sessions/" + endedBefore, null).statusCode());

      String killed;
      if (fax) {
        killed = startFax(node, terminals);
        // FAXOPT is live: once the DCS has passed, rate reads 14400 and the receiver's CSI is known
        awaitItem(node, killed, "rate", "14400");
        awaitItem(node, killed, "remotestationid", "faxpeer receiver");
        Thread.sleep(1000); // mid-page: TCF, CFR, then the image; the progress note is written meanwhile
      } else {
        killed = startTraffic(node);
      }
      node.kill();
      for (Faxpeer.Running t : terminals) {
        t.kill();
      }

      // the restart: the event is written before the node takes sessions, and sent before it says ready
      node.start(ENV).awaitReady();
      List<String> recovered = node.log().lines().filter(l -> l.contains(RECOVERED)).toList();
      assertEquals(1, recovered.size(), "one line per recovered session:\n" + node.log());
      assertTrue(recovered.get(0).contains(killed), recovered.get(0));
      List<JsonObject> events = readToEnd(node.bootstrap());
      JsonObject event = only(events, killed);
      assertEquals("FAILED", event.getString("status"), event.encode());
      assertEquals("NODE_FAILED", event.getString("error"), event.encode());
      assertEquals("crash-it", event.getString("node"), event.encode());
      assertTrue(KafkaResultsIT.schema().validate(event).getValid(), event.encode());
      assertEquals(TAGS, event.getJsonObject("tags"), "the controller's tags survive the crash: " + event.encode());
      if (fax) {
        assertEquals("t38-relay", event.getString("mode"), event.encode());
        assertEquals(14400, event.getInteger("rate"), event.encode());
        assertEquals("faxpeer receiver", event.getString("remotestationid"), event.encode());
      } else {
        assertEquals("audio-relay", event.getString("mode"), event.encode());
      }
      assertEquals("HANGUP", only(events, endedBefore).getString("error"), "ended before the crash: its own event");

      // a clean stop ends a running session itself: HANGUP, and the next start reports nothing
      String stopped = create(node, "{\"mode\":\"gateway\"}").getString("sessionId");
      node.stop();
      node.start(ENV).awaitReady();
      assertFalse(node.log().contains(RECOVERED), "nothing left to recover after a clean stop:\n" + node.log());
      events = readToEnd(node.bootstrap());
      assertEquals("NODE_FAILED", only(events, killed).getString("error"), "still one event for the killed session");
      assertEquals("HANGUP", only(events, stopped).getString("error"), "the SIGTERM ended it");
      node.stop();
      System.out.println("NodeCrashRecoveryIT: " + (fax ? "killed mid-fax" : "killed during traffic") + " -> "
          + event.getString("status") + " " + event.getString("error") + " rate " + event.getInteger("rate")
          + " remotestationid " + event.getString("remotestationid") + "; " + events.size() + " events in all");
    } finally {
      node.destroy();
      for (Faxpeer.Running t : terminals) {
        t.process().toHandle().destroyForcibly();
      }
    }
  }

  /**
   * SIGTERM during a fax: the node drains. /health says DRAINING and a create gets 503 DRAINING,
   * the fax runs on to its end (both terminals OK), the node exits 0, and the fax's one event
   * (SUCCESS) is in Kafka when the node starts again, with nothing to recover.
   */
  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void sigtermDrainsARunningFaxToItsEndRefusesNewSessionsAndExitsZero() throws Exception {
    String faxpeer = System.getenv("FAXPEER");
    if (faxpeer == null || !Files.isExecutable(Path.of(faxpeer))) {
      System.out.println("SKIPPED the drain test of NodeCrashRecoveryIT (FAXPEER is not set to a faxpeer binary)");
      return;
    }
    Map<String, String> drain = new java.util.HashMap<>(ENV);
    drain.put("FAXGATE_NODE_DRAIN_SECONDS", "150");
    NodeProcess node = new NodeProcess(dir.resolve("drain"), "drain-it");
    List<Faxpeer.Running> terminals = new ArrayList<>();
    try {
      node.start(drain).awaitReady();
      String id = startFax(node, terminals);
      awaitItem(node, id, "rate", "14400");
      node.signalStop();
      JsonObject health = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && (health == null || !"DRAINING".equals(health.getString("status")))) {
        HttpResponse<String> r = send(node, "GET", "/health", null);
        health = new JsonObject(r.body());
        Thread.sleep(50);
      }
      assertEquals("DRAINING", health.getString("status"), health.encode());
      HttpResponse<String> refused = send(node, "POST", "/sessions", "{\"mode\":\"gateway\"}");
      assertEquals(503, refused.statusCode(), refused.body());
      assertEquals("DRAINING", new JsonObject(refused.body()).getString("error"), refused.body());
      assertEquals(0, node.awaitExit(200), "a drained stop exits 0:\n" + node.log());
      for (Faxpeer.Running t : terminals) {
        Faxpeer.Run run = t.result().get(60, TimeUnit.SECONDS);
        assertEquals("OK", run.result().getString("status"), "the fax ran on to its end: " + run.result());
      }
      assertTrue(node.log().contains("drained: every session ended by itself"), node.log());
      node.start(ENV).awaitReady();
      assertFalse(node.log().contains(RECOVERED), "nothing to recover after a drained stop:\n" + node.log());
      JsonObject event = only(readToEnd(node.bootstrap()), id);
      assertEquals("SUCCESS", event.getString("status"), event.encode());
      assertEquals(3, event.getInteger("pages"), event.encode());
      node.stop();
      System.out.println("NodeCrashRecoveryIT: SIGTERM mid-fax -> drained, the fax ended " + event.getString("status")
          + " with " + event.getInteger("pages") + " pages, creates meanwhile " + refused.statusCode() + ", exit 0");
    } finally {
      node.destroy();
      for (Faxpeer.Running t : terminals) {
        t.process().toHandle().destroyForcibly();
      }
    }
  }

  /** A t38-relay session between faxpeer's T.38 sender and receiver, the fax under way. */
  private String startFax(NodeProcess node, List<Faxpeer.Running> terminals) throws Exception {
    Path document = dir.resolve("doc.tif");
    Faxpeer.Run made = Faxpeer.run(dir, "make-tiff", document.toString(), "--pages", "3");
    assertEquals(0, made.exit(), made.stderr());
    int senderPort = Faxpeer.freeEvenPort();
    int receiverPort = Faxpeer.freeEvenPort();
    JsonObject session = create(node, new JsonObject().put("mode", "t38-relay").put("tags", TAGS).put("legs", new JsonObject()
        .put("a", new JsonObject().put("udptl", "127.0.0.1:" + senderPort))
        .put("b", new JsonObject().put("udptl", "127.0.0.1:" + receiverPort))).encode());
    JsonObject legs = session.getJsonObject("legs");
    terminals.add(Faxpeer.launch(dir, 300, "t38-recv", "--local", "127.0.0.1:" + receiverPort, "--remote",
        legs.getJsonObject("b").getString("local"), "--out", dir.resolve("received.tif").toString()));
    terminals.add(Faxpeer.launch(dir, 300, "t38-send", "--local", "127.0.0.1:" + senderPort, "--remote",
        legs.getJsonObject("a").getString("local"), "--tiff", document.toString(), "--timeout", "120"));
    return session.getString("sessionId");
  }

  /** An audio-relay session with two seconds of G.711 RTP sent into leg a. */
  private String startTraffic(NodeProcess node) throws Exception {
    try (DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        DatagramSocket b = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      JsonObject session = create(node, new JsonObject().put("mode", "audio-relay").put("tags", TAGS).put("legs", new JsonObject()
          .put("a", new JsonObject().put("rtp", "127.0.0.1:" + a.getLocalPort()))
          .put("b", new JsonObject().put("rtp", "127.0.0.1:" + b.getLocalPort()))).encode());
      String[] local = session.getJsonObject("legs").getJsonObject("a").getString("local").split(":");
      InetSocketAddress to = new InetSocketAddress(local[0], Integer.parseInt(local[1]));
      byte[] packet = new byte[12 + 160];
      java.util.Arrays.fill(packet, 12, packet.length, (byte) 0xFF); // µ-law silence
      for (int seq = 0; seq < 100; seq++) {
        packet[0] = (byte) 0x80;
        packet[2] = (byte) (seq >> 8);
        packet[3] = (byte) seq;
        int ts = seq * 160;
        packet[4] = (byte) (ts >>> 24);
        packet[5] = (byte) (ts >>> 16);
        packet[6] = (byte) (ts >>> 8);
        packet[7] = (byte) ts;
        packet[11] = 1;
        a.send(new DatagramPacket(packet, packet.length, to));
        Thread.sleep(20);
      }
      return session.getString("sessionId");
    }
  }

  private void awaitItem(NodeProcess node, String id, String item, String value) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String read = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = send(node, "GET", "/sessions/" + id + "/faxopt/" + item, null);
      read = new JsonObject(r.body()).getString("value");
      if (value.equals(read)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(item + " never read " + value + " (last: " + read + ")\n" + node.log());
  }

  private JsonObject create(NodeProcess node, String body) throws Exception {
    HttpResponse<String> r = send(node, "POST", "/sessions", body);
    assertEquals(201, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private HttpResponse<String> send(NodeProcess node, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.http() + path)).timeout(Duration.ofSeconds(30));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The one event (by eventId: a consumer's de-duplication) of a session; fails when it has none or several. */
  private static JsonObject only(List<JsonObject> events, String sessionId) {
    List<JsonObject> of = events.stream().filter(e -> sessionId.equals(e.getString("sessionId"))).toList();
    long distinct = of.stream().map(e -> e.getString("eventId")).distinct().count();
    assertEquals(1, distinct, "events of session " + sessionId + ": " + of);
    return of.get(0);
  }

  /** Every event on the topic, from the beginning up to the end offsets as they stand now. */
  private static List<JsonObject> readToEnd(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "crash-it-" + UUID.randomUUID());
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    List<JsonObject> events = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        assertTrue(System.nanoTime() < deadline, "the topic could not be read to its end");
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          events.add(new JsonObject(r.value()));
        }
      }
    } catch (RuntimeException e) {
      throw new AssertionError("reading " + TOPIC + " from " + bootstrap + ": " + e, e);
    }
    return events;
  }
}
