package dev.faxgate.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.node.TestNode;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP control API over real HTTP: every route, every error status, token on and off, /metrics. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpApiTest {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private TestNode node;
  private String token;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private void start(GatewayConfig config) throws Exception {
    node = TestNode.start(config);
  }

  private HttpResponse<String> call(String method, String path, String body, String contentType) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), BodyHandlers.ofString());
  }

  /** A body that is a JSON object goes as application/json, as a controller sends it; any other as text. */
  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    return call(method, path, body, body != null && body.startsWith("{") ? "application/json" : null);
  }

  private static JsonObject json(HttpResponse<String> r) {
    return new JsonObject(r.body());
  }

  private static void assertError(HttpResponse<String> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals(code, json(r).getString("error"), r.body());
    assertTrue(json(r).getString("message").length() > 5, r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
  }

  private String createSession() throws Exception {
    HttpResponse<String> r = call("POST", "/sessions", "{\"mode\":\"gateway\",\"faxopt\":{\"maxrate\":\"9600\"}}");
    assertEquals(201, r.statusCode(), r.body());
    return json(r).getString("sessionId");
  }

  @Test
  void theWholeApi() throws Exception {
    start(GatewayConfig.defaults());
    String id = createSession();
    assertEquals("9600", json(call("GET", "/sessions/" + id + "/faxopt/maxrate", null)).getString("value"));

    HttpResponse<String> put = call("PUT", "/sessions/" + id + "/faxopt/maxrate", "7200");
    assertEquals(200, put.statusCode(), put.body());
    assertEquals(new JsonObject().put("item", "maxrate").put("value", "7200"), json(put));
    put = call("PUT", "/sessions/" + id + "/faxopt/ecm", "{\"value\":\"off\"}", "application/json");
    assertEquals("no", json(put).getString("value"));
    put = call("PUT", "/sessions/" + id + "/faxopt/headerinfo", "ACME Fax\n", "text/plain");
    assertEquals("ACME Fax", json(put).getString("value"));
    put = call("PUT", "/sessions/" + id + "/faxopt/T38Gateway", "yes,20");
    // an alias is answered under the item's canonical name, as on the bus (issue 17)
    assertEquals(new JsonObject().put("item", "gateway").put("value", "yes,20"), json(put));
    assertEquals("yes,20", json(call("GET", "/sessions/" + id + "/faxopt/gateway", null)).getString("value"));

    JsonObject items = json(call("GET", "/sessions/" + id + "/faxopt", null)).getJsonObject("items");
    assertEquals(20, items.size());
    assertEquals("7200", items.getString("maxrate"));
    assertEquals("no", items.getString("ecm"));

    assertEquals(id, json(call("GET", "/sessions/" + id, null)).getString("sessionId"));
    HttpResponse<String> moved = call("PUT", "/sessions/" + id + "/legs/b", "{\"udptl\":\"192.0.2.9:6000\",\"ec\":\"fec\"}");
    assertEquals(200, moved.statusCode(), moved.body());
    assertEquals("fec", json(moved).getJsonObject("legs").getJsonObject("b").getString("ec"));
    assertError(call("PUT", "/sessions/" + id + "/legs/b", "{\"udptl\":\"nowhere\"}"), 400, "INVALID_VALUE");
    java.util.List<String> types = json(call("GET", "/sessions/" + id + "/events", null)).getJsonArray("events").stream()
        .map(e -> ((JsonObject) e).getString("type")).toList();
    assertEquals(java.util.List.of("created", "option-changed", "option-changed", "option-changed", "option-changed",
        "leg-changed"), types, "the session's events, oldest first");
    assertError(call("GET", "/sessions/nope/events", null), 404, "NO_SUCH_SESSION");
    assertEquals(1, json(call("GET", "/sessions", null)).getJsonArray("sessions").size());

    String metrics = call("GET", "/metrics", null).body();
    assertTrue(metrics.contains("faxgate_sessions_active{mode=\"gateway\"} 1.0"), metrics);
    assertTrue(metrics.contains("vertx_http_server_requests_total"), "Vert.x's own meters");
    assertTrue(metrics.contains("faxgate_faxopt_operations_total{operation=\"set\",outcome=\"ok\"} 4.0"), metrics);
    assertEquals("UP", json(call("GET", "/health", null)).getString("status"));

    HttpResponse<String> ended = call("DELETE", "/sessions/" + id, null);
    assertEquals(200, ended.statusCode());
    assertEquals("FAILED", json(ended).getString("status"));
    assertEquals("HANGUP", json(ended).getString("error"));
    assertEquals(id, node.nextResult().sessionId());
    assertTrue(call("GET", "/metrics", null).body().contains("faxgate_sessions_active{mode=\"gateway\"} 0.0"));
  }

  @Test
  void errorStatuses() throws Exception {
    start(GatewayConfig.defaults());
    String id = createSession();
    assertError(call("PUT", "/sessions/" + id + "/faxopt/pages", "3"), 403, "READ_ONLY");
    assertError(call("PUT", "/sessions/" + id + "/faxopt/maxrate", "28800"), 400, "NOT_SUPPORTED");
    assertError(call("PUT", "/sessions/" + id + "/faxopt/modem", "v99"), 400, "INVALID_VALUE");
    assertError(call("PUT", "/sessions/" + id + "/faxopt/minrate", "14400"), 400, "INVALID_VALUE");
    assertError(call("GET", "/sessions/" + id + "/faxopt/colour", null), 400, "UNKNOWN_ITEM");
    assertError(call("PUT", "/sessions/" + id + "/faxopt/colour", "red"), 400, "UNKNOWN_ITEM");
    assertError(call("GET", "/sessions/nope", null), 404, "NO_SUCH_SESSION");
    assertError(call("GET", "/sessions/nope/faxopt/rate", null), 404, "NO_SUCH_SESSION");
    assertError(call("PUT", "/sessions/nope/faxopt/ecm", "no"), 404, "NO_SUCH_SESSION");
    assertError(call("DELETE", "/sessions/nope", null), 404, "NO_SUCH_SESSION");
    // malformed JSON and wrong JSON types
    assertError(call("POST", "/sessions", "{\"mode\":", "application/json"), 400, "MALFORMED_REQUEST");
    assertError(call("POST", "/sessions", "[1,2]", "application/json"), 400, "MALFORMED_REQUEST");
    assertError(call("POST", "/sessions", "", "application/json"), 400, "MALFORMED_REQUEST");
    assertError(call("POST", "/sessions", "{\"mode\":42}"), 400, "MALFORMED_REQUEST");
    assertError(call("POST", "/sessions", "{\"faxopt\":{\"maxrate\":9600}}"), 400, "MALFORMED_REQUEST");
    assertError(call("POST", "/sessions", "{\"faxopt\":{\"maxrate\":\"33600\"}}"), 400, "NOT_SUPPORTED");
    assertError(call("POST", "/sessions", "{\"mode\":\"modem\"}"), 400, "INVALID_VALUE");
    assertError(call("PUT", "/sessions/" + id + "/faxopt/maxrate", "{\"value\":9600}", "application/json"), 400,
        "MALFORMED_REQUEST");
    assertError(call("PUT", "/sessions/" + id + "/faxopt/maxrate", "{\"rate\":\"9600\"}"), 400, "MALFORMED_REQUEST");
    assertError(call("PUT", "/sessions/" + id + "/faxopt/maxrate", "{9600"), 400, "MALFORMED_REQUEST");
    // oversized body
    assertError(call("POST", "/sessions", "{\"pad\":\"" + "x".repeat(70_000) + "\"}"), 413, "BODY_TOO_LARGE");
    assertEquals("9600", json(call("GET", "/sessions/" + id + "/faxopt/maxrate", null)).getString("value"));
    // a write that can no longer act: a T.38 relay edits no T.30 frame
    HttpResponse<String> relay = call("POST", "/sessions", "{\"mode\":\"t38-relay\",\"legs\":{\"a\":{\"udptl\":"
        + "\"127.0.0.1:4000\"},\"b\":{\"udptl\":\"127.0.0.1:4002\"}}}");
    assertEquals(201, relay.statusCode(), relay.body());
    String relayId = json(relay).getString("sessionId");
    HttpResponse<String> late = call("PUT", "/sessions/" + relayId + "/faxopt/maxrate", "9600");
    assertError(late, 409, "TOO_LATE");
    assertTrue(json(late).getString("message").contains("unedited"), late.body());
    assertEquals("14400", json(call("GET", "/sessions/" + relayId + "/faxopt/maxrate", null)).getString("value"));
  }

  /** Tags given at create: shown by describe and list, on every session event, on the completion event. */
  @Test
  void tagsAtCreateAreCarriedEverywhere() throws Exception {
    start(GatewayConfig.defaults());
    JsonObject tags = new JsonObject().put("sip.callId", "a84b4c76e66710@pc33.example.com").put("account", "acme")
        .put("route", "Zürich-東京").put("empty", "");
    HttpResponse<String> created = call("POST", "/sessions", new JsonObject().put("mode", "gateway").put("tags", tags).encode());
    assertEquals(201, created.statusCode(), created.body());
    assertEquals(tags, json(created).getJsonObject("tags"));
    String id = json(created).getString("sessionId");
    assertEquals(tags, json(call("GET", "/sessions/" + id, null)).getJsonObject("tags"));
    assertEquals(tags, json(call("GET", "/sessions", null)).getJsonArray("sessions").getJsonObject(0).getJsonObject("tags"));
    assertEquals(200, call("PUT", "/sessions/" + id + "/faxopt/ecm", "no").statusCode());
    HttpResponse<String> ended = call("DELETE", "/sessions/" + id, null);
    assertEquals(200, ended.statusCode(), ended.body());
    assertEquals(tags, json(ended).getJsonObject("tags"));
    assertEquals(2, json(ended).getInteger("schema"));
    assertEquals(tags, node.nextResult().toJson().getJsonObject("tags"));
    io.vertx.core.json.JsonArray events = json(call("GET", "/sessions/" + id + "/events", null)).getJsonArray("events");
    assertEquals(java.util.List.of("created", "option-changed", "ended"),
        events.stream().map(e -> ((JsonObject) e).getString("type")).toList());
    for (Object e : events) {
      assertEquals(tags, ((JsonObject) e).getJsonObject("tags"), "every event carries the tags: " + e);
    }

    String untagged = createSession();
    assertEquals(new JsonObject(), json(call("GET", "/sessions/" + untagged, null)).getJsonObject("tags"));
    assertEquals(new JsonObject(), json(call("DELETE", "/sessions/" + untagged, null)).getJsonObject("tags"));
  }

  /** Tags at each bound are taken; one beyond is 400 with the key and the bound named, and no session is left. */
  @Test
  void tagsBeyondTheirBoundsAre400() throws Exception {
    start(GatewayConfig.defaults());
    JsonObject sixteen = new JsonObject();
    for (int i = 1; i <= 16; i++) {
      sixteen.put("k" + i, "v");
    }
    JsonObject atBounds = sixteen.copy();
    atBounds.remove("k16");
    atBounds.put("k".repeat(64), "v".repeat(256));
    for (JsonObject ok : java.util.List.of(sixteen, atBounds, new JsonObject().put("k", ""))) {
      HttpResponse<String> r = call("POST", "/sessions", new JsonObject().put("tags", ok).encode());
      assertEquals(201, r.statusCode(), r.body());
      assertEquals(ok, json(r).getJsonObject("tags"));
    }
    int sessions = json(call("GET", "/sessions", null)).getJsonArray("sessions").size();

    String seventeen = new JsonObject().put("tags", sixteen.copy().put("k17", "v")).encode();
    assertTrue(message(seventeen, "INVALID_VALUE").contains("at most 16 tags"));
    assertTrue(message(new JsonObject().put("tags", new JsonObject().put("k".repeat(65), "v")).encode(), "INVALID_VALUE")
        .contains("65 characters; at most 64"));
    String longValue = message(new JsonObject().put("tags", new JsonObject().put("callId", "v".repeat(257))).encode(),
        "INVALID_VALUE");
    assertTrue(longValue.contains("'callId'") && longValue.contains("257 characters; at most 256"), longValue);
    String huge = message(new JsonObject().put("tags", new JsonObject().put("callId", "v".repeat(60_000))).encode(),
        "INVALID_VALUE");
    assertTrue(huge.length() < 200, "the value is not echoed: " + huge.length() + " characters");
    assertTrue(message(new JsonObject().put("tags", new JsonObject().put("", "v")).encode(), "INVALID_VALUE").contains("empty"));
    assertTrue(message(new JsonObject().put("tags", new JsonObject().put("call id", "v")).encode(), "INVALID_VALUE")
        .contains("'call id'"));
    String forged = message(new JsonObject().put("tags", new JsonObject().put("note", "x\nINFO faxgate - forged")).encode(),
        "INVALID_VALUE");
    assertTrue(forged.contains("'note'") && forged.contains("U+000A") && !forged.contains("forged"), forged);
    assertTrue(message(new JsonObject().put("tags", new JsonObject().put("k", new JsonObject().put("a", "b"))).encode(),
        "MALFORMED_REQUEST").contains("'k'"));
    assertTrue(message(new JsonObject().put("tags", new JsonObject().put("k", 42)).encode(), "MALFORMED_REQUEST").contains("'k'"));
    assertTrue(message("{\"tags\":[\"k\"]}", "MALFORMED_REQUEST").contains("'tags'"));
    assertTrue(message("{\"tags\":\"k=v\"}", "MALFORMED_REQUEST").contains("'tags'"));
    assertEquals(sessions, json(call("GET", "/sessions", null)).getJsonArray("sessions").size(), "a refused create leaves nothing");
  }

  private String message(String createBody, String code) throws Exception {
    HttpResponse<String> r = call("POST", "/sessions", createBody);
    assertError(r, 400, code);
    return json(r).getString("message");
  }

  @Test
  void aTerminalSessionNamesItsFilesAndFaxoptFilenamesReadThemBack() throws Exception {
    start(GatewayConfig.defaults());
    HttpResponse<String> created = call("POST", "/sessions",
        "{\"mode\":\"terminal\",\"direction\":\"send\",\"files\":[\"a.tif\",\"b.tif\"]}");
    assertEquals(201, created.statusCode(), created.body());
    String id = json(created).getString("sessionId");
    assertEquals("a.tif", json(call("GET", "/sessions/" + id + "/faxopt/filename", null)).getString("value"));
    assertEquals("a.tif,b.tif", json(call("GET", "/sessions/" + id + "/faxopt/filenames", null)).getString("value"));
    assertError(call("PUT", "/sessions/" + id + "/faxopt/filename", "c.tif"), 403, "READ_ONLY");
    HttpResponse<String> receive = call("POST", "/sessions", "{\"mode\":\"terminal\",\"direction\":\"receive\"}");
    String rid = json(receive).getString("sessionId");
    assertEquals("rx-" + rid + ".tif", json(call("GET", "/sessions/" + rid + "/faxopt/filename", null)).getString("value"),
        "a receive without a file gets a name made from the session id");
    assertError(call("POST", "/sessions", "{\"mode\":\"terminal\"}"), 400, "MALFORMED_REQUEST");
    assertError(call("POST", "/sessions", "{\"mode\":\"gateway\",\"files\":[\"a.tif\"]}"), 400, "MALFORMED_REQUEST");
  }

  @Test
  void tokenOnRequiresBearer() throws Exception {
    start(GatewayConfig.defaults().with(ConfigKey.HTTP_TOKEN, "s3cret"));
    assertError(call("POST", "/sessions", "{}"), 401, "UNAUTHORIZED");
    token = "wrong";
    assertError(call("GET", "/sessions", null), 401, "UNAUTHORIZED");
    token = "s3cret";
    String id = createSession();
    assertEquals(200, call("GET", "/sessions/" + id, null).statusCode());
    token = null;
    assertError(call("GET", "/sessions/" + id + "/faxopt", null), 401, "UNAUTHORIZED");
    assertEquals(200, call("GET", "/metrics", null).statusCode(), "the scrape endpoint needs no token");
  }

  @Test
  void tokenOffNeedsNone() throws Exception {
    start(GatewayConfig.defaults());
    assertEquals(201, call("POST", "/sessions", "{}").statusCode());
  }

  @Test
  void sessionCapAnswers503() throws Exception {
    start(GatewayConfig.defaults().with(ConfigKey.SESSIONS_MAX, "2"));
    createSession();
    createSession();
    assertError(call("POST", "/sessions", "{}"), 503, "AT_CAPACITY");
  }
}
