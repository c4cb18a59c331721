package dev.faxgate.relay;

/**
 * Sees the audio a processor plays out: one 20 ms G.711 frame per leg per tick, as the jitter
 * buffer plays it (so on the sender's timeline). The fax tone detectors run on it elsewhere; the
 * tap copies, it never holds on to the array.
 */
@FunctionalInterface
public interface AudioTap {
  void frame(int leg, byte[] g711, int off, int len);
}
