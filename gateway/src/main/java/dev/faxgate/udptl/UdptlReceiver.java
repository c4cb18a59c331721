package dev.faxgate.udptl;

import dev.faxgate.t38.IfpCodec;
import java.util.Arrays;

/**
 * Receives UDPTL datagrams and hands on their IFPs strictly in sequence order, each exactly
 * once, filling losses from the secondary IFPs (redundancy) and from the parity (FEC) of later
 * datagrams. Any mix of both is accepted, whatever the session negotiated.
 *
 * <p><b>Ring.</b> Datagrams are kept in a ring of {@link #RING} slots by sequence number. The
 * primaries of already delivered datagrams stay there as XOR operands for later FEC repairs.
 *
 * <p><b>FEC.</b> Entry {@code m} of a datagram with sequence {@code f}, span {@code S} and
 * {@code E} entries is the XOR of the zero-padded primaries {@code f - S*E + m + j*E}. When all
 * but one of them are at hand, the missing one is the XOR of the entry with the others; the
 * result carries the padding of the longest member, which is stripped by measuring the IFP's
 * own PER encoding ({@link IfpCodec#measure}, the negotiated version first, then the other) and
 * requiring only zero octets after it. Repairs repeat until nothing changes, since a rebuilt IFP
 * can complete another group.
 *
 * <p><b>Holding.</b> An IFP after a gap waits while a later datagram could still fill the gap,
 * and at most {@link #MAX_HOLD} datagrams: while the newest datagram is fewer than {@code reach}
 * numbers after it ({@code reach} being the deepest redundancy or the widest FEC cover, span x
 * entries, seen so far), or while a held FEC entry covers the gap and each other member it
 * misses is still within reach (repairing those lets the entry repair the gap: a chain). Then
 * the gap counts as lost. The receiver has no clock of its own. A caller that passes the time in
 * ({@link #rx(byte[], int, int, int)}, {@link #poll}) can bound the wait as well
 * ({@link #setGapWait}): an IFP after a gap is held at most that many milliseconds after it came,
 * however few datagrams follow (the end of a signal is followed by none until the next one).
 * Without it, call {@link #flush} when the traffic pauses to give up the gaps at once.
 *
 * <p><b>Numbering.</b> A datagram older than the next one to deliver is a duplicate (a repeat,
 * or one already recovered), or late when its number was given up as lost: either way it is
 * ignored. A jump more than {@link #RESTART_AHEAD} ahead or {@link #MAX_HOLD}
 * behind is a restart of the far end's numbering: what is held is handed on and the ring is
 * forgotten.
 *
 * <p>Nothing here throws on bad input or allocates per datagram; slot buffers grow (up to the
 * maximum IFP length) only when a longer IFP than before arrives. Not thread-safe.
 */
public final class UdptlReceiver {
  /** Receives the IFPs, in sequence order; the array is only valid during the call. */
  public interface IfpSink {
    void onIfp(int seq, byte[] buf, int off, int len);
  }

  /** Datagrams kept. */
  public static final int RING = 256;
  /** Most datagrams held behind a gap; also the restart distance backwards. */
  public static final int MAX_HOLD = 64;
  /** A jump further ahead than this restarts the numbering. */
  public static final int RESTART_AHEAD = 1000;
  /** Default longest IFP accepted (octets). */
  public static final int DEFAULT_MAX_IFP = 1400;

  private static final int MASK = RING - 1;
  private static final int EMPTY = 0;
  private static final int RECEIVED = 1;
  private static final int BY_REDUNDANCY = 2;
  private static final int BY_FEC = 3;
  private static final int MIN_SLOT = 64;

