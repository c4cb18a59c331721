package dev.faxgate.faxfile;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Checks that a page shows a header line: its top rows, rendered to PNG through ImageIO, are
 * compared row by row with the raster the font file says the text has. The expected raster is
 * built here straight from the font's text file (each '#' a 2-dot-wide black pixel, each font row
 * {@link HeaderLine#verticalScale} rows tall), not through {@link HeaderLine}, so a renderer that
 * draws the wrong thing is caught. For end-to-end tests too: a received page's header must match.
 */
public final class HeaderRasterCheck {
  /** In an expected text, a cell whose glyph is not checked (the date and time of a live fax). */
  public static final char ANY = '\u0000';

  private HeaderRasterCheck() {}

  /** The top {@code rows} rows of {@code page} as a black-on-white PNG file. */
  public static Path toPng(FaxPage page, int rows, Path png) throws IOException {
    BufferedImage image = new BufferedImage(page.width(), rows, BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < page.width(); x++) {
        boolean black = (page.data()[page.rowOffset(y) + (x >> 3)] & (0x80 >>> (x & 7))) != 0;
        image.setRGB(x, y, black ? 0xff000000 : 0xffffffff);
      }
    }
    if (!ImageIO.write(image, "png", png.toFile())) {
      throw new IOException("ImageIO has no PNG writer");
    }
    return png;
  }

  /**
   * The rows of {@code png} (from its top) that differ from the header {@code text} at
   * {@code yDpi}, each described; empty when the header is there, pixel for pixel. Cells holding
   * {@link #ANY} are skipped; the rest of each row (right of the text) must be white.
   */
  public static List<String> compare(Path png, String text, int yDpi) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    if (image == null) {
      throw new IOException(png + " is not an image ImageIO reads");
    }
    Map<Character, String[]> font = fontFile();
    int scale = Math.max(1, (int) Math.round(yDpi / 98.0));
    int rows = 16 * scale;
    List<String> differences = new ArrayList<>();
    if (image.getHeight() < rows) {
      differences.add("the image has " + image.getHeight() + " rows, the header " + rows);
      return differences;
    }
    int columns = Math.min(text.length(), image.getWidth() / 16);
    for (int y = 0; y < rows; y++) {
      StringBuilder wrong = new StringBuilder();
      for (int x = 0; x < image.getWidth(); x++) {
        int cell = x / 16;
        boolean expected;
        if (cell < columns) {
          char c = text.charAt(cell);
          if (c == ANY) {
            continue;
          }
          String[] glyph = font.getOrDefault(c, font.get('?'));
          expected = glyph[y / scale].charAt((x % 16) / 2) == '#';
        } else {
          expected = false;
        }
        boolean black = (image.getRGB(x, y) & 0xffffff) == 0;
        if (black != expected && wrong.length() < 200) {
          wrong.append(' ').append(x).append(expected ? "(want black)" : "(want white)");
        }
      }
      if (wrong.length() > 0) {
        differences.add("row " + y + ":" + wrong);
      }
    }
    return differences;
  }

  /**
   * The rows of {@code received} below its header ({@link HeaderLine#rowsAt} rows at its resolution)
   * that differ from {@code sent}'s rows, as row numbers of {@code sent}; also a length that does
   * not match. Empty when the received page is the sent one with a header on top.
   */
  public static List<String> bodyDifferences(FaxPage received, FaxPage sent) {
    List<String> differences = new ArrayList<>();
    int header = HeaderLine.rowsAt(received.yDpi());
    if (received.width() != sent.width() || received.rowCount() != sent.rowCount() + header) {
      differences.add("received " + received.width() + " x " + received.rowCount() + ", expected " + sent.width()
          + " x " + (sent.rowCount() + header) + " (" + header + " header rows on top of the sent page)");
      return differences;
    }
    int octets = sent.rowOctets();
    for (int r = 0; r < sent.rowCount(); r++) {
      if (!java.util.Arrays.equals(received.data(), received.rowOffset(r + header), received.rowOffset(r + header) + octets,
          sent.data(), sent.rowOffset(r), sent.rowOffset(r) + octets)) {
        differences.add("row " + r);
      }
    }
    return differences;
  }

  /** The glyphs of the font file as its text: char -> 16 rows of 8 '#'/'.'. */
  static Map<Character, String[]> fontFile() throws IOException {
    Map<Character, String[]> glyphs = new HashMap<>();
    try (InputStream in = HeaderFont.class.getResourceAsStream(HeaderFont.RESOURCE)) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("char ")) {
          String[] rows = new String[16];
          for (int r = 0; r < 16; r++) {
            rows[r] = reader.readLine();
          }
          glyphs.put((char) Integer.parseInt(line.substring(5).trim()), rows);
        }
      }
    }
    return glyphs;
  }
}
