package dev.faxgate.faxopt;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A controller's own identifiers for a session (a SIP Call-ID, an account, a route), given at
 * create and carried unchanged on every session event and on the completion event, so consumers
 * can join fax results to their CDRs. Faxgate never reads them.
 *
 * <p>JSON: a flat object of strings, {@code {"callId":"a84b4c76e66710","account":"acme"}}. Bounded,
 * because every event repeats them: at most {@value #MAX_TAGS} tags; a key is 1 to
 * {@value #MAX_KEY_LENGTH} ASCII letters, digits or {@code . - _ :}; a value is 0 to
 * {@value #MAX_VALUE_LENGTH} characters (Unicode code points) with no control character and no
 * line or paragraph separator, which would let a tag forge lines in a log. Anything else is
 * refused with the key and the bound, and never with a long value echoed whole.
 */
public final class SessionTags extends JsonData {
  public static final int MAX_TAGS = 16;
  public static final int MAX_KEY_LENGTH = 64;
  public static final int MAX_VALUE_LENGTH = 256;
  /** No tags. */
  public static final SessionTags NONE = new SessionTags(Map.of());
  /** How much of an offending key an error message quotes. */

  private final Map<String, String> tags;

  private SessionTags(Map<String, String> checked) {
    this.tags = Collections.unmodifiableMap(checked);
  }

  /**
   * The tags of a request's {@code tags} object.
   *
   * @throws FaxOptException {@link FaxOptError#MALFORMED_REQUEST} for a value that is not a JSON
   *     string, {@link FaxOptError#INVALID_VALUE} for a tag beyond a bound
   */
  public static SessionTags fromJson(JsonObject json) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : json) {
      if (!(e.getValue() instanceof String value)) {
        throw new FaxOptException(FaxOptError.MALFORMED_REQUEST, "tag " + FaxOptMessages.quote(e.getKey())
            + " must have a JSON string value, got " + (e.getValue() == null ? "null" : e.getValue().getClass().getSimpleName()));
      }
      map.put(e.getKey(), value);
    }
    return of(map);
  }

  /**
   * These tags, in the map's order.
   *
   * @throws FaxOptException {@link FaxOptError#INVALID_VALUE} for a tag beyond a bound
   */
  public static SessionTags of(Map<String, String> tags) {
    Map<String, String> checked = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : tags.entrySet()) {
      checked.put(checkKey(e.getKey()), checkValue(e.getKey(), e.getValue()));
      if (checked.size() > MAX_TAGS) {
        throw new FaxOptException(FaxOptError.INVALID_VALUE,
            "tag " + FaxOptMessages.quote(e.getKey()) + " is one too many: at most " + MAX_TAGS + " tags");
      }
    }
    return checked.isEmpty() ? NONE : new SessionTags(checked);
  }

  /** These tags and one more (or one replaced). @throws FaxOptException as {@link #of} */
  public SessionTags with(String key, String value) {
    Map<String, String> next = new LinkedHashMap<>(tags);
    next.put(key, value);
    return of(next);
  }

  private static String checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new FaxOptException(FaxOptError.INVALID_VALUE, "a tag key must not be empty");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw new FaxOptException(FaxOptError.INVALID_VALUE, "tag key " + FaxOptMessages.quote(key) + " has " + key.length()
          + " characters; at most " + MAX_KEY_LENGTH);
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '.' || c == '-' || c == '_' || c == ':';
      if (!ok) {
        throw new FaxOptException(FaxOptError.INVALID_VALUE, "tag key " + FaxOptMessages.quote(key) + " holds "
            + describe(key.codePointAt(i)) + " at position " + i + "; keys take ASCII letters, digits and . - _ : only");
      }
    }
    return key;
  }

  private static String checkValue(String key, String value) {
    if (value == null) {
      throw new FaxOptException(FaxOptError.MALFORMED_REQUEST, "tag " + FaxOptMessages.quote(key) + " must have a JSON string value, got null");
    }
    int length = 0;
    for (int i = 0; i < value.length(); length++) {
      int cp = value.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.SURROGATE) {
        throw new FaxOptException(FaxOptError.INVALID_VALUE, "tag " + FaxOptMessages.quote(key) + " value holds an unpaired surrogate "
            + describe(cp) + " at position " + i + "; it is not text");
      }
      if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
        throw new FaxOptException(FaxOptError.INVALID_VALUE, "tag " + FaxOptMessages.quote(key) + " value holds " + describe(cp)
            + " at position " + i + "; control characters and line breaks are refused");
      }
      i += Character.charCount(cp);
    }
    if (length > MAX_VALUE_LENGTH) {
      throw new FaxOptException(FaxOptError.INVALID_VALUE, "tag " + FaxOptMessages.quote(key) + " value has " + length
          + " characters; at most " + MAX_VALUE_LENGTH);
    }
    return value;
  }


  private static String describe(int cp) {
    return String.format("U+%04X", cp);
  }

  /** The tags, read-only, in the order given. */
  public Map<String, String> asMap() {
    return tags;
  }

  /** One tag's value, or null. */
  public String get(String key) {
    return tags.get(key);
  }

  public boolean isEmpty() {
    return tags.isEmpty();
  }

  public int size() {
    return tags.size();
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject(new LinkedHashMap<>(tags));
  }
}
