/**
 * T.30 frame decoding for the gateway's monitor, and the DIS/DTC edits its supervisor makes.
 *
 * <ul>
 *   <li>{@link dev.faxgate.t30.T30Frame}: a view over one HDLC frame (address, control, FCF, FIF),
 *       with a status instead of exceptions and a one-line printable form for logs;
 *   <li>{@link dev.faxgate.t30.Fcf}: every control function, its X bit, command or response;
 *   <li>{@link dev.faxgate.t30.DisDcsFields}: the DIS/DTC/DCS bit map (T.30 Table 2), the
 *       negotiated rate, modem and resolution, and the gateway edits (ECM off, V.8 off, rate
 *       limit), over the tables {@link dev.faxgate.t30.T30Bit}, {@link dev.faxgate.t30.Modem},
 *       {@link dev.faxgate.t30.DataRate}, {@link dev.faxgate.t30.Resolution},
 *       {@link dev.faxgate.t30.RecordingWidth}, {@link dev.faxgate.t30.RecordingLength};
 *   <li>{@link dev.faxgate.t30.StationId} (CSI/TSI/CIG), {@link dev.faxgate.t30.Nsf}
 *       (NSF/NSC/NSS), {@link dev.faxgate.t30.Pps} (PPS/EOR), {@link dev.faxgate.t30.Ppr}.
 * </ul>
 *
 * <p>Everything works on LSB-first octets, the order of the V.21 line and of spandsp's logs
 * (docs/dsp.md §0); {@link dev.faxgate.t30.BitOrder} converts from the bit-reversed T.38 order.
 * Plain Java: no Vert.x, Netty or Micrometer (DESIGN.md standing rules).
 */
package dev.faxgate.t30;
