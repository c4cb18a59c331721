package dev.faxgate.node;

import com.hazelcast.config.Config;
import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.control.ControlApiVerticle;
import dev.faxgate.media.MediaPlane;
import dev.faxgate.metrics.FaxgateMetrics;
import dev.faxgate.metrics.MetricsSetup;
import dev.faxgate.session.ResultSink;
import dev.faxgate.session.SessionManagerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Clock;
import java.util.Arrays;
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

  private FaxgateNode(Vertx vertx, GatewayConfig config, SessionManagerVerticle sessions, ControlApiVerticle api,
      MediaPlane media) {
    this.vertx = vertx;
    this.config = config;
    this.sessions = sessions;
    this.api = api;
    this.media = media;
  }

  /** Starts a node; completion events go to {@code results} (and the bus). */
  public static Future<FaxgateNode> start(GatewayConfig config, ResultSink results) {
    String registry = "faxgate-" + REGISTRIES.incrementAndGet();
    VertxOptions options = new VertxOptions().setMetricsOptions(MetricsSetup.options(registry));
    var builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory());
    Future<Vertx> started;
    if (config.getBoolean(ConfigKey.CLUSTER_ENABLED)) {
      String host = config.get(ConfigKey.CLUSTER_HOST);
      options.setEventBusOptions(new EventBusOptions().setHost(host).setClusterPublicHost(host).setPort(0));
      started = builder.with(options).withClusterManager(new HazelcastClusterManager(hazelcastConfig(config))).buildClustered();
    } else {
      started = Future.succeededFuture(builder.with(options).build());
    }
    return started.compose(vertx -> {
      FaxgateMetrics metrics = new FaxgateMetrics(MetricsSetup.registry(registry));
      ControlApiVerticle api = config.getBoolean(ConfigKey.HTTP_ENABLED) ? new ControlApiVerticle(config, registry) : null;
      return MediaPlane.deploy(vertx, config, MetricsSetup.registry(registry)).compose(media -> {
        SessionManagerVerticle sessions = new SessionManagerVerticle(config, metrics, results, media, Clock.systemUTC());
        return vertx.deployVerticle(sessions)
            .compose(id -> api == null ? Future.succeededFuture(id) : vertx.deployVerticle(api))
            .map(id -> new FaxgateNode(vertx, config, sessions, api, media));
      }).recover(failure -> vertx.close().transform(v -> Future.failedFuture(failure)));
    });
  }

  private static Config hazelcastConfig(GatewayConfig config) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(config.get(ConfigKey.CLUSTER_NAME));
    var network = hz.getNetworkConfig();
    network.getInterfaces().setEnabled(true).setInterfaces(java.util.List.of(config.get(ConfigKey.CLUSTER_HOST)));
    network.getJoin().getTcpIpConfig().setEnabled(true)
        .setMembers(Arrays.stream(config.get(ConfigKey.CLUSTER_MEMBERS).split(",")).map(String::trim).toList());
    return hz;
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

  public MediaPlane media() {
    return media;
  }

  public int activeSessions() {
    return sessions.activeSessions();
  }

  /** Ends every session (FAILED/HANGUP, each with its completion event), then stops. */
  public Future<Void> close() {
    log.info("stopping node {}", config.nodeId());
    return vertx.close();
  }
}
