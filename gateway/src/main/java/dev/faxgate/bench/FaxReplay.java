package dev.faxgate.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The two far ends of one gateway session under load: an RTP socket that plays the recorded audio
 * terminal and a UDPTL socket that plays the recorded T.38 terminal, each datagram at its recorded
 * time from the session's start. RTP SSRC, sequence numbers and timestamps are moved per session,
 * as a different caller's would be. What the node sends back is read and counted, nothing more.
 */
final class FaxReplay {
  private static final int RTP_HEADER = 12;

  final RecordedFax fax;
  final String sessionId;
  private final DatagramChannel audio;
  private final DatagramChannel t38;
  private final DatagramChannel[] both;
  private final InetSocketAddress audioTarget;
  private final InetSocketAddress t38Target;
  private final int ssrc;
  private final int seqOffset;
  private final int tsOffset;
  private final ByteBuffer out = ByteBuffer.allocateDirect(2048);
  private long startNanos;
  private int next;
  long sent;
  long received;
  /** Sends that left more than {@link LoadGenerator#LATE_NANOS} after their recorded time. */
  long late;

  FaxReplay(RecordedFax fax, String sessionId, DatagramChannel audio, DatagramChannel t38, InetSocketAddress audioTarget,
      InetSocketAddress t38Target, long seed) {
    this.fax = fax;
    this.sessionId = sessionId;
    this.audio = audio;
    this.t38 = t38;
    this.both = new DatagramChannel[] {audio, t38};
    this.audioTarget = audioTarget;
    this.t38Target = t38Target;
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    this.ssrc = random.nextInt();
    this.seqOffset = random.nextInt(1 << 16);
    this.tsOffset = random.nextInt();
  }

  /** Two non-blocking sockets on {@code host}, any port: the far ends the session is created with. */
  static DatagramChannel[] openFarEnds(String host) throws IOException {
    DatagramChannel a = DatagramChannel.open();
    DatagramChannel t = DatagramChannel.open();
    for (DatagramChannel c : new DatagramChannel[] {a, t}) {
      c.bind(new InetSocketAddress(host, 0));
      c.configureBlocking(false);
    }
    return new DatagramChannel[] {a, t};
  }

  void start(long nowNanos) {
    startNanos = nowNanos;
  }

  /** Sends every datagram due by {@code nowNanos}; true once the whole recording has been sent. */
  boolean sendDue(long nowNanos) throws IOException {
    while (next < fax.size()) {
      long due = startNanos + fax.millis(next) * 1_000_000L;
      if (due > nowNanos) {
        return false;
      }
      if (nowNanos - due > LoadGenerator.LATE_NANOS) {
        late++;
      }
      byte[] p = fax.payload(next);
      out.clear();
      out.put(p);
      boolean rtp = fax.leg(next) == RecordedFax.AUDIO;
      if (rtp && p.length >= RTP_HEADER) {
        out.putShort(2, (short) (((p[2] & 0xFF) << 8 | (p[3] & 0xFF)) + seqOffset));
        out.putInt(4, ((p[4] & 0xFF) << 24 | (p[5] & 0xFF) << 16 | (p[6] & 0xFF) << 8 | (p[7] & 0xFF)) + tsOffset);
        out.putInt(8, ssrc);
      }
      out.flip();
      (rtp ? audio : t38).send(out, rtp ? audioTarget : t38Target);
      sent++;
      next++;
    }
    return true;
  }

  /** Reads and drops what the node sent to either far end, using {@code scratch}. */
  void drain(ByteBuffer scratch) throws IOException {
    for (DatagramChannel c : both) {
      while (true) {
        scratch.clear();
        if (c.receive(scratch) == null) {
          break;
        }
        received++;
      }
    }
  }

  void close() {
    for (DatagramChannel c : both) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing a UDP socket of a replay that is over: nothing to keep
      }
    }
  }
}
