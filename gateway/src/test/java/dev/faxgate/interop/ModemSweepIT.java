package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.dsp.LineImpairment;
import dev.faxgate.dsp.PowerMeter;
import dev.faxgate.modem.BitSink;
import dev.faxgate.modem.BitSource;
import dev.faxgate.modem.ModemRx;
import dev.faxgate.modem.ModemStatus;
import dev.faxgate.modem.ModemTx;
import dev.faxgate.modem.V17Rx;
import dev.faxgate.modem.V17Tx;
import dev.faxgate.modem.V27terRx;
import dev.faxgate.modem.V27terTx;
import dev.faxgate.modem.V29Rx;
import dev.faxgate.modem.V29Tx;
import dev.faxgate.rtp.G711;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's acceptance for the fast modems against spandsp (faxpeer, env FAXPEER; skipped when unset).
 *
 * <ul>
 *   <li><b>BER versus SNR, spandsp's signals</b>: faxpeer {@code modem-tx --snr S --seed N} files
 *       (spandsp's transmitter and noise), each decoded by Faxgate's receiver (in-process) and by
 *       spandsp's ({@code faxpeer modem-rx --expect}). Faxgate must reach BER ≤ 1e-5 at an SNR no
 *       higher than spandsp.</li>
 *   <li><b>BER versus SNR, the other direction</b>: Faxgate's transmitter and spandsp's own (clean
 *       faxpeer modem-tx), the same seeded Gaussian noise added to both (RMS set from the measured
 *       signal RMS, as faxpeer's --snr), decoded by spandsp's receiver: Faxgate's transmitter must
 *       reach 1e-5 at most 1 dB above spandsp's own.</li>
 *   <li>Each point is {@value #SEEDS} files of {@value #PAYLOAD} random bytes (200 000 bits); a point
 *       passes with at most 2 bit errors in them (BER ≤ 1e-5), a training failure counting every
 *       bit; a column stops early at a point once it has more (shown with "+": a lower bound). The
 *       search starts at a guess, steps up by 3 dB until every column passes (coarse), then down in
 *       1 dB steps (refinement) until every column has failed at two consecutive points. A column's
 *       threshold is the lowest SNR at and above which every measured point passes.</li>
 *   <li>spandsp's receiver gets the carrier cut-off it needs in noise (docs/testing.md "faxpeer findings" 1): the
 *       default, raised to 4 dB above the noise (at most halfway between noise and signal).
 *       Faxgate's receivers run with their defaults.</li>
 *   <li>Faxgate's receivers train and decode a clean 2000-byte payload with BER 0 at -10, -30 and -43
 *       dBm0 with +8 Hz/+100 ppm and -8 Hz/-100 ppm ({@link LineImpairment}, as modem-tx
 *       --freq-offset/--clock-ppm), and spandsp's signal through G.711 A-law and µ-law.</li>
 * </ul>
 */
class ModemSweepIT {
  static final int PAYLOAD = 2500;
  static final int SEEDS = 10;
  static final int SAMPLE_RATE = 8000;

  /** modem, rate, first SNR guess, spandsp's default cut-off. */
  record Case(String modem, int rate, int guess, double spandspCutoff) {
    String name() {
      return modem + " " + rate;
    }
  }

  static final List<Case> CASES = List.of(
      new Case("v27ter", 2400, 12, -45.5), new Case("v27ter", 4800, 17, -45.5),
      new Case("v29", 7200, 17, -28.5), new Case("v29", 9600, 21, -28.5),
      new Case("v17", 7200, 14, -45.5), new Case("v17", 9600, 16, -45.5),
      new Case("v17", 12000, 19, -45.5), new Case("v17", 14400, 22, -45.5));

  @TempDir
  Path dir;

  static ModemTx tx(String modem, int rate, BitSource src) {
    return switch (modem) {
      case "v27ter" -> new V27terTx(rate, false, src);
      case "v29" -> new V29Tx(rate, src);
      default -> new V17Tx(src, rate);
    };
  }

  static ModemRx rx(String modem, int rate, BitSink sink) {
    return switch (modem) {
      case "v27ter" -> new V27terRx(rate, sink);
      case "v29" -> new V29Rx(rate, sink);
      default -> new V17Rx(sink, rate);
    };
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  static byte[] payload(long seed) {
    byte[] b = new byte[PAYLOAD];
    new SplittableRandom(seed * 7919 + 17).nextBytes(b);
    return b;
  }

  static short[] faxgateTx(String modem, int rate, byte[] payload, double level) {
    ModemTx t = tx(modem, rate, new dev.faxgate.modem.PayloadBits(payload));
    t.power(level);
    short[] out = new short[SAMPLE_RATE];
    int n = 0;
    for (int produced = 160; produced == 160; ) {
      if (out.length - n < 160) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      produced = t.tx(out, n, 160);
      n += produced;
    }
    return Arrays.copyOf(out, n + SAMPLE_RATE / 5); // 200 ms idle, as modem-tx
  }

  /** Bit errors of Faxgate's receiver on {@code pcm} against {@code want} (missing bits count). */
  static long faxgateRx(String modem, int rate, short[] pcm, byte[] want) {
    long[] got = {0, 0}; // bits, errors
    boolean[] in = {false};
    ModemRx r = rx(modem, rate, new BitSink() {
      @Override
      public void putBit(int bit) {
        if (!in[0] || got[0] >= want.length * 8L) {
          return;
        }
        int i = (int) got[0]++;
        if (((want[i >> 3] >> (i & 7)) & 1) != (bit & 1)) {
          got[1]++;
        }
      }

      @Override
      public void status(ModemStatus s) {
        if (s == ModemStatus.TRAINING_SUCCEEDED && !in[0] && got[0] == 0) {
          in[0] = true;
        } else if (s == ModemStatus.CARRIER_DOWN) {
          in[0] = false;
        }
      }
    });
    short[] all = Arrays.copyOf(pcm, pcm.length + SAMPLE_RATE / 10);
    for (int k = 0; k < all.length; k += 160) {
      r.rx(all, k, Math.min(160, all.length - k));
    }
    return got[1] + (want.length * 8L - got[0]);
  }

  static double rmsOfSignal(short[] pcm) {
    int s = 0;
    while (s < pcm.length && pcm[s] == 0) {
      s++;
    }
    int e = pcm.length;
    while (e > s && pcm[e - 1] == 0) {
      e--;
    }
    double acc = 0;
    for (int k = s; k < e; k++) {
      acc += (double) pcm[k] * pcm[k];
    }
    return e > s ? Math.sqrt(acc / (e - s)) : 0;
  }

  static double dbm0(double rms) {
    return 20 * Math.log10(rms / PowerMeter.FULL_SCALE) + PowerMeter.DBM0_MAX_POWER;
  }

  /** Seeded Gaussian noise at {@code snr} dB below the measured signal RMS, over the whole file. */
  static short[] addNoise(short[] clean, double snr, long seed, double[] noiseDbm0) {
    double rms = rmsOfSignal(clean);
    double nrms = rms / Math.pow(10, snr / 20);
    noiseDbm0[0] = dbm0(nrms);
    Random r = new Random(seed * 1_000_003L + 11);
    short[] o = new short[clean.length];
    for (int k = 0; k < o.length; k++) {
      o[k] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(clean[k] + nrms * r.nextGaussian())));
    }
    return o;
  }

  static short[] read(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    short[] s = new short[b.length / 2];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
    return s;
  }

  static void write(Path p, short[] s) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(2 * s.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(s);
    Files.write(p, b.array());
  }

  JsonObject faxpeer(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Faxpeer.binary().toString());
    cmd.addAll(List.of(args));
    Path out = dir.resolve("fp.out");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("faxpeer timed out: " + cmd);
    }
    String s = Files.readString(out, StandardCharsets.UTF_8).trim();
    return new JsonObject(s.isEmpty() ? "{}" : s.substring(s.lastIndexOf('\n') + 1));
  }

  /** spandsp's receiver on a file: bit errors against the payload (a failed training counts every bit). */
  long spandspRx(Case c, Path pcm, Path want, double noiseDbm0, double signalDbm0) throws Exception {
    double cutoff = Math.max(c.spandspCutoff(), Math.min(noiseDbm0 + 4, (noiseDbm0 + signalDbm0) / 2));
    JsonObject j = faxpeer("modem-rx", c.modem(), Integer.toString(c.rate()), pcm.toString(),
        dir.resolve("sp.bin").toString(), "--expect", want.toString(), "--cutoff", String.format("%.1f", Math.min(cutoff, 0)));
    Long e = j.getLong("bit_errors");
    return e == null ? PAYLOAD * 8L : e;
  }

  // ---------------------------------------------------------------------------------------------
  // the sweep

  /** One column's result at one SNR: errors in bits (bits == 0: not run). */
  static final class Point {
    long errors;
    long bits;

    boolean pass() {
      return bits >= (long) SEEDS * PAYLOAD * 8 && errors <= MAX_ERRORS;
    }

    String text() {
      if (bits == 0) {
        return "-";
      }
      double ber = (double) errors / bits;
      return (errors == 0 ? "0" : String.format("%.1e", ber)) + (errors > MAX_ERRORS && bits < (long) SEEDS * PAYLOAD * 8 ? "+" : "")
          + "(" + errors + "/" + bits / 1000 + "k)";
    }
  }

  /** BER ≤ 1e-5 over the {@value #SEEDS} x {@value #PAYLOAD} bytes of a point. */
  static final long MAX_ERRORS = (long) SEEDS * PAYLOAD * 8 / 100_000;
  static final int FG_RX = 0;
  static final int SP_RX = 1;
  static final int SP_ON_FG_TX = 2;
  static final int SP_ON_SP_TX = 3;

  @Test
  void berVersusSnrAgainstSpandsp() throws Exception {
    Faxpeer.binary();
    long t0 = System.nanoTime();
    List<String> failures = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    StringBuilder summary = new StringBuilder();
    for (Case c : CASES) {
      byte[][] payloads = new byte[SEEDS][];
      Path[] payloadFiles = new Path[SEEDS];
      short[][] fgClean = new short[SEEDS][];
      short[][] spClean = new short[SEEDS][];
      for (int s = 0; s < SEEDS; s++) {
        payloads[s] = payload(s + 1);
        payloadFiles[s] = dir.resolve("p" + s + ".bin");
        Files.write(payloadFiles[s], payloads[s]);
        fgClean[s] = faxgateTx(c.modem(), c.rate(), payloads[s], -14);
        Path clean = dir.resolve("spclean" + s + ".pcm");
        faxpeer("modem-tx", c.modem(), Integer.toString(c.rate()), payloadFiles[s].toString(), clean.toString());
        spClean[s] = read(clean);
      }
      double signalDbm0 = dbm0(rmsOfSignal(spClean[0]));
      java.util.TreeMap<Integer, Point[]> rows = new java.util.TreeMap<>();
      boolean[] dead = new boolean[4];
      int[] fails = new int[4];
      int snr = c.guess();
      // coarse: up in 3 dB steps until every column passes
      while (snr <= 45) {
        Point[] p = measure(c, snr, payloads, payloadFiles, fgClean, spClean, signalDbm0, new boolean[4]);
        rows.put(snr, p);
        if (Arrays.stream(p).allMatch(Point::pass)) {
          break;
        }
        snr += 3;
      }
      // refinement: down in 1 dB steps until every column fails
      for (int s = snr - 1; s >= snr - 15; s--) {
        Point[] p = rows.containsKey(s) ? rows.get(s) : measure(c, s, payloads, payloadFiles, fgClean, spClean, signalDbm0, dead);
        rows.put(s, p);
        for (int k = 0; k < 4; k++) {
          boolean failed = p[k].bits > 0 && !p[k].pass();
          dead[k] |= failed && fails[k] > 0;
          fails[k] = failed ? fails[k] + 1 : 0;
        }
        if (dead[0] && dead[1] && dead[2] && dead[3]) {
          break;
        }
      }
      int[] thr = new int[4];
      for (int k = 0; k < 4; k++) {
        thr[k] = Integer.MAX_VALUE;
        for (int s : rows.descendingKeySet()) {
          Point p = rows.get(s)[k];
          if (p.bits > 0 && p.pass()) {
            thr[k] = s;
          } else if (p.bits > 0 && s < snr) {
            break;
          }
        }
      }
      table.append(String.format("%n%s (signal %.1f dBm0, %d x %d bytes per point)%n", c.name(), signalDbm0, SEEDS, PAYLOAD));
      table.append(String.format("%6s | %-22s %-22s | %-22s %-22s%n", "SNR dB", "spandsp tx: Faxgate rx", "spandsp rx",
          "spandsp rx: Faxgate tx", "spandsp tx"));
      for (var e : rows.descendingMap().entrySet()) {
        Point[] p = e.getValue();
        table.append(String.format("%6d | %-22s %-22s | %-22s %-22s%n", e.getKey(), p[0].text(), p[1].text(), p[2].text(), p[3].text()));
      }
      String line = String.format("%s: 1e-5 reached at SNR Faxgate rx %s, spandsp rx %s | spandsp rx on Faxgate tx %s, on spandsp tx %s",
          c.name(), t(thr[0]), t(thr[1]), t(thr[2]), t(thr[3]));
      table.append(line).append('\n');
      summary.append(line).append('\n');
      if (thr[FG_RX] > thr[SP_RX]) {
        failures.add(c.name() + ": Faxgate's receiver reaches 1e-5 at " + t(thr[0]) + " dB, spandsp's at " + t(thr[1]) + " dB");
      }
      if (thr[SP_ON_FG_TX] > thr[SP_ON_SP_TX] + 1) {
        failures.add(c.name() + ": spandsp's receiver on Faxgate's tx reaches 1e-5 at " + t(thr[2])
            + " dB, on spandsp's own tx at " + t(thr[3]) + " dB (allowed +1)");
      }
    }
    System.out.println("\nBER-versus-SNR sweep (" + (System.nanoTime() - t0) / 1_000_000 + " ms)" + table);
    System.out.println(summary);
    assertTrue(failures.isEmpty(), "BER sweep: " + String.join("; ", failures));
  }

  static String t(int s) {
    return s == Integer.MAX_VALUE ? "never(>45)" : Integer.toString(s);
  }

  Point[] measure(Case c, int snr, byte[][] payloads, Path[] payloadFiles, short[][] fgClean, short[][] spClean,
      double signalDbm0, boolean[] skip) throws Exception {
    Point[] p = {new Point(), new Point(), new Point(), new Point()};
    for (int s = 0; s < SEEDS; s++) {
      long seed = 1000L * snr + s + 1;
      long bits = PAYLOAD * 8L;
      if (!skip[FG_RX] && p[FG_RX].errors <= MAX_ERRORS || !skip[SP_RX] && p[SP_RX].errors <= MAX_ERRORS) {
        Path f = dir.resolve("sp" + s + ".pcm");
        JsonObject j = faxpeer("modem-tx", c.modem(), Integer.toString(c.rate()), payloadFiles[s].toString(), f.toString(),
            "--snr", Integer.toString(snr), "--seed", Long.toString(seed));
        double noise = j.getDouble("noise_dbm0", -99.0);
        if (!skip[FG_RX] && p[FG_RX].errors <= MAX_ERRORS) {
          p[FG_RX].errors += faxgateRx(c.modem(), c.rate(), read(f), payloads[s]);
          p[FG_RX].bits += bits;
        }
        if (!skip[SP_RX] && p[SP_RX].errors <= MAX_ERRORS) {
          p[SP_RX].errors += spandspRx(c, f, payloadFiles[s], noise, signalDbm0);
          p[SP_RX].bits += bits;
        }
      }
      double[] nd = new double[1];
      for (int k : new int[] {SP_ON_FG_TX, SP_ON_SP_TX}) {
        if (!skip[k] && p[k].errors <= MAX_ERRORS) {
          Path f = dir.resolve("n" + k + "_" + s + ".pcm");
          short[] clean = k == SP_ON_FG_TX ? fgClean[s] : spClean[s];
          write(f, addNoise(clean, snr, seed, nd));
          p[k].errors += spandspRx(c, f, payloadFiles[s], nd[0], dbm0(rmsOfSignal(clean)));
          p[k].bits += bits;
        }
      }
    }
    return p;
  }

  // ---------------------------------------------------------------------------------------------
  // levels, carrier and clock offsets; G.711

  @Test
  void faxgateReceiversTrainAtLevelsWithCarrierAndClockOffsets() {
    List<String> failures = new ArrayList<>();
    byte[] payload = Arrays.copyOf(payload(99), 2000);
    StringBuilder b = new StringBuilder("\nFaxgate tx -> impairments -> Faxgate rx, 2000 bytes, bit errors:\n");
    for (Case c : CASES) {
      for (double level : new double[] {-10, -30, -43}) {
        for (int sign : new int[] {1, -1}) {
          short[] clean = faxgateTx(c.modem(), c.rate(), payload, level);
          short[] imp = LineImpairment.apply(clean, clean.length, 8.0 * sign, 100.0 * sign);
          long e = faxgateRx(c.modem(), c.rate(), imp, payload);
          String what = String.format("%s %.0f dBm0 %+d Hz %+d ppm", c.name(), level, 8 * sign, 100 * sign);
          b.append(String.format("  %-34s %d%n", what, e));
          if (e != 0) {
            failures.add(what + ": " + e + " bit errors");
          }
        }
      }
    }
    System.out.println(b);
    assertTrue(failures.isEmpty(), String.join("; ", failures));
  }

  /** The same impairments end to end through {@code faxgate modem-tx --freq-offset --clock-ppm --level} (the fat jar). */
  @Test
  void modemTxImpairmentOptionsThroughTheCli() throws Exception {
    String jar = System.getProperty("faxgate.jar");
    org.junit.jupiter.api.Assumptions.assumeTrue(jar != null && Files.isReadable(Path.of(jar)), "no faxgate.jar");
    byte[] payload = Arrays.copyOf(payload(7), 2000);
    Path pf = dir.resolve("cli.bin");
    Files.write(pf, payload);
    List<String> failures = new ArrayList<>();
    StringBuilder b = new StringBuilder("\nfaxgate modem-tx --level -43 --freq-offset/--clock-ppm -> Faxgate rx, 2000 bytes, bit errors:\n");
    String[][] runs = {{"v27ter", "2400", "8", "100"}, {"v29", "9600", "-8", "-100"}, {"v17", "14400", "8", "-100"}};
    for (String[] r : runs) {
      Path f = dir.resolve("cli.pcm");
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
          "modem-tx", r[0], r[1], pf.toString(), f.toString(), "--level", "-43", "--freq-offset", r[2], "--clock-ppm", r[3])
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(60, TimeUnit.SECONDS);
      JsonObject j = new JsonObject(out.substring(out.lastIndexOf('\n') + 1));
      long e = faxgateRx(r[0], Integer.parseInt(r[1]), read(f), payload);
      String what = r[0] + " " + r[1] + " " + r[2] + " Hz " + r[3] + " ppm";
      b.append(String.format("  %-30s %d  (%s Hz, %s ppm in the JSON)%n", what, e, j.getValue("freq_offset_hz"), j.getValue("clock_ppm")));
      if (e != 0 || j.getDouble("freq_offset_hz") != Double.parseDouble(r[2]) || j.getDouble("clock_ppm") != Double.parseDouble(r[3])) {
        failures.add(what + ": " + e + " bit errors, " + out);
      }
    }
    System.out.println(b);
    assertTrue(failures.isEmpty(), String.join("; ", failures));
  }

  @Test
  void faxgateReceiversDecodeSpandspThroughG711() throws Exception {
    Faxpeer.binary();
    List<String> failures = new ArrayList<>();
    byte[] payload = Arrays.copyOf(payload(42), 2000);
    Path pf = dir.resolve("g711.bin");
    Files.write(pf, payload);
    StringBuilder b = new StringBuilder("\nspandsp tx -> G.711 -> Faxgate rx, 2000 bytes, bit errors (A-law, u-law):\n");
    for (Case c : CASES) {
      Path f = dir.resolve("g711.pcm");
      faxpeer("modem-tx", c.modem(), Integer.toString(c.rate()), pf.toString(), f.toString());
      short[] pcm = read(f);
      short[] a = new short[pcm.length];
      short[] u = new short[pcm.length];
      for (int k = 0; k < pcm.length; k++) {
        a[k] = G711.alawToLinear(G711.linearToAlaw(pcm[k]) & 0xFF);
        u[k] = G711.ulawToLinear(G711.linearToUlaw(pcm[k]) & 0xFF);
      }
      long ea = faxgateRx(c.modem(), c.rate(), a, payload);
      long eu = faxgateRx(c.modem(), c.rate(), u, payload);
      b.append(String.format("  %-12s %d %d%n", c.name(), ea, eu));
      if (ea != 0 || eu != 0) {
        failures.add(c.name() + ": A-law " + ea + ", u-law " + eu + " bit errors");
      }
    }
    System.out.println(b);
    assertTrue(failures.isEmpty(), String.join("; ", failures));
  }
}
