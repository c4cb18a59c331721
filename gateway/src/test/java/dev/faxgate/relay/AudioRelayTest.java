package dev.faxgate.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.bench.V21Audio;
import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import dev.faxgate.testutil.SteadyStateAllocation;
import org.junit.jupiter.api.Test;

/**
 * AudioRelay in memory: one frame per tick, µ-law to A-law, a lost packet played as silence, steady
 * numbering, idle stop; watching T.30 in V.21 audio on both legs without allocating per packet.
 */
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

  /** 20 ms packets of {@code ulaw} (whole frames), then {@code silentFrames} of µ-law silence. */
  private static List<byte[]> packets(byte[] ulaw, int silentFrames) {
    List<byte[]> out = new ArrayList<>();
    int frames = ulaw.length / 160 + silentFrames;
    for (int f = 0; f < frames; f++) {
      byte[] p = packet(0, G711.ULAW_SILENCE);
      if (f * 160 < ulaw.length) {
        System.arraycopy(ulaw, f * 160, p, RtpPacket.HEADER_SIZE, 160);
      }
      out.add(p);
    }
    return out;
  }

  @Test
  void theWatchedRelayScoresV21AudioAndAllocatesNothingPerPacket() {
    AudioRelay relay = new AudioRelay(G711.PT_PCMU, G711.PT_PCMU, 2, 3).watchFax(1500);
    // a page's end over and over: MPS in V.21 from leg a, answered by MCF from leg b, while both legs
    // always send (fax terminals transmit on idle); the scorer counts a page each time (the frames it
    // parses with objects, DCS, identities, PPS, come a few times per fax and are left out)
    List<byte[]> legA = packets(V21Audio.ulawBurst(8, new byte[] {(byte) 0xFF, 0x13, 0x4F}), 40);
    List<byte[]> legB = new ArrayList<>(packets(new byte[0], legA.size() - 30));
    legB.addAll(packets(V21Audio.ulawBurst(8, new byte[] {(byte) 0xFF, 0x13, (byte) 0x8C}), 0));
    int cycle = Math.max(legA.size(), legB.size());
    while (legA.size() < cycle) {
      legA.add(packet(0, G711.ULAW_SILENCE));
    }
    while (legB.size() < cycle) {
      legB.add(packet(0, G711.ULAW_SILENCE));
    }
    DatagramSink drop = (leg, buf, off, len) -> { };
    int[] step = new int[1];
    Runnable oneTick = () -> {
      int n = step[0]++;
      byte[] a = legA.get(n % cycle);
      byte[] b = legB.get(n % cycle);
      RtpPacket.setSequence(a, 0, n & 0xFFFF);
      RtpPacket.setTimestamp(a, 0, n * 160);
      RtpPacket.setSequence(b, 0, (n + 500) & 0xFFFF);
      RtpPacket.setTimestamp(b, 0, n * 160 + 12345);
      relay.receive(MediaProcessor.LEG_A, a, 0, a.length, n * 160);
      relay.receive(MediaProcessor.LEG_B, b, 0, b.length, n * 160);
      relay.tick(drop);
    };
    for (int i = 0; i < 3 * cycle; i++) {
      oneTick.run();
    }
    assertTrue(relay.faxActivity(), "V.21 flags are fax activity");
    assertTrue(relay.faxReport().pages() >= 2, "MPS answered by MCF: a page each cycle; " + relay.faxReport());
    SteadyStateAllocation a = SteadyStateAllocation.measure(oneTick, 20_000, 8_000);
    int expected = (3 * cycle + 20_000 + a.measuredSteps()) / cycle;
    assertTrue(relay.faxReport().pages() >= expected - 1, "pages scored: " + relay.faxReport().pages() + " of " + expected);
    assertEquals(relay.faxReport().pages(), ((Number) relay.legStats(MediaProcessor.LEG_B).get("t30Frames")).intValue(),
        "every MCF heard, and each scored a page");
    assertTrue(a.allButOneWindowBelow(1024), a.toString());
  }
}