  private final int[] state = new int[RING];
  private final int[] slotSeq = new int[RING];
  private final byte[][] ifp = new byte[RING][];
  private final int[] ifpLen = new int[RING];
  private final int[] fecSpan = new int[RING];
  /** When each slot's IFP came (the caller's milliseconds): how long it has been held behind a gap. */
  private final int[] arrivedAt = new int[RING];
  private final int[] fecCount = new int[RING];
  private final int[][] fecOff = new int[RING][];
  private final int[][] fecLen = new int[RING][];
  private final byte[][] fecBuf = new byte[RING][];
  private final UdptlPacket pkt = new UdptlPacket(UdptlPacket.DEFAULT_MAX_SECONDARIES);
  private final byte[] scratch;
  private IfpSink sink;
  private final int maxIfp;
  private int version;
  private boolean started;
  private int expected;
  private int newest;
  private int reach;
  /** The caller's time, ms, as last passed in. */
  private int now;
  /** Longest hold behind a gap, ms; negative: no time bound. */
  private int gapWaitMs = -1;
  private long received;
  private long delivered;
  private long recoveredRedundancy;
  private long recoveredFec;
  private long lost;
  private long duplicates;
  private long late;
  private long malformed;
  private long restarts;
  private long fecFailed;
  private long fecTrimmed;

  /**
   * @param t38Version the negotiated T.38 version (0..3), tried first when measuring rebuilt IFPs
   * @param maxIfp longest IFP accepted (octets); longer primaries make the datagram malformed
   */
  public UdptlReceiver(int t38Version, int maxIfp, IfpSink sink) {
    if (sink == null || maxIfp < 1 || maxIfp > UdptlPacket.MAX_LENGTH
        || t38Version < 0 || t38Version > IfpCodec.MAX_VERSION) {
      throw new IllegalArgumentException("bad receiver arguments");
    }
    this.sink = sink;
    this.maxIfp = maxIfp;
    this.version = t38Version;
    this.scratch = new byte[maxIfp];
    for (int i = 0; i < RING; i++) {
      ifp[i] = new byte[MIN_SLOT];
    }
  }

  /**
   * Makes this receiver as a new one for {@code t38Version} and {@code sink} (same longest IFP):
   * nothing held, every counter 0, the numbering not started. Its slot buffers stay, as grown;
   * only their first {@code length} octets are ever read. For a media thread that reuses receivers
   * from session to session ({@code dev.faxgate.relay.PartsPool}).
   */
  public UdptlReceiver reset(int t38Version, IfpSink sink) {
    if (sink == null) {
      throw new IllegalArgumentException("bad receiver arguments");
    }
    setVersion(t38Version);
    this.sink = sink;
    Arrays.fill(state, EMPTY);
    Arrays.fill(slotSeq, 0);
    Arrays.fill(ifpLen, 0);
    Arrays.fill(fecSpan, 0);
    Arrays.fill(fecCount, 0);
    started = false;
    expected = 0;
    newest = 0;
    reach = 0;
    now = 0;
    gapWaitMs = -1;
    received = 0;
    delivered = 0;
    recoveredRedundancy = 0;
    recoveredFec = 0;
    lost = 0;
    duplicates = 0;
    late = 0;
    malformed = 0;
    restarts = 0;
    fecFailed = 0;
    fecTrimmed = 0;
    return this;
  }

  /** The longest IFP accepted (octets). */
  public int maxIfp() {
    return maxIfp;
  }

  /** A receiver for IFPs up to {@link #DEFAULT_MAX_IFP} octets. */
  public UdptlReceiver(int t38Version, IfpSink sink) {
    this(t38Version, DEFAULT_MAX_IFP, sink);
  }

