package dev.faxgate.gateway;

import dev.faxgate.t30.FaxReport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.bench.RecordedFax;
import dev.faxgate.bench.RelayBench;
import dev.faxgate.hdlc.HdlcRx;
import dev.faxgate.modem.V21Channel;
import dev.faxgate.modem.V21Rx;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.RtpPacket;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.udptl.UdptlErrorCorrection;
import dev.faxgate.udptl.UdptlReceiver;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole gateway on recorded real faxes (3 pages, ECM, between spandsp terminals and spandsp's
 * gateway: see gateway/bench/record-relay-fax.sh): replayed tick by tick into a GatewayRelay, the
 * audio side demodulated and the T.38 side decoded, its T.30 supervisor must follow the exchange
 * from CSI/DIS to DCN and score it as faxpeer's terminals did: 3 pages at the recorded rate, ECM,
 * success. Without faxpeer, this is the gateway's end-to-end regression test.
 */
class GatewayRelayReplayTest {
  @ParameterizedTest
  @CsvSource({"audio-to-t38,v17,14400", "t38-to-audio,v17,14400", "audio-to-t38,v29,9600", "t38-to-audio,v29,9600",
      "audio-to-t38,v27ter,4800", "t38-to-audio,v27ter,4800"})
  void aRecordedFaxIsFollowedToItsEnd(String direction, String modem, int rate) throws Exception {
    RecordedFax fax = RecordedFax.load(direction, modem);
    GatewayRelay relay = RelayBench.replay(fax);
    FaxReport r = relay.faxReport();
    assertTrue(r.over(), "the fax ended: " + r);
    assertTrue(r.success(), r.toString());
    assertEquals(3, r.pages(), r.toString());
    assertEquals(rate, r.rate(), r.toString());
    assertEquals(Boolean.TRUE, r.ecmUsed(), r.toString());
    assertEquals("204x98", r.resolution(), r.toString());
    assertEquals("faxpeer receiver", r.remoteStationId(), r.toString());
    assertTrue(relay.supervisor().framesFromAudio() >= 4 && relay.supervisor().framesFromT38() >= 4,
        "control frames both ways: " + relay.supervisor().framesFromAudio() + "/" + relay.supervisor().framesFromT38());
    // the recordings have no gap in their RTP: the ticks after the audio far end stopped are no loss
    assertEquals(0L, relay.legStats(MediaProcessor.LEG_A).get("lost"), relay.legStats(MediaProcessor.LEG_A).toString());
  }

  /**
   * Issue 18, docs/impairment.md cause 6: the recorded T.38-to-audio fax (spandsp terminals, V.17,
   * ECM) with five consecutive datagrams of the T.38 sender's first PPS taken out, from the one that
   * carries its second octet. Redundancy (depth 3) brings back the last three; two octets stay lost.
   * The gateway must play that PPS to the audio receiver in its place as a frame with a bad FCS:
   * without the change it played its flags and no frame, which spandsp's receiver takes as no
   * command ("T2 expired while waiting for next fax page", bench-impairment burst3x3 seed 35).
   * Every other frame the receiver hears is the same as in the replay without loss.
   */
  @Test
  void aV21CommandWhoseOctetsALossTookIsPlayedWithABadFcsInItsPlace() throws Exception {
    RecordedFax fax = RecordedFax.load("t38-to-audio", "v17");
    List<Integer> ppsData = v21DataDatagrams(fax, 0xBE);
    assertTrue(ppsData.size() >= 6, "the PPS's octets in one IFP each: " + ppsData);
    java.util.Set<Integer> lost = new java.util.HashSet<>();
    for (int i = ppsData.get(1), n = 0; n < 5; i++) {
      if (fax.leg(i) == RecordedFax.T38) {
        lost.add(i);
        n++;
      }
    }
    GatewayRelay clean = gateway();
    List<String> heard = v21FramesHeard(replay(fax, clean, java.util.Set.of()));
    GatewayRelay damaged = gateway();
    List<String> heardWithLoss = v21FramesHeard(replay(fax, damaged, lost));
    int pps = heard.indexOf(heard.stream().filter(f -> f.matches("good:ff13b[ef].*")).findFirst().orElseThrow());
    List<String> expected = new ArrayList<>(heard);
    expected.set(pps, "bad");
    assertEquals(expected, heardWithLoss, "the PPS's place holds a bad frame; the rest as without loss");
    assertEquals(2L, damaged.legStats(MediaProcessor.LEG_B).get("ifpsMissing"));
    assertEquals(1L, damaged.legStats(MediaProcessor.LEG_A).get("damagedFramesPlayed"));
    assertEquals(0L, clean.legStats(MediaProcessor.LEG_A).get("damagedFramesPlayed"));
  }

