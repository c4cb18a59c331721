package dev.faxgate.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faxgate.rtp.G711;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
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

/**
 * V.27ter against spandsp through faxpeer (env FAXPEER = the faxpeer binary): faxpeer's
 * transmitter into {@link V27terRx}, {@link V27terTx} into faxpeer's receiver, clean and through a
 * G.711 µ-law and A-law round trip.
 */
class V27terInteropTest {
  private static String faxpeer;

  @TempDir Path dir;

  @BeforeAll
  static void findFaxpeer() {
    faxpeer = System.getenv("FAXPEER");
    if (faxpeer == null || faxpeer.isEmpty()) {
      System.out.println("V27terInteropTest skipped: set FAXPEER to the faxpeer binary");
    }
  }

  @ParameterizedTest
  @CsvSource({"2400,linear", "4800,linear", "2400,ulaw", "4800,ulaw", "2400,alaw", "4800,alaw"})
  void faxpeerTxToOurRx(int rate, String codec) throws Exception {
    assumeTrue(faxpeer != null && !faxpeer.isEmpty(), "FAXPEER not set");
    byte[] payload = V27terLine.payload(2000, rate + 17);
    Path in = dir.resolve("in.bin");
    Path pcm = dir.resolve("fp.pcm");
    Files.write(in, payload);
    run(faxpeer, "modem-tx", "v27ter", Integer.toString(rate), in.toString(), pcm.toString());
    short[] signal = readPcm(pcm);
    g711RoundTrip(signal, codec);
    V27terLine.Result r = V27terLine.receive(rate, signal, 160);
    int errors = r.bitErrors(payload);
    System.out.printf("faxpeer modem-tx v27ter %d -> V27terRx%s: trained %s, %d bits, %d bit errors%n",
        rate, " (" + codec + ")", r.events.contains(ModemStatus.TRAINING_SUCCEEDED), r.bits.size(), errors);
    assertTrue(r.events.contains(ModemStatus.TRAINING_SUCCEEDED));
    assertEquals(0, errors);
  }

  @ParameterizedTest
  @CsvSource({"2400,linear", "4800,linear", "2400,ulaw", "4800,ulaw", "2400,alaw", "4800,alaw"})
  void ourTxToFaxpeerRx(int rate, String codec) throws Exception {
    assumeTrue(faxpeer != null && !faxpeer.isEmpty(), "FAXPEER not set");
    byte[] payload = V27terLine.payload(2000, rate + 29);
    Path in = dir.resolve("in.bin");
    Path pcm = dir.resolve("ours.pcm");
    Path out = dir.resolve("out.bin");
    Files.write(in, payload);
    short[] signal = V27terLine.transmit(new V27terTx(rate, false, V27terLine.source(payload)), 1600);
    g711RoundTrip(signal, codec);
    writePcm(pcm, signal);
    String json = run(faxpeer, "modem-rx", "v27ter", Integer.toString(rate), pcm.toString(), out.toString(),
        "--expect", in.toString());
    System.out.printf("V27terTx %d%s -> faxpeer modem-rx: %s%n", rate, " (" + codec + ")", json.trim());
    assertTrue(json.contains("\"training_succeeded\":true"), json);
    Matcher m = Pattern.compile("\"bit_errors\":(\\d+)").matcher(json);
    assertTrue(m.find(), json);
    assertEquals(0, Integer.parseInt(m.group(1)), json);
    assertTrue(json.contains("\"payload_match\":true"), json);
  }

  private static void g711RoundTrip(short[] s, String codec) {
    for (int i = 0; i < s.length; i++) {
      if (codec.equals("ulaw")) {
        s[i] = G711.ulawToLinear(G711.linearToUlaw(s[i]) & 0xFF);
      } else if (codec.equals("alaw")) {
        s[i] = G711.alawToLinear(G711.linearToAlaw(s[i]) & 0xFF);
      }
    }
  }

  private String run(String... cmd) throws IOException, InterruptedException {
    List<String> c = new ArrayList<>(List.of(cmd));
    Path log = dir.resolve("stdout.txt");
    Process p = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
      p.waitFor();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(done, "faxpeer finished: " + out);
    assertEquals(0, p.exitValue(), "faxpeer exit status: " + out);
    return out;
  }

  private static short[] readPcm(Path p) throws IOException {
    ShortBuffer sb = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
    short[] s = new short[sb.remaining()];
    sb.get(s);
    return s;
  }

  private static void writePcm(Path p, short[] s) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short v : s) {
      b.putShort(v);
    }
    Files.write(p, b.array());
  }
}
