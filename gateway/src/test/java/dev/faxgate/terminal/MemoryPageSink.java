package dev.faxgate.terminal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Test sink: keeps each received page's octets. It decodes nothing (the decoder comes from
 * another part of the project): the row figures it reports are the EOLs counted in the data and,
 * for copy-quality tests, as many bad rows as {@link #badRowsOnce} says for one page.
 */
public final class MemoryPageSink implements PageSink {
  public final List<byte[]> kept = new ArrayList<>();
  public final List<PageFormat> formats = new ArrayList<>();
  int discarded;
  private ByteArrayOutputStream current;
  private PageFormat format;
  private final Set<ImageCoding> codings;
  /** Bad rows to report for page {@code badPage} (0-based among ends), once. */
  int badRowsOnce;
  int badPage = -1;
  private int ends;

  public MemoryPageSink(Set<ImageCoding> codings) {
    this.codings = codings;
  }

  MemoryPageSink() {
    this(EnumSet.of(ImageCoding.MH));
  }

  @Override
  public Set<ImageCoding> codings() {
    return codings;
  }

  @Override
  public void startPage(PageFormat f) {
    current = new ByteArrayOutputStream();
    format = f;
  }

  @Override
  public void data(byte[] buf, int off, int len) {
    current.write(buf, off, len);
  }

  @Override
  public PageQuality endPage() {
    int rows = countEols(current.toByteArray());
    int bad = 0;
    if (ends++ == badPage) {
      bad = badRowsOnce;
    }
    return new PageQuality(rows, bad, bad);
  }

  @Override
  public void keepPage() {
    kept.add(current.toByteArray());
    formats.add(format);
  }

  @Override
  public void discardPage() {
    discarded++;
  }

  /** EOLs (11 zeros then a 1) in LSB-first data. */
  static int countEols(byte[] data) {
    int zeros = 0;
    int eols = 0;
    for (byte b : data) {
      for (int i = 0; i < 8; i++) {
        if ((b & (1 << i)) == 0) {
          zeros++;
        } else {
          if (zeros >= 11) {
            eols++;
          }
          zeros = 0;
        }
      }
    }
    return eols;
  }
}
