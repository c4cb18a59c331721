package dev.faxgate.terminal;

import dev.faxgate.faxfile.TiffFaxWriter;
import dev.faxgate.t4.T4BitOrder;
import dev.faxgate.t4.T4Coding;
import dev.faxgate.t4.T4Decoder;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * Received pages into a TIFF-F file: the coded octets go through {@link T4Decoder} (bad rows
 * concealed and counted, for the copy-quality answer) and are kept as they came; a page the engine
 * keeps (MCF, RTP) goes to the {@link TiffFaxWriter}, one it discards (RTN: it comes again) is
 * dropped. The file itself is written by {@link #finish} at the session's end, off the media thread.
 *
 * <p>A kept page that is MMR and decoded without an error (ECM delivers T.6 pages whole) is
 * already what the writer holds a page as: its octets go to it as they are
 * ({@link TiffFaxWriter#addMmrPage}), nothing is decoded or compressed again. Any other page (MH or
 * MR, or a page with bad rows) is decoded again from its octets off the media thread, the same rows
 * concealed the same way, and compressed from those rows: the media thread only counts rows.
 *
 * <p>Compressing a kept page (a few ms of CPU) is not done by the caller: it would stall
 * the media thread and every other session on it. {@link #keepPage} queues the page's octets and
 * hands the work to the {@code pageWork} executor; pages are compressed one at a time, in
 * the order they were kept, whatever the executor's order or thread count. {@link #finish} (or
 * {@link #abort}) runs whatever is still queued itself, so it never waits for an executor that is
 * busy or gone, and a page kept before it is never lost. A page that fails to compress fails
 * {@code finish} with the page's number, as a file that cannot be written does.
 *
 * <p>Locks: the media thread ({@link #keepPage}) takes only {@code queue}, which every holder keeps
 * for a few deque operations; {@code writing}, held through a page's compression, is taken only by
 * the page executor and by {@link #finish}, {@link #abort} and {@link #remoteStationId}, which the
 * node calls in {@code executeBlocking} when the session has ended.
 */
public final class TiffPageSink implements PageSink {
  private final TiffFaxWriter writer;
  private final Executor pageWork;
  /** The page being received, as it came: {@code codedLength} octets, LSB first. */
  private byte[] coded = new byte[0];
  private int codedLength;
  private T4Decoder decoder;
  private PageFormat format;
  private T4Coding coding;
  private int kept;

  /** Kept pages not compressed yet, oldest first (guarded by itself). */
  private final ArrayDeque<KeptPage> queue = new ArrayDeque<>();
  /**
   * Octet buffers of written pages, back for the next pages (guarded by {@link #queue}): a kept
   * page takes its buffer with it instead of a copy, and no page allocates one once a few exist.
   */
  private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
  /** Held while the writer is used: it is not thread-safe, and holding it keeps pages in order. */
  private final Object writing = new Object();
  /** The first page that could not be compressed (guarded by {@link #writing}). */
  private IOException failure;
  /** Set by finish or abort (guarded by {@link #writing}): a late task finds nothing left to do. */
  private boolean done;
  private String remoteStationId;

  /**
   * A kept page: its {@code length} coded octets (the buffer may be longer), the rows the line's
   * decoder found in them, and whether that decoder found them clean MMR (then the octets are the
   * page as the writer keeps it).
   */
  private record KeptPage(int number, byte[] octets, int length, T4Coding coding, boolean cleanMmr, int rows,
      int width, int yDpi) {}


  /** Compresses each kept page on the caller's thread (tests and tools that have no other). */
  public TiffPageSink(TiffFaxWriter writer) {
    this(writer, Runnable::run);
  }

  /** Compresses kept pages on {@code pageWork} (in a session: a worker thread, off the media thread). */
  public TiffPageSink(TiffFaxWriter writer, Executor pageWork) {
    this.writer = writer;
    this.pageWork = pageWork;
  }

  /** The remote station's identity, for the file's ImageDescription; may come in late. */
  public void remoteStationId(String id) {
    synchronized (writing) {
      this.remoteStationId = id;
    }
  }

  @Override
  public void startPage(PageFormat format) {
    this.format = format;
    codedLength = 0;
    coding = switch (format.coding()) {
      case MH -> T4Coding.MH;
      case MR -> T4Coding.MR;
      case MMR -> T4Coding.MMR;
    };
    // the line's decoder only checks and counts the rows: the page is kept as its octets
    decoder = T4Decoder.countingRows(coding, format.width()).bitOrder(T4BitOrder.LSB_FIRST);
    decoder.startPage();
  }

  @Override
  public void data(byte[] buf, int off, int len) {
    if (codedLength + len > coded.length) {
      coded = Arrays.copyOf(coded, Math.max(codedLength + len, Math.max(2 * coded.length, 64 * 1024)));
    }
    System.arraycopy(buf, off, coded, codedLength, len);
    codedLength += len;
    decoder.put(buf, off, len);
  }

  @Override
  public PageQuality endPage() {
    decoder.finish();
    return new PageQuality(decoder.rows(), decoder.badRows(), decoder.longestBadRun());
  }

  /** Queues the page for the writer and returns at once (its octet buffer goes with it: no copy, no coding here). */
  @Override
  public void keepPage() {
    boolean cleanMmr = coding == T4Coding.MMR && decoder.badRows() == 0
        && decoder.pageEnd() != T4Decoder.PageEnd.DECODE_ERROR;
    KeptPage page = new KeptPage(++kept, coded, codedLength, coding, cleanMmr, decoder.rows(), format.width(),
        DocumentPages.linesPerInch(format.resolution()));
    codedLength = 0;
    synchronized (queue) {
      queue.addLast(page);
      byte[] next = spare.pollFirst();
      coded = next == null ? new byte[0] : next;
    }
    try {
      pageWork.execute(this::compressQueued);
    } catch (RuntimeException e) {
      // an executor that refuses (shutting down) is no loss: the page stays queued for finish()
    }
  }

  @Override
  public void discardPage() {
    codedLength = 0;
  }

  /**
   * Compresses the pages still queued, then writes the file with the pages kept; returns how
   * many. Blocking (CPU and disk): call it when the fax is over, off the media thread.
   *
   * @throws IOException when a page could not be compressed or the file not written
   */
  public int finish() throws IOException {
    synchronized (writing) {
      compressQueued();
      done = true;
      if (failure != null) {
        writer.abort();
        throw failure;
      }
      if (remoteStationId != null) {
        writer.remoteStationId(remoteStationId);
      }
      return writer.finish();
    }
  }

  /** Writes nothing (a fax with no page kept, or one whose file failed). */
  public void abort() {
    synchronized (writing) {
      done = true;
      synchronized (queue) {
        queue.clear();
      }
      writer.abort();
    }
  }

  /** Pages kept so far (compressed or still queued). */
  public int pagesKept() {
    return kept;
  }

  /** Compresses every queued page in order; a task run after finish or abort does nothing. */
  private void compressQueued() {
    synchronized (writing) {
      for (KeptPage page; !done && (page = next()) != null; ) {
        compress(page);
      }
    }
  }

  private KeptPage next() {
    synchronized (queue) {
      return queue.pollFirst();
    }
  }

  private void compress(KeptPage page) {
    if (failure != null) {
      return; // the file fails anyway; the pages after the bad one are not worth the CPU
    }
    try {
      if (page.cleanMmr) {
        writer.addMmrPage(page.octets, page.length, T4BitOrder.LSB_FIRST, page.rows, page.width, 204, page.yDpi);
      } else {
        // the rows again, concealed as the line's decoder concealed them (the same octets, the same decoder)
        writer.startPage(page.width, 204, page.yDpi);
        T4Decoder rows = new T4Decoder(page.coding, page.width, (row, concealed) -> writer.addRow(row))
            .bitOrder(T4BitOrder.LSB_FIRST);
        rows.startPage();
        rows.put(page.octets, 0, page.length);
        rows.finish();
        if (rows.rows() != page.rows) {
          throw new IOException("decoded to " + rows.rows() + " rows, " + page.rows + " on the line");
        }
        writer.endPage();
      }
    } catch (IOException | RuntimeException e) {
      failure = new IOException("received page " + page.number + " could not be compressed: " + e.getMessage(), e);
    }
    synchronized (queue) {
      if (spare.size() < 2) {
        spare.addLast(page.octets);
      }
    }
  }
}
