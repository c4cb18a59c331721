package dev.faxgate.udptl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Real datagrams: a far end's stream reaches a receiver with 5% of its datagrams dropped, and the
 * same leg's sender, ticked beside it, goes about 3 deeper in every category; a clean stream leaves it as
 * configured, and FEC is left alone.
 */
class AdaptiveRedundancyTest {
  /** Datagrams the far end sends per tick (one IFP each, 50 a second as image data runs). */
  private static final int PER_TICK = 1;

  private static UdptlSender sender(UdptlErrorCorrection ec) {
    return new UdptlSender().setErrorCorrection(ec).setRedundancyDepth(IfpCategory.INDICATOR, 4)
        .setRedundancyDepth(IfpCategory.CONTROL, 3).setRedundancyDepth(IfpCategory.IMAGE, 2);
  }

  /** Ticks {@code seconds} of the far end's stream into a receiver, dropping {@code loss} of the datagrams. */
  private static UdptlSender run(double loss, int seconds, UdptlErrorCorrection ec, AdaptiveRedundancy adaptive) {
    UdptlSender farEnd = new UdptlSender();
    int ticks = seconds * 50;
    List<byte[]> datagrams = UdptlStreams.datagrams(farEnd, UdptlStreams.ifps(ticks * PER_TICK, 0, 7));
    UdptlReceiver rx = new UdptlReceiver(0, (seq, buf, off, len) -> { });
    UdptlSender tx = sender(ec);
    SplittableRandom random = new SplittableRandom(11);
    int next = 0;
    for (int t = 0; t < ticks; t++) {
      for (int i = 0; i < PER_TICK; i++, next++) {
        byte[] d = datagrams.get(next);
        if (random.nextDouble() >= loss) {
          rx.rx(d, 0, d.length);
        }
      }
      adaptive.tick(rx, tx);
    }
    return tx;
  }

  @Test
  void fivePercentLossAddsAboutThreeSecondariesToEveryCategory() {
    AdaptiveRedundancy adaptive = new AdaptiveRedundancy(4, 3, 2, 6);
    UdptlSender tx = run(0.05, 20, UdptlErrorCorrection.REDUNDANCY, adaptive);
    int added = adaptive.added();
    // a second of 50 datagrams at 5% loses 2.5 on average: the windows' losses spread around it
    assertTrue(added >= 2 && added <= 4 && adaptive.maxAdded() <= 5, added + " added, loss seen " + adaptive.loss());
    assertEquals(4 + added, tx.redundancyDepth(IfpCategory.INDICATOR));
    assertEquals(3 + added, tx.redundancyDepth(IfpCategory.CONTROL));
    assertEquals(2 + added, tx.redundancyDepth(IfpCategory.IMAGE));
  }

  @Test
  void aCleanStreamKeepsTheConfiguredDepths() {
    AdaptiveRedundancy adaptive = new AdaptiveRedundancy(4, 3, 2, 6);
    UdptlSender tx = run(0, 10, UdptlErrorCorrection.REDUNDANCY, adaptive);
    assertEquals(0, adaptive.maxAdded());
    assertEquals(4, tx.redundancyDepth(IfpCategory.INDICATOR));
    assertEquals(2, tx.redundancyDepth(IfpCategory.IMAGE));
  }

  @Test
  void fecAndAZeroCeilingAreLeftAlone() {
    AdaptiveRedundancy fec = new AdaptiveRedundancy(4, 3, 2, 6);
    assertEquals(2, run(0.05, 10, UdptlErrorCorrection.FEC, fec).redundancyDepth(IfpCategory.IMAGE));
    AdaptiveRedundancy off = new AdaptiveRedundancy(4, 3, 2, 0);
    assertEquals(2, run(0.05, 10, UdptlErrorCorrection.REDUNDANCY, off).redundancyDepth(IfpCategory.IMAGE));
    assertEquals(0, off.maxAdded());
  }
}
