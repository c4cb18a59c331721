package dev.faxgate.rtp;

/**
 * Receive counters of one RTP leg, and its interarrival jitter (RFC 3550 §6.4.1, computed as in
 * Appendix A.8). All fields are primitive; the counting methods allocate nothing. One thread owns
 * an instance (the leg's); others read it only through a {@link #snapshot}, taken on that thread.
 *
 * <p>The {@link JitterBuffer} is what normally feeds these counters; their meaning is:
 * <ul>
 *   <li>{@code received}: well-formed packets offered to the leg (every later category but
 *       {@code malformed} is a subset of these);</li>
 *   <li>{@code malformed}: datagrams that failed {@link RtpPacket#validate};</li>
 *   <li>{@code ignored}: well-formed but not played: another payload type, or a lone packet after
 *       a large sequence jump that its successor did not confirm as a restart;</li>
 *   <li>{@code duplicated}, {@code reordered}, {@code late}: see {@link JitterBuffer};</li>
 *   <li>{@code lost}: frames played as fill because no sample of them had arrived, while later
 *       samples did (a late packet is therefore counted both as late and, when its frame was
 *       played, as lost; the ticks after a stream ended are not);</li>
 *   <li>{@code restarts}: times the playout re-anchored on a new stream (new SSRC, confirmed
 *       sequence jump, timestamp discontinuity).</li>
 * </ul>
 * Beside the counters it holds the leg's playout delay ({@link #playoutMillis}), which the buffer
 * keeps current.
 *
 * <p><b>Jitter.</b> For each packet {@link #arrival(int, int)} takes its RTP timestamp and its
 * arrival time on a local clock in the same units (8000 per second for G.711). With transit
 * {@code S = arrival - timestamp}, {@code D = S(i) - S(i-1)} and J updated by
 * {@code J += (|D| - J) / 16}. The estimate is kept scaled by 16 in an integer, exactly as in
 * A.8: {@code J16 += |D| - ((J16 + 8) >> 4)}, and reported as {@code J16 >> 4} timestamp units.
 */
public final class RtpStats {

  /** Index in a {@link #snapshot(long[])} array. */
  public static final int RECEIVED = 0;
  /** Index in a {@link #snapshot(long[])} array. */
  public static final int LOST = 1;
  /** Index in a {@link #snapshot(long[])} array. */
  public static final int LATE = 2;
  /** Index in a {@link #snapshot(long[])} array. */
  public static final int DUPLICATED = 3;
  /** Index in a {@link #snapshot(long[])} array. */
  public static final int REORDERED = 4;
  /** Index in a {@link #snapshot(long[])} array. */
  public static final int MALFORMED = 5;
  /** Index in a {@link #snapshot(long[])} array. */
  public static final int IGNORED = 6;
  /** Index in a {@link #snapshot(long[])} array. */
  public static final int RESTARTS = 7;
  /** Index in a {@link #snapshot(long[])} array: jitter in timestamp units. */
  public static final int JITTER = 8;
  /** Length of a {@link #snapshot(long[])} array. */
  public static final int SIZE = 9;

  /** Timestamp units per millisecond at 8 kHz. */
  private static final double UNITS_PER_MS_8K = 8.0;

  private long received;
  private long lost;
  private long late;
  private long duplicated;
  private long reordered;
  private long malformed;
  private long ignored;
  private long restarts;
  private long jitter16;
  private int transit;
  private boolean haveTransit;
  private int playoutFrames;

  /** An immutable copy of the counters (allocated per snapshot, not per packet). */
  public record Snapshot(long received, long lost, long late, long duplicated, long reordered,
      long malformed, long ignored, long restarts, long jitter) {

    /** Jitter in milliseconds, for an 8 kHz clock. */
    public double jitterMillis() {
      return jitter / UNITS_PER_MS_8K;
    }
  }

  // ---------------------------------------------------------------- counting

  /** Counts a well-formed packet. */
  public void countReceived() {
    received++;
  }

