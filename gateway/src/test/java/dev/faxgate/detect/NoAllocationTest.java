package dev.faxgate.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.bench.Signals;
import dev.faxgate.dsp.Agc;
import dev.faxgate.dsp.FilterDesign;
import dev.faxgate.dsp.Fir;
import dev.faxgate.dsp.IirCascade;
import dev.faxgate.dsp.PowerMeter;
import dev.faxgate.testutil.SteadyStateAllocation;
import org.junit.jupiter.api.Test;

/*
 * What this exercises: the "no allocation per sample or per block in steady state" rule. Each
 * detector (and the dsp blocks on the same path) runs over a realistic signal in 160-sample blocks
 * while the thread's allocated-bytes counter is read around windows of many blocks
 * (SteadyStateAllocation). An allocation per block costs thousands of bytes in every window;
 * HotSpot now and then charges a few dozen bytes to the thread while it compiles or deoptimises a
 * loop, once, so one window of three may show that. No timing is asserted.
 */
class NoAllocationTest {

  @Test
  void detectorsAllocateNothingPerBlock() {
    short[] cng = Signals.cng(10, -11, 500, 3000);
    short[] ced = Signals.concat(Signals.silence(200), Signals.answerTone(-11, 3300, 0.2, 450), Signals.silence(1000));
    short[] v21 = Signals.v21Bursts(10, -14);
    ToneDetector[] detectors = {new CngDetector(), new CedDetector(), new V21PreambleDetector()};
    short[][] signals = {cng, ced, v21};
    for (int k = 0; k < detectors.length; k++) {
      ToneDetector d = detectors[k];
      short[] s = signals[k];
      assertTrue(loop(d, s) > 0, d.getClass().getSimpleName() + ": the signal raised events");
      SteadyStateAllocation a = SteadyStateAllocation.measure(() -> loop(d, s), 5, 10);
      assertTrue(a.allButOneWindowBelow(1024), d.getClass().getSimpleName() + " over " + (s.length + 159) / 160
          + " blocks a step: " + a);
    }
  }

  @Test
  void dspBlocksAllocateNothingPerBlock() {
    short[] s = Signals.tone(1700, -20, 2000);
    double[] out = new double[160];
    Fir fir = new Fir(FilterDesign.bandPassFir(33, 1550, 1950, 8000, FilterDesign.Window.HAMMING));
    IirCascade iir = new IirCascade(FilterDesign.butterworthLowPass(4, 300, 8000));
    Agc agc = new Agc(-20, 30, 8, -55);
    PowerMeter meter = new PowerMeter(5);
    int[] at = {0};
    SteadyStateAllocation a = SteadyStateAllocation.measure(() -> {
      int off = at[0];
      fir.filter(s, off, out, 0, 160);
      iir.filter(s, off, out, 0, 160);
      agc.process(s, off, out, 0, 160);
      meter.update(s, off, 160);
      at[0] = off + 320 <= s.length ? off + 160 : 0;
    }, 2000, 5000);
    assertTrue(a.allButOneWindowBelow(1024), "dsp blocks, one block a step: " + a);
  }

  private static long loop(ToneDetector d, short[] s) {
    d.reset();
    long events = 0;
    for (int off = 0; off < s.length; off += 160) {
      events += d.process(s, off, Math.min(160, s.length - off));
    }
    return events;
  }
}
