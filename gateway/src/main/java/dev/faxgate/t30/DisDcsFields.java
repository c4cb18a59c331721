package dev.faxgate.t30;

import dev.faxgate.modem.FastModem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The FIF of a DIS, DTC or DCS decoded bit by bit per ITU-T T.30 Table 2, and the edits a gateway
 * makes to it (docs/dsp.md §5.5). Immutable: it holds its own copy of the FIF octets, and every edit
 * returns a new instance.
 *
 * <p><b>DIS/DTC versus DCS.</b> DIS (and DTC, its polling twin) lists what the called station can
 * do; DCS is the caller's choice among it. Most bits read the same either way, but several fields
 * change meaning: bits 11-14 are a set of modem families in DIS ({@link DisModems}) and one modem at one
 * rate in DCS ({@link DataRate}); bits 17-20 are the largest width and length accepted in DIS and
 * the width and length of the page in DCS; bits 21-23 have three more codes in DIS; and bits 6, 7,
 * 9, 45, 46, 47 are DIS-only while bit 28 is DCS-only. See {@link T30Bit}.
 *
 * <p><b>Octets present.</b> Octets 1-3 (bits 1-24) are always read when they are there; octet
 * {@code k > 3} is read only if the previous octet's bit 8 (bits 24, 32, ...) says another octet
 * follows, as spandsp and Wireshark read it. Octets after the last one announced are kept, unread
 * and unedited. A bit outside the octets read is 0.
 *
 * <p><b>Bit order.</b> The octets are LSB-first ({@link BitOrder}); the DIS of docs/dsp.md §5.3,
 * {@code FF 13 80 | 00 EE 84 44}, offers V.27ter/V.29/V.17, fine, 2-D, A4+B4, ECM and T.6.
 */
public final class DisDcsFields {
  private static final int RATE_MASK = 0x3C; // bits 11..14 in octet 2 (index 1)
  private static final int MIN_OCTETS = 3;

  private final Fcf kind;
  private final byte[] fif;
  private final int read;

  private DisDcsFields(Fcf kind, byte[] fif) {
    this.kind = kind;
    this.fif = fif;
    this.read = octetsRead(fif);
  }

  /**
   * Decodes {@code len} FIF octets from {@code off} as the FIF of {@code kind}. The octets are
   * copied. Out-of-range offsets and lengths are clamped to the array and a null array reads as
   * empty, so bad input never throws.
   *
   * @throws IllegalArgumentException if {@code kind} is not DIS, DTC or DCS (a programming error)
   */
  public static DisDcsFields parse(Fcf kind, byte[] buf, int off, int len) {
    if (kind == null || !kind.hasCapabilityBits()) {
      throw new IllegalArgumentException("not DIS, DTC or DCS: " + kind);
    }
    return new DisDcsFields(kind, copy(buf, off, len));
  }

  /** {@link #parse(Fcf, byte[], int, int)} of a whole array. */
  public static DisDcsFields parse(Fcf kind, byte[] fif) {
    return parse(kind, fif, 0, fif == null ? 0 : fif.length);
  }

  /** The FIF of a decoded DIS, DTC or DCS frame; null for any other frame. */
  public static DisDcsFields of(T30Frame frame) {
    Fcf f = frame == null ? null : frame.fcf();
    if (f == null || !f.hasCapabilityBits()) {
      return null;
    }
    return new DisDcsFields(f, frame.fif());
  }

  private static byte[] copy(byte[] buf, int off, int len) {
    if (buf == null) {
      return new byte[0];
    }
    int start = Math.max(0, Math.min(off, buf.length));
    int n = Math.max(0, Math.min(len, buf.length - start));
    return Arrays.copyOfRange(buf, start, start + n);
  }

  private static int octetsRead(byte[] fif) {
    int n = Math.min(fif.length, MIN_OCTETS);
    while (n >= MIN_OCTETS && n < fif.length && (fif[n - 1] & 0x80) != 0) {
      n++;
    }
    return n;
  }

  /** DIS, DTC or DCS. */
  public Fcf kind() {
    return kind;
  }

  /** True for DIS and DTC, whose bits are capabilities; false for DCS, whose bits are choices. */
  public boolean isCapability() {
    return kind != Fcf.DCS;
  }

