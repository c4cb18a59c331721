/**
 * Benchmarks and their commands: {@code bench-media} (media path per packet, in memory and
 * through sockets), {@code bench-detect} (tone detectors), {@code bench-modem} (fast modems),
 * {@code bench-t4} (the T.4/T.6 codec, rows per second) and {@code bench-relay} (the gateway replaying a recorded fax, {@link dev.faxgate.bench.RecordedFax}
 * from the {@code *.txt.gz} resources of this package); {@link dev.faxgate.bench.ReferencePeer}
 * runs faxpeer beside them for spandsp's figure; {@code faxgate load}
 * ({@link dev.faxgate.bench.LoadCommand}) replays the recorded faxes into a running node over its
 * control API and UDP, as many at once as asked. They report, they assert nothing. How to run
 * them and the figures: docs/performance.md.
 *
 * <p>Layer: tools. May import any Faxgate package but {@code cli}; only {@code cli} imports it.
 */
package dev.faxgate.bench;
