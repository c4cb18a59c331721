package dev.faxgate.faxfile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The bitmap font of the header line: 8 x 16 pixel cells for printable ASCII (32 to 126), read
 * from {@code header-font-8x16.txt} beside this class (rasterised once from DejaVu Sans Mono
 * Bold; provenance and licence in that file and {@code header-font-LICENSE.txt}). Anything else
 * is drawn as '?'.
 */
public final class HeaderFont {
  public static final int WIDTH = 8;
  public static final int HEIGHT = 16;
  /** The resource holding the glyphs, as text: '#' black, '.' white. */
  public static final String RESOURCE = "header-font-8x16.txt";

  private static final int FIRST = 32;
  private static final int LAST = 126;
  private static final HeaderFont INSTANCE = load();

  /** Glyph rows: [char - 32][row], bit 7 the leftmost pixel, 1 = black. */
  private final byte[][] glyphs;

  private HeaderFont(byte[][] glyphs) {
    this.glyphs = glyphs;
  }

  /** The font (loaded once). */
  public static HeaderFont get() {
    return INSTANCE;
  }

  /** Row {@code row} (0..15) of the glyph of {@code c}: 8 pixels, bit 7 the leftmost, 1 = black. */
  public int row(char c, int row) {
    int index = c >= FIRST && c <= LAST ? c - FIRST : '?' - FIRST;
    return glyphs[index][row] & 0xff;
  }

  /** True when {@code c} has a glyph of its own. */
  public static boolean printable(char c) {
    return c >= FIRST && c <= LAST;
  }

  private static HeaderFont load() {
    byte[][] glyphs = new byte[LAST - FIRST + 1][];
    try (InputStream in = HeaderFont.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("header font resource " + RESOURCE + " is missing from the class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (!line.startsWith("char ")) {
          continue;
        }
        int c = Integer.parseInt(line.substring(5).trim());
        byte[] rows = new byte[HEIGHT];
        for (int r = 0; r < HEIGHT; r++) {
          String pixels = reader.readLine();
          lineNumber++;
          if (pixels == null || pixels.length() != WIDTH) {
            throw new IllegalStateException(RESOURCE + " line " + lineNumber + ": glyph " + c + " row " + r
                + " is not " + WIDTH + " pixels");
          }
          int bits = 0;
          for (int x = 0; x < WIDTH; x++) {
            bits = bits << 1 | (pixels.charAt(x) == '#' ? 1 : 0);
          }
          rows[r] = (byte) bits;
        }
        glyphs[c - FIRST] = rows;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the header font " + RESOURCE, e);
    }
    for (int i = 0; i < glyphs.length; i++) {
      if (glyphs[i] == null) {
        throw new IllegalStateException(RESOURCE + " has no glyph for character " + (i + FIRST));
      }
    }
    return new HeaderFont(glyphs);
  }
}
