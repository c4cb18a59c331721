/**
 * T.30, the fax control protocol: frames as views ({@link dev.faxgate.t30.T30Frame}, never
 * throwing), control functions ({@link dev.faxgate.t30.Fcf}), the DIS/DTC/DCS bit map and the
 * gateway's edits ({@link dev.faxgate.t30.DisDcsFields}), identities, NSF, PPS/PPR; and the
 * gateway's supervisor: {@link dev.faxgate.t30.T30Supervisor} follows the exchange, edits
 * DIS/DTC and NSF/NSC/NSS per FAXOPT (a relay's, {@code watchOnly()}, edits nothing) and keeps the
 * score ({@link dev.faxgate.t30.FaxReport}),
 * told of each control frame through {@link dev.faxgate.t30.ControlFrameTap} and telling the
 * gateway what comes next on the fast modem through {@link dev.faxgate.t30.FastModemPlan}.
 * Octets are LSB-first, as on the V.21 line (docs/dsp.md §0); {@link dev.faxgate.t30.BitOrder}
 * converts from T.38 order.
 *
 * <p>Layer: fax stack. Imports {@code modem} (the fast modems DIS/DCS name,
 * {@link dev.faxgate.modem.FastModem}) and no Vert.x, Netty or Micrometer.
 */
package dev.faxgate.t30;
