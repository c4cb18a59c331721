package dev.faxgate.faxfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Light test documents written by {@link TiffFaxWriter} (MH): each page a band of text-like
 * strokes, a slanted line, and the page number as that many black squares, on white. Light on
 * purpose (about 10 kB a page in MH), yet every page has runs of every length class and rows that
 * differ from the one above (MR and MMR code them with all their modes). Pages may differ in width
 * and resolution, as a document that needs EOM and a new DCS between them does.
 */
public final class TestDocument {
  private TestDocument() {}

  /** One page's shape: width in pixels (1728, 2048, 2432) and lines per inch (98, 196, 391). */
  public record Shape(int width, int yDpi) {
    public static final Shape STANDARD = new Shape(1728, 98);
    public static final Shape FINE = new Shape(1728, 196);
    public static final Shape SUPERFINE = new Shape(1728, 391);
    public static final Shape B4_STANDARD = new Shape(2048, 98);

    /** Rows of an A4 page at this resolution (1143, 2286, 4572). */
    public int rows() {
      return yDpi >= 300 ? 4572 : yDpi >= 150 ? 2286 : 1143;
    }
  }

  /** Writes a document of pages of these shapes to {@code file}; page p (from 0) is drawn with seed 16 + p. */
  public static Path write(Path file, List<Shape> shapes) throws IOException {
    try (TiffFaxWriter w = new TiffFaxWriter(file, TiffFaxWriter.Compression.T4_1D)) {
      for (int p = 0; p < shapes.size(); p++) {
        Shape s = shapes.get(p);
        int octets = s.width() / 8;
        byte[] page = draw(p, s);
        w.startPage(s.width(), 204, s.yDpi());
        for (int r = 0; r < s.rows(); r++) {
          w.addRow(page, r * octets);
        }
        w.endPage();
      }
      w.finish();
    }
    return file;
  }

  /** Page {@code p} (from 0) of this shape: {@code rows() * width / 8} octets, 1 = black, MSB first. */
  public static byte[] draw(int p, Shape shape) {
    int scale = shape.rows() / 1143;
    int rows = shape.rows();
    int octets = shape.width() / 8;
    SplittableRandom random = new SplittableRandom(16 + p);
    byte[] page = new byte[rows * octets];
    // four lines of "text": words of 6-px-wide characters with 2-px strokes, 10 rows (standard) tall
    for (int line = 0; line < 4; line++) {
      int top = (60 + line * 24) * scale;
      int x = 80;
      while (x < 1600) {
        int letters = 2 + random.nextInt(7);
        for (int c = 0; c < letters; c++) {
          int form = random.nextInt(4);
          for (int y = 0; y < 10 * scale; y++) {
            int r = top + y;
            boolean edge = y < scale || y >= 9 * scale || y == 5 * scale;
            fill(page, r * octets, x, x + 2);
            if (form != 0) {
              fill(page, r * octets, x + 4, x + 6);
            }
            if (edge && form != 3) {
              fill(page, r * octets, x, x + 6);
            }
          }
          x += 9;
        }
        x += 12 + random.nextInt(14);
      }
    }
    // a 3-px slanted line over a third of the page: a vertical mode per row in 2-D coding
    for (int r = 300 * scale; r < 700 * scale; r++) {
      int x = 100 + (r - 300 * scale) * 3 / scale;
      fill(page, r * octets, x, x + 3);
    }
    // the page number: p + 1 black squares of 40 px
    for (int r = 900 * scale; r < 940 * scale; r++) {
      for (int k = 0; k <= p; k++) {
        fill(page, r * octets, 200 + k * 60, 240 + k * 60);
      }
    }
    // past A4's width (B4, A3): a block at the right edge, so a page scaled to 1728 is seen to differ
    if (shape.width() > 1728) {
      for (int r = 200 * scale; r < 260 * scale; r++) {
        fill(page, r * octets, shape.width() - 200, shape.width() - 40);
      }
    }
    return page;
  }

  /** Blackens pixels [from, to) of the row at {@code offset} (MSB first, 1 = black). */
  private static void fill(byte[] page, int offset, int from, int to) {
    for (int x = from; x < to; x++) {
      page[offset + (x >> 3)] |= (byte) (0x80 >>> (x & 7));
    }
  }
}
