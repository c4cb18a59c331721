package dev.faxgate.t4;

import java.util.Random;

/** Pages drawn for the codec's tests, packed rows (1 = black), reproducible from a seed. */
final class TestPages {
  private TestPages() {
  }

  /**
   * A page with what stresses a run-length coder: text-like speckle, rectangles, a bar pattern of
   * runs 1, 2, 3 ..., rows of alternating pixels (the most changes a row can have), all-black rows
   * (one run of the full width: extended make-up codes up to 2560) and long black runs starting at
   * every offset 0..7, and white rows.
   */
  static byte[][] drawn(int width, int height, long seed) {
    Random r = new Random(seed);
    byte[][] rows = new byte[height][width / 8];
    for (int i = 0; i < 40; i++) {
      int x0 = r.nextInt(width);
      int y0 = r.nextInt(height);
      int w = 1 + r.nextInt(Math.max(1, width / 3));
      int h = 1 + r.nextInt(Math.max(1, height / 10));
      for (int y = y0; y < Math.min(height, y0 + h); y++) {
        for (int x = x0; x < Math.min(width, x0 + w); x++) {
          set(rows[y], x);
        }
      }
    }
    for (int y = 0; y < height; y++) {
      switch (y % 23) {
        case 3 -> {
          for (int x = 0; x < width; x += 2) {
            set(rows[y], x + (y & 1));
          }
        }
        case 7 -> java.util.Arrays.fill(rows[y], (byte) 0xFF);
        case 11 -> java.util.Arrays.fill(rows[y], (byte) 0);
        case 13 -> {
          for (int x = 0, run = 1; x < width; x += 2 * run, run++) {
            for (int i = 0; i < run && x + i < width; i++) {
              set(rows[y], x + i);
            }
          }
        }
        case 17 -> {
          for (int x = y % 8; x < width - 1; x++) {
            set(rows[y], x);
          }
        }
        default -> {
          for (int i = 0; i < width / 40; i++) {
            int x = r.nextInt(width);
            int len = 1 + r.nextInt(12);
            for (int j = 0; j < len && x + j < width; j++) {
              set(rows[y], x + j);
            }
          }
        }
      }
    }
    return rows;
  }

  static void set(byte[] row, int x) {
    row[x >>> 3] |= (byte) (0x80 >>> (x & 7));
  }
}