  private static GatewayRelay gateway() {
    return new GatewayRelay(MediaProcessor.LEG_A, G711.PT_PCMU, 5,
        new T38Relay.LegConfig(0, UdptlErrorCorrection.REDUNDANCY, 3, 3, 3, 3, 3, 1400), T30Supervisor.Policy.permissive(),
        0, 18);
  }

  /** Replays the recording into {@code relay} without the datagrams at {@code skip}; what it sent toward the audio leg. */
  private static List<byte[]> replay(RecordedFax fax, GatewayRelay relay, java.util.Set<Integer> skip) {
    return replay(fax, relay, skip, 250);
  }

  /** The same, ticking {@code tailTicks} more after the last datagram. */
  private static List<byte[]> replay(RecordedFax fax, GatewayRelay relay, java.util.Set<Integer> skip, int tailTicks) {
    List<byte[]> toAudio = new ArrayList<>();
    int ticks = fax.durationMillis() / 20 + 1 + tailTicks;
    int next = 0;
    for (int tick = 0; tick < ticks; tick++) {
      for (; next < fax.size() && fax.millis(next) < (tick + 1) * 20; next++) {
        if (skip.contains(next)) {
          continue;
        }
        byte[] p = fax.payload(next);
        relay.receive(fax.leg(next) == RecordedFax.AUDIO ? MediaProcessor.LEG_A : MediaProcessor.LEG_B, p, 0, p.length,
            fax.millis(next) * 8);
      }
      relay.tick((leg, buf, off, len) -> {
        if (leg == MediaProcessor.LEG_A) {
          toAudio.add(java.util.Arrays.copyOfRange(buf, off + RtpPacket.HEADER_SIZE, off + len));
        }
      });
    }
    return toAudio;
  }

  /** Every HDLC frame V.21 carries in this audio, in order: "good:HEX" or "bad". */
  private static List<String> v21FramesHeard(List<byte[]> toAudio) {
    List<String> seq = new ArrayList<>();
    V21Rx v21 = new V21Rx(V21Channel.CH2, new HdlcRx(new dev.faxgate.hdlc.HdlcFrameHandler() {
      @Override
      public void frame(byte[] frame, int len, boolean crcOk) {
        seq.add(crcOk ? "good:" + HexFormat.of().formatHex(frame, 0, len) : "bad");
      }

      @Override
      public void status(dev.faxgate.modem.ModemStatus status) {
      }
    }));
    short[] pcm = new short[160];
    for (byte[] g711 : toAudio) {
      G711.ulawToLinear(g711, 0, pcm, 0, g711.length);
      v21.rx(pcm, 0, g711.length);
    }
    return seq;
  }

  /**
   * Where in the recording the datagrams are whose primary IFP carried hdlc-data of the first V.21
   * frame from the T.38 leg with this FCF (X bit ignored), in order.
   */
  private static List<Integer> v21DataDatagrams(RecordedFax fax, int fcf) {
    dev.faxgate.udptl.UdptlPacket pkt = new dev.faxgate.udptl.UdptlPacket();
    dev.faxgate.t38.IfpPacket ifp = new dev.faxgate.t38.IfpPacket();
    dev.faxgate.t38.HdlcFrameAssembly frame = new dev.faxgate.t38.HdlcFrameAssembly(256);
    List<Integer> seqs = new ArrayList<>();
    for (int i = 0; i < fax.size(); i++) {
      byte[] p = fax.payload(i);
      if (fax.leg(i) != RecordedFax.T38 || pkt.decode(p, 0, p.length) != dev.faxgate.udptl.UdptlPacket.OK
          || dev.faxgate.t38.IfpCodec.decode(pkt.buffer(), pkt.primaryOffset(), pkt.primaryLength(), 0, ifp)
              != dev.faxgate.t38.IfpCodec.OK
          || !ifp.isData() || ifp.dataType() != dev.faxgate.t38.T38DataType.V21) {
        continue;
      }
      for (int f = 0; f < ifp.fieldCount(); f++) {
        if (ifp.fieldLength(f) > 0) {
          frame.append(ifp.fieldArray(f), ifp.fieldOffset(f), ifp.fieldLength(f));
          seqs.add(i);
        }
        if (ifp.fieldType(f) != dev.faxgate.t38.T38FieldType.HDLC_DATA) {
          if (frame.length() >= 3 && (frame.array()[2] & 0xFE) == fcf) {
            return seqs;
          }
          frame.reset();
          seqs.clear();
        }
      }
    }
    throw new AssertionError("no V.21 frame with FCF " + Integer.toHexString(fcf) + " from the T.38 leg");
  }

