package dev.faxgate.modem;

/**
 * Where a receiver delivers its bits, one call per bit in line order, and its status changes. The
 * modem knows nothing of HDLC or T.4: an {@code HdlcRx} or a non-ECM buffer is a {@code BitSink}.
 * Called on the thread that runs the receiver; implementations must not block.
 */
public interface BitSink {
  /** One received bit, 0 or 1. */
  void putBit(int bit);

  /** A status change (carrier up/down, training, framing, abort). The default ignores it. */
  default void status(ModemStatus status) {}
}