  /**
   * Takes one datagram {@code buf[off .. off+len)}.
   *
   * @return {@link UdptlPacket#OK} or the negative {@link UdptlPacket} code that made it malformed
   */
  public int rx(byte[] buf, int off, int len) {
    int status = pkt.decode(buf, off, len);
    if (status == UdptlPacket.OK && pkt.primaryLength() > maxIfp) {
      status = UdptlPacket.ERR_BAD_LENGTH;
    }
    if (status != UdptlPacket.OK) {
      malformed++;
      return status;
    }
    received++;
    final int seq = pkt.seq();
    if (!started) {
      restart(seq);
    }
    int ahead = dist(seq, expected);
    if (ahead > RESTART_AHEAD || ahead < -MAX_HOLD) {
      restarts++;
      restart(seq);
      ahead = 0;
    }
    if (ahead < 0 || have(seq)) {
      if (ahead < 0 && !have(seq)) {
        late++; // its number was given up as lost before it came: the IFPs after it have been played
      } else {
        duplicates++;
      }
      return UdptlPacket.OK;
    }
    if (ahead > MAX_HOLD) {
      // too far ahead to keep waiting: give the oldest gaps up, keep the last MAX_HOLD
      int target = (seq - MAX_HOLD) & 0xFFFF;
      while (dist(target, expected) > 0) {
        emitOrLose();
      }
      if (dist(newest, expected) < 0) {
        newest = (expected - 1) & 0xFFFF;
      }
    }
    int s = store(seq, RECEIVED, pkt.buffer(), pkt.primaryOffset(), pkt.primaryLength());
    if (dist(seq, newest) > 0) {
      newest = seq;
    }
    if (pkt.isFec()) {
      keepFec(s);
      reach = Math.max(reach, Math.min(MAX_HOLD, pkt.fecSpan() * pkt.fecCount()));
    } else {
      reach = Math.max(reach, Math.min(MAX_HOLD, pkt.secondaryCount()));
      for (int i = 0; i < pkt.secondaryCount(); i++) {
        int q = (seq - 1 - i) & 0xFFFF;
        if (dist(q, expected) < 0) {
          break;
        }
        if (!have(q) && pkt.secondaryLength(i) <= maxIfp) {
          store(q, BY_REDUNDANCY, pkt.buffer(), pkt.secondaryOffset(i), pkt.secondaryLength(i));
        }
      }
    }
    repair();
    deliver(false);
    return UdptlPacket.OK;
  }

  /**
   * As {@link #rx(byte[], int, int)}, the datagram having arrived at {@code nowMs} (any
   * millisecond clock of the caller's, the same for every call).
   */
  public int rx(byte[] buf, int off, int len, int nowMs) {
    now = nowMs;
    return rx(buf, off, len);
  }

  /**
   * Bounds the wait behind a gap: an IFP held longer than {@code ms} since it came is handed on and
   * the gaps before it given up, on the next {@link #rx(byte[], int, int, int)} or {@link #poll}.
   * Negative: no time bound (the default; the wait is bounded by datagrams and {@link #flush}).
   */
  public UdptlReceiver setGapWait(int ms) {
    gapWaitMs = ms;
    return this;
  }

  /** The time is now {@code nowMs}: gives up the gaps whose IFPs behind have waited their time ({@link #setGapWait}). */
  public void poll(int nowMs) {
    now = nowMs;
    if (started && gapWaitMs >= 0) {
      deliver(false);
    }
  }

  /** Gives up every gap now and hands on everything held (call when the traffic pauses). */
  public void flush() {
    if (started) {
      deliver(true);
    }
  }

  /** Sets the T.38 version tried first when measuring rebuilt IFPs. */
  public void setVersion(int t38Version) {
    if (t38Version < 0 || t38Version > IfpCodec.MAX_VERSION) {
      throw new IllegalArgumentException("T.38 version " + t38Version);
    }
    version = t38Version;
  }

  private void restart(int seq) {
    if (started) {
      deliver(true);
    }
    Arrays.fill(state, EMPTY);
    started = true;
    expected = seq;
    newest = seq;
  }

  private int store(int seq, int how, byte[] src, int off, int len) {
    int s = seq & MASK;
    if (ifp[s].length < len) {
      ifp[s] = new byte[Math.max(MIN_SLOT, Integer.highestOneBit(len - 1) << 1)];
    }
    System.arraycopy(src, off, ifp[s], 0, len);
    ifpLen[s] = len;
    arrivedAt[s] = now;
    state[s] = how;
    slotSeq[s] = seq;
    fecCount[s] = 0;
    return s;
  }

