package dev.faxgate.t38;

import java.util.HexFormat;

/** Hex helpers for byte-vector tests: spaces and "|" separators are ignored when parsing. */
public final class Hex {
  private Hex() {
  }

  /** Parses {@code "C0 01 | 80 00 02"} into bytes. */
  public static byte[] bytes(String annotated) {
    return HexFormat.of().parseHex(annotated.replaceAll("[\\s|]", ""));
  }

  /** Upper-case hex with a space between octets. */
  public static String of(byte[] b, int off, int len) {
    return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(b, off, off + len);
  }

  /** Upper-case hex of the whole array. */
  public static String of(byte[] b) {
    return of(b, 0, b.length);
  }

  /** Normalises an annotated hex string to the {@link #of} form. */
  public static String norm(String annotated) {
    return of(bytes(annotated));
  }
}
