package dev.faxgate.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A node that {@code faxgate load --spawn} starts for its run and stops after it: {@code faxgate run}
 * in a new JVM with this one's class path, pinned with {@code taskset} when CPUs are given, on free
 * loopback ports (HTTP, the embedded Kafka broker unless FAXGATE_KAFKA_BOOTSTRAP names one) and a
 * temporary data folder, deleted at the end.
 */
final class SpawnedNode implements AutoCloseable {
  private static final long READY_SECONDS = 120;

  private final Process process;
  private final Path dir;
  final URI uri;

  private SpawnedNode(Process process, Path dir, URI uri) {
    this.process = process;
    this.dir = dir;
    this.uri = uri;
  }

  /** Starts a node and waits until it says ready; {@code cpus} empty: not pinned. */
  static SpawnedNode start(String cpus) throws IOException {
    Path dir = Files.createTempDirectory("faxgate-load-node");
    int http = freePort();
    List<String> command = new ArrayList<>();
    if (!cpus.isEmpty()) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "dev.faxgate.cli.FaxgateCommand", "run"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("node.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("FAXGATE_HTTP_HOST", "127.0.0.1");
    env.put("FAXGATE_HTTP_PORT", Integer.toString(http));
    env.put("FAXGATE_KAFKA_EMBEDDED_PORT", Integer.toString(freePort()));
    env.put("FAXGATE_KAFKA_EMBEDDED_CONTROLLER_PORT", Integer.toString(freePort()));
    env.put("FAXGATE_KAFKA_EMBEDDED_DIR", dir.resolve("kafka").toString());
    env.put("FAXGATE_OUTBOX_DIR", dir.resolve("outbox").toString());
    env.put("FAXGATE_SESSIONS_MAX", "2500");
    // the generator is this node's only client and paces itself (--cps): the per-client create limit
    // (http.create_rate, 50 a second) would refuse it as it would a runaway controller
    env.putIfAbsent("FAXGATE_HTTP_CREATE_RATE", "0");
    SpawnedNode node = new SpawnedNode(builder.start(), dir, URI.create("http://127.0.0.1:" + http));
    try {
      node.awaitReady();
      return node;
    } catch (IOException | RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** The node's process id (taskset replaces itself with the JVM). */
  long pid() {
    return process.pid();
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
    Path log = dir.resolve("node.log");
    while (System.nanoTime() < deadline) {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      if (text.contains(" ready ")) {
        return;
      }
      if (!process.isAlive()) {
        throw new IOException("the spawned node exited with " + process.exitValue() + ": " + tail(text));
      }
      sleep(200);
    }
    throw new IOException("the spawned node was not ready after " + READY_SECONDS + " s: "
        + tail(Files.readString(log, StandardCharsets.UTF_8)));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder left behind is no reason to fail the run
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String tail(String text) {
    return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