  /** Counts frames played as fill while later samples of the stream arrived. */
  public void countLost(long frames) {
    lost += frames;
  }

  /** Counts a packet that arrived after (part of) it was due. */
  public void countLate() {
    late++;
  }

  /** Counts a duplicate packet. */
  public void countDuplicated() {
    duplicated++;
  }

  /** Counts a packet that arrived out of order but in time. */
  public void countReordered() {
    reordered++;
  }

  /** Counts a datagram that is not valid RTP. */
  public void countMalformed() {
    malformed++;
  }

  /** Counts a well-formed packet that was not played. */
  public void countIgnored() {
    ignored++;
  }

  /** Counts a re-anchoring on a new stream, and restarts the jitter's transit reference. */
  public void countRestart() {
    restarts++;
    haveTransit = false;
  }

  /**
   * Updates the interarrival jitter with one packet.
   *
   * @param rtpTimestamp the packet's RTP timestamp (raw 32 bits)
   * @param arrival the arrival time on the local clock, in timestamp units (raw 32 bits, wraps)
   */
  public void arrival(int rtpTimestamp, int arrival) {
    int t = arrival - rtpTimestamp;
    if (haveTransit) {
      long d = Math.abs((long) (t - transit));   // transits wrap with the clocks: diff in 32 bits
      jitter16 += d - ((jitter16 + 8) >> 4);
    }
    transit = t;
    haveTransit = true;
  }

  /** Records the leg's playout delay now, in 20 ms frames (the {@link JitterBuffer} keeps it current). */
  public void playoutFrames(int frames) {
    playoutFrames = frames;
  }

  /** Clears every counter and the jitter estimate (not the playout delay: it is the buffer's). */
  public void reset() {
    received = lost = late = duplicated = reordered = malformed = ignored = restarts = 0;
    jitter16 = 0;
    haveTransit = false;
  }

  // ---------------------------------------------------------------- reading

  /** Well-formed packets. */
  public long received() {
    return received;
  }

  /** Frames played as fill. */
  public long lost() {
    return lost;
  }

  /** Packets that arrived after (part of) them was due. */
  public long late() {
    return late;
  }

  /** Duplicate packets. */
  public long duplicated() {
    return duplicated;
  }

  /** Packets that arrived out of order but in time. */
  public long reordered() {
    return reordered;
  }

  /** Datagrams that are not valid RTP. */
  public long malformed() {
    return malformed;
  }

  /** Well-formed packets not played. */
  public long ignored() {
    return ignored;
  }

  /** Re-anchorings on a new stream. */
  public long restarts() {
    return restarts;
  }

  /** Interarrival jitter in timestamp units (J16 >> 4, as reported in RTCP). */
  public long jitter() {
    return jitter16 >> 4;
  }

  /** Interarrival jitter in milliseconds, for an 8 kHz clock, at the full 1/16 resolution. */
  public double jitterMillis() {
    return jitter16 / 16.0 / UNITS_PER_MS_8K;
  }

  /** The leg's playout delay now (the largest it had: it never shrinks), in milliseconds. */
  public int playoutMillis() {
    return playoutFrames * 20;
  }

  /** Copies the counters into {@code into[0..SIZE)} at the {@code RECEIVED..JITTER} indices. */
  public void snapshot(long[] into) {
    into[RECEIVED] = received;
    into[LOST] = lost;
    into[LATE] = late;
    into[DUPLICATED] = duplicated;
    into[REORDERED] = reordered;
    into[MALFORMED] = malformed;
    into[IGNORED] = ignored;
    into[RESTARTS] = restarts;
    into[JITTER] = jitter();
  }

  /** An immutable copy of the counters. */
  public Snapshot snapshot() {
    return new Snapshot(received, lost, late, duplicated, reordered, malformed, ignored, restarts,
        jitter());
  }

  @Override
  public String toString() {
    return snapshot().toString();
  }
}
