package dev.faxgate.modem;

/**
 * Where a transmitter takes its bits, one call per bit in line order. An {@code HdlcTx} or a
 * non-ECM buffer is a {@code BitSource}.
 */
public interface BitSource {
  /** What {@link #getBit()} returns when there is nothing more to send: the modem then shuts down. */
  int END_OF_DATA = -1;

  /** The next bit (0 or 1), or {@link #END_OF_DATA}. */
  int getBit();

  /** A status change of the transmitter ({@link ModemStatus#SHUTDOWN_COMPLETE}). The default ignores it. */
  default void status(ModemStatus status) {}
}
