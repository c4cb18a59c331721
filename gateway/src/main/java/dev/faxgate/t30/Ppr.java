package dev.faxgate.t30;

/**
 * The FIF of PPR (partial page request, ECM): a 256-bit map, 32 octets, of the frames of the
 * last block the receiver wants again. Frame {@code n} is bit {@code n % 8} (LSB-first) of octet
 * {@code n / 8}, as spandsp {@code process_rx_ppr} reads it.
 */
public final class Ppr {
  /** Octets in a PPR FIF. */
  public static final int LENGTH = 32;

  private final byte[] map = new byte[LENGTH];
  private final int length;

  private Ppr(byte[] buf, int start, int n) {
    System.arraycopy(buf, start, map, 0, Math.min(n, LENGTH));
    length = n;
  }

  /**
   * Decodes a PPR FIF; the octets are copied. Never throws: a short map reads the missing frames
   * as not requested, extra octets are ignored, a null array reads as empty.
   */
  public static Ppr parse(byte[] buf, int off, int len) {
    if (buf == null) {
      return new Ppr(new byte[0], 0, 0);
    }
    int start = Math.max(0, Math.min(off, buf.length));
    int n = Math.max(0, Math.min(len, buf.length - start));
    return new Ppr(buf, start, n);
  }

  /** {@link #parse(byte[], int, int)} of a whole array. */
  public static Ppr parse(byte[] fif) {
    return parse(fif, 0, fif == null ? 0 : fif.length);
  }

  /** True if frame {@code n} (0..255) is requested again. */
  public boolean requested(int n) {
    return n >= 0 && n < 256 && (map[n >> 3] & (1 << (n & 7))) != 0;
  }

  /** Number of frames requested. */
  public int count() {
    int c = 0;
    for (byte b : map) {
      c += Integer.bitCount(b & 0xFF);
    }
    return c;
  }

  /** The FIF length as received (32 when well formed). */
  public int length() {
    return length;
  }

  /** {@code PPR frames=3 [0 5 17]}, listing at most 16 frame numbers. */
  public String describe() {
    StringBuilder sb = new StringBuilder("PPR frames=").append(count());
    int shown = 0;
    String sep = " [";
    for (int n = 0; n < 256 && shown < 16; n++) {
      if (requested(n)) {
        sb.append(sep).append(n);
        sep = " ";
        shown++;
      }
    }
    if (shown > 0) {
      sb.append(count() > shown ? " ...]" : "]");
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
