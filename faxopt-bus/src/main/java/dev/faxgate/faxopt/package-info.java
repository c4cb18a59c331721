/**
 * The FAXOPT contract (module {@code faxopt-bus}), shared by the gateway and by controllers:
 * every item defined once ({@link dev.faxgate.faxopt.FaxOptItems}), a session's values
 * ({@link dev.faxgate.faxopt.FaxOptions}), session and leg options, the bus addresses and
 * messages ({@link dev.faxgate.faxopt.BusAddresses}, {@link dev.faxgate.faxopt.FaxOptMessages}),
 * error codes ({@link dev.faxgate.faxopt.FaxOptError}), the completion event and its JSON Schema
 * ({@link dev.faxgate.faxopt.CompletionEvent}), and {@link dev.faxgate.faxopt.FaxOptClient},
 * the bus API in Futures. See docs/faxopt.md and docs/api.md.
 *
 * <p>Layer: service. Imports Vert.x core only, no other Faxgate package (its module depends on
 * no other module).
 */
package dev.faxgate.faxopt;
