package dev.faxgate.relay;

import java.util.Arrays;

/**
 * Datagrams waiting for the next tick, in one preallocated array: appending copies, draining
 * hands each to a {@link DatagramSink}. Grows (rarely) when a tick carries more than ever before.
 */
public final class DatagramQueue {
  private byte[] data = new byte[16 * 1024];
  private int[] leg = new int[64];
  private int[] offset = new int[64];
  private int[] length = new int[64];
  private int count;
  private int used;

  public void add(int toLeg, byte[] buf, int off, int len) {
    if (count == leg.length) {
      leg = Arrays.copyOf(leg, count * 2);
      offset = Arrays.copyOf(offset, count * 2);
      length = Arrays.copyOf(length, count * 2);
    }
    if (used + len > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, used + len));
    }
    System.arraycopy(buf, off, data, used, len);
    leg[count] = toLeg;
    offset[count] = used;
    length[count] = len;
    count++;
    used += len;
  }

  /** Forgets what waits: the queue is as a new one (its grown arrays are kept), for its next session. */
  public DatagramQueue reset() {
    count = 0;
    used = 0;
    return this;
  }

  public void drainTo(DatagramSink sink) {
    for (int i = 0; i < count; i++) {
      sink.send(leg[i], data, offset[i], length[i]);
    }
    count = 0;
    used = 0;
  }
}
