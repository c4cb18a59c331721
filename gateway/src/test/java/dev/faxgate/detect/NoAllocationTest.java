package dev.faxgate.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faxgate.dsp.Agc;
import dev.faxgate.dsp.FilterDesign;
import dev.faxgate.dsp.Fir;
import dev.faxgate.dsp.IirCascade;
import dev.faxgate.dsp.PowerMeter;
import dev.faxgate.bench.Signals;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/*
 * What this exercises: the "no allocation per sample or per block in steady state" rule. Each
 * detector (and the dsp blocks on the same path) runs over a realistic signal in 160-sample blocks,
 * five passes, while the thread's allocated-bytes counter
 * (com.sun.management.ThreadMXBean.getCurrentThreadAllocatedBytes) is read around each pass.
 * Steady state means: at least one pass allocates exactly 0 bytes, and no pass allocates as much as
 * one byte per block (HotSpot itself now and then charges a few dozen bytes to the thread while it
 * compiles or deoptimises a loop; an allocation per block would cost thousands). No timing is
 * asserted.
 */
class NoAllocationTest {

  private static final int PASSES = 5;

  @Test
  void detectorsAllocateNothingPerBlock() {
    com.sun.management.ThreadMXBean mx = bean();
    short[] cng = Signals.cng(10, -11, 500, 3000);
    short[] ced = Signals.concat(Signals.silence(200), Signals.answerTone(-11, 3300, 0.2, 450), Signals.silence(1000));
    short[] v21 = Signals.v21Bursts(10, -14);
    ToneDetector[] detectors = {new CngDetector(), new CedDetector(), new V21PreambleDetector()};
    short[][] signals = {cng, ced, v21};
    for (int k = 0; k < detectors.length; k++) {
      ToneDetector d = detectors[k];
      short[] s = signals[k];
      int blocks = (s.length + 159) / 160;
      long best = Long.MAX_VALUE;
      for (int pass = 0; pass < PASSES; pass++) {
        long before = mx.getCurrentThreadAllocatedBytes();
        long events = loop(d, s);
        long bytes = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(events > 0, "the signal raised events");
        if (pass > 0) {
          assertTrue(bytes < blocks, d.getClass().getSimpleName() + ": " + bytes + " bytes in " + blocks + " blocks");
        }
        best = Math.min(best, bytes);
      }
      assertEquals(0, best, d.getClass().getSimpleName() + " allocated in every pass");
    }
  }

  @Test
  void dspBlocksAllocateNothingPerBlock() {
    com.sun.management.ThreadMXBean mx = bean();
    short[] s = Signals.tone(1700, -20, 2000);
    double[] out = new double[160];
    Fir fir = new Fir(FilterDesign.bandPassFir(33, 1550, 1950, 8000, FilterDesign.Window.HAMMING));
    IirCascade iir = new IirCascade(FilterDesign.butterworthLowPass(4, 300, 8000));
    Agc agc = new Agc(-20, 30, 8, -55);
    PowerMeter meter = new PowerMeter(5);
    int blocks = s.length / 160;
    long best = Long.MAX_VALUE;
    for (int pass = 0; pass < PASSES; pass++) {
      long before = mx.getCurrentThreadAllocatedBytes();
      for (int off = 0; off + 160 <= s.length; off += 160) {
        fir.filter(s, off, out, 0, 160);
        iir.filter(s, off, out, 0, 160);
        agc.process(s, off, out, 0, 160);
        meter.update(s, off, 160);
      }
      long bytes = mx.getCurrentThreadAllocatedBytes() - before;
      if (pass > 0) {
        assertTrue(bytes < blocks, "dsp blocks: " + bytes + " bytes in " + blocks + " blocks");
      }
      best = Math.min(best, bytes);
    }
    assertEquals(0, best, "dsp blocks allocated in every pass");
  }

  private static long loop(ToneDetector d, short[] s) {
    d.reset();
    long events = 0;
    for (int off = 0; off < s.length; off += 160) {
      events += d.process(s, off, Math.min(160, s.length - off));
    }
    return events;
  }

  private static com.sun.management.ThreadMXBean bean() {
    boolean ok = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean;
    assumeTrue(ok, "this JVM cannot count allocated bytes per thread");
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(),
        "per-thread allocation counting is off");
    mx.getCurrentThreadAllocatedBytes();
    return mx;
  }
}
