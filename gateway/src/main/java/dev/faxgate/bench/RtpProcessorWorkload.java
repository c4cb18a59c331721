package dev.faxgate.bench;

import dev.faxgate.relay.AudioRelay;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.RtpPacket;

/**
 * What an audio-relay session does for one received packet, in memory: {@link AudioRelay#receive}
 * of a 172-octet PCMU packet on leg a (RTP validation, sequence tracking, jitter estimate,
 * placement in the jitter buffer) and one {@link AudioRelay#tick} (playout of one 20 ms frame,
 * µ-law to A-law transcoding, RTP packetisation towards leg b; leg b is silent, so the reverse
 * direction only advances its timestamps). Each relay receives one packet per simulated 20 ms,
 * the relays taking turns as the sessions of one processing verticle do.
 *
 * <p>For the cost of the audio relay's T.30 watch, the relays may {@linkplain AudioRelay#watchFax
 * watch} and the packets carry V.21 instead of the tone: a cycle of µ-law frames shared by all
 * sessions (each session at its own place in it), copied into the session's packet before it is
 * received, the same for watched and unwatched relays.
 */
final class RtpProcessorWorkload implements PacketWorkload {
  private static final int DELAY_FRAMES = 3;

  private final AudioRelay[] relays;
  private final byte[][] packets;
  private final int[] seq;
  private final int[] timestamp;
  private final CountingSink sink = new CountingSink();
  /** The payload cycle (null: the tone, one payload for every packet). */
  private final byte[][] cycle;
  private int next;
  private int arrival;

  RtpProcessorWorkload(int sessions) {
    this(sessions, false, null);
  }

  /**
   * @param watched whether each relay watches T.30 ({@link AudioRelay#watchFax})
   * @param cycle 160-octet µ-law payloads played in turn, or null for the tone
   */
  RtpProcessorWorkload(int sessions, boolean watched, byte[][] cycle) {
    this.cycle = cycle;
    relays = new AudioRelay[sessions];
    packets = new byte[sessions][];
    seq = new int[sessions];
    timestamp = new int[sessions];
    for (int i = 0; i < sessions; i++) {
      relays[i] = new AudioRelay(G711.PT_PCMU, G711.PT_PCMA, DELAY_FRAMES, i);
      if (watched) {
        relays[i].watchFax(0);
      }
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
      if (cycle != null) {
        System.arraycopy(cycle[Math.floorMod(seq[r], cycle.length)], 0, p, RtpPacket.HEADER_SIZE, FaxTraffic.SAMPLES);
      }
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
