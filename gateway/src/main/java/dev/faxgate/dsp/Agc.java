package dev.faxgate.dsp;

/**
 * Automatic gain control: scales the signal so that its level approaches a target in dBm0.
 *
 * <p>The level is a leaky mean square with a time constant of 2^shift samples (as
 * {@link PowerMeter}); the gain, {@code targetRms / √meanSquare} limited to ±{@code maxGainDb}, is
 * recomputed every {@link #UPDATE_EVERY} samples. Below the gate level the gain holds, so silence
 * and line noise are not pumped up; {@link #freeze(boolean)} holds it too, as a modem does once
 * trained.
 */
public final class Agc {

  /** Samples between gain updates. */
  public static final int UPDATE_EVERY = 8;

  private final double targetRms;
  private final double minGain;
  private final double maxGain;
  private final double alpha;
  private final double gateMeanSquare;
  private double meanSquare;
  private double gain = 1.0;
  private int count;
  private boolean frozen;

  /**
   * An AGC towards {@code targetDbm0}, gain limited to ±{@code maxGainDb}, measuring the level over
   * 2^shift samples (0..20), holding the gain while the level is below {@code gateDbm0}.
   */
  public Agc(double targetDbm0, double maxGainDb, int shift, double gateDbm0) {
    if (shift < 0 || shift > 20 || !(maxGainDb >= 0)) {
      throw new IllegalArgumentException("need shift 0..20 and maxGainDb >= 0");
    }
    this.targetRms = PowerMeter.dbm0ToRms(targetDbm0);
    this.maxGain = Math.pow(10.0, maxGainDb / 20.0);
    this.minGain = 1.0 / maxGain;
    this.alpha = 1.0 / (1 << shift);
    this.gateMeanSquare = PowerMeter.dbm0ToMeanSquare(gateDbm0);
  }

  /** Scales one sample. */
  public double process(double x) {
    meanSquare += (x * x - meanSquare) * alpha;
    if (++count == UPDATE_EVERY) {
      count = 0;
      meanSquare = Dsp.flush(meanSquare);
      if (!frozen && meanSquare > gateMeanSquare) {
        double g = targetRms / Math.sqrt(meanSquare);
        gain = g > maxGain ? maxGain : Math.max(g, minGain);
      }
    }
    return x * gain;
  }

  /** Scales {@code len} samples of {@code in} into {@code out}. */
  public void process(short[] in, int inOff, double[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = process(in[inOff + i]);
    }
    meanSquare = Dsp.flush(meanSquare);
  }

  /** The current linear gain. */
  public double gain() {
    return gain;
  }

  /** The current gain in dB. */
  public double gainDb() {
    return 20.0 * Math.log10(gain);
  }

  /** The input level the meter reads, in dBm0. */
  public double inputDbm0() {
    return PowerMeter.meanSquareToDbm0(meanSquare);
  }

  /** Holds ({@code true}) or releases the gain. */
  public void freeze(boolean freeze) {
    this.frozen = freeze;
  }

  /** Unity gain, empty meter, not frozen. */
  public void reset() {
    meanSquare = 0.0;
    gain = 1.0;
    count = 0;
    frozen = false;
  }
}
