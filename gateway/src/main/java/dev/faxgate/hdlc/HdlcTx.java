package dev.faxgate.hdlc;

import dev.faxgate.modem.BitSource;
import dev.faxgate.modem.ModemStatus;

/**
 * HDLC transmitter: the {@link BitSource} of a modem (after spandsp's {@code hdlc_tx}).
 *
 * <p>It sends a preamble of flags (default {@value #DEFAULT_PREAMBLE_FLAGS}: T.30's 1 s at 300
 * bit/s), then each queued frame with a 0 stuffed after five 1s, its CRC-16/ITU FCS (low octet
 * first, stuffed too) and one closing flag, which also opens the next frame. Octets go LSB first.
 * While the queue is empty it keeps sending flags; after {@link #end()} and the last closing flag,
 * {@link #getBit()} returns {@link BitSource#END_OF_DATA}. {@link #abort()} cuts the frame in progress
 * with eight 1s and a flag. {@link #sendDamagedFrame} queues a frame whose FCS is deliberately wrong.
 *
 * <p>Frames are copied into a fixed queue of {@value #QUEUE_FRAMES}; a {@link FrameSource} is told
 * whenever a frame leaves the queue for the line, so it can queue the next one in time to follow
 * with a single flag. Nothing is allocated after construction. Not thread-safe.
 */
public final class HdlcTx implements BitSource {
  /** T.30's preamble: 1 s of flags at 300 bit/s. */
  public static final int DEFAULT_PREAMBLE_FLAGS = 37;
  /** Frames the queue holds, the one on the line included. */
  public static final int QUEUE_FRAMES = 8;

  private static final int FLAG = 0x7E;

  /** Told when the transmitter has taken a queued frame and has room for another. */
  @FunctionalInterface
  public interface FrameSource {
    void underflow(HdlcTx tx);
  }

  private enum Stage {
    /** Preamble, inter-frame or idle flags. */
    FLAGS,
    /** A frame's octets and then its FCS, bit-stuffed. */
    FRAME,
    /** The abort sequence. */
    ABORT,
    /** Everything sent: end of data. */
    DONE
  }

  private final int maxFrameLength;
  private final byte[] queue;
  private final int[] queueLen = new int[QUEUE_FRAMES];
  /** Per slot: send this frame with a wrong FCS ({@link #sendDamagedFrame}). */
  private final boolean[] queueDamaged = new boolean[QUEUE_FRAMES];
  private int queueHead;
  private int queueCount;
  private FrameSource frameSource;

  private Stage stage;
  private int flagsToSend;
  private boolean ending;
  private boolean abortRequested;
  // the frame on the line
  private int frameSlot;
  private int frameLen;
  private int framePos;
  private int fcs;
  private int fcsOctets;
  // the octet being shifted out
  private int shift;
  private int bitsLeft;
  private boolean stuffing;
  private int ones;
  private boolean stuffNext;

  private long framesSent;
  private long octetsSent;

  /** A transmitter with the T.30 preamble and frames of up to {@link HdlcRx#DEFAULT_MAX_FRAME_LENGTH} octets. */
  public HdlcTx() {
    this(DEFAULT_PREAMBLE_FLAGS, HdlcRx.DEFAULT_MAX_FRAME_LENGTH);
  }

  /**
   * @param preambleFlags flags before the first frame (at least 1)
   * @param maxFrameLength the longest frame accepted, octets without the FCS
   */
  public HdlcTx(int preambleFlags, int maxFrameLength) {
    if (maxFrameLength < 1) {
      throw new IllegalArgumentException("maxFrameLength must be at least 1");
    }
    this.maxFrameLength = maxFrameLength;
    this.queue = new byte[QUEUE_FRAMES * maxFrameLength];
    restart(preambleFlags);
  }

  /**
   * Makes this transmitter as a new one with {@code preambleFlags} (same longest frame): nothing
   * queued, nobody told of frames, every counter 0. For one reused from session to session.
   */
  public HdlcTx reset(int preambleFlags) {
    restart(preambleFlags);
    java.util.Arrays.fill(queueLen, 0);
    java.util.Arrays.fill(queueDamaged, false);
    frameSource = null;
    frameSlot = 0;
    frameLen = 0;
    framePos = 0;
    fcs = 0;
    fcsOctets = 0;
    shift = 0;
    stuffing = false;
    framesSent = 0;
    octetsSent = 0;
    return this;
  }

  /** The longest frame accepted, octets without the FCS. */
  public int maxFrameLength() {
    return maxFrameLength;
  }

  /** Sets who is told when a queued frame goes out (null: nobody). */
  public HdlcTx frameSource(FrameSource source) {
    this.frameSource = source;
    return this;
  }

  /** Starts a new burst: empties the queue, forgets {@link #end()}, and sends {@code preambleFlags} flags first. */
  public void restart(int preambleFlags) {
    if (preambleFlags < 1) {
      throw new IllegalArgumentException("preambleFlags must be at least 1");
    }
    queueHead = 0;
    queueCount = 0;
    stage = Stage.FLAGS;
    flagsToSend = preambleFlags;
    ending = false;
    abortRequested = false;
    bitsLeft = 0;
    ones = 0;
    stuffNext = false;
  }

