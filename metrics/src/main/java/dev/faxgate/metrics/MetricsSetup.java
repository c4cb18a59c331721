package dev.faxgate.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Vert.x Micrometer metrics on a Prometheus registry of its own name, so several Vert.x instances
 * in one JVM (tests, a controller beside the gateway) never share meters.
 */
public final class MetricsSetup {
  private MetricsSetup() {}

  /** Metrics options for a Vert.x instance whose meters live in the registry {@code registryName}. */
  public static MicrometerMetricsOptions options(String registryName) {
    return new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setJvmMetricsEnabled(true)
        .setRegistryName(registryName)
        .setEnabled(true);
  }

  /** The registry of a running Vert.x instance built with {@link #options(String)}. */
  public static MeterRegistry registry(String registryName) {
    MeterRegistry registry = BackendRegistries.getNow(registryName);
    if (registry == null) {
      throw new IllegalStateException("no metrics registry '" + registryName + "': was Vert.x built with MetricsSetup.options?");
    }
    return registry;
  }
}
