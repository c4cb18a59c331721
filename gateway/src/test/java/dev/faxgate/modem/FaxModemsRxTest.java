package dev.faxgate.modem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.hdlc.HdlcRx;
import dev.faxgate.testutil.SteadyStateAllocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * FaxModemsRx: V.21 alone, a fast burst alone, and T.30's DCS on V.21 + 75 ms silence + TCF on the
 * fast modem in one signal; which receiver started, and what each delivered. No timing assertions.
 */
class FaxModemsRxTest {
  /** What the listener heard, as "+V21", "-V21", "+FAST", "-FAST". */
  static final class Log implements FaxModemsRx.Listener {
    final List<String> events = new ArrayList<>();

    @Override
    public void started(FaxModemsRx.ActiveModem which) {
      events.add("+" + which);
    }

    @Override
    public void ended(FaxModemsRx.ActiveModem which) {
      events.add("-" + which);
    }
  }

  /** The V.21 side: an HdlcRx collecting frames. */
  static V21Line.Result v21Side() {
    V21Line.Result r = new V21Line.Result();
    r.hdlc = new HdlcRx(r);
    return r;
  }

  /** A BitSink that feeds an HdlcRx (status included). */
  static BitSink hdlcSink(V21Line.Result r) {
    return new BitSink() {
      @Override
      public void putBit(int bit) {
        r.hdlc.putBit(bit);
      }

      @Override
      public void status(ModemStatus status) {
        r.hdlc.status(status);
      }
    };
  }

  static void run(FaxModemsRx rx, short[] pcm) {
    for (int i = 0; i < pcm.length; i += 160) {
      rx.rx(pcm, i, Math.min(160, pcm.length - i));
    }
  }

  /** {@code pcm} without its trailing silence, then {@code ms} of silence. */
  static short[] trimThenSilence(short[] pcm, int ms) {
    int end = pcm.length;
    while (end > 0 && pcm[end - 1] == 0) {
      end--;
    }
    return Arrays.copyOf(pcm, end + ms * 8);
  }

  static short[] fastBurst(FastModem m, int rate, byte[] data) {
    return fastBurst(m, rate, data, -14);
  }

  static short[] fastBurst(FastModem m, int rate, byte[] data, double level) {
    return switch (m) {
      case V17 -> V17Line.transmit(rate, false, data, level, 1600);
      case V29 -> V29Line.transmit(rate, data, level, 0, 0);
      case V27TER -> {
        V27terTx tx = new V27terTx(rate, false, V27terLine.source(data));
        tx.power(level);
        yield V27terLine.transmit(tx, 1600);
      }
      default -> throw new IllegalArgumentException();
    };
  }

  @ParameterizedTest
  @CsvSource({"V17, 14400", "V29, 9600", "V27TER, 4800"})
  void v21AloneReportsV21AndDeliversFrames(FastModem modem, int rate) {
    List<byte[]> frames = V21Line.T30_FRAMES.subList(0, 5);
    short[] pcm = V21Line.transmit(V21Channel.CH2, frames, -14, 0, 800);
    V21Line.Result v21 = v21Side();
    V17Line.Sink fast = new V17Line.Sink();
    Log log = new Log();
    FaxModemsRx rx = new FaxModemsRx(hdlcSink(v21), fast, log, modem, rate);
    run(rx, pcm);
    System.out.println("V.21 alone, expecting " + modem + " " + rate + ": " + log.events + ", V.21 " + v21
        + ", fast events " + fast.events);
    assertEquals(List.of("+V21", "-V21"), log.events);
    assertTrue(v21.allOf(frames), v21.toString());
    assertTrue(fast.bursts.isEmpty() && !fast.events.contains(ModemStatus.TRAINING_SUCCEEDED), fast.events.toString());
    assertEquals(FaxModemsRx.ActiveModem.NONE, rx.active());
  }

  @ParameterizedTest
  @CsvSource({"V17, 14400", "V17, 9600", "V29, 9600", "V29, 7200", "V27TER, 4800"})
  void fastAloneReportsFastAndDeliversPayload(FastModem modem, int rate) {
    byte[] data = V17Line.payload(rate / 4, rate + 7);
    short[] pcm = fastBurst(modem, rate, data);
    V21Line.Result v21 = v21Side();
    V17Line.Sink fast = new V17Line.Sink();
    Log log = new Log();
    FaxModemsRx rx = new FaxModemsRx(hdlcSink(v21), fast, log, modem, rate);
    run(rx, pcm);
    byte[] got = fast.last();
    System.out.println(modem + " " + rate + " alone: " + log.events + ", fast events " + fast.events + ", "
        + got.length + " bytes, V.21 " + v21);
    assertEquals(List.of("+FAST", "-FAST"), log.events);
    assertTrue(got.length >= data.length, "got " + got.length + " bytes");
    assertArrayEquals(data, Arrays.copyOf(got, data.length));
    assertTrue(v21.good.isEmpty(), v21.toString());
  }

