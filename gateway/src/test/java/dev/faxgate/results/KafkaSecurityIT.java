package dev.faxgate.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.node.FaxgateNode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that speaks only SASL over TLS (SASL_SSL, PLAIN): the node reaches it through
 * kafka.properties.* alone, and a node with the wrong password delivers nothing, keeps its event
 * in the outbox and says why on /health.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaSecurityIT {
  private static final String TOPIC = "faxgate.results";
  private static final String STORE_PASSWORD = "store-secret";
  @TempDir
  Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String plainLogin(String user, String password, String users) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
        + password + "\"" + users + ";";
  }

  /** A self-signed certificate for 127.0.0.1 in a PKCS12 key store, and a trust store holding it: the JDK's keytool. */
  private void makeStores(Path keyStore, Path trustStore) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Path cert = dir.resolve("broker.crt");
    run(keytool.toString(), "-genkeypair", "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass",
        STORE_PASSWORD, "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
        "CN=faxgate-test-broker", "-ext", "SAN=ip:127.0.0.1");
    run(keytool.toString(), "-exportcert", "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass",
        STORE_PASSWORD, "-alias", "broker", "-file", cert.toString());
    run(keytool.toString(), "-importcert", "-noprompt", "-keystore", trustStore.toString(), "-storetype", "PKCS12",
        "-storepass", STORE_PASSWORD, "-alias", "broker", "-file", cert.toString());
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
  }

  private static JsonObject health(FaxgateNode node) throws Exception {
    HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body()).getJsonObject("results");
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static String oneEndedSession(FaxgateNode node) throws Exception {
    FaxOptClient client = new FaxOptClient(node.vertx());
    String id = await(client.create(new SessionOptions())).sessionId();
    await(client.end(id));
    return id;
  }

  private static FaxgateNode node(GatewayConfig config) throws Exception {
    return FaxgateNode.start(config, (vertx, registry) -> KafkaResultSink.start(vertx, config, registry))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private GatewayConfig config(String bootstrap, Map<String, String> client, String outbox) {
    GatewayConfig c = GatewayConfig.defaults().with(ConfigKey.HTTP_PORT, "0").with(ConfigKey.KAFKA_BOOTSTRAP, bootstrap)
        .with(ConfigKey.KAFKA_RETRY_SECONDS, "1").with(ConfigKey.OUTBOX_DIR, dir.resolve(outbox).toString());
    for (Map.Entry<String, String> e : client.entrySet()) {
      c = c.withKafkaProperty(e.getKey(), e.getValue());
    }
    return c;
  }

  @Test
  void aNodeReachesASaslOverTlsBrokerThroughKafkaPropertiesAndAWrongPasswordKeepsTheEvent() throws Exception {
    Path keyStore = dir.resolve("broker.p12");
    Path trustStore = dir.resolve("trust.p12");
    makeStores(keyStore, trustStore);
    int port = freePort();
    int controllerPort = freePort();
    String bootstrap = "127.0.0.1:" + port;
    Map<String, String> broker = new HashMap<>();
    broker.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    broker.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
    broker.put("inter.broker.listener.name", "SASL_SSL");
    broker.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
    broker.put("sasl.enabled.mechanisms", "PLAIN");
    broker.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    broker.put("listener.name.sasl_ssl.plain.sasl.jaas.config", plainLogin("broker", "broker-secret",
        " user_broker=\"broker-secret\" user_faxgate=\"faxgate-secret\""));
    broker.put("ssl.keystore.location", keyStore.toString());
    broker.put("ssl.keystore.type", "PKCS12");
    broker.put("ssl.keystore.password", STORE_PASSWORD);
    broker.put("ssl.key.password", STORE_PASSWORD);
    broker.put("ssl.truststore.location", trustStore.toString());
    broker.put("ssl.truststore.type", "PKCS12");
    broker.put("ssl.truststore.password", STORE_PASSWORD);
    Map<String, String> client = new HashMap<>(Map.of(
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", "PLAIN",
        "sasl.jaas.config", plainLogin("faxgate", "faxgate-secret", ""),
        "ssl.truststore.location", trustStore.toString(),
        "ssl.truststore.type", "PKCS12",
        "ssl.truststore.password", STORE_PASSWORD));
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), "127.0.0.1", port, controllerPort, broker)) {
      FaxgateNode node = node(config(bootstrap, client, "outbox"));
      String id;
      try {
        id = oneEndedSession(node);
      } finally {
        await(node.close());
      }
      Map<String, ConsumerRecord<String, String>> got = KafkaTopic.readUntil(bootstrap, client, TOPIC,
          Duration.ofSeconds(60), m -> m.containsKey(id));
      assertNotNull(got.get(id), "the event did not reach the SASL_SSL broker: " + got.keySet());
      assertEquals(id, new JsonObject(got.get(id).value()).getString("sessionId"));

      Map<String, String> wrong = new HashMap<>(client);
      wrong.put("sasl.jaas.config", plainLogin("faxgate", "not-the-password", ""));
      FaxgateNode refused = node(config(bootstrap, wrong, "outbox-refused"));
      try {
        String kept = oneEndedSession(refused);
        JsonObject health = health(refused); // the "results" part of /health
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (health.getJsonObject("kafka").getString("lastError") == null && System.nanoTime() < deadline) {
          Thread.sleep(250);
          health = health(refused);
        }
        String error = health.getJsonObject("kafka").getString("lastError");
        assertNotNull(error, "a refused login leaves no error on /health: " + health.encode());
        assertTrue(error.toLowerCase().contains("authentication"), error);
        assertEquals(1, health.getJsonObject("outbox").getInteger("events"), health.encode());
        assertTrue(KafkaTopic.readUntil(bootstrap, client, TOPIC, Duration.ofSeconds(3), m -> m.containsKey(kept))
            .get(kept) == null, "a node with the wrong password delivered its event");
        System.out.println("KafkaSecurityIT: SASL_SSL broker: event " + id + " delivered; wrong password: " + error);
      } finally {
        await(refused.close());
      }
    }
  }
}
