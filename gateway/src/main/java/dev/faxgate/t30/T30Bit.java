package dev.faxgate.t30;

/**
 * The named bits of the DIS/DTC/DCS FIF (ITU-T T.30 Table 2), with their T.30 bit numbers.
 *
 * <p><b>Numbering</b> (docs/dsp.md §5.3): bit {@code n} is in FIF octet {@code (n-1)/8}, mask
 * {@code 1 << ((n-1) % 8)} in LSB-first order. Bits 24, 32, 40, ... (every multiple of 8 from 24
 * on) are extension flags: another FIF octet follows. Multi-bit fields (11-14 rates, 17-18 width,
 * 19-20 length, 21-23 scan line time) are decoded by {@link DisDcsFields}, not listed here.
 *
 * <p>Several bits mean different things in DIS/DTC (a capability) and in DCS (a selection); some
 * are DIS-only ({@link #dcsName()} is null). Sources: spandsp {@code t30_dis_dtc_dcs_bits.h} and
 * {@code t30_logging.c}, Wireshark {@code packet-t30.c}.
 */
public enum T30Bit {
  T37(1, "T.37 store-and-forward", "T.37 store-and-forward", false),
  T38(3, "T.38 real-time internet fax", "T.38 real-time internet fax", false),
  MOBILE_3G(4, "3G mobile network", "3G mobile network", false),
  V8(6, "V.8 capability", null, false),
  ECM_64_PREFERRED(7, "64-octet ECM frames preferred", null, true),
  READY_TO_TRANSMIT(9, "ready to transmit a document (polling)", null, false),
  RECEIVE(10, "can receive", "receive command", false),
  FINE(15, "R8x7.7 / 200x200", "R8x7.7 / 200x200", false),
  MR_2D(16, "2-D coding (MR)", "2-D coding (MR)", false),
  UNCOMPRESSED(26, "uncompressed mode", "uncompressed mode", false),
  ECM(27, "error correction mode", "error correction mode", false),
  ECM_64_OCTETS(28, null, "64-octet ECM frames", true),
  T6(31, "T.6 coding (MMR)", "T.6 coding (MMR)", true),
  FNV(33, "field not valid supported", "field not valid supported", false),
  MULTIPLE_SELECTIVE_POLLING(34, "multiple selective polling", null, false),
  POLLED_SUBADDRESS(35, "polled sub-address", null, false),
  T43(36, "T.43 coding", "T.43 coding", true),
  PLANE_INTERLEAVE(37, "plane interleave", "plane interleave", false),
  G726(38, "G.726 voice coding", "G.726 voice coding", true),
  SUPERFINE(41, "R8x15.4", "R8x15.4", false),
  RES_300X300(42, "300x300", "300x300", false),
  R16_SUPERFINE(43, "R16x15.4 / 400x400", "R16x15.4 / 400x400", false),
  INCH_BASED(44, "inch-based resolution preferred", "inch-based resolution", false),
  METRIC_BASED(45, "metric-based resolution preferred", null, false),
  MIN_SCAN_HALVED(46, "scan time at higher resolutions halved", null, false),
  SELECTIVE_POLLING(47, "selective polling", null, false),
  SUBADDRESSING(49, "sub-addressing", "sub-address transmission", false),
  PASSWORD(50, "password", "sender identification transmission", false),
  READY_TO_TRANSMIT_DATA(51, "ready to transmit a data file (polling)", null, true),
  BFT(53, "binary file transfer (BFT)", "binary file transfer (BFT)", true),
  DTM(54, "document transfer mode (DTM)", "document transfer mode (DTM)", true),
  EDI(55, "electronic data interchange (EDI)", "electronic data interchange (EDI)", true),
  BTM(57, "basic transfer mode (BTM)", "basic transfer mode (BTM)", true),
  READY_TO_TRANSMIT_MIXED(59, "ready to transmit a mixed-mode document (polling)", null, true),
  CHARACTER_MODE(60, "character mode", "character mode", true),
  MIXED_MODE(62, "mixed mode (T.4 Annex E)", "mixed mode (T.4 Annex E)", true),
  PROCESSABLE_MODE_26(65, "processable mode 26 (T.505)", null, true),
  DIGITAL_NETWORK(66, "digital network capability", "digital network capability", false),
  DUPLEX(67, "duplex capability", "duplex capability", false),
  JPEG(68, "JPEG coding (T.81)", "JPEG coding (T.81)", true),
  FULL_COLOUR(69, "full colour mode", "full colour mode", false),
  PREFERRED_HUFFMAN(70, null, "preferred Huffman tables", false),
  BITS_12(71, "12 bits/pel component", "12 bits/pel component", false),
  NO_SUBSAMPLING(73, "no subsampling (1:1:1)", "no subsampling (1:1:1)", false),
  CUSTOM_ILLUMINANT(74, "custom illuminant", "custom illuminant", false),
  CUSTOM_GAMUT(75, "custom gamut range", "custom gamut range", false),
  NA_LETTER(76, "North American letter", "North American letter", false),
  NA_LEGAL(77, "North American legal", "North American legal", false),
  T85(78, "T.85 (JBIG) coding", "T.85 (JBIG) coding", true),
  T85_L0(79, "T.85 optional L0", "T.85 optional L0", true),
  T44_MODE_1(92, "T.44 mixed raster content", "T.44 mixed raster content", true),
  T44_MODE_2(93, "T.44 mixed raster content", "T.44 mixed raster content", true),
  T44_MODE_3(94, "T.44 mixed raster content", "T.44 mixed raster content", true),
  RES_600X600(105, "600x600", "600x600", false),
  RES_1200X1200(106, "1200x1200", "1200x1200", false),
  RES_300X600(107, "300x600", "300x600", false),
  RES_400X800(108, "400x800", "400x800", false),
  RES_600X1200(109, "600x1200", "600x1200", false),
  BLACK_WHITE_MRC(115, "black and white MRC", null, true),
  T45(116, "T.45 run-length colour coding", "T.45 run-length colour coding", true),
  T38_FLOW_CONTROL(121, "T.38 flow control", "T.38 flow control", false),
  K_GREATER_THAN_4(122, "K>4", null, false),
  T38_INTERNET_AWARE(123, "internet-aware T.38 fax", "internet-aware T.38 mode", false),
  SYCC_JPEG(127, "sYCC-JPEG coding", "sYCC-JPEG coding", true);

