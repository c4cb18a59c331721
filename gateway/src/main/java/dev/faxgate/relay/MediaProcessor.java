package dev.faxgate.relay;

import java.util.Map;

/**
 * The media work of one session, driven by the 20 ms media clock. Plain Java, one thread: the
 * processing verticle that owns the session calls every method. {@link #receive} and
 * {@link #tick} must not allocate in steady state.
 */
public interface MediaProcessor {
  /** Leg indices. */
  int LEG_A = 0;
  int LEG_B = 1;

  /**
   * One datagram received on a leg (already checked to come from the leg's far end).
   *
   * @param arrival arrival time in 8 kHz units on the local clock (raw 32 bits)
   */
  void receive(int leg, byte[] buf, int off, int len, int arrival);

  /** One 20 ms tick: send what is due. */
  void tick(DatagramSink out);

  /**
   * Starts (or, with {@code durationSamples <= 0}, stops) fax tone detection on the audio legs
   * (FAXOPT faxdetect). Processors without audio ignore it.
   */
  default void watchTones(long durationSamples, FaxToneWatch.Listener listener) {
  }

  /** The leg's packet statistics, for the completion event (called once, at the end). */
  Map<String, Object> legStats(int leg);
}
