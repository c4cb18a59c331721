package dev.faxgate.faxopt;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/**
 * What a session is now: the reply to create, describe and list.
 *
 * @param legs each leg's far end and options, and (once media runs) its local ports
 * @param faxopt every FAXOPT item with its canonical value
 * @param tags the controller's tags from the create
 * @param result the completion event, once the session has ended; otherwise null
 */
public record SessionInfo(String sessionId, String node, SessionMode mode, State state, Instant createdAt,
    JsonObject legs, JsonObject faxopt, SessionTags tags, CompletionEvent result) {

  /** A session's lifecycle as a controller sees it. */
  public enum State {
    ACTIVE,
    ENDED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("sessionId", sessionId)
        .put("node", node)
        .put("mode", mode.wireName())
        .put("state", state.wireName())
        .put("createdAt", createdAt.toString())
        .put("legs", legs)
        .put("faxopt", faxopt)
        .put("tags", tags.toJson());
    if (result != null) {
      json.put("result", result.toJson());
    }
    return json;
  }

  public static SessionInfo fromJson(JsonObject json) {
    JsonObject result = json.getJsonObject("result");
    JsonObject tags = json.getJsonObject("tags"); // absent in the answer of a node that predates tags
    return new SessionInfo(json.getString("sessionId"), json.getString("node"),
        SessionMode.fromWireName(json.getString("mode")),
        State.valueOf(json.getString("state").toUpperCase(Locale.ROOT)),
        Instant.parse(json.getString("createdAt")), json.getJsonObject("legs"),
        json.getJsonObject("faxopt"), tags == null ? SessionTags.NONE : SessionTags.fromJson(tags),
        result == null ? null : new CompletionEvent(result));
  }
}
