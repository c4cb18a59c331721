package dev.faxgate.tools;

import dev.faxgate.cli.FaxgateCommand;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code faxgate modem-tx} / {@code modem-rx} in process: a frame file through both commands comes
 * back the same, each run prints one JSON line with faxpeer's fields, the noise option sets the
 * SNR as faxpeer defines it, and bad input gives exit 2 with a JSON error line.
 */
class ModemCommandTest {
  @TempDir
  Path dir;

  /** Runs {@code faxgate ARGS} and returns the exit status and the one JSON line it printed. */
  private static Object[] run(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      exit = new CommandLine(new FaxgateCommand()).execute(args);
    } finally {
      System.setOut(saved);
    }
    String text = out.toString(StandardCharsets.UTF_8).trim();
    assertEquals(1, text.lines().count(), "one JSON line: " + text);
    return new Object[] {exit, new JsonObject(text)};
  }

  static byte[] frameFile(byte[]... frames) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      b.write(f.length & 0xFF);
      b.write(f.length >>> 8);
      b.writeBytes(f);
    }
    return b.toByteArray();
  }

  private byte[] t30File() {
    return frameFile(
        new byte[] {(byte) 0xFF, 0x03, 0x40, 0x04, 0x04, 0x0C, (byte) 0x8C, 0x0C, 0x0C, 0x04, (byte) 0xAC},
        new byte[] {(byte) 0xFF, 0x13, (byte) 0x80, 0x00, (byte) 0xEE, (byte) 0xF8, (byte) 0x80, (byte) 0x80, (byte) 0x91},
        new byte[] {(byte) 0xFF, 0x13, (byte) 0x84});
  }

  @Test
  void roundTripBothChannels() throws Exception {
    byte[] frames = t30File();
    Path in = Files.write(dir.resolve("in.frames"), frames);
    for (String modem : new String[] {"v21ch1", "v21ch2"}) {
      Path pcm = dir.resolve(modem + ".pcm");
      Path out = dir.resolve(modem + ".frames");
      Object[] tx = run("modem-tx", modem, "300", in.toString(), pcm.toString(), "--level", "-20");
      assertEquals(0, tx[0]);
      JsonObject t = (JsonObject) tx[1];
      assertEquals("modem-tx", t.getString("role"));
      assertEquals("OK", t.getString("status"));
      assertEquals(3, t.getInteger("frames"));
      assertEquals(-20.0, t.getDouble("signal_dbm0"), 0.1);
      assertEquals(2L * t.getInteger("samples"), Files.size(pcm));
      assertEquals(1600, t.getInteger("samples") - t.getInteger("signal_end_sample"), 2); // 200 ms idle

      Object[] rx = run("modem-rx", modem, "300", pcm.toString(), out.toString());
      assertEquals(0, rx[0]);
      JsonObject r = (JsonObject) rx[1];
      assertEquals("OK", r.getString("status"));
      assertEquals(3, r.getInteger("frames_ok"));
      assertEquals(0, r.getInteger("frames_bad"));
      assertTrue(r.getBoolean("framing_ok"));
      assertTrue(r.getInteger("carrier_up_sample") >= 0 && r.getInteger("carrier_up_sample") < 100, r.encode());
      assertTrue(r.getInteger("carrier_down_sample") > t.getInteger("signal_end_sample"), r.encode());
      assertEquals(frames.length, r.getInteger("bytes_written"));
      assertArrayEquals(frames, Files.readAllBytes(out));
      assertEquals("Carrier up", r.getJsonArray("events").getJsonObject(0).getString("event"));
    }
  }

  @Test
  void noiseSetsTheSnrAndTheSeedRepeats() throws Exception {
    Path in = Files.write(dir.resolve("in.frames"), t30File());
    Path a = dir.resolve("a.pcm");
    Path b = dir.resolve("b.pcm");
    Path c = dir.resolve("c.pcm");
    JsonObject t = (JsonObject) run("modem-tx", "v21ch2", "300", in.toString(), a.toString(), "--snr", "6", "--seed", "7")[1];
    run("modem-tx", "v21ch2", "300", in.toString(), b.toString(), "--snr", "6", "--seed", "7");
    run("modem-tx", "v21ch2", "300", in.toString(), c.toString(), "--snr", "6", "--seed", "8");
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertTrue(!java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
    assertEquals(6.0, t.getDouble("snr_db"));
    assertEquals(-20.0, t.getDouble("noise_dbm0"), 0.05); // -14 dBm0 signal, 6 dB below
    JsonObject r = (JsonObject) run("modem-rx", "v21ch2", "300", a.toString(), dir.resolve("o").toString())[1];
    assertEquals(3, r.getInteger("frames_ok"));
  }

  @Test
  void oneFlagPreambleNeedsFramingFlags1() throws Exception {
    Path in = Files.write(dir.resolve("in.frames"), t30File());
    Path pcm = dir.resolve("s.pcm");
    JsonObject t = (JsonObject) run("modem-tx", "v21ch2", "300", in.toString(), pcm.toString(), "--no-training", "--idle-ms", "0")[1];
    assertEquals("preamble-1-flag", t.getString("training"));
    assertEquals(t.getInteger("signal_end_sample"), t.getInteger("samples"), 1);
    JsonObject five = (JsonObject) run("modem-rx", "v21ch2", "300", pcm.toString(), dir.resolve("o5").toString())[1];
    assertTrue(five.getInteger("frames_ok") < 3);
    Object[] one = run("modem-rx", "v21ch2", "300", pcm.toString(), dir.resolve("o1").toString(), "--framing-flags", "1");
    assertEquals(3, ((JsonObject) one[1]).getInteger("frames_ok"));
  }

  @Test
  void badInputIsAUsageError() throws Exception {
    Path in = Files.write(dir.resolve("in.frames"), t30File());
    Path bad = Files.write(dir.resolve("bad.frames"), new byte[] {5, 0, 1, 2});
    Object[] r = run("modem-tx", "v21ch3", "300", in.toString(), dir.resolve("x.pcm").toString());
    assertEquals(2, r[0]);
    assertEquals("ERROR", ((JsonObject) r[1]).getString("status"));
    assertEquals(2, run("modem-tx", "v21ch2", "2400", in.toString(), dir.resolve("x.pcm").toString())[0]);
    assertEquals(2, run("modem-tx", "v21ch2", "300", bad.toString(), dir.resolve("x.pcm").toString())[0]);
    assertEquals(2, run("modem-tx", "v21ch2", "300", in.toString(), dir.resolve("x.pcm").toString(), "--level", "3")[0]);
    assertEquals(2, run("modem-rx", "v21ch2", "300", dir.resolve("missing.pcm").toString(), dir.resolve("o").toString())[0]);
    assertEquals(2, run("modem-rx", "v21ch2", "300", in.toString(), dir.resolve("o").toString(), "--framing-flags", "0")[0]);
  }

  @Test
  void silenceGivesNoDataAndExit1() throws Exception {
    Path pcm = Files.write(dir.resolve("silence.pcm"), new byte[16000]);
    Object[] r = run("modem-rx", "v21ch1", "300", pcm.toString(), dir.resolve("o").toString());
    assertEquals(1, r[0]);
    JsonObject j = (JsonObject) r[1];
    assertEquals("NO_DATA", j.getString("status"));
    assertEquals(-1, j.getInteger("carrier_up_sample"));
    assertEquals(0, Files.size(dir.resolve("o")));
  }
}
