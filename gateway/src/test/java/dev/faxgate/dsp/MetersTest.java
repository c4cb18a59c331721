package dev.faxgate.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.bench.Signals;
import org.junit.jupiter.api.Test;

/*
 * What this exercises: levels and level-keeping blocks.
 *  - PowerMeter: the dBm0 reference (spandsp telephony.h: dBm0 = dBov + 3.14 + 3.02): a full-scale
 *    sine is +3.14 dBm0, 0 dBm0 is an RMS of 16123, conversions round-trip, and the leaky meter
 *    settles on the level of a -20 dBm0 tone.
 *  - DcRestore: removes a 1000 LSB offset and leaves a 1 kHz tone's level alone.
 *  - Agc: brings -40 and -10 dBm0 tones to its -20 dBm0 target, holds its gain when frozen and
 *    on noise below its gate, and respects its gain limit.
 *  - AwgnGenerator and LineModel: reproducible by seed, zero mean, the set RMS, Gaussian (kurtosis
 *    3), and a LineModel built for 20 dB SNR measures 20 dB.
 */
class MetersTest {

  @Test
  void dbm0Reference() {
    assertEquals(3.14, PowerMeter.meanSquareToDbm0(32767.0 * 32767.0 / 2.0), 0.02);
    assertEquals(16123.15, PowerMeter.dbm0ToRms(0.0), 0.01);
    assertEquals(PowerMeter.dbm0ToRms(0.0) * Math.sqrt(2), PowerMeter.dbm0ToSinePeak(0.0), 1e-9);
    for (double l = -60; l <= 3; l += 7) {
      assertEquals(l, PowerMeter.rmsToDbm0(PowerMeter.dbm0ToRms(l)), 1e-9);
      assertEquals(l, PowerMeter.meanSquareToDbm0(PowerMeter.dbm0ToMeanSquare(l)), 1e-9);
    }
    assertEquals(-6.16, PowerMeter.meanSquareToDbov(PowerMeter.dbm0ToMeanSquare(0.0)), 1e-9);
    assertEquals(PowerMeter.SILENCE_DB, PowerMeter.meanSquareToDbm0(0.0), 0.0);
  }

  @Test
  void meterSettlesOnTheLevel() {
    PowerMeter m = new PowerMeter(6);
    short[] s = Signals.tone(1000, -20, 200);
    m.update(s, 0, s.length);
    assertEquals(-20.0, m.dbm0(), 0.2);
    assertEquals(m.dbm0() - PowerMeter.DBM0_MAX_POWER, m.dbov(), 1e-9);
    m.update(new short[8000], 0, 8000);
    assertEquals(0.0, m.meanSquare(), 0.0);
  }

  @Test
  void dcRestoreRemovesAnOffset() {
    short[] s = Signals.tone(1000, -20, 6000);
    for (int i = 0; i < s.length; i++) {
      s[i] += 1000;
    }
    DcRestore dc = new DcRestore(10);
    short[] out = new short[s.length];
    dc.process(s, 0, out, 0, s.length);
    // The estimate ripples by about ±3 LSB with the tone (a 1024-sample time constant).
    assertEquals(1000.0, dc.dc(), 4.0);
    double mean = 0.0;
    double ms = 0.0;
    int from = s.length - 8000;
    for (int i = from; i < s.length; i++) {
      mean += out[i];
      ms += (double) out[i] * out[i];
    }
    mean /= 8000;
    assertEquals(0.0, mean, 2.0);
    assertEquals(-20.0, PowerMeter.meanSquareToDbm0(ms / 8000), 0.05);
  }

  @Test
  void agcReachesItsTarget() {
    for (double in : new double[] {-40, -10}) {
      Agc agc = new Agc(-20, 30, 8, -55);
      short[] s = Signals.tone(1700, in, 1000);
      double[] out = new double[s.length];
      agc.process(s, 0, out, 0, s.length);
      assertEquals(-20.0 - in, agc.gainDb(), 0.5, "input " + in);
      double ms = 0.0;
      for (int i = s.length - 800; i < s.length; i++) {
        ms += out[i] * out[i];
      }
      assertEquals(-20.0, PowerMeter.meanSquareToDbm0(ms / 800), 0.5);
      double g = agc.gain();
      agc.freeze(true);
      short[] loud = Signals.tone(1700, 0, 200);
      agc.process(loud, 0, new double[loud.length], 0, loud.length);
      assertEquals(g, agc.gain(), 0.0, "frozen");
    }
    Agc gated = new Agc(-20, 30, 8, -55);
    short[] hiss = new short[16000];
    new AwgnGenerator(5, PowerMeter.dbm0ToRms(-65)).fill(hiss, 0, hiss.length);
    gated.process(hiss, 0, new double[hiss.length], 0, hiss.length);
    assertEquals(1.0, gated.gain(), 0.0, "line noise below the gate is not pumped up");
    Agc limited = new Agc(-10, 6, 8, -70);
    short[] quiet = Signals.tone(1700, -50, 500);
    limited.process(quiet, 0, new double[quiet.length], 0, quiet.length);
    assertEquals(6.0, limited.gainDb(), 1e-9);
  }

  @Test
  void awgnIsReproducibleGaussianAtTheSetLevel() {
    AwgnGenerator a = new AwgnGenerator(42, 1000);
    AwgnGenerator b = new AwgnGenerator(42, 1000);
    AwgnGenerator c = new AwgnGenerator(43, 1000);
    int n = 200000;
    double sum = 0.0;
    double s2 = 0.0;
    double s4 = 0.0;
    boolean differs = false;
    for (int i = 0; i < n; i++) {
      double x = a.next();
      assertEquals(x, b.next(), 0.0);
      differs |= x != c.next();
      sum += x;
      s2 += x * x;
      s4 += x * x * x * x;
    }
    assertTrue(differs);
    double var = s2 / n;
    assertEquals(0.0, sum / n, 10.0);
    assertEquals(1000.0, Math.sqrt(var), 5.0);
    assertEquals(3.0, s4 / n / (var * var), 0.05);
    a.reset();
    b.reset();
    assertEquals(a.next(), b.next(), 0.0);
    assertEquals(-30.0, PowerMeter.rmsToDbm0(AwgnGenerator.ofDbm0(1, -30).rms()), 1e-9);
  }

  @Test
  void lineModelGivesTheRequestedSnr() {
    short[] s = Signals.tone(1100, -20, 5000);
    double rms = PowerMeter.dbm0ToRms(-20);
    LineModel line = LineModel.withSnr(-6, rms, 20, 9);
    short[] out = new short[s.length];
    line.process(s, 0, out, 0, s.length);
    // Noise = output minus the attenuated tone.
    double g = Math.pow(10, -6 / 20.0);
    double sig = 0.0;
    double noise = 0.0;
    for (int i = 0; i < s.length; i++) {
      double clean = s[i] * g;
      sig += clean * clean;
      noise += (out[i] - clean) * (out[i] - clean);
    }
    assertEquals(20.0, 10 * Math.log10(sig / noise), 0.2);
    short[] again = new short[s.length];
    line.reset();
    line.process(s, 0, again, 0, s.length);
    assertEquals(out[1234], again[1234]);
    assertNotEquals(0, out[17]);
  }
}
