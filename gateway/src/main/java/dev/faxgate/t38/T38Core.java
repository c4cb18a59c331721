package dev.faxgate.t38;

/**
 * The receive side of a T.38 core: takes IFPs with their sequence numbers (from UDPTL, already
 * put in order where it could be), drops repeats and late arrivals, reports gaps and sequence
 * restarts, decodes each IFP and hands it on, strictly in sequence order.
 *
 * <p>Sequence numbers are 16 bits and wrap from 65535 to 0. Relative to the number expected
 * next, an IFP is classified as in spandsp's {@code t38_core_rx_ifp_packet}:
 * <ul>
 *   <li>the number just before it: a repeat, dropped ({@link #duplicates()});
 *   <li>less than {@link #WINDOW} behind: late, dropped ({@link #late()});
 *   <li>less than {@link #WINDOW} ahead: the numbers in between are missing; they are reported
 *       through {@link Listener#onMissing} and counted in {@link #missing()}, and the IFP is
 *       taken;
 *   <li>anything else (e.g. a jump of 30000): the far end restarted its numbering; counted in
 *       {@link #restarts()}, nothing is reported missing, and the IFP is taken.
 * </ul>
 * The first IFP is taken whatever its number. An IFP that does not decode still moves the
 * expected number on (it was received, just not understood) and is counted in {@link
 * #malformed()}.
 *
 * <p>Allocation-free after construction; not thread-safe; never throws on bad input.
 */
public final class T38Core {
  /** Distance (in sequence numbers) beyond which a jump is a restart, not a loss. */
  public static final int WINDOW = 2000;

  /** {@link #rxIfp} outcome: the IFP was decoded and delivered. */
  public static final int DELIVERED = 0;
  /** {@link #rxIfp} outcome: a repeat of the previous sequence number, dropped. */
  public static final int DUPLICATE = 1;
  /** {@link #rxIfp} outcome: older than the previous one, dropped. */
  public static final int LATE = 2;
  /** {@link #rxIfp} outcome: the IFP did not decode; {@link Listener#onMalformed} was called. */
  public static final int MALFORMED = 3;

  /** Receives what the core finds; only {@link #onIfp} is required. */
  public interface Listener {
    /** An IFP in sequence order; {@code ifp} is only valid during the call. */
    void onIfp(int seq, IfpPacket ifp);

    /** {@code count} sequence numbers from {@code firstMissing} up to {@code seq} (excluded) never came. */
    default void onMissing(int firstMissing, int seq, int count) {
    }

    /** The numbering jumped from {@code expected} to {@code seq}: a restart, not a loss. */
    default void onRestart(int expected, int seq) {
    }

    /** The IFP with this number did not decode: {@code status} is an {@link IfpCodec} code. */
    default void onMalformed(int seq, int status) {
    }
  }

  private final Listener listener;
  private final IfpPacket ifp;
  private int version;
  private int expected = -1;
  private long delivered;
  private long duplicates;
  private long late;
  private long missing;
  private long gaps;
  private long restarts;
  private long malformed;

  /**
   * @param version T.38 version 0..3 used to decode (0: 1998 ASN.1)
   * @param maxFields the most data-field elements accepted in one IFP
   */
  public T38Core(int version, int maxFields, Listener listener) {
    if (listener == null) {
      throw new IllegalArgumentException("listener");
    }
    setVersion(version);
    this.listener = listener;
    this.ifp = new IfpPacket(maxFields);
  }

  /** A core for T.38 version {@code version} accepting {@link IfpPacket#DEFAULT_MAX_FIELDS} fields. */
  public T38Core(int version, Listener listener) {
    this(version, IfpPacket.DEFAULT_MAX_FIELDS, listener);
  }

  /** Sets the T.38 version (0..3) the next IFPs are decoded with. */
  public void setVersion(int version) {
    if (version < 0 || version > IfpCodec.MAX_VERSION) {
      throw new IllegalArgumentException("T.38 version " + version);
    }
    this.version = version;
  }

  /** Forgets the expected sequence number (the next IFP is taken whatever its number). */
  public void restart() {
    expected = -1;
  }

  /**
   * Takes the IFP {@code buf[off .. off+len)} received with sequence number {@code seq} (only
   * its low 16 bits are used).
   *
   * @return {@link #DELIVERED}, {@link #DUPLICATE}, {@link #LATE} or {@link #MALFORMED}
   */
  public int rxIfp(int seq, byte[] buf, int off, int len) {
    seq &= 0xFFFF;
    if (expected >= 0 && seq != expected) {
      int d = (short) (seq - expected);
      if (d == -1) {
        duplicates++;
        return DUPLICATE;
      }
      if (d < 0 && d > -WINDOW) {
        late++;
        return LATE;
      }
      if (d > 0 && d < WINDOW) {
        missing += d;
        gaps++;
        listener.onMissing(expected, seq, d);
      } else {
        restarts++;
        listener.onRestart(expected, seq);
      }
    }
    expected = (seq + 1) & 0xFFFF;
    int status = IfpCodec.decode(buf, off, len, version, ifp);
    if (status != IfpCodec.OK) {
      malformed++;
      listener.onMalformed(seq, status);
      return MALFORMED;
    }
    delivered++;
    listener.onIfp(seq, ifp);
    return DELIVERED;
  }

  /** The sequence number expected next, or -1 before the first IFP. */
  public int expectedSeq() {
    return expected;
  }

  /** IFPs decoded and delivered. */
  public long delivered() {
    return delivered;
  }

  /** IFPs dropped as repeats of the previous sequence number. */
  public long duplicates() {
    return duplicates;
  }

  /** IFPs dropped as older than the previous one. */
  public long late() {
    return late;
  }

  /** Sequence numbers that never arrived (sum over all gaps). */
  public long missing() {
    return missing;
  }

  /** Gaps seen (each may miss several numbers). */
  public long gaps() {
    return gaps;
  }

  /** Sequence restarts (jumps of {@link #WINDOW} or more). */
  public long restarts() {
    return restarts;
  }

  /** IFPs that did not decode. */
  public long malformed() {
    return malformed;
  }
}
