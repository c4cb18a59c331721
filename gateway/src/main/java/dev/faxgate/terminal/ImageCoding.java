package dev.faxgate.terminal;

/** The T.4/T.6 image codings a terminal negotiates in DIS/DCS (bits 16 and 31). */
public enum ImageCoding {
  /** T.4 one-dimensional (Modified Huffman): every terminal has it. */
  MH,
  /** T.4 two-dimensional (Modified READ), DIS/DCS bit 16. */
  MR,
  /** T.6 (Modified Modified READ), DIS/DCS bit 31; only with ECM. */
  MMR
}