  private void keepFec(int s) {
    int count = pkt.fecCount();
    if (pkt.fecSpan() == 0 || count == 0) {
      return;
    }
    int total = 0;
    for (int i = 0; i < count; i++) {
      if (pkt.fecLength(i) > maxIfp) {
        return; // parity longer than any IFP we accept: useless
      }
      total += pkt.fecLength(i);
    }
    if (fecOff[s] == null) {
      fecOff[s] = new int[UdptlPacket.MAX_FEC_ENTRIES];
      fecLen[s] = new int[UdptlPacket.MAX_FEC_ENTRIES];
    }
    if (fecBuf[s] == null || fecBuf[s].length < total) {
      fecBuf[s] = new byte[Math.max(MIN_SLOT, Integer.highestOneBit(Math.max(1, total - 1)) << 1)];
    }
    int o = 0;
    for (int i = 0; i < count; i++) {
      int n = pkt.fecLength(i);
      System.arraycopy(pkt.buffer(), pkt.fecOffset(i), fecBuf[s], o, n);
      fecOff[s][i] = o;
      fecLen[s][i] = n;
      o += n;
    }
    fecSpan[s] = pkt.fecSpan();
    fecCount[s] = count;
  }

  /** Rebuilds missing IFPs from the parity of held datagrams, until nothing changes. */
  private void repair() {
    boolean progress = anyGap();
    while (progress) {
      progress = false;
      for (int f = (expected + 1) & 0xFFFF; dist(newest, f) >= 0; f = (f + 1) & 0xFFFF) {
        int fs = f & MASK;
        if (!have(f) || fecCount[fs] == 0) {
          continue;
        }
        int span = fecSpan[fs];
        int entries = fecCount[fs];
        for (int m = 0; m < entries; m++) {
          int first = f + m - span * entries;
          int missing = 0;
          int which = 0;
          for (int j = 0; j < span; j++) {
            int q = (first + j * entries) & 0xFFFF;
            if (!have(q)) {
              missing++;
              which = q;
            }
          }
          if (missing == 1 && fecLen[fs][m] >= 0 && dist(which, expected) >= 0
              && rebuild(fs, m, first, entries, which)) {
            progress = true;
          }
        }
      }
    }
  }

  private boolean rebuild(int fs, int m, int first, int entries, int which) {
    int n = fecLen[fs][m];
    System.arraycopy(fecBuf[fs], fecOff[fs][m], scratch, 0, n);
    for (int j = 0; j < fecSpan[fs]; j++) {
      int q = (first + j * entries) & 0xFFFF;
      if (q == which) {
        continue;
      }
      int qs = q & MASK;
      if (ifpLen[qs] > n) {
        return failed(fs, m); // an entry is as long as its longest member: inconsistent
      }
      byte[] h = ifp[qs];
      for (int i = 0, l = ifpLen[qs]; i < l; i++) {
        scratch[i] ^= h[i];
      }
    }
    int len = trimmedLength(n);
    if (len < 1) {
      return failed(fs, m);
    }
    if (len < n) {
      fecTrimmed++;
    }
    store(which, BY_FEC, scratch, 0, len);
    return true;
  }

  private boolean failed(int fs, int m) {
    fecFailed++;
    fecLen[fs][m] = -1; // never try this entry again
    return false;
  }

  /** The length of the IFP at the start of scratch[0 .. n) followed only by zero octets, or -1. */
  private int trimmedLength(int n) {
    for (int k = 0; k < 2; k++) {
      int v = k == 0 ? version : (version == 0 ? 1 : 0);
      int len = IfpCodec.measure(scratch, 0, n, v);
      if (len < 1) {
        continue;
      }
      boolean zeros = true;
      for (int i = len; i < n && zeros; i++) {
        zeros = scratch[i] == 0;
      }
      if (zeros) {
        return len;
      }
    }
    return -1;
  }

  private boolean anyGap() {
    for (int q = expected; dist(newest, q) > 0; q = (q + 1) & 0xFFFF) {
      if (!have(q)) {
        return true;
      }
    }
    return false;
  }

