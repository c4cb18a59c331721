package dev.faxgate.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.results.NodeProcess;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may join a cluster: nodes with the same {@code cluster.secret} form one cluster (and place
 * sessions on each other over an event bus with TLS both ways); a node with another secret is
 * refused by Hazelcast's join check and stays alone; a process that knows the Hazelcast name but
 * holds no certificate of the cluster cannot reach a session over the bus; a clustered node on a
 * non-loopback address without secret and TLS does not start.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterProtectionTest {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private static GatewayConfig clustered(String node, String name, String secret, int port, String members) {
    return GatewayConfig.defaults().with(ConfigKey.CLUSTER_ENABLED, "true").with(ConfigKey.NODE_ID, node)
        .with(ConfigKey.CLUSTER_NAME, name).with(ConfigKey.CLUSTER_SECRET, secret)
        .with(ConfigKey.CLUSTER_PORT, Integer.toString(port)).with(ConfigKey.CLUSTER_MEMBERS, members);
  }

  @Test
  void aNodeWithAnotherSecretDoesNotJoinWhileOneWithTheSecretDoes(@TempDir Path dir) throws Exception {
    String name = "protect-" + UUID.randomUUID();
    int a = NodeProcess.freePort();
    int b = NodeProcess.freePort();
    int c = NodeProcess.freePort();
    String members = "127.0.0.1:" + a + ",127.0.0.1:" + b + ",127.0.0.1:" + c;
    Path[] tls = certificate(dir);
    try (TestNode nodeA = TestNode.start(withTls(clustered("gw-a", name, "right", a, members), tls));
        TestNode nodeB = TestNode.start(withTls(clustered("gw-b", name, "right", b, members), tls));
        TestNode nodeC = TestNode.start(withTls(clustered("gw-c", name, "wrong", c, members), tls))) {
      awaitNode(nodeA, "gw-b");
      // a create through A that names B crosses the TLS event bus and comes back
      JsonObject created = create(nodeA, new JsonObject().put("mode", "gateway").put("node", "gw-b"));
      assertEquals("gw-b", created.getString("node"), created.encode());
      // C has been reporting for as long as B has: were it a member, A would have heard it by now
      awaitNode(nodeC, "gw-c");
      Thread.sleep(3 * ClusterDirectory.REPORT_MS);
      assertEquals(Set.of("gw-a", "gw-b"), nodes(nodeA), "the node with another secret is not in A's cluster");
      assertEquals(Set.of("gw-c"), nodes(nodeC), "the node with another secret is alone");
      JsonObject refused = json(send(nodeC, "POST", "/sessions", new JsonObject().put("node", "gw-a").encode()), 404);
      assertEquals("NO_SUCH_SESSION", refused.getString("error"), refused.encode());
      assertNotEquals(ClusterSetup.clusterName(nodeA.node.config()), ClusterSetup.clusterName(nodeC.node.config()));
    }
  }

  @Test
  void aProcessWithoutTheClustersCertificateCannotReachASession(@TempDir Path dir) throws Exception {
    String name = "protect-" + UUID.randomUUID();
    int a = NodeProcess.freePort();
    int s = NodeProcess.freePort();
    String members = "127.0.0.1:" + a + ",127.0.0.1:" + s;
    Path[] tls = certificate(dir);
    GatewayConfig config = withTls(clustered("gw-a", name, "right", a, members), tls);
    Vertx stranger = null;
    try (TestNode node = TestNode.start(config)) {
      String id = create(node, new JsonObject().put("mode", "gateway")).getString("sessionId");
      // the stranger knows the Hazelcast name (so joins the member list) but has no certificate of the cluster
      var hz = ClusterSetup.hazelcast(config.with(ConfigKey.CLUSTER_PORT, Integer.toString(s)));
      stranger = Vertx.builder().with(new VertxOptions().setEventBusOptions(
              new EventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1").setPort(0)))
          .withClusterManager(new HazelcastClusterManager(hz)).buildClustered()
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      FaxOptClient client = new FaxOptClient(stranger, 3000);
      ExecutionException failed = assertThrows(ExecutionException.class,
          () -> client.get(id, "ecm").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
      assertInstanceOf(FaxOptException.class, failed.getCause(), "the request fails: " + failed.getCause());
      // while the node's own API reads it
      assertEquals("yes", json(send(node, "GET", "/sessions/" + id + "/faxopt/ecm", null), 200).getString("value"));
    } finally {
      if (stranger != null) {
        stranger.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void anUnprotectedClusterOffLoopbackDoesNotStart() {
    GatewayConfig open = GatewayConfig.defaults().with(ConfigKey.CLUSTER_ENABLED, "true")
        .with(ConfigKey.CLUSTER_HOST, "10.1.2.3");
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ClusterSetup.check(open));
    assertTrue(refused.getMessage().contains("cluster.secret"), refused.getMessage());
    IllegalStateException partial = assertThrows(IllegalStateException.class,
        () -> ClusterSetup.check(open.with(ConfigKey.CLUSTER_SECRET, "s").with(ConfigKey.CLUSTER_TLS_CERT, "c.pem")));
    assertTrue(partial.getMessage().contains("go together"), partial.getMessage());
    ClusterSetup.check(open.with(ConfigKey.CLUSTER_SECRET, "s").with(ConfigKey.CLUSTER_TLS_CERT, "c.pem")
        .with(ConfigKey.CLUSTER_TLS_KEY, "k.pem").with(ConfigKey.CLUSTER_TLS_TRUST, "c.pem"));
    ExecutionException start = assertThrows(ExecutionException.class, () -> FaxgateNode.start(open, event ->
        io.vertx.core.Future.succeededFuture()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertTrue(start.getCause().getMessage().contains("not protected"), start.getCause().getMessage());
  }

  @Test
  void theSecretChangesTheHazelcastNameAndOnlyThat() {
    GatewayConfig base = GatewayConfig.defaults().with(ConfigKey.CLUSTER_NAME, "fax");
    assertEquals("fax", ClusterSetup.clusterName(base));
    String one = ClusterSetup.clusterName(base.with(ConfigKey.CLUSTER_SECRET, "one"));
    assertTrue(one.startsWith("fax-") && !one.contains("one"), one);
    assertEquals(one, ClusterSetup.clusterName(base.with(ConfigKey.CLUSTER_SECRET, "one")));
    assertNotEquals(one, ClusterSetup.clusterName(base.with(ConfigKey.CLUSTER_SECRET, "two")));
  }

  /** A self-signed certificate (cert, key) every node presents and trusts; skips the test without openssl. */
  static Path[] certificate(Path dir) throws Exception {
    Path cert = dir.resolve("cluster-cert.pem");
    Path key = dir.resolve("cluster-key.pem");
    Process openssl;
    try {
      openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
          "-out", cert.toString(), "-subj", "/CN=faxgate-cluster", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
          "-days", "1").redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.abort("openssl not found: " + e.getMessage());
      return null;
    }
    openssl.getInputStream().readAllBytes();
    assertEquals(0, openssl.waitFor(), "openssl made a self-signed certificate");
    return new Path[] {cert, key};
  }

  private static GatewayConfig withTls(GatewayConfig config, Path[] tls) {
    return config.with(ConfigKey.CLUSTER_TLS_CERT, tls[0].toString()).with(ConfigKey.CLUSTER_TLS_KEY, tls[1].toString())
        .with(ConfigKey.CLUSTER_TLS_TRUST, tls[0].toString());
  }

  private void awaitNode(TestNode at, String node) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!nodes(at).contains(node)) {
      assertTrue(System.nanoTime() < deadline, node + " never appeared at " + at.node.config().nodeId());
      Thread.sleep(100);
    }
  }

  private Set<String> nodes(TestNode at) throws Exception {
    JsonArray nodes = json(send(at, "GET", "/sessions", null), 200).getJsonArray("nodes");
    return nodes.stream().map(o -> ((JsonObject) o).getString("node")).collect(Collectors.toSet());
  }

  private JsonObject create(TestNode node, JsonObject body) throws Exception {
    return json(send(node, "POST", "/sessions", body.encode()), 201);
  }

  private static JsonObject json(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.request().method() + " " + r.uri() + ": " + r.body());
    return new JsonObject(r.body());
  }

  private HttpResponse<String> send(TestNode node, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(30));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
