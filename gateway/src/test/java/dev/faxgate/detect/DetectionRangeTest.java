package dev.faxgate.detect;

import static dev.faxgate.bench.Signals.answerTone;
import static dev.faxgate.bench.Signals.concat;
import static dev.faxgate.bench.Signals.concatBits;
import static dev.faxgate.bench.Signals.flagBits;
import static dev.faxgate.bench.Signals.silence;
import static dev.faxgate.bench.Signals.v21;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.bench.Signals;
import java.util.function.DoubleFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/*
 * What this exercises: how far each detector reaches, measured rather than assumed. For CNG (one
 * 0.5 s burst), CED (2.6 s of 2100 Hz) and the V.21 preamble (37 flags and a frame), it steps the
 * level from +3 dBm0 down in 1 dB steps, clean and at 20 dB SNR (5 noise seeds each), and the SNR
 * at -20 dBm0 from 30 dB down in 1 dB steps (5 seeds), and prints the weakest level and the lowest
 * SNR at which every trial still detected. It asserts only the specification: every level from -6
 * to -43 dBm0 detects, clean and at 20 dB SNR.
 */
class DetectionRangeTest {

  private static final int SEEDS = 5;

  @Test
  void cngRange() {
    measure("CNG", CngDetector::new, ToneEvent.CNG,
        level -> concat(silence(200), Signals.tone(1100, level, 500), silence(400)));
  }

  @Test
  void cedRange() {
    measure("CED/ANS", CedDetector::new, ToneEvent.ANS,
        level -> concat(silence(200), answerTone(level, 2600, 0, 0), silence(300)));
  }

  @Test
  void v21PreambleRange() {
    measure("V.21 preamble", V21PreambleDetector::new, ToneEvent.V21_PREAMBLE,
        level -> concat(silence(200), v21(concatBits(flagBits(37), V21PreambleDetectorTest.FRAME,
            flagBits(2)), level), silence(300)));
  }

  private static void measure(String name, Supplier<ToneDetector> factory, ToneEvent kind,
      DoubleFunction<short[]> signal) {
    ToneDetector d = factory.get();
    double weakestClean = Double.NaN;
    double weakestNoisy = Double.NaN;
    boolean clean = true;
    boolean noisy = true;
    for (double level = 3; level >= -60 && (clean || noisy); level -= 1) {
      short[] s = signal.apply(level);
      if (clean && detects(d, s, kind)) {
        weakestClean = level;
      } else {
        clean = false;
      }
      if (noisy) {
        boolean all = true;
        for (int seed = 0; seed < SEEDS && all; seed++) {
          all = detects(d, Harness.noisy(s, level, 20, 1000 + seed), kind);
        }
        if (all) {
          weakestNoisy = level;
        } else {
          noisy = false;
        }
      }
    }
    double lowestSnr = Double.NaN;
    short[] s = signal.apply(-20);
    for (double snr = 30; snr >= -10; snr -= 1) {
      boolean all = true;
      for (int seed = 0; seed < SEEDS && all; seed++) {
        all = detects(d, Harness.noisy(s, -20, snr, 2000 + seed), kind);
      }
      if (!all) {
        break;
      }
      lowestSnr = snr;
    }
    System.out.printf("%s detection range: +3 to %.0f dBm0 clean, +3 to %.0f dBm0 at 20 dB SNR;"
        + " at -20 dBm0 down to %.0f dB SNR%n", name, weakestClean, weakestNoisy, lowestSnr);
    assertTrue(weakestClean <= -43 && weakestNoisy <= -43, name + ": must reach -43 dBm0");
    for (double level = -6; level >= -43; level -= 1) {
      short[] t = signal.apply(level);
      assertTrue(detects(d, t, kind), name + " clean at " + level);
      assertTrue(detects(d, Harness.noisy(t, level, 20, 77), kind), name + " at 20 dB SNR at " + level);
    }
  }

  private static boolean detects(ToneDetector d, short[] s, ToneEvent kind) {
    var ev = Harness.detections(Harness.run(d, s, 160));
    return ev.size() == 1 && ev.get(0).kind() == kind;
  }
}
