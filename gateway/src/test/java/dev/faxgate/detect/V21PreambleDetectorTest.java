package dev.faxgate.detect;

import static dev.faxgate.bench.Signals.concat;
import static dev.faxgate.bench.Signals.concatBits;
import static dev.faxgate.bench.Signals.flagBits;
import static dev.faxgate.bench.Signals.octetBits;
import static dev.faxgate.bench.Signals.silence;
import static dev.faxgate.bench.Signals.v21;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.detect.Harness.Event;
import dev.faxgate.detect.Harness.Line;
import dev.faxgate.dsp.AwgnGenerator;
import dev.faxgate.bench.Signals;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/*
 * What this exercises: V21PreambleDetector, HDLC flags on V.21 channel 2 (1650/1850 Hz, 300 bit/s).
 *  - A T.30-like burst (37 flags = 1 s of preamble, a frame FF 13 80 ..., 2 closing flags) at
 *    -6 ... -43 dBm0, clean, at 20 dB SNR, through µ-law and A-law, and noisy then µ-law: one
 *    V21_PREAMBLE after 5 flags (decided within 10 ms of the 5th flag's end, onset within one bit
 *    of the truth), one END when the frame starts, dating the last flag's end within 2 bits.
 *  - 4 flags then a frame are not enough (5 are, spandsp's framing threshold); flags that are not
 *    back to back (a 0 between them) are not a preamble; neither are random bits, nor a steady mark
 *    or space tone; two bursts give two detections.
 *  - The same events for any block length, and reset().
 */
class V21PreambleDetectorTest {

  private static final int LEAD = Signals.samples(200);
  private static final double BIT = 8000.0 / 300.0;
  static final int[] FRAME = octetBits(0xFF, 0x13, 0x80, 0x00, 0xCE, 0xF4, 0x80);

  static short[] burst(int flags, double dbm0) {
    return concat(silence(200), v21(concatBits(flagBits(flags), FRAME, flagBits(2)), dbm0), silence(300));
  }

  @ParameterizedTest
  @EnumSource(Line.class)
  void detectsThePreambleFromMinus6ToMinus43Dbm0(Line line) {
    V21PreambleDetector d = new V21PreambleDetector();
    for (double level : Harness.LEVELS) {
      short[] s = line.apply(burst(37, level), level, 5);
      List<Event> ev = Harness.run(d, s, 160);
      String where = line + " at " + level + " dBm0: " + ev;
      assertEquals(2, ev.size(), where);
      Event pre = ev.get(0);
      assertEquals(ToneEvent.V21_PREAMBLE, pre.kind(), where);
      assertEquals(LEAD + 40 * BIT, pre.decidedAt(), Signals.samples(10), where);
      assertEquals(LEAD, pre.signalAt(), BIT, where);
      if (line == Line.CLEAN) {
        assertEquals(level, pre.levelDbm0(), 1.0, where);
      }
      assertEquals(ToneEvent.END, ev.get(1).kind(), where);
      assertEquals(LEAD + 37 * 8 * BIT, ev.get(1).decidedAt(), 10 * BIT, where);
      assertEquals(LEAD + 37 * 8 * BIT, ev.get(1).signalAt(), 2 * BIT, where);
    }
  }

  @Test
  void needsFiveBackToBackFlags() {
    assertEquals(List.of(), Harness.run(new V21PreambleDetector(), burst(4, -20), 160));
    assertEquals(1, Harness.detections(Harness.run(new V21PreambleDetector(), burst(5, -20), 160)).size());
    assertEquals(1, Harness.detections(Harness.run(new V21PreambleDetector(3), burst(4, -20), 160)).size());
    // 30 flags, each followed by a 0: never two flags exactly 8 bits apart.
    int[] spaced = new int[0];
    for (int k = 0; k < 30; k++) {
      spaced = concatBits(spaced, flagBits(1), new int[] {0});
    }
    V21PreambleDetector d = new V21PreambleDetector();
    assertEquals(List.of(), Harness.run(d, concat(silence(200), v21(spaced, -20), silence(300)), 160));
    assertEquals(1, d.mostFlags());
    assertThrows(IllegalArgumentException.class, () -> new V21PreambleDetector(0));
  }

  @Test
  void randomBitsAndSteadyTonesAreNotAPreamble() {
    AwgnGenerator rnd = new AwgnGenerator(77, 1);
    int[] bits = new int[3000];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = rnd.nextUniform() < 0.5 ? 0 : 1;
    }
    V21PreambleDetector d = new V21PreambleDetector();
    assertEquals(List.of(), Harness.run(d, v21(bits, -15), 160));
    assertTrue(d.mostFlags() < 5);
    int[] ones = new int[900];
    java.util.Arrays.fill(ones, 1);
    assertEquals(List.of(), Harness.run(d, v21(ones, -15), 160));
    assertEquals(List.of(), Harness.run(d, v21(new int[900], -15), 160));
  }

  @Test
  void twoBurstsTwoDetections() {
    short[] s = concat(burst(37, -20), silence(500), burst(37, -20));
    List<Event> pre = Harness.only(Harness.run(new V21PreambleDetector(), s, 160), ToneEvent.V21_PREAMBLE);
    assertEquals(2, pre.size(), pre.toString());
  }

  @Test
  void sameEventsForAnyBlockLength() {
    short[] s = Harness.noisy(burst(37, -30), -30, 20, 4);
    List<Event> reference = Harness.run(new V21PreambleDetector(), s, s.length);
    assertEquals(2, reference.size());
    for (int block : new int[] {1, 7, 160, 333}) {
      assertEquals(reference, Harness.run(new V21PreambleDetector(), s, block), "block " + block);
    }
  }

  @Test
  void resetStartsAfresh() {
    V21PreambleDetector d = new V21PreambleDetector();
    short[] s = burst(37, -20);
    d.process(s, 0, LEAD + (int) (3 * 8 * BIT));
    d.reset();
    assertEquals(0, d.samplesProcessed());
    List<Event> ev = Harness.feed(d, s, 160);
    assertEquals(ToneEvent.V21_PREAMBLE, ev.get(0).kind());
    assertEquals(LEAD, ev.get(0).signalAt(), BIT);
  }
}
