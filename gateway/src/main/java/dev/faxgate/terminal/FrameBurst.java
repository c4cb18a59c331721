package dev.faxgate.terminal;

/**
 * HDLC frames to send in one carrier burst (a V.21 command or response, or an ECM block on the
 * fast modem), octets LSB-first without FCS (the transmitter adds it). Reused: the engine fills it,
 * the line reads it until it reports the burst sent; storage grows only when a longer frame or a
 * larger burst than ever before comes, so a fax in steady state allocates nothing here.
 */
public final class FrameBurst {
  private byte[][] frames;
  private int[] lengths;
  private int count;

  /** Room for {@code frames} frames of up to {@code frameLength} octets to begin with. */
  public FrameBurst(int frames, int frameLength) {
    this.frames = new byte[frames][frameLength];
    this.lengths = new int[frames];
  }

  /** Empties the burst. */
  public FrameBurst clear() {
    count = 0;
    return this;
  }

  /** Appends a frame (copied). */
  public FrameBurst add(byte[] buf, int off, int len) {
    byte[] slot = slot(len);
    System.arraycopy(buf, off, slot, 0, len);
    lengths[count++] = len;
    return this;
  }

  /** Appends a frame (copied). */
  public FrameBurst add(byte[] frame) {
    return add(frame, 0, frame.length);
  }

  /** The next slot, at least {@code len} long, for a caller that writes the frame in place; then {@link #commit}. */
  public byte[] slot(int len) {
    if (count == frames.length) {
      int n = count * 2;
      frames = java.util.Arrays.copyOf(frames, n);
      lengths = java.util.Arrays.copyOf(lengths, n);
    }
    if (frames[count] == null || frames[count].length < len) {
      frames[count] = new byte[Math.max(len, 8)];
    }
    return frames[count];
  }

  /** Ends a frame written in place into {@link #slot}. */
  public void commit(int len) {
    lengths[count++] = len;
  }

  public int count() {
    return count;
  }

  /** Frame {@code i}'s octets, from index 0. */
  public byte[] frame(int i) {
    return frames[i];
  }

  public int length(int i) {
    return lengths[i];
  }
}
