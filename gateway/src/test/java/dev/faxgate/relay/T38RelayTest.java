package dev.faxgate.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.t30.BitOrder;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38DataType;
import dev.faxgate.t38.T38FieldType;
import dev.faxgate.t38.T38Indicator;
import dev.faxgate.udptl.UdptlErrorCorrection;
import dev.faxgate.udptl.UdptlPacket;
import dev.faxgate.udptl.UdptlReceiver;
import dev.faxgate.udptl.UdptlSender;
import dev.faxgate.testutil.SteadyStateAllocation;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * T38Relay in memory: T.38 version 0 with redundancy in, version 3 with parity FEC out; a lost
 * datagram comes back from the redundancy, and every IFP leaves once, in order, with the same content.
 * Its T.30 watch reads control frames out of the IFPs without changing a bit, drops the ones T.38
 * says are bad or that lost IFPs cut, and allocates nothing per datagram.
 */
class T38RelayTest {

  private static List<IfpPacket> ifps() {
    byte[] dis = {(byte) 0xFF, 0x13, (byte) 0x80, 0x00, (byte) 0xEE, (byte) 0xF8, (byte) 0x80};
    byte[] image = new byte[120];
    Arrays.fill(image, (byte) 0x5A);
    return List.of(
        new IfpPacket().setIndicator(T38Indicator.CED),
        new IfpPacket().setIndicator(T38Indicator.V21_PREAMBLE),
        new IfpPacket().setData(T38DataType.V21).addField(T38FieldType.HDLC_DATA, dis, 0, dis.length),
        new IfpPacket().setData(T38DataType.V21).addField(T38FieldType.HDLC_FCS_OK_SIG_END),
        new IfpPacket().setIndicator(T38Indicator.V17_14400_LONG_TRAINING),
        new IfpPacket().setData(T38DataType.V17_14400).addField(T38FieldType.T4_NON_ECM_DATA, image, 0, image.length),
        new IfpPacket().setData(T38DataType.V17_14400).addField(T38FieldType.T4_NON_ECM_SIG_END, image, 0, 40),
        new IfpPacket().setIndicator(T38Indicator.NO_SIGNAL));
  }

  @Test
  void translatesVersionAndErrorRecoveryAndRecoversALoss() {
    T38Relay relay = new T38Relay(
        new T38Relay.LegConfig(0, UdptlErrorCorrection.REDUNDANCY, 3, 3, 3, 3, 3, 1400),
        new T38Relay.LegConfig(3, UdptlErrorCorrection.FEC, 3, 3, 3, 2, 2, 1400));
    List<IfpPacket> sent = ifps();
    UdptlSender farA = new UdptlSender().setErrorCorrection(UdptlErrorCorrection.REDUNDANCY).setRedundancyDepth(3);
    byte[] ifp = new byte[512];
    byte[] datagram = new byte[2048];
    List<byte[]> out = new ArrayList<>();
    DatagramSink sink = (leg, buf, off, len) -> {
      assertEquals(MediaProcessor.LEG_B, leg);
      out.add(Arrays.copyOfRange(buf, off, off + len));
    };
    for (int i = 0; i < sent.size(); i++) {
      int n = IfpCodec.encode(sent.get(i), 0, ifp, 0);
      int d = farA.build(ifp, 0, n, datagram, 0);
      if (i != 3) { // the fcs-OK-sig-end datagram is lost on the way
        relay.receive(MediaProcessor.LEG_A, datagram, 0, d, 0);
      }
      relay.tick(sink);
    }
    assertEquals(sent.size(), out.size(), "one datagram per IFP, the lost one included");
    List<IfpPacket> received = new ArrayList<>();
    UdptlReceiver farB = new UdptlReceiver(3, (seq, buf, off, len) -> {
      IfpPacket p = new IfpPacket();
      assertEquals(IfpCodec.OK, IfpCodec.decode(Arrays.copyOfRange(buf, off, off + len), 0, len, 3, p));
      received.add(p);
    });
    UdptlPacket view = new UdptlPacket(UdptlPacket.DEFAULT_MAX_SECONDARIES);
    for (byte[] d : out) {
      assertEquals(UdptlPacket.OK, view.decode(d, 0, d.length));
      assertTrue(view.isFec() || view.seq() < 2, "FEC on leg b (it winds up over the first datagrams)");
      farB.rx(d, 0, d.length);
    }
    farB.flush();
    assertEquals(sent.size(), received.size());
    for (int i = 0; i < sent.size(); i++) {
      assertTrue(sent.get(i).sameContent(received.get(i)), i + ": " + sent.get(i) + " vs " + received.get(i));
    }
    assertEquals(1L, relay.legStats(MediaProcessor.LEG_A).get("recoveredRedundancy"));
    assertEquals(0L, relay.legStats(MediaProcessor.LEG_A).get("lost"));
  }

