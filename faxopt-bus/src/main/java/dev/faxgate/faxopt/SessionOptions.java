package dev.faxgate.faxopt;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a controller asks for when it creates a session: the mode, each leg's far end when known,
 * the FAXOPT items to write over the node's defaults, and the controller's own tags.
 *
 * <p>JSON: {@code {"mode":"gateway","legs":{"a":{"rtp":"127.0.0.1:4000"}},"faxopt":{"maxrate":"9600"},
 * "tags":{"callId":"a84b4c76e66710"}}}; a terminal session adds what it sends or receives
 * ({@link TerminalJob}: {@code "direction":"send","files":["a.tif"]}). The {@code faxopt} items are checked against the node's
 * defaults when the session is created ({@link #resolveFaxOptions}), so an invalid value refuses the
 * create with the reason; the {@code tags} are checked here ({@link SessionTags} has the bounds).
 */
public final class SessionOptions extends JsonData {
  public static final SessionMode DEFAULT_MODE = SessionMode.GATEWAY;
  /** The names a leg may have. */
  public static final Set<String> LEG_NAMES = Set.of("a", "b");
  private static final java.util.List<String> FIELDS = java.util.List.of("mode", "legs", "faxopt", "tags", "capture",
      "direction", "files", "file", "pollable");

  private SessionMode mode = DEFAULT_MODE;
  private final Map<String, LegOptions> legs = new LinkedHashMap<>();
  private JsonObject faxopt = new JsonObject();
  private SessionTags tags = SessionTags.NONE;
  private boolean capture;
  /** What a terminal session sends or receives (null for other modes). */
  private TerminalJob terminal;

  public SessionOptions() {}

  public SessionOptions(SessionOptions other) {
    this(other.toJson());
  }

  /** @throws FaxOptException when the request is not of this shape */
  public SessionOptions(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!FIELDS.contains(key)) {
        throw new FaxOptException(FaxOptError.MALFORMED_REQUEST,
            "unknown session field " + FaxOptMessages.quote(key) + "; accepted: " + String.join(", ", FIELDS));
      }
    }
    String m = FaxOptMessages.string(json, "mode", false);
    mode = m == null ? DEFAULT_MODE : SessionMode.fromWireName(m);
    JsonObject legsJson = object(json, "legs");
    for (String name : legsJson.fieldNames()) {
      setLeg(name, new LegOptions(object(legsJson, name)));
    }
    setFaxopt(object(json, "faxopt"));
    tags = SessionTags.fromJson(object(json, "tags"));
    Object c = json.getValue("capture");
    if (c != null && !(c instanceof Boolean)) {
      throw new FaxOptException(FaxOptError.MALFORMED_REQUEST, "field 'capture' must be true or false");
    }
    capture = Boolean.TRUE.equals(c);
    terminal = TerminalJob.fromJson(json, mode);
  }

  private static JsonObject object(JsonObject json, String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return new JsonObject();
    }
    if (!(v instanceof JsonObject o)) {
      throw new FaxOptException(FaxOptError.MALFORMED_REQUEST, "field '" + field + "' must be a JSON object");
    }
    return o;
  }

  @Override
  public JsonObject toJson() {
    JsonObject legsJson = new JsonObject();
    legs.forEach((name, leg) -> legsJson.put(name, leg.toJson()));
    JsonObject json = new JsonObject().put("mode", mode.wireName()).put("legs", legsJson).put("faxopt", faxopt.copy());
    if (!tags.isEmpty()) { // left out when empty, so a request without tags still reaches a node that predates them
      json.put("tags", tags.toJson());
    }
    if (capture) { // left out when false, as tags
      json.put("capture", true);
    }
    if (terminal != null) {
      terminal.toJson(json);
    }
    return json;
  }

  /**
   * The session's FAXOPT values: {@code defaults} with this request's items written over them.
   *
   * @throws FaxOptException naming the first item refused
   */
  public FaxOptions resolveFaxOptions(FaxOptions defaults) {
    return new FaxOptions(defaults).apply(faxopt);
  }

  public SessionMode getMode() {
    return mode;
  }

  public SessionOptions setMode(SessionMode mode) {
    this.mode = java.util.Objects.requireNonNull(mode);
    return this;
  }

  /** The legs by name, read-only. */
  public Map<String, LegOptions> getLegs() {
    return Collections.unmodifiableMap(legs);
  }

  public SessionOptions setLeg(String name, LegOptions leg) {
    if (!LEG_NAMES.contains(name)) {
      throw new FaxOptException(FaxOptError.MALFORMED_REQUEST, "unknown leg " + FaxOptMessages.quote(name) + "; legs are a and b");
    }
    legs.put(name, new LegOptions(leg));
    return this;
  }

  /** The FAXOPT items to write, item name to value string. */
  public JsonObject getFaxopt() {
    return faxopt.copy();
  }

  /** @throws FaxOptException when a value is not a string */
  public SessionOptions setFaxopt(JsonObject faxopt) {
    faxopt.forEach(e -> {
      if (!(e.getValue() instanceof String)) {
        throw new FaxOptException(FaxOptError.MALFORMED_REQUEST,
            "faxopt item " + FaxOptMessages.quote(e.getKey()) + " must have a JSON string value");
      }
    });
    this.faxopt = faxopt.copy();
    return this;
  }

  /** Adds one FAXOPT item to write. */
  public SessionOptions putFaxopt(String item, String value) {
    faxopt.put(item, value);
    return this;
  }

  /** True: the node writes the session's packets on both legs to a pcap file when it ends (docs/api.md). */
  public boolean isCapture() {
    return capture;
  }

  public SessionOptions setCapture(boolean capture) {
    this.capture = capture;
    return this;
  }

  /** What a terminal session sends or receives; null for other modes, and for a terminal session not yet given one. */
  public TerminalJob getTerminal() {
    return terminal;
  }

  /** Makes this a terminal session that does {@code job}. */
  public SessionOptions setTerminal(TerminalJob job) {
    this.mode = SessionMode.TERMINAL;
    this.terminal = java.util.Objects.requireNonNull(job);
    return this;
  }

  /** The controller's tags, carried on every event of the session. */
  public SessionTags getTags() {
    return tags;
  }

  public SessionOptions setTags(SessionTags tags) {
    this.tags = java.util.Objects.requireNonNull(tags);
    return this;
  }

  /** Adds one tag. @throws FaxOptException when it is beyond a bound of {@link SessionTags} */
  public SessionOptions putTag(String key, String value) {
    tags = tags.with(key, value);
    return this;
  }

}
