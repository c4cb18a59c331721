package dev.faxgate.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faxgate.rtp.G711;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * V.17 against spandsp through faxpeer (env FAXPEER): our transmitter into faxpeer's modem-rx, and
 * faxpeer's modem-tx into our receiver, clean and through G.711 µ-law.
 */
class V17InteropTest {
  @TempDir Path dir;

  private static String faxpeer() {
    String fp = System.getenv("FAXPEER");
    if (fp == null || fp.isEmpty() || !Files.isExecutable(Path.of(fp))) {
      System.out.println("V17InteropTest skipped: set FAXPEER to the faxpeer binary");
      return null;
    }
    return fp;
  }

  static String run(List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    p.waitFor();
    return new String(out, StandardCharsets.UTF_8).trim();
  }

  static long field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(-?\\d+)").matcher(json);
    return m.find() ? Long.parseLong(m.group(1)) : Long.MIN_VALUE;
  }

  static short[] alaw(short[] s) {
    short[] o = new short[s.length];
    for (int i = 0; i < s.length; i++) {
      o[i] = G711.alawToLinear(G711.linearToAlaw(s[i]) & 0xFF);
    }
    return o;
  }

  static short[] ulaw(short[] s) {
    short[] o = new short[s.length];
    for (int i = 0; i < s.length; i++) {
      o[i] = G711.ulawToLinear(G711.linearToUlaw(s[i]) & 0xFF);
    }
    return o;
  }

  private String ourTxToFaxpeer(String fp, int rate, boolean shortTrain, boolean mulaw) throws Exception {
    byte[] data = V17Line.payload(2000, rate);
    short[] pcm;
    List<String> cmd = new ArrayList<>(List.of(fp, "modem-rx", "v17", "" + rate));
    if (shortTrain) {
      short[] longBurst = V17Line.transmit(rate, false, new byte[0], -14, 600);
      pcm = V17Line.concat(longBurst, V17Line.transmit(rate, true, data, -14, 1600));
    } else {
      pcm = V17Line.transmit(rate, false, data, -14, 1600);
    }
    if (mulaw) {
      pcm = ulaw(pcm);
    }
    Path in = dir.resolve("in.bin");
    Path pcmFile = dir.resolve("tx.pcm");
    Files.write(in, data);
    V17Line.writePcm(pcmFile, pcm);
    cmd.add(pcmFile.toString());
    cmd.add(dir.resolve("out.bin").toString());
    cmd.add("--expect");
    cmd.add(in.toString());
    if (shortTrain) {
      cmd.add("--burst");
      cmd.add("2");
    }
    return run(cmd);
  }

  @ParameterizedTest
  @ValueSource(ints = {7200, 9600, 12000, 14400})
  void ourTxFaxpeerRx(int rate) throws Exception {
    String fp = faxpeer();
    assumeTrue(fp != null);
    for (boolean mulaw : new boolean[] {false, true}) {
      String json = ourTxToFaxpeer(fp, rate, false, mulaw);
      System.out.printf("V17 tx %5d %s -> faxpeer modem-rx: bit_errors=%d %s%n", rate, mulaw ? "ulaw " : "clean",
          field(json, "bit_errors"), json);
      assertEquals(0, field(json, "bit_errors"), json);
      assertTrue(json.contains("\"payload_match\":true"), json);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {7200, 14400})
  void ourShortTrainFaxpeerRx(int rate) throws Exception {
    String fp = faxpeer();
    assumeTrue(fp != null);
    String json = ourTxToFaxpeer(fp, rate, true, false);
    System.out.printf("V17 tx %5d short train -> faxpeer modem-rx --burst 2: bit_errors=%d %s%n", rate,
        field(json, "bit_errors"), json);
    assertEquals(0, field(json, "bit_errors"), json);
  }

  @ParameterizedTest
  @ValueSource(ints = {7200, 9600, 12000, 14400})
  void faxpeerTxOurRx(int rate) throws Exception {
    String fp = faxpeer();
    assumeTrue(fp != null);
    byte[] data = V17Line.payload(2000, 100 + rate);
    Path in = dir.resolve("peer-in.bin");
    Path pcmFile = dir.resolve("peer.pcm");
    Files.write(in, data);
    String json = run(List.of(fp, "modem-tx", "v17", "" + rate, in.toString(), pcmFile.toString()));
    assertTrue(json.contains("\"status\":\"OK\""), json);
    short[] pcm = V17Line.readPcm(pcmFile);
    for (boolean mulaw : new boolean[] {false, true}) {
      V17Line.Sink sink = V17ModemTest.receive(rate, mulaw ? ulaw(pcm) : pcm, 160);
      int errors = V17Line.bitErrors(data, sink.last());
      System.out.printf("faxpeer modem-tx v17 %5d %s -> V17Rx: %d bit errors, events %s%n", rate,
          mulaw ? "ulaw " : "clean", errors, sink.events);
      assertEquals(0, errors);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {7200, 14400})
  void faxpeerShortTrainOurRx(int rate) throws Exception {
    String fp = faxpeer();
    assumeTrue(fp != null);
    byte[] data = V17Line.payload(2000, 200 + rate);
    Path in = dir.resolve("peer-in.bin");
    Path pcmFile = dir.resolve("peer.pcm");
    Files.write(in, data);
    String json = run(List.of(fp, "modem-tx", "v17", "" + rate, in.toString(), pcmFile.toString(), "--no-training"));
    assertTrue(json.contains("\"status\":\"OK\""), json);
    V17Line.Sink sink = V17ModemTest.receive(rate, V17Line.readPcm(pcmFile), 160);
    int errors = V17Line.bitErrors(data, sink.last());
    System.out.printf("faxpeer modem-tx v17 %5d --no-training -> V17Rx (2nd burst): %d bit errors, %d bursts, events %s%n",
        rate, errors, sink.bursts.size(), sink.events);
    assertEquals(2, sink.bursts.size());
    assertEquals(8, sink.events.size(), sink.events.toString());
    assertEquals(0, errors);
  }

  /**
   * The same noisy signals (faxpeer modem-tx --snr, spandsp's transmitter and noise) into
   * spandsp's receiver (faxpeer modem-rx) and into V17Rx: both BERs printed side by side.
   */
  @ParameterizedTest
  @ValueSource(ints = {7200, 9600, 12000, 14400})
  void berVersusSpandsp(int rate) throws Exception {
    String fp = faxpeer();
    assumeTrue(fp != null);
    byte[] data = V17Line.payload(4000, 300 + rate);
    Path in = dir.resolve("ber-in.bin");
    Files.write(in, data);
    StringBuilder sb = new StringBuilder();
    for (int snr : new int[] {24, 22, 20, 18, 16}) {
      long ours = 0;
      long theirs = 0;
      long spandspOnOurs = 0;
      long bits = 0;
      for (int seed = 1; seed <= 2; seed++) {
        Path pcmFile = dir.resolve("ber.pcm");
        run(List.of(fp, "modem-tx", "v17", "" + rate, in.toString(), pcmFile.toString(), "--snr", "" + snr,
            "--seed", "" + seed));
        String json = run(List.of(fp, "modem-rx", "v17", "" + rate, pcmFile.toString(),
            dir.resolve("ber-out.bin").toString(), "--expect", in.toString()));
        long e = field(json, "bit_errors");
        theirs += e < 0 ? data.length * 8L : e;
        V17Line.Sink sink = V17ModemTest.receive(rate, V17Line.readPcm(pcmFile), 160);
        ours += V17Line.bitErrors(data, sink.last());
        bits += data.length * 8L;
        // the other direction: V17Tx plus the same kind of noise into spandsp's receiver
        V17Line.writePcm(pcmFile, V17Line.addNoise(V17Line.transmit(rate, false, data, -14, 1600), snr, seed));
        json = run(List.of(fp, "modem-rx", "v17", "" + rate, pcmFile.toString(),
            dir.resolve("ber-out.bin").toString(), "--expect", in.toString()));
        e = field(json, "bit_errors");
        spandspOnOurs += e < 0 ? data.length * 8L : e;
      }
      sb.append(String.format("%n    %2d dB   V17Rx %.2e   spandsp rx %.2e   |  V17Tx -> spandsp rx %.2e", snr,
          (double) ours / bits, (double) theirs / bits, (double) spandspOnOurs / bits));
    }
    System.out.println("V17 " + rate + " BER (2 x 32000 bits); first two columns on faxpeer modem-tx --snr:" + sb);
  }

  @ParameterizedTest
  @ValueSource(ints = {7200, 9600, 12000, 14400})
  void faxpeerLevelsAndAlaw(int rate) throws Exception {
    String fp = faxpeer();
    assumeTrue(fp != null);
    byte[] data = V17Line.payload(1000, 400 + rate);
    Path in = dir.resolve("lvl-in.bin");
    Path pcmFile = dir.resolve("lvl.pcm");
    Files.write(in, data);
    for (int level : new int[] {-10, -30, -43}) {
      String json = run(List.of(fp, "modem-tx", "v17", "" + rate, in.toString(), pcmFile.toString(), "--level", "" + level));
      assertTrue(json.contains("\"status\":\"OK\""), json);
      short[] pcm = V17Line.readPcm(pcmFile);
      for (int law = 0; law < 2; law++) {
        V17Line.Sink sink = V17ModemTest.receive(rate, law == 0 ? pcm : alaw(pcm), 160);
        int errors = V17Line.bitErrors(data, sink.last());
        System.out.printf("faxpeer modem-tx v17 %5d --level %d %s-> V17Rx: %d bit errors%n", rate, level,
            law == 0 ? "" : "A-law ", errors);
        assertEquals(0, errors, level + " dBm0");
      }
    }
    // and V17Tx through A-law into spandsp
    Files.write(in, data);
    V17Line.writePcm(pcmFile, alaw(V17Line.transmit(rate, false, data, -14, 1600)));
    String json = run(List.of(fp, "modem-rx", "v17", "" + rate, pcmFile.toString(), dir.resolve("lvl-out.bin").toString(),
        "--expect", in.toString()));
    System.out.printf("V17 tx %5d A-law -> faxpeer modem-rx: bit_errors=%d%n", rate, field(json, "bit_errors"));
    assertEquals(0, field(json, "bit_errors"), json);
  }
}
