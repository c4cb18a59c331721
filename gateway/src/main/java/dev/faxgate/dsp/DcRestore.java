package dev.faxgate.dsp;

/**
 * Removes a DC offset: a leaky average of the input, kept in fixed point (Q15 on the 16-bit
 * scale, in a {@code long}), is subtracted from each sample. The time constant is 2^shift
 * samples; spandsp's {@code dc_restore} uses 2^14 (about 2 s), which is the default here:
 * slow enough to leave a 300 bit/s FSK signal untouched.
 */
public final class DcRestore {

  /** The default time constant shift: 2^14 samples. */
  public static final int DEFAULT_SHIFT = 14;

  private final int shift;
  private long state;

  /** A restorer with the default time constant. */
  public DcRestore() {
    this(DEFAULT_SHIFT);
  }

  /** A restorer with a time constant of 2^shift samples (1..20). */
  public DcRestore(int shift) {
    if (shift < 1 || shift > 20) {
      throw new IllegalArgumentException("shift must be 1..20: " + shift);
    }
    this.shift = shift;
  }

  /** One sample with the DC estimate removed (not saturated). */
  public int restore(int sample) {
    state += (((long) sample << 15) - state) >> shift;
    return sample - (int) (state >> 15);
  }

  /** Restores {@code len} samples of {@code in} into {@code out} (saturating; arrays may be the same). */
  public void process(short[] in, int inOff, short[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      int y = restore(in[inOff + i]);
      out[outOff + i] = (short) (y > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(y, Short.MIN_VALUE));
    }
  }

  /** The current DC estimate on the 16-bit scale. */
  public double dc() {
    return state / 32768.0;
  }

  /** Forgets the estimate. */
  public void reset() {
    state = 0;
  }
}
