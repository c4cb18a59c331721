package dev.faxgate.media;

import java.util.BitSet;

/**
 * Hands out local UDP ports from the configured range: RTP on even ports (RFC 3550 §11), UDPTL on
 * any. Thread-safe; a port is busy from {@link #take} until {@link #release}. A port another
 * process holds is found when binding fails; the caller then takes the next one.
 */
public final class PortAllocator {
  private final int min;
  private final int max;
  private final BitSet busy = new BitSet();
  private int next;

  public PortAllocator(int min, int max) {
    if (min < 1 || max > 65535 || min > max) {
      throw new IllegalArgumentException("bad media port range " + min + "-" + max);
    }
    this.min = min;
    this.max = max;
    this.next = min;
  }

  /**
   * A free port, even when {@code even}, searching round the range from where the last search
   * stopped (so a just-released port is not reused at once).
   *
   * @return the port, or -1 when the range is exhausted
   */
  public synchronized int take(boolean even) {
    int span = max - min + 1;
    for (int i = 0; i < span; i++) {
      int port = min + (next - min + i) % span;
      if ((!even || port % 2 == 0) && !busy.get(port)) {
        busy.set(port);
        next = port + 1 > max ? min : port + 1;
        return port;
      }
    }
    return -1;
  }

  /** Marks a port busy that was chosen by the controller (fixed local address). */
  public synchronized boolean claim(int port) {
    if (busy.get(port)) {
      return false;
    }
    busy.set(port);
    return true;
  }

  public synchronized void release(int port) {
    busy.clear(port);
  }

  public synchronized int inUse() {
    return busy.cardinality();
  }
}
