package dev.faxgate.gateway;

import dev.faxgate.relay.AudioHistory;
import dev.faxgate.relay.AudioRelay;
import dev.faxgate.relay.DatagramQueue;
import dev.faxgate.relay.DatagramSink;
import dev.faxgate.relay.LegStats;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.PartsPool;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.t30.FastModemPlan;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.t30.T30Trace;

import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.JitterBuffer;
import dev.faxgate.rtp.RtpPacer;
import dev.faxgate.rtp.RtpPacket;
import dev.faxgate.rtp.RtpStats;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38Indicator;
import dev.faxgate.udptl.AdaptiveRedundancy;
import dev.faxgate.udptl.IfpCategory;
import dev.faxgate.udptl.UdptlErrorCorrection;
import dev.faxgate.udptl.UdptlReceiver;
import dev.faxgate.udptl.UdptlSender;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The T.38 gateway of one session: an audio leg (G.711 in RTP) and a T.38 leg (IFPs in UDPTL).
 *
 * <p>Each tick it plays one 20 ms frame out of the audio leg's jitter buffer into the
 * {@link AudioToT38} half (demodulation; its IFPs go out on the T.38 leg with that leg's error
 * recovery), and takes one 20 ms frame from the {@link T38ToAudio} half (modulation of the IFPs
 * received, in sequence order after UDPTL recovery) for the audio leg. Audio is sent on every
 * tick, silence included, as spandsp's gateway does (transmit on idle), so the audio terminal's
 * T.30 timers see a live line. The {@link T30Supervisor} between them edits DIS/DCS and NSx and
 * keeps the score.
 *
 * <p>The fax is over when DCN has passed (or the T.38 sender's DCN was lost and the
 * {@link T38ToAudio} half played it: {@link T38ToAudio#expectDcnWhen}) and {@link #DCN_GRACE_TICKS}
 * more ticks have let it reach the other side, when FAXOPT makes it fail (minrate), or, once the
 * fax started, when the audio leg has sent nothing for the silence timeout or the T.38 leg has
 * carried nothing either way that long (a T.38 receiver is silent for a whole page, so silence one
 * way is normal).
 * {@link #faxReport()} then says how it ended.
 */
public final class GatewayRelay implements MediaProcessor {
  /** Ticks (2.5 s) after DCN before the session ends: the DCN still has to be played out. */
  public static final int DCN_GRACE_TICKS = 125;
  /** Consecutive all-fill frames (100 ms) still treated as loss (fill-in) rather than a pause. */
  private static final int FILL_IN_FRAMES = 5;
  /**
   * How many datagrams an IFP of at most 8 octets (indicator, fcs-OK, sig-end, RCP) rides in at least, with
   * redundancy: they come in runs within one tick, and a burst of losses or a reordering deeper than 3 took
   * several at once, failing ECM faxes (docs/impairment.md). They cost a few octets each.
   */
  static final int TINY_IFP_DEPTH = 7;
  /**
   * The no-signal that ends a signal toward T.38 is sent again at gaps doubling up to 8 ticks (160
   * ms) until the T.38 side speaks, for at most 200 ticks (4 s, past T.30's 3 s T4, after which the
   * T.38 side repeats its command anyway): {@link AudioToT38#repeatSignalEnds}, docs/impairment.md
   * (cause 5).
   */
  static final int SIGNAL_END_REPEAT_MAX_GAP = 8;
  static final int SIGNAL_END_REPEAT_TICKS = 200;
  private static final int FRAME = JitterBuffer.FRAME_SAMPLES;
  /** Ticks (200 ms) without an RTP packet after which the audio stream counts as stopped, not lossy. */
  private static final int IDLE_TICKS = 10;

  private final int audioLeg;
  private final int t38Leg;
  private final int payloadType;
  private final int t38Version;
  private final JitterBuffer jitter;
  private final RtpStats rtpStats;
  private final RtpPacer pacer;
  private final UdptlReceiver udptlRx;
  private final UdptlSender udptlTx;
  private final AdaptiveRedundancy adaptive;
  private final T30Supervisor supervisor;
  private final AudioToT38 toT38;
  private final T38ToAudio toAudio;
  private final DatagramQueue queue;
  /** Where the big parts came from and go back to when the session is over ({@link #recycle}). */
  private final PartsPool parts;
  private boolean recycled;
  private final long silenceTicks;

  private final byte[] g711 = new byte[FRAME];
  private final short[] linear = new short[FRAME];
  private final byte[] rtpPacket = new byte[RtpPacket.HEADER_SIZE + FRAME];
  private final IfpPacket rxIfp = new IfpPacket();
  private final byte[] ifpBytes = new byte[UdptlReceiver.DEFAULT_MAX_IFP];
  private final byte[] datagram;

  private int fillRun = FILL_IN_FRAMES;
  private boolean audioIdle;
  private int expectedSeq = -1;
  private long ticks;
  private final long[] lastHeard = new long[2];
  private long dcnTick = -1;
  private long lastSentT38;
  private T30Supervisor.Outcome outcome;

  private long audioSent;
  private long ifpsSent;
  private long ifpsTooLarge;
  private long ifpsUndecodable;
  private long ifpsMissing;

  /**
   * @param audioLeg which leg ({@link #LEG_A} or {@link #LEG_B}) carries audio; the other carries T.38
   * @param payloadType {@link G711#PT_PCMU} or {@link G711#PT_PCMA}
   * @param delayFrames the audio leg's playout delay, in 20 ms frames
   * @param t38 how the T.38 leg speaks
   * @param policy the session's FAXOPT for the T.30 supervisor
   * @param silenceTicks ticks without a datagram on one leg, after the fax started, that end it (<= 0: never)
   * @param seed seeds the RTP SSRC, sequence and timestamp
   */
  public GatewayRelay(int audioLeg, int payloadType, int delayFrames, T38Relay.LegConfig t38,
      T30Supervisor.Policy policy, long silenceTicks, long seed) {
    this(audioLeg, payloadType, delayFrames, t38, policy, silenceTicks, seed, PartsPool.NONE);
  }

  /**
   * As above, its big parts (UDPTL receiver and sender, datagram queue, modem receivers, non-ECM
   * buffer) taken from {@code parts} when free ones are there, reset: it behaves exactly as one
   * made new. {@link #recycle} gives them back. On the pool's thread only.
   */
  public GatewayRelay(int audioLeg, int payloadType, int delayFrames, T38Relay.LegConfig t38,
      T30Supervisor.Policy policy, long silenceTicks, long seed, PartsPool parts) {
    this(audioLeg, payloadType, new RtpStats(), delayFrames, null, randomPacer(payloadType, seed), t38, policy,
        silenceTicks, parts);
  }

  private static RtpPacer randomPacer(int payloadType, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return new RtpPacer(random.nextInt(), payloadType, random.nextInt(1 << 16), random.nextInt());
  }

  private GatewayRelay(int audioLeg, int payloadType, RtpStats stats, int delayFrames, JitterBuffer jitter,
      RtpPacer pacer, T38Relay.LegConfig t38, T30Supervisor.Policy policy, long silenceTicks, PartsPool parts) {
    if (payloadType != G711.PT_PCMU && payloadType != G711.PT_PCMA) {
      throw new IllegalArgumentException("not a G.711 payload type: " + payloadType);
    }
    this.audioLeg = audioLeg;
    this.t38Leg = 1 - audioLeg;
    this.payloadType = payloadType;
    this.t38Version = t38.version();
    this.silenceTicks = silenceTicks <= 0 ? Long.MAX_VALUE : silenceTicks;
    this.rtpStats = stats;
    this.jitter = jitter != null ? jitter : parts.jitterBuffer(payloadType, delayFrames, stats);
    this.pacer = pacer;
    this.parts = parts;
    this.queue = parts.datagramQueue();
    this.udptlRx = parts.udptlReceiver(t38.version(), this::onIfp).setGapWait(t38.gapWaitMs());
    this.udptlTx = parts.udptlSender().setErrorCorrection(t38.ec()).setMaxDatagram(t38.maxDatagram())
        .setRedundancyDepth(IfpCategory.INDICATOR, t38.depthIndicator())
        .setRedundancyDepth(IfpCategory.CONTROL, t38.depthControl())
        .setRedundancyDepth(IfpCategory.IMAGE, t38.depthImage()).setTinyIfpDepth(TINY_IFP_DEPTH);
    if (t38.ec() == UdptlErrorCorrection.FEC) {
      udptlTx.setFec(t38.fecSpan(), t38.fecEntries());
    }
    this.adaptive = t38.adaptive();
    this.datagram = new byte[t38.maxDatagram()];
    FastModemPlan plan = new FastModemPlan();
    this.supervisor = new T30Supervisor(policy, plan);
    this.toT38 = new AudioToT38(this::sendIfp, supervisor.tap(T30Supervisor.Side.AUDIO), plan, parts)
        .repeatSignalEnds(SIGNAL_END_REPEAT_MAX_GAP, SIGNAL_END_REPEAT_TICKS);
    this.toAudio = new T38ToAudio(supervisor.tap(T30Supervisor.Side.T38), plan, parts);
    toAudio.expectDcnWhen(() -> supervisor.dcnExpectedFrom(T30Supervisor.Side.T38));
    toT38.start();
  }

  /**
   * The gateway taking over an audio relay whose leg {@code t38Leg}'s far end has just moved to T.38
   * (the switch-to-T.38 flow). The other leg keeps its jitter buffer, its statistics and its
   * outgoing RTP stream (same SSRC, sequence and timestamps); the audio it played in the last
   * seconds is demodulated at once, so the V.21 exchange in flight reaches the T.38 side.
   */
  public static GatewayRelay takeOver(AudioRelay relay, int t38Leg, T38Relay.LegConfig t38, T30Supervisor.Policy policy,
      long silenceTicks) {
    return takeOver(relay, t38Leg, t38, policy, silenceTicks, PartsPool.NONE);
  }

  /** As above, its big parts taken from {@code parts} (see {@link #GatewayRelay(int, int, int, T38Relay.LegConfig, T30Supervisor.Policy, long, long, PartsPool)}). */
  public static GatewayRelay takeOver(AudioRelay relay, int t38Leg, T38Relay.LegConfig t38, T30Supervisor.Policy policy,
      long silenceTicks, PartsPool parts) {
    int audio = 1 - t38Leg;
    GatewayRelay g = new GatewayRelay(audio, relay.payloadType(audio), relay.rtpStats(audio), 0,
        relay.jitterBuffer(audio), relay.pacer(audio), t38, policy, silenceTicks, parts);
    relay.handOver(audio); // the jitter buffer is the gateway's now, and goes back to a pool with it
    g.audioSent = relay.sent(audio);
    AudioHistory history = relay.history(audio);
    if (history != null) {
      for (int i = 0; i < history.frames(); i++) {
        history.frame(i, g.g711, 0);
        g.demodulateFrame();
      }
    }
    return g;
  }

  @Override
  public void receive(int leg, byte[] buf, int off, int len, int arrival) {
    lastHeard[leg] = ticks;
    if (leg == audioLeg) {
      jitter.put(buf, off, len, arrival);
    } else {
      udptlRx.rx(buf, off, len, nowMillis());
    }
  }

  /** The session's clock for the UDPTL receiver's gap wait: the tick, in ms (20 ms resolution is enough for it). */
  private int nowMillis() {
    return (int) (ticks * 20);
  }

  /** An IFP from the T.38 leg, in order: gaps are reported to the modulating half, then it is played. */
  private void onIfp(int seq, byte[] buf, int off, int len) {
    if (expectedSeq >= 0 && seq != expectedSeq) {
      int gap = (seq - expectedSeq) & 0xFFFF;
      if (gap < UdptlReceiver.RESTART_AHEAD) {
        ifpsMissing += gap;
        toAudio.missing(gap);
      }
    }
    expectedSeq = (seq + 1) & 0xFFFF;
    if (IfpCodec.decode(buf, off, len, t38Version, rxIfp) != IfpCodec.OK) {
      ifpsUndecodable++;
      return;
    }
    if (!rxIfp.isIndicator() || rxIfp.indicator() != T38Indicator.NO_SIGNAL) {
      toT38.farEndSpoke(); // it heard the end of our last signal: no more repeats of it
    }
    toAudio.ifp(rxIfp);
  }

  /** An IFP from the demodulating half: encoded in the leg's version and queued for the next send. */
  private void sendIfp(IfpPacket ifp) {
    int n = IfpCodec.encode(ifp, t38Version, ifpBytes, 0);
    int d = n > 0 ? udptlTx.build(ifpBytes, 0, n, datagram, 0) : -1;
    if (d > 0) {
      ifpsSent++;
      lastSentT38 = ticks;
      queue.add(t38Leg, datagram, 0, d);
    } else {
      ifpsTooLarge++;
    }
  }

  @Override
  public void tick(DatagramSink out) {
    ticks++;
    supervisor.tick();
    if (outcome == null) {
      demodulate();
      modulate(out);
      udptlRx.poll(nowMillis()); // gaps whose IFPs behind have waited udptl.gap_wait_ms are given up
      adaptive.tick(udptlRx, udptlTx);
      judge();
    }
    queue.drainTo(out);
  }

  private void demodulate() {
    if (ticks - lastHeard[audioLeg] > IDLE_TICKS) {
      if (!audioIdle) {
        audioIdle = true;
        jitter.reset(); // the stream stopped: no loss to count, and the next packet anchors anew
      }
      java.util.Arrays.fill(linear, (short) 0);
      toT38.rx(linear, 0, FRAME);
      return;
    }
    audioIdle = false;
    boolean real = jitter.playout(g711, 0);
    if (real) {
      fillRun = 0;
    } else if (fillRun < FILL_IN_FRAMES) {
      fillRun++;
      toT38.fillIn(FRAME);
      return;
    }
    demodulateFrame();
  }

  /** The G.711 frame in {@code g711} into the demodulating half. */
  private void demodulateFrame() {
    if (payloadType == G711.PT_PCMU) {
      G711.ulawToLinear(g711, 0, linear, 0, FRAME);
    } else {
      G711.alawToLinear(g711, 0, linear, 0, FRAME);
    }
    toT38.rx(linear, 0, FRAME);
  }

  private void modulate(DatagramSink out) {
    toAudio.tx(linear, 0, FRAME);
    int header = pacer.next(rtpPacket, 0);
    if (payloadType == G711.PT_PCMU) {
      G711.linearToUlaw(linear, 0, rtpPacket, header, FRAME);
    } else {
      G711.linearToAlaw(linear, 0, rtpPacket, header, FRAME);
    }
    audioSent++;
    out.send(audioLeg, rtpPacket, 0, header + FRAME);
  }

  /** Decides whether the fax is over. */
  private void judge() {
    if (supervisor.aborted()) {
      finish("the gateway");
    } else if (supervisor.dcnSeen() || toAudio.dcnsInferred() > 0) {
      if (dcnTick < 0) {
        dcnTick = ticks;
      } else if (ticks - dcnTick >= DCN_GRACE_TICKS) {
        finish("DCN");
      }
    } else if (faxActivity()) {
      if (ticks - lastHeard[audioLeg] >= silenceTicks) {
        finish("the audio (RTP) leg fell silent");
      } else if (ticks - Math.max(lastHeard[t38Leg], lastSentT38) >= silenceTicks) {
        // a T.38 receiver says nothing for a whole page: only silence both ways means the leg is gone
        finish("the T.38 (UDPTL) leg fell silent");
      }
    }
  }

  private void finish(String by) {
    if (outcome == null) {
      outcome = supervisor.outcome(by);
    }
  }

  /** True once fax signals have been seen on either leg. */
  @Override
  public boolean faxActivity() {
    return toT38.faxActivity() || toAudio.faxActivity();
  }

  /** Changes with every good T.30 frame the supervisor has seen. */
  @Override
  public long faxProgress() {
    return supervisor.frames();
  }

  @Override
  public boolean faxOver() {
    return outcome != null;
  }

  /** The score so far; once over, with how it ended. */
  @Override
  public FaxReport faxReport() {
    return supervisor.report(outcome != null ? outcome : supervisor.outcome("the session ended"), outcome != null);
  }

  /** The T.30 score so far. */
  public T30Supervisor supervisor() {
    return supervisor;
  }

  @Override
  public Map<String, Object> legStats(int leg) {
    if (leg == audioLeg) {
      Map<String, Object> m = LegStats.rtp(rtpStats, audioSent);
      m.put("t30Frames", supervisor.framesFromAudio());
      m.put("dcnPlayedForLost", toAudio.dcnsInferred());
      m.put("damagedFramesPlayed", toAudio.framesDamaged());
      return m;
    }
    Map<String, Object> m = LegStats.udptl(udptlRx, udptlTx);
    m.put("malformed", udptlRx.malformed() + ifpsUndecodable);
    m.put("redundancyAdded", adaptive.maxAdded());
    m.put("ifpsMissing", ifpsMissing);
    m.put("ifpsSent", ifpsSent);
    m.put("noSignalRepeated", toT38.noSignalRepeated());
    m.put("tooLarge", ifpsTooLarge);
    m.put("t30Frames", supervisor.framesFromT38());
    return m;
  }

  @Override
  public void legCounters(int leg, long[] into) {
    if (leg == audioLeg) {
      LegStats.rtp(rtpStats, into);
    } else {
      LegStats.udptl(udptlRx, into);
      into[LegStats.MALFORMED] += ifpsUndecodable;
    }
  }

  /** Gives the parts it took back to its pool, once; the relay must not be used afterwards. */
  @Override
  public void recycle() {
    if (recycled) {
      return;
    }
    recycled = true;
    parts.give(queue);
    parts.give(jitter);
    parts.give(udptlRx);
    parts.give(udptlTx);
    toT38.recycle(parts);
    toAudio.recycle(parts);
  }

  @Override
  public String updatePolicy(T30Supervisor.Policy next, T30Supervisor.PolicyItem item) {
    return supervisor.update(next, item);
  }


  @Override
  public T30Trace t30Trace() {
    return supervisor.trace();
  }

}
