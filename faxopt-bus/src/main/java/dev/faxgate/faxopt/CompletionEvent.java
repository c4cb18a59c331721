package dev.faxgate.faxopt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The one event every session ends with (docs/faxopt.md "Result event"), published on
 * {@link BusAddresses#RESULTS} and sent to Kafka keyed by session id. Its shape is documented by
 * {@code completion-event.schema.json} beside this class; {@link #SCHEMA_VERSION} changes whenever
 * the shape does. Every field is present; what is not known is {@code null}.
 *
 * <p>Versions (docs/consumers.md): 1, the first; 2 adds {@code tags}, the controller's
 * {@link SessionTags} ({@code {}} when it gave none). A new version only adds fields, so a reader
 * of an older version still finds every field it knows, meaning what it meant.
 */
public final class CompletionEvent {
  /** The version of the event's shape, in the field {@code schema}. */
  public static final int SCHEMA_VERSION = 2;
  /** The oldest version this class still reads (events of an older node, still in the topic or the outbox). */
  public static final int OLDEST_READABLE_VERSION = 1;
  /** The classpath resource of the JSON Schema. */
  public static final String SCHEMA_RESOURCE = "/dev/faxgate/faxopt/completion-event.schema.json";

  private final JsonObject json;

  /**
   * Wraps a received event, of this version or an older one.
   *
   * @throws IllegalArgumentException when it is not a completion event of a version this class reads
   */
  public CompletionEvent(JsonObject json) {
    Object schema = json.getValue("schema");
    if (!(schema instanceof Number v) || v.doubleValue() < OLDEST_READABLE_VERSION || v.doubleValue() > SCHEMA_VERSION
        || v.doubleValue() != v.intValue()
        || !(json.getValue("eventId") instanceof String) || !(json.getValue("sessionId") instanceof String)
        || !(json.getValue("status") instanceof String)) {
      throw new IllegalArgumentException("not a completion event of schema " + OLDEST_READABLE_VERSION + " to "
          + SCHEMA_VERSION + ": " + json.encode());
    }
    this.json = json.copy();
  }

  /**
   * The event of a finished session, with a fresh event id.
   *
   * @param legs each leg's far end and packet statistics ({@code null} statistics while the leg had no media)
   * @param transport T.38 details: {@code t38Version} and {@code errorRecovery}, or an empty object
   * @param tags the controller's tags from the create ({@link SessionTags#NONE} when it gave none)
   */
  public static CompletionEvent of(String sessionId, String node, SessionMode mode, Instant start, Instant end,
      FaxOptions options, FaxResult result, JsonObject legs, JsonObject transport, SessionTags tags) {
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
        .put("faxopt", options.toJson())
        .put("tags", tags.toJson())
        .putNull("t30");
    return new CompletionEvent(json);
  }

  /**
   * The same event with the summary of its T.30 trace ({@code t30}: frames seen, counts by kind,
   * rates used; docs/api.md "The T.30 trace"), or null for a session whose media watched no T.30.
   */
  public CompletionEvent withT30(JsonObject summary) {
    JsonObject copy = json.copy();
    copy.put("t30", summary == null ? null : summary.copy());
    return new CompletionEvent(copy);
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

  /** The version of this event's shape (an event of an older node may be older than {@link #SCHEMA_VERSION}). */
  public int schemaVersion() {
    return json.getInteger("schema");
  }

  /** The controller's tags; none for a version-1 event, which had no such field. */
  public SessionTags tags() {
    JsonObject tags = json.getJsonObject("tags");
    return tags == null ? SessionTags.NONE : SessionTags.fromJson(tags);
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
