package dev.faxgate.results;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar faxgate.jar run} in its own process, as an operator runs it: with an embedded
 * Kafka broker and its outbox in one data directory, its output in a file, stopped by SIGTERM or
 * killed by SIGKILL. Public for the cluster's IT (dev.faxgate.node.ClusterIT), which runs three.
 */
public final class NodeProcess {
  static final String READY = " ready ";

  final Path dataDir;
  final int httpPort;
  final int kafkaPort;
  private final int controllerPort;
  private final String nodeId;
  private Process process;
  private Path log;
  private int starts;

  public NodeProcess(Path dataDir, String nodeId) throws IOException {
    this.dataDir = Files.createDirectories(dataDir);
    this.nodeId = nodeId;
    this.httpPort = freePort();
    this.kafkaPort = freePort();
    this.controllerPort = freePort();
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public String bootstrap() {
    return "127.0.0.1:" + kafkaPort;
  }

  public String http() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** Starts the node on the data directory (again); returns at once. */
  public NodeProcess start(Map<String, String> extraEnv) throws IOException {
    Path jar = Path.of(System.getProperty("faxgate.jar", "target/faxgate.jar")).toAbsolutePath();
    assertTrue(Files.isReadable(jar), "no " + jar + ": the IT runs against the built jar");
    log = dataDir.resolve("node-" + (++starts) + ".log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "run").redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("FAXGATE_NODE_ID", nodeId);
    env.put("FAXGATE_HTTP_PORT", Integer.toString(httpPort));
    env.put("FAXGATE_OUTBOX_DIR", dataDir.resolve("outbox").toString());
    env.put("FAXGATE_KAFKA_EMBEDDED_DIR", dataDir.resolve("kafka").toString());
    env.put("FAXGATE_KAFKA_EMBEDDED_PORT", Integer.toString(kafkaPort));
    env.put("FAXGATE_KAFKA_EMBEDDED_CONTROLLER_PORT", Integer.toString(controllerPort));
    env.put("FAXGATE_KAFKA_RETRY_SECONDS", "1");
    env.putAll(extraEnv);
    process = pb.start();
    return this;
  }

  /** Waits for the ready line (up to 90 s); fails with the log when the node died or never said it. */
  public String awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      String ready = log().lines().filter(l -> l.contains(READY)).findFirst().orElse(null);
      if (ready != null) {
        return ready;
      }
      assertTrue(process.isAlive(), "the node exited before it was ready:\n" + log());
      Thread.sleep(20);
    }
    throw new AssertionError("the node did not say ready within 90 s:\n" + log());
  }

  /** The node's output so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL: no shutdown hook, no session ended, nothing flushed. */
  public void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the node did not die on SIGKILL");
  }

  /** SIGTERM: every session ends with its completion event, then the process exits. */
  public void stop() throws InterruptedException {
    process.toHandle().destroy();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the node did not stop on SIGTERM:\n" + log());
  }

  /** SIGTERM, without waiting: the node drains ({@code node.drain_seconds}), then stops. */
  public void signalStop() {
    process.toHandle().destroy();
  }

  /** Waits for the process to exit (up to {@code seconds}); its exit status. */
  public int awaitExit(long seconds) throws InterruptedException {
    assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "the node did not exit within " + seconds + " s:\n" + log());
    return process.exitValue();
  }

  /** Kills whatever is left (for finally blocks). */
  public void destroy() {
    if (process != null && process.isAlive()) {
      process.toHandle().destroyForcibly();
    }
  }
}
