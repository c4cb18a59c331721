package dev.faxgate.bench;

import dev.faxgate.udptl.UdptlSender;

/**
 * What the far end of leg a sends on each session of the socket benchmarks, datagram after
 * datagram, each stream continuing where it left off: RTP (PCMU, 20 ms, steady sequence numbers
 * and timestamps) or UDPTL (T.38 version 0, redundancy 3, the {@linkplain FaxTraffic#ifps() IFP
 * cycle}), built with the gateway's own codecs.
 */
interface FarEndTraffic {
  /** Writes session {@code session}'s next datagram into {@code buf} from 0; returns its length. */
  int next(int session, byte[] buf);

  /** RTP streams, one per session. */
  static FarEndTraffic rtp(int sessions) {
    return new Rtp(sessions);
  }

  /** UDPTL streams, one per session. */
  static FarEndTraffic udptl(int sessions) {
    return new Udptl(sessions);
  }

  /** PCMU packets of the tone. */
  final class Rtp implements FarEndTraffic {
    private final byte[][] packets;
    private final int[] seq;
    private final int[] timestamp;

    Rtp(int sessions) {
      packets = new byte[sessions][];
      seq = new int[sessions];
      timestamp = new int[sessions];
      for (int i = 0; i < sessions; i++) {
        seq[i] = 7 * i;
        timestamp[i] = 0x0100_0000 * i;
        packets[i] = FaxTraffic.rtpPacket(0xfa4_0000 + i, seq[i], timestamp[i]);
      }
    }

    @Override
    public int next(int session, byte[] buf) {
      byte[] p = packets[session];
      FaxTraffic.stamp(p, seq[session]++, timestamp[session]);
      timestamp[session] += FaxTraffic.SAMPLES;
      System.arraycopy(p, 0, buf, 0, p.length);
      return p.length;
    }
  }

  /** UDPTL datagrams of the IFP cycle, each session with its own sender and numbering. */
  final class Udptl implements FarEndTraffic {
    private final byte[][] ifps = FaxTraffic.ifps();
    private final UdptlSender[] senders;
    private final int[] index;

    Udptl(int sessions) {
      senders = new UdptlSender[sessions];
      index = new int[sessions];
      for (int i = 0; i < sessions; i++) {
        senders[i] = FaxTraffic.udptlSender();
      }
    }

    @Override
    public int next(int session, byte[] buf) {
      byte[] ifp = ifps[index[session]];
      index[session] = (index[session] + 1) % ifps.length;
      int n = senders[session].build(ifp, 0, ifp.length, buf, 0);
      if (n <= 0) {
        throw new IllegalStateException("UDPTL datagram did not build: " + n);
      }
      return n;
    }
  }
}
