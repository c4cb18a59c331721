package dev.faxgate.terminal;

import java.util.Set;

/**
 * The pages a sending terminal sends. The T.4/T.6 coder behind it (over the TIFF files) codes
 * each page in the format the DCS chose; the engine asks for a page when it is about to send it.
 */
public interface PageSource {
  /** How many pages there are (at least 1). */
  int pages();

  /** The codings {@link #page} can produce: MH always, MR and MMR if the coder has them. */
  Set<ImageCoding> codings();

  /** Page {@code index}'s width in pixels (1728, 2048 or 2432), for the DCS. */
  int width(int index);

  /** Page {@code index}'s resolution, for the DCS. */
  dev.faxgate.t30.Resolution resolution(int index);

  /**
   * Page {@code index} (0-based) coded as {@code format} says, ready to send: the coded rows,
   * octets LSB-first (the first bit on the line is bit 0), ending with RTC (T.4) or EOFB (T.6).
   */
  byte[] page(int index, PageFormat format);
}
