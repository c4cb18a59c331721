/**
 * HDLC as T.30 uses it on V.21 and in ECM: {@link dev.faxgate.hdlc.HdlcRx} and
 * {@link dev.faxgate.hdlc.HdlcTx} (flags, bit stuffing, octets LSB first) with the CRC-16/ITU FCS
 * ({@link dev.faxgate.hdlc.Crc16}); a receiver delivers to a
 * {@link dev.faxgate.hdlc.HdlcFrameHandler}. See docs/modems.md and docs/dsp.md §3.
 *
 * <p>Layer: fax stack. Imports {@code dev.faxgate.modem} (its bit sink and source contract)
 * only; no Vert.x, Netty or Micrometer.
 */
package dev.faxgate.hdlc;
