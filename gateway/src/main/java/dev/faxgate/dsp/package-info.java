/**
 * DSP building blocks for the fax modems and the tone detectors: plain Java, no Vert.x, Netty or
 * Micrometer, nothing allocated after construction.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Signal.</b> 8000 samples/s ({@link dev.faxgate.dsp.Dsp#SAMPLE_RATE}), linear 16-bit
 *       samples in {@code short[]} views {@code (array, offset, length)}; arithmetic in
 *       {@code double}.</li>
 *   <li><b>Levels in dBm0</b> use spandsp's reference ({@code telephony.h}:
 *       {@code DBM0_MAX_POWER = 3.14 + 3.02}): a mean square {@code ms} on the 16-bit scale is
 *       {@code 10·log10(ms / 32768²) + 6.16} dBm0. A full-scale sine (peak 32767) is about +3.14 dBm0,
 *       and a 0 dBm0 sine has an RMS of 16 123 (peak 22 802). faxpeer's {@code signal_dbm0}
 *       and spandsp's generators use the same reference, so levels agree across both tools.
 *       docs/dsp.md gives no reference level of its own. See {@link dev.faxgate.dsp.PowerMeter}.</li>
 *   <li><b>Delay lines</b> are linear and double-written: a line of N taps is an array of 2N
 *       where each sample is stored at {@code p} and {@code p + N}, so the last N samples are
 *       always the contiguous run {@code line[p .. p+N-1]}; the write position wraps by a compare,
 *       never by a modulo or a mask ({@link dev.faxgate.dsp.Fir}, {@link dev.faxgate.dsp.DelayLine}).</li>
 *   <li><b>Denormals.</b> The JVM cannot flush denormal numbers to zero, and an IIR state decaying
 *       on exact digital silence (µ-law 0xFF decodes to 0) reaches them and runs tens of times
 *       slower (faxpeer README, finding 8). Recursive blocks offer {@code flushDenormals()}, and
 *       the detectors keep their states normal by design.</li>
 *   <li><b>Coefficients</b> come from {@link dev.faxgate.dsp.FilterDesign}, whose results are
 *       checked against SciPy's golden values in the tests.</li>
 * </ul>
 */
package dev.faxgate.dsp;
