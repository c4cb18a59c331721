package dev.faxgate.rtp;

/**
 * RTP sequence numbers: rollover-safe 16-bit and 32-bit arithmetic (static), and, per instance,
 * the extended-sequence tracker of RFC 3550 Appendix A.1 for one source.
 *
 * <p><b>Arithmetic.</b> Sequence numbers live on a circle of 65536: {@link #diff diff(a, b)} is
 * the signed distance from {@code b} to {@code a} in -32768..32767, so {@code diff(0, 65535) == 1}
 * and {@code isNewer(0, 65535)}. Timestamps are compared the same way on a circle of 2^32
 * ({@link #timestampDiff}).
 *
 * <p><b>Tracker.</b> {@link #update} classifies each arriving sequence number against the highest
 * seen so far and keeps a 64-bit extended sequence number (cycles of 65536 plus the 16-bit
 * value):
 * <ul>
 *   <li>up to {@link #MAX_DROPOUT} - 1 ahead: in order, perhaps after a gap ({@link #ADVANCED});
 *       wrapping past 65535 adds a cycle;</li>
 *   <li>0 to {@link #MAX_MISORDER} - 1 behind: a duplicate or a late, reordered packet
 *       ({@link #BEHIND});</li>
 *   <li>anything else (a forward jump of at least {@code MAX_DROPOUT}, or {@code MAX_MISORDER} or
 *       more back) is a {@link #JUMP}: the packet is not accepted and is remembered;
 *       if the very next packet follows it (seq + 1) the source is taken to have restarted and the
 *       tracker re-initialises on it ({@link #RESTARTED}). So a jump of 30000 costs one packet
 *       and is never counted as 30000 lost.</li>
 * </ul>
 * A new tracker (or one {@link #reset}) first needs {@code minSequential} consecutive numbers
 * ({@link #PROBATION}) before it accepts a packet ({@link #STARTED}); RFC 3550 suggests 2, a
 * jitter buffer that must not lose the first packet uses 1.
 *
 * <p>Counts ({@link #received}, {@link #expected}, {@link #lost}) cover the packets since the
 * last (re)initialisation, as in A.1. All state is primitive; nothing is allocated.
 */
public final class RtpSequence {

  /** Largest forward step (exclusive) still taken as the same stream, per RFC 3550 A.1. */
  public static final int MAX_DROPOUT = 3000;
  /** Smallest backward step no longer taken as misordering, per RFC 3550 A.1. */
  public static final int MAX_MISORDER = 100;
  /** Consecutive packets needed before a new source is accepted, per RFC 3550 A.1. */
  public static final int MIN_SEQUENTIAL = 2;

  /** {@link #update} result: source still on probation, packet not accepted. */
  public static final int PROBATION = 0;
  /** {@link #update} result: probation passed, tracker initialised on this packet. */
  public static final int STARTED = 1;
  /** {@link #update} result: newer than every packet so far (possibly after a gap). */
  public static final int ADVANCED = 2;
  /** {@link #update} result: not newer than the highest so far: duplicate or reordered. */
  public static final int BEHIND = 3;
  /** {@link #update} result: a large jump; packet not accepted, awaiting confirmation. */
  public static final int JUMP = 4;
  /** {@link #update} result: a jump confirmed by its successor; tracker re-initialised here. */
  public static final int RESTARTED = 5;

  private static final int SEQ_MOD = 1 << 16;

  private final int minSequential;
  private boolean seen;
  private int probation;
  private int maxSeq;
  private int baseSeq;
  private int badSeq;
  private long cycles;
  private long received;
  private long last;

  /** A tracker with the RFC's probation of {@link #MIN_SEQUENTIAL} packets. */
  public RtpSequence() {
    this(MIN_SEQUENTIAL);
  }

  /** A tracker accepting a new source after {@code minSequential} (at least 1) consecutive packets. */
  public RtpSequence(int minSequential) {
    if (minSequential < 1) {
      throw new IllegalArgumentException("minSequential < 1: " + minSequential);
    }
    this.minSequential = minSequential;
  }

