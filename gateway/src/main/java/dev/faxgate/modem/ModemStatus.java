package dev.faxgate.modem;

/**
 * Status changes a modem reports beside its bits (spandsp's {@code SIG_STATUS_*}). Receivers report
 * them to their {@link BitSink}; the HDLC receiver adds {@link #FRAMING_OK} and {@link #ABORT}.
 */
public enum ModemStatus {
  /** A receiver saw its carrier appear; bits follow. */
  CARRIER_UP,
  /** A receiver lost its carrier; no more bits until the next {@link #CARRIER_UP}. */
  CARRIER_DOWN,
  /** A fast receiver started its training (V.27ter, V.29, V.17). */
  TRAINING_IN_PROGRESS,
  /** A fast receiver finished its training; data bits follow. */
  TRAINING_SUCCEEDED,
  /** A fast receiver gave up its training; it waits for the carrier to drop. */
  TRAINING_FAILED,
  /** HDLC: enough back-to-back flags were seen, frames are accepted from now on. */
  FRAMING_OK,
  /** HDLC: seven or more 1 bits in a row. */
  ABORT,
  /** A transmitter's bit source ran dry. */
  END_OF_DATA,
  /** A transmitter sent its last sample. */
  SHUTDOWN_COMPLETE
}
