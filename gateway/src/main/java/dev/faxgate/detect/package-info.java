/**
 * Detectors of the fax signals that open a call, on linear 16-bit audio at 8000 samples/s: CNG
 * ({@link dev.faxgate.detect.CngDetector}), CED/ANS, ANSam and their phase-reversing forms
 * ({@link dev.faxgate.detect.CedDetector}), and the V.21 channel 2 preamble
 * ({@link dev.faxgate.detect.V21PreambleDetector}). All follow
 * {@link dev.faxgate.detect.ToneDetector}: any block length, events in reusable arrays
 * ({@link dev.faxgate.detect.DetectorEvents}), the sample count as their only clock, no
 * allocation after construction. Criteria and measured ranges: docs/modems.md.
 *
 * <p>Layer: fax stack. Imports {@code dev.faxgate.dsp} only; no Vert.x, Netty or Micrometer. The
 * relays ({@code dev.faxgate.relay.FaxToneWatch}) and the gateway drive them.
 */
package dev.faxgate.detect;
