package dev.faxgate.media;

import java.nio.ByteBuffer;

/**
 * Every datagram of one media tick, for every session of an I/O verticle, in one object: what
 * crosses the local event bus between the I/O verticle and its processing partner, once per tick
 * and in each direction, by reference ({@link LocalCodec}). Preallocated and reused: adding
 * a datagram copies its bytes and allocates nothing once the arrays have grown to the traffic.
 *
 * <p>Ownership passes with the message: the sender does not touch a batch until it comes back.
 */
public final class MediaBatch {
  private static final int INITIAL_DATAGRAMS = 256;
  private static final int INITIAL_BYTES = 64 * 1024;

  private int[] slot = new int[INITIAL_DATAGRAMS];
  private byte[] leg = new byte[INITIAL_DATAGRAMS];
  private int[] offset = new int[INITIAL_DATAGRAMS];
  private int[] length = new int[INITIAL_DATAGRAMS];
  private int[] arrival = new int[INITIAL_DATAGRAMS];
  private byte[] data = new byte[INITIAL_BYTES];
  private int count;
  private int used;
  private int ticks;
  private long grown;

  /** Appends a datagram received from a socket: the buffer's remaining bytes (copied). */
  public void add(int slot, int leg, int arrival, ByteBuffer datagram) {
    int len = datagram.remaining();
    int at = reserve(slot, leg, arrival, len);
    datagram.get(data, at, len);
  }

  /** Appends a datagram from an array (its bytes are copied). */
  public void add(int slot, int leg, byte[] buf, int off, int len) {
    int at = reserve(slot, leg, 0, len);
    System.arraycopy(buf, off, data, at, len);
  }

  private int reserve(int s, int l, int arrivalTime, int len) {
    if (count == slot.length) {
      growDatagrams();
    }
    if (used + len > data.length) {
      data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, used + len));
      grown++;
    }
    slot[count] = s;
    leg[count] = (byte) l;
    offset[count] = used;
    length[count] = len;
    arrival[count] = arrivalTime;
    count++;
    int at = used;
    used += len;
    return at;
  }

  private void growDatagrams() {
    int n = slot.length * 2;
    slot = java.util.Arrays.copyOf(slot, n);
    leg = java.util.Arrays.copyOf(leg, n);
    offset = java.util.Arrays.copyOf(offset, n);
    length = java.util.Arrays.copyOf(length, n);
    arrival = java.util.Arrays.copyOf(arrival, n);
    grown++;
  }

  /** Empties the batch for reuse. */
  public void clear() {
    count = 0;
    used = 0;
    ticks = 0;
  }

  public int count() {
    return count;
  }

  public int slot(int i) {
    return slot[i];
  }

  public int leg(int i) {
    return leg[i];
  }

  /** The array holding every datagram's bytes. */
  public byte[] data() {
    return data;
  }

  public int offset(int i) {
    return offset[i];
  }

  public int length(int i) {
    return length[i];
  }

  public int arrival(int i) {
    return arrival[i];
  }

  /** How many 20 ms ticks the processing side runs for this batch (more than 1 after a late timer). */
  public int ticks() {
    return ticks;
  }

  public void setTicks(int ticks) {
    this.ticks = ticks;
  }

  /** How often the arrays had to grow (allocations on the media path; flat in steady state). */
  public long grown() {
    return grown;
  }
}
