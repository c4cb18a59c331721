package dev.faxgate.t30;

/**
 * The 20-digit identity of CSI, CIG and TSI (and the same layout in PWD, SEP, PSA, SUB, SID):
 * docs/dsp.md §5.4.
 *
 * <p>The FIF is exactly 20 octets of IA5 (ASCII): T.30 allows digits, '+' and space. The string is
 * sent <b>reversed</b>, its last character first, and padded with spaces after it; so
 * {@code "+1 555 1234"} is the FIF {@code 34 33 32 31 20 35 35 35 20 31 2B 20 ... 20} (LSB-first
 * octets, which are plain ASCII). In T.38 order every octet is additionally bit-reversed ({@link
 * BitOrder}); Wireshark reverses both bits and order.
 *
 * <p>Real terminals put other printable characters in it too (spandsp sends whatever its ident
 * is), so decoding keeps any printable ASCII and shows other octets as {@code '?'}.
 */
public final class StationId {
  /** FIF length of an identity frame. */
  public static final int LENGTH = 20;

  private StationId() {
  }

  /**
   * The printable identity of an identity FIF: the octets in reverse order, leading and trailing
   * spaces removed, non-printable octets as {@code '?'}. Any length is decoded (the frame's status
   * says whether it was 20); out-of-range arguments are clamped and a null array gives "".
   */
  public static String decode(byte[] buf, int off, int len) {
    if (buf == null) {
      return "";
    }
    int start = Math.max(0, Math.min(off, buf.length));
    int n = Math.max(0, Math.min(len, buf.length - start));
    StringBuilder sb = new StringBuilder(n);
    for (int i = start + n - 1; i >= start; i--) {
      int c = buf[i] & 0xFF;
      sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
    }
    return sb.toString().strip();
  }

  /** {@link #decode(byte[], int, int)} of a whole array. */
  public static String decode(byte[] fif) {
    return decode(fif, 0, fif == null ? 0 : fif.length);
  }

  /**
   * The 20-octet FIF for an identity: reversed and space-padded. Characters outside printable
   * ASCII become {@code '?'} and anything beyond 20 characters is cut off (use {@link #isValid} to
   * refuse such input instead).
   */
  public static byte[] encode(String id) {
    byte[] out = new byte[LENGTH];
    java.util.Arrays.fill(out, (byte) ' ');
    String s = id == null ? "" : id;
    int n = Math.min(s.length(), LENGTH);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      out[n - 1 - i] = (byte) (c >= 0x20 && c < 0x7F ? c : '?');
    }
    return out;
  }

  /** True if {@code id} has at most 20 characters, all digits, '+' or space (the T.30 set). */
  public static boolean isValid(String id) {
    if (id == null || id.length() > LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '+' && c != ' ') {
        return false;
      }
    }
    return true;
  }
}
