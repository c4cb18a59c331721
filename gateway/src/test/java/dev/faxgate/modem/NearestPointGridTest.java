package dev.faxgate.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The grid lookup gives exactly what a scan of every point gives, ties (lowest index) included. */
class NearestPointGridTest {
  @Test
  void matchesTheFullScanOnV29() {
    for (NearestPointGrid g : new NearestPointGrid[] {V29Rx.NEAREST_9600, V29Rx.NEAREST_7200}) {
      check(g);
      // most cells need no search
      assertTrue(g.singleCells() > 64 * 64 * 3 / 4, "single cells " + g.singleCells());
    }
  }

  @Test
  void matchesTheFullScanOnAnIrregularSet() {
    SplittableRandom r = new SplittableRandom(5);
    double[] re = new double[12];
    double[] im = new double[12];
    for (int i = 0; i < re.length; i++) {
      re[i] = r.nextInt(-6, 7);
      im[i] = r.nextInt(-6, 7) + 0.5 * r.nextInt(2);
    }
    re[11] = re[3]; // a point twice: the lower index must win
    im[11] = im[3];
    check(new NearestPointGrid(re, im, re.length, 8, 1));
    check(new NearestPointGrid(re, im, re.length, 8, 3));
  }

  private static void check(NearestPointGrid g) {
    SplittableRandom r = new SplittableRandom(1);
    for (int k = 0; k < 200_000; k++) {
      double x = r.nextDouble(-10, 10);
      double y = r.nextDouble(-10, 10);
      assertEquals(g.scan(x, y), g.nearest(x, y), x + "," + y);
    }
    // a quarter-unit lattice: cell edges, and points equally far from two or more points
    for (int i = -40; i <= 40; i++) {
      for (int j = -40; j <= 40; j++) {
        double x = i / 4.0;
        double y = j / 4.0;
        assertEquals(g.scan(x, y), g.nearest(x, y), x + "," + y);
      }
    }
  }
}