  private static final T38Relay.LegConfig V0_NONE = new T38Relay.LegConfig(0, UdptlErrorCorrection.NONE, 0, 0, 0, 3, 3, 1400);

  /** A V.21 IFP carrying {@code hdlc} (HDLC order, hex) as hdlc-data in T.38 order, then {@code end} (or nothing). */
  private static IfpPacket v21(String hdlc, T38FieldType end) {
    byte[] t38 = BitOrder.reversedCopy(HexFormat.of().parseHex(hdlc.replace(" ", "")));
    IfpPacket p = new IfpPacket().setData(T38DataType.V21);
    if (t38.length > 0) {
      p.addField(T38FieldType.HDLC_DATA, t38, 0, t38.length);
    }
    return end == null ? p : p.addField(end);
  }

  /** Leg a's far end: sends IFPs (version 0, no error recovery) to the relay, some lost on the way. */
  private static final class FarEnd {
    final UdptlSender sender = new UdptlSender().setErrorCorrection(UdptlErrorCorrection.NONE);
    final byte[] ifp = new byte[512];
    final byte[] datagram = new byte[2048];
    final List<byte[]> relayed = new ArrayList<>();
    final List<byte[]> sent = new ArrayList<>();
    final DatagramSink sink = (leg, buf, off, len) -> relayed.add(Arrays.copyOfRange(buf, off, off + len));

    void send(T38Relay relay, IfpPacket p, boolean lost) {
      int n = IfpCodec.encode(p, 0, ifp, 0);
      int d = sender.build(ifp, 0, n, datagram, 0);
      if (!lost) {
        sent.add(Arrays.copyOf(ifp, n));
        relay.receive(MediaProcessor.LEG_A, datagram, 0, d, 0);
      }
      relay.tick(sink);
    }
  }

  @Test
  void controlFramesAreScoredAndPassOnUnchanged() {
    T38Relay relay = new T38Relay(V0_NONE, V0_NONE, 0);
    FarEnd far = new FarEnd();
    far.send(relay, new IfpPacket().setIndicator(T38Indicator.V21_PREAMBLE), false);
    assertTrue(relay.faxActivity());
    // NSF and a DIS with the V.8 bit: a gateway would edit both; the relay passes them as they came
    far.send(relay, v21("ff 03 20 ad 00 59 01 02", T38FieldType.HDLC_FCS_OK), false);
    far.send(relay, v21("ff 13 80 20 ee", null), false); // the DIS in two IFPs
    far.send(relay, v21("84 44", T38FieldType.HDLC_FCS_OK_SIG_END), false);
    T30Supervisor s = relay.watch().supervisor();
    assertEquals(2, s.frames(T30Supervisor.Side.LEG_A));
    assertEquals(T30Supervisor.Phase.B, s.phase());
    assertEquals(2L, relay.faxProgress());
    List<byte[]> out = new ArrayList<>();
    UdptlReceiver farB = new UdptlReceiver(0, (seq, buf, off, len) -> out.add(Arrays.copyOfRange(buf, off, off + len)));
    far.relayed.forEach(d -> farB.rx(d, 0, d.length));
    assertEquals(far.sent.size(), out.size());
    for (int i = 0; i < out.size(); i++) {
      assertArrayEquals(far.sent.get(i), out.get(i), "IFP " + i + " passes byte for byte");
    }
    assertEquals(2, ((Number) relay.legStats(MediaProcessor.LEG_A).get("t30Frames")).intValue());
    assertEquals(0, ((Number) relay.legStats(MediaProcessor.LEG_B).get("t30Frames")).intValue());
  }

  @Test
  void framesThatT38SaysAreBadOrThatLostIfpsCutAreNotScored() {
    T38Relay relay = new T38Relay(V0_NONE, V0_NONE, 0);
    FarEnd far = new FarEnd();
    String dcs = "ff 13 83 00 e2 00"; // DCS: V.17 14400
    far.send(relay, new IfpPacket().setIndicator(T38Indicator.V21_PREAMBLE), false);
    far.send(relay, v21(dcs, T38FieldType.HDLC_FCS_BAD), false); // closed bad
    far.send(relay, v21("ff 13", null), false);
    far.send(relay, v21("83 00", null), true); // lost: no redundancy to bring it back
    far.send(relay, v21("e2 00", T38FieldType.HDLC_FCS_OK), false);
    far.send(relay, v21("ff 13 83", null), false);
    far.send(relay, new IfpPacket().setIndicator(T38Indicator.NO_SIGNAL), false); // carrier gone mid-frame
    far.send(relay, v21("00 e2 00", T38FieldType.HDLC_FCS_OK_SIG_END), false);
    T30Supervisor s = relay.watch().supervisor();
    assertNull(s.rate(), "no DCS was scored");
    assertEquals(0, s.frames());
    // the same DCS whole, in three IFPs: scored
    far.send(relay, new IfpPacket().setIndicator(T38Indicator.V21_PREAMBLE), false);
    far.send(relay, v21("ff 13", null), false);
    far.send(relay, v21("83 00", null), false);
    far.send(relay, v21("e2 00", T38FieldType.HDLC_FCS_OK_SIG_END), false);
    assertEquals(dev.faxgate.t30.DataRate.V17_14400, s.rate());
    assertEquals(1, s.frames());
    assertFalse(relay.faxOver());
  }

