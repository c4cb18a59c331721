package dev.faxgate.metrics;

/**
 * The name of every Faxgate meter, defined once. Micrometer names use dots; Prometheus shows them
 * with underscores, counters with {@code _total} (e.g. {@code faxgate.sessions.ended} is scraped as
 * {@code faxgate_sessions_ended_total}). Dashboards and alert rules in deploy/ use exactly these.
 */
public final class MeterNames {
  private MeterNames() {}

  /** Gauge: sessions running now, tag {@code mode}. */
  public static final String SESSIONS_ACTIVE = "faxgate.sessions.active";
  /** Counter: sessions started (a name ending in "created" would clash with OpenMetrics' _created series), tag {@code mode}. */
  public static final String SESSIONS_STARTED = "faxgate.sessions.started";
  /** Counter: sessions ended, tags {@code mode}, {@code status}. */
  public static final String SESSIONS_ENDED = "faxgate.sessions.ended";
  /** Counter: FAXOPT and session operations, tags {@code operation}, {@code outcome}. */
  public static final String FAXOPT_OPERATIONS = "faxgate.faxopt.operations";

  /** Tag keys. */
  public static final String TAG_MODE = "mode";
  public static final String TAG_STATUS = "status";
  public static final String TAG_OPERATION = "operation";
  public static final String TAG_OUTCOME = "outcome";
}
