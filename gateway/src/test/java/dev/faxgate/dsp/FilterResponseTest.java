package dev.faxgate.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/*
 * What this exercises: the filters running, not just their coefficients.
 *  - DelayLine and Fir: the linear, double-written delay line returns exactly the displaced sample,
 *    keeps the window contiguous and newest first across many wraps, and a Fir's impulse response
 *    is its coefficients; block size does not change the output.
 *  - Fir, Biquad and IirCascade: the steady-state amplitude of a sine equals magnitudeAt() (the
 *    analytic response) in the pass band, at the cut-off and in the stop band.
 *  - A Biquad chain equals the IirCascade of the same sections, sample for sample.
 *  - flushDenormals(): after a tone then exact digital silence the state becomes exactly zero
 *    instead of decaying through denormal numbers (faxpeer finding 8).
 */
class FilterResponseTest {

  @Test
  void delayLineReturnsTheDisplacedSampleAndKeepsAContiguousWindow() {
    DelayLine d = new DelayLine(5);
    for (int n = 0; n < 23; n++) {
      double leaving = d.push(n + 1);
      assertEquals(n >= 5 ? n + 1 - 5 : 0.0, leaving, 0.0, "push " + n);
      double[] buf = d.buffer();
      for (int k = 0; k < 5; k++) {
        double expected = n - k >= 0 ? n - k + 1 : 0.0;
        assertEquals(expected, buf[d.position() + k], 0.0);
        assertEquals(expected, d.get(k), 0.0);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new DelayLine(0));
  }

  @Test
  void firImpulseResponseIsItsCoefficients() {
    double[] h = FilterDesign.lowPassFir(31, 500, 8000, FilterDesign.Window.HAMMING);
    Fir fir = new Fir(h);
    double[] out = new double[80];
    double[] in = new double[80];
    in[3] = 1.0;
    fir.filter(in, 0, out, 0, in.length);
    for (int n = 0; n < out.length; n++) {
      int k = n - 3;
      assertEquals(k >= 0 && k < h.length ? h[k] : 0.0, out[n], 1e-18, "n=" + n);
    }
  }

  @Test
  void firOutputDoesNotDependOnBlockSize() {
    double[] h = FilterDesign.bandPassFir(33, 1550, 1950, 8000, FilterDesign.Window.BLACKMAN);
    short[] x = new short[1000];
    new AwgnGenerator(7, 3000).fill(x, 0, x.length);
    double[] whole = new double[x.length];
    new Fir(h).filter(x, 0, whole, 0, x.length);
    double[] pieces = new double[x.length];
    Fir f = new Fir(h);
    int[] sizes = {1, 7, 160, 3, 33, 1};
    for (int off = 0, i = 0; off < x.length; i++) {
      int n = Math.min(sizes[i % sizes.length], x.length - off);
      f.filter(x, off, pieces, off, n);
      off += n;
    }
    assertArrayEquals(whole, pieces, 0.0);
  }

  @Test
  void firSineResponseMatchesMagnitudeAt() {
    Fir fir = new Fir(FilterDesign.bandPassFir(65, 1550, 1950, 8000, FilterDesign.Window.HAMMING));
    for (double hz : new double[] {300, 1000, 1500, 1650, 1750, 1850, 2000, 2500, 3400}) {
      fir.reset();
      assertEquals(fir.magnitudeAt(hz), steadyGain(fir::filter, hz, 8000), 2e-4, hz + " Hz");
    }
    assertEquals(1.0, fir.magnitudeAt(1750), 1e-12);
    assertEquals(0.0, fir.magnitudeAt(1000), 2e-3);
  }

  @Test
  void biquadAndCascadeSineResponseMatchMagnitudeAt() {
    double[] sos = FilterDesign.butterworthLowPass(4, 300, 8000);
    IirCascade lp = new IirCascade(sos);
    for (double hz : new double[] {50, 200, 300, 450, 1000, 3000}) {
      lp.reset();
      assertEquals(lp.magnitudeAt(hz, 8000), steadyGain(lp::filter, hz, 8000), 2e-4, hz + " Hz");
    }
    Biquad notch = new Biquad(FilterDesign.notch(1100, 10, 8000), 0);
    for (double hz : new double[] {500, 1000, 1100, 1200, 2000}) {
      notch.reset();
      assertEquals(notch.magnitudeAt(hz, 8000), steadyGain(notch::filter, hz, 8000), 2e-4, hz + " Hz");
    }
    assertEquals(0.0, notch.magnitudeAt(1100, 8000), 1e-9);
    Biquad peak = new Biquad(FilterDesign.peak(2100, 20, 8000), 0);
    assertEquals(1.0, peak.magnitudeAt(2100, 8000), 1e-9);
    assertEquals(1.0, steadyGain(peak::filter, 2100, 8000), 2e-3);
  }

  @Test
  void biquadChainEqualsCascade() {
    double[] sos = FilterDesign.butterworthLowPass(5, 700, 8000);
    IirCascade cascade = new IirCascade(sos);
    Biquad[] chain = new Biquad[cascade.sections()];
    for (int k = 0; k < chain.length; k++) {
      chain[k] = new Biquad(sos, 5 * k);
    }
    AwgnGenerator g = new AwgnGenerator(3, 5000);
    for (int n = 0; n < 2000; n++) {
      double x = g.next();
      double y = x;
      for (Biquad b : chain) {
        y = b.filter(y);
      }
      assertEquals(y, cascade.filter(x), 1e-9 * Math.max(1.0, Math.abs(y)));
    }
  }

  @Test
  void flushingKeepsStatesOutOfDenormals() {
    IirCascade lp = new IirCascade(FilterDesign.butterworthLowPass(4, 80, 8000));
    Biquad bq = new Biquad(FilterDesign.peak(1100, 5, 8000), 0);
    short[] tone = new short[800];
    new Nco(1100).generate(tone, 0, tone.length, 10000);
    double[] out = new double[tone.length];
    lp.filter(tone, 0, out, 0, tone.length);
    bq.filter(tone, 0, out, 0, tone.length);
    short[] silence = new short[160];
    for (int block = 0; block < 2000; block++) {
      lp.filter(silence, 0, out, 0, silence.length);
      bq.filter(silence, 0, out, 0, silence.length);
    }
    // Exactly zero in, exactly zero out: no state lingers as a denormal.
    assertEquals(0.0, lp.filter(0.0), 0.0);
    assertEquals(0.0, bq.filter(0.0), 0.0);
  }

  interface Filter {
    double filter(double x);
  }

  /** Steady-state output amplitude over input amplitude for a sine at hz (after 4000 samples). */
  static double steadyGain(Filter f, double hz, double fs) {
    double w = 2.0 * Math.PI * hz / fs;
    for (int n = 0; n < 4000; n++) {
      f.filter(Math.sin(w * n));
    }
    // Project the next 8000 samples on sin and cos: amplitude independent of the phase.
    double s = 0.0;
    double c = 0.0;
    int len = 8000;
    for (int n = 4000; n < 4000 + len; n++) {
      double y = f.filter(Math.sin(w * n));
      s += y * Math.sin(w * n);
      c += y * Math.cos(w * n);
    }
    return 2.0 * Math.hypot(s, c) / len;
  }
}
