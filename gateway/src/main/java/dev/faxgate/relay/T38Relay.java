package dev.faxgate.relay;

import dev.faxgate.t30.FaxReport;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.t30.T30Trace;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.udptl.AdaptiveRedundancy;
import dev.faxgate.udptl.IfpCategory;
import dev.faxgate.udptl.UdptlErrorCorrection;
import dev.faxgate.udptl.UdptlReceiver;
import dev.faxgate.udptl.UdptlSender;
import java.util.Map;

/**
 * UDPTL to UDPTL, for the t38-relay mode. Each leg's datagrams are received with recovery from
 * redundancy and FEC, their IFPs taken in sequence order, re-encoded in the other leg's T.38
 * version (1998 or 2002 ASN.1), and sent with the other leg's error recovery, each datagram
 * within that leg's maximum size. Datagrams go out on the tick that follows their arrival.
 *
 * <p>It watches T.30 as the gateway does: the control frames in the IFPs of both legs
 * ({@link T38ControlFrames}) go to a {@link FaxWatch}, the gateway's scorer in its watch-only
 * mode, which says when the fax is over (DCN, or both legs silent) and how it went (pages, rate,
 * ECM, identities, the failing phase). Watching changes nothing that is relayed: an IFP leaves
 * with the bytes it came with (re-encoded only between the 1998 and 2002 ASN.1), and only the
 * first octet of each IFP is read, V.21 ones decoded (a few dozen per fax).
 */
public final class T38Relay implements MediaProcessor {
  /** Ticks (300 ms) without a datagram after which gaps still held are given up. */
  public static final int FLUSH_TICKS = 15;

  /** How one leg speaks T.38. */
  public record LegConfig(int version, UdptlErrorCorrection ec, int depthIndicator, int depthControl, int depthImage,
      int fecSpan, int fecEntries, int maxDatagram, int adaptiveExtra, int gapWaitMs) {
    /**
     * The default of {@code udptl.gap_wait_ms}: the longest a gateway's UDPTL receiver holds an IFP
     * behind a gap for redundancy or FEC to fill it (docs/impairment.md, "How long a gap waits").
     */
    public static final int DEFAULT_GAP_WAIT_MS = 200;

    /** A leg whose redundancy does not follow the loss (benchmarks, tests, replays). */
    public LegConfig(int version, UdptlErrorCorrection ec, int depthIndicator, int depthControl, int depthImage,
        int fecSpan, int fecEntries, int maxDatagram) {
      this(version, ec, depthIndicator, depthControl, depthImage, fecSpan, fecEntries, maxDatagram, 0);
    }

    /** With the default gap wait. */
    public LegConfig(int version, UdptlErrorCorrection ec, int depthIndicator, int depthControl, int depthImage,
        int fecSpan, int fecEntries, int maxDatagram, int adaptiveExtra) {
      this(version, ec, depthIndicator, depthControl, depthImage, fecSpan, fecEntries, maxDatagram, adaptiveExtra,
          DEFAULT_GAP_WAIT_MS);
    }

    /** This leg's sender depths following the loss its receiver sees, up to {@link #adaptiveExtra} deeper. */
    public AdaptiveRedundancy adaptive() {
      return new AdaptiveRedundancy(depthIndicator, depthControl, depthImage, adaptiveExtra);
    }
  }

  private final int[] version = new int[2];
  private final UdptlReceiver[] receiver = new UdptlReceiver[2];
  private final UdptlSender[] sender = new UdptlSender[2];
  private final AdaptiveRedundancy[] adaptive = new AdaptiveRedundancy[2];
  private final int[] quietTicks = new int[2];
  private final long[] untranslatable = new long[2];
  private final long[] tooLarge = new long[2];
  private final IfpPacket ifp = new IfpPacket();
  private final byte[] encoded = new byte[UdptlReceiver.DEFAULT_MAX_IFP + 64];
  private final byte[] datagram;
  private final DatagramQueue queue;
  private final FaxWatch watch;
  /** Where the receivers, senders and queue came from and go back to when the session is over ({@link #recycle}). */
  private final PartsPool parts;
  private boolean recycled;

  /** A relay whose fax ends on DCN only (no silence timeout): for benchmarks and tools. */
  public T38Relay(LegConfig a, LegConfig b) {
    this(a, b, 0);
  }

  /**
   * @param silenceTicks ticks without a datagram on either leg, once fax signals were seen, after
   *     which the fax is over (<= 0: never)
   */
  public T38Relay(LegConfig a, LegConfig b, long silenceTicks) {
    this(a, b, silenceTicks, PartsPool.NONE);
  }

