/**
 * Detectors of the fax signals that open a call, on linear 16-bit audio at 8000 samples/s: the
 * calling tone CNG ({@link dev.faxgate.detect.CngDetector}), the answer tones CED/ANS, ANSam and
 * their phase-reversing forms ({@link dev.faxgate.detect.CedDetector}), and the V.21 channel 2
 * preamble of HDLC flags ({@link dev.faxgate.detect.V21PreambleDetector}).
 *
 * <p>All three follow {@link dev.faxgate.detect.ToneDetector}: {@code process(samples, off, len)}
 * over any block length, events in reusable primitive arrays
 * ({@link dev.faxgate.detect.DetectorEvents}) with the sample at which each was decided and the
 * sample it dates on the line, {@code reset()}, and no allocation after construction. The
 * sample count is their only clock, so they run the same in real and simulated time. They import
 * nothing from Vert.x, Netty or Micrometer; the detection verticle drives them.
 *
 * <p>Criteria, in short (each class says more):
 * <ul>
 *   <li>CNG: 1100 Hz ± 45 Hz carrying 85 % of the power above -47 dBm0, at a steady frequency,
 *       on for 400-700 ms, then 200 ms without it. A continuous 1100 Hz is not CNG (spandsp and
 *       Asterisk would report it; see {@link dev.faxgate.detect.CngDetector}).</li>
 *   <li>CED: the same test at 2100 Hz ± 25 Hz for 500 ms; 15 Hz AM makes it ANSam; reversals
 *       450 ms apart make it ANS/ or ANSam/; each reversal and the end are reported.</li>
 *   <li>V.21 preamble: 5 HDLC flags exactly 8 bits apart from a small non-coherent FSK
 *       demodulator, with the V.21 band holding most of the power above -47 dBm0 (spandsp's
 *       criterion).</li>
 * </ul>
 *
 * <p>Measured (see the tests): all three detect from +3 to about -46 dBm0, clean and at 20 dB
 * SNR, through µ-law and A-law, and gave no detection on speech (espeak-ng in three languages),
 * on DTMF, or on music-like tones.
 */
package dev.faxgate.detect;
