package dev.faxgate.t38;

/**
 * The {@code t30-data} alternative of T.38 {@code Type-of-msg} ({@code data} in the 1998
 * module): the modem whose data an IFP carries.
 *
 * <p>Nine values form the root of both modules (index 0..8, 4 bits after a 0 extension bit);
 * the 2002 module adds six extension values (V.8, V.34, V.33), which exist from version 1 on.
 */
public enum T38DataType {
  V21("v21", false, 0),
  V27_2400("v27-2400", false, 1),
  V27_4800("v27-4800", false, 2),
  V29_7200("v29-7200", false, 3),
  V29_9600("v29-9600", false, 4),
  V17_7200("v17-7200", false, 5),
  V17_9600("v17-9600", false, 6),
  V17_12000("v17-12000", false, 7),
  V17_14400("v17-14400", false, 8),
  V8("v8", true, 0),
  V34_PRI_RATE("v34-pri-rate", true, 1),
  V34_CC_1200("v34-CC-1200", true, 2),
  V34_PRI_CH("v34-pri-ch", true, 3),
  V33_12000("v33-12000", true, 4),
  V33_14400("v33-14400", true, 5);

  /** Number of values in the enumeration root. */
  public static final int ROOT_COUNT = 9;
  /** Number of extension additions (2002 module). */
  public static final int EXTENSION_COUNT = 6;

  private static final T38DataType[] VALUES = values();

  private final String asn1Name;
  private final boolean extension;
  private final int perIndex;

  T38DataType(String asn1Name, boolean extension, int perIndex) {
    this.asn1Name = asn1Name;
    this.extension = extension;
    this.perIndex = perIndex;
  }

  /** The identifier used in the ASN.1 module, e.g. {@code v29-9600}. */
  public String asn1Name() {
    return asn1Name;
  }

  /** True for an extension addition (2002 module only). */
  public boolean isExtension() {
    return extension;
  }

  /** The PER index: within the root, or within the extension additions. */
  public int perIndex() {
    return perIndex;
  }

  /** The first T.38 version (0 = 1998 ASN.1) that has this value. */
  public int minVersion() {
    return extension ? 1 : 0;
  }

  /** True if T.38 version {@code version} (0..3) has this value. */
  public boolean inVersion(int version) {
    return version >= minVersion();
  }

  /**
   * True for the low-speed control channels (V.21 for T.30, V.8 and the V.34 control channel),
   * false for the image-carrying modems.
   */
  public boolean isControlChannel() {
    return this == V21 || this == V8 || this == V34_CC_1200;
  }

  /** The value with this PER index, or null if there is none. */
  public static T38DataType fromPer(boolean extension, int perIndex) {
    if (perIndex < 0 || (extension ? perIndex >= EXTENSION_COUNT : perIndex >= ROOT_COUNT)) {
      return null;
    }
    return VALUES[extension ? ROOT_COUNT + perIndex : perIndex];
  }

  static T38DataType ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