  /**
   * As above, its UDPTL receivers and senders and its datagram queue taken from {@code parts} when
   * free ones are there, reset: it behaves exactly as one made new. {@link #recycle} gives them
   * back. On the pool's thread only.
   */
  public T38Relay(LegConfig a, LegConfig b, long silenceTicks, PartsPool parts) {
    LegConfig[] legs = {a, b};
    this.parts = parts;
    queue = parts.datagramQueue();
    watch = new FaxWatch(silenceTicks);
    datagram = new byte[Math.max(a.maxDatagram(), b.maxDatagram())];
    for (int leg = 0; leg < 2; leg++) {
      LegConfig c = legs[leg];
      version[leg] = c.version();
      int to = 1 - leg;
      T38ControlFrames frames = new T38ControlFrames(c.version(), watch.tap(leg), watch);
      receiver[leg] = parts.udptlReceiver(c.version(), (seq, buf, off, len) -> {
        frames.ifp(seq, buf, off, len);
        forward(to, buf, off, len);
      });
      UdptlSender s = parts.udptlSender().setErrorCorrection(c.ec()).setMaxDatagram(c.maxDatagram());
      s.setRedundancyDepth(IfpCategory.INDICATOR, c.depthIndicator())
          .setRedundancyDepth(IfpCategory.CONTROL, c.depthControl())
          .setRedundancyDepth(IfpCategory.IMAGE, c.depthImage());
      if (c.ec() == UdptlErrorCorrection.FEC) {
        s.setFec(c.fecSpan(), c.fecEntries());
      }
      sender[leg] = s;
      adaptive[leg] = c.adaptive();
    }
  }

  @Override
  public void receive(int leg, byte[] buf, int off, int len, int arrival) {
    quietTicks[leg] = 0;
    watch.heard(leg);
    receiver[leg].rx(buf, off, len);
  }

  /** An IFP from the other leg, in order: re-encode it for leg {@code to} and queue its datagram. */
  private void forward(int to, byte[] buf, int off, int len) {
    int from = 1 - to;
    byte[] ifpBytes = buf;
    int ifpOff = off;
    int ifpLen = len;
    if ((version[from] == 0) != (version[to] == 0)) {
      // 1998 and 2002 ASN.1 differ; versions 1 to 3 share the 2002 one, so their bytes pass as they are
      int status = IfpCodec.decode(buf, off, len, version[from], ifp);
      int n = status == IfpCodec.OK ? IfpCodec.encode(ifp, version[to], encoded, 0) : status;
      if (n <= 0) {
        untranslatable[from]++; // cannot be put into the other ASN.1: dropping beats passing it on garbled
        return;
      }
      ifpBytes = encoded;
      ifpOff = 0;
      ifpLen = n;
    }
    int d = sender[to].build(ifpBytes, ifpOff, ifpLen, datagram, 0);
    if (d > 0) {
      queue.add(to, datagram, 0, d);
    } else {
      tooLarge[to]++;
    }
  }

  @Override
  public void tick(DatagramSink out) {
    for (int leg = 0; leg < 2; leg++) {
      if (++quietTicks[leg] == FLUSH_TICKS) {
        receiver[leg].flush();
      }
      adaptive[leg].tick(receiver[leg], sender[leg]);
    }
    watch.tick();
    queue.drainTo(out);
  }

  /** True once fax signals (an indicator but no-signal, any data) crossed either leg. */
  @Override
  public boolean faxActivity() {
    return watch.faxActivity();
  }

  /** True once the fax is over: DCN and {@link FaxWatch#DCN_GRACE_TICKS}, or both legs silent. */
  @Override
  public boolean faxOver() {
    return watch.over();
  }

  /** Changes with every good T.30 frame either leg carried. */
  @Override
  public long faxProgress() {
    return watch.progress();
  }

  /** The score so far, as the gateway's scorer keeps it; once over, with how it ended. */
  @Override
  public FaxReport faxReport() {
    return watch.report();
  }

  /** The relay's T.30 watch (for tests and tools). */
  public FaxWatch watch() {
    return watch;
  }

  @Override
  public Map<String, Object> legStats(int leg) {
    Map<String, Object> m = LegStats.udptl(receiver[leg], sender[leg]);
    m.put("redundancyAdded", adaptive[leg].maxAdded());
    m.put("untranslatable", untranslatable[leg]);
    m.put("tooLarge", tooLarge[leg]);
    m.put("t30Frames", watch.frames(leg));
    return m;
  }

  @Override
  public void legCounters(int leg, long[] into) {
    LegStats.udptl(receiver[leg], into);
  }

  /** Gives the parts it took back to its pool, once; the relay must not be used afterwards. */
  @Override
  public void recycle() {
    if (recycled) {
      return;
    }
    recycled = true;
    parts.give(queue);
    for (int leg = 0; leg < 2; leg++) {
      parts.give(receiver[leg]);
      parts.give(sender[leg]);
    }
  }

  /** Nothing edits a T.38 relay's T.30 frames, so no FAXOPT write can act on them. */
  @Override
  public String updatePolicy(T30Supervisor.Policy next, T30Supervisor.PolicyItem item) {
    return watch.supervisor().update(next, item);
  }


  @Override
  public T30Trace t30Trace() {
    return watch.supervisor().trace();
  }

}