  /**
   * Issue 18, docs/impairment.md cause 2: the datagrams Faxgate's gateway received in ImpairedFaxIT's
   * T.38-to-audio burst fax (seed 22, burst=0.03x3,jitter=40,reorder on the T.38 leg; its session
   * capture): the receiver's audio, and the T.38 sender's datagrams as the proxy let them through.
   * The sender's DCN went out as v21-preamble (seq 747), its octets FF C8 DF (748-750),
   * hdlc-fcs-OK-sig-end (751) and no-signal (752); a burst took everything after the preamble, and,
   * being the call's last datagrams, no later one carried them as redundancy. Before the fix the
   * gateway played flags and no frame, the audio receiver (after its MCF to PPS-EOP) waited for a
   * DCN that never came, and the gateway said FAILED "page 3 was not completed". Now the preamble,
   * 200 ms after the MCF that confirmed EOP, can only be the DCN: the gateway plays it, the
   * receiver's line carries FF 13 FB, and the fax is scored as what it was, 2 pages delivered.
   */
  @Test
  void theDcnABurstTookIsPlayedToTheAudioReceiverAndTheFaxIsScoredDelivered() throws Exception {
    RecordedFax fax = RecordedFax.load("t38-to-audio-burst-seed22");
    GatewayRelay relay = new GatewayRelay(MediaProcessor.LEG_A, G711.PT_PCMU, 5,
        new T38Relay.LegConfig(0, UdptlErrorCorrection.REDUNDANCY, 3, 3, 3, 3, 3, 1400), T30Supervisor.Policy.permissive(),
        0, 22);
    List<byte[]> toAudio = replay(fax, relay, java.util.Set.of(), 500); // and 10 s after the last datagram
    // what the audio receiver heard: every V.21 frame the gateway played
    T38ToAudioTest.Frames heard = new T38ToAudioTest.Frames();
    V21Rx v21 = new V21Rx(V21Channel.CH2, new HdlcRx(heard));
    short[] pcm = new short[160];
    for (byte[] g711 : toAudio) {
      G711.ulawToLinear(g711, 0, pcm, 0, g711.length);
      v21.rx(pcm, 0, g711.length);
    }
    List<String> frames = heard.good.stream().map(f -> HexFormat.of().formatHex(f)).toList();
    assertTrue(frames.size() >= 3, frames.toString());
    assertTrue(frames.get(frames.size() - 2).startsWith("ff13bf"), "the PPS-EOP, then " + frames);
    assertEquals("ff13fb", frames.get(frames.size() - 1), "the DCN, last: " + frames);
    assertEquals(1L, relay.legStats(MediaProcessor.LEG_A).get("dcnPlayedForLost"));
    FaxReport r = relay.faxReport();
    assertTrue(r.over(), "over once the DCN was played: " + r);
    assertTrue(r.success(), r.toString());
    assertEquals(2, r.pages(), r.toString());
  }

