package dev.faxgate.t4;

/**
 * The three image codings of a fax page, as DCS selects them (docs/dsp.md §5.3: bit 16 for MR,
 * bit 31 for MMR).
 */
public enum T4Coding {
  /** Modified Huffman, T.4 one-dimensional: every row as white and black run lengths, each row after an EOL. */
  MH,
  /**
   * Modified READ, T.4 two-dimensional: after each EOL a tag bit says whether the row is coded
   * 1-D (1) or against the row above (0); at most K - 1 2-D rows follow a 1-D one (K = 2 at standard
   * resolution, 4 at fine, T.4 §4.2.1).
   */
  MR,
  /** Modified Modified READ, T.6: every row 2-D against the row above, no EOLs, the page ends with EOFB. ECM only. */
  MMR
}
