package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code faxgate modem-tx|modem-rx} for the high-speed modems, as an operator runs them, against
 * faxpeer's: each side's file is demodulated bit-exactly by the other, at every rate wired so far.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ModemCliInteropIT {
  @TempDir
  Path dir;

  private JsonObject faxgate(String... args) throws Exception {
    Path jar = Path.of(System.getProperty("faxgate.jar", "target/faxgate.jar"));
    List<String> command = new java.util.ArrayList<>(List.of("java", "-jar", jar.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new JsonObject(out.substring(out.lastIndexOf('\n') + 1));
  }

  @ParameterizedTest(name = "{0} {1} at -43 dBm0, {2} Hz, {3} ppm")
  @CsvSource({"v27ter,4800,8,100", "v29,9600,-8,-100", "v17,14400,8,-100"})
  void impairedSignalsStillDecode(String modem, String rate, String hz, String ppm) throws Exception {
    byte[] payload = new byte[2000];
    new SplittableRandom(11).nextBytes(payload);
    Path in = Files.write(dir.resolve("in.bin"), payload);
    String pcm = dir.resolve("impaired.pcm").toString();
    JsonObject tx = faxgate("modem-tx", modem, rate, in.toString(), pcm, "--level", "-43", "--freq-offset", hz, "--clock-ppm", ppm);
    assertEquals(Double.parseDouble(hz), tx.getDouble("freq_offset_hz"), tx.encode());
    assertEquals(Double.parseDouble(ppm), tx.getDouble("clock_ppm"), tx.encode());
    JsonObject rx = faxgate("modem-rx", modem, rate, pcm, dir.resolve("out.bin").toString(), "--expect", in.toString());
    assertEquals(true, rx.getBoolean("training_succeeded"), rx.encode());
    assertEquals(0, rx.getInteger("bit_errors"), rx.encode());
  }

  @ParameterizedTest(name = "v17 {0} short train")
  @CsvSource({"7200", "14400"})
  void v17ShortTrainEachSideReadsTheOther(String rate) throws Exception {
    Faxpeer.binary();
    byte[] payload = new byte[1000];
    new SplittableRandom(7).nextBytes(payload);
    Path in = Files.write(dir.resolve("in.bin"), payload);
    String pcm = dir.resolve("faxgate.pcm").toString();
    JsonObject sent = faxgate("modem-tx", "v17", rate, in.toString(), pcm, "--no-training");
    assertEquals("OK", sent.getString("status"));
    Faxpeer.Run spandsp = Faxpeer.run(dir, "modem-rx", "v17", rate, pcm, dir.resolve("spandsp.bin").toString(),
        "--expect", in.toString(), "--burst", "2");
    assertEquals(0, spandsp.result().getInteger("bit_errors"), "spandsp reading Faxgate: " + spandsp.result());
    String theirs = dir.resolve("spandsp.pcm").toString();
    Faxpeer.Run theirTx = Faxpeer.run(dir, "modem-tx", "v17", rate, in.toString(), theirs, "--no-training");
    assertEquals(0, theirTx.exit());
    assertEquals(theirTx.result().getString("training"), sent.getString("training"), "the same words as faxpeer's JSON");
    JsonObject ours = faxgate("modem-rx", "v17", rate, theirs, dir.resolve("faxgate.bin").toString(),
        "--expect", in.toString(), "--burst", "2");
    assertEquals(2, ours.getInteger("bursts"), ours.encode());
    assertEquals(0, ours.getInteger("bit_errors"), "Faxgate reading spandsp: " + ours);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"v27ter,2400", "v27ter,4800", "v29,7200", "v29,9600", "v17,7200", "v17,9600", "v17,12000", "v17,14400"})
  void eachSideReadsTheOther(String modem, String rate) throws Exception {
    Faxpeer.binary();
    byte[] payload = new byte[2000];
    new SplittableRandom(rate.hashCode()).nextBytes(payload);
    Path in = Files.write(dir.resolve("in.bin"), payload);
    String pcm = dir.resolve("faxgate.pcm").toString();
    assertEquals("OK", faxgate("modem-tx", modem, rate, in.toString(), pcm).getString("status"));
    Faxpeer.Run spandsp = Faxpeer.run(dir, "modem-rx", modem, rate, pcm, dir.resolve("spandsp.bin").toString(),
        "--expect", in.toString());
    assertEquals(0, spandsp.result().getInteger("bit_errors"), "spandsp reading Faxgate: " + spandsp.result());
    String theirs = dir.resolve("spandsp.pcm").toString();
    assertEquals(0, Faxpeer.run(dir, "modem-tx", modem, rate, in.toString(), theirs).exit());
    JsonObject ours = faxgate("modem-rx", modem, rate, theirs, dir.resolve("faxgate.bin").toString(), "--expect", in.toString());
    assertEquals(true, ours.getBoolean("training_succeeded"), ours.encode());
    assertEquals(0, ours.getInteger("bit_errors"), "Faxgate reading spandsp: " + ours);
  }
}
