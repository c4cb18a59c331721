package dev.faxgate.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.node.TestNode;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP API against a client that does not play by the rules, over raw sockets so every byte is
 * the test's: a web page's cross-site request or DNS-rebound name, bodies that are not declared JSON,
 * paths that do not decode, methods and routes that do not exist, values built to forge log lines or
 * fill them, and a client that trickles its request. Each gets the API's JSON error and a closed door.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileClientTest {
  private TestNode node;
  private int port;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private void start(GatewayConfig config) throws Exception {
    node = TestNode.start(config);
    port = URI.create(node.baseUrl()).getPort();
  }

  /** One raw HTTP/1.1 exchange; {@code headers} are extra header lines. */
  private Reply sendAs(String host, String method, String path, String body, String... headers) throws Exception {
    StringBuilder req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    req.append("Host: ").append(host).append("\r\nConnection: close\r\n");
    for (String h : headers) {
      req.append(h).append("\r\n");
    }
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      req.append("Content-Length: ").append(content.length).append("\r\n");
    }
    req.append("\r\n");
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(all.substring(9, 12));
      int split = all.indexOf("\r\n\r\n");
      return new Reply(status, all.substring(0, split), all.substring(split + 4));
    }
  }

  private Reply send(String method, String path, String body, String... headers) throws Exception {
    return sendAs("127.0.0.1:" + port, method, path, body, headers);
  }

  private record Reply(int status, String head, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    void isError(int expected, String code) {
      assertEquals(expected, status, head + "\n" + body);
      assertTrue(head.toLowerCase().contains("content-type: application/json"), head);
      assertEquals(code, json().getString("error"), body);
    }
  }

  @Test
  void aWebPageCannotDriveTheApiOnTheLoopbackDefault() throws Exception {
    start(GatewayConfig.defaults());
    String json = "Content-Type: application/json";
    sendAs("evil.example:" + port, "POST", "/sessions", "{}", json).isError(403, "HOST_NOT_ALLOWED");
    send("POST", "/sessions", "{}", json, "Origin: https://evil.example").isError(403, "ORIGIN_NOT_ALLOWED");
    send("POST", "/sessions", "{}", "Content-Type: text/plain").isError(415, "UNSUPPORTED_MEDIA_TYPE");
    send("POST", "/sessions", "mode=gateway", "Content-Type: application/x-www-form-urlencoded")
        .isError(415, "UNSUPPORTED_MEDIA_TYPE");
    send("POST", "/sessions", null).isError(415, "UNSUPPORTED_MEDIA_TYPE");
    Reply created = send("POST", "/sessions", "{}", "Content-Type: application/json; charset=utf-8");
    assertEquals(201, created.status(), created.body());
    String id = created.json().getString("sessionId");
    send("PUT", "/sessions/" + id + "/legs/a", "{\"rtp\":\"127.0.0.1:9\"}", "Content-Type: text/plain")
        .isError(415, "UNSUPPORTED_MEDIA_TYPE");
    assertEquals(200, sendAs("localhost:" + port, "GET", "/health", null).status(), "the loopback names are served");
    assertEquals(200, sendAs("[::1]:" + port, "GET", "/sessions", null).status());
  }

  @Test
  void configuredHostsAndOriginsAreServed() throws Exception {
    start(GatewayConfig.defaults().with(ConfigKey.HTTP_ALLOWED_HOSTS, "faxgate.internal")
        .with(ConfigKey.HTTP_ALLOWED_ORIGINS, "https://ops.example.com"));
    assertEquals(201, sendAs("faxgate.internal:" + port, "POST", "/sessions", "{}", "Content-Type: application/json",
        "Origin: https://ops.example.com").status());
    send("GET", "/sessions", null).isError(403, "HOST_NOT_ALLOWED");
  }

  @Test
  void whatNoRouteTakesIsAJsonErrorAndABadPathIsNoStackTrace() throws Exception {
    start(GatewayConfig.defaults());
    send("GET", "/nope", null).isError(404, "NOT_FOUND");
    send("DELETE", "/health", null).isError(405, "METHOD_NOT_ALLOWED");
    send("PATCH", "/sessions", null).isError(405, "METHOD_NOT_ALLOWED");
    java.io.PrintStream stderr = System.err; // slf4j-simple writes to System.err as it is at each line
    java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(logged, true, StandardCharsets.UTF_8));
    try {
      send("GET", "/sessions/%zz", null).isError(400, "MALFORMED_REQUEST");
      send("GET", "/sessions/%zz/faxopt/ecm", null).isError(400, "MALFORMED_REQUEST");
    } finally {
      System.setErr(stderr);
    }
    String log = logged.toString(StandardCharsets.UTF_8);
    assertTrue(!log.contains("ERROR") && !log.contains("\tat "), "a client's bad path is not an ERROR with a stack trace: " + log);
  }

  @Test
  void headIsAnsweredWhereGetIs() throws Exception {
    start(GatewayConfig.defaults());
    Reply health = send("HEAD", "/health", null);
    assertEquals(200, health.status(), health.head());
    assertEquals("", health.body());
    Reply metrics = send("HEAD", "/metrics", null);
    assertEquals(200, metrics.status(), metrics.head());
    assertTrue(metrics.head().toLowerCase().contains("content-type: text/plain"), metrics.head());
  }

  @Test
  void theBearerSchemeIsCaseInsensitive() throws Exception {
    start(GatewayConfig.defaults().with(ConfigKey.HTTP_TOKEN, "s3cret"));
    assertEquals(200, send("GET", "/sessions", null, "Authorization: bearer s3cret").status());
    assertEquals(200, send("GET", "/sessions", null, "Authorization: BEARER s3cret").status());
    send("GET", "/sessions", null, "Authorization: bearer s3cre").isError(401, "UNAUTHORIZED");
    send("GET", "/sessions", null, "Authorization: Basic s3cret").isError(401, "UNAUTHORIZED");
  }

  @Test
  void valuesAreAsciiAndNeverEchoedRawOrWhole() throws Exception {
    start(GatewayConfig.defaults());
    String id = send("POST", "/sessions", "{}", "Content-Type: application/json").json().getString("sessionId");
    for (String value : new String[] {"\u0669\u0666\u0660\u0660", "\uff11\uff10\uff10\uff10"}) {
      send("PUT", "/sessions/" + id + "/faxopt/maxrate", value, "Content-Type: text/plain; charset=utf-8")
          .isError(400, "INVALID_VALUE");
    }
    Reply forged = send("PUT", "/sessions/" + id + "/faxopt/headerinfo",
        "{\"value\":\"ACME\\r\\n2026-12-07 INFO forged\\u202e\\u0000\"}", "Content-Type: application/json");
    forged.isError(400, "INVALID_VALUE");
    String message = forged.json().getString("message");
    assertTrue(message.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "escaped: " + message);
    assertTrue(message.contains("ACME\\u000D\\u000A2026"), message);
    Reply huge = send("PUT", "/sessions/" + id + "/faxopt/minrate", "9".repeat(65_000), "Content-Type: text/plain");
    huge.isError(400, "INVALID_VALUE");
    assertTrue(huge.body().length() < 400, "a 65 KB value is not echoed whole: " + huge.body().length() + " bytes");
    Reply alias = send("GET", "/sessions/" + id + "/faxopt/t38gateway", null);
    assertEquals("gateway", alias.json().getString("item"), "the canonical name, as the bus answers");
  }

  @Test
  void aClientThatTricklesItsRequestIsCutOff() throws Exception {
    start(GatewayConfig.defaults().with(ConfigKey.HTTP_REQUEST_TIMEOUT_SECONDS, "1"));
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      String request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
      int sent = 0;
      boolean closed = false;
      // one byte every 200 ms, for up to 20 s: the node closes the connection long before the headers end
      for (int i = 0; i < 100 && !closed; i++) {
        try {
          out.write(i < request.length() ? request.charAt(i) : 'a');
          out.flush();
          sent++;
        } catch (java.io.IOException e) {
          closed = true;
          break;
        }
        Thread.sleep(200);
        if (in.available() > 0 || s.isInputShutdown()) {
          break;
        }
      }
      if (!closed) {
        closed = in.read() == -1; // the server's FIN: read returns -1 at once
      }
      assertTrue(closed, "the trickling client's connection was closed (it sent " + sent + " bytes)");
    }
  }
}
