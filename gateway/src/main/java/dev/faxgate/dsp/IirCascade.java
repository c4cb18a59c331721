package dev.faxgate.dsp;

import java.util.Arrays;

/**
 * A cascade of second-order sections in primitive arrays: five coefficients
 * {@code {b0, b1, b2, a1, a2}} and two state values per section, transposed direct form II. This
 * is how the higher-order IIR filters of {@link FilterDesign} (Butterworth) run.
 */
public final class IirCascade {

  private final double[] c;
  private final double[] s;
  private final int sections;

  /** A cascade of {@code sos.length / 5} sections, copied from {@code sos}. */
  public IirCascade(double[] sos) {
    if (sos.length == 0 || sos.length % 5 != 0) {
      throw new IllegalArgumentException("sections come as 5 coefficients each: " + sos.length);
    }
    this.c = sos.clone();
    this.sections = sos.length / 5;
    this.s = new double[2 * sections];
  }

  /** Filters one sample through every section. */
  public double filter(double x) {
    double v = x;
    for (int k = 0, ci = 0, si = 0; k < sections; k++, ci += 5, si += 2) {
      double y = c[ci] * v + s[si];
      s[si] = c[ci + 1] * v - c[ci + 3] * y + s[si + 1];
      s[si + 1] = c[ci + 2] * v - c[ci + 4] * y;
      v = y;
    }
    return v;
  }

  /** Filters {@code len} samples of {@code in} into {@code out} (the arrays may be the same). */
  public void filter(double[] in, int inOff, double[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = filter(in[inOff + i]);
    }
    flushDenormals();
  }

  /** Filters {@code len} samples of {@code in} into {@code out}. */
  public void filter(short[] in, int inOff, double[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = filter(in[inOff + i]);
    }
    flushDenormals();
  }

  /** Sets state values that have decayed below {@link Dsp#TINY} to exact zero. */
  public void flushDenormals() {
    for (int i = 0; i < s.length; i++) {
      s[i] = Dsp.flush(s[i]);
    }
  }

  /** Number of sections. */
  public int sections() {
    return sections;
  }

  /** The magnitude of the frequency response at {@code hz}, for a sample rate of {@code fs}. */
  public double magnitudeAt(double hz, double fs) {
    double w = 2.0 * Math.PI * hz / fs;
    double m = 1.0;
    for (int k = 0, ci = 0; k < sections; k++, ci += 5) {
      m *= Biquad.magnitude(c[ci], c[ci + 1], c[ci + 2], c[ci + 3], c[ci + 4], w);
    }
    return m;
  }

  /** Clears the state. */
  public void reset() {
    Arrays.fill(s, 0.0);
  }
}
