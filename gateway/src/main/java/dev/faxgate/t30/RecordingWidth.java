package dev.faxgate.t30;

/**
 * Scan line length, DIS/DTC/DCS bits 17-18 (bit 17 least significant). In DIS/DTC the value is the
 * widest paper the receiver takes (it takes every narrower one too); in DCS it is the width of the
 * page being sent.
 *
 * <pre>
 *  code  bits 17,18  DIS/DTC (capability)    DCS (selected)
 *  0     0 0         215 mm                  215 mm (A4)
 *  1     1 0         215 and 255 mm          255 mm (B4)
 *  2     0 1         215, 255 and 303 mm     303 mm (A3)
 *  3     1 1         invalid                 invalid
 * </pre>
 */
public enum RecordingWidth {
  /** 215 mm, 1728 pels at R8. */
  A4("A4", 215),
  /** 255 mm, 2048 pels at R8. */
  B4("B4", 255),
  /** 303 mm, 2432 pels at R8. */
  A3("A3", 303),
  /** Both bits set. */
  INVALID("width?", 0);

  private final String label;
  private final int millimetres;

  RecordingWidth(String label, int millimetres) {
    this.label = label;
    this.millimetres = millimetres;
  }

  /** The width of the 2-bit code (0..3). */
  public static RecordingWidth fromCode(int code) {
    return values()[code & 3];
  }

  /** The paper name: A4, B4, A3. */
  public String label() {
    return label;
  }

  /** Nominal scan line length in mm; 0 for {@link #INVALID}. */
  public int millimetres() {
    return millimetres;
  }

  @Override
  public String toString() {
    return label;
  }
}
