package dev.faxgate.cli;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.node.FaxgateNode;
import dev.faxgate.node.NodeCapacity;
import dev.faxgate.results.EmbeddedKafka;
import dev.faxgate.results.KafkaResultSink;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code faxgate run}: runs a gateway node until SIGTERM/SIGINT, then ends every session with a result. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a Faxgate node: the session manager, the HTTP control API, /metrics and /health.",
        "Configuration: defaults, then --config FILE (JSON, or YAML for .yaml/.yml), then FAXGATE_* environment variables.",
        "SIGTERM ends every session as FAILED/HANGUP, each with its completion result, then exits."})
final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger("faxgate");
  private static final long SHUTDOWN_WAIT_SECONDS = 20;

  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (JSON or YAML).")
  Path config;

  @Override
  public Integer call() throws Exception {
    GatewayConfig cfg;
    try {
      cfg = GatewayConfig.load(config, System.getenv());
    } catch (GatewayConfig.ConfigException e) {
      System.err.println("faxgate: " + e.getMessage());
      return 2;
    }
    // the in-process broker (no kafka.bootstrap) starts first: its seconds overlap the node's start
    CompletableFuture<EmbeddedKafka> broker = !cfg.get(ConfigKey.KAFKA_BOOTSTRAP).isEmpty() ? null
        : EmbeddedKafka.startAsync(Path.of(cfg.get(ConfigKey.KAFKA_EMBEDDED_DIR)), cfg.get(ConfigKey.KAFKA_EMBEDDED_HOST),
            cfg.getInt(ConfigKey.KAFKA_EMBEDDED_PORT), cfg.getInt(ConfigKey.KAFKA_EMBEDDED_CONTROLLER_PORT));
    FaxgateNode node;
    try {
      node = FaxgateNode.start(cfg, (vertx, registry) -> KafkaResultSink.start(vertx, cfg, registry, broker))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println("faxgate: cannot start: " + e.getCause().getMessage());
      return 1;
    }
    CompletableFuture<Boolean> stopped = new CompletableFuture<>(); // true: stopped cleanly
    // SIGTERM (an orchestrator, an upgrade) drains: active faxes run on to their own end for up to
    // node.drain_seconds, new sessions are refused; then every session left ends with its event and
    // the exit status is 0. Any other way the JVM stops (Ctrl-C) ends the sessions at once.
    sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> new Thread(() -> {
      stopped.complete(stop(node, cfg.getInt(ConfigKey.NODE_DRAIN_SECONDS))); // main returns, and the JVM exits 0
    }, "faxgate-drain").start());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (!stopped.isDone()) {
        stopped.complete(stop(node, 0));
      }
    }, "faxgate-shutdown"));

    // ready means results can be written (the broker answers, the topic exists): until then the
    // result sink logs what it waits for, and a SIGTERM still stops the node cleanly
    CompletableFuture<Void> ready = node.ready().toCompletionStage().toCompletableFuture();
    CompletableFuture.anyOf(ready, stopped).join();
    if (ready.isDone() && !stopped.isDone()) {
      long readyMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
      String http = "http://" + cfg.get(ConfigKey.HTTP_HOST) + ":" + node.httpPort();
      log.info("faxgate {} node={} ready {} ms after JVM start: control API {}/sessions, metrics {}/metrics, health {}/health, {}{}",
          VersionCommand.version(), cfg.nodeId(), readyMs, http, http, http, node.results().describe(),
          cfg.getBoolean(ConfigKey.CLUSTER_ENABLED) ? ", clustered as " + cfg.get(ConfigKey.CLUSTER_NAME) : "");
      NodeCapacity capacity = NodeCapacity.measure(cfg);
      if (capacity.isShort()) {
        log.warn(capacity.describe());
      } else {
        log.info(capacity.describe());
      }
    }
    return stopped.join() ? 0 : 1;
  }

  /** Drains the node for up to {@code drainSeconds} (0: not at all), then closes it; true when all went well. */
  private static boolean stop(FaxgateNode node, long drainSeconds) {
    try {
      if (drainSeconds > 0) {
        node.drain(drainSeconds).toCompletionStage().toCompletableFuture().get(drainSeconds + 5, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      log.error("draining did not finish; the sessions left are ended now", e);
    }
    try {
      node.close().toCompletionStage().toCompletableFuture().get(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
      log.info("stopped");
      return true;
    } catch (Exception e) {
      log.error("shutdown did not finish cleanly", e);
      return false;
    }
  }
}
