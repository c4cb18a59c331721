package dev.faxgate.modem;

/**
 * The receive half of a modem, after spandsp's {@code *_rx} / {@code *_rx_fillin} / {@code *_rx_restart}.
 * Audio goes in as blocks of linear 16-bit samples at 8000 Hz (any block length, one sample
 * included); bits and status changes come out through the {@link BitSink} given at construction.
 * Not thread-safe: one receiver belongs to one thread. No call allocates.
 */
public interface ModemRx {
  /**
   * Demodulates {@code amp[off .. off+len-1]}.
   *
   * @return the number of samples consumed (always {@code len})
   */
  int rx(short[] amp, int off, int len);

  /**
   * Accounts for {@code len} samples that were lost (a missing RTP packet): the receiver's clocks
   * advance as if they had been received, without letting the gap drop the carrier.
   */
  void fillIn(int len);

  /**
   * Starts again from carrier off, keeping the configuration.
   *
   * @param bitRate the bit rate to receive (V.21: 300)
   * @param shortTrain expect a short training (V.17 after a successful long one); ignored by modems without one
   * @throws IllegalArgumentException if the modem does not run at {@code bitRate}
   */
  void restart(int bitRate, boolean shortTrain);

  /** Sets the carrier-detect cut-off in dBm0: the carrier comes up above it and goes down a few dB below it. */
  void signalCutoff(double dBm0);

  /** What {@link #signalPower()} reads when the receiver's power meter is at zero, dBm0. */
  double SILENCE_DBM0 = -99.0;

  /** The received in-band signal power now, in dBm0 ({@link #SILENCE_DBM0} for none at all). */
  double signalPower();

  /** Whether the receiver currently sees its carrier. */
  boolean carrierUp();
}