  /** T.30: DCS (and TSI) on V.21, 75 ms of silence, TCF on the fast modem: V.21, then FAST. */
  @ParameterizedTest
  @CsvSource({"V17, 14400", "V29, 9600", "V27TER, 4800"})
  void dcsThenTcf(FastModem modem, int rate) {
    List<byte[]> frames = List.of(V21Line.T30_FRAMES.get(3), V21Line.T30_FRAMES.get(4));
    short[] dcs = trimThenSilence(V21Line.transmit(V21Channel.CH2, frames, -14, 0, 800), 75);
    byte[] zeros = new byte[rate * 3 / 16]; // 1.5 s
    short[] pcm = V17Line.concat(dcs, fastBurst(modem, rate, zeros));
    V21Line.Result v21 = v21Side();
    TcfCheck tcf = new TcfCheck(rate);
    Log log = new Log();
    FaxModemsRx rx = new FaxModemsRx(hdlcSink(v21), tcf, log, modem, rate);
    run(rx, pcm);
    System.out.println("DCS + TCF " + modem + " " + rate + ": " + log.events + ", V.21 " + v21 + ", " + tcf);
    assertEquals(List.of("+V21", "-V21", "+FAST", "-FAST"), log.events);
    assertTrue(v21.allOf(frames), v21.toString());
    assertTrue(tcf.done() && tcf.ok(), tcf.toString());
    assertTrue(tcf.bits() >= rate, tcf.toString());
    assertEquals(1, rx.v21Starts());
    assertEquals(1, rx.fastStarts());
  }

  /**
   * A page on the fast modem, 75 ms of silence, then MPS on V.21: FAST, then both listen again and
   * V.21 wins; clean and through noise at 20 dB SNR (snr 0: clean).
   */
  @ParameterizedTest
  @CsvSource({"V17, 14400, 0", "V29, 9600, 0", "V17, 9600, 20", "V29, 9600, 20", "V27TER, 4800, 20"})
  void pageThenPostMessage(FastModem modem, int rate, int snr) {
    byte[] data = V17Line.payload(rate / 8, rate + 3);
    List<byte[]> frames = List.of(V21Line.T30_FRAMES.get(6));
    short[] pcm = V17Line.concat(trimThenSilence(fastBurst(modem, rate, data), 75),
        V21Line.transmit(V21Channel.CH2, frames, -14, 0, 0));
    if (snr > 0) {
      pcm = V17Line.addNoise(pcm, snr, rate + snr);
    }
    V21Line.Result v21 = v21Side();
    V17Line.Sink fast = new V17Line.Sink();
    Log log = new Log();
    FaxModemsRx rx = new FaxModemsRx(hdlcSink(v21), fast, log, modem, rate);
    run(rx, pcm);
    System.out.println("page " + modem + " " + rate + " + MPS (snr " + snr + "): " + log.events + ", V.21 " + v21);
    assertEquals(List.of("+FAST", "-FAST", "+V21", "-V21"), log.events);
    assertArrayEquals(data, Arrays.copyOf(fast.last(), data.length));
    assertTrue(v21.allOf(frames), v21.toString());
  }

  /**
   * The gateway's V.17 sequence: DCS + TCF (long training), then, restarted between blocks for a
   * short training, the page (short training) and MPS on V.21.
   */
  @Test
  void v17LongThenShortTraining() {
    int rate = 14400;
    List<byte[]> dcs = List.of(V21Line.T30_FRAMES.get(4));
    short[] first = V17Line.concat(trimThenSilence(V21Line.transmit(V21Channel.CH2, dcs, -14, 0, 800), 75),
        V17Line.transmit(rate, false, new byte[rate * 3 / 16], -14, 1600));
    byte[] page = V17Line.payload(3000, 17);
    List<byte[]> mps = List.of(V21Line.T30_FRAMES.get(6));
    short[] second = V17Line.concat(trimThenSilence(V17Line.transmit(rate, true, page, -14, 0), 75),
        V21Line.transmit(V21Channel.CH2, mps, -14, 0, 0));
    V21Line.Result v21 = v21Side();
    TcfCheck tcf = new TcfCheck(rate);
    V17Line.Sink pageSink = new V17Line.Sink();
    BitSink[] target = {tcf};
    BitSink fast = new BitSink() {
      @Override
      public void putBit(int bit) {
        target[0].putBit(bit);
      }

      @Override
      public void status(ModemStatus status) {
        target[0].status(status);
      }
    };
    Log log = new Log();
    FaxModemsRx rx = new FaxModemsRx(hdlcSink(v21), fast, log, FastModem.V17, rate);
    run(rx, first);
    assertTrue(tcf.ok(), tcf.toString());
    target[0] = pageSink;
    rx.restart(FastModem.V17, rate, true);
    run(rx, second);
    System.out.println("V.17 long then short: " + log.events + ", V.21 " + v21 + ", " + tcf + ", page events "
        + pageSink.events);
    assertEquals(List.of("+V21", "-V21", "+FAST", "-FAST", "+FAST", "-FAST", "+V21", "-V21"), log.events);
    assertArrayEquals(page, Arrays.copyOf(pageSink.last(), page.length));
    assertEquals(2, v21.good.size(), v21.toString());
  }

