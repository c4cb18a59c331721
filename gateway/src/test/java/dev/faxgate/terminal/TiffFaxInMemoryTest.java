package dev.faxgate.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.faxfile.FaxDocument;
import dev.faxgate.faxfile.FaxPage;
import dev.faxgate.faxfile.HeaderLine;
import dev.faxgate.faxfile.HeaderRasterCheck;
import dev.faxgate.faxfile.TestDocument;
import dev.faxgate.faxfile.TiffFaxWriter;
import dev.faxgate.udptl.UdptlErrorCorrection;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three pieces of terminal mode joined, in simulated time: a TIFF file's pages (faxfile) coded
 * by the T.4/T.6 encoder (t4) go through a sending T.30 engine, over T.38, to a receiving one whose
 * decoder writes a TIFF-F file; read back, its pages are the sent ones, row for row (under the header
 * line when headerinfo is set).
 */
class TiffFaxInMemoryTest {
  private static final ZonedDateTime WHEN = ZonedDateTime.of(2026, 12, 7, 14, 30, 0, 0, ZoneOffset.UTC);

  @TempDir
  Path dir;

  @Test
  void ecmPagesArriveAsSentInMmr() throws Exception {
    fax(true, "", "MMR");
  }

  @Test
  void nonEcmPagesArriveAsSentInMr() throws Exception {
    fax(false, "", "MR");
  }

  @Test
  void aHeaderLineIsDrawnAboveEverySentPage() throws Exception {
    fax(true, "ACME Fax Desk", "MMR");
  }

  /**
   * The kept pages' compression is handed to the executor, not done on the media thread: with an
   * executor that never gets round to it, the file still gets every page, in order, from finish;
   * the late tasks then find nothing to do.
   */
  @Test
  void pagesTheExecutorHasNotCompressedYetAreAllWrittenByFinish() throws Exception {
    List<Runnable> held = new ArrayList<>();
    fax(true, "", "MMR", held::add);
    assertEquals(2, held.size(), "one compression handed off per kept page, none done by the terminal");
    held.forEach(Runnable::run); // after finish: nothing left, nothing written twice
    assertEquals(2, FaxDocument.open(dir.resolve("received.tif")).pageCount());
  }

