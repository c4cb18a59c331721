package dev.faxgate.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.bench.RecordedFax;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.udptl.UdptlErrorCorrection;
import dev.faxgate.udptl.UdptlReceiver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * T38Relay on a recorded real fax (gateway/bench/record-t38-relay-fax.sh: faxpeer t38-send and
 * t38-recv straight to each other, 3 pages, V.17 14400, ECM, T.38 version 0 with redundancy, every
 * UDPTL datagram both ways at its time). Replayed tick by tick into the relay, each leg's datagrams
 * on its own leg, the relay must score the fax as faxpeer's terminals did (SUCCESS, 3 pages, 14400,
 * ECM, the receiver's CSI "faxpeer receiver") and end it on DCN, while passing every IFP on with
 * exactly the bytes it came with.
 */
class T38RelayReplayTest {
  private static final T38Relay.LegConfig V0_REDUNDANCY =
      new T38Relay.LegConfig(0, UdptlErrorCorrection.REDUNDANCY, 3, 3, 3, 3, 3, 1400);
  private static final T38Relay.LegConfig V3_FEC = new T38Relay.LegConfig(3, UdptlErrorCorrection.FEC, 3, 3, 3, 3, 3, 1400);
  /** The relay's silence timeout in these tests: 30 s, the node's default media.silence_seconds. */
  private static final long SILENCE_TICKS = 30 * 50;

  /** One datagram arriving on a leg at a time. */
  private record Datagram(int millis, int leg, byte[] payload) {}

  /** The recording as it is. */
  private static List<Datagram> recorded(RecordedFax fax) {
    List<Datagram> all = new ArrayList<>();
    for (int i = 0; i < fax.size(); i++) {
      all.add(new Datagram(fax.millis(i), fax.leg(i), fax.payload(i)));
    }
    return all;
  }

  /**
   * The recording with leg b's far end speaking T.38 version 3 (2002 ASN.1) with redundancy: each of
   * its IFPs re-encoded, sent when the recorded one arrived (repeats, which carry nothing new, left out).
   */
  private static List<Datagram> legBInVersion3(RecordedFax fax) {
    List<Datagram> all = new ArrayList<>();
    dev.faxgate.udptl.UdptlSender v3 = new dev.faxgate.udptl.UdptlSender()
        .setErrorCorrection(UdptlErrorCorrection.REDUNDANCY).setRedundancyDepth(3);
    IfpPacket p = new IfpPacket();
    byte[] ifp = new byte[2048];
    byte[] datagram = new byte[4096];
    int[] now = new int[1];
    UdptlReceiver v0 = new UdptlReceiver(0, (seq, buf, off, len) -> {
      assertEquals(IfpCodec.OK, IfpCodec.decode(buf, off, len, 0, p));
      int n = IfpCodec.encode(p, 3, ifp, 0);
      int d = v3.build(ifp, 0, n, datagram, 0);
      all.add(new Datagram(now[0], RecordedFax.LEG_B, Arrays.copyOf(datagram, d)));
    });
    for (int i = 0; i < fax.size(); i++) {
      if (fax.leg(i) == RecordedFax.LEG_B) {
        now[0] = fax.millis(i);
        v0.rx(fax.payload(i), 0, fax.payload(i).length);
      } else {
        all.add(new Datagram(fax.millis(i), fax.leg(i), fax.payload(i)));
      }
    }
    return all;
  }

  /** What the relay sent to each leg, and when the fax was over. */
  private static final class Replay {
    final List<List<byte[]>> sent = List.of(new ArrayList<>(), new ArrayList<>());
    long ticks;
    long overAtTick = -1;
    /** Ticks run before the last datagram arrived (as the processing verticle counts a leg's silence). */
    long lastInputTick;
    boolean overBeforeLastInput;
    long progressChanges;
  }