  private final int number;
  private final String disName;
  private final String dcsName;
  private final boolean needsEcm;

  T30Bit(int number, String disName, String dcsName, boolean needsEcm) {
    this.number = number;
    this.disName = disName;
    this.dcsName = dcsName;
    this.needsEcm = needsEcm;
  }

  /** True for bit 24, 32, 40 ...: the "another FIF octet follows" flags. */
  public static boolean isExtensionBit(int number) {
    return number >= 24 && number % 8 == 0;
  }

  /** The T.30 bit number, 1-based. */
  public int number() {
    return number;
  }

  /** Index of the FIF octet holding the bit. */
  public int octetIndex() {
    return (number - 1) >> 3;
  }

  /** Mask of the bit in its octet, LSB-first order. */
  public int mask() {
    return 1 << ((number - 1) & 7);
  }

  /** Meaning in DIS/DTC, or null if the bit is unused there. */
  public String disName() {
    return disName;
  }

  /** Meaning in DCS, or null if the bit is unused or invalid there. */
  public String dcsName() {
    return dcsName;
  }

  /**
   * True if setting the bit requires ECM. T.30 Table 2 notes list bits 31, 36, 38, 51, 53, 54,
   * 55, 57, 59, 60, 62, 65, 68, 78, 79, 115, 116, 127 and a non-zero 92-94; DIS bit 7 and DCS bit
   * 28 (ECM frame size) only mean something with ECM.
   */
  public boolean needsEcm() {
    return needsEcm;
  }
}
