package dev.faxgate.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.faxopt.SessionTags;
import dev.faxgate.node.FaxgateNode;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Completion events to a real Kafka broker (KRaft, started by the test), never lost: they arrive
 * keyed and with headers, valid against the JSON Schema; they wait in the outbox through a broker
 * outage, through a SIGKILL of the gateway during the outage, and through a torn outbox record;
 * and a full outbox refuses new sessions rather than dropping results.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KafkaResultsIT {
  private static final String TOPIC = "faxgate.results";
  @TempDir
  Path dir;

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private record Broker(Path dir, int port, int controllerPort) {
    EmbeddedKafka start() throws IOException {
      return EmbeddedKafka.start(dir, "127.0.0.1", port, controllerPort);
    }

    String bootstrap() {
      return "127.0.0.1:" + port;
    }
  }

  private Broker broker() throws IOException {
    return new Broker(dir.resolve("kafka"), freePort(), freePort());
  }

  private GatewayConfig config(Broker broker) {
    return GatewayConfig.defaults().with(ConfigKey.HTTP_PORT, "0").with(ConfigKey.KAFKA_BOOTSTRAP, broker.bootstrap())
        .with(ConfigKey.KAFKA_RETRY_SECONDS, "1").with(ConfigKey.OUTBOX_DIR, dir.resolve("outbox").toString());
  }

  private static FaxgateNode node(GatewayConfig config) throws Exception {
    return FaxgateNode.start(config, (vertx, registry) -> KafkaResultSink.start(vertx, config, registry))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static List<String> endSessions(FaxgateNode node, int n) throws Exception {
    FaxOptClient client = new FaxOptClient(node.vertx());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = await(client.create(new SessionOptions())).sessionId();
      await(client.end(id));
      ids.add(id);
    }
    return ids;
  }

  private static Map<String, ConsumerRecord<String, String>> read(Broker broker, List<String> keys) {
    return KafkaTopic.readUntil(broker.bootstrap(), TOPIC, Duration.ofSeconds(90), got -> got.keySet().containsAll(keys));
  }

  private static JsonObject health(FaxgateNode node) throws Exception {
    HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(5)).build().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + node.httpPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body()).put("httpStatus", r.statusCode());
  }

  static Validator schema() throws IOException {
    try (InputStream in = CompletionEvent.class.getResourceAsStream(CompletionEvent.SCHEMA_RESOURCE)) {
      return Validator.create(JsonSchema.of(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))),
          new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://faxgate.dev/schemas/"));
    }
  }

  /** The tags the controller gave session {@code i} at create. */
  private static SessionTags tags(int i) {
    return SessionTags.of(Map.of("sip.callId", "call-" + i + "@pbx.example.com", "account", "acme", "route", "Zürich-" + i));
  }

  @Test
  void eventsArriveKeyedWithHeadersAndValid() throws Exception {
    Broker broker = broker();
    try (EmbeddedKafka kafka = broker.start()) {
      FaxgateNode node = node(config(broker));
      List<String> ids = new ArrayList<>();
      try {
        FaxOptClient client = new FaxOptClient(node.vertx());
        for (int i = 0; i < 3; i++) {
          String id = await(client.create(new SessionOptions().setTags(tags(i)))).sessionId();
          await(client.end(id));
          ids.add(id);
        }
      } finally {
        await(node.close());
      }
      Map<String, ConsumerRecord<String, String>> got = read(broker, ids);
      Validator validator = schema();
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        ConsumerRecord<String, String> r = got.get(id);
        assertNotNull(r, "no event for " + id + " in " + got.keySet());
        JsonObject event = new JsonObject(r.value());
        OutputUnit valid = validator.validate(event);
        assertTrue(valid.getValid(), valid.toString());
        assertEquals(id, event.getString("sessionId"));
        assertEquals(tags(i).toJson(), event.getJsonObject("tags"), "the tags given at create, in Kafka");
        assertEquals(2, event.getInteger("schema"));
        assertEquals("2", KafkaTopic.header(r, "schema"));
        assertEquals("gateway", KafkaTopic.header(r, "mode"));
        assertEquals("FAILED", KafkaTopic.header(r, "status"));
        assertEquals(event.getString("eventId"), KafkaTopic.header(r, "eventId"));
      }
    }
  }

  @Test
  void aBrokerOutageLosesNothing() throws Exception {
    Broker broker = broker();
    EmbeddedKafka kafka = broker.start();
    FaxgateNode node = node(config(broker));
    try {
      List<String> before = endSessions(node, 2);
      kafka.close(); // the outage
      List<String> during = endSessions(node, 3);
      JsonObject health = health(node);
      assertTrue(health.getJsonObject("results").getJsonObject("outbox").getLong("events") >= 3, health.encode());
      kafka = broker.start(); // back
      List<String> all = new ArrayList<>(before);
      all.addAll(during);
      Map<String, ConsumerRecord<String, String>> got = read(broker, all);
      assertTrue(got.keySet().containsAll(all), "missing: " + all.stream().filter(k -> !got.containsKey(k)).toList());
    } finally {
      await(node.close());
      kafka.close();
    }
  }

  @Test
  void aFullOutboxRefusesNewSessionsAndKeepsEveryResult() throws Exception {
    Broker broker = broker(); // never started: Kafka is unreachable throughout
    FaxgateNode node = node(config(broker).with(ConfigKey.OUTBOX_MAX_EVENTS, "2"));
    try {
      endSessions(node, 2);
      FaxOptClient client = new FaxOptClient(node.vertx());
      ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> await(client.create(new SessionOptions())));
      assertEquals(FaxOptError.AT_CAPACITY, ((FaxOptException) refused.getCause()).error());
      assertTrue(refused.getCause().getMessage().contains("outbox"), refused.getCause().getMessage());
      JsonObject health = health(node);
      assertEquals(503, health.getInteger("httpStatus"), health.encode());
      assertEquals("DEGRADED", health.getString("status"));
    } finally {
      await(node.close());
    }
    try (EmbeddedKafka kafka = broker.start()) {
      FaxgateNode again = node(config(broker).with(ConfigKey.OUTBOX_MAX_EVENTS, "2"));
      try {
        Map<String, ConsumerRecord<String, String>> got = KafkaTopic.readUntil(broker.bootstrap(), TOPIC,
            Duration.ofSeconds(90), m -> m.size() >= 2);
        assertEquals(2, got.size(), got.keySet().toString());
      } finally {
        await(again.close());
      }
    }
  }

  @Test
  void aTornOutboxRecordIsReportedAndIntactEventsAreSent() throws Exception {
    Broker broker = broker();
    FaxgateNode node = node(config(broker));
    List<String> ids;
    try {
      ids = endSessions(node, 3);
    } finally {
      await(node.close());
    }
    // a crash in the middle of writing a fourth record: half a record at the end of the newest segment
    Path segment;
    try (Stream<Path> files = Files.list(dir.resolve("outbox"))) {
      segment = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    byte[] whole = Files.readAllBytes(segment);
    Files.write(segment, java.util.Arrays.copyOfRange(whole, 0, Math.min(whole.length, 11)), StandardOpenOption.APPEND);
    try (EmbeddedKafka kafka = broker.start()) {
      FaxgateNode again = node(config(broker));
      try {
        JsonObject outbox = health(again).getJsonObject("results").getJsonObject("outbox");
        assertNotNull(outbox.getString("recovery"), "the torn record is reported: " + outbox.encode());
        Map<String, ConsumerRecord<String, String>> got = read(broker, ids);
        assertTrue(got.keySet().containsAll(ids), "missing: " + ids.stream().filter(k -> !got.containsKey(k)).toList());
      } finally {
        await(again.close());
      }
    }
  }

  @Test
  void aGatewayKilledDuringAnOutageSendsEverythingAfterItsRestart() throws Exception {
    Broker broker = broker(); // down while the first gateway runs
    Path jar = Path.of(System.getProperty("faxgate.jar", "target/faxgate.jar"));
    int http = freePort();
    ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar.toString(), "run").redirectErrorStream(true)
        .redirectOutput(dir.resolve("gateway.log").toFile());
    pb.environment().put("FAXGATE_HTTP_PORT", Integer.toString(http));
    pb.environment().put("FAXGATE_KAFKA_BOOTSTRAP", broker.bootstrap());
    pb.environment().put("FAXGATE_KAFKA_RETRY_SECONDS", "1");
    pb.environment().put("FAXGATE_OUTBOX_DIR", dir.resolve("outbox").toString());
    pb.environment().put("FAXGATE_MEDIA_PORT_MIN", "45000");
    pb.environment().put("FAXGATE_MEDIA_PORT_MAX", "45999");
    Process gateway = pb.start();
    List<String> ids = new ArrayList<>();
    try {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
      URI sessions = URI.create("http://127.0.0.1:" + http + "/sessions");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      HttpResponse<String> created = null;
      while (created == null) {
        try {
          created = client.send(HttpRequest.newBuilder(sessions).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
              HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException notYet) {
          assertTrue(System.nanoTime() < deadline, "gateway did not start: " + Files.readString(dir.resolve("gateway.log")));
          TimeUnit.MILLISECONDS.sleep(100);
        }
      }
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r = i == 0 ? created : client.send(HttpRequest.newBuilder(sessions)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        String id = new JsonObject(r.body()).getString("sessionId");
        HttpResponse<String> ended = client.send(HttpRequest.newBuilder(URI.create(sessions + "/" + id)).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ended.statusCode(), ended.body());
        ids.add(id);
      }
    } finally {
      gateway.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close of the outbox
      gateway.waitFor(30, TimeUnit.SECONDS);
    }
    try (EmbeddedKafka kafka = broker.start()) {
      FaxgateNode again = node(config(broker));
      try {
        Map<String, ConsumerRecord<String, String>> got = read(broker, ids);
        assertTrue(got.keySet().containsAll(ids), "missing: " + ids.stream().filter(k -> !got.containsKey(k)).toList()
            + "\n" + Files.readString(dir.resolve("gateway.log")));
      } finally {
        await(again.close());
      }
    }
  }
}