  /**
   * Feeds the datagrams recorded before {@code untilMs} to the relay, each in the tick of its time,
   * then ticks on until the fax is over (or {@code maxExtraTicks} more have passed).
   */
  private static Replay replay(List<Datagram> fax, T38Relay relay, int untilMs, long maxExtraTicks) {
    Replay r = new Replay();
    DatagramSink sink = (leg, buf, off, len) -> r.sent.get(leg).add(Arrays.copyOfRange(buf, off, off + len));
    int i = 0;
    long progress = relay.faxProgress();
    while (true) {
      long end = (r.ticks + 1) * 20;
      boolean fed = false;
      while (i < fax.size() && fax.get(i).millis() < end && fax.get(i).millis() < untilMs) {
        byte[] p = fax.get(i).payload();
        relay.receive(fax.get(i).leg(), p, 0, p.length, 0);
        i++;
        fed = true;
      }
      if (fed) {
        r.lastInputTick = r.ticks;
        r.overBeforeLastInput |= r.overAtTick >= 0;
      }
      relay.tick(sink);
      r.ticks++;
      if (relay.faxProgress() != progress) {
        progress = relay.faxProgress();
        r.progressChanges++;
      }
      if (r.overAtTick < 0 && relay.faxOver()) {
        r.overAtTick = r.ticks;
      }
      boolean inputLeft = i < fax.size() && fax.get(i).millis() < untilMs;
      if (!inputLeft && (r.overAtTick >= 0 || r.ticks - r.lastInputTick > maxExtraTicks)) {
        return r;
      }
    }
  }

  /** The IFPs a far end would take out of {@code datagrams} (T.38 version {@code version}), in sequence order, once each. */
  private static List<byte[]> ifps(List<byte[]> datagrams, int version) {
    List<byte[]> out = new ArrayList<>();
    UdptlReceiver rx = new UdptlReceiver(version, (seq, buf, off, len) -> out.add(Arrays.copyOfRange(buf, off, off + len)));
    for (byte[] d : datagrams) {
      rx.rx(d, 0, d.length);
    }
    rx.flush();
    return out;
  }

  /** The datagrams that arrived on {@code leg}. */
  private static List<byte[]> input(List<Datagram> fax, int leg) {
    return fax.stream().filter(d -> d.leg() == leg).map(Datagram::payload).toList();
  }

  @Test
  void aRecordedT38FaxIsScoredAsTheTerminalsReportedItAndEndsOnDcn() throws Exception {
    List<Datagram> fax = recorded(RecordedFax.load("t38-relay-v17"));
    T38Relay relay = new T38Relay(V0_REDUNDANCY, V0_REDUNDANCY, SILENCE_TICKS);
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

    // over on DCN, as a gateway: the grace after it, not the silence timeout
    assertFalse(r.overBeforeLastInput, "not over while the call still carried datagrams");
    assertTrue(r.overAtTick - r.lastInputTick <= FaxWatch.DCN_GRACE_TICKS,
        "over " + (r.overAtTick - r.lastInputTick) + " ticks after the last datagram");
    int framesA = ((Number) relay.legStats(MediaProcessor.LEG_A).get("t30Frames")).intValue();
    int framesB = ((Number) relay.legStats(MediaProcessor.LEG_B).get("t30Frames")).intValue();
    System.out.println("T38RelayReplayTest: " + framesA + " control frames from leg a, " + framesB + " from leg b; "
        + r.progressChanges + " ticks changed the progress; " + report);
    // the sender: TSI, DCS, PPS-MPS, PPS-MPS, PPS-EOP, DCN; the receiver: CSI, DIS, CFR, MCF x 3
    assertEquals(6, framesA, "control frames from the sender");
    assertEquals(6, framesB, "control frames from the receiver");
    assertEquals(framesA + framesB, relay.faxProgress());
    assertTrue(r.progressChanges >= 10, "progress follows the exchange: " + r.progressChanges);

    // a pure relay: every IFP leaves with the bytes it came with, in order, once
    for (int leg = 0; leg < 2; leg++) {
      List<byte[]> in = ifps(input(fax, leg), 0);
      List<byte[]> out = ifps(r.sent.get(1 - leg), 0);
      assertTrue(in.size() > (leg == 0 ? 900 : 50), "IFPs from leg " + leg + ": " + in.size());
      assertEquals(in.size(), out.size(), "IFPs from leg " + leg);
      for (int i = 0; i < in.size(); i++) {
        assertArrayEquals(in.get(i), out.get(i), "IFP " + i + " from leg " + leg);
      }
    }
    assertEquals(0L, relay.legStats(MediaProcessor.LEG_A).get("lost"));
    assertEquals(0L, relay.legStats(MediaProcessor.LEG_B).get("lost"));
  }

