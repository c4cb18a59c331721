package dev.faxgate.t30;

/**
 * A scan resolution T.30 can negotiate, with its T.30 name and the {@code XxY} pixels-per-inch form
 * FAXOPT {@code resolution} reports (docs/faxopt.md: "XxY in pixels per inch, e.g. 204x196").
 *
 * <p>Metric resolutions are reported the way TIFF-F and fax software conventionally round them:
 * 8 pels/mm = 204, 16 pels/mm = 408, 3.85 / 7.7 / 15.4 lines/mm = 98 / 196 / 391.
 */
public enum Resolution {
  /** R8 x 3.85 lines/mm, "standard". */
  R8_STANDARD("R8x3.85", "204x98"),
  /** R8 x 7.7 lines/mm, "fine" (DIS/DCS bit 15). */
  R8_FINE("R8x7.7", "204x196"),
  /** R8 x 15.4 lines/mm, "superfine" (bit 41). */
  R8_SUPERFINE("R8x15.4", "204x391"),
  /** R16 x 15.4 lines/mm (bit 43). */
  R16_SUPERFINE("R16x15.4", "408x391"),
  /** 200 x 100 pels/25.4 mm: standard with the inch-based bit 44. */
  INCH_200X100("200x100", "200x100"),
  /** 200 x 200 pels/25.4 mm: bit 15 with the inch-based bit 44. */
  INCH_200X200("200x200", "200x200"),
  /** 200 x 400 pels/25.4 mm: bit 41 with the inch-based bit 44. */
  INCH_200X400("200x400", "200x400"),
  /** 300 x 300 pels/25.4 mm (bit 42). */
  INCH_300X300("300x300", "300x300"),
  /** 400 x 400 pels/25.4 mm: bit 43 with the inch-based bit 44. */
  INCH_400X400("400x400", "400x400"),
  /** 300 x 600 pels/25.4 mm (bit 107). */
  INCH_300X600("300x600", "300x600"),
  /** 400 x 800 pels/25.4 mm (bit 108). */
  INCH_400X800("400x800", "400x800"),
  /** 600 x 600 pels/25.4 mm (bit 105). */
  INCH_600X600("600x600", "600x600"),
  /** 600 x 1200 pels/25.4 mm (bit 109). */
  INCH_600X1200("600x1200", "600x1200"),
  /** 1200 x 1200 pels/25.4 mm (bit 106). */
  INCH_1200X1200("1200x1200", "1200x1200");

  private final String label;
  private final String dpi;

  Resolution(String label, String dpi) {
    this.label = label;
    this.dpi = dpi;
  }

  /** The T.30 name: {@code R8x7.7}, {@code R16x15.4}, {@code 300x300} ... */
  public String label() {
    return label;
  }

  /** Pixels per inch as FAXOPT reports it: {@code 204x196}, {@code 300x300} ... */
  public String dpi() {
    return dpi;
  }

  @Override
  public String toString() {
    return label;
  }
}
