package dev.faxgate.t30;

/**
 * Sees every complete T.30 control frame (V.21 HDLC) crossing the gateway, before it is passed on:
 * the T.30 supervisor follows the exchange and edits DIS/DTC/DCS and NSF/NSC/NSS here.
 *
 * <p>The frame is in HDLC order (LSB-first octets, e.g. {@code FF 13 80 ...} for a DIS), without
 * its FCS. The tap may change octets in place; the length stays. Called on the media thread.
 */
@FunctionalInterface
public interface ControlFrameTap {
  /**
   * @param fcsOk whether the frame arrived with a good FCS (audio side) or closed by hdlc-fcs-OK (T.38 side)
   */
  void frame(byte[] frame, int off, int len, boolean fcsOk);
}
