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
}
