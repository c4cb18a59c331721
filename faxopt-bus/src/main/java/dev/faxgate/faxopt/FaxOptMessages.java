package dev.faxgate.faxopt;

import io.vertx.core.json.JsonObject;

/**
 * The message shapes on {@code faxopt.<sessionId>} and the session addresses.
 *
 * <pre>
 * request                                   reply
 * {"op":"get","item":"rate"}                {"item":"rate","value":"9600"}
 * {"op":"get"}                              {"items":{"ecm":"yes",...every item...}}
 * {"op":"set","item":"ecm","value":"no"}    {"item":"ecm","value":"no"}   (the canonical read-back)
 * {"op":"describe"}                         SessionInfo
 * {"op":"end"}                              CompletionEvent
 * {"op":"leg","leg":"a","options":{...}}    SessionInfo   (the controller moved a leg, e.g. to T.38)
 * </pre>
 */
public final class FaxOptMessages {
  private FaxOptMessages() {}

  public static final String OP = "op";
  public static final String ITEM = "item";
  public static final String VALUE = "value";
  public static final String ITEMS = "items";
  public static final String SESSION_ID = "sessionId";
  public static final String SESSIONS = "sessions";
  public static final String LEG = "leg";
  public static final String OPTIONS = "options";
  public static final String EVENTS = "events";

  /** The operations on a session's address. */
  public enum Op {
    GET,
    SET,
    DESCRIBE,
    END,
    LEG,
    /** The session's recent events (what it published on its events address). */
    EVENTS,
    /** The T.30 frames that passed the session, and their summary. */
    T30;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static JsonObject get(String item) {
    return new JsonObject().put(OP, Op.GET.wireName()).put(ITEM, item);
  }

  public static JsonObject getAll() {
    return new JsonObject().put(OP, Op.GET.wireName());
  }

  public static JsonObject set(String item, String value) {
    return new JsonObject().put(OP, Op.SET.wireName()).put(ITEM, item).put(VALUE, value);
  }

  public static JsonObject op(Op op) {
    return new JsonObject().put(OP, op.wireName());
  }

  /** The controller's report that leg {@code leg} now has these options (e.g. a UDPTL far address after a re-INVITE). */
  public static JsonObject leg(String leg, LegOptions options) {
    return op(Op.LEG).put(LEG, leg).put(OPTIONS, options.toJson());
  }

  public static JsonObject sessionId(String sessionId) {
    return new JsonObject().put(SESSION_ID, sessionId);
  }

  public static JsonObject itemReply(String item, String value) {
    return new JsonObject().put(ITEM, item).put(VALUE, value);
  }

  /** The operation of a request. */
  public static Op opOf(JsonObject request) {
    String op = string(request, OP, true);
    for (Op o : Op.values()) {
      if (o.wireName().equalsIgnoreCase(op)) {
        return o;
      }
    }
    throw new FaxOptException(FaxOptError.MALFORMED_REQUEST,
        "unknown op " + quote(op) + "; accepted: get, set, describe, end, leg");
  }

  /** The request body as a JSON object, or a {@link FaxOptError#MALFORMED_REQUEST}. */
  public static JsonObject requireObject(Object body) {
    if (body instanceof JsonObject json) {
      return json;
    }
    throw new FaxOptException(FaxOptError.MALFORMED_REQUEST,
        "the body must be a JSON object, got " + (body == null ? "nothing" : body.getClass().getSimpleName()));
  }

  /** The most characters of a client's text an error message or a log line shows. */
  public static final int QUOTED = 40;

  /**
   * A client's text as an error message or a log line shows it: quoted, cut to {@value #QUOTED}
   * characters (then {@code ...} and the full length), every character outside printable ASCII
   * escaped (a backslash, u, four hex digits), so a value can neither forge a log line (CR, LF), hide text (NUL,
   * right-to-left marks) nor fill a log or a reply body.
   */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder s = new StringBuilder("'");
    int shown = 0;
    int i = 0;
    for (; i < text.length() && shown < QUOTED; shown++) {
      int cp = text.codePointAt(i);
      if (cp >= 0x20 && cp < 0x7f && cp != '\'' && cp != '\\') {
        s.append((char) cp);
      } else {
        s.append(String.format("\\u%04X", cp));
      }
      i += Character.charCount(cp);
    }
    if (i < text.length()) {
      s.append("... (").append(text.length()).append(" characters)");
    }
    return s.append('\'').toString();
  }

  /**
   * A string field of a request.
   *
   * @throws FaxOptException {@link FaxOptError#MALFORMED_REQUEST} when it is required and missing,
   *     or present and not a string
   */
  public static String string(JsonObject request, String field, boolean required) {
    Object v = request.getValue(field);
    if (v == null) {
      if (required) {
        throw new FaxOptException(FaxOptError.MALFORMED_REQUEST, "missing field '" + field + "'");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw new FaxOptException(FaxOptError.MALFORMED_REQUEST,
          "field '" + field + "' must be a JSON string, got " + v.getClass().getSimpleName());
    }
    return s;
  }
}
