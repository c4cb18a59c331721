package dev.faxgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxStatus;
import dev.faxgate.faxopt.Modem;
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

  @Test
  void pagesRatesDetectionsAndFailureCausesAreBuiltOnceAndRecorded() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    FaxgateMetrics metrics = new FaxgateMetrics(registry);
    String before = registry.scrape();
    // every tag combination exists before anything is recorded, so dashboards and alerts see zeros
    assertTrue(before.contains("faxgate_pages_total{mode=\"gateway\"} 0.0"), before);
    assertTrue(before.contains("faxgate_detections_total{tone=\"v21-preamble\"} 0.0"), before);
    assertTrue(before.contains("faxgate_negotiated_rate_bps_bucket{modem=\"v17\",le=\"14400.0\"} 0"), before);
    assertTrue(before.contains("faxgate_sessions_failed_total{error=\"T30\",mode=\"gateway\"} 0.0"), before);

    metrics.pages(SessionMode.GATEWAY, 3);
    metrics.negotiatedRate(Modem.V29, 9600);
    metrics.negotiatedRate(Modem.V17, 14400);
    metrics.negotiatedRate(Modem.V17, 7200);
    metrics.detected(FaxgateMetrics.Tone.CNG);
    metrics.detected(FaxgateMetrics.Tone.CNG);
    metrics.detected(FaxgateMetrics.Tone.T38);
    metrics.sessionStarted(SessionMode.GATEWAY);
    metrics.sessionStarted(SessionMode.GATEWAY);
    metrics.sessionStarted(SessionMode.GATEWAY);
    metrics.sessionStarted(SessionMode.GATEWAY);
    metrics.sessionEnded(SessionMode.GATEWAY, FaxStatus.FAILED, "TIMEOUT");
    metrics.sessionEnded(SessionMode.GATEWAY, FaxStatus.FAILED, "Disconnected after permitted retries");
    metrics.sessionEnded(SessionMode.GATEWAY, FaxStatus.FAILED, null);
    metrics.sessionEnded(SessionMode.GATEWAY, FaxStatus.SUCCESS, "NO_ERROR");
    String text = registry.scrape();
    assertTrue(text.contains("faxgate_pages_total{mode=\"gateway\"} 3.0"), text);
    assertTrue(text.contains("faxgate_negotiated_rate_bps_bucket{modem=\"v17\",le=\"7200.0\"} 1"), text);
    assertTrue(text.contains("faxgate_negotiated_rate_bps_bucket{modem=\"v17\",le=\"14400.0\"} 2"), text);
    assertTrue(text.contains("faxgate_negotiated_rate_bps_count{modem=\"v29\"} 1"), text);
    assertTrue(text.contains("faxgate_negotiated_rate_bps_sum{modem=\"v17\"} 21600.0"), text);
    assertTrue(text.contains("faxgate_detections_total{tone=\"cng\"} 2.0"), text);
    assertTrue(text.contains("faxgate_detections_total{tone=\"t38\"} 1.0"), text);
    assertTrue(text.contains("faxgate_sessions_failed_total{error=\"TIMEOUT\",mode=\"gateway\"} 1.0"), text);
    assertTrue(text.contains("faxgate_sessions_failed_total{error=\"T30\",mode=\"gateway\"} 1.0"), text);
    assertTrue(text.contains("faxgate_sessions_failed_total{error=\"UNKNOWN\",mode=\"gateway\"} 1.0"), text);
    assertTrue(text.contains("faxgate_sessions_failed_total{error=\"NO_ERROR\",mode=\"gateway\"} 0.0"), text);
    assertTrue(text.contains("faxgate_sessions_ended_total{mode=\"gateway\",status=\"SUCCESS\"} 1.0"), text);
    assertEquals(0, metrics.active(SessionMode.GATEWAY));
  }
}
