package dev.faxgate.media;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.function.LongSupplier;

/**
 * Hands out local UDP ports from the configured range: RTP on even ports (RFC 3550 §11), UDPTL on
 * any. Thread-safe; a port is busy from {@link #take} until {@link #release}. A port another
 * process holds is found when binding fails: the caller marks it {@link #heldElsewhere} and takes
 * the next one, and it is skipped for {@link #FOREIGN_HOLD_NANOS} before it is tried again (another
 * node on the same host with the same range, or any other program, costs one failed bind per port
 * a minute, not a refused session).
 */
public final class PortAllocator {
  private final int min;
  private final int max;
  /** How long a port another process held is skipped before it is tried again. */
  static final long FOREIGN_HOLD_NANOS = 60_000_000_000L;
  private final BitSet busy = new BitSet();
  private final BitSet foreign = new BitSet();
  /** Ports held elsewhere, oldest first, each with the time it may be tried again. */
  private final ArrayDeque<long[]> foreignUntil = new ArrayDeque<>();
  private final LongSupplier clock;
  private int next;

  public PortAllocator(int min, int max) {
    this(min, max, System::nanoTime);
  }

  PortAllocator(int min, int max, LongSupplier clock) {
    this.clock = clock;
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
    long now = clock.getAsLong();
    while (!foreignUntil.isEmpty() && now - foreignUntil.peekFirst()[1] >= 0) {
      int port = (int) foreignUntil.pollFirst()[0];
      foreign.clear(port);
      busy.clear(port);
    }
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

  /** {@code port}, taken, could not be bound: another process holds it; skip it for a while. */
  public synchronized void heldElsewhere(int port) {
    if (!foreign.get(port)) {
      foreign.set(port);
      busy.set(port);
      foreignUntil.addLast(new long[] {port, clock.getAsLong() + FOREIGN_HOLD_NANOS});
    }
  }

  /** Ports this node's sessions hold (not those found held elsewhere). */
  public synchronized int inUse() {
    return busy.cardinality() - foreign.cardinality();
  }
}
