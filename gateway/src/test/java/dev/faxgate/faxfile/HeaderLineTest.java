package dev.faxgate.faxfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The header line: its text laid out as spandsp's, drawn with the shipped font (compared row by
 * row, through a PNG, with the raster the font file gives), half as tall at 98 lines per inch as
 * at 196, above the page; and no header at all when headerinfo is empty.
 */
class HeaderLineTest {
  @TempDir Path dir;

  private static final ZonedDateTime WHEN = ZonedDateTime.of(2026, 12, 7, 13, 51, 30, 0, ZoneOffset.UTC);

  @Test
  void theTextIsLaidOutAsSpandspsHeaderWithPageOfPages() {
    String text = HeaderLine.text(WHEN, "+1 555 0100", "ACME Corp", 1, 2, 108);
    assertEquals(108, text.length());
    assertEquals("   7-Dec-2026  13:51    ACME Corp", text.substring(0, 33));
    assertEquals(24, text.indexOf("ACME"), "headerinfo where spandsp puts it");
    assertEquals(75, text.indexOf("+1 555 0100"), "the station id where spandsp puts it");
    assertEquals(99, text.indexOf("Page 1/2"), text);
    String longInfo = "x".repeat(80);
    String cut = HeaderLine.text(WHEN, "id", longInfo, 12, 15, 108);
    assertEquals(108, cut.length());
    assertTrue(cut.endsWith("Page 12/15"), "the page field is never cut: " + cut);
    assertEquals("   7-Dec-2026  13:51    " + "x".repeat(49) + " id", cut.substring(0, 76));
    assertEquals("?", HeaderLine.text(WHEN, "", "\u00e9", 1, 1, 108).substring(24, 25), "no glyph: '?'");
  }

  @Test
  void theGlyphRowsAreTheFontFilesDoubledAcross() throws Exception {
    byte[] rows = HeaderLine.render("H", 1728, 98);
    assertEquals(16 * 216, rows.length);
    HeaderFont font = HeaderFont.get();
    boolean anyBlack = false;
    for (int r = 0; r < 16; r++) {
      int glyph = font.row('H', r);
      int wide = (rows[r * 216] & 0xff) << 8 | (rows[r * 216 + 1] & 0xff);
      for (int bit = 0; bit < 8; bit++) {
        boolean black = (glyph & (0x80 >> bit)) != 0;
        anyBlack |= black;
        assertEquals(black, (wide & (0x8000 >> (2 * bit))) != 0, "row " + r + " pixel " + bit);
        assertEquals(black, (wide & (0x8000 >> (2 * bit + 1))) != 0, "row " + r + " pixel " + bit + " doubled");
      }
      for (int i = 2; i < 216; i++) {
        assertEquals(0, rows[r * 216 + i], "white beyond the text");
      }
    }
    assertTrue(anyBlack);
    // 'H' as the font file draws it: two stems and a bar, on 4 font rows as 8 dots each
    assertEquals(".##...##", HeaderRasterCheck.fontFile().get('H')[6]);
    assertEquals(".#######", HeaderRasterCheck.fontFile().get('H')[7]);
    assertEquals(0b0011110000001111, (rows[6 * 216] & 0xff) << 8 | (rows[6 * 216 + 1] & 0xff));
    assertEquals(0b0011111111111111, (rows[7 * 216] & 0xff) << 8 | (rows[7 * 216 + 1] & 0xff));
  }

  @ParameterizedTest
  @ValueSource(ints = {98, 196, 391})
  void aRenderedHeaderMatchesTheFontRasterThroughAPng(int yDpi) throws Exception {
    String text = HeaderLine.text(WHEN, "+1 555 0100", "ACME Corp {test} ~!@#$%^&*()_+|", 3, 5, 108);
    FaxPage blank = new FaxPage(1728, 100, 204, yDpi, new byte[216 * 100]);
    FaxPage sent = HeaderLine.onPage(blank, WHEN, "+1 555 0100", "ACME Corp {test} ~!@#$%^&*()_+|", 3, 5);
    assertEquals(100 + HeaderLine.rowsAt(yDpi), sent.rowCount(), "the header comes above the page");
    Path png = HeaderRasterCheck.toPng(sent, HeaderLine.rowsAt(yDpi), dir.resolve("header-" + yDpi + ".png"));
    assertEquals(List.of(), HeaderRasterCheck.compare(png, text, yDpi));

    // the check can fail: another page number, another resolution
    String otherPage = HeaderLine.text(WHEN, "+1 555 0100", "ACME Corp {test} ~!@#$%^&*()_+|", 4, 5, 108);
    assertFalse(HeaderRasterCheck.compare(png, otherPage, yDpi).isEmpty());
    assertFalse(HeaderRasterCheck.compare(png, text, yDpi == 98 ? 196 : 98).isEmpty());
    // and cells marked ANY are not checked: the date and time of a live fax
    char[] masked = otherPage.toCharArray();
    Arrays.fill(masked, 0, 24, HeaderRasterCheck.ANY);
    masked[otherPage.indexOf("4/5")] = HeaderRasterCheck.ANY;
    String maskedText = new String(masked);
    assertEquals(List.of(), HeaderRasterCheck.compare(png, maskedText, yDpi));
  }

