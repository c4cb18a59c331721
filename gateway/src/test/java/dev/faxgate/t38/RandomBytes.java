package dev.faxgate.t38;

import java.util.SplittableRandom;

/**
 * Generators for the seeded fuzz tests: draws over the stated inclusive ranges, with the ends of
 * each range mixed in (one draw in eight) so that boundary numbers and empty and full-size arrays
 * come up in every run; arrays also favour short lengths and boundary octets, which is where
 * random input most often still decodes.
 */
public final class RandomBytes {
  private static final long[] EDGE_LONGS = {0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE};
  private static final byte[] EDGE_OCTETS = {0, 1, -1, Byte.MAX_VALUE, Byte.MIN_VALUE};
  private static final int SHORT = 16;

  private RandomBytes() {
  }

  /** An int in {@code [min, max]} ({@code max < Integer.MAX_VALUE}); one draw in eight is {@code min} or {@code max}. */
  public static int intIn(SplittableRandom r, int min, int max) {
    if (r.nextInt(8) == 0) {
      return r.nextBoolean() ? min : max;
    }
    return r.nextInt(min, max + 1);
  }

  /** Any long; one draw in eight is 0, 1, -1, {@code Long.MIN_VALUE} or {@code Long.MAX_VALUE}. */
  public static long anyLong(SplittableRandom r) {
    return r.nextInt(8) == 0 ? EDGE_LONGS[r.nextInt(EDGE_LONGS.length)] : r.nextLong();
  }

  /**
   * Random octets of length in {@code [minSize, maxSize]}: one length in eight is {@code minSize}
   * or {@code maxSize}, half the rest at most 16 over {@code minSize}, the others uniform; one array
   * in four has about half its octets drawn from 0x00, 0x01, 0xFF, 0x7F and 0x80.
   */
  public static byte[] bytes(SplittableRandom r, int minSize, int maxSize) {
    int n;
    if (r.nextInt(8) == 0) {
      n = r.nextBoolean() ? minSize : maxSize;
    } else if (r.nextBoolean()) {
      n = r.nextInt(minSize, Math.min(maxSize, minSize + SHORT) + 1);
    } else {
      n = r.nextInt(minSize, maxSize + 1);
    }
    byte[] b = new byte[n];
    r.nextBytes(b);
    if (r.nextInt(4) == 0) {
      for (int i = 0; i < n; i++) {
        if (r.nextBoolean()) {
          b[i] = EDGE_OCTETS[r.nextInt(EDGE_OCTETS.length)];
        }
      }
    }
    return b;
  }
}
