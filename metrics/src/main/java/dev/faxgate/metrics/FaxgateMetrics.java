package dev.faxgate.metrics;

import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxStatus;
import dev.faxgate.faxopt.SessionMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
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
    END;

    String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private static final String OK = "ok";

  private final Map<SessionMode, AtomicInteger> active = new EnumMap<>(SessionMode.class);
  private final Map<SessionMode, Counter> started = new EnumMap<>(SessionMode.class);
  private final Map<SessionMode, Map<FaxStatus, Counter>> ended = new EnumMap<>(SessionMode.class);
  private final Map<Operation, Counter> operationsOk = new EnumMap<>(Operation.class);
  private final Map<Operation, Map<FaxOptError, Counter>> operationsFailed = new EnumMap<>(Operation.class);

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

  /** Counts an operation; {@code error} is null when it succeeded. */
  public void operation(Operation op, FaxOptError error) {
    (error == null ? operationsOk.get(op) : operationsFailed.get(op).get(error)).increment();
  }

  /** Sessions running now in {@code mode}. */
  public int active(SessionMode mode) {
    return active.get(mode).get();
  }
}
