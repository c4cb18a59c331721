package dev.faxgate.relay;

/**
 * The last few seconds of one audio leg, as 20 ms G.711 frames in a ring: what the switch to the
 * gateway replays into the demodulator, so the V.21 exchange in flight when the leg's far end is
 * moved to T.38 is not lost. Filling it does not allocate.
 */
public final class AudioHistory {
  /** Samples per frame. */
  public static final int FRAME = 160;

  private final byte[] ring;
  private final int capacity;
  private int next;
  private int count;

  /** Keeps up to {@code frames} frames. */
  public AudioHistory(int frames) {
    if (frames < 1) {
      throw new IllegalArgumentException("frames must be at least 1");
    }
    this.capacity = frames;
    this.ring = new byte[frames * FRAME];
  }

  /** Holds nothing again, as a new history (for one reused from session to session). */
  public AudioHistory reset() {
    next = 0;
    count = 0;
    return this;
  }

  /** The most frames it holds. */
  public int capacity() {
    return capacity;
  }

  /** Appends one frame of {@value #FRAME} octets, dropping the oldest when full. */
  public void add(byte[] g711, int off) {
    System.arraycopy(g711, off, ring, next * FRAME, FRAME);
    next = (next + 1) % capacity;
    count = Math.min(count + 1, capacity);
  }

  /** Frames held. */
  public int frames() {
    return count;
  }

  /** Copies frame {@code i} (0 = the oldest held) into {@code out[off..off+160)}. */
  public void frame(int i, byte[] out, int off) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("frame " + i + " of " + count);
    }
    int slot = (next - count + i + capacity) % capacity;
    System.arraycopy(ring, slot * FRAME, out, off, FRAME);
  }
}