  /** Pages compressed on other threads, as many as they like at once, still reach the file in order. */
  @Test
  void pagesCompressedOnWorkerThreadsArriveInOrder() throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(2);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try {
      fax(false, "", "MR", task -> workers.execute(() -> {
        threads.add(Thread.currentThread().getName());
        task.run();
      }));
    } finally {
      workers.shutdown();
    }
    assertFalse(threads.isEmpty(), "the pages went to the workers");
    assertFalse(threads.contains(Thread.currentThread().getName()));
  }

  @Test
  void pagesOfDifferentWidthsAndResolutionsGoWithEomAndANewDcsEcm() throws Exception {
    mixedFax(true);
  }

  @Test
  void pagesOfDifferentWidthsAndResolutionsGoWithEomAndANewDcsNonEcm() throws Exception {
    mixedFax(false);
  }

  /**
   * Standard, fine, fine, then B4 (2048 wide) standard: a DCS holds one width and one resolution,
   * so the sender ends page 1 and page 3 with EOM (page 2 with MPS), the receiver answers MCF and
   * sends its DIS again, and a new DCS (with its TCF) carries the next pages. The file has each
   * page in its own geometry, row for row as sent.
   */
  /**
   * The receiver's first answer to EOM is lost, and the DIS it sends after it: the sender repeats
   * EOM after T4, the receiver answers it again and sends its DIS again, and the fax goes on.
   */
  @Test
  void aLostAnswerToEomMakesTheEomRepeat() throws Exception {
    TerminalPair[] pair = new TerminalPair[1];
    pair[0] = mixedFax(false, pair, (fromSender, d) -> fromSender
        || pair[0].sender.engine().state() != T30State.II_Q
        || TerminalPair.count(pair[0].sender, "a", "EOM") != 1);
    assertEquals(3, TerminalPair.count(pair[0].sender, "a", "EOM"), "the first EOM twice, then the second\n"
        + pair[0].logText());
    assertEquals(4, TerminalPair.count(pair[0].receiver, "a", "DIS"), "the first DIS after EOM went twice");
  }

  private void mixedFax(boolean ecm) throws Exception {
    TerminalPair pair = mixedFax(ecm, new TerminalPair[1], (fromSender, d) -> true);
    assertEquals(2, ecm ? ppsEom(pair.sender) : TerminalPair.count(pair.sender, "a", "EOM"),
        "EOM after pages 1 and 3\n" + pair.logText());
    assertEquals(3, TerminalPair.count(pair.receiver, "a", "DIS"), "a DIS at the start and after each EOM");
  }

  private TerminalPair mixedFax(boolean ecm, TerminalPair[] made, TerminalPair.Network network) throws Exception {
    List<TestDocument.Shape> shapes = List.of(TestDocument.Shape.STANDARD, TestDocument.Shape.FINE,
        TestDocument.Shape.FINE, TestDocument.Shape.B4_STANDARD);
    FaxDocument source = FaxDocument.open(TestDocument.write(dir.resolve("mixed.tif"), shapes));
    DocumentPages pages = DocumentPages.load(List.of(source), WHEN, "+1 555 0100", "");
    Path received = dir.resolve("received.tif");
    TiffPageSink sink = new TiffPageSink(new TiffFaxWriter(received, TiffFaxWriter.Compression.T6), Runnable::run);
    TerminalPair pair = new TerminalPair(TerminalOptions.of(true, "+1 555 0100", ecm), pages,
        TerminalOptions.of(false, "+1 555 0199", ecm), sink, TerminalPair.leg(3, UdptlErrorCorrection.REDUNDANCY),
        network);
    made[0] = pair;
    pair.run(300);
    assertTrue(pair.sender.faxReport().success(), pair.sender.faxReport() + "\n" + pair.logText());
    assertTrue(pair.receiver.faxReport().success(), pair.receiver.faxReport() + "\n" + pair.logText());
    assertEquals(4, pair.sender.faxReport().pages());
    assertEquals(4, pair.receiver.faxReport().pages());
    assertEquals(ecm ? 0 : 1, TerminalPair.count(pair.sender, "a", "MPS"), "MPS between the two fine pages");
    assertEquals(3, TerminalPair.count(pair.sender, "a", "DCS"), "a DCS per format");
    assertEquals("204x98", pair.receiver.faxReport().resolution(), "FAXOPT resolution: the last DCS's");
    assertEquals(4, sink.finish(), "pages in the file");
    FaxDocument got = FaxDocument.open(received);
    assertEquals(4, got.pageCount());
    for (int p = 0; p < 4; p++) {
      TestDocument.Shape shape = shapes.get(p);
      FaxDocument.SourcePage tags = got.sourcePage(p);
      assertEquals(shape.width(), tags.width(), "page " + (p + 1) + " width");
      assertEquals(shape.rows(), tags.rows(), "page " + (p + 1) + " rows");
      assertEquals(shape.yDpi(), Math.round(tags.yDpi()), "page " + (p + 1) + " YResolution");
      FaxPage back = got.page(p, shape.width());
      assertTrue(java.util.Arrays.equals(TestDocument.draw(p, shape), back.data()), "page " + (p + 1) + " row for row");
    }
    return pair;
  }

  /** PPSs the terminal sent whose FCF2 is EOM (a PPS-EOM: the last block of a page before a new DCS). */
  private static long ppsEom(T38TerminalProcessor p) {
    int eom = dev.faxgate.t30.Fcf.EOM.octet(false) & 0xFE;
    return p.engine().trace().frames().stream()
        .filter(f -> f.from().equals("a") && f.fcf().equals("PPS"))
        .filter(f -> (Integer.parseInt(f.hex().substring(6, 8), 16) & 0xFE) == eom)
        .count();
  }

  private void fax(boolean ecm, String headerInfo, String coding) throws Exception {
    fax(ecm, headerInfo, coding, Runnable::run);
  }

  private void fax(boolean ecm, String headerInfo, String coding, Executor pageWork) throws Exception {
    FaxDocument source = FaxDocument.open(Path.of(getClass().getResource("faxpeer-2pages-mh.tif").toURI()));
    DocumentPages pages = DocumentPages.load(List.of(source), WHEN, "+1 555 0100", headerInfo);
    Path received = dir.resolve("received.tif");
    TiffPageSink sink = new TiffPageSink(new TiffFaxWriter(received, TiffFaxWriter.Compression.T6), pageWork);
    TerminalPair pair = new TerminalPair(TerminalOptions.of(true, "+1 555 0100", ecm), pages,
        TerminalOptions.of(false, "+1 555 0199", ecm), sink, TerminalPair.leg(3, UdptlErrorCorrection.REDUNDANCY),
        (fromSender, d) -> true);
    pair.run(300);
    assertTrue(pair.sender.faxReport().success(), pair.sender.faxReport() + "\n" + pair.logText());
    assertTrue(pair.receiver.faxReport().success(), pair.receiver.faxReport() + "\n" + pair.logText());
    assertEquals(ImageCoding.valueOf(coding), pair.receiver.engine().format().coding(), "the best coding both have");
    assertEquals(2, sink.finish(), "pages in the file");
    FaxDocument got = FaxDocument.open(received);
    assertEquals(2, got.pageCount());
    for (int p = 0; p < 2; p++) {
      FaxPage sent = source.page(p);
      FaxPage back = got.page(p);
      if (headerInfo.isEmpty()) {
        assertEquals(sent.rowCount(), back.rowCount(), "page " + (p + 1));
        assertTrue(java.util.Arrays.equals(sent.data(), back.data()), "page " + (p + 1) + " row for row");
      } else {
        assertEquals(List.of(), HeaderRasterCheck.bodyDifferences(back, sent), "page " + (p + 1) + " under its header");
        assertEquals(sent.rowCount() + HeaderLine.rowsAt(sent.yDpi()), back.rowCount());
        Path png = HeaderRasterCheck.toPng(back, HeaderLine.rowsAt(back.yDpi()), dir.resolve("header" + p + ".png"));
        String text = HeaderLine.text(WHEN, "+1 555 0100", headerInfo, p + 1, 2, HeaderLine.columns(back.width()));
        assertEquals(List.of(), HeaderRasterCheck.compare(png, text, back.yDpi()), "the header of page " + (p + 1));
      }
    }
  }
}
