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
        new FaxOptions(), result, legs, new JsonObject());
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
        legs, new JsonObject().put("t38Version", 3).put("errorRecovery", "fec"));
    OutputUnit out = validator().validate(event.toJson());
    assertTrue(out.getValid(), () -> out.toString());
  }

  @Test
  void brokenShapesDoNotValidate() throws IOException {
    Validator v = validator();
    JsonObject good = sample().toJson();
    assertFalse(v.validate(good.copy().put("schema", 2)).getValid());
    assertFalse(v.validate(good.copy().put("status", "MAYBE")).getValid());
    assertFalse(v.validate(good.copy().put("pages", -1)).getValid());
    assertFalse(v.validate(good.copy().put("surprise", true)).getValid());
    JsonObject missing = good.copy();
    missing.remove("eventId");
    assertFalse(v.validate(missing).getValid());
  }
}
