package dev.faxgate.dsp;

/**
 * One second-order IIR section, transposed direct form II:
 * {@code H(z) = (b0 + b1·z⁻¹ + b2·z⁻²) / (1 + a1·z⁻¹ + a2·z⁻²)}.
 *
 * <p>Coefficients come from {@link FilterDesign} (which returns sections as
 * {@code {b0, b1, b2, a1, a2}}). The state is two doubles; call {@link #flushDenormals()} once per
 * block when the input may fall to exact zeros.
 */
public final class Biquad {

  private final double b0;
  private final double b1;
  private final double b2;
  private final double a1;
  private final double a2;
  private double s1;
  private double s2;

  /** A section with the given coefficients ({@code a0} normalised to 1). */
  public Biquad(double b0, double b1, double b2, double a1, double a2) {
    this.b0 = b0;
    this.b1 = b1;
    this.b2 = b2;
    this.a1 = a1;
    this.a2 = a2;
  }

  /** A section from {@code sos[off .. off+4] = {b0, b1, b2, a1, a2}}. */
  public Biquad(double[] sos, int off) {
    this(sos[off], sos[off + 1], sos[off + 2], sos[off + 3], sos[off + 4]);
  }

  /** Filters one sample. */
  public double filter(double x) {
    double y = b0 * x + s1;
    s1 = b1 * x - a1 * y + s2;
    s2 = b2 * x - a2 * y;
    return y;
  }

  /** Filters {@code len} samples of {@code in} into {@code out}. */
  public void filter(short[] in, int inOff, double[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = filter(in[inOff + i]);
    }
    flushDenormals();
  }

  /** Filters {@code len} samples of {@code in} into {@code out} (the arrays may be the same). */
  public void filter(double[] in, int inOff, double[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = filter(in[inOff + i]);
    }
    flushDenormals();
  }

  /** Sets state values that have decayed below {@link Dsp#TINY} to exact zero. */
  public void flushDenormals() {
    s1 = Dsp.flush(s1);
    s2 = Dsp.flush(s2);
  }

  /** The magnitude of the frequency response at {@code hz}, for a sample rate of {@code fs}. */
  public double magnitudeAt(double hz, double fs) {
    return magnitude(b0, b1, b2, a1, a2, 2.0 * Math.PI * hz / fs);
  }

  static double magnitude(double b0, double b1, double b2, double a1, double a2, double w) {
    double c1 = Math.cos(w);
    double s1 = Math.sin(w);
    double c2 = Math.cos(2 * w);
    double s2 = Math.sin(2 * w);
    double nr = b0 + b1 * c1 + b2 * c2;
    double ni = -b1 * s1 - b2 * s2;
    double dr = 1.0 + a1 * c1 + a2 * c2;
    double di = -a1 * s1 - a2 * s2;
    return Math.sqrt((nr * nr + ni * ni) / (dr * dr + di * di));
  }

  /** Clears the state. */
  public void reset() {
    s1 = 0.0;
    s2 = 0.0;
  }
}
