// Exercises UdptlReceiver recovery: lost primaries (single and bursts) come back from redundancy and, separately, from FEC parity (padding trimmed), each once and in order; unrecoverable losses, duplicates, malformed datagrams, restarts and the sequence wrap are counted.
package dev.faxgate.udptl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faxgate.t38.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UdptlReceiverTest {
  private final UdptlStreams.Sink sink = new UdptlStreams.Sink();
  private final UdptlReceiver rx = new UdptlReceiver(3, sink);

  private void feed(List<byte[]> datagrams, Set<Integer> drop) {
    for (int i = 0; i < datagrams.size(); i++) {
      if (!drop.contains(i)) {
        byte[] d = datagrams.get(i);
        assertEquals(UdptlPacket.OK, rx.rx(d, 0, d.length));
      }
    }
  }

  /** Every IFP handed on is the one sent with that number, in order, each once. */
  private void assertDeliveredAllBut(List<byte[]> ifps, Set<Integer> lost) {
    List<Integer> expect = IntStream.range(0, ifps.size()).filter(i -> !lost.contains(i))
        .boxed().collect(Collectors.toList());
    assertEquals(expect, sink.seqs);
    for (int k = 0; k < sink.seqs.size(); k++) {
      assertArrayEquals(ifps.get(sink.seqs.get(k)), sink.ifps.get(k), "seq " + sink.seqs.get(k));
    }
    assertEquals(lost.size(), rx.lost());
  }

  @Test
  void redundancyRecoversSinglesAndBursts() {
    List<byte[]> ifps = UdptlStreams.ifps(100, 3, 1);
    List<byte[]> dg = UdptlStreams.datagrams(new UdptlSender().setRedundancyDepth(3), ifps);
    feed(dg, Set.of(10, 20, 35, 50, 51, 52, 97, 98));
    assertDeliveredAllBut(ifps, Set.of());
    assertEquals(8, rx.recoveredByRedundancy());
    assertEquals(0, rx.recoveredByFec());
    assertEquals(92, rx.received());
    assertEquals(100, rx.delivered());
  }

  @Test
  void burstLongerThanTheRedundancyIsPartlyLost() {
    List<byte[]> ifps = UdptlStreams.ifps(80, 3, 2);
    List<byte[]> dg = UdptlStreams.datagrams(new UdptlSender().setRedundancyDepth(3), ifps);
    // 60..64 lost; 65 carries 64, 63, 62: 60 and 61 are gone for good
    feed(dg, Set.of(60, 61, 62, 63, 64));
    assertDeliveredAllBut(ifps, Set.of(60, 61));
    assertEquals(3, rx.recoveredByRedundancy());
    assertEquals(2, rx.lost());
  }

  @Test
  void fecRecoversSinglesAndInterleavedBursts() {
    List<byte[]> ifps = UdptlStreams.ifps(200, 3, 3);
    UdptlSender tx = new UdptlSender().setErrorCorrection(UdptlErrorCorrection.FEC).setFec(3, 3);
    // 30..32: entries 0, 1, 2 of datagram 33 each miss exactly one of them
    feed(UdptlStreams.datagrams(tx, ifps), Set.of(5, 15, 30, 31, 32, 60, 90, 150, 151, 152, 198));
    assertDeliveredAllBut(ifps, Set.of());
    assertEquals(11, rx.recoveredByFec());
    assertEquals(0, rx.recoveredByRedundancy());
    assertEquals(0, rx.fecFailed());
  }

  @Test
  void fecUnrecoverableLossIsCounted() {
    List<byte[]> ifps = UdptlStreams.ifps(60, 3, 4);
    UdptlSender tx = new UdptlSender().setErrorCorrection(UdptlErrorCorrection.FEC).setFec(2, 1);
    // span 2, 1 entry: datagram f carries {f-2, f-1}, the only parity ever sent for that pair.
    // 20, 21 and 22 (which carried {20, 21}) are lost: 23 has {21, 22}, both missing, and nothing
    // left can cover 20, which is given up; 21 waits, since 22 is still within reach.
    // 24 rebuilds 22 from {22, 23}, then 23's entry rebuilds 21 (a chain).
    feed(UdptlStreams.datagrams(tx, ifps), Set.of(20, 21, 22));
    assertDeliveredAllBut(ifps, Set.of(20));
    assertEquals(2, rx.recoveredByFec());
    assertEquals(1, rx.lost());
  }

  @Test
  void fecChainRepairsABurst() {
    List<byte[]> ifps = UdptlStreams.ifps(60, 3, 4);
    UdptlSender tx = new UdptlSender().setErrorCorrection(UdptlErrorCorrection.FEC).setFec(3, 1);
    // span 3, 1 entry: 20 and 21 lost; 22 and 23 each miss two; 24 rebuilds 21 from {21, 22, 23},
    // then 22's entry {19, 20, 21} rebuilds 20, which was held meanwhile
    feed(UdptlStreams.datagrams(tx, ifps), Set.of(20, 21));
    assertDeliveredAllBut(ifps, Set.of());
    assertEquals(2, rx.recoveredByFec());
  }

  @Test
  void faxpeerKnownAnswerWithoutSeq1And4() {
    // faxpeer udptl-selftest: p1 comes from seq 2's entry (p0^p1); p4 from seq 5's second entry
    // (p2^p4), which gives 00 and six zero octets of padding: the IFP 00 ends after one octet
    UdptlReceiver v0 = new UdptlReceiver(0, sink);
    for (int i : new int[] {0, 2, 3, 5}) {
      byte[] d = Hex.bytes(UdptlPacketTest.FAXPEER_FEC_2X2[i]);
      assertEquals(UdptlPacket.OK, v0.rx(d, 0, d.length));
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5), sink.seqs);
    String[] ifps = {"02", "06", "C0 01 80 00 01 AB CD", "08", "00", "02"};
    for (int i = 0; i < 6; i++) {
      assertEquals(Hex.norm(ifps[i]), Hex.of(sink.ifps.get(i)));
    }
    assertEquals(2, v0.recoveredByFec());
    assertEquals(1, v0.fecTrimmed());
    assertEquals(0, v0.lost());
  }

  @Test
  void gapsWaitingForFecAreGivenUpByFlush() {
    List<byte[]> ifps = UdptlStreams.ifps(23, 3, 5);
    UdptlSender tx = new UdptlSender().setErrorCorrection(UdptlErrorCorrection.FEC).setFec(3, 1);
    feed(UdptlStreams.datagrams(tx, ifps), Set.of(20, 21));
    assertEquals(20, sink.seqs.size()); // 22 is held: a later datagram might still rebuild 20, 21
    rx.flush();
    assertDeliveredAllBut(ifps, Set.of(20, 21));
  }

  /** Issue 18: with a time bound, an IFP held behind a gap waits that long after it came, then the gap is given up. */
  @Test
  void aGapIsGivenUpWhenTheIfpBehindItHasWaitedTheGapWait() {
    List<byte[]> ifps = UdptlStreams.ifps(23, 3, 5);
    List<byte[]> dg = UdptlStreams.datagrams(new UdptlSender().setErrorCorrection(UdptlErrorCorrection.FEC).setFec(3, 1),
        ifps);
    rx.setGapWait(200);
    for (int i = 0; i < dg.size(); i++) {
      if (i != 20 && i != 21) {
        rx.rx(dg.get(i), 0, dg.get(i).length, 1000);
      }
    }
    assertEquals(20, sink.seqs.size(), "22 is held: a later datagram might still rebuild 20, 21");
    rx.poll(1199);
    assertEquals(20, sink.seqs.size(), "199 ms: still held");
    rx.poll(1200);
    assertDeliveredAllBut(ifps, Set.of(20, 21));
  }

  /** The datagram that fills the gap comes within the wait (reordered): everything is played, in order. */
  @Test
  void aFillThatComesWithinTheGapWaitIsUsedAndOneAfterItIsLate() {
    List<byte[]> ifps = UdptlStreams.ifps(23, 3, 5);
    UdptlSender fec = new UdptlSender().setErrorCorrection(UdptlErrorCorrection.FEC).setFec(3, 1);
    List<byte[]> dg = UdptlStreams.datagrams(fec, ifps);
    rx.setGapWait(200);
    for (int i = 0; i < dg.size(); i++) {
      if (i != 20 && i != 21) {
        rx.rx(dg.get(i), 0, dg.get(i).length, 1000);
      }
    }
    rx.poll(1140);
    rx.rx(dg.get(21), 0, dg.get(21).length, 1150); // 22's parity then rebuilds 20
    assertDeliveredAllBut(ifps, Set.of());
    assertEquals(1, rx.recoveredByFec());

    UdptlStreams.Sink other = new UdptlStreams.Sink();
    UdptlReceiver late = new UdptlReceiver(3, other).setGapWait(200);
    for (int i = 0; i < dg.size(); i++) {
      if (i != 20 && i != 21) {
        late.rx(dg.get(i), 0, dg.get(i).length, 1000);
      }
    }
    late.poll(1200);
    late.rx(dg.get(21), 0, dg.get(21).length, 1250); // after its gap was given up: ignored
    assertEquals(2, late.lost());
    assertEquals(1, late.late());
    assertEquals(21, other.seqs.size());
  }

  @Test
  void duplicatesAndMalformedAreCounted() {
    List<byte[]> ifps = UdptlStreams.ifps(10, 3, 6);
    List<byte[]> dg = UdptlStreams.datagrams(new UdptlSender().setRedundancyDepth(2), ifps);
    feed(dg, Set.of(4));
    byte[] again = dg.get(7);
    rx.rx(again, 0, again.length); // a repeat (spandsp sends some packets 3 times)
    byte[] late = dg.get(4);
    rx.rx(late, 0, late.length); // arrives after it was recovered from 5's secondaries
    assertEquals(UdptlPacket.ERR_TRUNCATED, rx.rx(new byte[] {0, 1, 5, 2}, 0, 4));
    assertEquals(UdptlPacket.ERR_TOO_MANY_SECONDARIES,
        rx.rx(Hex.bytes("00 0B 01 02 00 83 E8 01 06"), 0, 9)); // count 1000
    assertDeliveredAllBut(ifps, Set.of());
    assertEquals(2, rx.duplicates());
    assertEquals(2, rx.malformed());
    assertEquals(1, rx.recoveredByRedundancy());
    assertEquals(11, rx.received());
  }

  /** Issue 18: a datagram that comes after its number was given up is ignored and counted late, not played. */
  @Test
  void aDatagramAfterItsGapWasGivenUpIsLateAndIgnored() {
    List<byte[]> ifps = UdptlStreams.ifps(30, 3, 9);
    List<byte[]> dg = UdptlStreams.datagrams(new UdptlSender().setRedundancyDepth(3), ifps);
    feed(dg.subList(0, 20), Set.of(10, 11, 12, 13)); // 14 brings back 11-13; 10 is gone
    assertEquals(19, sink.seqs.size());
    byte[] late = dg.get(10);
    assertEquals(UdptlPacket.OK, rx.rx(late, 0, late.length));
    byte[] again = dg.get(15);
    rx.rx(again, 0, again.length);
    assertEquals(1, rx.late());
    assertEquals(1, rx.duplicates(), "the repeat of 15 only");
    assertEquals(19, sink.seqs.size(), "10 is not played after 11-19");
    assertDeliveredAllBut(ifps.subList(0, 20), Set.of(10));
  }

  @Test
  void primaryLongerThanTheMaximumIsMalformed() {
    UdptlReceiver small = new UdptlReceiver(3, 4, sink);
    byte[] d = Hex.bytes("00 00 | 05 C0 01 80 00 00 | 00 | 00");
    assertEquals(UdptlPacket.ERR_BAD_LENGTH, small.rx(d, 0, d.length));
    d = Hex.bytes("00 01 | 03 C0 01 10 | 00 | 00");
    assertEquals(UdptlPacket.OK, small.rx(d, 0, d.length));
    assertEquals(1, small.malformed());
    assertEquals(List.of(1), sink.seqs);
  }

  @Test
  void recoveryAcrossTheSequenceWrap() {
    List<byte[]> ifps = UdptlStreams.ifps(20, 3, 7);
    List<byte[]> dg = UdptlStreams.datagrams(new UdptlSender().setRedundancyDepth(3).setNextSeq(65530), ifps);
    feed(dg, Set.of(5, 6)); // seq 65535 and 0
    List<Integer> expect = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      expect.add((65530 + i) & 0xFFFF);
    }
    assertEquals(expect, sink.seqs);
    assertEquals(2, rx.recoveredByRedundancy());
    assertEquals(0, rx.lost());
  }

  @Test
  void jumpOf30000IsARestart() {
    List<byte[]> ifps = UdptlStreams.ifps(20, 3, 8);
    UdptlSender tx = new UdptlSender().setRedundancyDepth(1);
    List<byte[]> first = UdptlStreams.datagrams(tx, ifps.subList(0, 10));
    tx.setNextSeq(30010);
    List<byte[]> second = UdptlStreams.datagrams(tx, ifps.subList(10, 20));
    feed(first, Set.of());
    feed(second, Set.of(0)); // 30010 lost: 30011 restarts the numbering, 30010 is before it
    assertEquals(1, rx.restarts());
    assertEquals(0, rx.lost()); // nothing reported lost for the jump
    assertEquals(19, sink.seqs.size());
    assertEquals(30011, (int) sink.seqs.get(10));
  }

  @Test
  void farAheadGivesOldGapsUp() {
    List<byte[]> ifps = UdptlStreams.ifps(200, 3, 9);
    UdptlSender tx = new UdptlSender().setErrorCorrection(UdptlErrorCorrection.FEC).setFec(3, 3);
    List<byte[]> dg = UdptlStreams.datagrams(tx, ifps);
    Set<Integer> drop = IntStream.range(10, 110).boxed().collect(Collectors.toSet());
    feed(dg, drop); // 100 lost in a row: more than MAX_HOLD, less than RESTART_AHEAD
    // 110 gives 10..45 up at once (only the last MAX_HOLD are kept); then each arrival gives up
    // the gaps no datagram can rebuild any more, directly or through a chain: 114 rebuilds 107
    // from {107, 110, 113}, and then 113's entry {104, 107, 110} rebuilds 104, which was held
    // for that; 105, 106, 108, 109 come back the same way. 10..103 are lost.
    assertDeliveredAllBut(ifps, IntStream.range(10, 104).boxed().collect(Collectors.toSet()));
    assertEquals(6, rx.recoveredByFec());
    assertEquals(0, rx.restarts());
  }
}
