package dev.faxgate.terminal;

/**
 * Where a receiving terminal puts the pages: the T.4/T.6 decoder behind it (and the TIFF file
 * after that). Calls come in this order for each page: {@link #startPage}, any number of
 * {@link #data}, {@link #endPage}, then {@link #keepPage} or {@link #discardPage}.
 */
public interface PageSink {
  /** The codings the decoder takes, offered in the DIS: all three unless it says otherwise. */
  default java.util.Set<ImageCoding> codings() {
    return java.util.EnumSet.allOf(ImageCoding.class);
  }

  /** A page in {@code format} begins (the DCS in force says which). */
  void startPage(PageFormat format);

  /** Coded image octets of the page in order, LSB-first; only valid during the call. */
  void data(byte[] buf, int off, int len);

  /** The page's data is complete: what the decoder found, for the copy-quality check. */
  PageQuality endPage();

  /** The page was confirmed (MCF or RTP): it is part of the fax. */
  void keepPage();

  /** The page was refused (RTN): the sender sends it again. */
  void discardPage();
}
