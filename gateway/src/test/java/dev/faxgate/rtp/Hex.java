package dev.faxgate.rtp;

/** Test helper: annotated hex byte vectors ("80 00  # V=2 ..."), comments from '#' to end of line. */
final class Hex {

  private Hex() {
  }

  /** Parses hex octets, ignoring whitespace and '#' comments. */
  static byte[] bytes(String annotated) {
    StringBuilder digits = new StringBuilder();
    for (String line : annotated.split("\n")) {
      int hash = line.indexOf('#');
      digits.append((hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s+", ""));
    }
    if (digits.length() % 2 != 0) {
      throw new IllegalArgumentException("odd number of hex digits: " + digits);
    }
    byte[] out = new byte[digits.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /** Formats octets as space-separated upper-case hex. */
  static String of(byte[] b, int off, int len) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < len; i++) {
      s.append(i == 0 ? "" : " ").append(String.format("%02X", b[off + i] & 0xFF));
    }
    return s.toString();
  }
}
