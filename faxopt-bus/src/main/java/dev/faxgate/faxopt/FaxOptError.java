package dev.faxgate.faxopt;

/**
 * The stable failure codes of the FAXOPT and session API.
 *
 * <p>On the event bus a failure is a reply failure ({@code ReplyException}, {@code RECIPIENT_FAILURE})
 * whose {@code failureCode} is {@link #code()} and whose message names the item and the reason. The
 * HTTP API answers {@link #httpStatus()} with {@code {"error": name(), "message": ...}}.
 */
public enum FaxOptError {
  /** The item name is not a FAXOPT item (nor an alias of one). */
  UNKNOWN_ITEM(4001, 400),
  /** The item can be read but not written. */
  READ_ONLY(4002, 403),
  /** The value is not one of the item's accepted forms; the message lists them. */
  INVALID_VALUE(4003, 400),
  /** The value is well formed but names something Faxgate does not do (V.34 rates, the V.34 modem). */
  NOT_SUPPORTED(4004, 400),
  /** The request is not of the documented shape: not a JSON object, a missing field, a wrong JSON type. */
  MALFORMED_REQUEST(4005, 400),
  /** The session has ended: its items can still be read for a while, but not written. */
  SESSION_ENDED(4006, 409),
  /** No session with that id exists (on the bus this is the bus's own "no handlers" failure). */
  NO_SUCH_SESSION(4007, 404),
  /** The node is at its configured session cap, or cannot take sessions now. */
  AT_CAPACITY(4008, 503),
  /** An unexpected fault; the message says what, the log says more. */
  INTERNAL(4009, 500),
  /**
   * The item can no longer act on the running fax (e.g. {@code maxrate} after the first DIS was
   * edited); the message names the point that passed and the phase. Nothing was changed.
   */
  TOO_LATE(4010, 409),
  /** The node is draining (SIGTERM): it finishes its active sessions and takes no new one. */
  DRAINING(4011, 503),
  /**
   * The session's node has left the cluster (killed, crashed, partitioned): the session cannot be
   * reached; its completion event comes from that node's outbox when it starts again.
   */
  NODE_GONE(4012, 503);

  private final int code;
  private final int httpStatus;

  FaxOptError(int code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The {@code failureCode} of the bus reply failure. */
  public int code() {
    return code;
  }

  /** The HTTP status the control API answers with. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The error with that bus failure code, or {@code null} when the code is not one of ours. */
  public static FaxOptError fromCode(int code) {
    for (FaxOptError e : values()) {
      if (e.code == code) {
        return e;
      }
    }
    return null;
  }
}
