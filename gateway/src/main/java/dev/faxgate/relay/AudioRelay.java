package dev.faxgate.relay;

import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.t30.T30Trace;
import dev.faxgate.rtp.G711;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.rtp.JitterBuffer;
import dev.faxgate.rtp.RtpPacer;
import dev.faxgate.rtp.RtpPacket;
import dev.faxgate.rtp.RtpStats;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * RTP to RTP through a fax jitter buffer, for the audio-relay mode: each direction plays out
 * exactly one 20 ms frame per tick from its fixed-delay buffer (never time-warped), transcodes
 * µ-law and A-law where the legs differ, and sends it with steady sequence numbers and
 * timestamps. A direction whose source has been silent for {@link #IDLE_TICKS} ticks stops
 * sending (its timestamps keep advancing) until the source comes back.
 *
 * <p>In the audio-relay mode it also watches T.30 ({@link #watchFax}): each leg's played-out audio
 * goes through a V.21 receiver and an HDLC receiver ({@link V21ControlFrames}, one per leg) into a
 * {@link FaxWatch}, the gateway's scorer in its watch-only mode, which says when the fax is over
 * (DCN, or both legs silent) and how it went (pages, rate, ECM, identities, the failing phase), as
 * the T.38 relay's does. The audio is only read: every frame leaves as it would unwatched. A relay
 * that does not watch (a gateway session that starts as audio, a detect session) runs no receiver.
 */
public final class AudioRelay implements MediaProcessor {
  /** Ticks (2 s) without a packet after which a direction stops sending. */
  public static final int IDLE_TICKS = 100;
  private static final int FRAME = JitterBuffer.FRAME_SAMPLES;

  private final int[] payloadType = new int[2];
  private final JitterBuffer[] buffer = new JitterBuffer[2];
  private final RtpStats[] stats = {new RtpStats(), new RtpStats()};
  private final RtpPacer[] pacer = new RtpPacer[2];
  private final int[] idleTicks = {IDLE_TICKS, IDLE_TICKS};
  private final long[] sent = new long[2];
  private final byte[] frame = new byte[FRAME];
  /** Who sees the played audio (the node's tone detectors), or null. */
  private AudioTap tap;
  /** The recent audio of each leg, for a gateway that may take over (null: not kept). */
  private AudioHistory[] history;
  private final byte[] packet = new byte[RtpPacket.HEADER_SIZE + FRAME];
  /** The T.30 watch and each leg's V.21 reader (null: not watched). */
  private FaxWatch watch;
  private V21ControlFrames[] v21;
  /** Where the big parts came from and go back to when the session is over ({@link #recycle}). */
  private final PartsPool parts;
  /** A leg's jitter buffer now belongs to the gateway that took over (see {@link #handOver}). */
  private final boolean[] handedOver = new boolean[2];
  private boolean recycled;

  /**
   * @param payloadTypeA {@link G711#PT_PCMU} or {@link G711#PT_PCMA} on leg A
   * @param payloadTypeB the same for leg B
   * @param delayFrames the playout delay, in 20 ms frames
   * @param seed seeds the outbound SSRCs, sequence numbers and timestamps
   */
  public AudioRelay(int payloadTypeA, int payloadTypeB, int delayFrames, long seed) {
    this(payloadTypeA, payloadTypeB, delayFrames, seed, PartsPool.NONE);
  }

  /**
   * As above, its big parts (jitter buffers; the V.21 receivers and audio histories when asked
   * for) taken from {@code parts} when free ones are there, reset: it behaves exactly as one made
   * new. {@link #recycle} gives them back. On the pool's thread only.
   */
  public AudioRelay(int payloadTypeA, int payloadTypeB, int delayFrames, long seed, PartsPool parts) {
    this.parts = parts;
    payloadType[LEG_A] = payloadTypeA;
    payloadType[LEG_B] = payloadTypeB;
    SplittableRandom random = new SplittableRandom(seed);
    for (int leg = 0; leg < 2; leg++) {
      if (payloadType[leg] != G711.PT_PCMU && payloadType[leg] != G711.PT_PCMA) {
        throw new IllegalArgumentException("not a G.711 payload type: " + payloadType[leg]);
      }
      buffer[leg] = parts.jitterBuffer(payloadType[leg], delayFrames, stats[leg]);
      pacer[leg] = new RtpPacer(random.nextInt(), payloadType[leg], random.nextInt(1 << 16), random.nextInt());
    }
  }

  @Override
  public void receive(int leg, byte[] buf, int off, int len, int arrival) {
    int outcome = buffer[leg].put(buf, off, len, arrival);
    if (outcome != JitterBuffer.MALFORMED && outcome != JitterBuffer.IGNORED) {
      idleTicks[leg] = 0;
      if (watch != null) {
        watch.heard(leg);
      }
    }
  }

  @Override
  public void tick(DatagramSink out) {
    forward(LEG_A, LEG_B, out);
    forward(LEG_B, LEG_A, out);
    if (watch != null) {
      watch.tick();
    }
  }

  private void forward(int from, int to, DatagramSink out) {
    if (idleTicks[from] >= IDLE_TICKS) {
      pacer[to].skip();
      return;
    }
    if (++idleTicks[from] == IDLE_TICKS) {
      buffer[from].reset(); // the stream ended: the next packet anchors anew
      if (v21 != null) {
        v21[from].restart();
      }
      pacer[to].mark();
      pacer[to].skip();
      return;
    }
    buffer[from].playout(frame, 0);
    if (tap != null) {
      tap.frame(from, frame, 0, FRAME);
    }
    if (history != null) {
      history[from].add(frame, 0);
    }
    if (v21 != null) {
      v21[from].frame(frame, 0, FRAME);
    }
    int header = pacer[to].next(packet, 0);
    if (payloadType[from] == payloadType[to]) {
      System.arraycopy(frame, 0, packet, header, FRAME);
    } else if (payloadType[from] == G711.PT_PCMU) {
      G711.ulawToAlaw(frame, 0, packet, header, FRAME);
    } else {
      G711.alawToUlaw(frame, 0, packet, header, FRAME);
    }
    sent[to]++;
    out.send(to, packet, 0, header + FRAME);
  }

  /**
   * Watches T.30 from now on: V.21 on both legs into a {@link FaxWatch} (the audio-relay mode).
   *
   * @param silenceTicks ticks without a packet on either leg, once fax signals were seen, after
   *     which the fax is over (<= 0: never)
   * @return this relay
   */
  public AudioRelay watchFax(long silenceTicks) {
    watch = new FaxWatch(silenceTicks);
    v21 = new V21ControlFrames[] {V21ControlFrames.of(parts, payloadType[LEG_A], watch.tap(LEG_A), watch),
        V21ControlFrames.of(parts, payloadType[LEG_B], watch.tap(LEG_B), watch)};
    return this;
  }

  /** 20 ms frames of leg {@code leg} its V.21 receiver demodulated, and quiet ones it left out (watched relays; for tests and tools). */
  public long[] v21Frames(int leg) {
    return v21 == null ? new long[2] : new long[] {v21[leg].framesDemodulated(), v21[leg].framesQuiet()};
  }

  /** The relay's T.30 watch (null unless {@link #watchFax} was called; for tests and tools). */
  public FaxWatch watch() {
    return watch;
  }

  /** True once V.21 flags were heard on either leg (watched relays only). */
  @Override
  public boolean faxActivity() {
    return watch != null && watch.faxActivity();
  }

  /** True once the fax is over: DCN and {@link FaxWatch#DCN_GRACE_TICKS}, or both legs silent (watched relays only). */
  @Override
  public boolean faxOver() {
    return watch != null && watch.over();
  }

  /** Changes with every good T.30 frame either leg carried. */
  @Override
  public long faxProgress() {
    return watch == null ? 0 : watch.progress();
  }

  /** The score so far, as the gateway's scorer keeps it; once over, with how it ended (null: not watched). */
  @Override
  public FaxReport faxReport() {
    return watch == null ? null : watch.report();
  }

  /**
   * Keeps each leg's last {@code historyFrames} frames, for the gateway that takes over when the
   * switch to T.38 happens (FAXOPT gateway on an audio session).
   */
  public void keepHistory(int historyFrames) {
    history = new AudioHistory[] {parts.audioHistory(historyFrames), parts.audioHistory(historyFrames)};
  }

  /** The leg's recent audio (null unless {@link #keepHistory} was called). */
  public AudioHistory history(int leg) {
    return history == null ? null : history[leg];
  }

  /**
   * Leg {@code leg}'s jitter buffer goes on in another processor (the gateway that takes over):
   * {@link #recycle} leaves it to that one.
   */
  public void handOver(int leg) {
    handedOver[leg] = true;
  }

  /** Gives the parts it took (but those handed over) back to its pool, once; the relay must not be used afterwards. */
  @Override
  public void recycle() {
    if (recycled) {
      return;
    }
    recycled = true;
    for (int leg = 0; leg < 2; leg++) {
      if (!handedOver[leg]) {
        parts.give(buffer[leg]);
      }
      if (history != null) {
        parts.give(history[leg]);
      }
      if (v21 != null) {
        parts.give(v21[leg]);
      }
    }
  }

  public JitterBuffer jitterBuffer(int leg) {
    return buffer[leg];
  }

  public RtpStats rtpStats(int leg) {
    return stats[leg];
  }

  /** The pacer of the stream sent to {@code leg}. */
  public RtpPacer pacer(int leg) {
    return pacer[leg];
  }

  public int payloadType(int leg) {
    return payloadType[leg];
  }

  public long sent(int leg) {
    return sent[leg];
  }

  @Override
  public void tapAudio(AudioTap tap) {
    this.tap = tap;
  }

  @Override
  public Map<String, Object> legStats(int leg) {
    Map<String, Object> m = LegStats.rtp(stats[leg], sent[leg]);
    if (watch != null) {
      m.put("t30Frames", watch.frames(leg));
    }
    return m;
  }

  /** A watching relay edits no T.30 (it refuses); one that a gateway may take over accepts: the gateway starts from the session's options. */
  @Override
  public String updatePolicy(T30Supervisor.Policy next, T30Supervisor.PolicyItem item) {
    return watch == null ? null : watch.supervisor().update(next, item);
  }

  @Override
  public T30Trace t30Trace() {
    return watch == null ? null : watch.supervisor().trace();
  }

  @Override
  public void legCounters(int leg, long[] into) {
    LegStats.rtp(stats[leg], into);
  }
}
