package dev.faxgate.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faxgate.rtp.G711;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * V.29 against spandsp through faxpeer (path in the environment variable FAXPEER; skipped when it
 * is unset): faxpeer {@code modem-tx} -> V29Rx and V29Tx -> faxpeer {@code modem-rx --expect},
 * clean and through a G.711 µ-law round trip, bit-exact; and a printed BER table of both receivers
 * on the same noisy faxpeer files.
 */
class V29InteropTest {
  private static String faxpeer;

  @TempDir Path dir;

  @BeforeAll
  static void find() {
    faxpeer = System.getenv("FAXPEER");
    if (faxpeer == null || faxpeer.isEmpty()) {
      System.out.println("V29InteropTest skipped: set FAXPEER to the faxpeer binary");
    }
  }

  @ParameterizedTest
  @CsvSource({"9600,linear", "7200,linear", "9600,ulaw", "7200,ulaw", "9600,alaw", "7200,alaw"})
  void faxpeerToFaxgate(int rate, String codec) throws Exception {
    assumeTrue(faxpeer != null && !faxpeer.isEmpty(), "FAXPEER not set");
    byte[] data = V29Line.payload(2000, rate + codec.hashCode() % 7);
    Path in = dir.resolve("in.bin");
    Path pcm = dir.resolve("out.pcm");
    Files.write(in, data);
    String json = run(faxpeer, "modem-tx", "v29", Integer.toString(rate), in.toString(), pcm.toString());
    assertTrue(json.contains("\"status\":\"OK\""), json);
    short[] s = g711RoundTrip(readPcm(pcm), codec);
    V29Line.Result r = V29Line.receive(rate, s, 160, -1);
    int errs = r.bitErrors(data);
    System.out.println("V29 faxpeer modem-tx -> V29Rx " + rate + " (" + codec + "): " + r + " bit errors " + errs);
    assertTrue(r.events.contains(ModemStatus.TRAINING_SUCCEEDED), r.toString());
    assertEquals(rate, r.rate);
    assertEquals(0, errs, r.toString());
  }

  @ParameterizedTest
  @CsvSource({"9600,linear", "7200,linear", "9600,ulaw", "7200,ulaw", "9600,alaw", "7200,alaw"})
  void faxgateToFaxpeer(int rate, String codec) throws Exception {
    assumeTrue(faxpeer != null && !faxpeer.isEmpty(), "FAXPEER not set");
    byte[] data = V29Line.payload(2000, rate * 3 + codec.hashCode() % 7);
    Path in = dir.resolve("in.bin");
    Path pcm = dir.resolve("in.pcm");
    Path out = dir.resolve("out.bin");
    Files.write(in, data);
    short[] s = g711RoundTrip(V29Line.transmit(rate, data, -14, 0, 20), codec);
    writePcm(pcm, s);
    String json = run(faxpeer, "modem-rx", "v29", Integer.toString(rate), pcm.toString(), out.toString(),
        "--expect", in.toString());
    System.out.println("V29 V29Tx -> faxpeer modem-rx " + rate + " (" + codec + "): " + json);
    assertTrue(json.contains("\"training_succeeded\":true"), json);
    assertEquals(0, intField(json, "bit_errors"), json);
    assertTrue(json.contains("\"payload_match\":true"), json);
  }

  @ParameterizedTest
  @ValueSource(ints = {9600, 7200})
  void berBesideSpandsp(int rate) throws Exception {
    assumeTrue(faxpeer != null && !faxpeer.isEmpty(), "FAXPEER not set");
    byte[] data = V29Line.payload(4000, 99);
    Path in = dir.resolve("in.bin");
    Path pcm = dir.resolve("noisy.pcm");
    Path out = dir.resolve("out.bin");
    Files.write(in, data);
    StringBuilder t = new StringBuilder("V29 " + rate + " BER on faxpeer's noisy files (SNR dB: Faxgate | spandsp):");
    for (int snr : new int[] {24, 20, 18, 16, 14, 12}) {
      long ours = 0;
      long theirs = 0;
      for (int seed = 1; seed <= 2; seed++) {
        run(faxpeer, "modem-tx", "v29", Integer.toString(rate), in.toString(), pcm.toString(),
            "--snr", Integer.toString(snr), "--seed", Integer.toString(seed * 31 + snr));
        V29Line.Result r = V29Line.receive(rate, readPcm(pcm), 160, -1);
        ours += r.events.contains(ModemStatus.TRAINING_SUCCEEDED) ? r.bitErrors(data) : data.length * 8L;
        String json = run(faxpeer, "modem-rx", "v29", Integer.toString(rate), pcm.toString(), out.toString(),
            "--expect", in.toString());
        long e = json.contains("\"bit_errors\"") ? intField(json, "bit_errors") : data.length * 8L;
        theirs += json.contains("\"training_succeeded\":true") ? e : data.length * 8L;
      }
      double bits = 2.0 * data.length * 8;
      t.append(String.format("%n  %2d dB: %.2e | %.2e", snr, ours / bits, theirs / bits));
    }
    System.out.println(t);
  }

  private static int intField(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
    assertTrue(m.find(), name + " missing in " + json);
    return Integer.parseInt(m.group(1));
  }

  /** The signal through a G.711 encoder and decoder ({@code ulaw}, {@code alaw}), or as it is ({@code linear}). */
  private static short[] g711RoundTrip(short[] s, String codec) {
    if (codec.equals("linear")) {
      return s;
    }
    byte[] g = new byte[s.length];
    short[] back = new short[s.length];
    if (codec.equals("ulaw")) {
      G711.linearToUlaw(s, 0, g, 0, s.length);
      G711.ulawToLinear(g, 0, back, 0, s.length);
    } else {
      G711.linearToAlaw(s, 0, g, 0, s.length);
      G711.alawToLinear(g, 0, back, 0, s.length);
    }
    return back;
  }

  private static short[] readPcm(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    short[] s = new short[b.length / 2];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
    return s;
  }

  private static void writePcm(Path p, short[] s) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(s);
    Files.write(p, b.array());
  }

  /** Runs faxpeer, waits for it, and returns its JSON line (stdout). */
  private String run(String... cmd) throws Exception {
    List<String> c = new ArrayList<>(List.of(cmd));
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(c).redirectError(err.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor();
      throw new AssertionError("faxpeer did not finish: " + c);
    }
    return new String(out, StandardCharsets.UTF_8).trim();
  }
}
