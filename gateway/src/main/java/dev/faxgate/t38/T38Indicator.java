package dev.faxgate.t38;

import dev.faxgate.t30.DataRate;

/**
 * The {@code t30-indicator} alternative of T.38 {@code Type-of-msg}: the signal a gateway sees
 * (or stops seeing) on its audio side.
 *
 * <p>Sixteen values form the enumeration root of both ASN.1 modules (index 0..15, coded in 4
 * bits after a 0 extension bit). The 2002 module adds seven extension values (index 0..6 within
 * the extension, coded after a 1 extension bit as a normally small number). The 1998 module
 * ({@code T38FaxVersion} 0) has the extension marker but no additions, so those values exist only
 * from version 1 on.
 */
public enum T38Indicator {
  NO_SIGNAL("no-signal", false, 0),
  CNG("cng", false, 1),
  CED("ced", false, 2),
  V21_PREAMBLE("v21-preamble", false, 3),
  V27_2400_TRAINING("v27-2400-training", false, 4),
  V27_4800_TRAINING("v27-4800-training", false, 5),
  V29_7200_TRAINING("v29-7200-training", false, 6),
  V29_9600_TRAINING("v29-9600-training", false, 7),
  V17_7200_SHORT_TRAINING("v17-7200-short-training", false, 8),
  V17_7200_LONG_TRAINING("v17-7200-long-training", false, 9),
  V17_9600_SHORT_TRAINING("v17-9600-short-training", false, 10),
  V17_9600_LONG_TRAINING("v17-9600-long-training", false, 11),
  V17_12000_SHORT_TRAINING("v17-12000-short-training", false, 12),
  V17_12000_LONG_TRAINING("v17-12000-long-training", false, 13),
  V17_14400_SHORT_TRAINING("v17-14400-short-training", false, 14),
  V17_14400_LONG_TRAINING("v17-14400-long-training", false, 15),
  V8_ANSAM("v8-ansam", true, 0),
  V8_SIGNAL("v8-signal", true, 1),
  V34_CNTL_CHANNEL_1200("v34-cntl-channel-1200", true, 2),
  V34_PRI_CHANNEL("v34-pri-channel", true, 3),
  V34_CC_RETRAIN("v34-CC-retrain", true, 4),
  V33_12000_TRAINING("v33-12000-training", true, 5),
  V33_14400_TRAINING("v33-14400-training", true, 6);

  /** Number of values in the enumeration root. */
  public static final int ROOT_COUNT = 16;
  /** Number of extension additions (2002 module). */
  public static final int EXTENSION_COUNT = 7;

  private static final T38Indicator[] VALUES = values();

  private final String asn1Name;
  private final boolean extension;
  private final int perIndex;

  T38Indicator(String asn1Name, boolean extension, int perIndex) {
    this.asn1Name = asn1Name;
    this.extension = extension;
    this.perIndex = perIndex;
  }

  /** The identifier used in the ASN.1 module, e.g. {@code v21-preamble}. */
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
  public static T38Indicator fromPer(boolean extension, int perIndex) {
    if (perIndex < 0 || (extension ? perIndex >= EXTENSION_COUNT : perIndex >= ROOT_COUNT)) {
      return null;
    }
    return VALUES[extension ? ROOT_COUNT + perIndex : perIndex];
  }

  static T38Indicator ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /** The training indicator of a fast-modem rate: V.17 long or short, the others have one each. */
  public static T38Indicator training(DataRate rate, boolean shortTraining) {
    return switch (rate) {
      case V17_14400 -> shortTraining ? V17_14400_SHORT_TRAINING : V17_14400_LONG_TRAINING;
      case V17_12000 -> shortTraining ? V17_12000_SHORT_TRAINING : V17_12000_LONG_TRAINING;
      case V17_9600 -> shortTraining ? V17_9600_SHORT_TRAINING : V17_9600_LONG_TRAINING;
      case V17_7200 -> shortTraining ? V17_7200_SHORT_TRAINING : V17_7200_LONG_TRAINING;
      case V29_9600 -> V29_9600_TRAINING;
      case V29_7200 -> V29_7200_TRAINING;
      case V27TER_4800 -> V27_4800_TRAINING;
      case V27TER_2400 -> V27_2400_TRAINING;
    };
  }
}
