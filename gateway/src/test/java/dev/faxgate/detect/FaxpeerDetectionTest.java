package dev.faxgate.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faxgate.detect.Harness.Event;
import dev.faxgate.rtp.G711;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/*
 * What this exercises: the detectors on audio made by a real, independent fax implementation,
 * spandsp, through the reference peer faxpeer (binary named by the environment variable FAXPEER;
 * skipped, saying so, when it is not set).
 *  - faxpeer modem-tx v21ch2: a DIS-like frame after spandsp's 1 s preamble of flags, at -10, -30
 *    and -43 dBm0, clean and at 20 and 12 dB SNR: one V21_PREAMBLE, its onset within 2 bits of
 *    faxpeer's signal_start_sample, decided within 5 flags (plus 20 ms) of it.
 *  - Real terminal audio over RTP: faxpeer audio-send (the calling fax: CNG) and audio-recv (the
 *    answering fax: CED, then the V.21 preamble of its DIS), each sending G.711 to a socket of this
 *    test for 7 s. CNG must be detected within 4 s of the first non-silent audio; CED within 4 s,
 *    and the DIS preamble after it.
 */
class FaxpeerDetectionTest {

  private static final Pattern START = Pattern.compile("\"signal_start_sample\":(\\d+)");
  private static final double BIT = 8000.0 / 300.0;

  static Path faxpeer() {
    String path = System.getenv("FAXPEER");
    boolean present = path != null && Files.isExecutable(Path.of(path));
    if (!present) {
      System.out.println("SKIPPED detector test against spandsp audio: FAXPEER is not set to a"
          + " faxpeer binary (.ci/run builds it)");
    }
    assumeTrue(present, "FAXPEER is not set: detector test against spandsp audio skipped");
    return Path.of(path);
  }

