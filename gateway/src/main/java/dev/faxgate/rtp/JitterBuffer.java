package dev.faxgate.rtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * A playout buffer for G.711 fax audio: RTP packets in, exactly one 20 ms frame of 160 G.711
 * octets out per media tick.
 *
 * <p>Fax modems tolerate delay but not time warping, so once a fax has started this buffer never
 * stretches, squeezes, drops or inserts samples to track the network: every {@link #playout} call
 * plays the next 160 samples of the sender's timeline, real or silence, and advances it by exactly
 * 160. N calls give N frames, never more, never fewer.
 *
 * <p><b>Adaptive delay.</b> Made with {@link PlayoutDelay#bounds} whose maximum is above the
 * start, the delay may grow before the leg's fax starts: a packet that arrived late, or with
 * less than a frame to spare, asks for the delay that would have held it with that frame, and a {@link #playout} in silence then plays one frame of silence without
 * advancing the timeline (the only insertion, never during a signal); at the leg's first V.21
 * preamble the delay freezes for good ({@link PlayoutDelay}). It never shrinks. With a plain frame
 * count the delay is fixed.
 *
 * <p><b>Timeline.</b> Samples are placed by RTP timestamp, not by arrival order or sequence
 * number, so any packet duration works (10, 20, 30 ms, or odd lengths; a packet may straddle two
 * frames). The first packet of a stream, with timestamp {@code T}, anchors the timeline so that
 * it is played {@code delayFrames} ticks later: the playout position becomes
 * {@code T - delayFrames * 160}. Until then, and before the first packet at all, playout returns
 * silence that is not counted as loss (priming).
 *
 * <p><b>What happens to each packet</b> ({@link #put} returns the outcome and counts it in the
 * leg's {@link RtpStats}):
 * <ul>
 *   <li>not valid RTP: {@link #MALFORMED}, dropped;</li>
 *   <li>payload type other than the configured one, or an out-of-order packet whose timestamp
 *       lies beyond the buffer's reach ahead: {@link #IGNORED}, dropped;</li>
 *   <li>same extended sequence number as one already accepted (tracked over the last 256):
 *       {@link #DUPLICATE}, dropped;</li>
 *   <li>newer than every packet before it: {@link #PLACED};</li>
 *   <li>older than the newest, not a duplicate, and still (wholly) in time: {@link #REORDERED},
 *       placed;</li>
 *   <li>some of its samples were due before it arrived: {@link #LATE}; those samples are
 *       dropped and any still in the future are placed. Its frame, when played, was already
 *       counted as lost, so a late packet counts as both.</li>
 * </ul>
 *
 * <p><b>Restarts.</b> The timeline is re-anchored on the current packet (it plays
 * {@code delayFrames} ticks later; {@link #RESTARTED}; counted in {@code restarts}) when:
 * the SSRC changes; the sequence number jumps (RFC 3550 A.1 via {@link RtpSequence}: a jump of
 * {@value RtpSequence#MAX_DROPOUT} or more ahead, or {@value RtpSequence#MAX_MISORDER} or more
 * back, is {@link #IGNORED} until its successor confirms it); a newest packet's timestamp lies
 * beyond the buffer's reach, ahead or behind (a timestamp discontinuity); or
 * {@value #LATE_RESYNC} packets in a row arrive wholly late (the network delay grew for good;
 * the last of them, counted late, is the one re-anchored on and played).
 * Frames already buffered from before the restart (at most {@code delayFrames}) are still played;
 * later ones are discarded. A restart is a discontinuity of the sender's timeline, not a warp.
 *
 * <p><b>Loss and silence.</b> A frame with no sample received by its tick is played as the law's
 * silence code (0xFF for PCMU, which decodes to 0; 0xD5 for PCMA, which decodes to +8, A-law
 * having no zero); a frame with only some samples received is played with silence in the gaps
 * and is not counted. An empty frame counts as lost once a later sample of the stream has
 * arrived: at its playout when one already had, else when one arrives (a burst longer than the
 * delay is counted in full). So the ticks after the far end stopped sending, or before it
 * resumes, are no losses: a stream that ends is not a stream that lost its last second.
 *
 * <p><b>Costs.</b> Storage is preallocated: a ring of {@code 160 * slots} octets where
 * {@code slots} is the power of two at or above the largest delay {@code + }{@value #HEADROOM_FRAMES},
 * so packets may arrive up to that many frames early. {@code put} and {@code playout} copy octets
 * and never allocate. Not thread-safe: the leg's thread calls both.
 */
public final class JitterBuffer {

  /** Samples (and G.711 octets) per frame: 20 ms at 8 kHz. */
  public static final int FRAME_SAMPLES = 160;
  /** Default playout delay: 3 frames, 60 ms. */
  public static final int DEFAULT_DELAY_FRAMES = 3;
  /** Largest playout delay accepted: 50 frames, 1 s. */
  public static final int MAX_DELAY_FRAMES = 50;
  /** Frames of room beyond the playout delay for packets that arrive early. */
  public static final int HEADROOM_FRAMES = 32;
  /** Consecutive wholly-late packets after which the timeline is re-anchored. */
  public static final int LATE_RESYNC = 25;

  /** {@link #put} outcome: newest packet, placed. */
  public static final int PLACED = 0;
  /** {@link #put} outcome: out of order but in time, placed. */
  public static final int REORDERED = 1;
  /** {@link #put} outcome: timeline re-anchored on this packet, placed. */
  public static final int RESTARTED = 2;
  /** {@link #put} outcome: arrived after (some of) its samples were due; the rest placed. */
  public static final int LATE = 3;
  /** {@link #put} outcome: already received, dropped. */
  public static final int DUPLICATE = 4;
  /** {@link #put} outcome: other payload type, or an unconfirmed sequence jump; dropped. */
  public static final int IGNORED = 5;
  /** {@link #put} outcome: not valid RTP, dropped. */
  public static final int MALFORMED = 6;

  private static final int SEEN = 256;
  private static final long NONE = Long.MIN_VALUE;

  private int payloadType;
  private byte silence;
  private final PlayoutDelay delay;
  private final int mask;
  private final long capacity;
  private final byte[] ring;
  private final int[] fill;
  private final long[] seen = new long[SEEN];
  private final RtpSequence seq = new RtpSequence(1);
  private RtpStats stats;

  private boolean started;
  private int ssrc;
  /** Sender timestamp (extended to 64 bits) of the first sample of the next frame to play. */
  private long cursor;
  /** Ring slot of the next frame to play. */
  private int head;
  /** Frames starting before this timestamp are priming: empty ones are not counted as lost. */
  private long primeEnd;
  /** Sender timestamp just past the newest sample received: empty frames before it were lost. */
  private long receivedEnd;
  private int lateRun;
  private long played;
  private long filled;

  /** A buffer with the default delay of {@value #DEFAULT_DELAY_FRAMES} frames. */
  public JitterBuffer(int payloadType, RtpStats stats) {
    this(payloadType, DEFAULT_DELAY_FRAMES, stats);
  }

  /**
   * @param payloadType {@link G711#PT_PCMU} or {@link G711#PT_PCMA}; other types are ignored
   * @param delayFrames fixed playout delay in 20 ms frames, 0..{@value #MAX_DELAY_FRAMES}, or the
   *     bounds of an adaptive one ({@link PlayoutDelay#bounds})
   * @param stats the leg's counters, updated by this buffer
   */
  public JitterBuffer(int payloadType, int delayFrames, RtpStats stats) {
    this.delay = new PlayoutDelay(delayFrames);
    this.silence = G711.silence(payloadType);
    this.payloadType = payloadType;
    this.stats = Objects.requireNonNull(stats, "stats");
    stats.playoutFrames(delay.frames());
    int slots = slots(delay.maxFrames());
    this.mask = slots - 1;
    this.capacity = (long) slots * FRAME_SAMPLES;
    this.ring = new byte[slots * FRAME_SAMPLES];
    this.fill = new int[slots];
    Arrays.fill(ring, silence);
    Arrays.fill(seen, NONE);
  }

  private static int slots(int delayFrames) {
    return Integer.highestOneBit(delayFrames + HEADROOM_FRAMES - 1) << 1;
  }

  /** Whether {@link #reset(int, int, RtpStats)} can make this buffer one for {@code delayFrames} (its ring is that size). */
  public boolean fits(int delayFrames) {
    return PlayoutDelay.valid(delayFrames) && slots(PlayoutDelay.maxFrames(delayFrames)) == mask + 1;
  }

  /**
   * Makes this buffer as a new one made with these arguments: empty, not started, counting into
   * {@code stats}. For a media thread that reuses buffers from session to session
   * ({@code dev.faxgate.relay.PartsPool}).
   *
   * @throws IllegalArgumentException when it does not {@link #fits fit} {@code delayFrames}
   */
  public JitterBuffer reset(int payloadType, int delayFrames, RtpStats stats) {
    if (!fits(delayFrames)) {
      throw new IllegalArgumentException("a buffer of " + (mask + 1) + " frames cannot delay " + delayFrames);
    }
    this.silence = G711.silence(payloadType);
    this.payloadType = payloadType;
    this.stats = Objects.requireNonNull(stats, "stats");
    delay.reset(delayFrames);
    stats.playoutFrames(delay.frames());
    started = false;
    ssrc = 0;
    cursor = 0;
    head = 0;
    primeEnd = 0;
    receivedEnd = 0;
    lateRun = 0;
    played = 0;
    filled = 0;
    seq.reset();
    Arrays.fill(ring, silence);
    Arrays.fill(fill, 0);
    Arrays.fill(seen, NONE);
    return this;
  }

  /**
   * Offers one datagram received on the leg.
   *
   * <p>Every packet not dropped as malformed, ignored or duplicate also feeds the leg's jitter
   * estimate ({@link RtpStats#arrival}).
   *
   * @param buf the buffer holding the whole RTP packet; never retained (the payload is copied)
   * @param off offset of the packet in {@code buf}
   * @param len length of the packet
   * @param arrival arrival time on the local clock in 8 kHz units (raw 32 bits, wraps)
   * @return the outcome, one of {@link #PLACED}, {@link #REORDERED}, {@link #RESTARTED},
   *     {@link #LATE}, {@link #DUPLICATE}, {@link #IGNORED}, {@link #MALFORMED}; never throws on
   *     bad input
   */
  public int put(byte[] buf, int off, int len, int arrival) {
    long v = RtpPacket.validate(buf, off, len);
    if (v < 0) {
      stats.countMalformed();
      return MALFORMED;
    }
    stats.countReceived();
    if (RtpPacket.payloadType(buf, off) != payloadType) {
      stats.countIgnored();
      return IGNORED;
    }
    int pktSsrc = RtpPacket.ssrc(buf, off);
    if (started && pktSsrc != ssrc) {
      seq.reset();
    }
    int ts = RtpPacket.timestamp(buf, off);
    int st = seq.update(RtpPacket.sequence(buf, off));
    int result;
    switch (st) {
      case RtpSequence.STARTED:
      case RtpSequence.RESTARTED:
        ssrc = pktSsrc;
        result = anchor(ts) ? RESTARTED : PLACED;
        break;
      case RtpSequence.ADVANCED:
        result = PLACED;
        break;
      case RtpSequence.BEHIND:
        if (seen[(int) seq.extended() & (SEEN - 1)] == seq.extended()) {
          stats.countDuplicated();
          return DUPLICATE;
        }
        result = REORDERED;
        break;
      default:
        stats.countIgnored();
        return IGNORED;
    }
    int n = RtpPacket.payloadLength(v);
    long start = cursor + (ts - (int) cursor);
    boolean ahead = start >= cursor + capacity;
    if (result == PLACED && (ahead || start + n <= cursor - capacity)) {
      anchor(ts);                                // the newest packet leapt in time
      start = cursor + (ts - (int) cursor);
      result = RESTARTED;
    } else if (ahead) {
      stats.countIgnored();                      // an old packet with a timestamp from the future
      return IGNORED;
    }
    seen[(int) seq.extended() & (SEEN - 1)] = seq.extended();
    stats.arrival(ts, arrival);
    if (n > 0 && start + n <= cursor) {
      stats.countLate();
      delay.arrived(start - cursor);
      if (++lateRun < LATE_RESYNC) {
        return LATE;
      }
      anchor(ts);                                // the delay grew for good: start over here
      seen[(int) seq.extended() & (SEEN - 1)] = seq.extended();
      start = cursor + (ts - (int) cursor);
      result = RESTARTED;
    }
    lateRun = 0;
    if (start + n > receivedEnd) {
      countPlayedGap(start + n);
      receivedEnd = start + n;
    }
    delay.arrived(start - cursor);
    if (start < cursor) {
      stats.countLate();
      result = LATE;
    } else if (result == REORDERED) {
      stats.countReordered();
    }
    place(buf, RtpPacket.payloadOffset(v), start, n);
    return result;
  }

  /**
   * Plays the next frame: copies exactly {@value #FRAME_SAMPLES} G.711 octets into
   * {@code out[off..off+160)} and advances the timeline by one frame.
   *
   * @return true if at least one sample of the frame was received, false if it is all fill
   *     (silence: priming, loss, or no stream yet)
   */
  public boolean playout(byte[] out, int off) {
    played++;
    if (!started) {
      Arrays.fill(out, off, off + FRAME_SAMPLES, silence);
      filled++;
      return false;
    }
    int base = head * FRAME_SAMPLES;
    if (delay.stretch(ring, base, fill[head] != 0, payloadType)) {
      Arrays.fill(out, off, off + FRAME_SAMPLES, silence);  // held one frame: the delay grew
      filled++;
      stats.playoutFrames(delay.frames());
      return false;
    }
    System.arraycopy(ring, base, out, off, FRAME_SAMPLES);
    boolean real = fill[head] != 0;
    delay.heard(out, off, real, payloadType);
    if (real) {
      Arrays.fill(ring, base, base + FRAME_SAMPLES, silence);
      fill[head] = 0;
    } else {
      filled++;
      if (cursor >= primeEnd && cursor < receivedEnd) {
        stats.countLost(1); // later samples are here already: this frame's were lost (or late)
      }
    }
    head = (head + 1) & mask;
    cursor += FRAME_SAMPLES;
    return real;
  }

  /**
   * Forgets the stream and empties the buffer (counters are kept, and the playout delay: it is the
   * leg's network, and its fax may be under way); the next packet anchors anew.
   */
  public void reset() {
    started = false;
    seq.reset();
    Arrays.fill(ring, silence);
    Arrays.fill(fill, 0);
    Arrays.fill(seen, NONE);
    lateRun = 0;
  }

  /**
   * Anchors the timeline so that timestamp {@code ts} plays {@code delayFrames} ticks from now.
   * Frames already buffered within the delay are kept; everything beyond is discarded.
   *
   * @return whether this replaced an earlier anchor (a restart)
   */
  private boolean anchor(int ts) {
    boolean restart = started;
    if (restart) {
      stats.countRestart();
      for (int k = delay.frames(); k <= mask; k++) {
        int slot = (head + k) & mask;
        Arrays.fill(ring, slot * FRAME_SAMPLES, (slot + 1) * FRAME_SAMPLES, silence);
        fill[slot] = 0;
      }
      Arrays.fill(seen, NONE);
    }
    started = true;
    primeEnd = ts & 0xFFFFFFFFL;
    receivedEnd = primeEnd;
    cursor = primeEnd - (long) delay.frames() * FRAME_SAMPLES;
    lateRun = 0;
    return restart;
  }

  /**
   * A sample up to {@code newEnd} arrived beyond everything received before: the frames already
   * played empty since then (after {@link #receivedEnd}, up to the cursor or {@code newEnd}) were
   * lost, not the stream's end. They were not counted at their playout (nothing later had come).
   */
  private void countPlayedGap(long newEnd) {
    long from = primeEnd + Math.floorDiv(receivedEnd - primeEnd + FRAME_SAMPLES - 1, FRAME_SAMPLES) * FRAME_SAMPLES;
    long to = Math.min(newEnd, cursor);
    if (to > from) {
      stats.countLost((to - from + FRAME_SAMPLES - 1) / FRAME_SAMPLES);
    }
  }

  /** Copies the part of {@code n} samples starting at timestamp {@code start} that fits the ring. */
  private void place(byte[] buf, int src, long start, int n) {
    long s = Math.max(start, cursor);
    long e = Math.min(start + n, cursor + capacity);
    src += (int) (s - start);
    int rel = (int) (s - cursor);
    int k = rel / FRAME_SAMPLES;
    int o = rel % FRAME_SAMPLES;
    while (s < e) {
      int slot = (head + k) & mask;
      int chunk = (int) Math.min(FRAME_SAMPLES - o, e - s);
      System.arraycopy(buf, src, ring, slot * FRAME_SAMPLES + o, chunk);
      fill[slot] += chunk;
      src += chunk;
      s += chunk;
      k++;
      o = 0;
    }
  }

  // ---------------------------------------------------------------- state

  /** The playout delay now, in frames. */
  public int delayFrames() {
    return delay.frames();
  }

  /** The playout delay's bounds and state: adapting, or frozen by the leg's fax. */
  public PlayoutDelay playoutDelay() {
    return delay;
  }

  /** The sender timestamp (extended) of the first sample of the next frame to play (for tests). */
  long nextTimestamp() {
    return cursor;
  }

  /** The payload type played. */
  public int payloadType() {
    return payloadType;
  }

  /** The silence code used for fill. */
  public byte silence() {
    return silence;
  }

  /** Whether a stream has anchored the timeline. */
  public boolean isStarted() {
    return started;
  }

  /** Frames of room in the ring (a power of two at or above delay + headroom). */
  public int slots() {
    return mask + 1;
  }

  /** Frames played so far (one per {@link #playout} call). */
  public long framesPlayed() {
    return played;
  }

  /** Frames played as pure fill so far, priming included. */
  public long framesFilled() {
    return filled;
  }

  /** The leg's counters this buffer updates. */
  public RtpStats stats() {
    return stats;
  }
}