  /** Number of FIF octets held, read or not. */
  public int length() {
    return fif.length;
  }

  /** Number of FIF octets read: octets 1-3 and the ones the extension bits announce. */
  public int octetsRead() {
    return read;
  }

  /** True if the FIF has fewer than the 3 octets T.30 requires; the missing bits read as 0. */
  public boolean isShort() {
    return fif.length < MIN_OCTETS;
  }

  /** A copy of the FIF octets. */
  public byte[] toBytes() {
    return fif.clone();
  }

  /** The value of T.30 bit {@code n} (1-based); false outside the octets read. */
  public boolean bit(int n) {
    if (n < 1) {
      return false;
    }
    int i = (n - 1) >> 3;
    return i < read && (fif[i] & (1 << ((n - 1) & 7))) != 0;
  }

  /** The value of a named bit. */
  public boolean has(T30Bit b) {
    return bit(b.number());
  }

  private int field(int firstBit, int width) {
    int v = 0;
    for (int i = 0; i < width; i++) {
      if (bit(firstBit + i)) {
        v |= 1 << i;
      }
    }
    return v;
  }

  /** The named bits that are set, in bit order, with their meaning for this kind of frame. */
  public List<T30Bit> setBits() {
    List<T30Bit> out = new ArrayList<>();
    for (T30Bit b : T30Bit.values()) {
      if (has(b)) {
        out.add(b);
      }
    }
    return out;
  }

  // ---- modems and rates ----------------------------------------------------------------------

  /** Bits 11-14 as a 4-bit code, bit 11 least significant (see {@link DisModems}, {@link DataRate}). */
  public int rateCode() {
    return field(11, 4);
  }

  /**
   * DIS/DTC: the modem families offered (empty for a reserved code). DCS: the one modem selected
   * (empty for a reserved code).
   */
  public Set<FastModem> modems() {
    if (isCapability()) {
      return DisModems.fromDisCode(rateCode());
    }
    DataRate r = dataRate();
    return r == null ? EnumSet.noneOf(FastModem.class) : EnumSet.of(r.modem());
  }

  /** DIS/DTC: the fastest rate offered; DCS: the rate selected. In bit/s, 0 for a reserved code. */
  public int maxRate() {
    if (isCapability()) {
      return DisModems.maxRateOfDisCode(rateCode());
    }
    DataRate r = dataRate();
    return r == null ? 0 : r.bitRate();
  }

  /** True if bits 11-14 hold a defined code for this kind of frame. */
  public boolean isRateCodeValid() {
    return isCapability() ? DisModems.isValidDisCode(rateCode()) : dataRate() != null;
  }

  /** DCS: the modem and rate selected; null for DIS/DTC and for a reserved code. */
  public DataRate dataRate() {
    return isCapability() ? null : DataRate.fromDcsCode(rateCode());
  }

  /** DCS: the modem selected (FAXOPT {@code modem} of the call); null for DIS/DTC or reserved. */
  public FastModem modem() {
    DataRate r = dataRate();
    return r == null ? null : r.modem();
  }

  /** DCS: the signalling rate in bit/s (FAXOPT {@code rate}); 0 for DIS/DTC or reserved. */
  public int bitRate() {
    DataRate r = dataRate();
    return r == null ? 0 : r.bitRate();
  }

  // ---- capabilities and modes ----------------------------------------------------------------

  /** DIS/DTC bit 6: V.8 capability (V.34 fax). Always false in DCS. */
  public boolean v8() {
    return isCapability() && bit(6);
  }

  /** DIS/DTC bit 9: a document is ready to be polled. */
  public boolean readyToTransmit() {
    return isCapability() && bit(9);
  }

  /** Bit 10: DIS "can receive", DCS "receive command". */
  public boolean receive() {
    return bit(10);
  }

  /** Bit 27: ECM offered (DIS) or used (DCS). */
  public boolean ecm() {
    return bit(27);
  }

  /** DCS bit 28 (only with ECM): 64-octet ECM frames instead of 256. DIS bit 7: 64 preferred. */
  public boolean ecmFrame64() {
    return isCapability() ? bit(7) : bit(27) && bit(28);
  }

