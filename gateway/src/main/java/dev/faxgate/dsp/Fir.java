package dev.faxgate.dsp;

import java.util.Arrays;

/**
 * A real FIR filter over a linear, double-written delay line (see {@link DelayLine}): one store
 * pair per sample and one contiguous dot product, no modulo, no allocation.
 *
 * <p>{@code y[n] = Σ h[k]·x[n−k]}, with {@code h} as given (for example from
 * {@link FilterDesign}).
 */
public final class Fir {

  private final double[] h;
  private final double[] line;
  private final int taps;
  private int pos;

  /** A filter with a copy of {@code coefficients} ({@code h[0]} weighs the newest sample). */
  public Fir(double[] coefficients) {
    if (coefficients.length < 1) {
      throw new IllegalArgumentException("a FIR needs at least one coefficient");
    }
    this.h = coefficients.clone();
    this.taps = h.length;
    this.line = new double[2 * taps];
  }

  /** Filters one sample. */
  public double filter(double x) {
    int p = (pos == 0 ? taps : pos) - 1;
    line[p] = x;
    line[p + taps] = x;
    pos = p;
    double y = 0.0;
    for (int k = 0; k < taps; k++) {
      y += h[k] * line[p + k];
    }
    return y;
  }

  /** Filters {@code len} samples of {@code in} into {@code out}. */
  public void filter(short[] in, int inOff, double[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = filter(in[inOff + i]);
    }
  }

  /** Filters {@code len} samples of {@code in} into {@code out} (the arrays may be the same). */
  public void filter(double[] in, int inOff, double[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = filter(in[inOff + i]);
    }
  }

  /** Number of taps. */
  public int taps() {
    return taps;
  }

  /** Coefficient {@code k}. */
  public double coefficient(int k) {
    return h[k];
  }

  /** The magnitude of the frequency response at {@code hz} (for tests and design checks). */
  public double magnitudeAt(double hz) {
    double w = 2.0 * Math.PI * hz / Dsp.SAMPLE_RATE;
    double re = 0.0;
    double im = 0.0;
    for (int k = 0; k < taps; k++) {
      re += h[k] * Math.cos(w * k);
      im -= h[k] * Math.sin(w * k);
    }
    return Math.hypot(re, im);
  }

  /** Zeroes the delay line. */
  public void reset() {
    Arrays.fill(line, 0.0);
    pos = 0;
  }
}
