package dev.faxgate.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The event-loop lag probe sees a loop that was kept busy, and stops when closed. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventLoopLagProbeTest {

  @Test
  void aBlockedLoopShowsAsLag() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setBlockedThreadCheckInterval(60_000));
    try {
      EventLoopLagProbe probe = new EventLoopLagProbe(registry, Duration.ofMillis(20), 1);
      probe.start(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      Timer lag = registry.get(MeterNames.EVENTLOOP_LAG).timer();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (lag.count() < 5 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(lag.count() >= 5, "the probe fires: " + lag.count());
      assertTrue(lag.max(TimeUnit.MILLISECONDS) < 250, "an idle loop is not late by a quarter second: " + lag.max(TimeUnit.MILLISECONDS));
      // the only event loop is kept busy for 400 ms
      vertx.runOnContext(v -> {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      });
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (lag.max(TimeUnit.MILLISECONDS) < 300 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(lag.max(TimeUnit.MILLISECONDS) >= 300, "the busy loop shows: " + lag.max(TimeUnit.MILLISECONDS) + " ms");
      String text = registry.scrape();
      assertTrue(text.contains("faxgate_eventloop_lag_seconds_bucket{le=\"0.5\"}"), text);
      assertTrue(text.contains("faxgate_eventloop_lag_seconds_max"), text);

      probe.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      Thread.sleep(100);
      long stopped = lag.count();
      Thread.sleep(200);
      assertTrue(lag.count() <= stopped + 1, "no more probes after close");
      probe.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS); // twice: harmless
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
