/**
 * The HTTP control API ({@link dev.faxgate.control.ControlApiVerticle}): every operation of the
 * bus API over HTTP, calling the bus through {@code FaxOptClient} so it reaches sessions on any
 * node, plus {@code /metrics} and {@code /health}. Routes, bodies and errors: docs/api.md.
 *
 * <p>Layer: service (Vert.x). Imports {@code config}, {@code session} (the result sink whose
 * state {@code /health} reports) and the FAXOPT contract ({@code dev.faxgate.faxopt}); never the
 * tools.
 */
package dev.faxgate.control;
