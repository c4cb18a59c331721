package dev.faxgate.faxfile;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the header font (src/main/resources/dev/faxgate/faxfile/header-font-8x16.txt) was made, run
 * once by hand: DejaVu Sans Mono Bold (Debian fonts-dejavu-core; Bitstream Vera licence, DejaVu
 * changes public domain: header-font-LICENSE.txt) drawn by Java2D without antialiasing, 13 pixels,
 * one printable ASCII character per 8 x 16 cell, baseline on cell row 12, and written as text
 * ({@code #} black, {@code .} white). The file, not this program, is the font: it is kept as
 * generated and may be touched up by hand.
 *
 * <p>{@code java ... HeaderFontRasteriser /usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf OUT}
 */
final class HeaderFontRasteriser {
  private HeaderFontRasteriser() {}

  public static void main(String[] args) throws Exception {
    Font font = Font.createFont(Font.TRUETYPE_FONT, Path.of(args[0]).toFile()).deriveFont(13f);
    StringBuilder out = new StringBuilder();
    out.append("# Faxgate header font, 8 x 16, printable ASCII (32..126); '#' black, '.' white.\n")
        .append("# Rasterised once from DejaVu Sans Mono Bold (Debian fonts-dejavu-core) by HeaderFontRasteriser\n")
        .append("# (test sources); Bitstream Vera licence, DejaVu changes public domain: see header-font-LICENSE.txt.\n")
        .append("# This bitmap font is not named Bitstream or Vera. Each glyph: a line 'char N' then 16 rows.\n");
    for (int c = 32; c <= 126; c++) {
      BufferedImage cell = new BufferedImage(8, 16, BufferedImage.TYPE_BYTE_BINARY);
      Graphics2D g = cell.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
      g.setFont(font);
      FontMetrics metrics = g.getFontMetrics();
      String text = String.valueOf((char) c);
      int x = (8 - metrics.stringWidth(text)) / 2;
      g.drawString(text, x, 12);
      g.dispose();
      out.append("char ").append(c).append('\n');
      for (int y = 0; y < 16; y++) {
        for (int px = 0; px < 8; px++) {
          out.append((cell.getRGB(px, y) & 0xffffff) != 0 ? '#' : '.');
        }
        out.append('\n');
      }
    }
    Files.writeString(Path.of(args[1]), out.toString(), StandardCharsets.US_ASCII);
  }

}
