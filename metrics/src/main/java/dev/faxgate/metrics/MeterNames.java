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
  /** Counter: sessions that ended FAILED, by cause: tags {@code mode}, {@code error} (FAXOPT error: HANGUP, TIMEOUT, ..., or T30 for a T.30 cause). */
  public static final String SESSIONS_FAILED = "faxgate.sessions.failed";
  /** Counter: FAXOPT and session operations, tags {@code operation}, {@code outcome}. */
  public static final String FAXOPT_OPERATIONS = "faxgate.faxopt.operations";

  /** Counter: fax pages transferred, tag {@code mode}. */
  public static final String PAGES = "faxgate.pages";
  /**
   * Distribution summary: the high-speed rate a fax negotiated, in bit/s ({@link #UNIT_BITS_PER_SECOND}:
   * scraped as {@code faxgate_negotiated_rate_bps_bucket|_count|_sum|_max}), tag {@code modem} (v17, v27, v29).
   */
  public static final String NEGOTIATED_RATE = "faxgate.negotiated.rate";
  /** Counter: tones and signals detected, tag {@code tone} (cng, ced, v21-preamble, t38). */
  public static final String DETECTIONS = "faxgate.detections";

  /** Counter: datagrams received from a leg's far end, tag {@code transport} (rtp, udptl). */
  public static final String MEDIA_PACKETS_IN = "faxgate.media.packets.in";
  /** Counter: datagrams sent to a leg's far end, tag {@code transport}. */
  public static final String MEDIA_PACKETS_OUT = "faxgate.media.packets.out";
  /** Counter: datagrams dropped because they came from an address that is not the leg's far end, tag {@code transport}. */
  public static final String MEDIA_PACKETS_STRANGER = "faxgate.media.packets.stranger";
  /** Counter: packet outcomes totalled per leg when a session ends, tags {@code transport}, {@code outcome} (lost, late, duplicate, malformed, recovered-redundancy, recovered-fec). */
  public static final String MEDIA_PACKETS_OUTCOME = "faxgate.media.packets.outcome";
  /** Counter: media ticks whose processing had not answered when the next one was due. */
  public static final String MEDIA_TICKS_OVERRUN = "faxgate.media.ticks.overrun";
  /** Counter: media ticks skipped after the clock fell more than 100 ms behind. */
  public static final String MEDIA_TICKS_SKIPPED = "faxgate.media.ticks.skipped";
  /** Timer: processing time of one media tick of one processing verticle (every session it runs). */
  public static final String MEDIA_TICK_PROCESSING = "faxgate.media.tick.processing";
  /** Timer: how much later than its due time on the media clock a media tick ran (scraped as {@code faxgate_media_tick_lateness_seconds}). */
  public static final String MEDIA_TICK_LATENESS = "faxgate.media.tick.lateness";

  /** Counter: completion events Kafka acknowledged. */
  public static final String KAFKA_PUBLISHED = "faxgate.kafka.published";
  /** Counter: attempts to send a completion event that failed (the event stays in the outbox). */
  public static final String KAFKA_FAILED = "faxgate.kafka.failed";
  /** Timer: from handing an event to the producer to Kafka's acknowledgement. */
  public static final String KAFKA_PUBLISH = "faxgate.kafka.publish";
  /** Gauge: completion events in the outbox not yet acknowledged by Kafka. */
  public static final String OUTBOX_BACKLOG_EVENTS = "faxgate.outbox.backlog.events";
  /** Gauge: bytes of those events. */
  public static final String OUTBOX_BACKLOG_BYTES = "faxgate.outbox.backlog.bytes";
  /** Gauge: 1 while the outbox is at its bound and new sessions are refused. */
  public static final String OUTBOX_FULL = "faxgate.outbox.full";

  /** Timer: how late a periodic probe timer fires on the event loops (scraped as {@code faxgate_eventloop_lag_seconds}). */
  public static final String EVENTLOOP_LAG = "faxgate.eventloop.lag";

  /** Base unit of {@link #NEGOTIATED_RATE}. */
  public static final String UNIT_BITS_PER_SECOND = "bps";

  /** Tag keys. */
  public static final String TAG_MODE = "mode";
  public static final String TAG_STATUS = "status";
  public static final String TAG_OPERATION = "operation";
  public static final String TAG_OUTCOME = "outcome";
  public static final String TAG_TRANSPORT = "transport";
  public static final String TAG_ERROR = "error";
  public static final String TAG_MODEM = "modem";
  public static final String TAG_TONE = "tone";
}
