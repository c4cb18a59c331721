package dev.faxgate.relay;

import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.JitterBuffer;
import dev.faxgate.rtp.RtpStats;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38Indicator;
import dev.faxgate.udptl.UdptlReceiver;
import dev.faxgate.udptl.UdptlSender;
import java.util.Map;

/**
 * One leg that is only listened to, for a {@code detect} session with a single leg: it sends
 * nothing. An RTP leg's audio is played out of a fax jitter buffer, one 20 ms frame per tick, to
 * the {@link AudioTap} (the node's tone detectors hear CNG, CED/ANSam and the V.21 preamble there);
 * a UDPTL leg's IFPs are read for what they say about the fax: the first IFP is T.38's arrival
 * ({@link #T38_ARRIVED}), and the CNG, CED and V.21 preamble indicators are the same signals as the
 * tones they stand for ({@link #t38Signals()}).
 */
public final class FaxListener implements MediaProcessor {
  /** Bits of {@link #t38Signals()}. */
  public static final int T38_ARRIVED = 1;
  public static final int T38_CNG = 2;
  public static final int T38_CED = 4;
  public static final int T38_V21_PREAMBLE = 8;

  private final JitterBuffer buffer;
  private final RtpStats rtpStats;
  private final UdptlReceiver receiver;
  private final UdptlSender unused;
  private final IfpPacket ifp = new IfpPacket();
  private final int version;
  private final byte[] frame = new byte[JitterBuffer.FRAME_SAMPLES];
  private AudioTap tap;
  private int idleTicks = AudioRelay.IDLE_TICKS;
  private int quietTicks;
  private int signals;

  private FaxListener(int payloadType, int delayFrames, int t38Version, boolean udptl) {
    if (udptl) {
      version = t38Version;
      receiver = new UdptlReceiver(t38Version, this::ifp);
      unused = new UdptlSender();
      buffer = null;
      rtpStats = null;
    } else {
      if (payloadType != G711.PT_PCMU && payloadType != G711.PT_PCMA) {
        throw new IllegalArgumentException("not a G.711 payload type: " + payloadType);
      }
      version = 0;
      rtpStats = new RtpStats();
      buffer = new JitterBuffer(payloadType, delayFrames, rtpStats);
      receiver = null;
      unused = null;
    }
  }

  /** Listens to G.711 in RTP with payload type {@code payloadType}, played out {@code delayFrames} late. */
  public static FaxListener rtp(int payloadType, int delayFrames) {
    return new FaxListener(payloadType, delayFrames, 0, false);
  }

  /** Listens to T.38 in UDPTL, in T.38 version {@code t38Version}. */
  public static FaxListener udptl(int t38Version) {
    return new FaxListener(0, 0, t38Version, true);
  }

  @Override
  public void receive(int leg, byte[] buf, int off, int len, int arrival) {
    if (receiver != null) {
      quietTicks = 0;
      receiver.rx(buf, off, len);
      return;
    }
    int outcome = buffer.put(buf, off, len, arrival);
    if (outcome != JitterBuffer.MALFORMED && outcome != JitterBuffer.IGNORED) {
      idleTicks = 0;
    }
  }

  /** An IFP in sequence order: a decodable one says T.38 has arrived; indicators say which signal. */
  private void ifp(int seq, byte[] buf, int off, int len) {
    if (IfpCodec.decode(buf, off, len, version, ifp) != IfpCodec.OK) {
      return;
    }
    signals |= T38_ARRIVED;
    if (ifp.isIndicator()) {
      T38Indicator i = ifp.indicator();
      signals |= i == T38Indicator.CNG ? T38_CNG : i == T38Indicator.CED ? T38_CED
          : i == T38Indicator.V21_PREAMBLE ? T38_V21_PREAMBLE : 0;
    }
  }

  @Override
  public void tick(DatagramSink out) {
    if (receiver != null) {
      if (++quietTicks == T38Relay.FLUSH_TICKS) {
        receiver.flush();
      }
      return;
    }
    if (idleTicks >= AudioRelay.IDLE_TICKS) {
      return;
    }
    if (++idleTicks == AudioRelay.IDLE_TICKS) {
      buffer.reset(); // the stream ended: the next packet anchors anew
      return;
    }
    buffer.playout(frame, 0);
    if (tap != null) {
      tap.frame(LEG_A, frame, 0, frame.length);
    }
  }

  @Override
  public void tapAudio(AudioTap tap) {
    this.tap = tap;
  }

  /** What a UDPTL leg has shown so far: {@link #T38_ARRIVED}, {@link #T38_CNG}... (0 on an RTP leg). */
  @Override
  public int t38Signals() {
    return signals;
  }

  @Override
  public Map<String, Object> legStats(int leg) {
    return receiver != null ? LegStats.udptl(receiver, unused) : LegStats.rtp(rtpStats, 0);
  }

  @Override
  public void legCounters(int leg, long[] into) {
    if (receiver != null) {
      LegStats.udptl(receiver, into);
    } else {
      LegStats.rtp(rtpStats, into);
    }
  }
}
