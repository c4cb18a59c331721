package dev.faxgate.metrics;

import dev.faxgate.faxopt.FaxError;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxStatus;
import dev.faxgate.faxopt.Modem;
import dev.faxgate.faxopt.SessionMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faxgate's own meters, built once with every tag combination from enums, so recording is a
 * lookup and an increment. No tag ever carries a session id.
 */
public final class FaxgateMetrics {

  /** The operations counted by {@link MeterNames#FAXOPT_OPERATIONS}. */
  public enum Operation {
    GET,
    GET_ALL,
    SET,
    CREATE,
    DESCRIBE,
    LIST,
    END,
    LEG;

    String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The tones and signals counted by {@link MeterNames#DETECTIONS}. */
  public enum Tone {
    /** Calling tone, 1100 Hz (the calling fax machine). */
    CNG("cng"),
    /** Called terminal identification / answer tone, 2100 Hz. */
    CED("ced"),
    /** V.21 HDLC flags: the T.30 preamble of the first frame. */
    V21_PREAMBLE("v21-preamble"),
    /** A T.38 packet on a leg that was expected to carry audio. */
    T38("t38");

    private final String tag;

    Tone(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  /** Buckets of {@link MeterNames#NEGOTIATED_RATE}: every V.27ter, V.29 and V.17 rate, bit/s. */
  static final double[] RATE_BUCKETS = {2400, 4800, 7200, 9600, 12000, 14400};
  /** The {@code error} tag of a failure whose cause is a T.30 text rather than a FAXOPT error name. */
  public static final String ERROR_T30 = "T30";

  private static final String OK = "ok";

  private final Map<SessionMode, AtomicInteger> active = new EnumMap<>(SessionMode.class);
  private final Map<SessionMode, Counter> started = new EnumMap<>(SessionMode.class);
  private final Map<SessionMode, Map<FaxStatus, Counter>> ended = new EnumMap<>(SessionMode.class);
  private final Map<Operation, Counter> operationsOk = new EnumMap<>(Operation.class);
  private final Map<Operation, Map<FaxOptError, Counter>> operationsFailed = new EnumMap<>(Operation.class);
  private final Map<SessionMode, Map<String, Counter>> failed = new EnumMap<>(SessionMode.class);
  private final Map<SessionMode, Counter> pages = new EnumMap<>(SessionMode.class);
  private final Map<Modem, DistributionSummary> rates = new EnumMap<>(Modem.class);
  private final Map<Tone, Counter> detections = new EnumMap<>(Tone.class);

  public FaxgateMetrics(MeterRegistry registry) {
    for (SessionMode mode : SessionMode.values()) {
      AtomicInteger count = new AtomicInteger();
      active.put(mode, count);
      Gauge.builder(MeterNames.SESSIONS_ACTIVE, count, AtomicInteger::get)
          .description("Sessions running now").tag(MeterNames.TAG_MODE, mode.wireName()).register(registry);
      started.put(mode, Counter.builder(MeterNames.SESSIONS_STARTED).description("Sessions started")
          .tag(MeterNames.TAG_MODE, mode.wireName()).register(registry));
      Map<FaxStatus, Counter> byStatus = new EnumMap<>(FaxStatus.class);
      for (FaxStatus status : FaxStatus.values()) {
        byStatus.put(status, Counter.builder(MeterNames.SESSIONS_ENDED).description("Sessions ended")
            .tag(MeterNames.TAG_MODE, mode.wireName()).tag(MeterNames.TAG_STATUS, status.name()).register(registry));
      }
      ended.put(mode, byStatus);
      Map<String, Counter> byError = new HashMap<>();
      for (FaxError error : FaxError.values()) {
        byError.put(error.name(), failedCounter(registry, mode, error.name()));
      }
      byError.put(ERROR_T30, failedCounter(registry, mode, ERROR_T30));
      failed.put(mode, byError);
      pages.put(mode, Counter.builder(MeterNames.PAGES).description("Fax pages transferred")
          .tag(MeterNames.TAG_MODE, mode.wireName()).register(registry));
    }
    for (Modem modem : Modem.values()) {
      rates.put(modem, DistributionSummary.builder(MeterNames.NEGOTIATED_RATE).baseUnit(MeterNames.UNIT_BITS_PER_SECOND)
          .description("High-speed rate negotiated by a fax").tag(MeterNames.TAG_MODEM, modem.name().toLowerCase(Locale.ROOT))
          .serviceLevelObjectives(RATE_BUCKETS).register(registry));
    }
    for (Tone tone : Tone.values()) {
      detections.put(tone, Counter.builder(MeterNames.DETECTIONS).description("Fax tones and signals detected")
          .tag(MeterNames.TAG_TONE, tone.tag()).register(registry));
    }
    for (Operation op : Operation.values()) {
      operationsOk.put(op, operationCounter(registry, op, OK));
      Map<FaxOptError, Counter> byError = new EnumMap<>(FaxOptError.class);
      for (FaxOptError error : FaxOptError.values()) {
        byError.put(error, operationCounter(registry, op, error.name()));
      }
      operationsFailed.put(op, byError);
    }
  }

  private static Counter failedCounter(MeterRegistry registry, SessionMode mode, String error) {
    return Counter.builder(MeterNames.SESSIONS_FAILED).description("Sessions that ended FAILED, by cause")
        .tag(MeterNames.TAG_MODE, mode.wireName()).tag(MeterNames.TAG_ERROR, error).register(registry);
  }

  private static Counter operationCounter(MeterRegistry registry, Operation op, String outcome) {
    return Counter.builder(MeterNames.FAXOPT_OPERATIONS).description("FAXOPT and session operations")
        .tag(MeterNames.TAG_OPERATION, op.tag()).tag(MeterNames.TAG_OUTCOME, outcome).register(registry);
  }

  public void sessionStarted(SessionMode mode) {
    active.get(mode).incrementAndGet();
    started.get(mode).increment();
  }

  public void sessionEnded(SessionMode mode, FaxStatus status) {
    active.get(mode).decrementAndGet();
    ended.get(mode).get(status).increment();
  }

  /**
   * Counts an ended session and, when it FAILED, its cause: {@code error} is FAXOPT {@code error}
   * (a {@link FaxError} name such as HANGUP or TIMEOUT; anything else, a T.30 cause text, counts as
   * {@value #ERROR_T30}).
   */
  public void sessionEnded(SessionMode mode, FaxStatus status, String error) {
    sessionEnded(mode, status);
    if (status == FaxStatus.FAILED) {
      Map<String, Counter> byError = failed.get(mode);
      Counter c = error == null ? null : byError.get(error);
      (c == null ? byError.get(error == null || error.isEmpty() ? FaxError.UNKNOWN.name() : ERROR_T30) : c).increment();
    }
  }

  /** Counts {@code n} pages transferred by a session in {@code mode}. */
  public void pages(SessionMode mode, int n) {
    if (n > 0) {
      pages.get(mode).increment(n);
    }
  }

  /** Records the high-speed rate a fax negotiated (DCS), bit/s, on {@code modem}. */
  public void negotiatedRate(Modem modem, int bitsPerSecond) {
    rates.get(modem).record(bitsPerSecond);
  }

  /** Counts one detection of {@code tone}. */
  public void detected(Tone tone) {
    detections.get(tone).increment();
  }

  /** Counts an operation; {@code error} is null when it succeeded. */
  public void operation(Operation op, FaxOptError error) {
    (error == null ? operationsOk.get(op) : operationsFailed.get(op).get(error)).increment();
  }

  /** Sessions running now in {@code mode}. */
  public int active(SessionMode mode) {
    return active.get(mode).get();
  }
}
