package dev.faxgate.faxopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The completion event against its published JSON Schema: what the code emits validates, what breaks the shape does not. */
class CompletionEventSchemaTest {

  static Validator validator() throws IOException {
    try (InputStream in = CompletionEvent.class.getResourceAsStream(CompletionEvent.SCHEMA_RESOURCE)) {
      JsonObject schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return Validator.create(JsonSchema.of(schema),
          new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://faxgate.dev/schemas/"));
    }
  }

  private static CompletionEvent sample() {
    Instant start = Instant.parse("2026-11-26T10:00:00Z");
    FaxResult result = new FaxResult().setOutcome(FaxStatus.FAILED, "session ended by request", "HANGUP");
    JsonObject legs = new JsonObject().put("a", new LegOptions().setRtp("127.0.0.1:4000").toJson().putNull("packets"));
    return CompletionEvent.of("s-1", "node-1", SessionMode.GATEWAY, start, start.plusMillis(1500),
        new FaxOptions(), result, legs, new JsonObject(), SessionTags.NONE);
  }

  @Test
  void emittedEventsValidate() throws IOException {
    CompletionEvent event = sample();
    OutputUnit out = validator().validate(event.toJson());
    assertTrue(out.getValid(), () -> out.toString());
    assertEquals(CompletionEvent.SCHEMA_VERSION, event.toJson().getInteger("schema"));
    assertEquals(1500, event.durationMs());
    assertEquals(event, new CompletionEvent(event.toJson()));
  }

  @Test
  void aFilledInEventValidates() throws IOException {
    Instant start = Instant.now();
    FaxResult result = new FaxResult().setPages(3).setRate(14400).setResolution("204x196").setRemoteStationId("+1 555")
        .setEcmUsed(true).setModem("V17").setOutcome(FaxStatus.SUCCESS, "OK", "NO_ERROR");
    JsonObject legs = new JsonObject().put("b", new LegOptions().setUdptl("127.0.0.1:5000").toJson()
        .put("packets", new JsonObject().put("received", 100).put("lost", 2).put("recovered", 2).put("late", 0).put("duplicates", 1)));
    CompletionEvent event = CompletionEvent.of("s-2", "n", SessionMode.GATEWAY, start, start, new FaxOptions(), result,
        legs, new JsonObject().put("t38Version", 3).put("errorRecovery", "fec"),
        SessionTags.of(java.util.Map.of("callId", "a84b4c76e66710@pc33.example.com", "account", "acme")))
        .withT30(new JsonObject().put("frames", 21).put("badFcs", 0).put("dis", 1).put("dtc", 0).put("dcs", 2)
            .put("cfr", 1).put("ftt", 1).put("mcf", 3).put("rtp", 0).put("rtn", 0).put("pps", 3).put("ppr", 0)
            .put("ctc", 0).put("rnr", 0).put("crp", 0).put("dcn", 1).put("rates", new io.vertx.core.json.JsonArray().add(14400).add(12000)));
    OutputUnit out = validator().validate(event.toJson());
    assertTrue(out.getValid(), () -> out.toString());
    JsonObject noRates = event.toJson();
    noRates.getJsonObject("t30").remove("rates");
    assertFalse(validator().validate(noRates).getValid(), "a t30 summary has every count and the rates");
    assertFalse(validator().validate(event.toJson().put("t30", "yes")).getValid());
  }

  @Test
  void brokenShapesDoNotValidate() throws IOException {
    Validator v = validator();
    JsonObject good = sample().toJson();
    assertFalse(v.validate(good.copy().put("schema", 1)).getValid());
    assertFalse(v.validate(good.copy().put("schema", 3)).getValid());
    assertFalse(v.validate(good.copy().put("status", "MAYBE")).getValid());
    assertFalse(v.validate(good.copy().put("pages", -1)).getValid());
    assertFalse(v.validate(good.copy().put("surprise", true)).getValid());
    JsonObject missing = good.copy();
    missing.remove("eventId");
    assertFalse(v.validate(missing).getValid());
    JsonObject untagged = good.copy();
    untagged.remove("tags");
    assertFalse(v.validate(untagged).getValid(), "tags is always present, {} when there are none");
  }

  /** The schema holds the same bounds as SessionTags, on both sides of each. */
  @Test
  void tagsWithinTheirBoundsOnly() throws IOException {
    Validator v = validator();
    JsonObject good = sample().toJson();
    JsonObject sixteen = new JsonObject();
    for (int i = 1; i <= 16; i++) {
      sixteen.put("k" + i, "v");
    }
    assertTrue(v.validate(good.copy().put("tags", sixteen)).getValid());
    assertFalse(v.validate(good.copy().put("tags", sixteen.copy().put("k17", "v"))).getValid());
    assertTrue(v.validate(good.copy().put("tags", new JsonObject().put("k".repeat(64), ""))).getValid());
    assertFalse(v.validate(good.copy().put("tags", new JsonObject().put("k".repeat(65), ""))).getValid());
    assertFalse(v.validate(good.copy().put("tags", new JsonObject().put("", "v"))).getValid());
    assertFalse(v.validate(good.copy().put("tags", new JsonObject().put("call id", "v"))).getValid());
    assertFalse(v.validate(good.copy().put("tags", new JsonObject().put("callId\n", "v"))).getValid());
    assertTrue(v.validate(good.copy().put("tags", new JsonObject().put("AZaz09.-_:", "v".repeat(256)))).getValid());
    assertFalse(v.validate(good.copy().put("tags", new JsonObject().put("k", "v".repeat(257)))).getValid());
    assertFalse(v.validate(good.copy().put("tags", new JsonObject().put("k", "line\nforged"))).getValid());
    assertFalse(v.validate(good.copy().put("tags", new JsonObject().put("k", "ls\u2028"))).getValid());
    assertFalse(v.validate(good.copy().put("tags", new JsonObject().put("k", "trailing\n"))).getValid());
    assertFalse(v.validate(good.copy().put("tags", new JsonObject().put("k", "del\u007F"))).getValid());
    assertTrue(v.validate(good.copy().put("tags", new JsonObject().put("k", "Zürich – 東京 \uD83D\uDCE0"))).getValid());
    assertFalse(v.validate(good.copy().put("tags", new JsonObject().put("k", 42))).getValid());
    assertFalse(v.validate(good.copy().put("tags", new JsonObject().put("k", new JsonObject()))).getValid());
  }

  @Test
  void tagsAreCarriedAndReadBack() {
    SessionTags tags = SessionTags.of(java.util.Map.of("callId", "abc", "route", "eu-1"));
    Instant start = Instant.parse("2026-11-26T10:00:00Z");
    CompletionEvent event = CompletionEvent.of("s-3", "n", SessionMode.T38_RELAY, start, start, new FaxOptions(),
        new FaxResult().setOutcome(FaxStatus.SUCCESS, "OK", "NO_ERROR"), new JsonObject(), new JsonObject(), tags);
    assertEquals(tags, event.tags());
    assertEquals(new JsonObject().put("callId", "abc").put("route", "eu-1"), event.toJson().getJsonObject("tags"));
    assertEquals(2, event.schemaVersion());
    assertEquals(new JsonObject(), sample().toJson().getJsonObject("tags"));
  }

  /** A version-2 reader still reads version-1 events (older nodes', or still in the topic): they have no tags. */
  @Test
  void versionOneEventsAreStillRead() {
    JsonObject v1 = sample().toJson().put("schema", 1);
    v1.remove("tags");
    CompletionEvent old = new CompletionEvent(v1);
    assertEquals(1, old.schemaVersion());
    assertEquals(SessionTags.NONE, old.tags());
    assertEquals("s-1", old.sessionId());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new CompletionEvent(sample().toJson().put("schema", 3)));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new CompletionEvent(sample().toJson().put("schema", 0)));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new CompletionEvent(sample().toJson().put("schema", "2")));
  }

  /** Version 2 only adds: every property of version 1 is still required, under the same name. */
  @Test
  void versionTwoOnlyAddsToVersionOne() throws IOException {
    java.util.Set<String> v1 = java.util.Set.of("schema", "eventId", "sessionId", "node", "mode", "startTime", "endTime",
        "durationMs", "status", "statusstr", "error", "pages", "rate", "resolution", "remotestationid", "filename",
        "filenames", "ecm", "modem", "t38Version", "errorRecovery", "failingPhase", "legs", "faxopt");
    java.util.Set<String> now = sample().toJson().fieldNames();
    assertTrue(now.containsAll(v1), "removed or renamed: " + v1.stream().filter(f -> !now.contains(f)).toList());
    java.util.Set<String> added = new java.util.TreeSet<>(now);
    added.removeAll(v1);
    assertEquals(java.util.Set.of("tags", "t30"), added);
  }
}
