package dev.faxgate.t38;

/**
 * The {@code field-type} of one T.38 {@code Data-Field} element.
 *
 * <p>The eight root values exist in both modules. In the 1998 module ({@code T38FaxVersion} 0)
 * this enumeration has no extension marker (the "typo" fixed by the corrigendum), so it is coded
 * in 3 bits; in the 2002 module it has an extension bit and four additions (cm, jm, ci,
 * v34rate), which exist from version 1 on.
 */
public enum T38FieldType {
  HDLC_DATA("hdlc-data", false, 0),
  HDLC_SIG_END("hdlc-sig-end", false, 1),
  HDLC_FCS_OK("hdlc-fcs-OK", false, 2),
  HDLC_FCS_BAD("hdlc-fcs-BAD", false, 3),
  HDLC_FCS_OK_SIG_END("hdlc-fcs-OK-sig-end", false, 4),
  HDLC_FCS_BAD_SIG_END("hdlc-fcs-BAD-sig-end", false, 5),
  T4_NON_ECM_DATA("t4-non-ecm-data", false, 6),
  T4_NON_ECM_SIG_END("t4-non-ecm-sig-end", false, 7),
  CM_MESSAGE("cm-message", true, 0),
  JM_MESSAGE("jm-message", true, 1),
  CI_MESSAGE("ci-message", true, 2),
  V34RATE("v34rate", true, 3);

  /** Number of values in the enumeration root. */
  public static final int ROOT_COUNT = 8;
  /** Number of extension additions (2002 module). */
  public static final int EXTENSION_COUNT = 4;

  private static final T38FieldType[] VALUES = values();

  private final String asn1Name;
  private final boolean extension;
  private final int perIndex;

  T38FieldType(String asn1Name, boolean extension, int perIndex) {
    this.asn1Name = asn1Name;
    this.extension = extension;
    this.perIndex = perIndex;
  }

  /** The identifier used in the ASN.1 module, e.g. {@code hdlc-fcs-OK}. */
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

  /** The value with this PER index, or null if there is none. */
  public static T38FieldType fromPer(boolean extension, int perIndex) {
    if (perIndex < 0 || (extension ? perIndex >= EXTENSION_COUNT : perIndex >= ROOT_COUNT)) {
      return null;
    }
    return VALUES[extension ? ROOT_COUNT + perIndex : perIndex];
  }

  static T38FieldType ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
