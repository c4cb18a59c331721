package dev.faxgate.bench;

import dev.faxgate.relay.AudioRelay;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.rtp.G711;

/**
 * What an audio-relay session does for one received packet, in memory: {@link AudioRelay#receive}
 * of a 172-octet PCMU packet on leg a (RTP validation, sequence tracking, jitter estimate,
 * placement in the jitter buffer) and one {@link AudioRelay#tick} (playout of one 20 ms frame,
 * µ-law to A-law transcoding, RTP packetisation towards leg b; leg b is silent, so the reverse
 * direction only advances its timestamps). Each relay receives one packet per simulated 20 ms,
 * the relays taking turns as the sessions of one processing verticle do.
 */
final class RtpProcessorWorkload implements PacketWorkload {
  private static final int DELAY_FRAMES = 3;

  private final AudioRelay[] relays;
  private final byte[][] packets;
  private final int[] seq;
  private final int[] timestamp;
  private final CountingSink sink = new CountingSink();
  private int next;
  private int arrival;

  RtpProcessorWorkload(int sessions) {
    relays = new AudioRelay[sessions];
    packets = new byte[sessions][];
    seq = new int[sessions];
    timestamp = new int[sessions];
    for (int i = 0; i < sessions; i++) {
      relays[i] = new AudioRelay(G711.PT_PCMU, G711.PT_PCMA, DELAY_FRAMES, i);
      seq[i] = 1000 * i;
      timestamp[i] = 0x1000_0000 * i;
      packets[i] = FaxTraffic.rtpPacket(0x5eed_0000 + i, seq[i], timestamp[i]);
    }
  }

  @Override
  public void run(int n) {
    for (int k = 0; k < n; k++) {
      int r = next;
      byte[] p = packets[r];
      FaxTraffic.stamp(p, seq[r]++, timestamp[r]);
      timestamp[r] += FaxTraffic.SAMPLES;
      relays[r].receive(MediaProcessor.LEG_A, p, 0, p.length, arrival);
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
