package dev.faxgate.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The reference fax peer (faxpeer, on spandsp; docs/testing.md) as the interop tests drive it: the binary
 * named by the environment variable {@code FAXPEER} (.ci/run builds it and sets it). Without it the
 * tests that need it are skipped, saying so.
 */
public final class Faxpeer {
  private Faxpeer() {}

  /** The faxpeer binary, or a skipped test when FAXPEER is not set. */
  public static Path binary() {
    String path = System.getenv("FAXPEER");
    boolean present = path != null && Files.isExecutable(Path.of(path));
    if (!present) {
      System.out.println("SKIPPED interop test against spandsp: FAXPEER is not set to a faxpeer binary (.ci/run builds it)");
    }
    assumeTrue(present, "FAXPEER is not set to a faxpeer binary: interop test against spandsp skipped (.ci/run builds it)");
    return Path.of(path);
  }

  /** A finished faxpeer run: its exit status, its one JSON result line, and its stderr. */
  public record Run(int exit, JsonObject result, String stderr) {}

  /** A faxpeer process and its result to come. */
  public record Running(Process process, CompletableFuture<Run> result) {
    /** Ends it now (SIGKILL) and waits for it. */
    public void kill() throws InterruptedException {
      process.toHandle().destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Starts {@code faxpeer ARGS...}; the future completes when it exits (killed after {@code timeoutSeconds}). */
  public static CompletableFuture<Run> start(Path workDir, long timeoutSeconds, String... args) throws IOException {
    return launch(workDir, timeoutSeconds, args).result();
  }

  /** Starts {@code faxpeer ARGS...}, keeping hold of the process. */
  public static Running launch(Path workDir, long timeoutSeconds, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, args[0] + "-", ".out");
    Path err = Files.createTempFile(workDir, args[0] + "-", ".err");
    Process p = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    return new Running(p, CompletableFuture.supplyAsync(() -> {
      try {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor();
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8).trim();
        String line = stdout.isEmpty() ? "{}" : stdout.substring(stdout.lastIndexOf('\n') + 1);
        return new Run(p.exitValue(), new JsonObject(line), Files.readString(err, StandardCharsets.UTF_8));
      } catch (IOException | InterruptedException e) {
        p.destroyForcibly();
        throw new IllegalStateException("faxpeer " + String.join(" ", args) + ": " + e, e);
      }
    }));
  }

  /** Runs {@code faxpeer ARGS...} to the end. */
  public static Run run(Path workDir, String... args) throws Exception {
    return start(workDir, 120, args).get(180, TimeUnit.SECONDS);
  }

  /** A UDP port free on 127.0.0.1 now (even, so it suits RTP). */
  public static int freeEvenPort() throws IOException {
    return freePort(true);
  }

  /**
   * A UDP port free on 127.0.0.1 now, even if asked, and outside 33434-33524: Wireshark marks UDP
   * to those ports "Possible traceroute", an expert note the capture checks would take for a fault.
   */
  public static int freePort(boolean even) throws IOException {
    for (int i = 0; i < 200; i++) {
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        int port = s.getLocalPort();
        if ((!even || port % 2 == 0) && (port < 33434 || port > 33524)) {
          return port;
        }
      }
    }
    throw new IOException("no free UDP port");
  }
}
