package dev.faxgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.BusAddresses;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.FaxOptMessages;
import dev.faxgate.faxopt.FaxStatus;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.faxopt.SessionTags;
import dev.faxgate.node.TestNode;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sessions and FAXOPT over the event bus, as a controller in the same node sees them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionBusTest {
  private TestNode node;
  private FaxOptClient client;
  private EventBus bus;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.SESSIONS_MAX, "3"));
    client = new FaxOptClient(node.node.vertx(), 5000);
    bus = node.node.vertx().eventBus();
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static FaxOptException failure(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (java.util.concurrent.ExecutionException e) {
      return assertInstanceOf(FaxOptException.class, e.getCause());
    }
    throw new AssertionError("expected a failure");
  }

  private String create(SessionOptions options) throws Exception {
    return await(client.create(options)).sessionId();
  }

  @Test
  void createReadWriteDescribeEnd() throws Exception {
    SessionInfo info = await(client.create(new SessionOptions().setMode(SessionMode.GATEWAY)
        .setLeg("a", new LegOptions().setRtp("127.0.0.1:4000")).putFaxopt("maxrate", "9600").putFaxopt("ECM", "no")));
    String id = info.sessionId();
    assertEquals(SessionInfo.State.ACTIVE, info.state());
    assertEquals("9600", info.faxopt().getString("maxrate"));
    assertEquals("127.0.0.1:4000", info.legs().getJsonObject("a").getString("rtp"));

    assertEquals("no", await(client.get(id, "ecm")));
    assertEquals(id, await(client.get(id, "sessionid")));
    assertEquals("7200", await(client.set(id, "maxrate", "7200")));
    assertEquals("V17,V29", await(client.set(id, "modems", "v29,v17")));
    assertEquals("V17,V29", await(client.get(id, "MODEM")));
    assertEquals("yes", await(client.set(id, "negotiate_both", "yes")));
    assertEquals("yes", await(client.get(id, "negotiate_both")));
    assertEquals("no", await(client.set(id, "negotiate_both", "no")));
    assertEquals("no", await(client.get(id, "negotiate_both")));
    assertEquals("yes,30", await(client.set(id, "t38_gateway", "yes,30")));
    assertEquals("yes,30", await(client.get(id, "gateway")));

    Map<String, String> all = await(client.getAll(id));
    assertEquals(20, all.size());
    assertEquals("", all.get("status"));
    assertEquals("0", all.get("pages"));

    assertEquals(1, await(client.list()).size());
    assertEquals(id, await(client.describe(id)).sessionId());

    CompletionEvent event = await(client.end(id));
    assertEquals(FaxStatus.FAILED, event.status());
    assertEquals("HANGUP", event.error());
    assertEquals("7200", event.toJson().getJsonObject("faxopt").getString("maxrate"));
    assertEquals(List.of(event), node.results);
    // ended sessions still read their results, refuse writes, and end again to the same event
    assertEquals("FAILED", await(client.get(id, "status")));
    assertEquals(FaxOptError.SESSION_ENDED, failure(client.set(id, "ecm", "yes")).error());
    assertEquals(event, await(client.end(id)));
    assertEquals(SessionInfo.State.ENDED, await(client.describe(id)).state());
    assertEquals(1, node.results.size());
  }

  @Test
  void refusalsCarryStableCodes() throws Exception {
    String id = create(new SessionOptions());
    assertEquals(FaxOptError.NOT_SUPPORTED, failure(client.set(id, "maxrate", "28800")).error());
    assertEquals(FaxOptError.INVALID_VALUE, failure(client.set(id, "modem", "v99")).error());
    assertEquals("V17,V27,V29", await(client.get(id, "modem")));
    await(client.set(id, "maxrate", "9600"));
    FaxOptException above = failure(client.set(id, "minrate", "14400"));
    assertEquals(FaxOptError.INVALID_VALUE, above.error());
    assertTrue(above.getMessage().contains("minrate"), above.getMessage());
    assertEquals("4800", await(client.get(id, "minrate")));
    assertEquals(FaxOptError.READ_ONLY, failure(client.set(id, "pages", "2")).error());
    assertEquals(FaxOptError.READ_ONLY, failure(client.set(id, "status", "SUCCESS")).error());
    assertEquals(FaxOptError.UNKNOWN_ITEM, failure(client.get(id, "colour")).error());
    assertEquals(FaxOptError.UNKNOWN_ITEM, failure(client.set(id, "colour", "red")).error());
  }

  @Test
  void unknownSessionFailsFast() throws Exception {
    // NO_SUCH_SESSION, not INTERNAL: the bus answered "no handlers" at once rather than timing out
    assertEquals(FaxOptError.NO_SUCH_SESSION, failure(client.get("no-such-session", "rate")).error());
    assertEquals(FaxOptError.NO_SUCH_SESSION, failure(client.set("no-such-session", "ecm", "no")).error());
    assertEquals(FaxOptError.NO_SUCH_SESSION, failure(client.end("no-such-session")).error());
    assertEquals(FaxOptError.NO_SUCH_SESSION, failure(client.describe("no-such-session")).error());
  }

  @Test
  void malformedMessagesAreRefusedAndHarmless() throws Exception {
    String id = create(new SessionOptions());
    String address = BusAddresses.faxopt(id);
    for (Object body : List.of("get rate", new JsonArray().add("get"), new JsonObject(),
        new JsonObject().put("op", "fly"), new JsonObject().put("op", 3),
        new JsonObject().put("op", "get").put("item", 5),
        new JsonObject().put("op", "set").put("item", "maxrate").put("value", 9600),
        new JsonObject().put("op", "set").put("item", "maxrate"),
        new JsonObject().put("op", "set").put("value", "9600"))) {
      FaxOptException e = failure(bus.request(address, body).recover(f -> Future.failedFuture(FaxOptException.from(f, address))));
      assertEquals(FaxOptError.MALFORMED_REQUEST, e.error(), body + " -> " + e.getMessage());
    }
    for (Object body : List.of("{}", new JsonObject().put("mode", 7), new JsonObject().put("faxopt", new JsonObject().put("ecm", true)))) {
      FaxOptException e = failure(bus.request(BusAddresses.SESSION_CREATE, body)
          .recover(f -> Future.failedFuture(FaxOptException.from(f, "create"))));
      assertEquals(FaxOptError.MALFORMED_REQUEST, e.error(), body + " -> " + e.getMessage());
    }
    FaxOptException e = failure(bus.request(BusAddresses.SESSION_END, new JsonObject().put("id", id))
        .recover(f -> Future.failedFuture(FaxOptException.from(f, "end"))));
    assertEquals(FaxOptError.MALFORMED_REQUEST, e.error());
    // the session and the node are unharmed
    assertEquals("14400", await(client.get(id, "maxrate")));
  }

  @Test
  void anInvalidInitialValueRefusesTheCreateWithTheReason() throws Exception {
    FaxOptException e = failure(client.create(new SessionOptions().putFaxopt("maxrate", "33600")));
    assertEquals(FaxOptError.NOT_SUPPORTED, e.error());
    assertTrue(e.getMessage().contains("maxrate") && e.getMessage().contains("V.34"), e.getMessage());
    assertEquals(FaxOptError.INVALID_VALUE, failure(client.create(new SessionOptions().putFaxopt("modem", ""))).error());
    assertEquals(FaxOptError.READ_ONLY, failure(client.create(new SessionOptions().putFaxopt("pages", "1"))).error());
    assertEquals(0, node.node.activeSessions());
  }

  @Test
  void sessionCapRefusesOneMore() throws Exception {
    for (int i = 0; i < 3; i++) {
      create(new SessionOptions());
    }
    FaxOptException e = failure(client.create(new SessionOptions()));
    assertEquals(FaxOptError.AT_CAPACITY, e.error());
    String first = await(client.list()).get(0).sessionId();
    await(client.end(first));
    assertNotNull(create(new SessionOptions()));
  }

  @Test
  void lifecycleEventsAndResultsArePublished() throws Exception {
    BlockingQueue<JsonObject> results = new LinkedBlockingQueue<>();
    await(bus.<JsonObject>consumer(BusAddresses.RESULTS, m -> results.add(m.body())).completion());
    String id = create(new SessionOptions());
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    await(bus.<JsonObject>consumer(BusAddresses.sessionEvents(id), m -> events.add(m.body())).completion());
    await(client.set(id, "ecm", "no"));
    await(client.end(id));
    JsonObject changed = events.poll(20, TimeUnit.SECONDS);
    assertEquals("option-changed", changed.getString("type"));
    assertEquals("ecm", changed.getString("item"));
    assertEquals("no", changed.getString("value"));
    JsonObject ended = events.poll(20, TimeUnit.SECONDS);
    assertEquals("ended", ended.getString("type"));
    assertEquals(id, ended.getJsonObject("result").getString("sessionId"));
    JsonObject result = results.poll(20, TimeUnit.SECONDS);
    assertEquals(id, result.getString("sessionId"));
    assertEquals("FAILED", result.getString("status"));
  }

  @Test
  void aLegSwitchedToT38IsAT38DetectionWhenFaxdetectWatchesForIt() throws Exception {
    String watched = create(new SessionOptions().putFaxopt("faxdetect", "t38"));
    String unwatched = create(new SessionOptions().putFaxopt("faxdetect", "cng"));
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    for (String id : List.of(watched, unwatched)) {
      await(bus.<JsonObject>consumer(BusAddresses.sessionEvents(id), m -> events.add(m.body())).completion());
    }
    SessionInfo info = await(client.updateLeg(watched, "b", new LegOptions().setUdptl("192.0.2.7:5000").setT38Version(3)));
    assertEquals("192.0.2.7:5000", info.legs().getJsonObject("b").getString("udptl"));
    await(client.updateLeg(unwatched, "b", new LegOptions().setUdptl("192.0.2.8:5000")));
    List<JsonObject> seen = new java.util.ArrayList<>();
    for (JsonObject e; (e = events.poll(2, TimeUnit.SECONDS)) != null; ) {
      seen.add(e);
    }
    List<JsonObject> detections = seen.stream().filter(e -> "detection".equals(e.getString("type"))).toList();
    assertEquals(1, detections.size(), seen.toString());
    assertEquals(watched, detections.get(0).getString("sessionId"));
    assertEquals("t38", detections.get(0).getString("tone"));
    assertEquals("b", detections.get(0).getString("leg"));
    assertEquals(2, seen.stream().filter(e -> "leg-changed".equals(e.getString("type"))).count());
    assertEquals(FaxOptError.MALFORMED_REQUEST,
        failure(client.updateLeg(watched, "c", new LegOptions())).error());
  }

  /** The bus create takes tags; describe, every session event and the completion event carry them. */
  @Test
  void tagsGivenAtCreateAreOnEveryEvent() throws Exception {
    SessionTags tags = SessionTags.of(Map.of("sip.callId", "a84b4c76e66710@pc33.example.com", "account", "acme"));
    BlockingQueue<JsonObject> results = new LinkedBlockingQueue<>();
    await(bus.<JsonObject>consumer(BusAddresses.RESULTS, m -> results.add(m.body())).completion());
    SessionInfo info = await(client.create(new SessionOptions().setTags(tags).putFaxopt("faxdetect", "t38")));
    String id = info.sessionId();
    assertEquals(tags, info.tags());
    assertEquals(tags, await(client.describe(id)).tags());
    assertEquals(tags.toJson(), await(bus.<JsonObject>request(BusAddresses.SESSION_DESCRIBE, FaxOptMessages.sessionId(id)))
        .body().getJsonObject("tags"), "the raw bus answer");
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    await(bus.<JsonObject>consumer(BusAddresses.sessionEvents(id), m -> events.add(m.body())).completion());
    await(client.set(id, "ecm", "no"));
    await(client.updateLeg(id, "b", new LegOptions().setUdptl("192.0.2.7:5000")));
    CompletionEvent event = await(client.end(id));
    assertEquals(tags, event.tags());
    assertEquals(tags, node.nextResult().tags());
    assertEquals(tags.toJson(), results.poll(20, TimeUnit.SECONDS).getJsonObject("tags"));
    List<String> types = new java.util.ArrayList<>();
    for (JsonObject e; (e = events.poll(2, TimeUnit.SECONDS)) != null; ) {
      types.add(e.getString("type"));
      assertEquals(tags.toJson(), e.getJsonObject("tags"), "every event carries the tags: " + e);
    }
    assertEquals(List.of("option-changed", "leg-changed", "detection", "ended"), types);
    List<JsonObject> kept = await(client.events(id));
    assertEquals("created", kept.get(0).getString("type"));
    assertEquals(5, kept.size(), kept.toString());
    kept.forEach(e -> assertEquals(tags.toJson(), e.getJsonObject("tags"), "kept events carry them too: " + e));
    assertEquals(SessionTags.NONE, await(client.create(new SessionOptions())).tags());
  }

  /** A create whose tags are beyond a bound fails with the FaxOptError and the key, and creates nothing. */
  @Test
  void tagsBeyondTheirBoundsRefuseTheBusCreate() throws Exception {
    JsonObject sixteen = new JsonObject();
    for (int i = 1; i <= 16; i++) {
      sixteen.put("k" + i, "v".repeat(256));
    }
    assertEquals(16, await(bus.<JsonObject>request(BusAddresses.SESSION_CREATE, new JsonObject().put("tags", sixteen)))
        .body().getJsonObject("tags").size());
    Map<JsonObject, FaxOptError> refusals = Map.of(
        sixteen.copy().put("k17", "v"), FaxOptError.INVALID_VALUE,
        new JsonObject().put("k".repeat(65), "v"), FaxOptError.INVALID_VALUE,
        new JsonObject().put("callId", "v".repeat(257)), FaxOptError.INVALID_VALUE,
        new JsonObject().put("callId", "a\rb"), FaxOptError.INVALID_VALUE,
        new JsonObject().put("call/id", "v"), FaxOptError.INVALID_VALUE,
        new JsonObject().put("callId", 7), FaxOptError.MALFORMED_REQUEST,
        new JsonObject().put("callId", new JsonObject().put("a", "b")), FaxOptError.MALFORMED_REQUEST);
    for (Map.Entry<JsonObject, FaxOptError> r : refusals.entrySet()) {
      FaxOptException e = failure(bus.request(BusAddresses.SESSION_CREATE, new JsonObject().put("tags", r.getKey()))
          .recover(f -> Future.failedFuture(FaxOptException.from(f, "create"))));
      assertEquals(r.getValue(), e.error(), e.getMessage());
      assertTrue(e.getMessage().contains("tag"), e.getMessage());
      assertTrue(e.getMessage().length() < 200, e.getMessage());
    }
    assertEquals(1, node.node.activeSessions(), "only the session at the bounds");
  }

  @Test
  void gatewayTimeoutEndsTheSessionWithTimeout() throws Exception {
    String id = create(new SessionOptions().putFaxopt("gateway", "yes,1"));
    CompletionEvent event = node.nextResult();
    assertEquals(id, event.sessionId());
    assertEquals(FaxStatus.FAILED, event.status());
    assertEquals("TIMEOUT", event.error());
    assertEquals("no fax activity after 1 s", event.statusStr());
    assertEquals("TIMEOUT", await(client.get(id, "error")));
  }

  @Test
  void shutdownEndsEverySessionWithAResult() throws Exception {
    String a = create(new SessionOptions());
    String b = create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
        .setLeg("a", new LegOptions().setLatch(true)).setLeg("b", new LegOptions().setLatch(true)));
    node.close();
    assertEquals(2, node.results.size());
    for (CompletionEvent e : node.results) {
      assertTrue(List.of(a, b).contains(e.sessionId()));
      assertEquals(FaxStatus.FAILED, e.status());
      assertEquals("HANGUP", e.error());
      assertEquals("gateway shutting down", e.statusStr());
    }
    CompletionEvent relay = node.results.stream().filter(e -> e.sessionId().equals(b)).findFirst().orElseThrow();
    assertEquals(0L, relay.toJson().getJsonObject("legs").getJsonObject("a").getJsonObject("packets").getLong("received"),
        "the relay's media was closed and its statistics reported");
    node = TestNode.start(); // for @AfterEach
  }
}