  @Test
  void v21PreambleFromSpandspModem(@TempDir Path dir) throws Exception {
    Path fp = faxpeer();
    Path frames = dir.resolve("dis.frames");
    byte[] frame = {(byte) 0xFF, 0x13, (byte) 0x80, 0x00, (byte) 0xCE, (byte) 0xF4, (byte) 0x80};
    ByteBuffer b = ByteBuffer.allocate(2 + frame.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) frame.length).put(frame);
    Files.write(frames, b.array());
    V21PreambleDetector d = new V21PreambleDetector();
    for (double level : new double[] {-10, -30, -43}) {
      for (double snr : new double[] {Double.NaN, 20, 12}) {
        Path pcm = dir.resolve("v21.pcm");
        List<String> cmd = new ArrayList<>(List.of(fp.toString(), "modem-tx", "v21ch2", "300",
            frames.toString(), pcm.toString(), "--level", Double.toString(level)));
        if (!Double.isNaN(snr)) {
          cmd.addAll(List.of("--snr", Double.toString(snr), "--seed", "7"));
        }
        String json = run(dir, cmd);
        Matcher m = START.matcher(json);
        assertTrue(m.find(), json);
        long start = Long.parseLong(m.group(1));
        short[] s = readPcm(pcm);
        List<Event> ev = Harness.detections(Harness.run(d, s, 160));
        String where = "v21ch2 at " + level + " dBm0, SNR " + snr + ": " + ev + " / " + json;
        assertEquals(1, ev.size(), where);
        assertEquals(ToneEvent.V21_PREAMBLE, ev.get(0).kind(), where);
        assertEquals(start, ev.get(0).signalAt(), 2 * BIT, where);
        assertTrue(ev.get(0).decidedAt() - start <= 40 * BIT + 160, where);
        System.out.printf("spandsp v21ch2 %.0f dBm0, SNR %s: preamble at sample %d (signal from %d)%n",
            level, Double.isNaN(snr) ? "none" : snr + " dB", ev.get(0).decidedAt(), start);
      }
    }
  }

  @Test
  void cngFromSpandspCallingTerminal(@TempDir Path dir) throws Exception {
    Path fp = faxpeer();
    run(dir, List.of(fp.toString(), "make-tiff", dir.resolve("page.tif").toString(), "--pages", "1"));
    short[] audio = capture(dir, fp, "audio-send", "--tiff", dir.resolve("page.tif").toString());
    long first = firstSound(audio);
    assertTrue(first >= 0, "faxpeer audio-send sent sound");
    List<Event> ev = Harness.detections(Harness.run(new CngDetector(), audio, 160));
    System.out.println("spandsp audio-send, first sound at " + first + ": " + ev);
    assertTrue(!ev.isEmpty() && ev.get(0).kind() == ToneEvent.CNG, ev.toString());
    assertTrue(ev.get(0).decidedAt() - first <= 4 * 8000, "CNG within 4 s: " + ev);
    assertEquals(List.of(), Harness.detections(Harness.run(new CedDetector(), audio, 160)));
  }

  @Test
  void cedAndDisPreambleFromSpandspAnsweringTerminal(@TempDir Path dir) throws Exception {
    Path fp = faxpeer();
    short[] audio = capture(dir, fp, "audio-recv", "--out", dir.resolve("rx.tif").toString());
    long first = firstSound(audio);
    assertTrue(first >= 0, "faxpeer audio-recv sent sound");
    List<Event> ced = Harness.detections(Harness.run(new CedDetector(), audio, 160));
    List<Event> pre = Harness.detections(Harness.run(new V21PreambleDetector(), audio, 160));
    System.out.println("spandsp audio-recv, first sound at " + first + ": " + ced + " " + pre);
    assertTrue(!ced.isEmpty() && ced.get(0).kind() == ToneEvent.ANS, ced.toString());
    assertTrue(ced.get(0).decidedAt() - first <= 4 * 8000, "CED within 4 s: " + ced);
    assertTrue(!pre.isEmpty() && pre.get(0).decidedAt() > ced.get(0).decidedAt(), "DIS preamble after CED: " + pre);
    assertEquals(List.of(), Harness.detections(Harness.run(new CngDetector(), audio, 160)));
  }

  /** Runs a faxpeer terminal that sends RTP to a socket of ours for 7 s; returns the decoded audio. */
  private static short[] capture(Path dir, Path fp, String role, String... args) throws Exception {
    try (DatagramSocket sock = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      sock.setSoTimeout(200);
      int peerPort;
      try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
        peerPort = probe.getLocalPort();
      }
      List<String> cmd = new ArrayList<>(List.of(fp.toString(), role,
          "--local", "127.0.0.1:" + peerPort, "--remote", "127.0.0.1:" + sock.getLocalPort(),
          "--timeout", "8"));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).directory(dir.toFile())
          .redirectOutput(dir.resolve(role + ".out").toFile())
          .redirectError(dir.resolve(role + ".err").toFile()).start();
      ByteArrayOutputStream pcm = new ByteArrayOutputStream();
      byte[] buf = new byte[2048];
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(7);
      try {
        while (System.nanoTime() < deadline) {
          DatagramPacket pkt = new DatagramPacket(buf, buf.length);
          try {
            sock.receive(pkt);
          } catch (SocketTimeoutException e) {
            continue;
          }
          int len = pkt.getLength();
          if (len < 12 || (buf[0] & 0xC0) != 0x80) {
            continue;
          }
          int header = 12 + 4 * (buf[0] & 0x0F);
          if ((buf[0] & 0x10) != 0 && len >= header + 4) {
            header += 4 + 4 * (((buf[header + 2] & 0xFF) << 8) | (buf[header + 3] & 0xFF));
          }
          int pt = buf[1] & 0x7F;
          for (int i = header; i < len; i++) {
            int code = buf[i] & 0xFF;
            short v = pt == G711.PT_PCMA ? G711.alawToLinear(code) : G711.ulawToLinear(code);
            pcm.write(v & 0xFF);
            pcm.write((v >> 8) & 0xFF);
          }
        }
      } finally {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      byte[] bytes = pcm.toByteArray();
      short[] s = new short[bytes.length / 2];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
      assertTrue(s.length > 4 * 8000, role + " sent " + s.length + " samples; stderr: "
          + Files.readString(dir.resolve(role + ".err")));
      return s;
    }
  }

  private static long firstSound(short[] s) {
    for (int i = 0; i < s.length; i++) {
      if (Math.abs(s[i]) > 64) {
        return i;
      }
    }
    return -1;
  }

  private static String run(Path dir, List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
    String text = new String(out, StandardCharsets.UTF_8).trim();
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + " -> " + text);
    return text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1);
  }

  private static short[] readPcm(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    short[] s = new short[b.length / 2];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
    return s;
  }
}
