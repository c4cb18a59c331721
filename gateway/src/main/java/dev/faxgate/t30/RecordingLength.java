package dev.faxgate.t30;

/**
 * Recording length, DIS/DTC/DCS bits 19-20 (bit 19 least significant). In DIS/DTC the value is
 * the longest page the receiver takes; in DCS it is the length of the page being sent.
 *
 * <pre>
 *  code  bits 19,20  DIS/DTC (capability)    DCS (selected)
 *  0     0 0         A4 (297 mm)             A4
 *  1     1 0         A4 and B4 (364 mm)      B4
 *  2     0 1         unlimited               unlimited
 *  3     1 1         invalid                 invalid
 * </pre>
 */
public enum RecordingLength {
  /** 297 mm. */
  A4("A4"),
  /** 364 mm. */
  B4("B4"),
  /** No limit. */
  UNLIMITED("unlimited"),
  /** Both bits set. */
  INVALID("length?");

  private final String label;

  RecordingLength(String label) {
    this.label = label;
  }

  /** The length of the 2-bit code (0..3). */
  public static RecordingLength fromCode(int code) {
    return values()[code & 3];
  }

  /** A4, B4, unlimited. */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
