package dev.faxgate.dsp;

/**
 * A simple telephone line for tests: a flat gain (attenuation when negative), a DC offset, and
 * additive white Gaussian noise at a fixed level, then rounding and saturation to 16 bits. G.711
 * companding is left to the caller (the codec lives in {@code rtp}).
 *
 * <p>For a signal-to-noise ratio rather than a noise level, use
 * {@link #withSnr(double, double, double, long)} with the RMS of the signal after the gain.
 */
public final class LineModel {

  private final double gain;
  private final double dcOffset;
  private final AwgnGenerator noise;

  /** A line with {@code gainDb} of gain, noise at {@code noiseDbm0} (or none when NaN), seeded. */
  public LineModel(double gainDb, double noiseDbm0, double dcOffset, long seed) {
    this.gain = Math.pow(10.0, gainDb / 20.0);
    this.dcOffset = dcOffset;
    this.noise = Double.isNaN(noiseDbm0) ? null : AwgnGenerator.ofDbm0(seed, noiseDbm0);
  }

  /**
   * A line whose noise sits {@code snrDb} below a signal of RMS {@code signalRms} as it leaves
   * the gain stage.
   */
  public static LineModel withSnr(double gainDb, double signalRms, double snrDb, long seed) {
    double outRms = signalRms * Math.pow(10.0, gainDb / 20.0);
    double noiseRms = AwgnGenerator.rmsForSnr(outRms, snrDb);
    return new LineModel(gainDb, PowerMeter.rmsToDbm0(noiseRms), 0.0, seed);
  }

  /** Passes {@code len} samples from {@code in} to {@code out} (the arrays may be the same). */
  public void process(short[] in, int inOff, short[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      double v = in[inOff + i] * gain + dcOffset;
      if (noise != null) {
        v += noise.next();
      }
      out[outOff + i] = Dsp.saturate(v);
    }
  }

  /** Restarts the noise sequence. */
  public void reset() {
    if (noise != null) {
      noise.reset();
    }
  }
}