  /** DCS + TCF through white noise at 20 dB SNR and a low level: still V.21, then FAST, TCF OK. */
  @ParameterizedTest
  @CsvSource({"V17, 9600", "V29, 9600", "V27TER, 4800"})
  void dcsThenTcfNoisy(FastModem modem, int rate) {
    List<byte[]> frames = List.of(V21Line.T30_FRAMES.get(4));
    short[] dcs = trimThenSilence(V21Line.transmit(V21Channel.CH2, frames, -14, 0, 800), 75);
    short[] pcm = V17Line.addNoise(V17Line.concat(dcs, fastBurst(modem, rate, new byte[rate * 3 / 16])), 20, rate);
    V21Line.Result v21 = v21Side();
    TcfCheck tcf = new TcfCheck(rate);
    Log log = new Log();
    FaxModemsRx rx = new FaxModemsRx(hdlcSink(v21), tcf, log, modem, rate);
    run(rx, pcm);
    System.out.println("DCS + TCF " + modem + " " + rate + " at 20 dB SNR: " + log.events + ", V.21 " + v21 + ", " + tcf);
    assertEquals(List.of("+V21", "-V21", "+FAST", "-FAST"), log.events);
    assertTrue(v21.allOf(frames), v21.toString());
    assertTrue(tcf.ok(), tcf.toString());
  }

  /** DCS + TCF at -40 dBm0, clean: V.21, then FAST, TCF OK. */
  @ParameterizedTest
  @CsvSource({"V17, 14400", "V29, 9600", "V27TER, 4800"})
  void dcsThenTcfLowLevel(FastModem modem, int rate) {
    List<byte[]> frames = List.of(V21Line.T30_FRAMES.get(4));
    short[] dcs = trimThenSilence(V21Line.transmit(V21Channel.CH2, frames, -40, 0, 800), 75);
    short[] pcm = V17Line.concat(dcs, fastBurst(modem, rate, new byte[rate * 3 / 16], -40));
    V21Line.Result v21 = v21Side();
    TcfCheck tcf = new TcfCheck(rate);
    Log log = new Log();
    FaxModemsRx rx = new FaxModemsRx(hdlcSink(v21), tcf, log, modem, rate);
    run(rx, pcm);
    System.out.println("DCS + TCF " + modem + " " + rate + " at -40 dBm0: " + log.events + ", V.21 " + v21 + ", " + tcf);
    assertEquals(List.of("+V21", "-V21", "+FAST", "-FAST"), log.events);
    assertTrue(v21.allOf(frames), v21.toString());
    assertTrue(tcf.ok(), tcf.toString());
  }

  @Test
  void v21OnlyWhenNoFastModem() {
    List<byte[]> frames = V21Line.T30_FRAMES.subList(5, 8);
    short[] pcm = V21Line.transmit(V21Channel.CH2, frames, -30, 0, 800);
    V21Line.Result v21 = v21Side();
    Log log = new Log();
    FaxModemsRx rx = new FaxModemsRx(hdlcSink(v21), new V17Line.Sink(), log, null, 0);
    run(rx, pcm);
    assertEquals(List.of("+V21", "-V21"), log.events);
    assertTrue(v21.allOf(frames), v21.toString());
  }

  /** No allocation per block: DCS + TCF signals through the receiver again and again. */
  @Test
  void steadyStateAllocatesNothing() {
    List<byte[]> frames = List.of(V21Line.T30_FRAMES.get(4));
    short[] dcs = trimThenSilence(V21Line.transmit(V21Channel.CH2, frames, -14, 0, 800), 75);
    short[] pcm = V17Line.concat(dcs, fastBurst(FastModem.V29, 9600, new byte[1800]));
    V21Line.Result v21 = v21Side();
    TcfCheck tcf = new TcfCheck(9600);
    long[] starts = {0};
    FaxModemsRx rx = new FaxModemsRx(hdlcSink(v21), tcf, which -> starts[0]++, FastModem.V29, 9600);
    SteadyStateAllocation a = SteadyStateAllocation.measure(() -> run(rx, pcm), 4, 4);
    // every round: V21 then FAST
    assertEquals(2L * (4 + a.measuredSteps()), starts[0]);
    assertTrue(tcf.ok(), tcf.toString());
    assertTrue(a.allButOneWindowBelow(4096), a + " (" + pcm.length / 160 + " blocks a step)");
  }
}
