/**
 * DSP building blocks for the fax modems and the tone detectors: FIR with a linear double-written
 * delay line ({@link dev.faxgate.dsp.Fir}, {@link dev.faxgate.dsp.DelayLine}), biquads, NCO,
 * Goertzel, the power meter in dBm0 on spandsp's reference ({@link dev.faxgate.dsp.PowerMeter}),
 * DC restore, AGC, white noise and a line model, and {@link dev.faxgate.dsp.FilterDesign}.
 * Signals are 8000 samples/s, linear 16-bit, in {@code short[]} views; nothing allocates after
 * construction. The conventions (levels, delay lines, denormals) are in docs/modems.md, the
 * facts behind them in docs/dsp.md.
 *
 * <p>Layer: the bottom of the fax stack. Imports no other Faxgate package, and no Vert.x, Netty
 * or Micrometer (ArchitectureTest; docs/architecture.md).
 */
package dev.faxgate.dsp;
