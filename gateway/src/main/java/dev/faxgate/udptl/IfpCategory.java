package dev.faxgate.udptl;

import dev.faxgate.t38.T38DataType;

/**
 * The kind of traffic an IFP is, for choosing how much redundancy protects it: losing an
 * indicator or a T.30 control frame costs a whole phase of the fax, losing image data costs a
 * few lines (or an ECM retransmission).
 */
public enum IfpCategory {
  /** A {@code t30-indicator}. */
  INDICATOR,
  /** Data of a control channel: V.21 (T.30 HDLC), V.8, the V.34 control channel. */
  CONTROL,
  /** Data of a fast modem: TCF, non-ECM image, ECM frames. */
  IMAGE;

  /**
   * The category of the encoded IFP {@code buf[off .. off+len)}, read from its first one or two
   * octets (the same in every T.38 version). Undecodable data types count as {@link #IMAGE}.
   */
  public static IfpCategory of(byte[] buf, int off, int len) {
    if (len < 1) {
      return IMAGE;
    }
    int b0 = buf[off] & 0xFF;
    if ((b0 & 0x40) == 0) {
      return INDICATOR;
    }
    T38DataType t;
    if ((b0 & 0x20) == 0) {
      t = T38DataType.fromPer(false, (b0 >> 1) & 0x0F);
    } else {
      // 1 (extension) 0 (small number) then 6 bits: 4 in this octet, 2 in the next
      t = len < 2 || (b0 & 0x10) != 0 ? null
          : T38DataType.fromPer(true, ((b0 & 0x0F) << 2) | ((buf[off + 1] & 0xFF) >> 6));
    }
    return t != null && t.isControlChannel() ? CONTROL : IMAGE;
  }
}
