package dev.faxgate.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Measures how late the event loops run their work: one small verticle per event loop arms a timer
 * every {@code period} and records, as {@link MeterNames#EVENTLOOP_LAG}, how much later than due it
 * fired. A loop kept busy by a blocking call or a long computation shows here before it shows as
 * media ticks that overran. Verticle instances are spread over the event loops round-robin, so
 * deploying as many as there are loops covers each (at least one is always covered).
 */
public final class EventLoopLagProbe {
  /** Probe period. */
  public static final Duration DEFAULT_PERIOD = Duration.ofMillis(100);
  /** Buckets of the lag histogram: fine below 5 ms (the density bound on p99.9), around a media tick (20 ms), and far beyond. */
  private static final Duration[] BUCKETS = {
      Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

  private final Timer lag;
  private final long periodMs;
  private final int loops;
  private Vertx vertx;
  private Future<String> deployment;

  /** A probe on every event loop of a Vert.x instance built with default {@link VertxOptions}. */
  public EventLoopLagProbe(MeterRegistry registry) {
    this(registry, DEFAULT_PERIOD, VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE);
  }

  /**
   * @param period how often each loop is probed (at least 1 ms)
   * @param loops  the event-loop pool size of the Vert.x instance ({@link VertxOptions#getEventLoopPoolSize()})
   */
  public EventLoopLagProbe(MeterRegistry registry, Duration period, int loops) {
    this.periodMs = Math.max(1, period.toMillis());
    this.loops = Math.max(1, loops);
    this.lag = Timer.builder(MeterNames.EVENTLOOP_LAG)
        .description("How late a " + periodMs + " ms timer fires on the event loops")
        .serviceLevelObjectives(BUCKETS).register(registry);
  }

  /** Deploys the probe verticles; completes once every loop is probed. */
  public synchronized Future<Void> start(Vertx vertx) {
    if (deployment != null) {
      throw new IllegalStateException("the probe runs already");
    }
    this.vertx = vertx;
    deployment = vertx.deployVerticle(() -> new Probe(lag, periodMs), new DeploymentOptions().setInstances(loops));
    return deployment.mapEmpty();
  }

  /** Stops probing (closing Vert.x stops it too). Closing twice, or before start, is harmless. */
  public synchronized Future<Void> close() {
    if (deployment == null) {
      return Future.succeededFuture();
    }
    Future<String> d = deployment;
    deployment = null;
    return d.compose(id -> vertx.undeploy(id)).recover(e -> Future.succeededFuture());
  }

  /** One event loop's probe: a timer re-armed each time it fires, never two outstanding. */
  private static final class Probe extends VerticleBase {
    private final Timer lag;
    private final long periodMs;
    private long due;

    Probe(Timer lag, long periodMs) {
      this.lag = lag;
      this.periodMs = periodMs;
    }

    @Override
    public Future<?> start() {
      arm();
      return Future.succeededFuture();
    }

    private void arm() {
      due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(periodMs);
      vertx.setTimer(periodMs, id -> {
        lag.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
        arm();
      });
    }
  }
}
