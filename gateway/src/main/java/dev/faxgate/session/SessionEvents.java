package dev.faxgate.session;

import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.SessionMode;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The lifecycle events published on {@code faxgate.session.<id>.events}: a JSON object with
 * {@code type}, {@code sessionId} and {@code time}, plus what the type adds.
 */
final class SessionEvents {
  private SessionEvents() {}

  static final String CREATED = "created";
  static final String OPTION_CHANGED = "option-changed";
  static final String ENDED = "ended";
  static final String DETECTION = "detection";
  static final String LEG_CHANGED = "leg-changed";

  static JsonObject created(String sessionId, SessionMode mode, Instant time) {
    return base(CREATED, sessionId, time).put("mode", mode.wireName());
  }

  static JsonObject optionChanged(String sessionId, String item, String value, Instant time) {
    return base(OPTION_CHANGED, sessionId, time).put("item", item).put("value", value);
  }

  /** A fax tone heard on a leg (FAXOPT faxdetect): the tone, the leg, when. */
  static JsonObject detection(String sessionId, String tone, String leg, Instant time) {
    return base(DETECTION, sessionId, time).put("tone", tone).put("leg", leg);
  }

  /** The controller moved a leg: its new options. */
  static JsonObject legChanged(String sessionId, String leg, JsonObject options, Instant time) {
    return base(LEG_CHANGED, sessionId, time).put("leg", leg).put("options", options);
  }

  static JsonObject ended(CompletionEvent result, Instant time) {
    return base(ENDED, result.sessionId(), time).put("result", result.toJson());
  }

  private static JsonObject base(String type, String sessionId, Instant time) {
    return new JsonObject().put("type", type).put("sessionId", sessionId).put("time", time.toString());
  }
}
