package dev.faxgate.t30;

/**
 * The T.30 facsimile control field (FCF): every control function a T.30 frame can carry, with its
 * code, whether it carries the X bit, and whether it is a command or a response.
 *
 * <p><b>Codes are LSB-first octets</b> (docs/dsp.md §0, §5.2): bit 0 is the first bit on the line,
 * as an HDLC receiver on V.21 delivers them and as spandsp's {@code t30_fcf.h} lists them; T.30
 * writes the same code first-bit-left, e.g. DCS {@code [X100 0001]} is LSB-first {@code 0x82}.
 * For T.38 order (Wireshark's {@code T30_FC_*}) bit-reverse the octet first ({@link
 * BitOrder#reverse}).
 *
 * <p><b>The X bit</b> is the first bit on the line, bit 0 ({@code 0x01}) of the LSB-first octet.
 * It is 1 in frames sent by the station that received a DIS, 0 in frames of the station that sent
 * it. Only some functions carry it ({@link #hasXBit()}): DIS, CSI and NSF have that bit fixed at 0,
 * and DTC, CIG, NSC, PWD, SEP, PSA, CIA and ISP have it fixed at 1, so e.g. {@code 0x81} is DTC and
 * never "DIS with X". {@link #decode} therefore looks the raw octet up exactly, and only then
 * with bit 0 masked off.
 *
 * <p>Security functions of T.30 Annex H (TK, RK, PSS, SPI, SPT) and the digital-mode functions
 * DES, DEC, DER and DTR are not listed: DTR shares ISP's code and SPT shares DIS's, and neither a
 * gateway nor the reference peer uses them; they decode as unknown.
 */
