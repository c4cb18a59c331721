package dev.faxgate.modem;

/**
 * The transmit half of a modem, after spandsp's {@code *_tx} / {@code *_tx_restart} / {@code *_tx_power}.
 * Bits come from the {@link BitSource} given at construction; audio comes out as linear 16-bit
 * samples at 8000 Hz. Not thread-safe. No call allocates.
 */
public interface ModemTx {
  /**
   * Produces up to {@code max} samples into {@code amp[off ..]}.
   *
   * @return the number of samples produced: {@code max}, or fewer once the bit source has returned
   *     {@link BitSource#END_OF_DATA} and the modem has shut down (then 0 on every later call)
   */
  int tx(short[] amp, int off, int max);

  /**
   * Starts again with a fresh bit stream.
   *
   * @param bitRate the bit rate to send (V.21: 300)
   * @param shortTrain send a short training (V.17); ignored by modems without one
   * @throws IllegalArgumentException if the modem does not run at {@code bitRate}
   */
  void restart(int bitRate, boolean shortTrain);

  /** Sets the transmit level in dBm0 (spandsp's default for the fax modems is -14). */
  void power(double dBm0);
}