  /**
   * Queues a frame (address, control, FCF, FIF; the FCS is added here).
   *
   * @return false if the queue is full
   * @throws IllegalArgumentException if {@code len} is not 1..maxFrameLength
   */
  public boolean sendFrame(byte[] frame, int off, int len) {
    return queue(frame, off, len, false);
  }

  /**
   * Queues a frame that goes out with a wrong FCS (the right one inverted), so every receiver
   * rejects it: a frame that arrived damaged is relayed as damaged, in its place in the burst, never
   * as a good one, and the flags and carrier around it keep their timing (issue 18).
   *
   * @return false if the queue is full
   * @throws IllegalArgumentException if {@code len} is not 1..maxFrameLength
   */
  public boolean sendDamagedFrame(byte[] frame, int off, int len) {
    return queue(frame, off, len, true);
  }

  private boolean queue(byte[] frame, int off, int len, boolean damaged) {
    if (len < 1 || len > maxFrameLength) {
      throw new IllegalArgumentException("frame length " + len + " is not 1.." + maxFrameLength);
    }
    // the slot of the frame on the line stays taken until it is sent
    if (queueCount + (stage == Stage.FRAME ? 1 : 0) >= QUEUE_FRAMES) {
      return false;
    }
    int slot = (queueHead + queueCount) % QUEUE_FRAMES;
    System.arraycopy(frame, off, queue, slot * maxFrameLength, len);
    queueLen[slot] = len;
    queueDamaged[slot] = damaged;
    queueCount++;
    ending = false;
    return true;
  }

  /** Adds {@code n} flags to send before the next frame (or while idle). */
  public void sendFlags(int n) {
    if (stage == Stage.FLAGS) {
      flagsToSend += n;
    }
  }

  /** Finish: after the queued frames and their closing flag, {@link #getBit()} returns end of data. */
  public void end() {
    ending = true;
  }

  /** Cuts the frame in progress at the next octet: eight 1s (an abort), then a flag. */
  public void abort() {
    abortRequested = true;
  }

  /** Frames whose FCS and closing flag went out. */
  public long framesSent() {
    return framesSent;
  }

  /** Frame octets sent, FCS excluded. */
  public long octetsSent() {
    return octetsSent;
  }

  /** Frames waiting in the queue. */
  public int queued() {
    return queueCount;
  }

  @Override
  public int getBit() {
    if (stuffNext) {
      stuffNext = false;
      ones = 0;
      return 0;
    }
    if (bitsLeft == 0 && !nextOctet()) {
      return END_OF_DATA;
    }
    int bit = shift & 1;
    shift >>>= 1;
    bitsLeft--;
    if (stuffing) {
      if (bit != 0) {
        if (++ones == 5) {
          stuffNext = true;
        }
      } else {
        ones = 0;
      }
    } else {
      ones = 0;
    }
    return bit;
  }

  /** Loads the next octet to shift out; false at the end of data. */
  private boolean nextOctet() {
    if (abortRequested && stage != Stage.DONE) {
      abortRequested = false;
      stage = Stage.ABORT;
    }
    switch (stage) {
      case ABORT:
        load(0xFF, false);
        stage = Stage.FLAGS;
        flagsToSend = Math.max(flagsToSend, 1);
        return true;
      case FRAME:
        if (framePos < frameLen) {
          load(queue[frameSlot * maxFrameLength + framePos++] & 0xFF, true);
          return true;
        }
        if (fcsOctets < 2) {
          load(fcsOctets == 0 ? fcs & 0xFF : fcs >>> 8, true);
          fcsOctets++;
          return true;
        }
        framesSent++;
        octetsSent += frameLen;
        stage = Stage.FLAGS;
        flagsToSend = 1; // the closing flag, which opens the next frame too
        return nextOctet();
      case FLAGS:
        if (flagsToSend > 0) {
          flagsToSend--;
          load(FLAG, false);
          return true;
        }
        if (queueCount > 0) {
          startFrame();
          return nextOctet();
        }
        if (ending) {
          stage = Stage.DONE;
          return false;
        }
        load(FLAG, false); // idle
        return true;
      case DONE:
      default:
        return false;
    }
  }

  private void startFrame() {
    frameSlot = queueHead;
    frameLen = queueLen[queueHead];
    queueHead = (queueHead + 1) % QUEUE_FRAMES;
    queueCount--;
    framePos = 0;
    fcs = Crc16.fcs(queue, frameSlot * maxFrameLength, frameLen);
    if (queueDamaged[frameSlot]) {
      fcs ^= 0xFFFF; // differs from the right FCS in every bit: no receiver can take it as good
    }
    fcsOctets = 0;
    stage = Stage.FRAME;
    if (frameSource != null) {
      frameSource.underflow(this);
    }
  }

  private void load(int value, boolean stuffed) {
    shift = value;
    bitsLeft = 8;
    stuffing = stuffed;
  }

  @Override
  public void status(ModemStatus status) {
    // nothing to do: the modem tells us it has sent the last bit
  }
}
