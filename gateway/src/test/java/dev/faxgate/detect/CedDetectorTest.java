package dev.faxgate.detect;

import static dev.faxgate.bench.Signals.answerTone;
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
 * What this exercises: CedDetector, the 2100 Hz answer tones.
 *  - CED/ANS (2.6 s plain), ANSam (15 Hz AM, 20 %), ANS/ and ANSam/ (phase reversals every 450 ms)
 *    at -6 ... -43 dBm0, clean, at 20 dB SNR, through µ-law and A-law, and noisy then µ-law: the
 *    right kind reported once, 500 ms after a start found within 25 ms, then END, decided 55 ms
 *    after the tone stops, which dates the end within 20 ms; for the reversing tones every
 *    reversal, each within 5 ms of its true time, and ANS_PR / ANSAM_PR once two reversals 450 ms
 *    apart have been seen.
 *  - The V.25 tolerance (2100 ± 15 Hz) accepted; 2000, 2050, 2150 and 2200 Hz rejected, and a
 *    300 ms burst of 2100 Hz is too short.
 *  - Consecutive tones at -6, -38 and -15 dBm0 are each detected.
 *  - The same events for any block length, and reset().
 */
class CedDetectorTest {

  private static final int LEAD = Signals.samples(200);

  @ParameterizedTest
  @EnumSource(Line.class)
  void plainAnswerToneAcrossLevels(Line line) {
    CedDetector d = new CedDetector();
    for (double level : Harness.LEVELS) {
      short[] s = line.apply(concat(silence(200), answerTone(level, 2600, 0, 0), silence(500)), level, 7);
      List<Event> ev = Harness.run(d, s, 160);
      String where = line + " at " + level + " dBm0: " + ev;
      assertEquals(2, ev.size(), where);
      Event ans = ev.get(0);
      assertEquals(ToneEvent.ANS, ans.kind(), where);
      assertEquals(LEAD, ans.signalAt(), Signals.samples(25), where);
      assertEquals(LEAD + Signals.samples(CedDetector.RECOGNISE_MS), ans.decidedAt(), Signals.samples(30), where);
      assertEquals(2100.0, ans.frequencyHz(), 1.0, where);
      if (line == Line.CLEAN) {
        assertEquals(level, ans.levelDbm0(), 1.0, where);
      }
      assertEquals(ToneEvent.END, ev.get(1).kind(), where);
      assertEquals(LEAD + Signals.samples(2600), ev.get(1).signalAt(), Signals.samples(20), where);
      assertEquals(ev.get(1).signalAt() + Signals.samples(55), ev.get(1).decidedAt(), Signals.samples(10), where);
    }
  }

  @ParameterizedTest
  @EnumSource(Line.class)
  void ansamAcrossLevels(Line line) {
    CedDetector d = new CedDetector();
    for (double level : Harness.LEVELS) {
      short[] s = line.apply(concat(silence(200), answerTone(level, 5000, 0.2, 0), silence(500)), level, 8);
      List<Event> ev = Harness.run(d, s, 160);
      String where = line + " at " + level + " dBm0: " + ev;
      assertEquals(List.of(ToneEvent.ANSAM, ToneEvent.END), kinds(ev), where);
      assertTrue(d.modulated());
    }
  }

  @ParameterizedTest
  @EnumSource(Line.class)
  void phaseReversalsAcrossLevels(Line line) {
    CedDetector d = new CedDetector();
    for (boolean am : new boolean[] {false, true}) {
      for (double level : Harness.LEVELS) {
        // 3.3 s with reversals at 450, 900, ..., 3150 ms: 7 reversals.
        short[] s = line.apply(concat(silence(200), answerTone(level, 3300, am ? 0.2 : 0, 450), silence(500)),
            level, 9);
        List<Event> ev = Harness.run(d, s, 160);
        String where = (am ? "ANSam/ " : "ANS/ ") + line + " at " + level + " dBm0: " + ev;
        List<Event> detections = Harness.detections(ev);
        assertEquals(am ? List.of(ToneEvent.ANSAM, ToneEvent.ANSAM_PR) : List.of(ToneEvent.ANS, ToneEvent.ANS_PR),
            kinds(detections), where);
        List<Event> reversals = Harness.only(ev, ToneEvent.PHASE_REVERSAL);
        assertEquals(7, reversals.size(), where);
        for (int k = 0; k < reversals.size(); k++) {
          assertEquals(LEAD + Signals.samples(450) * (k + 1), reversals.get(k).signalAt(), Signals.samples(5), where);
        }
        assertEquals(ToneEvent.END, ev.get(ev.size() - 1).kind(), where);
      }
    }
  }

  @Test
  void frequencyTolerance() {
    CedDetector d = new CedDetector();
    for (double hz : new double[] {2085, 2100, 2115}) {
      List<Event> ev = Harness.run(d, concat(silence(200), tone(hz, -20, 2600), silence(300)), 160);
      assertEquals(List.of(ToneEvent.ANS, ToneEvent.END), kinds(ev), hz + " Hz");
      assertEquals(hz, ev.get(0).frequencyHz(), 1.0);
    }
    for (double hz : new double[] {2000, 2050, 2150, 2200, 1100}) {
      assertEquals(List.of(), Harness.run(d, concat(silence(200), tone(hz, -10, 3000)), 160), hz + " Hz");
    }
  }

  @Test
  void aShortBurstIsNotAnAnswerTone() {
    CedDetector d = new CedDetector();
    assertEquals(List.of(), Harness.run(d, concat(silence(200), tone(2100, -10, 300), silence(500)), 160));
    assertTrue(d.longestToneMs() > 250 && d.longestToneMs() < CedDetector.RECOGNISE_MS);
  }

  @Test
  void tonesAtDifferentLevelsAreEachDetected() {
    short[] s = concat(silence(200), answerTone(-6, 2600, 0, 0), silence(1000), answerTone(-38, 2600, 0, 0),
        silence(1000), answerTone(-15, 2600, 0.2, 0), silence(300));
    List<Event> ev = Harness.detections(Harness.run(new CedDetector(), s, 160));
    assertEquals(List.of(ToneEvent.ANS, ToneEvent.ANS, ToneEvent.ANSAM), kinds(ev), ev.toString());
    assertEquals(-38, ev.get(1).levelDbm0(), 1.0);
  }

  @Test
  void sameEventsForAnyBlockLength() {
    short[] s = Harness.noisy(concat(silence(200), answerTone(-25, 3300, 0.2, 450), silence(300)), -25, 20, 3);
    List<Event> reference = Harness.run(new CedDetector(), s, s.length);
    assertTrue(reference.size() > 5);
    for (int block : new int[] {1, 7, 160, 333}) {
      assertEquals(reference, Harness.run(new CedDetector(), s, block), "block " + block);
    }
  }

  @Test
  void resetStartsAfresh() {
    CedDetector d = new CedDetector();
    short[] s = concat(silence(200), answerTone(-20, 2600, 0, 0), silence(300));
    Harness.run(d, s, 160);
    assertTrue(d.detected());
    d.reset();
    assertEquals(0, d.samplesProcessed());
    assertEquals(null, d.events().lastDetection());
    assertEquals(List.of(ToneEvent.ANS, ToneEvent.END), kinds(Harness.feed(d, s, 160)));
  }

  private static List<ToneEvent> kinds(List<Event> ev) {
    return ev.stream().map(Event::kind).toList();
  }
}
