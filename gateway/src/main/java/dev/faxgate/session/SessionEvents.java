package dev.faxgate.session;

import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionTags;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The lifecycle events published on {@code faxgate.session.<id>.events}: a JSON object with
 * {@code type}, {@code sessionId} and {@code time}, plus what the type adds, and the session's
 * {@code tags} ({@link #tagged}: every event carries them, {@code {}} when the controller gave
 * none, so a listener can route an event without asking for the session).
 */
final class SessionEvents {
  private SessionEvents() {}

  static final String CREATED = "created";
  static final String OPTION_CHANGED = "option-changed";
  static final String ENDED = "ended";
  static final String DETECTION = "detection";
  static final String LEG_CHANGED = "leg-changed";
  static final String T38_REQUEST = "t38-request";
  static final String T38_TIMEOUT = "t38-timeout";
  static final String MODE_CHANGED = "mode-changed";
  static final String GATEWAY_STEPPED_OUT = "gateway-stepped-out";

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

  /**
   * V.21 was heard on leg {@code heardOn}: the controller should move leg {@code leg}'s far end to
   * T.38 and report its UDPTL address within {@code timeoutMs} (PUT /sessions/{id}/legs/{leg}).
   */
  static JsonObject t38Request(String sessionId, String leg, String heardOn, int timeoutMs, Instant time) {
    return base(T38_REQUEST, sessionId, time).put("leg", leg).put("heardOn", heardOn).put("timeoutMs", timeoutMs);
  }

  /** No UDPTL address came within t38timeout for these legs; the audio relay goes on. */
  static JsonObject t38Timeout(String sessionId, java.util.Collection<String> legs, Instant time) {
    return base(T38_TIMEOUT, sessionId, time).put("legs", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(legs)));
  }

  /** The session changed mode (audio-relay to gateway or t38-relay). */
  static JsonObject modeChanged(String sessionId, SessionMode from, SessionMode to, Instant time) {
    return base(MODE_CHANGED, sessionId, time).put("from", from.wireName()).put("mode", to.wireName());
  }

  /**
   * FAXOPT {@code gateway=yes,N}: no fax activity in N s on a session that started as audio; the
   * gateway no longer watches for V.21 and the audio relay goes on.
   */
  static JsonObject gatewaySteppedOut(String sessionId, int seconds, Instant time) {
    return base(GATEWAY_STEPPED_OUT, sessionId, time).put("seconds", seconds);
  }

  static JsonObject ended(CompletionEvent result, Instant time) {
    return base(ENDED, result.sessionId(), time).put("result", result.toJson());
  }

  /** {@code event} with the session's tags; the session's flow tags each event as it publishes it. */
  static JsonObject tagged(JsonObject event, SessionTags tags) {
    return event.put("tags", tags.toJson());
  }

  private static JsonObject base(String type, String sessionId, Instant time) {
    return new JsonObject().put("type", type).put("sessionId", sessionId).put("time", time.toString());
  }
}
