package dev.faxgate.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** T2Equaliser against a plain model: a list of samples, taps updated at once, outputs summed tap by tap. */
class T2EqualiserTest {
  private static final int TAPS = 18;

  @Test
  void matchesThePlainEqualiserWhateverTheSamplesBetweenOutputs() {
    SplittableRandom r = new SplittableRandom(3);
    T2Equaliser eq = new T2Equaliser(TAPS);
    eq.resetTaps(8);
    double[] xr = new double[100_000];
    double[] xi = new double[100_000];
    int n = 0; // samples in the model, newest at n - 1
    double[] cr = new double[TAPS];
    double[] ci = new double[TAPS];
    cr[8] = 1;
    for (int step = 0; step < 20_000; step++) {
      // mostly two samples a symbol, now and then one or three (a timing slip)
      int pushes = r.nextInt(10) == 0 ? 1 + 2 * r.nextInt(2) : 2;
      for (int i = 0; i < pushes; i++) {
        xr[n] = r.nextDouble(-1, 1);
        xi[n] = r.nextDouble(-1, 1);
        eq.push(xr[n], xi[n]);
        n++;
      }
      eq.output();
      double yr = 0;
      double yi = 0;
      for (int k = 0; k < TAPS; k++) {
        int j = n - 1 - k;
        double ar = j >= 0 ? xr[j] : 0;
        double ai = j >= 0 ? xi[j] : 0;
        yr += cr[k] * ar - ci[k] * ai;
        yi += cr[k] * ai + ci[k] * ar;
      }
      assertEquals(yr, eq.outRe, 1e-9, "step " + step);
      assertEquals(yi, eq.outIm, 1e-9, "step " + step);
      // an update on this output's window: the model applies it now, the equaliser later
      double gr = r.nextDouble(-1e-3, 1e-3);
      double gi = r.nextDouble(-1e-3, 1e-3);
      eq.adapt(gr, gi);
      for (int k = 0; k < TAPS; k++) {
        int j = n - 1 - k;
        double ar = j >= 0 ? xr[j] : 0;
        double ai = j >= 0 ? xi[j] : 0;
        cr[k] += gr * ar + gi * ai;
        ci[k] += gi * ar - gr * ai;
      }
      if (n > xr.length - 10) {
        break;
      }
    }
  }

  @Test
  void tapsAreAMultipleOfThree() {
    assertThrows(IllegalArgumentException.class, () -> new T2Equaliser(17));
  }
}
