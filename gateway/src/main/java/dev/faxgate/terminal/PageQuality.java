package dev.faxgate.terminal;

/**
 * What the decoder found in a received page, for the copy-quality check a non-ECM receiver
 * answers with (MCF, RTP or RTN): the rows decoded, the rows that did not decode (concealed by
 * a copy of the row above), and the longest run of such rows.
 */
public record PageQuality(int rows, int badRows, int longestBadRun) {
  /** A perfect page of {@code rows} rows. */
  public static PageQuality perfect(int rows) {
    return new PageQuality(rows, 0, 0);
  }
}
