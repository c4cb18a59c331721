// Exercises UdptlSender -> random loss -> UdptlReceiver: whatever is dropped, every IFP handed on is the one sent with that number, in order, at most once, and handed-on plus lost adds up to everything sent.
package dev.faxgate.udptl;

import static dev.faxgate.t38.RandomBytes.anyLong;
import static dev.faxgate.t38.RandomBytes.intIn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random streams, bounded in count: the same 300 cases (each a 300-IFP stream) on every
 * run; a failure names its case index ("case N"), the N-th draw from the seed.
 */
class UdptlRecoveryPropertyTest {
  private static final long SEED = 0x5EED_0004L;
  private static final int CASES = 300;

  @Test
  void lossNeverCorruptsOrReorders() {
    SplittableRandom r = new SplittableRandom(SEED);
    for (int c = 0; c < CASES; c++) {
      long seed = anyLong(r);
      int mode = intIn(r, 0, 2);
      int a = intIn(r, 1, 5);
      int b = intIn(r, 1, 5);
      int lossPercent = intIn(r, 0, 40);
      int version = intIn(r, 0, 3);
      int firstSeq = intIn(r, 0, 65535);
      String at = "case " + c + ": ";
      try {
        lossNeverCorruptsOrReorders(at, seed, mode, a, b, lossPercent, version, firstSeq);
      } catch (RuntimeException e) {
        throw new AssertionError(at + "threw " + e, e);
      }
    }
  }

  private static void lossNeverCorruptsOrReorders(String at, long seed, int mode, int a, int b,
      int lossPercent, int version, int firstSeq) {
    List<byte[]> ifps = UdptlStreams.ifps(300, version, seed);
    UdptlSender tx = new UdptlSender().setNextSeq(firstSeq);
    if (mode == 0) {
      tx.setRedundancyDepth(IfpCategory.INDICATOR, a).setRedundancyDepth(IfpCategory.CONTROL, b)
          .setRedundancyDepth(IfpCategory.IMAGE, Math.min(a, b) - 1);
    } else if (mode == 1) {
      tx.setErrorCorrection(UdptlErrorCorrection.FEC).setFec(a, b);
    } else {
      tx.setErrorCorrection(UdptlErrorCorrection.NONE);
    }
    List<byte[]> dg = UdptlStreams.datagrams(tx, ifps);
    UdptlStreams.Sink sink = new UdptlStreams.Sink();
    UdptlReceiver rx = new UdptlReceiver(version, sink);
    Random loss = new Random(seed ^ 0x5DEECE66DL);
    int dropped = 0;
    for (int i = 0; i < dg.size(); i++) {
      if (i > 0 && i < dg.size() - 1 && loss.nextInt(100) < lossPercent) {
        dropped++;
        continue;
      }
      byte[] d = dg.get(i);
      assertEquals(UdptlPacket.OK, rx.rx(d, 0, d.length), at + "datagram " + i);
      if (loss.nextInt(10) == 0) { // some repeats
        rx.rx(d, 0, d.length);
      }
    }
    rx.flush();
    int prev = -1;
    for (int k = 0; k < sink.seqs.size(); k++) {
      int i = (sink.seqs.get(k) - firstSeq) & 0xFFFF;
      assertTrue(i > prev, at + "in order, once");
      prev = i;
      assertArrayEquals(ifps.get(i), sink.ifps.get(k), at + "IFP " + i);
    }
    assertEquals(ifps.size(), rx.delivered() + rx.lost(), at + "delivered + lost = sent");
    assertEquals(dropped, rx.recoveredByRedundancy() + rx.recoveredByFec() + rx.lost(),
        at + "recovered + lost = dropped");
    assertEquals(0, rx.fecFailed(), at + "FEC failures");
    assertEquals(0, rx.restarts(), at + "restarts");
  }
}