  /** Hands on what is in order; gives gaps up once nothing can fill them (or when forced). */
  private void deliver(boolean force) {
    while (dist(newest, expected) >= 0) {
      if (!have(expected)) {
        int waiting = dist(newest, expected);
        if (!force && waiting < MAX_HOLD && (waiting < reach || mayStillBeRebuilt(expected)) && !heldTooLong()) {
          return;
        }
      }
      emitOrLose();
    }
  }

  /** True when the oldest IFP held behind the gap at {@link #expected} has waited {@link #gapWaitMs} or more. */
  private boolean heldTooLong() {
    if (gapWaitMs < 0) {
      return false;
    }
    for (int q = (expected + 1) & 0xFFFF; dist(newest, q) >= 0; q = (q + 1) & 0xFFFF) {
      if (have(q)) {
        return now - arrivedAt[q] >= gapWaitMs;
      }
    }
    return false;
  }

  /**
   * True if a held FEC entry covers {@code g} and every other member it misses is still within
   * reach of later datagrams: rebuilding those would let this entry rebuild {@code g}.
   */
  private boolean mayStillBeRebuilt(int g) {
    for (int f = (g + 1) & 0xFFFF; dist(newest, f) >= 0; f = (f + 1) & 0xFFFF) {
      int fs = f & MASK;
      if (!have(f) || fecCount[fs] == 0) {
        continue;
      }
      int span = fecSpan[fs];
      int entries = fecCount[fs];
      int k = span * entries - dist(f, g); // g's place in the window f - span*entries .. f-1
      if (k < 0 || fecLen[fs][k % entries] < 0) {
        continue;
      }
      boolean hopeful = true;
      int first = g - k + k % entries; // the first member of g's entry
      for (int j = 0; j < span && hopeful; j++) {
        int q = (first + j * entries) & 0xFFFF;
        hopeful = q == g || have(q) || dist(newest, q) < reach;
      }
      if (hopeful) {
        return true;
      }
    }
    return false;
  }

  private void emitOrLose() {
    int s = expected & MASK;
    if (have(expected)) {
      if (state[s] == BY_REDUNDANCY) {
        recoveredRedundancy++;
      } else if (state[s] == BY_FEC) {
        recoveredFec++;
      }
      delivered++;
      sink.onIfp(expected, ifp[s], 0, ifpLen[s]);
    } else {
      lost++;
    }
    expected = (expected + 1) & 0xFFFF;
  }

  private boolean have(int seq) {
    int s = seq & MASK;
    return state[s] != EMPTY && slotSeq[s] == seq;
  }

  private static int dist(int a, int b) {
    return (short) (a - b);
  }

  /** The sequence number to be delivered next (meaningless before the first datagram). */
  public int expectedSeq() {
    return expected;
  }

  /** Datagrams decoded (including duplicates). */
  public long received() {
    return received;
  }

  /** IFPs handed on. */
  public long delivered() {
    return delivered;
  }

  /** IFPs handed on that came from a secondary IFP. */
  public long recoveredByRedundancy() {
    return recoveredRedundancy;
  }

  /** IFPs handed on that were rebuilt from FEC parity. */
  public long recoveredByFec() {
    return recoveredFec;
  }

  /** Sequence numbers given up: neither received nor recovered. */
  public long lost() {
    return lost;
  }

  /** Datagrams whose primary was already delivered or held. */
  public long duplicates() {
    return duplicates;
  }

  /**
   * Datagrams that came after their number had been given up as lost: ignored (the IFPs after
   * them have already been handed on, and one handed on now would play out of order), counted
   * here, not as duplicates.
   */
  public long late() {
    return late;
  }

  /** Datagrams that did not decode, or whose primary was longer than the maximum IFP. */
  public long malformed() {
    return malformed;
  }

  /** Restarts of the far end's numbering. */
  public long restarts() {
    return restarts;
  }

  /** Parity that rebuilt nothing usable (inconsistent lengths, or no valid IFP in it). */
  public long fecFailed() {
    return fecFailed;
  }

  /** Rebuilt IFPs shorter than their parity entry (padding removed). */
  public long fecTrimmed() {
    return fecTrimmed;
  }
}
