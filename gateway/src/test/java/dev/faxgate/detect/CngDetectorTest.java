package dev.faxgate.detect;

import static dev.faxgate.bench.Signals.concat;
import static dev.faxgate.bench.Signals.silence;
import static dev.faxgate.bench.Signals.tone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.detect.Harness.Event;
import dev.faxgate.detect.Harness.Line;
import dev.faxgate.bench.Signals;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/*
 * What this exercises: CngDetector, the calling tone (1100 Hz, 0.5 s on / 3 s off).
 *  - Detection of every burst of an 8 s CNG signal at -6 ... -43 dBm0, clean, at 20 dB SNR, through
 *    G.711 µ-law and A-law, and noisy then µ-law; the onset within 25 ms of the truth, the level
 *    within 1 dB, the frequency within 2 Hz.
 *  - The T.30 tolerances: 1062 and 1138 Hz (1100 ± 38) and bursts of 425 and 575 ms (0.5 s ± 15 %)
 *    are CNG; 1000, 1050, 1150 and 1200 Hz are not.
 *  - The cadence decision (see CngDetector's javadoc: spandsp and Asterisk would report these):
 *    a continuous 1100 Hz, bursts of 1 s and of 300 ms, and a burst followed by more 1100 Hz after
 *    only 100 ms are not CNG.
 *  - Consecutive bursts at -6, -35 and -12 dBm0 are each detected at their own level.
 *  - The same events whatever the block length (1, 7, 160, 333 samples, whole signal), and reset().
 */
class CngDetectorTest {

  private static final int LEAD = Signals.samples(300);

  /** 300 ms of silence, then 8 s of CNG cadence (bursts at 0.3, 3.8 and 7.3 s), then 0.5 s. */
  static short[] cngSignal(double dbm0) {
    return concat(silence(300), Signals.cng(8, dbm0, 500, 3000), silence(500));
  }

  @ParameterizedTest
  @EnumSource(Line.class)
  void detectsEveryBurstFromMinus6ToMinus43Dbm0(Line line) {
    CngDetector d = new CngDetector();
    for (double level : Harness.LEVELS) {
      short[] s = line.apply(cngSignal(level), level, (long) (level * 100));
      List<Event> ev = Harness.run(d, s, 160);
      String where = line + " at " + level + " dBm0: " + ev;
      assertEquals(3, ev.size(), where);
      for (int k = 0; k < 3; k++) {
        Event e = ev.get(k);
        long truth = LEAD + k * Signals.samples(3500);
        assertEquals(ToneEvent.CNG, e.kind(), where);
        assertEquals(truth, e.signalAt(), Signals.samples(25), where);
        assertTrue(e.decidedAt() - truth < Signals.samples(800), "reported within 0.8 s: " + where);
        if (line == Line.CLEAN) {
          assertEquals(level, e.levelDbm0(), 1.0, where);
        }
        assertEquals(1100.0, e.frequencyHz(), 2.0, where);
      }
      assertEquals(3, d.bursts());
    }
  }

  @Test
  void acceptsTheT30Tolerances() {
    CngDetector d = new CngDetector();
    for (double hz : new double[] {1062, 1100, 1138}) {
      for (double ms : new double[] {425, 500, 575}) {
        short[] s = concat(silence(200), tone(hz, -20, ms), silence(400));
        List<Event> ev = Harness.run(d, s, 160);
        assertEquals(1, ev.size(), hz + " Hz for " + ms + " ms: " + ev);
        assertEquals(hz, ev.get(0).frequencyHz(), 2.0);
      }
    }
  }

  @Test
  void rejectsOtherFrequencies() {
    CngDetector d = new CngDetector();
    for (double hz : new double[] {1000, 1050, 1150, 1200, 2100}) {
      short[] s = concat(silence(200), tone(hz, -10, 500), silence(3000), tone(hz, -10, 500), silence(400));
      assertEquals(List.of(), Harness.run(d, s, 160), hz + " Hz");
    }
  }

  @Test
  void aContinuousToneOrAWrongCadenceIsNotCng() {
    CngDetector d = new CngDetector();
    short[][] notCng = {
      concat(silence(200), tone(1100, -10, 5000), silence(1000)),
      concat(silence(200), tone(1100, -10, 5000)),
      concat(silence(200), tone(1100, -10, 1000), silence(3000)),
      concat(silence(200), tone(1100, -10, 800), silence(3000)),
      concat(silence(200), tone(1100, -10, 300), silence(3000)),
      concat(silence(200), tone(1100, -10, 500), silence(100), tone(1100, -10, 2000), silence(3000)),
    };
    for (short[] s : notCng) {
      assertEquals(List.of(), Harness.run(d, s, 160));
    }
    // The continuous tone was seen, and rejected only for its length.
    Harness.run(d, notCng[0], 160);
    assertTrue(d.longestToneMs() >= CngDetector.MAX_ON_MS);
  }

  @Test
  void burstsAtDifferentLevelsAreEachDetected() {
    short[] s = concat(silence(300), tone(1100, -6, 500), silence(3000), tone(1100, -35, 500), silence(3000),
        tone(1100, -12, 500), silence(3000));
    List<Event> ev = Harness.run(new CngDetector(), s, 160);
    assertEquals(3, ev.size(), ev.toString());
    assertEquals(-6, ev.get(0).levelDbm0(), 1.0);
    assertEquals(-35, ev.get(1).levelDbm0(), 1.0);
    assertEquals(-12, ev.get(2).levelDbm0(), 1.0);
  }

  @Test
  void sameEventsForAnyBlockLength() {
    short[] s = Harness.noisy(cngSignal(-30), -30, 20, 11);
    List<Event> reference = Harness.run(new CngDetector(), s, s.length);
    assertEquals(3, reference.size());
    for (int block : new int[] {1, 7, 160, 333}) {
      assertEquals(reference, Harness.run(new CngDetector(), s, block), "block " + block);
    }
  }

  @Test
  void resetStartsAfresh() {
    CngDetector d = new CngDetector();
    short[] s = cngSignal(-20);
    // Stop in the middle of a burst, then reset: nothing of the half burst survives.
    d.process(s, 0, LEAD + Signals.samples(300));
    d.reset();
    assertEquals(0, d.samplesProcessed());
    assertEquals(0, d.events().detections());
    List<Event> ev = Harness.feed(d, s, 160);
    assertEquals(3, ev.size());
    assertEquals(LEAD, ev.get(0).signalAt(), Signals.samples(25));
    assertEquals(ToneEvent.CNG, d.events().lastDetection());
    assertTrue(d.detected());
  }
}
