package dev.faxgate.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.bench.Signals;
import org.junit.jupiter.api.Test;

/*
 * What this exercises: the NCO (DDS with a 4096-entry sine table) and the Goertzel filter.
 *  - NCO: frequency (the phase rate round-trips, zero crossings over 10 s), amplitude and level in
 *    dBm0 through PowerMeter, sin/cos in quadrature, phase continuity when the frequency changes,
 *    a 180° reversal by shiftPhase(HALF_CYCLE), and the table's spurs (a Goertzel sweep finds
 *    nothing above -60 dBc away from the carrier).
 *  - Goertzel: toneMeanSquare() equals the sine's own mean square at the bin, a neighbour 100 Hz
 *    away reads far lower, block feeding equals sample feeding, and the 16 DTMF keys decode by
 *    picking the strongest row and column bins over a 102-sample block (Asterisk's DTMF block).
 */
class NcoGoertzelTest {

  @Test
  void phaseRateRoundTripsAndCountsCycles() {
    for (double hz : new double[] {15, 300, 1100, 1650, 1850, 2100, 3999}) {
      assertEquals(hz, Nco.frequencyOf(Nco.phaseRate(hz)), 1e-6);
    }
    Nco nco = new Nco(1100);
    int crossings = 0;
    double prev = nco.nextSin();
    for (int n = 1; n < 80000; n++) {
      double v = nco.nextSin();
      if (prev < 0 && v >= 0) {
        crossings++;
      }
      prev = v;
    }
    assertEquals(11000, crossings, 1);
  }

  @Test
  void levelAndQuadrature() {
    short[] s = Signals.tone(1000, -10, 1000);
    double ms = 0.0;
    for (short x : s) {
      ms += (double) x * x;
    }
    assertEquals(-10.0, PowerMeter.meanSquareToDbm0(ms / s.length), 0.01);
    Nco nco = new Nco(777);
    for (int n = 0; n < 5000; n++) {
      double c = nco.cos();
      double sn = nco.sin();
      assertEquals(1.0, c * c + sn * sn, 3e-3);
      nco.step();
    }
  }

  @Test
  void reversalAndContinuousPhase() {
    Nco a = new Nco(2100);
    Nco b = new Nco(2100);
    for (int n = 0; n < 123; n++) {
      a.step();
      b.step();
    }
    b.shiftPhase(Nco.HALF_CYCLE);
    for (int n = 0; n < 50; n++) {
      assertEquals(-a.nextSin(), b.nextSin(), 1e-6);
    }
    // Changing frequency keeps the phase: no jump between consecutive samples.
    Nco f = new Nco(1650);
    double prev = f.nextSin();
    for (int n = 0; n < 2000; n++) {
      if (n % 27 == 0) {
        f.setFrequency(f.frequency() == 1650 ? 1850 : 1650);
      }
      double v = f.nextSin();
      assertTrue(Math.abs(v - prev) <= 2 * Math.PI * 1850 / 8000 + 1e-3);
      prev = v;
    }
  }

  @Test
  void tableSpursAreBelowSixtyDb() {
    short[] s = new short[8000];
    // A whole number of cycles in the block, so that the Goertzel bins do not leak into each other.
    new Nco(1234).generate(s, 0, s.length, 20000);
    Goertzel carrier = new Goertzel(1234);
    carrier.update(s, 0, s.length);
    double c = carrier.toneMeanSquare();
    for (double hz = 100; hz < 4000; hz += 37) {
      if (Math.abs(hz - 1234) < 40) {
        continue;
      }
      Goertzel g = new Goertzel(hz);
      g.update(s, 0, s.length);
      assertTrue(10 * Math.log10(g.toneMeanSquare() / c) < -60, hz + " Hz");
    }
  }

  @Test
  void goertzelReadsTheToneMeanSquare() {
    short[] s = Signals.tone(1100, -20, 20);
    Goertzel g = new Goertzel(1100);
    g.update(s, 0, 160);
    assertEquals(-20.0, PowerMeter.meanSquareToDbm0(g.toneMeanSquare()), 0.05);
    Goertzel off = new Goertzel(1200);
    off.update(s, 0, 160);
    assertTrue(off.toneMeanSquare() < 1e-3 * g.toneMeanSquare());
    Goertzel one = new Goertzel(1100);
    for (int i = 0; i < 160; i++) {
      one.update(s[i]);
    }
    assertEquals(g.energy(), one.energy(), 1e-6 * g.energy());
    assertEquals(160, one.count());
    one.reset();
    assertEquals(0.0, one.toneMeanSquare(), 0.0);
  }

  @Test
  void goertzelDecodesAllSixteenDtmfKeys() {
    double[] rows = {697, 770, 852, 941};
    double[] cols = {1209, 1336, 1477, 1633};
    String keys = "123A456B789C*0#D";
    StringBuilder decoded = new StringBuilder();
    for (char k : keys.toCharArray()) {
      short[] s = Signals.dtmf(k, 60, -6, -4);
      int best = 0;
      double bestE = -1;
      int r = 0;
      int c = 0;
      for (int i = 0; i < 4; i++) {
        Goertzel g = new Goertzel(rows[i]);
        g.update(s, 0, 102);
        if (g.energy() > bestE) {
          bestE = g.energy();
          r = i;
        }
      }
      bestE = -1;
      for (int i = 0; i < 4; i++) {
        Goertzel g = new Goertzel(cols[i]);
        g.update(s, 0, 102);
        if (g.energy() > bestE) {
          bestE = g.energy();
          c = i;
        }
      }
      best = r * 4 + c;
      decoded.append(keys.charAt(best));
    }
    assertEquals(keys, decoded.toString());
  }
}
