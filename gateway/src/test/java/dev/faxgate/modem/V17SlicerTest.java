package dev.faxgate.modem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The V.17 slicer (grid of cells; one candidate per subset in most cells) gives exactly what a scan of every
 * point gives: each subset's nearest point and its squared distance, and the nearest point of all,
 * ties included (the lowest index), for random positions, positions on the points, on the rounding
 * boundaries and outside the constellation.
 */
class V17SlicerTest {
  @Test
  void slicerMatchesTheFullScan() {
    SplittableRandom r = new SplittableRandom(17);
    for (int rate : new int[] {7200, 9600, 12000, 14400}) {
      V17Slicer slicer = V17Slicer.of(rate);
      for (int k = 0; k < 200_000; k++) {
        double zr;
        double zi;
        switch (k % 4) {
          case 0: // anywhere, outside the outline too
            zr = r.nextDouble(-14, 14);
            zi = r.nextDouble(-14, 14);
            break;
          case 1: // on a grid of quarter units: points, boundaries, ties
            zr = r.nextInt(-48, 49) / 4.0;
            zi = r.nextInt(-48, 49) / 4.0;
            break;
          case 2: // near the points
            zr = r.nextInt(-10, 11) + r.nextGaussian() * 0.3;
            zi = r.nextInt(-10, 11) + r.nextGaussian() * 0.3;
            break;
          default: // a hair off the boundaries
            zr = r.nextInt(-24, 25) / 2.0 + (r.nextInt(3) - 1) * 1e-12;
            zi = r.nextInt(-24, 25) / 2.0 + (r.nextInt(3) - 1) * 1e-12;
            break;
        }
        double[] d1 = new double[8];
        int[] p1 = new int[8];
        double[] d2 = new double[8];
        int[] p2 = new int[8];
        int b1 = slicer.slice(zr, zi, d1, p1);
        int b2 = slicer.sliceAll(zr, zi, d2, p2);
        String at = rate + " at " + zr + ", " + zi;
        assertEquals(b2, b1, at);
        assertArrayEquals(p2, p1, at);
        assertArrayEquals(d2, d1, 0.0, at);
      }
    }
  }
}
