package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.cli.FaxgateCommand;
import dev.faxgate.modem.BitSink;
import dev.faxgate.modem.V21Channel;
import dev.faxgate.modem.V21Rx;
import dev.faxgate.modem.V21Tx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * V.21 against spandsp (faxpeer, the binary named by FAXPEER; skipped without it), both channels,
 * with a file of real T.30 frames (NSF, CSI, DIS, TSI, DCS, CFR, MCF, DCN; 3 to 40 octets):
 * <ul>
 *   <li>faxpeer modem-tx -> Faxgate modem-rx and Faxgate modem-tx -> faxpeer modem-rx recover every
 *       frame at -10, -30 and -43 dBm0, and at 12, 8 and 6 dB SNR (three seeds each);</li>
 *   <li>the fat jar's modem-tx and modem-rx (when target/faxgate.jar is built) do the same once;</li>
 *   <li>an SNR sweep (12 down to -4 dB, four seeds, the same faxpeer files for both receivers)
 *       prints the frame success rate of Faxgate's receiver and of spandsp's, and asserts Faxgate's is
 *       never below;</li>
 *   <li>a benchmark prints the V.21 receiver's CPU per second of audio beside spandsp's
 *       ({@code faxpeer bench-modem}), as a ratio.</li>
 * </ul>
 * Faxgate's commands run in process (the same picocli entry point as the jar).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class V21InteropIT {
  private static final String[] CHANNELS = {"v21ch1", "v21ch2"};
  private static final int FRAME_COUNT = 8;

  @TempDir
  static Path dir;
  private static Path frames;
  private static byte[] frameBytes;

  @BeforeAll
  static void setUp() throws Exception {
    Faxpeer.binary();
    frameBytes = t30Frames();
    frames = Files.write(dir.resolve("t30.frames"), frameBytes);
  }

  /** T.30 frames in line (LSB-first) order, faxpeer's frame file format. */
  static byte[] t30Frames() {
    List<int[]> f = new ArrayList<>();
    int[] nsf = new int[40];
    int[] head = {0xFF, 0x03, 0x20, 0x00, 0x00, 0xAD};
    System.arraycopy(head, 0, nsf, 0, head.length);
    for (int i = head.length; i < nsf.length; i++) {
      nsf[i] = i * 37 & 0xFF;
    }
    f.add(nsf);                                                                       // NSF, 40 octets
    f.add(new int[] {0xFF, 0x03, 0x40, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0C, 0x8C, 0x0C,
        0x0C, 0x04, 0xAC, 0xAC, 0xAC, 0x04, 0x8C, 0xD4});                               // CSI "+1 555 0100"
    f.add(new int[] {0xFF, 0x13, 0x80, 0x00, 0xEE, 0xF8, 0x80, 0x80, 0x91, 0x80, 0x80, 0x80, 0x18}); // DIS
    f.add(new int[] {0xFF, 0x03, 0x43, 0x04, 0x04, 0x04, 0x04, 0x0C, 0x0C, 0x0C, 0x0C, 0x2C, 0x04, 0x9C, 0xEC,
        0x9C, 0x04, 0x0C, 0x4C, 0x04, 0x2C, 0x2C, 0xD4});                               // TSI
    f.add(new int[] {0xFF, 0x13, 0x83, 0x00, 0xC6, 0xB8, 0x00, 0x00, 0x01});             // DCS
    f.add(new int[] {0xFF, 0x13, 0x84});                                                 // CFR
    f.add(new int[] {0xFF, 0x13, 0x8C});                                                 // MCF
    f.add(new int[] {0xFF, 0x13, 0xFA});                                                 // DCN
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int[] frame : f) {
      b.write(frame.length & 0xFF);
      b.write(frame.length >>> 8);
      for (int v : frame) {
        b.write(v);
      }
    }
    return b.toByteArray();
  }

  /** Runs {@code faxgate ARGS} in process; returns its one JSON line. */
  static synchronized JsonObject faxgate(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      new CommandLine(new FaxgateCommand()).execute(args);
    } finally {
      System.setOut(saved);
    }
    String text = out.toString(StandardCharsets.UTF_8).trim();
    return new JsonObject(text.substring(text.lastIndexOf('\n') + 1));
  }

  /** One condition of the acceptance: a level (clean) or an SNR (at the default -14 dBm0) with a seed. */
  private record Condition(String name, String[] txOptions) {
    boolean clean() {
      return !name.contains("SNR");
    }
  }

  private static List<Condition> conditions() {
    List<Condition> c = new ArrayList<>();
    for (int level : new int[] {-10, -30, -43}) {
      c.add(new Condition(level + " dBm0", new String[] {"--level", Integer.toString(level)}));
    }
    for (int snr : new int[] {12, 8, 6}) {
      for (int seed = 1; seed <= 3; seed++) {
        c.add(new Condition(snr + " dB SNR seed " + seed, new String[] {"--snr", Integer.toString(snr), "--seed", Integer.toString(seed)}));
      }
    }
    return c;
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  void faxpeerTransmitsFaxgateReceives() throws Exception {
    for (String ch : CHANNELS) {
      for (Condition c : conditions()) {
        Path pcm = dir.resolve("fp-" + ch + ".pcm");
        Path out = dir.resolve("fg-" + ch + ".frames");
        Faxpeer.Run tx = Faxpeer.run(dir, concat(new String[] {"modem-tx", ch, "300", frames.toString(), pcm.toString()}, c.txOptions()));
        assertEquals(0, tx.exit(), tx.stderr());
        JsonObject rx = faxgate("modem-rx", ch, "300", pcm.toString(), out.toString());
        String what = "faxpeer " + ch + " " + c.name() + " -> faxgate: " + rx.encode();
        assertEquals(FRAME_COUNT, rx.getInteger("frames_ok"), what);
        if (c.clean()) {
          assertEquals(0, rx.getInteger("frames_bad"), what); // with noise, its tail may close a junk frame
        }
        assertArrayEquals(frameBytes, Files.readAllBytes(out), what);
        System.out.println("OK " + ch + " " + c.name() + ": faxpeer -> faxgate, " + rx.getInteger("frames_ok") + "/" + FRAME_COUNT);
      }
    }
  }

  @Test
  void faxgateTransmitsFaxpeerReceives() throws Exception {
    for (String ch : CHANNELS) {
      for (Condition c : conditions()) {
        Path pcm = dir.resolve("fg-" + ch + ".pcm");
        Path out = dir.resolve("fp-" + ch + ".frames");
        JsonObject tx = faxgate(concat(new String[] {"modem-tx", ch, "300", frames.toString(), pcm.toString()}, c.txOptions()));
        assertEquals("OK", tx.getString("status"), tx.encode());
        List<String> rxArgs = new ArrayList<>(List.of("modem-rx", ch, "300", pcm.toString(), out.toString()));
        if (c.name().equals("-30 dBm0") || c.name().equals("-43 dBm0")) {
          // spandsp's default V.21 cut-off is -30 dBm0 itself: weak signals need its --cutoff
          rxArgs.addAll(List.of("--cutoff", Double.toString(spandspWeakCutoff(ch))));
        }
        Faxpeer.Run rx = Faxpeer.run(dir, rxArgs.toArray(String[]::new));
        String what = "faxgate " + ch + " " + c.name() + " -> faxpeer " + rxArgs + ": " + rx.result().encode();
        assertEquals(FRAME_COUNT, rx.result().getInteger("frames_ok"), what);
        if (c.clean()) {
          assertEquals(0, rx.result().getInteger("frames_bad"), what);
        }
        assertArrayEquals(frameBytes, Files.readAllBytes(out), what);
        System.out.println("OK " + ch + " " + c.name() + ": faxgate -> faxpeer, " + rx.result().getInteger("frames_ok") + "/" + FRAME_COUNT);
      }
    }
  }

  /**
   * The cut-off spandsp needs for a -30 or -43 dBm0 signal: -45, as the acceptance says, unless
   * spandsp cannot receive its own -43 dBm0 signal there. That is the case for channel 1 in spandsp
   * 0.0.6: its power meter runs on the first difference of the signal, which reads a 1080 Hz signal
   * about 4 dB lower than a 1750 Hz one, so its carrier never comes up. The cut-off is then lowered
   * in 1 dB steps until spandsp receives its own signal (-47 here), and that is used for Faxgate's.
   */
  private static double spandspWeakCutoff(String ch) throws Exception {
    Path own = dir.resolve("own-" + ch + ".pcm");
    assertEquals(0, Faxpeer.run(dir, "modem-tx", ch, "300", frames.toString(), own.toString(), "--level", "-43").exit());
    for (int cutoff = -45; cutoff >= -50; cutoff--) {
      Faxpeer.Run rx = Faxpeer.run(dir, "modem-rx", ch, "300", own.toString(), dir.resolve("own.frames").toString(),
          "--cutoff", Integer.toString(cutoff));
      if (rx.result().getInteger("frames_ok") == FRAME_COUNT) {
        if (cutoff != -45) {
          System.out.println("NOTE spandsp does not receive its own " + ch + " signal at -43 dBm0 with --cutoff -45;"
              + " it does with --cutoff " + cutoff + ", used for Faxgate's signal too");
        }
        return cutoff;
      }
    }
    throw new AssertionError("spandsp does not receive its own " + ch + " signal at -43 dBm0 with any cut-off down to -50");
  }

  @Test
  void fatJarCommands() throws Exception {
    String jar = System.getProperty("faxgate.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      System.out.println("SKIPPED fat jar check: faxgate.jar not built (" + jar + ")");
      return;
    }
    Path pcm = dir.resolve("jar.pcm");
    Path out = dir.resolve("jar.frames");
    JsonObject tx = java(jar, "modem-tx", "v21ch2", "300", frames.toString(), pcm.toString(), "--snr", "8", "--seed", "5");
    assertEquals("OK", tx.getString("status"), tx.encode());
    Faxpeer.Run fp = Faxpeer.run(dir, "modem-rx", "v21ch2", "300", pcm.toString(), dir.resolve("jar-fp.frames").toString());
    assertEquals(FRAME_COUNT, fp.result().getInteger("frames_ok"), fp.result().encode());
    JsonObject rx = java(jar, "modem-rx", "v21ch2", "300", pcm.toString(), out.toString());
    assertEquals(FRAME_COUNT, rx.getInteger("frames_ok"), rx.encode());
    assertArrayEquals(frameBytes, Files.readAllBytes(out));
  }

  private static JsonObject java(String jar, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, text.lines().count(), "one JSON line: " + text);
    return new JsonObject(text);
  }

  @Test
  void snrSweepFaxgateNeverBelowSpandsp() throws Exception {
    int seeds = 4;
    StringBuilder table = new StringBuilder(
        "\nV.21 frame success rate, " + FRAME_COUNT + " T.30 frames x " + seeds + " seeds per cell, faxpeer modem-tx at -14 dBm0"
            + " with --snr (the same files for both receivers)\n"
            + String.format("%8s | %-21s | %-21s%n", "SNR dB", "v21ch1 faxgate/spandsp", "v21ch2 faxgate/spandsp"));
    List<String> failures = new ArrayList<>();
    for (int snr = 12; snr >= -4; snr--) {
      String[] cells = new String[CHANNELS.length];
      for (int c = 0; c < CHANNELS.length; c++) {
        String ch = CHANNELS[c];
        int ours = 0;
        int theirs = 0;
        for (int seed = 1; seed <= seeds; seed++) {
          Path pcm = dir.resolve("sweep.pcm");
          Faxpeer.Run tx = Faxpeer.run(dir, "modem-tx", ch, "300", frames.toString(), pcm.toString(),
              "--snr", Integer.toString(snr), "--seed", Integer.toString(100 + seed));
          assertEquals(0, tx.exit(), tx.stderr());
          theirs += Faxpeer.run(dir, "modem-rx", ch, "300", pcm.toString(), dir.resolve("sweep-fp.frames").toString())
              .result().getInteger("frames_ok");
          ours += faxgate("modem-rx", ch, "300", pcm.toString(), dir.resolve("sweep-fg.frames").toString()).getInteger("frames_ok");
        }
        int total = FRAME_COUNT * seeds;
        cells[c] = String.format("%5.1f%% / %5.1f%%", 100.0 * ours / total, 100.0 * theirs / total);
        if (ours < theirs) {
          failures.add(ch + " at " + snr + " dB: faxgate " + ours + " < spandsp " + theirs + " of " + total);
        }
      }
      table.append(String.format("%8d | %-22s | %-22s%n", snr, cells[0], cells[1]));
    }
    System.out.println(table);
    assertTrue(failures.isEmpty(), "Faxgate's V.21 receiver below spandsp's: " + failures);
  }

  @Test
  void receiverCostBesideSpandsp() throws Exception {
    Faxpeer.Run bench = Faxpeer.run(dir, "bench-modem", "v21ch2", "300", "--direction", "rx");
    double spandsp = bench.result().getDouble("rx_us_per_audio_second");
    // 60 s of random bits, as bench-modem uses, made by our transmitter
    Random random = new Random(1);
    V21Tx tx = new V21Tx(V21Channel.CH2, () -> random.nextInt(2));
    short[] signal = new short[60 * 8000];
    tx.tx(signal, 0, signal.length);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] bits = {0};
    BitSink sink = bit -> bits[0] += bit;
    double[] runs = new double[5];
    for (int run = -3; run < runs.length; run++) { // three warm-up runs for the JIT
      V21Rx rx = new V21Rx(V21Channel.CH2, sink);
      long t0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < signal.length; i += 160) {
        rx.rx(signal, i, 160);
      }
      long ns = mx.getCurrentThreadCpuTime() - t0;
      if (run >= 0) {
        runs[run] = ns / 1000.0 / 60.0;
      }
    }
    Arrays.sort(runs);
    double faxgate = runs[runs.length / 2];
    System.out.printf("%nV.21 ch2 receiver CPU per second of audio (60 s, 160-sample blocks, median): "
        + "faxgate %.1f us/s, spandsp %.1f us/s, ratio faxgate/spandsp %.2f%n", faxgate, spandsp, faxgate / spandsp);
    assertTrue(bits[0] > 0);
  }
}
