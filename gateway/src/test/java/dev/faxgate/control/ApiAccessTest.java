package dev.faxgate.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.node.FaxgateNode;
import dev.faxgate.node.TestNode;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Who may use /sessions: open only on loopback, read-write and read-only tokens, the create rate, HTTPS. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiAccessTest {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aNodeOnANonLoopbackAddressWithoutATokenRefusesToStartSayingWhy() {
    GatewayConfig open = GatewayConfig.defaults().with(ConfigKey.HTTP_HOST, "0.0.0.0").with(ConfigKey.HTTP_PORT, "0");
    ExecutionException e = assertThrows(ExecutionException.class, () -> FaxgateNode.start(open, event -> io.vertx.core.Future.succeededFuture())
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    String why = e.getCause().getMessage();
    assertTrue(why.contains("http.host is 0.0.0.0, not a loopback address, and no http.token is set")
        && why.contains("set http.token (FAXGATE_HTTP_TOKEN), or http.insecure=true"), why);
    new ApiAccess(open.with(ConfigKey.HTTP_INSECURE, "true")); // the operator's explicit choice
    new ApiAccess(open.with(ConfigKey.HTTP_TOKEN, "s3cret"));
    new ApiAccess(GatewayConfig.defaults()); // loopback: open is fine
  }

  @Test
  void aReadOnlyTokenReadsButCannotWrite() throws Exception {
    try (TestNode node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.HTTP_TOKEN, "rw1, rw2")
        .with(ConfigKey.HTTP_READ_ONLY_TOKENS, "dash"))) {
      HttpResponse<String> created = call(node.baseUrl(), "POST", "/sessions", "{}", "rw2");
      assertEquals(201, created.statusCode(), created.body());
      String id = new JsonObject(created.body()).getString("sessionId");
      assertEquals(200, call(node.baseUrl(), "GET", "/sessions/" + id, null, "dash").statusCode());
      assertEquals(200, call(node.baseUrl(), "GET", "/sessions/" + id + "/faxopt/ecm", null, "dash").statusCode());
      HttpResponse<String> put = call(node.baseUrl(), "PUT", "/sessions/" + id + "/faxopt/ecm", "no", "dash");
      assertEquals(403, put.statusCode(), put.body());
      assertEquals("FORBIDDEN", new JsonObject(put.body()).getString("error"));
      assertEquals(403, call(node.baseUrl(), "POST", "/sessions", "{}", "dash").statusCode());
      assertEquals(403, call(node.baseUrl(), "DELETE", "/sessions/" + id, null, "dash").statusCode());
      assertEquals(200, call(node.baseUrl(), "PUT", "/sessions/" + id + "/faxopt/ecm", "no", "rw1").statusCode());
      assertEquals(401, call(node.baseUrl(), "GET", "/sessions", null, "nope").statusCode());
    }
  }

  @Test
  void creatingFasterThanTheRateIs429WithRetryAfter() throws Exception {
    try (TestNode node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.HTTP_CREATE_RATE, "1"))) {
      HttpResponse<String> refused = null;
      int created = 0;
      for (int i = 0; i < 5 && refused == null; i++) { // five at once: more than 1 per second whatever the machine's pace
        HttpResponse<String> r = call(node.baseUrl(), "POST", "/sessions", "{}", null);
        if (r.statusCode() == 201) {
          created++;
        } else {
          refused = r;
        }
      }
      assertTrue(created >= 1, "the first create goes through");
      assertTrue(refused != null, "one of five creates in a row is refused");
      assertEquals(429, refused.statusCode(), refused.body());
      assertEquals("TOO_MANY_REQUESTS", new JsonObject(refused.body()).getString("error"));
      assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""), refused.headers().toString());
      assertEquals(200, call(node.baseUrl(), "GET", "/sessions", null, null).statusCode(), "reads are not limited");
    }
  }

  @Test
  void withACertificateAndKeyTheApiIsHttpsOnly(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process openssl;
    try {
      openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
          "-out", cert.toString(), "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1").redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      System.out.println("SKIPPED HTTPS test: openssl not found (" + e.getMessage() + ")");
      return;
    }
    openssl.getInputStream().readAllBytes();
    assertEquals(0, openssl.waitFor(), "openssl made a self-signed certificate");
    try (TestNode node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.HTTP_TLS_CERT, cert.toString())
        .with(ConfigKey.HTTP_TLS_KEY, key.toString()))) {
      String https = "https://127.0.0.1:" + node.node.httpPort();
      SSLContext trustAll = SSLContext.getInstance("TLS");
      trustAll.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      HttpClient tls = HttpClient.newBuilder().sslContext(trustAll).connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> health = tls.send(HttpRequest.newBuilder(URI.create(https + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), health.body());
      assertThrows(java.io.IOException.class, () -> http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/health"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()), "plain HTTP is not served");
    }
    assertThrows(ExecutionException.class, () -> FaxgateNode.start(GatewayConfig.defaults().with(ConfigKey.HTTP_PORT, "0")
        .with(ConfigKey.HTTP_TLS_CERT, cert.toString()), event -> io.vertx.core.Future.succeededFuture()).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS), "a certificate without its key");
  }

  private HttpResponse<String> call(String base, String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null && body.startsWith("{")) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
