package dev.faxgate.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TcfCheck: the counting and the rule on bits given directly; 1.5 s of zeros through V.17 and V.29
 * clean (OK) and at a low SNR (FTT); faxpeer's V.29 TCF (FAXPEER; skipped with a message when unset).
 */
class TcfCheckTest {
  @TempDir Path dir;

  private static void feed(TcfCheck c, int n, int bit) {
    for (int i = 0; i < n; i++) {
      c.putBit(bit);
    }
  }

  @Test
  void countsAndRule() {
    TcfCheck c = new TcfCheck(9600);
    feed(c, 100, 1); // before training: ignored
    c.status(ModemStatus.TRAINING_SUCCEEDED);
    feed(c, 5000, 0);
    c.putBit(1);
    feed(c, 9600, 0);
    c.putBit(1);
    feed(c, 5, 0);
    c.status(ModemStatus.CARRIER_DOWN);
    feed(c, 100, 1); // after carrier down: ignored
    assertTrue(c.done());
    assertEquals(14607, c.bits());
    assertEquals(2, c.ones());
    assertEquals(9600, c.longestZeroRun());
    assertEquals(1, c.windowOnes()); // only the first is within the first 1.35 s (12960 bits)
    assertEquals(1.0 / 12960, c.onesFraction(), 1e-12);
    assertTrue(c.ok(), c.toString());
    // one bit short of 1 s
    c.restart(9601);
    c.start();
    feed(c, 9600, 0);
    assertFalse(c.ok(), c.toString());
    // a stricter gateway: at most 1e-4 ones
    TcfCheck strict = new TcfCheck(9600, 1.0, 1e-4);
    strict.start();
    feed(strict, 10000, 0);
    for (int i = 0; i < 10; i++) {
      strict.putBit(1);
      feed(strict, 400, 0);
    }
    assertEquals(10000, strict.longestZeroRun());
    assertFalse(strict.ok(), strict.toString());
    assertFalse(new TcfCheck(9600).ok(), "no bits: not OK");
  }

  static short[] tcfSignal(String modem, int rate, double snrDb) {
    byte[] zeros = new byte[rate * 3 / 16]; // 1.5 s
    short[] s = modem.equals("v17") ? V17Line.transmit(rate, false, zeros, -14, 1600)
        : V29Line.transmit(rate, zeros, -14, 0, 20);
    return Double.isNaN(snrDb) ? s : V17Line.addNoise(s, snrDb, rate + 11);
  }

  static TcfCheck receive(String modem, int rate, short[] s) {
    TcfCheck c = new TcfCheck(rate);
    ModemRx rx = modem.equals("v17") ? new V17Rx(c, rate) : new V29Rx(rate, c);
    for (int i = 0; i < s.length; i += 160) {
      rx.rx(s, i, Math.min(160, s.length - i));
    }
    return c;
  }

  @ParameterizedTest
  @CsvSource({"v17, 14400", "v17, 9600", "v29, 9600", "v29, 7200"})
  void cleanTcfIsOk(String modem, int rate) {
    short[] s = tcfSignal(modem, rate, Double.NaN);
    TcfCheck c = receive(modem, rate, s);
    System.out.println("clean " + modem + ": " + c);
    assertTrue(c.done(), c.toString());
    assertTrue(c.ok(), c.toString());
    assertTrue(c.longestZeroRun() >= rate * 14 / 10, c.toString());
    assertEquals(0, c.windowOnes(), c.toString());
    // a stricter rule (error fraction at most 1e-4 as well) passes a clean TCF too
    TcfCheck strict = new TcfCheck(rate, 1.0, 1e-4);
    ModemRx rx = modem.equals("v17") ? new V17Rx(strict, rate) : new V29Rx(rate, strict);
    for (int i = 0; i < s.length; i += 160) {
      rx.rx(s, i, Math.min(160, s.length - i));
    }
    assertTrue(strict.ok(), strict.toString());
  }

  @ParameterizedTest
  @CsvSource({"v17, 14400, 8", "v17, 9600, 4", "v29, 9600, 4"})
  void noisyTcfFails(String modem, int rate, int snr) {
    TcfCheck c = receive(modem, rate, tcfSignal(modem, rate, snr));
    System.out.println(modem + " at " + snr + " dB SNR: " + c);
    assertFalse(c.ok(), c.toString());
  }

  @Test
  void faxpeerV29TcfIsOk() throws Exception {
    String faxpeer = System.getenv("FAXPEER");
    if (faxpeer == null || faxpeer.isEmpty()) {
      System.out.println("TcfCheckTest.faxpeerV29TcfIsOk skipped: set FAXPEER to the faxpeer binary");
      return;
    }
    Path in = dir.resolve("tcf.bin");
    Path pcm = dir.resolve("tcf.pcm");
    Files.write(in, new byte[9600 * 3 / 16]);
    Process p = new ProcessBuilder(faxpeer, "modem-tx", "v29", "9600", in.toString(), pcm.toString())
        .redirectError(dir.resolve("stderr.txt").toFile()).start();
    String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "faxpeer did not finish");
    assertTrue(json.contains("\"status\":\"OK\""), json);
    byte[] b = Files.readAllBytes(pcm);
    short[] s = new short[b.length / 2];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
    TcfCheck c = receive("v29", 9600, s);
    System.out.println("faxpeer modem-tx v29 9600 TCF -> V29Rx: " + c);
    assertTrue(c.ok(), c.toString());
    assertTrue(c.bits() >= 9600, c.toString());
  }
}