  /** DCS: ECM frame size in octets (256 or 64); 0 without ECM or for DIS/DTC. */
  public int ecmFrameSize() {
    if (isCapability() || !ecm()) {
      return 0;
    }
    return bit(28) ? 64 : 256;
  }

  /** Bit 16: T.4 two-dimensional coding (MR). */
  public boolean mr() {
    return bit(16);
  }

  /** Bit 31: T.6 coding (MMR), only with ECM. */
  public boolean t6() {
    return bit(31);
  }

  /** Bit 26: uncompressed mode. */
  public boolean uncompressed() {
    return bit(26);
  }

  /** Bit 36: T.43 colour coding. */
  public boolean t43() {
    return bit(36);
  }

  /** Bit 68: JPEG (T.81). */
  public boolean jpeg() {
    return bit(68);
  }

  /** Bit 78: T.85 (JBIG). */
  public boolean t85() {
    return bit(78);
  }

  /**
   * DCS: the image coding of the page, the most specific bit set first: {@code T.85}, {@code
   * T.43}, {@code JPEG}, {@code T.6}, {@code MR} (T.4 2-D), else {@code MH} (T.4 1-D).
   */
  public String coding() {
    if (t85()) {
      return "T.85";
    }
    if (t43()) {
      return "T.43";
    }
    if (jpeg()) {
      return "JPEG";
    }
    if (t6()) {
      return "T.6";
    }
    return mr() ? "MR" : "MH";
  }

  /** Bits 17-18: widest page (DIS/DTC) or page width (DCS). */
  public RecordingWidth width() {
    return RecordingWidth.fromCode(field(17, 2));
  }

  /** Bits 19-20: longest page (DIS/DTC) or page length (DCS). */
  public RecordingLength recordingLength() {
    return RecordingLength.fromCode(field(19, 2));
  }

  /** Bits 21-23 as a 3-bit code, bit 21 least significant. */
  public int scanTimeCode() {
    return field(21, 3);
  }

  /**
   * Minimum scan line time in ms at standard resolution (bits 21-23): 20, 5, 10, 40 or 0; -1 for a
   * code DCS does not define. DIS codes 3, 5, 6 also mean "half of it at fine", see {@link
   * #scanTimeHalvedAtFine()}.
   */
  public int minScanLineMs() {
    switch (scanTimeCode()) {
      case 0:
        return 20;
      case 1:
        return 5;
      case 2:
        return 10;
      case 4:
        return 40;
      case 7:
        return 0;
      case 3:
        return isCapability() ? 20 : -1;
      case 5:
        return isCapability() ? 40 : -1;
      default: // 6
        return isCapability() ? 10 : -1;
    }
  }

  /** DIS/DTC: the receiver's scan line time at 7.7 lines/mm is half the standard one (codes 3, 5, 6). */
  public boolean scanTimeHalvedAtFine() {
    int c = scanTimeCode();
    return isCapability() && (c == 3 || c == 5 || c == 6);
  }

  // ---- resolutions ---------------------------------------------------------------------------

  /** Bit 44: DIS "inch-based preferred", DCS "the page is inch-based". */
  public boolean inchBased() {
    return bit(44);
  }

  /**
   * DIS/DTC: every resolution offered, standard (R8x3.85, always supported) first; inch-based
   * 200x200 and 400x400 come with bits 15 and 43 and are named by their metric twins.
   */
  public List<Resolution> resolutions() {
    List<Resolution> out = new ArrayList<>();
    out.add(Resolution.R8_STANDARD);
    addIf(out, 15, Resolution.R8_FINE);
    addIf(out, 41, Resolution.R8_SUPERFINE);
    addIf(out, 42, Resolution.INCH_300X300);
    addIf(out, 43, Resolution.R16_SUPERFINE);
    addIf(out, 107, Resolution.INCH_300X600);
    addIf(out, 108, Resolution.INCH_400X800);
    addIf(out, 105, Resolution.INCH_600X600);
    addIf(out, 109, Resolution.INCH_600X1200);
    addIf(out, 106, Resolution.INCH_1200X1200);
    return Collections.unmodifiableList(out);
  }

  private void addIf(List<Resolution> out, int bit, Resolution r) {
    if (bit(bit)) {
      out.add(r);
    }
  }

