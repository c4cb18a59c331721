package dev.faxgate.t30;

/**
 * The two octet orders a T.30 frame is seen in (docs/dsp.md §0).
 *
 * <ul>
 *   <li><b>LSB-first</b>: bit 0 of each octet is the first bit on the line. This is what an HDLC
 *       receiver on the V.21 line produces, what spandsp logs ({@code ff 13 80 ...} for DIS), and
 *       the order every class of this package works in.
 *   <li><b>T.38 order</b>: the first line bit is the MSB, so each octet is bit-reversed
 *       ({@code ff c8 01 ...} for DIS). T.38 {@code hdlc-data} and Wireshark use this order.
 * </ul>
 *
 * <p>Converting is a bit reversal of every octet, in both directions.
 */
public final class BitOrder {
  private static final byte[] REVERSED = new byte[256];

  static {
    for (int i = 0; i < 256; i++) {
      int r = 0;
      for (int b = 0; b < 8; b++) {
        if ((i & (1 << b)) != 0) {
          r |= 0x80 >>> b;
        }
      }
      REVERSED[i] = (byte) r;
    }
  }

  private BitOrder() {
  }

  /** The octet with its 8 bits in reverse order (0x01 -> 0x80, 0x13 -> 0xC8), as 0..255. */
  public static int reverse(int octet) {
    return REVERSED[octet & 0xFF] & 0xFF;
  }

  /**
   * A copy of {@code len} octets from {@code off}, each bit-reversed: T.38 order to LSB-first or
   * back. Out-of-range arguments are clamped to the array, so this never throws; a null array
   * gives an empty result.
   */
  public static byte[] reversedCopy(byte[] buf, int off, int len) {
    if (buf == null) {
      return new byte[0];
    }
    int start = Math.max(0, Math.min(off, buf.length));
    int n = Math.max(0, Math.min(len, buf.length - start));
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = REVERSED[buf[start + i] & 0xFF];
    }
    return out;
  }

  /** {@link #reversedCopy(byte[], int, int)} of the whole array. */
  public static byte[] reversedCopy(byte[] buf) {
    return reversedCopy(buf, 0, buf == null ? 0 : buf.length);
  }
}