  @Test
  void theRelayAndItsWatchAllocateNothingPerDatagram() {
    T38Relay relay = new T38Relay(new T38Relay.LegConfig(0, UdptlErrorCorrection.REDUNDANCY, 3, 3, 3, 3, 3, 1400),
        new T38Relay.LegConfig(3, UdptlErrorCorrection.FEC, 3, 3, 3, 3, 3, 1400), 1500);
    // one non-ECM page after another: training, 40 IFPs of rows, the end of the data, then MPS on V.21
    // from leg a, answered by MCF from leg b (the scorer counts a page; the frames it parses with objects,
    // DCS, identities, PPS, come a few times per fax and are left out)
    byte[] rows = new byte[180];
    Arrays.fill(rows, (byte) 0x3C);
    List<IfpPacket> page = new ArrayList<>();
    page.add(new IfpPacket().setIndicator(T38Indicator.V17_14400_SHORT_TRAINING));
    for (int i = 0; i < 40; i++) {
      page.add(new IfpPacket().setData(T38DataType.V17_14400).addField(T38FieldType.T4_NON_ECM_DATA, rows, 0, rows.length));
    }
    page.add(new IfpPacket().setData(T38DataType.V17_14400).addField(T38FieldType.T4_NON_ECM_SIG_END, rows, 0, 20));
    page.add(new IfpPacket().setIndicator(T38Indicator.V21_PREAMBLE));
    page.add(v21("ff 13 4f", null)); // MPS, its frame and its end in two IFPs
    page.add(v21("", T38FieldType.HDLC_FCS_OK_SIG_END));
    page.add(new IfpPacket().setIndicator(T38Indicator.NO_SIGNAL));
    List<IfpPacket> answer = List.of(new IfpPacket().setIndicator(T38Indicator.V21_PREAMBLE),
        v21("ff 13 8c", T38FieldType.HDLC_FCS_OK_SIG_END), new IfpPacket().setIndicator(T38Indicator.NO_SIGNAL));
    byte[][] ifpsA = encode(page, 0);
    byte[][] ifpsB = encode(answer, 3);
    UdptlSender farA = new UdptlSender().setErrorCorrection(UdptlErrorCorrection.REDUNDANCY).setRedundancyDepth(3);
    UdptlSender farB = new UdptlSender().setErrorCorrection(UdptlErrorCorrection.REDUNDANCY).setRedundancyDepth(3);
    byte[] datagram = new byte[2048];
    DatagramSink drop = (leg, buf, off, len) -> { };
    int cycle = ifpsA.length + ifpsB.length;
    int[] step = new int[1];
    Runnable oneDatagram = () -> {
      int k = step[0]++ % cycle;
      if (k < ifpsA.length) {
        int d = farA.build(ifpsA[k], 0, ifpsA[k].length, datagram, 0);
        relay.receive(MediaProcessor.LEG_A, datagram, 0, d, 0);
      } else {
        byte[] ifp = ifpsB[k - ifpsA.length];
        int d = farB.build(ifp, 0, ifp.length, datagram, 0);
        relay.receive(MediaProcessor.LEG_B, datagram, 0, d, 0);
      }
      relay.tick(drop);
    };
    for (int i = 0; i < cycle; i++) {
      oneDatagram.run();
    }
    assertEquals(1, relay.faxReport().pages(), "MPS answered by MCF: a page");
    SteadyStateAllocation a = SteadyStateAllocation.measure(oneDatagram, 20_000, 8_000);
    assertTrue(relay.faxReport().pages() > 500, "pages scored: " + relay.faxReport().pages());
    assertEquals(0L, relay.legStats(MediaProcessor.LEG_A).get("lost"));
    assertEquals(0L, relay.legStats(MediaProcessor.LEG_A).get("untranslatable"));
    assertTrue(a.allButOneWindowBelow(1024), a.toString());
  }

  private static byte[][] encode(List<IfpPacket> ifps, int version) {
    byte[][] out = new byte[ifps.size()][];
    byte[] buf = new byte[512];
    for (int i = 0; i < out.length; i++) {
      int n = IfpCodec.encode(ifps.get(i), version, buf, 0);
      assertTrue(n > 0, ifps.get(i) + ": " + IfpCodec.describe(n));
      out[i] = Arrays.copyOf(buf, n);
    }
    return out;
  }
}
