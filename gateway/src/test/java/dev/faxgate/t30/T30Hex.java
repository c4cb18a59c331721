// Test helper, not a test: parses annotated hex ("FF 13 | 80 00 EE") and prints octets.
package dev.faxgate.t30;

import java.util.HexFormat;

/** Hex helpers for the t30 byte-vector tests: spaces and "|" separators are ignored. */
final class T30Hex {
  private T30Hex() {
  }

  /** Parses {@code "FF 13 | 80 00 EE"} into octets. */
  static byte[] bytes(String annotated) {
    return HexFormat.of().parseHex(annotated.replaceAll("[\\s|]", ""));
  }

  /** Upper-case hex with a space between octets. */
  static String of(byte[] b) {
    return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(b);
  }

  /** Normalises an annotated hex string to the {@link #of} form. */
  static String norm(String annotated) {
    return of(bytes(annotated));
  }
}
