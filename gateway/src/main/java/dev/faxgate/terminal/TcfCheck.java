package dev.faxgate.terminal;

/**
 * The receiver's check of the training check signal (TCF: 1.5 s of zeros on the fast modem just
 * trained, docs/dsp.md §5.4): it passes when the longest run of zero bits lasts at least
 * {@link #MIN_RUN_MS} at the rate, as spandsp judges it; else the answer is FTT. Octets are
 * LSB-first, so the first bits on the line are the low ones. Allocation-free.
 */
public final class TcfCheck {
  /** The shortest run of zeros that passes, in ms of the rate. */
  public static final int MIN_RUN_MS = 1000;

  private int bitRate;
  private long run;
  private long longest;
  private long bits;

  /** A new TCF at {@code bitRate} bit/s begins. */
  public void reset(int bitRate) {
    this.bitRate = bitRate;
    run = 0;
    longest = 0;
    bits = 0;
  }

  /** TCF octets as they arrive. */
  public void add(byte[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      int b = buf[i] & 0xFF;
      bits += 8;
      if (b == 0) {
        run += 8;
        continue;
      }
      run += Integer.numberOfTrailingZeros(b); // first bits on the line
      longest = Math.max(longest, run);
      run = Integer.numberOfLeadingZeros(b) - 24; // last bits on the line
    }
    longest = Math.max(longest, run);
  }

  /** The longest run of zero bits so far. */
  public long longestZeroRun() {
    return longest;
  }

  /** Bits received. */
  public long bits() {
    return bits;
  }

  /** True when the zeros lasted long enough: CFR; false: FTT. */
  public boolean passed() {
    return bitRate > 0 && longest * 1000 >= (long) bitRate * MIN_RUN_MS;
  }
}