  /**
   * DCS: the resolution of the page. If a DCS sets several resolution bits the finest wins; bit 44
   * turns the metric R8 and R16 resolutions into their inch-based equivalents.
   */
  public Resolution resolution() {
    boolean inch = inchBased();
    if (bit(106)) {
      return Resolution.INCH_1200X1200;
    }
    if (bit(109)) {
      return Resolution.INCH_600X1200;
    }
    if (bit(105)) {
      return Resolution.INCH_600X600;
    }
    if (bit(108)) {
      return Resolution.INCH_400X800;
    }
    if (bit(107)) {
      return Resolution.INCH_300X600;
    }
    if (bit(43)) {
      return inch ? Resolution.INCH_400X400 : Resolution.R16_SUPERFINE;
    }
    if (bit(42)) {
      return Resolution.INCH_300X300;
    }
    if (bit(41)) {
      return inch ? Resolution.INCH_200X400 : Resolution.R8_SUPERFINE;
    }
    if (bit(15)) {
      return inch ? Resolution.INCH_200X200 : Resolution.R8_FINE;
    }
    return inch ? Resolution.INCH_200X100 : Resolution.R8_STANDARD;
  }

  /** DCS: the resolution as FAXOPT {@code resolution} reports it, e.g. {@code 204x196}. */
  public String resolutionDpi() {
    return resolution().dpi();
  }

  // ---- edits ---------------------------------------------------------------------------------

  /**
   * Without ECM: clears bit 27 and every bit that needs ECM ({@link T30Bit#needsEcm()}: T.6, the
   * ECM frame size bits 7 and 28, T.43, JPEG, T.85, BFT ...), as a gateway that cannot relay ECM
   * does to DIS/DTC (docs/dsp.md §5.5 item 4; spandsp clears bits 27 and 31). Extension bits and
   * octets are kept, so the length does not change.
   */
  public DisDcsFields withoutEcm() {
    byte[] b = fif.clone();
    clear(b, 27);
    for (T30Bit t : T30Bit.values()) {
      if (t.needsEcm()) {
        clear(b, t.number());
      }
    }
    return new DisDcsFields(kind, b);
  }

  /** Without the V.8 capability: clears bit 6 (docs/dsp.md §5.5 item 1), hiding V.34. */
  public DisDcsFields withoutV8() {
    byte[] b = fif.clone();
    clear(b, 6);
    return new DisDcsFields(kind, b);
  }

  /**
   * DIS/DTC: offers only the modem families in {@code allowed} whose fastest rate is at most
   * {@code maxBitRate} (docs/dsp.md §5.5 item 3). Bits 11-14 are rewritten:
   *
   * <ul>
   *   <li>a family stays only if it was offered, is allowed, and its top rate (V.17 14400, V.29
   *       9600, V.27ter 4800) is within {@code maxBitRate}: a V.17 sender always starts at 14400,
   *       so 12000 keeps V.29 at most;
   *   <li>V.17 stays only with V.29 and V.27ter, the only way DIS can offer it;
   *   <li>below 4800, or when nothing is left (DIS cannot offer nothing), the result is the
   *       V.27ter fall-back code (2400 only);
   *   <li>a reserved code is first read as V.27ter and V.29, as spandsp's gateway does.
   * </ul>
   *
   * <p>DCS is returned unchanged: the sender trains at the rate it chose whatever the frame
   * says, so a gateway limits rates in DIS/DTC only.
   */
  public DisDcsFields limitRates(Set<FastModem> allowed, int maxBitRate) {
    if (!isCapability() || read < 2) {
      return this;
    }
    int code = rateCode();
    Set<FastModem> keep = DisModems.isValidDisCode(code)
        ? DisModems.fromDisCode(code)
        : EnumSet.of(FastModem.V27TER, FastModem.V29);
    keep.removeIf(m -> !allowed.contains(m) || m.maxRate() > maxBitRate);
    int out = DisModems.toDisCode(keep);
    if (out == DisModems.DIS_V27TER && (code == DisModems.DIS_V27TER_FALLBACK || maxBitRate < 4800)) {
      out = DisModems.DIS_V27TER_FALLBACK;
    }
    byte[] b = fif.clone();
    b[1] = (byte) ((b[1] & ~RATE_MASK) | (out << 2));
    return new DisDcsFields(kind, b);
  }

