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

  /**
   * Page {@code index}'s width in pixels (1728, 2048 or 2432): what it goes out as when the far
   * end takes that width; a far end that does not gets it at 1728.
   */
  int width(int index);

  /** Page {@code index}'s resolution at its {@link #width}, for the DCS. */
  dev.faxgate.t30.Resolution resolution(int index);

  /**
   * Page {@code index}'s resolution when it goes out {@code width} pixels wide (1728 for a wider
   * page the far end does not take: scaled to A4, its rows may be scaled as well).
   */
  default dev.faxgate.t30.Resolution resolution(int index, int width) {
    return resolution(index);
  }

  /**
   * Page {@code index} (0-based) coded as {@code format} says (its width {@link #width} or 1728),
   * ready to send: the coded rows,
   * octets LSB-first (the first bit on the line is bit 0), ending with RTC (T.4) or EOFB (T.6).
   */
  byte[] page(int index, PageFormat format);
}
