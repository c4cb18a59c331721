/**
 * Faxgate's meters (module {@code metrics}): every meter name in
 * {@link dev.faxgate.metrics.MeterNames}, the meters themselves
 * ({@link dev.faxgate.metrics.FaxgateMetrics}), the event-loop lag probe
 * ({@link dev.faxgate.metrics.EventLoopLagProbe}) and Vert.x's Micrometer/Prometheus options
 * ({@link dev.faxgate.metrics.MetricsSetup}). The list of meters: docs/operations.md.
 *
 * <p>Layer: service (Vert.x, Micrometer). Imports the FAXOPT contract
 * ({@code dev.faxgate.faxopt}) only.
 */
package dev.faxgate.metrics;
