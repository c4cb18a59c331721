package dev.faxgate.dsp;

/** Constants shared by the DSP blocks, and the denormal guard. */
public final class Dsp {

  /** Samples per second of every audio signal in Faxgate (G.711 rate). */
  public static final int SAMPLE_RATE = 8000;

  /**
   * Magnitude below which {@link #flush(double)} returns 0: far below anything meaningful on the
   * 16-bit scale, far above the largest denormal (2.2e-308).
   */
  public static final double TINY = 1e-25;

  private Dsp() {
  }

  /** {@code v}, or 0 when |v| is below {@link #TINY}: keeps recursive states out of denormals. */
  public static double flush(double v) {
    return (v < TINY && v > -TINY) ? 0.0 : v;
  }

  /** Rounds and saturates to the 16-bit range. */
  public static short saturate(double v) {
    long r = Math.round(v);
    if (r > Short.MAX_VALUE) {
      return Short.MAX_VALUE;
    }
    if (r < Short.MIN_VALUE) {
      return Short.MIN_VALUE;
    }
    return (short) r;
  }

  /** Milliseconds to samples at {@link #SAMPLE_RATE}. */
  public static int msToSamples(double ms) {
    return (int) Math.round(ms * SAMPLE_RATE / 1000.0);
  }
}