public enum Fcf {
  // Initial identification, called -> calling (no X bit)
  DIS("DIS", 0x80, false, Role.COMMAND, 3, Fcf.OPEN, "digital identification signal"),
  CSI("CSI", 0x40, false, Role.COMMAND, 20, 20, "called subscriber identification"),
  NSF("NSF", 0x20, false, Role.COMMAND, 1, Fcf.OPEN, "non-standard facilities"),
  // Commands to send: a calling station that wants to receive (first bit fixed at 1)
  DTC("DTC", 0x81, false, Role.COMMAND, 3, Fcf.OPEN, "digital transmit command"),
  CIG("CIG", 0x41, false, Role.COMMAND, 20, 20, "calling subscriber identification"),
  NSC("NSC", 0x21, false, Role.COMMAND, 1, Fcf.OPEN, "non-standard facilities command"),
  PWD("PWD", 0xC1, false, Role.COMMAND, 20, 20, "password"),
  SEP("SEP", 0xA1, false, Role.COMMAND, 20, 20, "selective polling"),
  PSA("PSA", 0x61, false, Role.COMMAND, 20, 20, "polled sub-address"),
  CIA("CIA", 0xE1, false, Role.COMMAND, 0, Fcf.OPEN, "calling subscriber internet address"),
  ISP("ISP", 0x11, false, Role.COMMAND, 0, Fcf.OPEN, "internet selective polling address"),
  // Commands to receive: a calling station that wants to send
  DCS("DCS", 0x82, true, Role.COMMAND, 3, Fcf.OPEN, "digital command signal"),
  TSI("TSI", 0x42, true, Role.COMMAND, 20, 20, "transmitting subscriber identification"),
  NSS("NSS", 0x22, true, Role.COMMAND, 1, Fcf.OPEN, "non-standard facilities set-up"),
  SUB("SUB", 0xC2, true, Role.COMMAND, 20, 20, "sub-address"),
  SID("SID", 0xA2, true, Role.COMMAND, 20, 20, "sender identification"),
  TSA("TSA", 0x62, true, Role.COMMAND, 0, Fcf.OPEN, "transmitting subscriber internet address"),
  IRA("IRA", 0xE2, true, Role.COMMAND, 0, Fcf.OPEN, "internet routing address"),
  CTC("CTC", 0x12, true, Role.COMMAND, 0, 2, "continue to correct"),
  // Pre-message responses
  CFR("CFR", 0x84, true, Role.RESPONSE, 0, 0, "confirmation to receive"),
  FTT("FTT", 0x44, true, Role.RESPONSE, 0, 0, "failure to train"),
  CTR("CTR", 0xC4, true, Role.RESPONSE, 0, 0, "response for continue to correct"),
  CSA("CSA", 0x24, true, Role.RESPONSE, 0, Fcf.OPEN, "called subscriber internet address"),
  // Post-message commands
  EOM("EOM", 0x8E, true, Role.COMMAND, 0, 0, "end of message"),
  MPS("MPS", 0x4E, true, Role.COMMAND, 0, 0, "multipage signal"),
  EOP("EOP", 0x2E, true, Role.COMMAND, 0, 0, "end of procedure"),
  EOS("EOS", 0x1E, true, Role.COMMAND, 0, 0, "end of selection"),
  PRI_EOM("PRI-EOM", 0x9E, true, Role.COMMAND, 0, 0, "procedure interrupt, end of message"),
  PRI_MPS("PRI-MPS", 0x5E, true, Role.COMMAND, 0, 0, "procedure interrupt, multipage signal"),
  PRI_EOP("PRI-EOP", 0x3E, true, Role.COMMAND, 0, 0, "procedure interrupt, end of procedure"),
  PPS("PPS", 0xBE, true, Role.COMMAND, 4, 4, "partial page signal"),
  EOR("EOR", 0xCE, true, Role.COMMAND, 1, 1, "end of retransmission"),
  RR("RR", 0x6E, true, Role.COMMAND, 0, 0, "receiver ready"),
  // Post-message responses
  MCF("MCF", 0x8C, true, Role.RESPONSE, 0, 0, "message confirmation"),
  RTP("RTP", 0xCC, true, Role.RESPONSE, 0, 0, "retrain positive"),
  RTN("RTN", 0x4C, true, Role.RESPONSE, 0, 0, "retrain negative"),
  PIP("PIP", 0xAC, true, Role.RESPONSE, 0, 0, "procedure interrupt positive"),
  PIN("PIN", 0x2C, true, Role.RESPONSE, 0, 0, "procedure interrupt negative"),
  PPR("PPR", 0xBC, true, Role.RESPONSE, 32, 32, "partial page request"),
  RNR("RNR", 0xEC, true, Role.RESPONSE, 0, 0, "receive not ready"),
  ERR("ERR", 0x1C, true, Role.RESPONSE, 0, 0, "response for end of retransmission"),
  PID("PID", 0x6C, true, Role.RESPONSE, 0, 0, "procedure interrupt disconnect"),
  FDM("FDM", 0xFC, true, Role.RESPONSE, 0, Fcf.OPEN, "file diagnostics message"),
  // Other line control
  DCN("DCN", 0xFA, true, Role.COMMAND, 0, 0, "disconnect"),
  CRP("CRP", 0x1A, true, Role.RESPONSE, 0, 0, "command repeat"),
  FNV("FNV", 0xCA, true, Role.RESPONSE, 0, Fcf.OPEN, "field not valid"),
  TNR("TNR", 0xEA, true, Role.RESPONSE, 0, 0, "transmit not ready"),
  TR("TR", 0x6A, true, Role.COMMAND, 0, 0, "transmit ready"),
  DNK("DNK", 0x9A, true, Role.RESPONSE, 0, Fcf.OPEN, "digital not acknowledge"),
  // ECM phase C frames (T.4 Annex A)
  FCD("FCD", 0x06, false, Role.DATA, 1, Fcf.OPEN, "facsimile coded data"),
  RCP("RCP", 0x86, false, Role.DATA, 0, 0, "return to control for partial page");

  /** Upper bound marker for {@link #fifMax()}: no fixed maximum. */
  public static final int OPEN = Integer.MAX_VALUE;

