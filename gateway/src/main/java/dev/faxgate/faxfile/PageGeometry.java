package dev.faxgate.faxfile;

/**
 * How a page of a file to send becomes a fax page: its width in pixels (a fax width: 1728 for
 * A4; 2048 (B4) and 2432 (A3) kept when the far end takes them, anything else scaled to 1728),
 * its rows, and its resolution (204 dots per inch across, 98, 196 or 391 lines per inch down).
 *
 * <p>The rule: the width is scaled to the fax width; the vertical resolution becomes the fax one
 * nearest to what keeps the image's shape, and the rows are scaled to it unless that is within
 * 5 % (a 200 x 200 dpi page goes out as 204 x 196 with its rows untouched, as every fax
 * program does). Where the file gives no resolution: across, the page is taken to be as wide as
 * a fax page; down, a page of a fax width is taken to be A4 at the fax resolution whose page
 * length is nearest its row count (1143, 2286, 4572 rows), any other page to have square pixels.
 */
public record PageGeometry(int sourceWidth, int sourceRows, int width, int rows, int xDpi, int yDpi) {
  /** The fax widths: A4, B4, A3 at 8 dots per mm. */
  public static final int A4_WIDTH = 1728;
  public static final int B4_WIDTH = 2048;
  public static final int A3_WIDTH = 2432;
  /** Dots per inch across of every fax width (8 dots per mm). */
  public static final int FAX_X_DPI = 204;
  /** Lines per inch down: standard, fine, superfine (3.85, 7.7, 15.4 lines per mm). */
  public static final int[] FAX_Y_DPI = {98, 196, 391};
  /** Rows of an A4 page (297 mm) at each of {@link #FAX_Y_DPI}. */
  private static final int[] A4_ROWS = {1143, 2286, 4572};

  /** True when {@code rows} and {@code width} are what the source has: the page goes out as it is. */
  public boolean unscaled() {
    return width == sourceWidth && rows == sourceRows;
  }

  /**
   * The plan for a page {@code sourceWidth} x {@code sourceRows} at {@code sourceXDpi} x
   * {@code sourceYDpi} (0 where the file says nothing), to a far end that takes widths up to
   * {@code maxWidth} (1728, 2048 or 2432).
   */
  public static PageGeometry plan(int sourceWidth, int sourceRows, double sourceXDpi, double sourceYDpi, int maxWidth) {
    boolean faxWidth = sourceWidth == A4_WIDTH || sourceWidth == B4_WIDTH || sourceWidth == A3_WIDTH;
    int width = faxWidth && sourceWidth <= maxWidth ? sourceWidth : A4_WIDTH;
    double xDpi = sourceXDpi > 0 ? sourceXDpi : FAX_X_DPI * (double) sourceWidth / width;
    double yDpi = sourceYDpi;
    if (yDpi <= 0) {
      yDpi = faxWidth ? FAX_Y_DPI[nearestIndex(A4_ROWS, sourceRows)] : xDpi;
    }
    // lines per inch that keep the image's shape once its width is scaled to 'width' at 204 dpi
    double natural = FAX_X_DPI * (double) sourceWidth * yDpi / ((double) width * xDpi);
    int target = FAX_Y_DPI[nearestIndex(FAX_Y_DPI, natural)];
    int rows = Math.abs(natural - target) <= 0.05 * target ? sourceRows
        : (int) Math.max(1, Math.round(sourceRows * target / natural));
    return new PageGeometry(sourceWidth, sourceRows, width, rows, FAX_X_DPI, target);
  }

  private static int nearestIndex(int[] values, double value) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (Math.abs(values[i] - value) < Math.abs(values[best] - value)) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The page's rows at this geometry, from {@code source} ({@code (sourceWidth + 7) / 8} octets a
   * row, 1 = black), by nearest neighbour: output pixel x takes source pixel
   * {@code floor((x + 0.5) * sourceWidth / width)}, output row y source row
   * {@code floor((y + 0.5) * sourceRows / rows)}. An unscaled page is returned as it is.
   */
  byte[] scale(byte[] source) {
    int srcStride = (sourceWidth + 7) / 8;
    if (unscaled() && srcStride * 8 == width) {
      return source;
    }
    int stride = width / 8;
    int[] fromX = new int[width];
    for (int x = 0; x < width; x++) {
      fromX[x] = (int) (((2L * x + 1) * sourceWidth) / (2L * width));
    }
    byte[] out = new byte[stride * rows];
    int previousSource = -1;
    for (int y = 0; y < rows; y++) {
      int sy = (int) (((2L * y + 1) * sourceRows) / (2L * rows));
      int d = y * stride;
      if (sy == previousSource) {
        System.arraycopy(out, d - stride, out, d, stride);
        continue;
      }
      previousSource = sy;
      int s = sy * srcStride;
      for (int x = 0; x < width; x++) {
        int sx = fromX[x];
        if ((source[s + (sx >> 3)] & (0x80 >>> (sx & 7))) != 0) {
          out[d + (x >> 3)] |= (byte) (0x80 >>> (x & 7));
        }
      }
    }
    return out;
  }
}
