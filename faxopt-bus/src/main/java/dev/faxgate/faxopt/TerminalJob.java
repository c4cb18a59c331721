package dev.faxgate.faxopt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code terminal} session does, as SendFAX and ReceiveFAX take it: send {@link #files()}
 * (at least one TIFF, in order), or receive into {@link #files()} (one file, or none: the node
 * makes a name from the session id). The paths are relative to the node's spool directory; the node
 * resolves and checks them when the session is created (a path that leaves the spool directory,
 * a missing file, a file that is not a bilevel TIFF are refused there).
 *
 * <p>JSON, at the top of a create request: {@code "direction":"send","files":["a.tif","b.tif"]} or
 * {@code "direction":"receive","file":"in/fax-0042.tif"}.
 *
 * <p>Polling (T.30 DTC): {@code "direction":"poll"} calls and receives the document the far end has
 * to be polled into {@code "file"} (as a receive); a send with {@code "pollable":true} answers instead
 * of calling and sends its files only when the far end polls (answers its DIS with DTC).
 *
 * @param pollable a send that answers and waits to be polled (false for every other direction)
 */
public record TerminalJob(Direction direction, List<String> files, boolean pollable) {
  /** Most files one send may name. */
  public static final int MAX_FILES = 100;
  /** Longest path accepted, in characters. */
  public static final int MAX_PATH = 1024;
  /** The request fields that belong to terminal sessions. */
  static final List<String> FIELDS = List.of("direction", "files", "file", "pollable");

  /**
   * Sending (calling, as SendFAX; answering when pollable), receiving (answering, as ReceiveFAX),
   * or polling (calling, and receiving what the far end has to be polled).
   */
  public enum Direction {
    SEND, RECEIVE, POLL;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A send that calls, or a receive or poll. */
  public TerminalJob(Direction direction, List<String> files) {
    this(direction, files, false);
  }

  public TerminalJob {
    files = List.copyOf(files);
    if (pollable && direction != Direction.SEND) {
      throw refused("'pollable' belongs to a terminal session that sends (a document waiting to be polled), not to "
          + direction.wireName());
    }
    if (direction == Direction.SEND && files.isEmpty()) {
      throw refused("a terminal session that sends needs 'files': the TIFF files to send, at least one");
    }
    if (direction != Direction.SEND && files.size() > 1) {
      throw refused("a terminal session that receives (or polls) writes one 'file'");
    }
    if (files.size() > MAX_FILES) {
      throw refused("at most " + MAX_FILES + " files may be sent in one session, not " + files.size());
    }
    for (String f : files) {
      checkPath(f);
    }
  }

  /**
   * The job a create request names, or null when it names none.
   *
   * @throws FaxOptException when the fields are malformed, or do not fit {@code mode}
   */
  static TerminalJob fromJson(JsonObject json, SessionMode mode) {
    boolean named = FIELDS.stream().anyMatch(json::containsKey);
    if (mode != SessionMode.TERMINAL) {
      if (named) {
        throw refused("fields 'direction', 'files', 'file' and 'pollable' belong to terminal sessions, not "
            + mode.wireName());
      }
      return null;
    }
    Object d = json.getValue("direction");
    if (!"send".equals(d) && !"receive".equals(d) && !"poll".equals(d)) {
      throw refused("a terminal session needs 'direction': \"send\", \"receive\" or \"poll\"");
    }
    Direction direction = Direction.valueOf(((String) d).toUpperCase(Locale.ROOT));
    Object pollable = json.getValue("pollable");
    if (pollable != null && !(pollable instanceof Boolean)) {
      throw refused("'pollable' must be true or false");
    }
    if (Boolean.TRUE.equals(pollable) && direction != Direction.SEND) {
      throw refused("'pollable' belongs to a terminal session that sends (a document waiting to be polled), not to \""
          + direction.wireName() + "\"");
    }
    if (direction == Direction.SEND) {
      if (json.containsKey("file")) {
        throw refused("a terminal session that sends names its TIFF files in 'files' (an array), not 'file'");
      }
      Object files = json.getValue("files");
      if (!(files instanceof JsonArray array) || array.stream().anyMatch(f -> !(f instanceof String))) {
        throw refused("'files' must be an array of paths (strings), relative to the spool directory");
      }
      return new TerminalJob(direction, array.stream().map(String.class::cast).toList(), Boolean.TRUE.equals(pollable));
    }
    if (json.containsKey("files")) {
      throw refused("a terminal session that " + (direction == Direction.POLL ? "polls" : "receives")
          + " names the file it writes in 'file', not 'files'");
    }
    Object file = json.getValue("file");
    if (file != null && !(file instanceof String)) {
      throw refused("'file' must be a path (a string), relative to the spool directory");
    }
    return new TerminalJob(direction, file == null ? List.of() : List.of((String) file), false);
  }

  /** Puts this job's fields into a create request. */
  void toJson(JsonObject json) {
    json.put("direction", direction.wireName());
    if (pollable) {
      json.put("pollable", true);
    }
    if (direction == Direction.SEND) {
      json.put("files", new JsonArray(files));
    } else if (!files.isEmpty()) {
      json.put("file", files.get(0));
    }
  }

  private static void checkPath(String path) {
    if (path.isEmpty() || path.length() > MAX_PATH) {
      throw refused("a file path must have 1 to " + MAX_PATH + " characters, not " + path.length());
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw refused("a file path may not hold control characters (one at index " + i + ")");
      }
    }
  }

  private static FaxOptException refused(String message) {
    return new FaxOptException(FaxOptError.MALFORMED_REQUEST, message);
  }
}