  /** Whether a function is a command, a response or ECM phase C data. */
  public enum Role {
    /** Sent to elicit a response (DIS, DCS, MPS, EOP, PPS, DCN ...). */
    COMMAND,
    /** Sent in answer to a command (CFR, FTT, MCF, RTN, PPR, CRP ...). */
    RESPONSE,
    /** ECM image data and its end marker, in phase C (FCD, RCP). */
    DATA
  }

  private static final Fcf[] BY_OCTET = new Fcf[256];

  static {
    for (Fcf f : values()) {
      BY_OCTET[f.code] = f;
    }
    for (Fcf f : values()) {
      if (f.xBit && BY_OCTET[f.code | 1] == null) {
        BY_OCTET[f.code | 1] = f;
      }
    }
  }

  private final String label;
  private final int code;
  private final boolean xBit;
  private final Role role;
  private final int fifMin;
  private final int fifMax;
  private final String description;

  Fcf(String label, int code, boolean xBit, Role role, int fifMin, int fifMax, String description) {
    this.label = label;
    this.code = code;
    this.xBit = xBit;
    this.role = role;
    this.fifMin = fifMin;
    this.fifMax = fifMax;
    this.description = description;
  }

  /**
   * The function of a raw FCF octet as received (LSB-first), or null when the octet is no T.30
   * function this enum knows. Use {@link #xBitOf(int)} for the X bit.
   */
  public static Fcf decode(int rawOctet) {
    return BY_OCTET[rawOctet & 0xFF];
  }

  /**
   * The X bit of a raw FCF octet (LSB-first): bit 0, when the function carries one; false for
   * unknown octets and for functions whose first bit is fixed.
   */
  public static boolean xBitOf(int rawOctet) {
    Fcf f = decode(rawOctet);
    return f != null && f.xBit && (rawOctet & 1) != 0;
  }

  /** True for the frames a gateway may edit: DIS/DTC (FAXOPT) and NSF/NSC/NSS (the NSx policy). */
  public boolean editable() {
    return this == DIS || this == DTC || this == NSF || this == NSC || this == NSS;
  }

  /** The T.30 abbreviation: {@code DIS}, {@code PRI-EOM} ... */
  public String label() {
    return label;
  }

  /** The LSB-first code with the X bit 0 (for DTC-group functions: with their fixed 1). */
  public int code() {
    return code;
  }

  /** The code in T.38 / Wireshark order (bit-reversed), with the X bit 0. */
  public int t38Code() {
    return BitOrder.reverse(code);
  }

  /** The octet to send: {@link #code()} with bit 0 set if {@code x} and this function has an X bit. */
  public int octet(boolean x) {
    return x && xBit ? code | 1 : code;
  }

  /** True if the first bit of the code is the X bit rather than fixed. */
  public boolean hasXBit() {
    return xBit;
  }

  /** Command, response or phase C data. */
  public Role role() {
    return role;
  }

  /** True for a {@link Role#COMMAND}. */
  public boolean isCommand() {
    return role == Role.COMMAND;
  }

  /** True for a {@link Role#RESPONSE}. */
  public boolean isResponse() {
    return role == Role.RESPONSE;
  }

  /** Fewest FIF octets a well-formed frame of this function has. */
  public int fifMin() {
    return fifMin;
  }

  /** Most FIF octets a well-formed frame of this function has; {@link #OPEN} if unbounded. */
  public int fifMax() {
    return fifMax;
  }

  /** What T.30 calls it, e.g. "digital identification signal". */
  public String description() {
    return description;
  }

  /** True for DIS, DTC and DCS: the frames whose FIF is the T.30 Table 2 bit map. */
  public boolean hasCapabilityBits() {
    return this == DIS || this == DTC || this == DCS;
  }

  /** True for the 20-digit identity frames: CSI, CIG, TSI, and PWD, SEP, PSA, SUB, SID. */
  public boolean isIdentity() {
    return fifMin == 20 && fifMax == 20;
  }

  /** True for NSF, NSC and NSS (T.35 country and vendor code first). */
  public boolean isNonStandard() {
    return this == NSF || this == NSC || this == NSS;
  }

  @Override
  public String toString() {
    return label;
  }
}
