package dev.faxgate.hdlc;

import dev.faxgate.modem.ModemStatus;

/** What an {@link HdlcRx} delivers: frames, good or bad, and status changes. */
public interface HdlcFrameHandler {
  /**
   * A frame closed by a flag. {@code frame[0 .. len-1]} holds its octets without the FCS, valid only
   * during the call (the receiver reuses the buffer).
   *
   * @param crcOk true if the FCS was right; false for a bad FCS, or a frame too short, too long or
   *     not a whole number of octets (then {@code len} is what was collected, without the last two octets)
   */
  void frame(byte[] frame, int len, boolean crcOk);

  /**
   * A status change: {@link ModemStatus#FRAMING_OK}, {@link ModemStatus#ABORT}, and the modem's own
   * (carrier up/down...) passed on. The default ignores it.
   */
  default void status(ModemStatus status) {}
}
