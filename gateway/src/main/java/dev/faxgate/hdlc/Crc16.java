package dev.faxgate.hdlc;

/**
 * CRC-16/ITU as HDLC uses it for its FCS (X.25, T.30): polynomial x^16 + x^12 + x^5 + 1 processed
 * LSB first (reflected, 0x8408), initial value 0xFFFF, final XOR 0xFFFF. The FCS goes on the line
 * low octet first; a CRC over a frame and its FCS then leaves the residue {@link #GOOD_RESIDUE}.
 * Check value: "123456789" gives {@link #CHECK} (0x906E). Example: the DCN frame {@code FF 13 FA}
 * has the FCS 0xE713, sent as {@code 13 E7}.
 */
public final class Crc16 {
  /** The running value before the first octet. */
  public static final int INIT = 0xFFFF;
  /** The CRC of the ASCII octets "123456789". */
  public static final int CHECK = 0x906E;
  /** The running value (before the final XOR) after a frame followed by its correct FCS. */
  public static final int GOOD_RESIDUE = 0xF0B8;

  private static final int POLY_REFLECTED = 0x8408;
  private static final int[] TABLE = table();

  private Crc16() {}

  /** Adds one octet to a running value (started at {@link #INIT}; no final XOR). */
  public static int update(int crc, int octet) {
    return (crc >>> 8) ^ TABLE[(crc ^ octet) & 0xFF];
  }

  /** Adds {@code buf[off .. off+len-1]} to a running value. */
  public static int update(int crc, byte[] buf, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      crc = (crc >>> 8) ^ TABLE[(crc ^ buf[i]) & 0xFF];
    }
    return crc;
  }

  /** The FCS of {@code buf[off .. off+len-1]}: the CRC with its final XOR, to send low octet first. */
  public static int fcs(byte[] buf, int off, int len) {
    return update(INIT, buf, off, len) ^ 0xFFFF;
  }

  /** Whether {@code buf[off .. off+len-1]} is a frame followed by its correct two FCS octets. */
  public static boolean check(byte[] buf, int off, int len) {
    return len >= 2 && update(INIT, buf, off, len) == GOOD_RESIDUE;
  }

  private static int[] table() {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      int c = i;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
      }
      t[i] = c;
    }
    return t;
  }
}
