package dev.faxgate.dsp;

/**
 * The Goertzel algorithm: the energy of one DFT bin over a block, for one multiply-add per
 * sample. The coefficient {@code 2·cos(2πf/fs)} is computed once (never {@code Math.cos} per
 * sample). The caller chooses the block: feed samples, read {@link #energy()} or
 * {@link #toneMeanSquare()}, then {@link #reset()} for the next block (Asterisk's
 * {@code goertzel_sample}/{@code goertzel_result}/{@code goertzel_reset} cycle).
 *
 * <p>Scaling: a sine of amplitude A at the bin frequency over N samples gives
 * {@code energy() = (A·N/2)²}, so {@code toneMeanSquare() = 2·energy()/N² = A²/2}, the sine's own
 * mean square, comparable with {@link PowerMeter} readings.
 */
public final class Goertzel {

  private final double coeff;
  private final double frequency;
  private final double sampleRate;
  private double s1;
  private double s2;
  private int count;

  /** A bin at {@code hz} for signals at {@link Dsp#SAMPLE_RATE}. */
  public Goertzel(double hz) {
    this(hz, Dsp.SAMPLE_RATE);
  }

  /** A bin at {@code hz} for signals at {@code sampleRate}. */
  public Goertzel(double hz, double sampleRate) {
    this.frequency = hz;
    this.sampleRate = sampleRate;
    this.coeff = 2.0 * Math.cos(2.0 * Math.PI * hz / sampleRate);
  }

  /** Feeds one sample. */
  public void update(double x) {
    double s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    count++;
  }

  /** Feeds a block of samples. */
  public void update(short[] samples, int off, int len) {
    double a = s1;
    double b = s2;
    double k = coeff;
    for (int i = off, end = off + len; i < end; i++) {
      double s0 = samples[i] + k * a - b;
      b = a;
      a = s0;
    }
    s1 = a;
    s2 = b;
    count += len;
  }

  /** |X(f)|² of the samples fed since the last reset. */
  public double energy() {
    return s1 * s1 + s2 * s2 - coeff * s1 * s2;
  }

  /** The mean square of the tone at the bin frequency: {@code 2·energy()/N²} (0 before any sample). */
  public double toneMeanSquare() {
    return count == 0 ? 0.0 : 2.0 * energy() / ((double) count * count);
  }

  /** Samples fed since the last reset. */
  public int count() {
    return count;
  }

  /** The bin frequency in Hz. */
  public double frequency() {
    return frequency;
  }

  /** The sample rate the coefficient was computed for. */
  public double sampleRate() {
    return sampleRate;
  }

  /** The recursion coefficient {@code 2·cos(2πf/fs)}. */
  public double coefficient() {
    return coeff;
  }

  /** Starts a new block. */
  public void reset() {
    s1 = 0.0;
    s2 = 0.0;
    count = 0;
  }
}
