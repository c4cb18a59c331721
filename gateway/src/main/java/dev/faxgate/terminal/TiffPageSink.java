package dev.faxgate.terminal;

import dev.faxgate.faxfile.TiffFaxWriter;
import dev.faxgate.t4.T4BitOrder;
import dev.faxgate.t4.T4Coding;
import dev.faxgate.t4.T4Decoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Received pages into a TIFF-F file: the coded octets go through {@link T4Decoder} (bad rows
 * concealed and counted, for the copy-quality answer); a page the engine keeps (MCF, RTP) goes to
 * the {@link TiffFaxWriter}, one it discards (RTN: it comes again) is dropped. The file itself is
 * written by {@link #finish} at the session's end, off the media thread.
 */
public final class TiffPageSink implements PageSink {
  private final TiffFaxWriter writer;
  private final ByteArrayOutputStream rows = new ByteArrayOutputStream();
  private T4Decoder decoder;
  private PageFormat format;
  private int rowCount;

  public TiffPageSink(TiffFaxWriter writer) {
    this.writer = writer;
  }

  /** The remote station's identity, for the file's ImageDescription. */
  public void remoteStationId(String id) {
    writer.remoteStationId(id);
  }

  @Override
  public void startPage(PageFormat format) {
    this.format = format;
    rows.reset();
    rowCount = 0;
    T4Coding coding = switch (format.coding()) {
      case MH -> T4Coding.MH;
      case MR -> T4Coding.MR;
      case MMR -> T4Coding.MMR;
    };
    decoder = new T4Decoder(coding, format.width(), (row, concealed) -> {
      rows.write(row, 0, format.width() / 8);
      rowCount++;
    }).bitOrder(T4BitOrder.LSB_FIRST);
    decoder.startPage();
  }

  @Override
  public void data(byte[] buf, int off, int len) {
    decoder.put(buf, off, len);
  }

  @Override
  public PageQuality endPage() {
    decoder.finish();
    return new PageQuality(decoder.rows(), decoder.badRows(), decoder.longestBadRun());
  }

  @Override
  public void keepPage() {
    int lpi = DocumentPages.linesPerInch(format.resolution());
    writer.startPage(format.width(), 204, lpi);
    byte[] all = rows.toByteArray();
    int octets = format.width() / 8;
    for (int r = 0; r < rowCount; r++) {
      writer.addRow(all, r * octets);
    }
    try {
      writer.endPage();
    } catch (IOException e) {
      throw new UncheckedIOException("the received page could not be kept", e);
    }
    rows.reset();
  }

  @Override
  public void discardPage() {
    rows.reset();
    rowCount = 0;
  }

  /** Writes the file with the pages kept; returns how many. Blocking (disk). */
  public int finish() throws IOException {
    return writer.finish();
  }

  /** Writes nothing (a fax with no page kept). */
  public void abort() {
    writer.abort();
  }
}
