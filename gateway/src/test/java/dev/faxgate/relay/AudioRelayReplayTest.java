package dev.faxgate.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.bench.RecordedFax;
import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.RtpPacket;
import dev.faxgate.t30.FaxReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AudioRelay watching T.30 on a recorded real fax (gateway/bench/record-audio-relay-fax.sh:
 * faxpeer audio-send and audio-recv straight to each other, 3 pages, V.17 14400, ECM, PCMU, every
 * RTP packet both ways at its time). Replayed tick by tick into the relay, each leg's packets on
 * its own leg at their arrival time, the relay's V.21 receivers must find the T.30 exchange in the
 * audio and score the fax as faxpeer's terminals did (SUCCESS, 3 pages, 14400, ECM, the
 * receiver's CSI "faxpeer receiver"), end it on DCN, and send every packet exactly as a relay that
 * does not watch sends it. Leg b's far end speaks A-law in the first test (the recording's packets
 * transcoded), so each receiver demodulates its own leg's law.
 */
class AudioRelayReplayTest {
  /** The relay's silence timeout in these tests: 30 s, the node's default media.silence_seconds. */
  private static final long SILENCE_TICKS = 30 * 50;
  private static final int DELAY_FRAMES = 3;
  private static final long SEED = 7;

  /** What the relay sent to each leg, and when the fax was over. */
  private static final class Replay {
    final List<List<byte[]>> sent = List.of(new ArrayList<>(), new ArrayList<>());
    final List<List<byte[]>> sentUnwatched = List.of(new ArrayList<>(), new ArrayList<>());
    long ticks;
    long overAtTick = -1;
    long lastInputTick;
    boolean overBeforeLastInput;
    long progressChanges;
    AudioRelay twin;
  }

  private static AudioRelay watched(int payloadTypeB) {
    return new AudioRelay(G711.PT_PCMU, payloadTypeB, DELAY_FRAMES, SEED).watchFax(SILENCE_TICKS);
  }

  /**
   * Feeds the packets recorded before {@code untilMs} to {@code relay} (and to an unwatched relay of
   * the same seed beside it), each in the tick of its time, then ticks on until the fax is over (or
   * {@code maxExtraTicks} more have passed).
   */
  private static Replay replay(RecordedFax fax, AudioRelay relay, int untilMs, long maxExtraTicks) {
    Replay r = new Replay();
    AudioRelay twin = new AudioRelay(G711.PT_PCMU, relay.payloadType(MediaProcessor.LEG_B), DELAY_FRAMES, SEED);
    r.twin = twin;
    DatagramSink sink = (leg, buf, off, len) -> r.sent.get(leg).add(Arrays.copyOfRange(buf, off, off + len));
    DatagramSink twinSink = (leg, buf, off, len) -> r.sentUnwatched.get(leg).add(Arrays.copyOfRange(buf, off, off + len));
    int i = 0;
    long progress = relay.faxProgress();
    while (true) {
      long end = (r.ticks + 1) * 20;
      boolean fed = false;
      while (i < fax.size() && fax.millis(i) < end && fax.millis(i) < untilMs) {
        byte[] p = fax.payload(i);
        relay.receive(fax.leg(i), p, 0, p.length, fax.millis(i) * 8);
        twin.receive(fax.leg(i), p, 0, p.length, fax.millis(i) * 8);
        i++;
        fed = true;
      }
      if (fed) {
        r.lastInputTick = r.ticks;
        r.overBeforeLastInput |= r.overAtTick >= 0;
      }
      relay.tick(sink);
      twin.tick(twinSink);
      r.ticks++;
      if (relay.faxProgress() != progress) {
        progress = relay.faxProgress();
        r.progressChanges++;
      }
      if (r.overAtTick < 0 && relay.faxOver()) {
        r.overAtTick = r.ticks;
      }
      boolean inputLeft = i < fax.size() && fax.millis(i) < untilMs;
      if (!inputLeft && (r.overAtTick >= 0 || r.ticks - r.lastInputTick > maxExtraTicks)) {
        return r;
      }
    }
  }

