package dev.faxgate.t4;

import java.util.Arrays;

/**
 * A row as its changing elements (T.4 §4.2.1.3.1): the positions of the pixels whose colour
 * differs from the pixel before, the imaginary pixel before the first one being white. Element 0
 * (and every even one) turns white to black, element 1 (every odd one) black to white. Both coders
 * work on these lists: the 2-D modes are defined on them, and a run is the distance between two.
 *
 * <p>A list of {@code n} elements is followed by {@link #SENTINELS} copies of the width, where
 * T.4 puts b1 and b2 when the reference line has no more changes.
 */
final class ChangingElements {
  static final int SENTINELS = 3;

  private ChangingElements() {
  }

  /** An array for the changing elements of a row {@code width} wide, sentinels included. */
  static int[] forWidth(int width) {
    return new int[width + SENTINELS + 1];
  }

  /**
   * Writes the changing elements of the packed row at {@code row[off..]} (MSB = leftmost pixel,
   * 1 = black; {@code width} a multiple of 8) to {@code out}, then the sentinels; returns their
   * number. Whole octets of the current colour are skipped at once.
   */
  static int fromRow(byte[] row, int off, int width, int[] out) {
    int n = 0;
    int colour = 0;
    int octets = width >>> 3;
    int i = 0;
    int bit = 0;
    while (i < octets) {
      int b = row[off + i] & 0xFF;
      if (colour != 0) {
        b ^= 0xFF;
      }
      b &= 0xFF >>> bit; // pixels before the last change are already accounted for
      if (b == 0) {
        i++;
        bit = 0;
        continue;
      }
      bit = Integer.numberOfLeadingZeros(b) - 24;
      out[n++] = (i << 3) + bit;
      colour ^= 1;
    }
    Arrays.fill(out, n, n + SENTINELS, width);
    return n;
  }

  /** Renders {@code n} changing elements into the packed row {@code row} (first {@code width / 8} octets). */
  static void render(int[] changes, int n, int width, byte[] row) {
    Arrays.fill(row, 0, width >>> 3, (byte) 0);
    for (int i = 0; i < n; i += 2) {
      int end = i + 1 < n ? changes[i + 1] : width;
      black(row, changes[i], end);
    }
  }

  /** Sets pixels {@code from} (inclusive) to {@code to} (exclusive) black. */
  private static void black(byte[] row, int from, int to) {
    if (from >= to) {
      return;
    }
    int first = from >>> 3;
    int last = (to - 1) >>> 3;
    int firstMask = 0xFF >>> (from & 7);
    int lastMask = (0xFF << (7 - ((to - 1) & 7))) & 0xFF;
    if (first == last) {
      row[first] |= (byte) (firstMask & lastMask);
      return;
    }
    row[first] |= (byte) firstMask;
    for (int i = first + 1; i < last; i++) {
      row[i] = (byte) 0xFF;
    }
    row[last] |= (byte) lastMask;
  }
}
