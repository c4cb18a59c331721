package dev.faxgate.fuzz;

/**
 * Splits one fuzz input into a sequence of chunks (datagrams, frames), each preceded by a 16-bit
 * big-endian length: {@code LL LL data... LL LL data...}. A length longer than what is left takes
 * the rest, so every input splits and the fuzzer's mutations of a length stay meaningful. The seed
 * files of the stream targets are real datagrams written this way ({@link #join}).
 */
final class Chunks {
  private final byte[] in;
  private int pos;
  private int off;
  private int len;

  Chunks(byte[] in) {
    this.in = in;
  }

  /** Back to the first chunk (allocates nothing, for replays). */
  Chunks rewind() {
    pos = off = len = 0;
    return this;
  }

  /** Advances to the next chunk; false when the input is used up. */
  boolean next() {
    if (in.length - pos < 2) {
      return false;
    }
    int n = (in[pos] & 0xFF) << 8 | (in[pos + 1] & 0xFF);
    pos += 2;
    off = pos;
    len = Math.min(n, in.length - pos);
    pos += len;
    return true;
  }

  byte[] array() {
    return in;
  }

  int offset() {
    return off;
  }

  int length() {
    return len;
  }

  /** The chunks written in this format, for seeds. */
  static byte[] join(java.util.List<byte[]> chunks) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] c : chunks) {
      out.write(c.length >>> 8);
      out.write(c.length);
      out.write(c, 0, c.length);
    }
    return out.toByteArray();
  }
}
