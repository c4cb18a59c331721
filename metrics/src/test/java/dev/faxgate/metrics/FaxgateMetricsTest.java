package dev.faxgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxStatus;
import dev.faxgate.faxopt.SessionMode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** Faxgate's meters as Prometheus scrapes them: names, units, tags, values. */
class FaxgateMetricsTest {

  @Test
  void recordsAsPrometheusShowsIt() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FaxgateMetrics metrics = new FaxgateMetrics(registry);
    metrics.sessionStarted(SessionMode.GATEWAY);
    metrics.sessionStarted(SessionMode.GATEWAY);
    metrics.sessionEnded(SessionMode.GATEWAY, FaxStatus.FAILED);
    metrics.operation(FaxgateMetrics.Operation.SET, null);
    metrics.operation(FaxgateMetrics.Operation.SET, FaxOptError.READ_ONLY);
    metrics.operation(FaxgateMetrics.Operation.SET, FaxOptError.READ_ONLY);
    String text = registry.scrape();
    assertTrue(text.contains("faxgate_sessions_active{mode=\"gateway\"} 1.0"), text);
    assertTrue(text.contains("faxgate_sessions_active{mode=\"audio-relay\"} 0.0"), text);
    assertTrue(text.contains("faxgate_sessions_started_total{mode=\"gateway\"} 2.0"), text);
    assertTrue(text.contains("faxgate_sessions_ended_total{mode=\"gateway\",status=\"FAILED\"} 1.0"), text);
    assertTrue(text.contains("faxgate_faxopt_operations_total{operation=\"set\",outcome=\"ok\"} 1.0"), text);
    assertTrue(text.contains("faxgate_faxopt_operations_total{operation=\"set\",outcome=\"READ_ONLY\"} 2.0"), text);
    assertEquals(1, metrics.active(SessionMode.GATEWAY));
  }
}
