package dev.faxgate.dsp;

/**
 * A linear, double-written delay line of {@code length} samples: each sample is written at
 * {@code p} and {@code p + length} of an array of {@code 2·length}, so the last {@code length}
 * samples are always the contiguous run {@code buffer()[position() .. position()+length-1]},
 * newest first. The write position moves down and wraps by a compare, never by a modulo.
 *
 * <p>Used directly for sliding sums ({@link #push(double)} returns the sample leaving the window)
 * and as the layout {@link Fir} uses for its convolution window.
 */
public final class DelayLine {

  private final double[] line;
  private final int length;
  private int pos;

  /** A line holding the last {@code length} samples, all zero. */
  public DelayLine(int length) {
    if (length < 1) {
      throw new IllegalArgumentException("length must be >= 1: " + length);
    }
    this.length = length;
    this.line = new double[2 * length];
  }

  /**
   * Stores {@code x} as the newest sample and returns the sample it displaces, the one written
   * {@code length} pushes ago (0 while the line fills).
   */
  public double push(double x) {
    int p = (pos == 0 ? length : pos) - 1;
    // Slot p (and its twin p+length) held the oldest sample of the window.
    double leaving = line[p];
    line[p] = x;
    line[p + length] = x;
    pos = p;
    return leaving;
  }

  /** The sample pushed {@code k} pushes ago ({@code k = 0} is the newest), 0 <= k < length. */
  public double get(int k) {
    return line[pos + k];
  }

  /** The backing array: the window is {@code [position(), position() + length())}, newest first. */
  public double[] buffer() {
    return line;
  }

  /** The start of the window in {@link #buffer()}. */
  public int position() {
    return pos;
  }

  /** Samples held. */
  public int length() {
    return length;
  }

  /** Zeroes the line. */
  public void reset() {
    java.util.Arrays.fill(line, 0.0);
    pos = 0;
  }
}
