/**
 * The fax modems: the modem contract ({@link dev.faxgate.modem.ModemRx},
 * {@link dev.faxgate.modem.ModemTx}, {@link dev.faxgate.modem.BitSink},
 * {@link dev.faxgate.modem.BitSource}), V.21 for T.30's control channel, the high-speed modems
 * V.27ter, V.29 and V.17 (transmit and receive), {@link dev.faxgate.modem.FaxModemsRx} (V.21 and
 * the expected fast modem listening at once) and {@link dev.faxgate.modem.TcfCheck}. Receivers
 * and transmitters allocate nothing per block. What they do and how well: docs/modems.md.
 *
 * <p>Layer: fax stack. Imports {@code dev.faxgate.dsp} only; no Vert.x, Netty or Micrometer.
 */
package dev.faxgate.modem;