  @Test
  void theScoreIsTheSameWhenLegBSpeaksVersion3WithFec() throws Exception {
    List<Datagram> fax = legBInVersion3(RecordedFax.load("t38-relay-v17"));
    T38Relay relay = new T38Relay(V0_REDUNDANCY, V3_FEC, SILENCE_TICKS);
    Replay r = replay(fax, relay, Integer.MAX_VALUE, 10 * 50);
    FaxReport report = relay.faxReport();
    assertTrue(report.over() && report.success(), report.toString());
    assertEquals(3, report.pages(), report.toString());
    assertEquals(14400, report.rate(), report.toString());
    assertEquals("faxpeer receiver", report.remoteStationId(), report.toString());
    List<byte[]> in = ifps(input(fax, RecordedFax.LEG_A), 0);
    List<byte[]> out = ifps(r.sent.get(MediaProcessor.LEG_B), 3);
    assertEquals(in.size(), out.size());
    IfpPacket a = new IfpPacket();
    IfpPacket b = new IfpPacket();
    for (int i = 0; i < in.size(); i++) {
      assertEquals(IfpCodec.OK, IfpCodec.decode(in.get(i), 0, in.get(i).length, 0, a));
      assertEquals(IfpCodec.OK, IfpCodec.decode(out.get(i), 0, out.get(i).length, 3, b));
      assertTrue(a.sameContent(b), i + ": " + a + " vs " + b);
    }
  }

  @Test
  void aCallThatStopsMidPageEndsFailedInPhaseCWhenBothLegsFallSilent() throws Exception {
    List<Datagram> fax = recorded(RecordedFax.load("t38-relay-v17"));
    // find when page 1 was confirmed (MCF), then cut the call 2 s into page 2's image
    T38Relay probe = new T38Relay(V0_REDUNDANCY, V0_REDUNDANCY, SILENCE_TICKS);
    int cutMs = -1;
    DatagramSink drop = (leg, buf, off, len) -> { };
    for (int i = 0; i < fax.size() && cutMs < 0; i++) {
      byte[] p = fax.get(i).payload();
      probe.receive(fax.get(i).leg(), p, 0, p.length, 0);
      probe.tick(drop);
      if (probe.faxReport().pages() == 1) {
        cutMs = fax.get(i).millis() + 2000;
      }
    }
    assertTrue(cutMs > 0, "page 1 was confirmed in the recording");

    T38Relay relay = new T38Relay(V0_REDUNDANCY, V0_REDUNDANCY, SILENCE_TICKS);
    Replay r = replay(fax, relay, cutMs, SILENCE_TICKS + 10);
    FaxReport report = relay.faxReport();
    assertTrue(relay.faxOver(), report.toString());
    assertEquals(SILENCE_TICKS, r.overAtTick - r.lastInputTick, "over after the silence timeout");
    assertFalse(report.success(), report.toString());
    assertEquals("CALL_DROPPED", report.error(), report.toString());
    assertEquals("C", report.failingPhase(), report.toString());
    assertEquals(1, report.pages(), report.toString());
    assertEquals(14400, report.rate(), report.toString());
    assertTrue(report.statusStr().contains("both legs fell silent") && report.statusStr().contains("page 2"),
        report.statusStr());
  }
}
