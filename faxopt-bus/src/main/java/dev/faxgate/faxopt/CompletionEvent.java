package dev.faxgate.faxopt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The one event every session ends with (docs/faxopt.md "Result event"), published on
 * {@link BusAddresses#RESULTS} and sent to Kafka keyed by session id. Its shape is documented by
 * {@code completion-event.schema.json} beside this class; {@link #SCHEMA_VERSION} changes whenever
 * the shape does. Every field is present; what is not known is {@code null}.
 */
public final class CompletionEvent {
  /** The version of the event's shape, in the field {@code schema}. */
  public static final int SCHEMA_VERSION = 1;
  /** The classpath resource of the JSON Schema. */
  public static final String SCHEMA_RESOURCE = "/dev/faxgate/faxopt/completion-event.schema.json";

  private final JsonObject json;

  /** Wraps a received event. @throws IllegalArgumentException when it is not of this schema version */
  public CompletionEvent(JsonObject json) {
    if (!Objects.equals(json.getInteger("schema"), SCHEMA_VERSION) || json.getString("eventId") == null
        || json.getString("sessionId") == null || json.getString("status") == null) {
      throw new IllegalArgumentException("not a schema " + SCHEMA_VERSION + " completion event: " + json.encode());
    }
    this.json = json.copy();
  }

  /**
   * The event of a finished session, with a fresh event id.
   *
   * @param legs each leg's far end and packet statistics ({@code null} statistics while the leg had no media)
   * @param transport T.38 details: {@code t38Version} and {@code errorRecovery}, or an empty object
   */
  public static CompletionEvent of(String sessionId, String node, SessionMode mode, Instant start, Instant end,
      FaxOptions options, FaxResult result, JsonObject legs, JsonObject transport) {
    if (!result.isFinished()) {
      throw new IllegalArgumentException("session " + sessionId + " has no outcome yet");
    }
    JsonArray files = new JsonArray(result.getFilenames());
    JsonObject json = new JsonObject()
        .put("schema", SCHEMA_VERSION)
        .put("eventId", UUID.randomUUID().toString())
        .put("sessionId", sessionId)
        .put("node", node)
        .put("mode", mode.wireName())
        .put("startTime", start.toString())
        .put("endTime", end.toString())
        .put("durationMs", Duration.between(start, end).toMillis())
        .put("status", result.getStatus().name())
        .put("statusstr", result.getStatusStr())
        .put("error", result.getError())
        .put("pages", result.getPages())
        .put("rate", result.getRate())
        .put("resolution", result.getResolution())
        .put("remotestationid", result.getRemoteStationId())
        .put("filename", result.getFilename())
        .put("filenames", files)
        .put("ecm", result.getEcmUsed())
        .put("modem", result.getModem())
        .put("t38Version", transport.getInteger("t38Version"))
        .put("errorRecovery", transport.getString("errorRecovery"))
        .put("failingPhase", result.getFailingPhase())
        .put("legs", legs.copy())
        .put("faxopt", options.toJson());
    return new CompletionEvent(json);
  }

  public String eventId() {
    return json.getString("eventId");
  }

  public String sessionId() {
    return json.getString("sessionId");
  }

  public String node() {
    return json.getString("node");
  }

  public SessionMode mode() {
    return SessionMode.fromWireName(json.getString("mode"));
  }

  public FaxStatus status() {
    return FaxStatus.valueOf(json.getString("status"));
  }

  public String statusStr() {
    return json.getString("statusstr");
  }

  public String error() {
    return json.getString("error");
  }

  public int pages() {
    return json.getInteger("pages");
  }

  public long durationMs() {
    return json.getLong("durationMs");
  }

  /** The whole event, a copy. */
  public JsonObject toJson() {
    return json.copy();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompletionEvent other && json.equals(other.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return json.encode();
  }
}
