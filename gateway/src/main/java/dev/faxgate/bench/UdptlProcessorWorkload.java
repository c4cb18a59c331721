package dev.faxgate.bench;

import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.udptl.UdptlErrorCorrection;
import dev.faxgate.udptl.UdptlSender;

/**
 * What a t38-relay session does for one received datagram, in memory: {@link T38Relay#receive}
 * of a UDPTL datagram from leg a (T.38 version 0, redundancy 3, an IFP of 40 to 200 octets:
 * UDPTL decoding, the receive ring, in-order delivery), the IFP's translation from the 1998
 * ASN.1 to version 3 (PER decode and encode), a new datagram for leg b with FEC (span 3, 3
 * entries) queued, and one {@link T38Relay#tick} that sends it. The datagrams are one
 * {@linkplain FaxTraffic#udptlCycle() cycle} replayed with fresh sequence numbers.
 */
final class UdptlProcessorWorkload implements PacketWorkload {
  /** Leg a: what the benchmark sends. */
  static final T38Relay.LegConfig LEG_A = new T38Relay.LegConfig(FaxTraffic.VERSION, UdptlErrorCorrection.REDUNDANCY,
      FaxTraffic.REDUNDANCY, FaxTraffic.REDUNDANCY, FaxTraffic.REDUNDANCY, UdptlSender.DEFAULT_FEC_SPAN,
      UdptlSender.DEFAULT_FEC_ENTRIES, UdptlSender.DEFAULT_MAX_DATAGRAM);
  /** Leg b: version 3 with FEC. */
  static final T38Relay.LegConfig LEG_B = new T38Relay.LegConfig(3, UdptlErrorCorrection.FEC,
      FaxTraffic.REDUNDANCY, FaxTraffic.REDUNDANCY, FaxTraffic.REDUNDANCY, UdptlSender.DEFAULT_FEC_SPAN,
      UdptlSender.DEFAULT_FEC_ENTRIES, UdptlSender.DEFAULT_MAX_DATAGRAM);

  private final T38Relay[] relays;
  private final byte[][] cycle = FaxTraffic.udptlCycle();
  private final int[] seq;
  private final CountingSink sink = new CountingSink();
  private int next;
  private int arrival;

  UdptlProcessorWorkload(int sessions) {
    relays = new T38Relay[sessions];
    seq = new int[sessions];
    for (int i = 0; i < sessions; i++) {
      relays[i] = new T38Relay(LEG_A, LEG_B);
    }
  }

  @Override
  public void run(int n) {
    for (int k = 0; k < n; k++) {
      int r = next;
      int s = seq[r];
      byte[] d = cycle[s & (FaxTraffic.IFP_CYCLE - 1)];
      FaxTraffic.setUdptlSequence(d, s);
      seq[r] = (s + 1) & 0xFFFF;
      relays[r].receive(MediaProcessor.LEG_A, d, 0, d.length, arrival);
      relays[r].tick(sink);
      if (++next == relays.length) {
        next = 0;
        arrival += FaxTraffic.SAMPLES;
      }
    }
  }

  @Override
  public int sessions() {
    return relays.length;
  }

  @Override
  public long datagramsOut() {
    return sink.datagrams(MediaProcessor.LEG_A) + sink.datagrams(MediaProcessor.LEG_B);
  }

  @Override
  public long checksum() {
    return sink.checksum();
  }
}