  /**
   * Issue 18, docs/impairment.md cause 5: the end of each signal the gateway sends toward T.38 comes back
   * when a burst of up to 7 datagrams takes it together with the first repeats of its no-signal. A recorded
   * V.17 ECM fax from the audio side is replayed (the T.38 side's answers are not fed, so nothing stops the
   * repeats but the audio side's next signal); of the gateway's T.38 output, each HDLC signal's sig-end, its
   * no-signal and up to 5 no-signal repeats after them are dropped (the burst of 7 that took them in
   * ImpairedFaxIT's seed-22 fax with 3 and with 5 fixed repeats). A UDPTL receiver gets the rest as they
   * are sent, and every dropped IFP must reach it within 32 ticks (640 ms, inside the 1 s a T.38 terminal
   * has left of its 3 s T4A after a long V.21 frame), from the redundancy of the next repeat. Without the
   * repeats it comes only when the audio side speaks again, seconds later for the answers.
   */
  @Test
  void theEndOfASignalThatABurstOfSevenTookComesBackWithinThirtyTwoTicks() throws Exception {
    RecordedFax fax = RecordedFax.load("audio-to-t38", "v17");
    GatewayRelay relay = new GatewayRelay(MediaProcessor.LEG_A, G711.PT_PCMU, 5,
        new T38Relay.LegConfig(0, UdptlErrorCorrection.REDUNDANCY, 3, 3, 3, 3, 3, 1400), T30Supervisor.Policy.permissive(),
        0, 18);
    List<byte[]> sent = new ArrayList<>();
    List<Integer> sentAt = new ArrayList<>();
    int ticks = fax.durationMillis() / 20 + 1;
    int next = 0;
    for (int tick = 0; tick < ticks; tick++) {
      for (; next < fax.size() && fax.millis(next) < (tick + 1) * 20; next++) {
        if (fax.leg(next) == RecordedFax.AUDIO) {
          byte[] p = fax.payload(next);
          relay.receive(MediaProcessor.LEG_A, p, 0, p.length, fax.millis(next) * 8);
        }
      }
      int now = tick;
      relay.tick((leg, buf, off, len) -> {
        if (leg == MediaProcessor.LEG_B) {
          sent.add(java.util.Arrays.copyOfRange(buf, off, off + len));
          sentAt.add(now);
        }
      });
    }
    // the primaries, read back
    dev.faxgate.t38.IfpPacket ifp = new dev.faxgate.t38.IfpPacket();
    List<String> primaries = new ArrayList<>();
    UdptlReceiver reader = new UdptlReceiver(0, (seq, buf, off, len) -> {
      dev.faxgate.t38.IfpCodec.decode(buf, off, len, 0, ifp);
      primaries.add(ifp.toString());
    });
    for (byte[] d : sent) {
      reader.rx(d, 0, d.length);
    }
    // the bursts: each HDLC sig-end with the no-signal after it and up to 5 repeats of that no-signal (a TCF's
    // t4-non-ecm-sig-end carries its last octets: image data, 3 deep, as every non-ECM IFP)
    java.util.Set<Integer> dropped = new java.util.TreeSet<>();
    int longest = 0;
    for (int i = 1; i < primaries.size(); i++) {
      if (primaries.get(i).contains("no-signal") && primaries.get(i - 1).contains("hdlc-sig-end")) {
        int j = i - 1;
        for (; j < primaries.size() && j < i + 6 && (j < i || primaries.get(j).contains("no-signal")); j++) {
          dropped.add(j);
        }
        longest = Math.max(longest, j - (i - 1));
      }
    }
    assertTrue(dropped.size() >= 30 && longest == 7, "a 3-page ECM fax ends several signals: " + dropped);
    int[] deliveredAt = new int[sent.size()];
    java.util.Arrays.fill(deliveredAt, -1);
    int[] clock = {0};
    UdptlReceiver far = new UdptlReceiver(0, (seq, buf, off, len) -> deliveredAt[seq] = clock[0]);
    for (int i = 0; i < sent.size(); i++) {
      if (!dropped.contains(i)) {
        clock[0] = sentAt.get(i);
        far.rx(sent.get(i), 0, sent.get(i).length);
      }
    }
    for (int i : dropped) {
      assertTrue(deliveredAt[i] >= 0 && deliveredAt[i] - sentAt.get(i) <= 32, "datagram " + i + " (" + primaries.get(i)
          + ", sent at tick " + sentAt.get(i) + ") reached the far end at tick " + deliveredAt[i]);
    }
    long repeats = (Long) relay.legStats(MediaProcessor.LEG_B).get("noSignalRepeated");
    assertTrue(repeats > 0, "repeats counted: " + repeats);
  }
}
