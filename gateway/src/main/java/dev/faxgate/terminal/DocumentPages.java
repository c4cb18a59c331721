package dev.faxgate.terminal;

import dev.faxgate.faxfile.FaxDocument;
import dev.faxgate.faxfile.FaxPage;
import dev.faxgate.faxfile.HeaderLine;
import dev.faxgate.faxfile.PageGeometry;
import dev.faxgate.t30.Resolution;
import dev.faxgate.t4.T4BitOrder;
import dev.faxgate.t4.T4Encoder;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The pages of TIFF files to send ({@link FaxDocument}s, one after the other), as the engine asks
 * for them: with the header line above each when FAXOPT {@code headerinfo} is set, then coded in
 * the DCS's coding, row time and resolution by {@link T4Encoder}. The pages are decoded from the
 * files once, by {@link #load} (off the media thread: ImageIO); coding a page when it is asked for
 * takes a millisecond or two.
 */
public final class DocumentPages implements PageSource {
  /** Each page at its own fax width (1728, 2048 or 2432), as it goes to a far end that takes it. */
  private final List<FaxPage> pages;
  /** Each page at 1728, for a far end that takes A4 only: the same page as {@link #pages} when that is 1728 wide. */
  private final List<FaxPage> a4Pages;
  private final ZonedDateTime start;
  private final String localStationId;
  private final String headerInfo;

  private DocumentPages(List<FaxPage> pages, List<FaxPage> a4Pages, ZonedDateTime start, String localStationId,
      String headerInfo) {
    this.pages = List.copyOf(pages);
    this.a4Pages = List.copyOf(a4Pages);
    this.start = start;
    this.localStationId = localStationId;
    this.headerInfo = headerInfo;
  }

  /**
   * Decodes every page of {@code documents} at its own fax width (a B4 or A3 page stays 2048 or
   * 2432 wide, {@link dev.faxgate.faxfile.PageGeometry}), and a wider page once more at A4 width for
   * a far end that takes only 1728 (scaled to A4, its rows are scaled too, to keep its shape).
   * Blocking (ImageIO).
   *
   * @param start the date and time the header line shows
   * @param headerInfo FAXOPT headerinfo; empty: no header, the pages go out as they are
   */
  public static DocumentPages load(List<FaxDocument> documents, ZonedDateTime start, String localStationId,
      String headerInfo) {
    List<FaxPage> pages = new ArrayList<>();
    List<FaxPage> a4Pages = new ArrayList<>();
    for (FaxDocument d : documents) {
      for (int i = 0; i < d.pageCount(); i++) {
        FaxPage own = d.page(i, PageGeometry.A3_WIDTH);
        pages.add(own);
        a4Pages.add(own.width() == PageGeometry.A4_WIDTH ? own : d.page(i, PageGeometry.A4_WIDTH));
      }
    }
    if (pages.isEmpty()) {
      throw new IllegalArgumentException("no pages to send");
    }
    return new DocumentPages(pages, a4Pages, start, localStationId, headerInfo);
  }

  @Override
  public int pages() {
    return pages.size();
  }

  @Override
  public Set<ImageCoding> codings() {
    return EnumSet.allOf(ImageCoding.class);
  }

  @Override
  public int width(int index) {
    return pages.get(index).width();
  }

  @Override
  public Resolution resolution(int index) {
    return resolutionOf(pages.get(index));
  }

  @Override
  public Resolution resolution(int index, int width) {
    return resolutionOf(at(index, width));
  }

  private static Resolution resolutionOf(FaxPage page) {
    int y = page.yDpi();
    return y >= 300 ? Resolution.R8_SUPERFINE : y >= 150 ? Resolution.R8_FINE : Resolution.R8_STANDARD;
  }

  /** Page {@code index} at its own width, or at 1728 when {@code width} is less. */
  private FaxPage at(int index, int width) {
    FaxPage own = pages.get(index);
    return width >= own.width() ? own : a4Pages.get(index);
  }

  @Override
  public byte[] page(int index, PageFormat format) {
    FaxPage page = HeaderLine.onPage(at(index, format.width()), start, localStationId, headerInfo, index + 1, pages.size());
    int lpi = linesPerInch(format.resolution());
    T4Encoder encoder = switch (format.coding()) {
      case MH -> T4Encoder.mh(page.width());
      case MR -> T4Encoder.mr(page.width(), T4Encoder.k(lpi));
      case MMR -> T4Encoder.mmr(page.width());
    };
    encoder.form(T4Encoder.Form.TRANSMISSION).bitOrder(T4BitOrder.LSB_FIRST).minRowBits(format.ecm() ? 0 : format.minRowBits());
    encoder.startPage();
    // the page's rows at the DCS's resolution: every row, each row twice (98 lpi page, fine DCS), or every other one
    int rows = (int) ((long) page.rowCount() * lpi / page.yDpi());
    for (int r = 0; r < rows; r++) {
      encoder.encodeRow(page.data(), page.rowOffset((int) ((long) r * page.yDpi() / lpi)));
    }
    encoder.endPage();
    return encoder.readAll();
  }

  /** Rows per inch of the resolutions a page of ours can go out in. */
  static int linesPerInch(Resolution r) {
    return switch (r) {
      case R8_FINE -> 196;
      case R8_SUPERFINE -> 391;
      default -> 98;
    };
  }
}
