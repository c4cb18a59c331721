package dev.faxgate.t30;

import dev.faxgate.modem.FastModem;

/**
 * The modem and rate a DCS selects (or a CTC switches to) in bits 11-14.
 *
 * <p>In DCS the same four bits that offer modem families in a DIS ({@link DisModems}) name one modem
 * at one rate. The code has bit 11 as its least significant bit (docs/dsp.md §5.3; spandsp
 * {@code t30_logging.c} and Wireshark {@code packet-t30.c} agree):
 *
 * <pre>
 *  code  bits 11..14  selected           code  bits 11..14  selected
 *  0x0   0 0 0 0      V.27ter 2400       0x8   0 0 0 1      V.17 14400
 *  0x2   0 1 0 0      V.27ter 4800       0xA   0 1 0 1      V.17 12000
 *  0x1   1 0 0 0      V.29 9600          0x9   1 0 0 1      V.17 9600
 *  0x3   1 1 0 0      V.29 7200          0xB   1 1 0 1      V.17 7200
 *  other codes are reserved or invalid
 * </pre>
 */
public enum DataRate {
  V17_14400(FastModem.V17, 14400, 0x8),
  V17_12000(FastModem.V17, 12000, 0xA),
  V17_9600(FastModem.V17, 9600, 0x9),
  V17_7200(FastModem.V17, 7200, 0xB),
  V29_9600(FastModem.V29, 9600, 0x1),
  V29_7200(FastModem.V29, 7200, 0x3),
  V27TER_4800(FastModem.V27TER, 4800, 0x2),
  V27TER_2400(FastModem.V27TER, 2400, 0x0);

  private static final DataRate[] BY_CODE = new DataRate[16];

  static {
    for (DataRate r : values()) {
      BY_CODE[r.code] = r;
    }
  }

  private final FastModem modem;
  private final int bitRate;
  private final int code;

  DataRate(FastModem modem, int bitRate, int code) {
    this.modem = modem;
    this.bitRate = bitRate;
    this.code = code;
  }

  /** The selection a DCS/CTC code (0..15) names, or null for a reserved or invalid code. */
  public static DataRate fromDcsCode(int code) {
    return BY_CODE[code & 0xF];
  }

  /** The modem. */
  public FastModem modem() {
    return modem;
  }

  /** The signalling rate in bit/s, as FAXOPT {@code rate} reports it. */
  public int bitRate() {
    return bitRate;
  }

  /** The 4-bit code of bits 11-14, bit 11 least significant. */
  public int dcsCode() {
    return code;
  }

  /** E.g. {@code V.17 14400}. */
  @Override
  public String toString() {
    return modem.label() + " " + bitRate;
  }
}
