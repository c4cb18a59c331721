package dev.faxgate.node;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.control.ClusterView;
import dev.faxgate.control.ControlApiVerticle;
import dev.faxgate.media.MediaPlane;
import dev.faxgate.metrics.EventLoopLagProbe;
import dev.faxgate.metrics.FaxgateMetrics;
import dev.faxgate.metrics.MetricsSetup;
import dev.faxgate.session.ResultSink;
import dev.faxgate.session.SessionManagerVerticle;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running Faxgate node: its Vert.x instance (clustered or not), its verticles, its meters. */
public final class FaxgateNode {
  private static final Logger log = LoggerFactory.getLogger(FaxgateNode.class);
  private static final AtomicInteger REGISTRIES = new AtomicInteger();

  private final Vertx vertx;
  private final GatewayConfig config;
  private final SessionManagerVerticle sessions;
  private final ControlApiVerticle api;
  private final MediaPlane media;
  private final ResultSink results;
  private final String sessionsDeployment;
  private final EventLoopLagProbe lagProbe;
  /** The cluster as this node sees it (null when not clustered). */
  private final ClusterDirectory directory;

  /** Makes the node's result sink once its Vert.x instance and meters exist. */
  @FunctionalInterface
  public interface ResultSinkFactory {
    Future<ResultSink> create(Vertx vertx, MeterRegistry registry);
  }

  private FaxgateNode(Vertx vertx, GatewayConfig config, SessionManagerVerticle sessions, String sessionsDeployment,
      ControlApiVerticle api, MediaPlane media, ResultSink results, EventLoopLagProbe lagProbe, ClusterDirectory directory) {
    this.vertx = vertx;
    this.directory = directory;
    this.lagProbe = lagProbe;
    this.config = config;
    this.sessions = sessions;
    this.sessionsDeployment = sessionsDeployment;
    this.api = api;
    this.media = media;
    this.results = results;
  }

  /** Starts a node whose completion events go to {@code results} (and the bus). */
  public static Future<FaxgateNode> start(GatewayConfig config, ResultSink results) {
    return start(config, (vertx, registry) -> Future.succeededFuture(results));
  }

  /** Starts a node whose completion events go to the sink {@code factory} makes (and the bus). */
  public static Future<FaxgateNode> start(GatewayConfig config, ResultSinkFactory factory) {
    String registry = "faxgate-" + REGISTRIES.incrementAndGet();
    VertxOptions options = new VertxOptions().setMetricsOptions(MetricsSetup.options(registry));
    if (config.getInt(ConfigKey.NODE_EVENT_LOOPS) > 0) {
      options.setEventLoopPoolSize(config.getInt(ConfigKey.NODE_EVENT_LOOPS));
    }
    var builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory());
    Future<Vertx> started;
    HazelcastClusterManager cluster = null;
    if (config.getBoolean(ConfigKey.CLUSTER_ENABLED)) {
      try {
        ClusterSetup.check(config);
      } catch (IllegalStateException refused) {
        return Future.failedFuture(refused);
      }
      options.setEventBusOptions(ClusterSetup.eventBus(config));
      cluster = new HazelcastClusterManager(ClusterSetup.hazelcast(config));
      started = builder.with(options).withClusterManager(cluster).buildClustered();
    } else {
      started = Future.succeededFuture(builder.with(options).build());
    }
    HazelcastClusterManager clusterManager = cluster;
    return started.compose(vertx -> {
      MeterRegistry meters = MetricsSetup.registry(registry);
      FaxgateMetrics metrics = new FaxgateMetrics(meters);
      EventLoopLagProbe lagProbe = new EventLoopLagProbe(meters, EventLoopLagProbe.DEFAULT_PERIOD, options.getEventLoopPoolSize());
      return lagProbe.start(vertx).compose(probing -> factory.create(vertx, meters)).compose(results -> {
        AtomicBoolean draining = new AtomicBoolean();
        return MediaPlane.deploy(vertx, config, meters).compose(media -> {
          SessionManagerVerticle sessions = new SessionManagerVerticle(config, metrics, results, media, Clock.systemUTC(),
              draining);
          ClusterDirectory directory = clusterManager == null ? null : new ClusterDirectory(vertx, clusterManager,
              config.nodeId(), Math.min(config.getInt(ConfigKey.SESSIONS_MAX), NodeCapacity.measure(config).sessions()),
              sessions::activeSessions, draining::get);
          ClusterView view = directory != null ? directory
              : ClusterView.single(config.nodeId(), sessions::activeSessions, draining::get);
          ControlApiVerticle api = config.getBoolean(ConfigKey.HTTP_ENABLED)
              ? new ControlApiVerticle(config, registry, results, draining::get, view) : null;
          return vertx.deployVerticle(sessions)
              .compose(sessionsId -> (directory == null ? Future.<Void>succeededFuture() : directory.start())
                  .compose(v -> api == null ? Future.succeededFuture("") : vertx.deployVerticle(api))
                  .map(apiId -> new FaxgateNode(vertx, config, sessions, sessionsId, api, media, results, lagProbe,
                      directory)));
        }).recover(failure -> results.close().transform(c -> Future.failedFuture(failure)));
      }).recover(failure -> {
        // not chained on close(): its completion would be delivered to an event loop close() has ended
        vertx.close();
        return Future.failedFuture(failure);
      });
    });
  }

  public Vertx vertx() {
    return vertx;
  }

  public GatewayConfig config() {
    return config;
  }

  /** The port the HTTP server listens on; -1 with http.enabled=false. */
  public int httpPort() {
    return api == null ? -1 : api.actualPort();
  }

  public ResultSink results() {
    return results;
  }

  /**
   * Completes when the node is ready: its results can be written (for Kafka: the broker answers and
   * the topic exists, and the events of sessions a crash left were acknowledged). Sessions are taken
   * from {@link #start} on; their events wait in the outbox until then.
   */
  /**
   * SIGTERM's first step: the node takes no new session (503 DRAINING, /health DRAINING) and the
   * future completes when every active session has ended by itself, or after {@code seconds}.
   * {@link #close} then ends what is left.
   */
  public Future<Void> drain(long seconds) {
    Future<Void> drained = sessions.drain(seconds);
    if (directory != null) {
      vertx.setTimer(1, t -> directory.report()); // the others stop placing here now, not at the next report
    }
    return drained;
  }

  public Future<Void> ready() {
    return results.ready();
  }

  public MediaPlane media() {
    return media;
  }

  public int activeSessions() {
    return sessions.activeSessions();
  }

  /**
   * Ends every session (FAILED/HANGUP, each with its completion event, stored by the result sink),
   * then closes the result sink, then Vert.x. Closing twice is harmless.
   */
  public synchronized Future<Void> close() {
    if (closing == null) {
      log.info("stopping node {}", config.nodeId());
      CompletableFuture<Void> drained = (directory == null ? Future.<Void>succeededFuture() : directory.close())
          .recover(e -> Future.succeededFuture())
          .compose(v -> vertx.undeploy(sessionsDeployment))
          .recover(e -> Future.succeededFuture())
          .compose(v -> results.close())
          .recover(e -> Future.succeededFuture())
          .compose(v -> lagProbe.close())
          .toCompletionStage().toCompletableFuture();
      // Vert.x is closed from a plain thread: a future chained on one of its contexts would try to
      // complete on an event loop that the close has just terminated
      closing = drained.thenComposeAsync(v -> vertx.close().toCompletionStage());
    }
    return Future.fromCompletionStage(closing);
  }

  private CompletionStage<Void> closing;
}