  /** The recording with leg b's far end speaking A-law: each of its packets transcoded, payload type 8. */
  private static RecordedFax legBInAlaw(RecordedFax fax) {
    return fax.map((leg, packet) -> {
      if (leg != RecordedFax.LEG_B) {
        return packet;
      }
      byte[] p = packet.clone();
      RtpPacket.writeHeader(p, 0, RtpPacket.marker(packet, 0), G711.PT_PCMA, RtpPacket.sequence(packet, 0),
          RtpPacket.timestamp(packet, 0), RtpPacket.ssrc(packet, 0));
      G711.ulawToAlaw(packet, RtpPacket.HEADER_SIZE, p, RtpPacket.HEADER_SIZE, p.length - RtpPacket.HEADER_SIZE);
      return p;
    });
  }

  @Test
  void aRecordedAudioFaxIsScoredAsTheTerminalsReportedItAndEndsOnDcn() throws Exception {
    RecordedFax fax = legBInAlaw(RecordedFax.load("audio-relay-v17"));
    AudioRelay relay = watched(G711.PT_PCMA);
    assertFalse(relay.faxActivity());
    Replay r = replay(fax, relay, Integer.MAX_VALUE, 10 * 50);

    FaxReport report = relay.faxReport();
    assertTrue(relay.faxOver(), "the fax ended: " + report);
    assertTrue(report.over(), report.toString());
    assertTrue(report.success(), report.toString());
    assertEquals("OK", report.statusStr(), report.toString());
    assertEquals("NO_ERROR", report.error(), report.toString());
    assertNull(report.failingPhase(), report.toString());
    assertEquals(3, report.pages(), report.toString());
    assertEquals(14400, report.rate(), report.toString());
    assertEquals("V17", report.modem(), report.toString());
    assertEquals(Boolean.TRUE, report.ecmUsed(), report.toString());
    assertEquals("204x98", report.resolution(), report.toString());
    assertEquals("faxpeer receiver", report.remoteStationId(), report.toString()); // the sender's remote_ident
    assertTrue(relay.faxActivity());
    assertTrue(relay.watch().supervisor().dcnSeen());

    // over on DCN, as a gateway: the grace after it, not the silence timeout (the terminals send
    // media for 1 s after phase E, so the last packet comes inside the grace)
    assertFalse(r.overBeforeLastInput, "not over while the call still carried packets");
    assertTrue(r.overAtTick - r.lastInputTick <= FaxWatch.DCN_GRACE_TICKS,
        "over " + (r.overAtTick - r.lastInputTick) + " ticks after the last packet");
    for (int leg = 0; leg < 2; leg++) { // no gap in either recorded stream: the ticks after each far end stopped are no loss
      assertEquals(0L, relay.legStats(leg).get("lost"), relay.legStats(leg).toString());
    }
    int framesA = ((Number) relay.legStats(MediaProcessor.LEG_A).get("t30Frames")).intValue();
    int framesB = ((Number) relay.legStats(MediaProcessor.LEG_B).get("t30Frames")).intValue();
    System.out.println("AudioRelayReplayTest: " + framesA + " control frames from leg a, " + framesB + " from leg b; "
        + r.progressChanges + " ticks changed the progress; " + report);
    for (int leg = 0; leg < 2; leg++) {
      long[] v21 = relay.v21Frames(leg);
      System.out.println("AudioRelayReplayTest: leg " + leg + ": " + v21[0] + " frames demodulated, " + v21[1]
          + " quiet ones left out");
      assertEquals(r.sent.get(1 - leg).size(), v21[0] + v21[1], "every played frame of leg " + leg + " was looked at");
    }
    assertTrue(relay.v21Frames(MediaProcessor.LEG_B)[1] > 1000,
        "the receiver is quiet during the pages, and its quiet frames are left out: " + relay.v21Frames(MediaProcessor.LEG_B)[1]);
    // the sender: TSI, DCS, PPS-MPS, PPS-MPS, PPS-EOP, DCN; the receiver: CSI, DIS, CFR, MCF x 3
    assertEquals(6, framesA, "control frames from the sender");
    assertEquals(6, framesB, "control frames from the receiver");
    assertEquals(framesA + framesB, relay.faxProgress());
    assertTrue(r.progressChanges >= 10, "progress follows the exchange: " + r.progressChanges);

    // watching changes nothing relayed: every packet as an unwatched relay sends it, µ-law to A-law included
    for (int leg = 0; leg < 2; leg++) {
      List<byte[]> out = r.sent.get(leg);
      List<byte[]> unwatched = r.sentUnwatched.get(leg);
      assertTrue(out.size() > 2000, "packets to leg " + leg + ": " + out.size());
      assertEquals(unwatched.size(), out.size(), "packets to leg " + leg);
      for (int i = 0; i < out.size(); i++) {
        assertArrayEquals(unwatched.get(i), out.get(i), "packet " + i + " to leg " + leg);
      }
    }
    for (int leg = 0; leg < 2; leg++) {
      java.util.Map<String, Object> stats = relay.legStats(leg);
      System.out.println("AudioRelayReplayTest: leg " + leg + " " + stats);
      assertEquals(r.twin.legStats(leg), stats.entrySet().stream().filter(e -> !e.getKey().equals("t30Frames"))
          .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)));
    }
  }

  @Test
  void aCallThatStopsMidPageEndsFailedInPhaseCWhenBothLegsFallSilent() throws Exception {
    RecordedFax fax = RecordedFax.load("audio-relay-v17");
    // find when page 1 was confirmed (MCF), then cut the call 2 s into page 2's image
    AudioRelay probe = watched(G711.PT_PCMU);
    int cutMs = -1;
    DatagramSink drop = (leg, buf, off, len) -> { };
    long tick = 0;
    for (int i = 0; i < fax.size() && cutMs < 0; ) {
      while (i < fax.size() && fax.millis(i) < (tick + 1) * 20) {
        probe.receive(fax.leg(i), fax.payload(i), 0, fax.payload(i).length, fax.millis(i) * 8);
        i++;
      }
      probe.tick(drop);
      tick++;
      if (probe.faxReport().pages() == 1) {
        cutMs = (int) (tick * 20) + 2000;
      }
    }
    assertTrue(cutMs > 0, "page 1 was confirmed in the recording");

    AudioRelay relay = watched(G711.PT_PCMU);
    Replay r = replay(fax, relay, cutMs, SILENCE_TICKS + 10);
    FaxReport report = relay.faxReport();
    assertTrue(relay.faxOver(), report.toString());
    assertEquals(SILENCE_TICKS, r.overAtTick - r.lastInputTick, "over after the silence timeout");
    assertFalse(report.success(), report.toString());
    assertEquals("CALL_DROPPED", report.error(), report.toString());
    assertEquals("C", report.failingPhase(), report.toString());
    assertEquals(1, report.pages(), report.toString());
    assertEquals(14400, report.rate(), report.toString());
    assertEquals("faxpeer receiver", report.remoteStationId(), report.toString());
    assertTrue(report.statusStr().contains("both legs fell silent") && report.statusStr().contains("page 2"),
        report.statusStr());
  }

  @Test
  void anUnwatchedRelayReportsNothing() throws Exception {
    RecordedFax fax = RecordedFax.load("audio-relay-v17");
    AudioRelay relay = new AudioRelay(G711.PT_PCMU, G711.PT_PCMU, DELAY_FRAMES, SEED);
    DatagramSink drop = (leg, buf, off, len) -> { };
    for (int i = 0; i < fax.size(); i++) {
      relay.receive(fax.leg(i), fax.payload(i), 0, fax.payload(i).length, fax.millis(i) * 8);
      relay.tick(drop);
    }
    assertFalse(relay.faxActivity());
    assertFalse(relay.faxOver());
    assertNull(relay.faxReport());
    assertFalse(relay.legStats(MediaProcessor.LEG_A).containsKey("t30Frames"));
  }
}
