package dev.faxgate.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AudioRelay in memory: one frame per tick, µ-law to A-law, a lost packet played as silence, steady numbering, idle stop. */
class AudioRelayTest {
  private final List<byte[]> toB = new ArrayList<>();
  private final List<byte[]> toA = new ArrayList<>();
  private final DatagramSink sink = (leg, buf, off, len) -> (leg == MediaProcessor.LEG_B ? toB : toA)
      .add(Arrays.copyOfRange(buf, off, off + len));

  private static byte[] packet(int seq, byte sample) {
    byte[] p = new byte[RtpPacket.HEADER_SIZE + 160];
    RtpPacket.writeHeader(p, 0, false, G711.PT_PCMU, seq, seq * 160, 42);
    Arrays.fill(p, RtpPacket.HEADER_SIZE, p.length, sample);
    return p;
  }

  @Test
  void oneFramePerTickTranscodedWithTheLostOneSilent() {
    AudioRelay relay = new AudioRelay(G711.PT_PCMU, G711.PT_PCMA, 3, 1);
    byte[] samples = new byte[10];
    for (int seq = 0; seq < 10; seq++) {
      samples[seq] = G711.linearToUlaw((short) (100 * (seq + 1)));
    }
    for (int tick = 0; tick < 13; tick++) {
      if (tick < 10 && tick != 5) { // packet 5 is lost
        byte[] p = packet(tick, samples[tick]);
        relay.receive(MediaProcessor.LEG_A, p, 0, p.length, tick * 160);
      }
      relay.tick(sink);
    }
    assertEquals(13, toB.size(), "one packet per tick from the first packet on");
    assertTrue(toA.isEmpty(), "leg b sent nothing, so leg a hears nothing");
    // 3 frames of priming silence, then packets 0..9 in order, 5 as silence
    for (int i = 0; i < 13; i++) {
      byte[] p = toB.get(i);
      assertEquals(G711.PT_PCMA, RtpPacket.payloadType(p, 0));
      assertEquals((RtpPacket.sequence(toB.get(0), 0) + i) & 0xFFFF, RtpPacket.sequence(p, 0), "steady sequence");
      assertEquals(RtpPacket.timestamp(toB.get(0), 0) + 160 * i, RtpPacket.timestamp(p, 0), "steady timestamps");
      int seq = i - 3;
      byte expected = seq < 0 || seq == 5 ? G711.ALAW_SILENCE : G711.ulawToAlaw(samples[seq] & 0xFF);
      for (int s = RtpPacket.HEADER_SIZE; s < p.length; s++) {
        assertEquals(expected, p[s], "frame " + i + " sample " + s);
      }
    }
    assertEquals(1L, relay.legStats(MediaProcessor.LEG_A).get("lost"));
    assertEquals(9L, relay.legStats(MediaProcessor.LEG_A).get("received"));
    assertEquals(13L, relay.legStats(MediaProcessor.LEG_B).get("sent"));
  }

  @Test
  void aSilentSourceStopsItsDirectionAndTheNextPacketResumesWithTheMarker() {
    AudioRelay relay = new AudioRelay(G711.PT_PCMU, G711.PT_PCMU, 1, 2);
    byte[] p = packet(0, (byte) 0x10);
    relay.receive(MediaProcessor.LEG_A, p, 0, p.length, 0);
    for (int tick = 0; tick < AudioRelay.IDLE_TICKS + 50; tick++) {
      relay.tick(sink);
    }
    int sentBeforeIdle = toB.size();
    assertEquals(AudioRelay.IDLE_TICKS - 1, sentBeforeIdle, "it stops after IDLE_TICKS without a packet");
    int lastTimestamp = RtpPacket.timestamp(toB.get(sentBeforeIdle - 1), 0);
    byte[] again = packet(500, (byte) 0x20);
    relay.receive(MediaProcessor.LEG_A, again, 0, again.length, 0);
    for (int tick = 0; tick < 3; tick++) {
      relay.tick(sink);
    }
    byte[] resumed = toB.get(sentBeforeIdle);
    assertTrue(RtpPacket.marker(resumed, 0), "the first packet after the pause carries the marker");
    assertEquals(lastTimestamp + 160 * 52, RtpPacket.timestamp(resumed, 0), "timestamps kept advancing with time");
  }
}
