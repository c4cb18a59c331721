package dev.faxgate.t38;

/**
 * One HDLC frame being put together from T.38 {@code hdlc-data} fields, which may spread over
 * several IFPs until an {@code hdlc-fcs-OK} or {@code hdlc-fcs-BAD} closes it (docs/dsp.md §2).
 * T.38 carries each octet with its first line bit as the MSB; the frame is kept in HDLC order
 * (LSB-first, {@code FF 13 80 ...} for a DIS), the order the T.30 classes work in.
 *
 * <p>A frame that grows past its maximum length, or that IFPs lost on the way have hit
 * ({@link #corrupt()}), is marked corrupt: its holder drops it when it closes. Shared by the
 * gateway's T.38-to-audio half (which plays the frames) and the T.38 relay (which only reads
 * them), so both see the same frames in the same IFPs.
 *
 * <p>Nothing is allocated after construction. Not thread-safe.
 */
public final class HdlcFrameAssembly {
  private final byte[] frame;
  private int length;
  private boolean corrupt;

  /** @param maxLength the longest frame accepted, octets without FCS */
  public HdlcFrameAssembly(int maxLength) {
    frame = new byte[maxLength];
  }

  /** Adds {@code len} octets of {@code hdlc-data} (T.38 order); past the maximum length the frame is corrupt. */
  public void append(byte[] buf, int off, int len) {
    for (int i = 0; i < len; i++) {
      if (length == frame.length) {
        corrupt = true; // too long: dropped at its end
        return;
      }
      frame[length++] = (byte) (Integer.reverse(buf[off + i]) >>> 24);
    }
  }

  /** IFPs were lost while the frame was assembled: it cannot be trusted. */
  public void corrupt() {
    corrupt = true;
  }

  /** True when there is nothing to close: no octet and no damage since the last reset. */
  public boolean isEmpty() {
    return length == 0 && !corrupt;
  }

  /** True when the frame may be used: at least one octet, none lost, not too long. */
  public boolean isUsable() {
    return length > 0 && !corrupt;
  }

  /** The frame, in HDLC order, from index 0; valid until the next {@link #reset}. A tap may edit it in place. */
  public byte[] array() {
    return frame;
  }

  public int length() {
    return length;
  }

  public boolean isCorrupt() {
    return corrupt;
  }

  /** Starts the next frame. */
  public void reset() {
    length = 0;
    corrupt = false;
  }
}
