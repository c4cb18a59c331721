package dev.faxgate.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.faxfile.FaxDocument;
import dev.faxgate.faxfile.FaxPage;
import dev.faxgate.faxfile.HeaderLine;
import dev.faxgate.faxfile.HeaderRasterCheck;
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
