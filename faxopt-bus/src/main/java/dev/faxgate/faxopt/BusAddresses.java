package dev.faxgate.faxopt;

/**
 * The event-bus addresses of Faxgate's control plane. Bodies are JSON objects (see
 * {@link FaxOptMessages}); failures are reply failures carrying a {@link FaxOptError} code.
 */
public final class BusAddresses {
  private BusAddresses() {}

  /** Create a session: body {@link SessionOptions#toJson()}; reply {@link SessionInfo}. */
  public static final String SESSION_CREATE = "faxgate.session.create";
  /** End a session: body {@code {"sessionId":ID}}; reply the {@link CompletionEvent}. */
  public static final String SESSION_END = "faxgate.session.end";
  /** List this node's sessions: any body; reply {@code {"sessions":[SessionInfo...]}}. */
  public static final String SESSION_LIST = "faxgate.session.list";
  /** Describe a session: body {@code {"sessionId":ID}}; reply {@link SessionInfo}. */
  public static final String SESSION_DESCRIBE = "faxgate.session.describe";
  /** Every session's completion event is published here, once, when the session ends. */
  public static final String RESULTS = "faxgate.results";

  /**
   * Each clustered node publishes its load here about once a second ({@code node}, {@code active},
   * {@code capacity}, {@code cpu}, {@code draining}, {@code member}): the placement reads it, and a
   * node that stops publishing is taken as gone.
   */
  public static final String NODE_LOAD = "faxgate.node.load";

  private static final String FAXOPT_PREFIX = "faxopt.";

  /** Create a session on that node (by its {@code node.id}): body and reply as {@link #SESSION_CREATE}. */
  public static String createOn(String node) {
    return SESSION_CREATE + "." + node;
  }

  /** List that node's sessions: body and reply as {@link #SESSION_LIST}. */
  public static String listOn(String node) {
    return SESSION_LIST + "." + node;
  }

  /** FAXOPT get and set for one session (see {@link FaxOptMessages}). */
  public static String faxopt(String sessionId) {
    return FAXOPT_PREFIX + sessionId;
  }

  /** Lifecycle events of one session (created, option-changed, ended), published. */
  public static String sessionEvents(String sessionId) {
    return "faxgate.session." + sessionId + ".events";
  }
}