  /** The way an end-to-end test checks a received fax: the header found on a page read back from a TIFF-F file. */
  @Test
  void theHeaderIsFoundOnAPageReadBackFromATiffFile() throws Exception {
    byte[] image = TiffFaxWriterTest.pageRows(1728, 200, 5);
    FaxPage sent = HeaderLine.onPage(new FaxPage(1728, 200, 204, 196, image), WHEN, "+1 555 0100", "ACME", 1, 1);
    Path file = dir.resolve("received.tif");
    try (TiffFaxWriter writer = new TiffFaxWriter(file, TiffFaxWriter.Compression.T6)) {
      writer.startPage(sent.width(), sent.xDpi(), sent.yDpi());
      for (int r = 0; r < sent.rowCount(); r++) {
        writer.addRow(sent.data(), sent.rowOffset(r));
      }
      writer.endPage();
      writer.finish();
    }
    FaxPage received = FaxDocument.open(file).page(0);
    Path png = HeaderRasterCheck.toPng(received, HeaderLine.rowsAt(196), dir.resolve("received.png"));
    char[] expected = HeaderLine.text(WHEN, "+1 555 0100", "ACME", 1, 1, 108).toCharArray();
    Arrays.fill(expected, 0, 24, HeaderRasterCheck.ANY);
    assertEquals(List.of(), HeaderRasterCheck.compare(png, new String(expected), 196));
    FaxPage original = new FaxPage(1728, 200, 204, 196, image);
    assertEquals(List.of(), HeaderRasterCheck.bodyDifferences(received, original), "under the header, the page as it was");
    byte[] changed = image.clone();
    changed[216 * 150 + 3] ^= 1;
    assertEquals(List.of("row 150"), HeaderRasterCheck.bodyDifferences(received, new FaxPage(1728, 200, 204, 196, changed)));
  }

  @Test
  void aGlyphIsHalfAsTallAt98LinesPerInchAsAt196() {
    assertEquals(16, HeaderLine.rowsAt(98));
    assertEquals(32, HeaderLine.rowsAt(196));
    assertEquals(64, HeaderLine.rowsAt(391));
    assertEquals(32, HeaderLine.rowsAt(200));
    byte[] standard = HeaderLine.render("Ag", 1728, 98);
    byte[] fine = HeaderLine.render("Ag", 1728, 196);
    for (int r = 0; r < 32; r++) {
      assertTrue(Arrays.equals(standard, (r / 2) * 216, (r / 2 + 1) * 216, fine, r * 216, (r + 1) * 216),
          "fine row " + r + " is standard row " + r / 2);
    }
    assertEquals(128, HeaderLine.columns(2048));
    assertEquals(152, HeaderLine.columns(2432));
  }

  @Test
  void anEmptyHeaderinfoDrawsNothing() {
    byte[] data = TiffFaxWriterTest.pageRows(1728, 50, 9);
    byte[] copy = data.clone();
    FaxPage page = new FaxPage(1728, 50, 204, 98, data);
    assertSame(page, HeaderLine.onPage(page, WHEN, "+1 555 0100", "", 1, 1));
    assertSame(page, HeaderLine.onPage(page, WHEN, "+1 555 0100", null, 1, 1));
    assertTrue(Arrays.equals(copy, page.data()), "the page's rows are untouched");
    FaxPage headed = HeaderLine.onPage(page, WHEN, "+1 555 0100", "x", 1, 1);
    assertTrue(Arrays.equals(copy, 0, copy.length, headed.data(), 16 * 216, headed.data().length),
        "below the header, the page is bit for bit the same");
  }

  @Test
  void theFontHasEveryPrintableCharacterInItsCell() throws Exception {
    Map<Character, String[]> glyphs = HeaderRasterCheck.fontFile();
    for (char c = 32; c <= 126; c++) {
      String[] rows = glyphs.get(c);
      assertEquals(16, rows.length, "glyph " + c);
      for (String row : rows) {
        assertTrue(row.matches("[#.]{8}"), "glyph " + c + ": " + row);
      }
      boolean blank = Arrays.stream(rows).allMatch(r -> r.equals("........"));
      assertEquals(c == ' ', blank, "only the space is blank: '" + c + "'");
    }
  }
}