  private void clear(byte[] b, int n) {
    int i = (n - 1) >> 3;
    if (i < read) {
      b[i] = (byte) (b[i] & ~(1 << ((n - 1) & 7)));
    }
  }

  /**
   * A whole frame carrying this FIF: {@code FF}, control {@code 13} (final) or {@code 03}, the FCF
   * of this kind with the X bit {@code x} (DCS only; DIS and DTC have none), then the FIF. No FCS:
   * the HDLC transmitter adds it.
   */
  public byte[] toFrame(boolean finalFrame, boolean x) {
    byte[] out = new byte[3 + fif.length];
    out[0] = (byte) T30Frame.ADDRESS;
    out[1] = (byte) (finalFrame ? T30Frame.CONTROL_FINAL : T30Frame.CONTROL_NON_FINAL);
    out[2] = (byte) kind.octet(x);
    System.arraycopy(fif, 0, out, 3, fif.length);
    return out;
  }

  // ---- printing ------------------------------------------------------------------------------

  /**
   * One line for logs. DIS/DTC: {@code DIS V.17/V.29/V.27ter ≤14400 ECM MR T.6 R8x7.7 R8x15.4 A4
   * unlimited scan=0ms}; DCS: {@code DCS V.17 14400 ECM T.6 204x196 A4 unlimited scan=0ms}.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder(kind.label());
    if (isShort()) {
      sb.append(" short(").append(fif.length).append(" octets)");
    }
    if (isCapability()) {
      describeCapabilities(sb);
    } else {
      describeSelection(sb);
    }
    return sb.toString();
  }

  private void describeCapabilities(StringBuilder sb) {
    int code = rateCode();
    if (DisModems.isValidDisCode(code)) {
      sb.append(' ');
      String sep = "";
      for (FastModem m : FastModem.values()) {
        if (modems().contains(m)) {
          sb.append(sep).append(m.label());
          sep = "/";
        }
      }
      sb.append(" ≤").append(maxRate());
    } else {
      sb.append(" rates=reserved(0x").append(Integer.toHexString(code).toUpperCase()).append(')');
    }
    flag(sb, v8(), "V.8");
    flag(sb, readyToTransmit(), "poll");
    flag(sb, !receive(), "no-rx");
    flag(sb, ecm(), "ECM");
    flag(sb, mr(), "MR");
    flag(sb, t6(), "T.6");
    flag(sb, t85(), "T.85");
    flag(sb, t43(), "T.43");
    flag(sb, jpeg(), "JPEG");
    flag(sb, uncompressed(), "uncompressed");
    for (Resolution r : resolutions()) {
      if (r != Resolution.R8_STANDARD) {
        sb.append(' ').append(r.label());
      }
    }
    sb.append(' ').append(width().label()).append(' ').append(recordingLength().label());
    sb.append(" scan=").append(minScanLineMs());
    if (scanTimeHalvedAtFine()) {
      sb.append('/').append(minScanLineMs() / 2);
    }
    sb.append("ms");
  }

  private void describeSelection(StringBuilder sb) {
    DataRate r = dataRate();
    if (r != null) {
      sb.append(' ').append(r);
    } else {
      sb.append(" rate=reserved(0x").append(Integer.toHexString(rateCode()).toUpperCase()).append(')');
    }
    if (ecm()) {
      sb.append(bit(28) ? " ECM-64" : " ECM");
    }
    sb.append(' ').append(coding());
    flag(sb, uncompressed(), "uncompressed");
    sb.append(' ').append(resolutionDpi());
    sb.append(' ').append(width().label()).append(' ').append(recordingLength().label());
    int scan = minScanLineMs();
    sb.append(" scan=").append(scan < 0 ? "?" : Integer.toString(scan)).append("ms");
  }

  private static void flag(StringBuilder sb, boolean on, String name) {
    if (on) {
      sb.append(' ').append(name);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DisDcsFields
        && ((DisDcsFields) o).kind == kind
        && Arrays.equals(((DisDcsFields) o).fif, fif);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(fif);
  }

  @Override
  public String toString() {
    return describe();
  }
}
