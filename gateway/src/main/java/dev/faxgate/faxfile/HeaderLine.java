package dev.faxgate.faxfile;

import java.time.ZonedDateTime;

/**
 * The header line a sending terminal draws on top of every page when FAXOPT {@code headerinfo} is
 * set, laid out as spandsp's t4_tx (the header Asterisk's SendFAX draws) does:
 *
 * <pre>
 *   "  " day-Mon-year "  " HH:mm "    " headerinfo " " localstationid (21 wide) "   " "Page n/m"
 * </pre>
 *
 * for example {@code "   7-Dec-2026  13:51    ACME Corp ... +1 555 0100             Page 1/2"}, one
 * line across the page, in spandsp's columns (headerinfo from column 24, 50 characters on A4, the
 * station id from column 75). Where spandsp writes {@code p.n}, we write {@code Page n/m} (from
 * column 99); a longer page field ({@code Page 12/15}) takes its room from headerinfo, which is cut.
 *
 * <p>Drawn with {@link HeaderFont}: each font pixel is 2 dots wide (16 dots a character: 108 of
 * them across 1728) and 1, 2 or 4 rows tall at 98, 196 or 391 lines per inch, so the line is
 * about 4 mm high at every resolution. As in spandsp, the header rows come above the page's own
 * rows (the page grows by {@link #rowsAt} rows; the image is not overwritten). When headerinfo is
 * empty nothing is drawn: the page leaves bit for bit as it came.
 */
public final class HeaderLine {
  private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
      "Nov", "Dec"};
  /** Width of the station id field: T.30 idents are 20 characters. */
  private static final int IDENT_WIDTH = 21;
  /** Dots a font pixel takes across. */
  private static final int X_SCALE = 2;
  /** A font row byte spread to 16 dots: each pixel twice. */
  private static final char[] DOUBLED = new char[256];

  static {
    for (int b = 0; b < 256; b++) {
      int wide = 0;
      for (int bit = 7; bit >= 0; bit--) {
        wide = wide << 2 | ((b >> bit) & 1) * 3;
      }
      DOUBLED[b] = (char) wide;
    }
  }

  private HeaderLine() {}

  /** Rows each font row takes at {@code yDpi} lines per inch: 1 at 98 (and below 147), 2 at 196, 3 at 300, 4 at 391 and 400. */
  public static int verticalScale(int yDpi) {
    return Math.max(1, (int) Math.round(yDpi / 98.0));
  }

  /** Rows the header line takes at {@code yDpi} lines per inch: 16 at 98, 32 at 196, 64 at 391. */
  public static int rowsAt(int yDpi) {
    return HeaderFont.HEIGHT * verticalScale(yDpi);
  }

  /** Characters across a page {@code width} dots wide: 108 on A4 (1728). */
  public static int columns(int width) {
    return width / (HeaderFont.WIDTH * X_SCALE);
  }

  /**
   * The text of the header of page {@code page} (from 1) of {@code pages}, sent at {@code when},
   * {@code columns} characters long (cut, or padded with spaces).
   */
  public static String text(ZonedDateTime when, String localStationId, String headerInfo, int page, int pages,
      int columns) {
    String left = String.format("  %2d-%s-%d  %02d:%02d    ", when.getDayOfMonth(), MONTHS[when.getMonthValue() - 1],
        when.getYear(), when.getHour(), when.getMinute());
    String pageField = "Page " + page + "/" + pages;
    // spandsp's columns: headerinfo 50 wide on A4 (wider pages give it the extra room), then the
    // station id from column 75; a page field longer than 8 characters takes room from headerinfo
    int fixed = left.length() + 1 + IDENT_WIDTH + 3;
    int infoWidth = Math.max(0, Math.min(columns - 58, columns - fixed - pageField.length()));
    String line = left + fit(headerInfo, infoWidth) + " " + fit(localStationId, IDENT_WIDTH) + "   " + pageField;
    return fit(line, columns);
  }

  /** {@code text} cut or padded with spaces to {@code width}, characters without a glyph as '?'. */
  private static String fit(String text, int width) {
    StringBuilder out = new StringBuilder(width);
    String s = text == null ? "" : text;
    for (int i = 0; i < s.length() && out.length() < width; i++) {
      char c = s.charAt(i);
      out.append(HeaderFont.printable(c) ? c : '?');
    }
    while (out.length() < width) {
      out.append(' ');
    }
    return out.toString();
  }

  /**
   * {@code text} drawn as header rows for a page {@code width} dots wide at {@code yDpi}: {@link
   * #rowsAt} rows of {@code width / 8} octets, 1 = black; characters beyond the page's
   * {@link #columns} are not drawn.
   */
  public static byte[] render(String text, int width, int yDpi) {
    int stride = width / 8;
    int scale = verticalScale(yDpi);
    byte[] rows = new byte[stride * rowsAt(yDpi)];
    HeaderFont font = HeaderFont.get();
    int count = Math.min(text.length(), columns(width));
    for (int fontRow = 0; fontRow < HeaderFont.HEIGHT; fontRow++) {
      int first = fontRow * scale * stride;
      for (int i = 0; i < count; i++) {
        char wide = DOUBLED[font.row(text.charAt(i), fontRow)];
        rows[first + 2 * i] = (byte) (wide >> 8);
        rows[first + 2 * i + 1] = (byte) wide;
      }
      for (int copy = 1; copy < scale; copy++) {
        System.arraycopy(rows, first, rows, first + copy * stride, stride);
      }
    }
    return rows;
  }

  /**
   * {@code page} as it is sent: with the header line above it when {@code headerInfo} is set,
   * the very same page (bit for bit) when it is empty.
   */
  public static FaxPage onPage(FaxPage page, ZonedDateTime when, String localStationId, String headerInfo,
      int pageNumber, int pages) {
    if (headerInfo == null || headerInfo.isEmpty()) {
      return page;
    }
    String text = text(when, localStationId, headerInfo, pageNumber, pages, columns(page.width()));
    return page.withRowsAbove(render(text, page.width(), page.yDpi()));
  }
}
