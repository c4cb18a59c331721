package dev.faxgate.relay;

import dev.faxgate.rtp.G711;
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

  /**
   * @param payloadTypeA {@link G711#PT_PCMU} or {@link G711#PT_PCMA} on leg A
   * @param payloadTypeB the same for leg B
   * @param delayFrames the playout delay, in 20 ms frames
   * @param seed seeds the outbound SSRCs, sequence numbers and timestamps
   */
  public AudioRelay(int payloadTypeA, int payloadTypeB, int delayFrames, long seed) {
    payloadType[LEG_A] = payloadTypeA;
    payloadType[LEG_B] = payloadTypeB;
    SplittableRandom random = new SplittableRandom(seed);
    for (int leg = 0; leg < 2; leg++) {
      if (payloadType[leg] != G711.PT_PCMU && payloadType[leg] != G711.PT_PCMA) {
        throw new IllegalArgumentException("not a G.711 payload type: " + payloadType[leg]);
      }
      buffer[leg] = new JitterBuffer(payloadType[leg], delayFrames, stats[leg]);
      pacer[leg] = new RtpPacer(random.nextInt(), payloadType[leg], random.nextInt(1 << 16), random.nextInt());
    }
  }

  @Override
  public void receive(int leg, byte[] buf, int off, int len, int arrival) {
    int outcome = buffer[leg].put(buf, off, len, arrival);
    if (outcome != JitterBuffer.MALFORMED && outcome != JitterBuffer.IGNORED) {
      idleTicks[leg] = 0;
    }
  }

  @Override
  public void tick(DatagramSink out) {
    forward(LEG_A, LEG_B, out);
    forward(LEG_B, LEG_A, out);
  }

  private void forward(int from, int to, DatagramSink out) {
    if (idleTicks[from] >= IDLE_TICKS) {
      pacer[to].skip();
      return;
    }
    if (++idleTicks[from] == IDLE_TICKS) {
      buffer[from].reset(); // the stream ended: the next packet anchors anew
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
   * Keeps each leg's last {@code historyFrames} frames, for the gateway that takes over when the
   * switch to T.38 happens (FAXOPT gateway on an audio session).
   */
  public void keepHistory(int historyFrames) {
    history = new AudioHistory[] {new AudioHistory(historyFrames), new AudioHistory(historyFrames)};
  }

  /** The leg's recent audio (null unless {@link #keepHistory} was called). */
  public AudioHistory history(int leg) {
    return history == null ? null : history[leg];
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
    return LegStats.rtp(stats[leg], sent[leg]);
  }

  @Override
  public void legCounters(int leg, long[] into) {
    LegStats.rtp(stats[leg], into);
  }
}
