// Exercises UdptlSender -> random loss -> UdptlReceiver (jqwik): whatever is dropped, every IFP handed on is the one sent with that number, in order, at most once, and handed-on plus lost adds up to everything sent.
package dev.faxgate.udptl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class UdptlRecoveryPropertyTest {

  @Property(tries = 300)
  void lossNeverCorruptsOrReorders(@ForAll long seed, @ForAll @IntRange(max = 2) int mode,
      @ForAll @IntRange(min = 1, max = 5) int a, @ForAll @IntRange(min = 1, max = 5) int b,
      @ForAll @IntRange(max = 40) int lossPercent, @ForAll @IntRange(max = 3) int version,
      @ForAll @IntRange(max = 65535) int firstSeq) {
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
      assertEquals(UdptlPacket.OK, rx.rx(d, 0, d.length));
      if (loss.nextInt(10) == 0) { // some repeats
        rx.rx(d, 0, d.length);
      }
    }
    rx.flush();
    int prev = -1;
    for (int k = 0; k < sink.seqs.size(); k++) {
      int i = (sink.seqs.get(k) - firstSeq) & 0xFFFF;
      assertTrue(i > prev, "in order, once");
      prev = i;
      assertArrayEquals(ifps.get(i), sink.ifps.get(k), "IFP " + i);
    }
    assertEquals(ifps.size(), rx.delivered() + rx.lost());
    assertEquals(dropped, rx.recoveredByRedundancy() + rx.recoveredByFec() + rx.lost());
    assertEquals(0, rx.fecFailed());
    assertEquals(0, rx.restarts());
  }
}
