package dev.faxgate.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The two far ends of one session under load, replaying a recorded fax: each datagram leaves at its
 * recorded time from the session's start, from the socket of the leg it arrived on in the recording,
 * to that leg's local address on the node. RTP SSRC, sequence numbers and timestamps are moved per
 * session, as a different caller's would be. The sockets are shared with other replays
 * ({@link LoadFarEnds}): what the node sends back is read and counted there.
 *
 * <p>An {@link Impairment} drops datagrams and delays each by a random extra time, seeded per
 * session, so a delay larger than the gap between two datagrams reorders them, as a network would.
 */
final class FaxReplay {
  private static final int RTP_HEADER = 12;

  /** What the network does to the datagrams sent: the same for every session. */
  record Impairment(double loss, int jitterMillis) {
    static final Impairment NONE = new Impairment(0, 0);
  }

  final RecordedFax fax;
  final String sessionId;
  /** Whether each leg carries RTP (its headers are moved per session) or UDPTL (sent as recorded). */
  private final boolean[] rtp;
  private final DatagramChannel[] socket;
  private final InetSocketAddress[] target;
  private final int[] ssrc = new int[2];
  private final int[] seqOffset = new int[2];
  private final int[] tsOffset = new int[2];
  /** Recording indices in the order they leave, and when each is due (ms from start; -1: lost on the way; null: as recorded). */
  private final int[] order;
  private final int[] dueMillis;
  private final ByteBuffer out = ByteBuffer.allocateDirect(2048);
  private long startNanos;
  private int next;
  long sent;
  long dropped;
  /** Sends that left more than {@link LoadGenerator#LATE_NANOS} after their due time. */
  long late;
  /** The latest any send left after its due time, ns. */
  long maxLateNanos;

  /**
   * @param leg0IsRtp whether the recording's leg 0 is RTP (a gateway's audio leg, an audio relay's leg a)
   * @param leg1IsRtp whether its leg 1 is RTP (an audio relay's leg b); UDPTL otherwise (a gateway's
   *     T.38 leg, both legs of a T.38 relay)
   */
  FaxReplay(RecordedFax fax, String sessionId, boolean leg0IsRtp, boolean leg1IsRtp, DatagramChannel socket0,
      DatagramChannel socket1, InetSocketAddress target0, InetSocketAddress target1, Impairment impairment, long seed) {
    this.fax = fax;
    this.sessionId = sessionId;
    this.rtp = new boolean[] {leg0IsRtp, leg1IsRtp};
    this.socket = new DatagramChannel[] {socket0, socket1};
    this.target = new InetSocketAddress[] {target0, target1};
    SplittableRandom random = new SplittableRandom(seed);
    ssrc[0] = random.nextInt();
    seqOffset[0] = random.nextInt(1 << 16);
    tsOffset[0] = random.nextInt();
    SplittableRandom leg1 = new SplittableRandom(~seed); // apart, so leg 0's numbers and the impairment stay as they were
    ssrc[1] = leg1.nextInt();
    seqOffset[1] = leg1.nextInt(1 << 16);
    tsOffset[1] = leg1.nextInt();
    if (impairment.loss() == 0 && impairment.jitterMillis() == 0) {
      order = fax.sendOrder(); // the recording's own, shared: an unimpaired session allocates no schedule
      dueMillis = null;
      return;
    }
    int n = fax.size();
    long[] keyed = new long[n];
    dueMillis = new int[n];
    for (int i = 0; i < n; i++) {
      int delay = impairment.jitterMillis() > 0 ? random.nextInt(impairment.jitterMillis() + 1) : 0;
      boolean lost = impairment.loss() > 0 && random.nextDouble() < impairment.loss();
      dueMillis[i] = lost ? -1 : fax.millis(i) + delay;
      keyed[i] = (long) (fax.millis(i) + delay) << 32 | i; // sorted by due time, then by recorded order
    }
    Arrays.sort(keyed);
    order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = (int) keyed[i];
    }
  }

  void start(long nowNanos) {
    startNanos = nowNanos;
  }

  /** Sends every datagram due by {@code nowNanos}; true once the whole recording has left. */
  boolean sendDue(long nowNanos) throws IOException {
    while (next < order.length) {
      int i = order[next];
      int dueMs = dueMillis == null ? fax.millis(i) : dueMillis[i];
      if (dueMs < 0) {
        dropped++;
        next++;
        continue;
      }
      long due = startNanos + dueMs * 1_000_000L;
      if (due > nowNanos) {
        return false;
      }
      if (nowNanos - due > LoadGenerator.LATE_NANOS) {
        late++;
        maxLateNanos = Math.max(maxLateNanos, nowNanos - due);
      }
      byte[] p = fax.payload(i);
      int leg = fax.leg(i);
      out.clear();
      out.put(p);
      if (rtp[leg] && p.length >= RTP_HEADER) {
        out.putShort(2, (short) (((p[2] & 0xFF) << 8 | (p[3] & 0xFF)) + seqOffset[leg]));
        out.putInt(4, ((p[4] & 0xFF) << 24 | (p[5] & 0xFF) << 16 | (p[6] & 0xFF) << 8 | (p[7] & 0xFF)) + tsOffset[leg]);
        out.putInt(8, ssrc[leg]);
      }
      out.flip();
      socket[leg].send(out, target[leg]);
      sent++;
      next++;
    }
    return true;
  }
}
