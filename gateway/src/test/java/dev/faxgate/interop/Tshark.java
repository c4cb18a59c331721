package dev.faxgate.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tshark capture on the loopback interface, and its decoding with Wireshark's own dissectors.
 * Needs tshark and root (capturing); without them the test is skipped, saying so.
 */
public final class Tshark implements AutoCloseable {
  private final Process process;
  private final Path file;
  private final List<String> preferences = new java.util.ArrayList<>();

  private Tshark(Process process, Path file) {
    this.process = process;
    this.file = file;
  }

  /** Whether captures can run here. */
  public static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/tshark")) && "root".equals(System.getProperty("user.name"));
  }

  /** Starts capturing UDP to or from {@code port} on lo into {@code file}; returns once tshark captures. */
  public static Tshark capture(Path file, int port) throws Exception {
    assumeTrue(available(), "tshark or root missing: capture check skipped (.ci/run installs tshark and runs as root)");
    Process p = new ProcessBuilder("tshark", "-i", "lo", "-f", "udp port " + port, "-w", file.toString(), "-q")
        .redirectErrorStream(true).start();
    CountDownLatch capturing = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.contains("Capturing on")) {
            capturing.countDown();
          }
        }
      } catch (java.io.IOException ignored) {
        // tshark ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    if (!capturing.await(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("tshark did not start capturing");
    }
    return new Tshark(p, file);
  }

  /** Adds a dissector preference for reading, e.g. {@code t38.use_pre_corrigendum_asn1_specification:FALSE} for T.38 version 1-3. */
  public Tshark prefer(String preference) {
    preferences.add(preference);
    return this;
  }

  /** Stops the capture and waits until the file is complete. */
  @Override
  public void close() throws Exception {
    process.toHandle().destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /**
   * Decodes the capture with UDP {@code port} as {@code protocol} ("rtp" or "t38") and returns one
   * line per packet matching {@code filter} (a display filter), with the fields asked for.
   */
  public List<String> read(int port, String protocol, String filter, String... fields) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("tshark", "-r", file.toString(), "-d",
        "udp.port==" + port + "," + protocol, "-Y", filter, "-T", "fields"));
    for (String pref : preferences) {
      command.add("-o");
      command.add(pref);
    }
    for (String f : fields) {
      command.add("-e");
      command.add(f);
    }
    Path err = Files.createTempFile("tshark-", ".err");
    Process p = new ProcessBuilder(command).redirectError(err.toFile()).start(); // stderr: tshark's notes, not packets
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("tshark -r failed: " + out + Files.readString(err));
    }
    Files.deleteIfExists(err);
    return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
  }

  /**
   * Reads a session's capture written by Faxgate ({@code capture.dir}/SESSIONID.pcap) with UDP
   * {@code rtpPort} as RTP and {@code t38Port} as T.38 (version 0's ASN.1 reading), and asserts
   * that at least {@code minRtp} RTP and {@code minT38} T.38 packets are dissected, that every
   * packet is one or the other, and that tshark reports no expert error. Reading needs tshark but
   * not root; without tshark the check is skipped, saying so.
   */
  public static void assertDissected(Path pcap, int rtpPort, int t38Port, long minRtp, long minT38) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/tshark"))) {
      System.out.println("SKIPPED reading " + pcap + " with tshark: tshark is not installed (.ci/run installs it)");
      return;
    }
    List<String> command = List.of("tshark", "-r", pcap.toString(), "-d", "udp.port==" + rtpPort + ",rtp",
        "-d", "udp.port==" + t38Port + ",t38", "-T", "fields", "-e", "frame.protocols", "-e", "_ws.expert.severity");
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    org.junit.jupiter.api.Assertions.assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
        "tshark -r " + pcap + " failed");
    long rtp = lines.stream().filter(l -> l.startsWith("raw:ip:udp:rtp")).count();
    long t38 = lines.stream().filter(l -> l.startsWith("raw:ip:udp:t38")).count();
    org.junit.jupiter.api.Assertions.assertTrue(rtp >= minRtp && t38 >= minT38,
        rtp + " RTP and " + t38 + " T.38 packets dissected of " + lines.size() + " in " + pcap);
    org.junit.jupiter.api.Assertions.assertEquals(lines.size(), rtp + t38, () -> "every packet is RTP or T.38: "
        + lines.stream().collect(java.util.stream.Collectors.groupingBy(l -> l, java.util.TreeMap::new,
            java.util.stream.Collectors.counting())));
    // expert severities: 4194304 note, 6291456 warning, 8388608 error
    org.junit.jupiter.api.Assertions.assertTrue(lines.stream().noneMatch(l -> l.contains("8388608")),
        "tshark expert errors in " + pcap);
    System.out.println("tshark read " + pcap.getFileName() + ": " + rtp + " RTP and " + t38 + " T.38 packets, no expert error");
  }
}
