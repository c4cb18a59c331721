package dev.faxgate.t4;

/**
 * How the T.4/T.6 bit stream is packed into octets. The stream itself is one sequence of bits
 * (the first bit of the EOL's eleven zeros comes first); an octet holds eight consecutive bits
 * of it, and the two orders differ only in which end of the octet holds the earlier bit.
 *
 * <ul>
 *   <li>{@link #MSB_FIRST}: the earliest bit in bit 7. T.38 {@code t4-non-ecm-data} and T.38
 *       {@code hdlc-data} of ECM frames (docs/dsp.md §0), TIFF FillOrder 1.
 *   <li>{@link #LSB_FIRST}: the earliest bit in bit 0. What a modem sends when it sends each octet
 *       LSB first (the fast modems, and the octets inside an ECM frame on the V.21/HDLC line),
 *       TIFF FillOrder 2 (what {@code faxpeer make-tiff} writes, like most fax software).
 * </ul>
 *
 * <p>Converting one to the other is a bit reversal of every octet
 * ({@code dev.faxgate.t30.BitOrder.reverse}).
 */
public enum T4BitOrder {
  MSB_FIRST,
  LSB_FIRST;

  /** The TIFF FillOrder tag value for this order: 1 or 2. */
  public int tiffFillOrder() {
    return this == MSB_FIRST ? 1 : 2;
  }

  /** The order of TIFF FillOrder {@code fillOrder} (1 or 2; anything else is 1, as TIFF says). */
  public static T4BitOrder ofTiffFillOrder(int fillOrder) {
    return fillOrder == 2 ? LSB_FIRST : MSB_FIRST;
  }

  /** The octet {@code b} (0..255) in the other order. */
  static int reverse(int b) {
    return Integer.reverse(b) >>> 24;
  }
}