  // ---------------------------------------------------------------- arithmetic

  /** Signed distance from {@code b} to {@code a} on the 16-bit circle, in -32768..32767. */
  public static int diff(int a, int b) {
    return (short) (a - b);
  }

  /** Whether {@code a} comes after {@code b} (at most 32767 ahead on the 16-bit circle). */
  public static boolean isNewer(int a, int b) {
    return diff(a, b) > 0;
  }

  /** The sequence number after {@code seq}, wrapping 65535 to 0. */
  public static int next(int seq) {
    return (seq + 1) & 0xFFFF;
  }

  /** Signed distance from timestamp {@code b} to {@code a} on the 32-bit circle. */
  public static int timestampDiff(int a, int b) {
    return a - b;
  }

  /** Whether timestamp {@code a} comes after {@code b} on the 32-bit circle. */
  public static boolean isNewerTimestamp(int a, int b) {
    return a - b > 0;
  }

  // ---------------------------------------------------------------- tracker

  /** Forgets the source: the next packet is treated as the first one ever seen. */
  public void reset() {
    seen = false;
  }

  /**
   * Classifies sequence number {@code seq} (low 16 bits used) and updates the state.
   *
   * @return one of {@link #PROBATION}, {@link #STARTED}, {@link #ADVANCED}, {@link #BEHIND},
   *     {@link #JUMP}, {@link #RESTARTED}; after every result but {@code PROBATION} and
   *     {@code JUMP}, {@link #extended()} holds this packet's extended sequence number
   */
  public int update(int seq) {
    seq &= 0xFFFF;
    if (!seen) {
      seen = true;
      init(seq);
      maxSeq = (seq - 1) & 0xFFFF;
      probation = minSequential;
    }
    int udelta = (seq - maxSeq) & 0xFFFF;
    if (probation > 0) {
      if (seq == ((maxSeq + 1) & 0xFFFF)) {
        maxSeq = seq;
        if (--probation == 0) {
          init(seq);
          received = 1;
          return STARTED;
        }
      } else {
        probation = minSequential - 1;
        maxSeq = seq;
      }
      return PROBATION;
    }
    if (udelta == 0) {
      received++;
      last = cycles + maxSeq;
      return BEHIND;
    }
    if (udelta < MAX_DROPOUT) {
      if (seq < maxSeq) {
        cycles += SEQ_MOD;
      }
      maxSeq = seq;
      received++;
      last = cycles + seq;
      return ADVANCED;
    }
    if (udelta <= SEQ_MOD - MAX_MISORDER) {
      if (seq == badSeq) {
        init(seq);
        received = 1;
        return RESTARTED;
      }
      badSeq = (seq + 1) & 0xFFFF;
      return JUMP;
    }
    received++;
    last = cycles + maxSeq - (SEQ_MOD - udelta);
    return BEHIND;
  }

  private void init(int seq) {
    baseSeq = seq;
    maxSeq = seq;
    badSeq = SEQ_MOD + 1;
    cycles = 0;
    received = 0;
    last = seq;
  }

  /** Extended sequence number of the packet last accepted by {@link #update}. */
  public long extended() {
    return last;
  }

  /** Highest extended sequence number accepted since (re)initialisation. */
  public long extendedMax() {
    return cycles + maxSeq;
  }

  /** The highest 16-bit sequence number seen. */
  public int maxSequence() {
    return maxSeq;
  }

  /** Accepted packets since (re)initialisation, duplicates included (as in A.1). */
  public long received() {
    return received;
  }

  /** Packets expected since (re)initialisation: extended max - base + 1 (0 before starting). */
  public long expected() {
    return seen && probation == 0 ? extendedMax() - baseSeq + 1 : 0;
  }

  /** Cumulative loss per RFC 3550 A.3: expected - received (negative if duplicates outnumber). */
  public long lost() {
    return expected() - received;
  }
}
