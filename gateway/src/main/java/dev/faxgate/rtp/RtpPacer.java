package dev.faxgate.rtp;

/**
 * Outbound RTP header sequencing for one stream: writes the 12-octet header of each frame into a
 * caller's buffer, with the sequence number +1 and the timestamp +{@code samplesPerFrame} (160 for
 * 20 ms at 8 kHz) from one packet to the next, steady, and the marker bit on the first packet.
 *
 * <pre>{@code
 * RtpPacer pacer = new RtpPacer(ssrc, G711.PT_PCMA, randomSeq, randomTs);
 * // every 20 ms tick:
 * int h = pacer.next(datagram, 0);                // header
 * System.arraycopy(frame, 0, datagram, h, 160);   // payload
 * send(datagram, 0, h + 160);
 * }</pre>
 *
 * <p>The sender owns the clock: call {@link #next} once per frame sent, and {@link #skip} for a
 * frame deliberately not sent, so the timestamp keeps counting samples while the sequence number
 * keeps counting packets. Primitive state only; nothing is allocated.
 */
public final class RtpPacer {

  private final int ssrc;
  private final int payloadType;
  private final int samplesPerFrame;
  private int seq;
  private int timestamp;
  private boolean marker = true;
  private long packets;

  /** A pacer for 20 ms frames of 160 samples. */
  public RtpPacer(int ssrc, int payloadType, int firstSequence, int firstTimestamp) {
    this(ssrc, payloadType, firstSequence, firstTimestamp, JitterBuffer.FRAME_SAMPLES);
  }

  /**
   * @param ssrc the stream's SSRC
   * @param payloadType 0..127
   * @param firstSequence sequence number of the first packet (low 16 bits used)
   * @param firstTimestamp timestamp of the first packet (raw 32 bits)
   * @param samplesPerFrame timestamp step per packet, positive
   */
  public RtpPacer(int ssrc, int payloadType, int firstSequence, int firstTimestamp,
      int samplesPerFrame) {
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payloadType not in 0..127: " + payloadType);
    }
    if (samplesPerFrame <= 0) {
      throw new IllegalArgumentException("samplesPerFrame <= 0: " + samplesPerFrame);
    }
    this.ssrc = ssrc;
    this.payloadType = payloadType;
    this.samplesPerFrame = samplesPerFrame;
    this.seq = firstSequence & 0xFFFF;
    this.timestamp = firstTimestamp;
  }

  /**
   * Writes the next packet's header at {@code buf[off..off+12)} and advances.
   *
   * @return {@link RtpPacket#HEADER_SIZE}: the payload goes at {@code off + 12}
   */
  public int next(byte[] buf, int off) {
    RtpPacket.writeHeader(buf, off, marker, payloadType, seq, timestamp, ssrc);
    marker = false;
    seq = (seq + 1) & 0xFFFF;
    timestamp += samplesPerFrame;
    packets++;
    return RtpPacket.HEADER_SIZE;
  }

  /** Advances the timestamp by one frame without a packet (the sequence number does not move). */
  public void skip() {
    timestamp += samplesPerFrame;
  }

  /** Sets the marker on the next packet (e.g. audio resuming after a pause). */
  public void mark() {
    marker = true;
  }

  /** Sequence number the next packet will carry. */
  public int sequence() {
    return seq;
  }

  /** Timestamp the next packet will carry (raw 32 bits). */
  public int timestamp() {
    return timestamp;
  }

  /** The stream's SSRC. */
  public int ssrc() {
    return ssrc;
  }

  /** The payload type written. */
  public int payloadType() {
    return payloadType;
  }

  /** Packets written so far. */
  public long packets() {
    return packets;
  }
}
