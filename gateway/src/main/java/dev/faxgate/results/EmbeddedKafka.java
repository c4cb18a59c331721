package dev.faxgate.results;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker (KRaft, one combined broker and controller) in this process, for a
 * node with no bootstrap servers configured. Its log lives in a folder of its own and survives
 * restarts: the storage is formatted only the first time.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaRaftServer server;
  private final String bootstrap;
  private final Path dir;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrap, Path dir) {
    this.server = server;
    this.bootstrap = bootstrap;
    this.dir = dir;
  }

  /**
   * Starts the broker; returns once it accepts clients.
   *
   * @param dir its data folder (created; formatted on first use)
   */
  public static EmbeddedKafka start(Path dir, String host, int port, int controllerPort) throws IOException {
    return start(dir, host, port, controllerPort, Map.of());
  }

  /**
   * Starts the broker with some of its properties replaced: a client listener with TLS or SASL
   * (tests of the node's kafka.properties.*).
   */
  public static EmbeddedKafka start(Path dir, String host, int port, int controllerPort, Map<String, String> overrides)
      throws IOException {
    Files.createDirectories(dir);
    Path data = dir.resolve("data");
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", data.toString());
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // the broker is unfenced (serves clients) on the heartbeat after its registration: the 2 s
    // default would hold the node's ready line back by up to that long
    p.put("broker.heartbeat.interval.ms", "250");
    p.putAll(overrides);
    Path cfg = dir.resolve("server.properties");
    try (Writer w = Files.newBufferedWriter(cfg)) {
      p.store(w, "written by Faxgate's embedded Kafka broker");
    }
    if (!Files.exists(data.resolve("meta.properties"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", cfg.toString()},
          new PrintStream(out, true, StandardCharsets.UTF_8));
      if (rc != 0) {
        throw new IOException("formatting the Kafka storage in " + data + " failed: " + out.toString(StandardCharsets.UTF_8));
      }
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p), Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      server.shutdown();
      throw new IOException("the embedded Kafka broker did not start on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return new EmbeddedKafka(server, host + ":" + port, dir);
  }

  /**
   * Starts the broker on a thread of its own, at once: a node starts it before anything else, so
   * that the few seconds a broker needs overlap the node's own start (the node is ready only once
   * the broker serves the results topic).
   */
  public static CompletableFuture<EmbeddedKafka> startAsync(Path dir, String host, int port, int controllerPort) {
    CompletableFuture<EmbeddedKafka> started = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        started.complete(start(dir, host, port, controllerPort));
      } catch (IOException | RuntimeException e) {
        started.completeExceptionally(e);
      }
    }, "faxgate-embedded-kafka-start");
    t.setDaemon(true);
    t.start();
    return started;
  }

  /** The bootstrap address producers use. */
  public String bootstrap() {
    return bootstrap;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
