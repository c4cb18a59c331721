package dev.faxgate.t30;

import dev.faxgate.modem.FastModem;
import java.util.EnumSet;
import java.util.Set;

/**
 * The fast (image) modems ({@link FastModem}) a DIS/DTC offers in bits 11-14.
 *
 * <p>DIS/DTC cannot express every set: the capability code (bits 11-14, bit 11 the least
 * significant, docs/dsp.md §5.3) is one of
 *
 * <pre>
 *  code  bits 11..14  modems offered
 *  0x0   0 0 0 0      V.27ter fall-back mode: 2400 bit/s only
 *  0x2   0 1 0 0      V.27ter (4800, 2400)
 *  0x1   1 0 0 0      V.29 (9600, 7200)
 *  0x3   1 1 0 0      V.27ter and V.29
 *  0xB   1 1 0 1      V.27ter, V.29 and V.17
 *  other              reserved / not used
 * </pre>
 *
 * so V.17 is only ever offered together with V.29 and V.27ter (docs/testing.md "faxpeer findings" 2).
 */
public final class DisModems {

  /** DIS capability code: V.27ter fall-back mode, 2400 bit/s only. */
  public static final int DIS_V27TER_FALLBACK = 0x0;
  /** DIS capability code: V.27ter. */
  public static final int DIS_V27TER = 0x2;
  /** DIS capability code: V.29. */
  public static final int DIS_V29 = 0x1;
  /** DIS capability code: V.27ter and V.29. */
  public static final int DIS_V27TER_V29 = 0x3;
  /** DIS capability code: V.27ter, V.29 and V.17. */
  public static final int DIS_V27TER_V29_V17 = 0xB;

  private DisModems() {}

  /** True if {@code code} (0..15) is one of the five defined DIS/DTC capability codes. */
  public static boolean isValidDisCode(int code) {
    return code == DIS_V27TER_FALLBACK || code == DIS_V27TER || code == DIS_V29
        || code == DIS_V27TER_V29 || code == DIS_V27TER_V29_V17;
  }

  /** The modems a DIS/DTC capability code offers; empty for a reserved code. */
  public static Set<FastModem> fromDisCode(int code) {
    switch (code & 0xF) {
      case DIS_V27TER_FALLBACK:
      case DIS_V27TER:
        return EnumSet.of(FastModem.V27TER);
      case DIS_V29:
        return EnumSet.of(FastModem.V29);
      case DIS_V27TER_V29:
        return EnumSet.of(FastModem.V27TER, FastModem.V29);
      case DIS_V27TER_V29_V17:
        return EnumSet.of(FastModem.V27TER, FastModem.V29, FastModem.V17);
      default:
        return EnumSet.noneOf(FastModem.class);
    }
  }

  /** Fastest rate a DIS/DTC capability code offers, in bit/s; 0 for a reserved code. */
  public static int maxRateOfDisCode(int code) {
    switch (code & 0xF) {
      case DIS_V27TER_FALLBACK:
        return 2400;
      case DIS_V27TER:
        return 4800;
      case DIS_V29:
      case DIS_V27TER_V29:
        return 9600;
      case DIS_V27TER_V29_V17:
        return 14400;
      default:
        return 0;
    }
  }

  /**
   * The DIS/DTC capability code for a set of modems: V.17 is dropped unless V.29 and V.27ter are
   * in the set too (DIS cannot offer it otherwise), and an empty set becomes the V.27ter
   * fall-back code, the least a DIS can say.
   */
  public static int toDisCode(Set<FastModem> modems) {
    boolean v27 = modems.contains(FastModem.V27TER);
    boolean v29 = modems.contains(FastModem.V29);
    if (v27 && v29) {
      return modems.contains(FastModem.V17) ? DIS_V27TER_V29_V17 : DIS_V27TER_V29;
    }
    if (v29) {
      return DIS_V29;
    }
    return v27 ? DIS_V27TER : DIS_V27TER_FALLBACK;
  }
}
