package dev.faxgate.media;

import dev.faxgate.media.MediaLeg.Transport;
import dev.faxgate.metrics.MeterNames;
import dev.faxgate.relay.LegStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The media plane's meters, built once per transport; recording is a lookup and an increment. */
final class MediaCounters {
  /** Outcomes totalled from legs' statistics while their sessions run, in {@link LegStats}' index order. */
  static final List<String> OUTCOMES = LegStats.METERED;

  private final Map<Transport, Counter> in = new EnumMap<>(Transport.class);
  private final Map<Transport, Counter> out = new EnumMap<>(Transport.class);
  private final Map<Transport, Counter> strangers = new EnumMap<>(Transport.class);
  /** By transport ordinal, then by {@link LegStats} index: a lookup without allocation. */
  private final Counter[][] outcomes = new Counter[Transport.values().length][OUTCOMES.size()];
  private final Counter overruns;
  private final Counter skipped;
  private final Timer processing;
  private final Timer lateness;

  MediaCounters(MeterRegistry registry) {
    for (Transport t : Transport.values()) {
      String tag = t.name().toLowerCase(Locale.ROOT);
      in.put(t, Counter.builder(MeterNames.MEDIA_PACKETS_IN).tag(MeterNames.TAG_TRANSPORT, tag)
          .description("Datagrams received from legs' far ends").register(registry));
      out.put(t, Counter.builder(MeterNames.MEDIA_PACKETS_OUT).tag(MeterNames.TAG_TRANSPORT, tag)
          .description("Datagrams sent to legs' far ends").register(registry));
      strangers.put(t, Counter.builder(MeterNames.MEDIA_PACKETS_STRANGER).tag(MeterNames.TAG_TRANSPORT, tag)
          .description("Datagrams dropped: not from the leg's far end").register(registry));
      for (int i = 0; i < OUTCOMES.size(); i++) {
        outcomes[t.ordinal()][i] = Counter.builder(MeterNames.MEDIA_PACKETS_OUTCOME).tag(MeterNames.TAG_TRANSPORT, tag)
            .tag(MeterNames.TAG_OUTCOME, OUTCOMES.get(i).replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT))
            .description("Packet outcomes of sessions' legs, added about once a second while they run").register(registry);
      }
    }
    overruns = Counter.builder(MeterNames.MEDIA_TICKS_OVERRUN).description("Media ticks not processed in time").register(registry);
    skipped = Counter.builder(MeterNames.MEDIA_TICKS_SKIPPED).description("Media ticks skipped").register(registry);
    processing = Timer.builder(MeterNames.MEDIA_TICK_PROCESSING).description("Processing time of one media tick")
        .publishPercentileHistogram().register(registry);
    lateness = Timer.builder(MeterNames.MEDIA_TICK_LATENESS)
        .description("How much later than due on the media clock a media tick ran").serviceLevelObjectives(
            java.time.Duration.ofNanos(250_000), java.time.Duration.ofNanos(500_000), java.time.Duration.ofMillis(1),
            java.time.Duration.ofMillis(2), java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(10),
            java.time.Duration.ofMillis(20), java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(100))
        .register(registry);
  }

  void received(Transport t) {
    in.get(t).increment();
  }

  void sent(Transport t) {
    out.get(t).increment();
  }

  void stranger(Transport t) {
    strangers.get(t).increment();
  }

  void tickOverrun() {
    overruns.increment();
  }

  void ticksSkipped(long n) {
    skipped.increment(n);
  }

  void tickLate(long nanos) {
    lateness.record(nanos, TimeUnit.NANOSECONDS);
  }

  void processed(long nanos) {
    processing.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Adds {@code n} packets of the outcome at {@link LegStats} index {@code outcome} on a leg of transport {@code t}. */
  void outcome(Transport t, int outcome, long n) {
    outcomes[t.ordinal()][outcome].increment(n);
  }
}
