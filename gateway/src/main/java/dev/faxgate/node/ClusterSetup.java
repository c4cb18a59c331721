package dev.faxgate.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a node joins its cluster, from {@code cluster.*}: Hazelcast (name, port, members or
 * Kubernetes DNS discovery) and the event bus (TLS).
 *
 * <p>Who may join: Hazelcast's open-source edition has no member authentication (its TLS and
 * JAAS are Enterprise features); what it does check on every join is the cluster name. So
 * {@code cluster.secret} is folded into that name (an HMAC of the name under the secret): a node
 * without the secret asks to join another cluster and is refused by Hazelcast's own join check.
 * The name travels in the join messages, so this keeps out strangers and mistakes, not someone who
 * can read the cluster network; what protects the traffic itself is the event bus's TLS, both ways
 * (client certificates required, chained to {@code cluster.tls_trust}): a process without the
 * cluster's key can neither send nor receive a bus message. A non-loopback {@code cluster.host}
 * requires both, or the node does not start.
 */
final class ClusterSetup {
  /** Hazelcast heartbeats: a member silent this long is removed (the default 60 s would keep a dead node's sessions "there"). */
  static final int HEARTBEAT_SECONDS = 1;
  static final int MAX_NO_HEARTBEAT_SECONDS = 10;

  private ClusterSetup() {}

  /** @throws IllegalStateException when the configuration would run an unprotected cluster off loopback, or is incomplete */
  static void check(GatewayConfig config) {
    List<String> tls = List.of(config.get(ConfigKey.CLUSTER_TLS_CERT), config.get(ConfigKey.CLUSTER_TLS_KEY),
        config.get(ConfigKey.CLUSTER_TLS_TRUST));
    if (tls.stream().anyMatch(String::isEmpty) && !tls.stream().allMatch(String::isEmpty)) {
      throw new IllegalStateException("cluster.tls_cert, cluster.tls_key and cluster.tls_trust go together: set all three"
          + " (TLS on the event bus) or none");
    }
    String host = config.get(ConfigKey.CLUSTER_HOST);
    if (!isLoopback(host) && (config.get(ConfigKey.CLUSTER_SECRET).isEmpty() || tls.get(0).isEmpty())) {
      throw new IllegalStateException("cluster.host is " + host + ", not a loopback address, and the cluster is not"
          + " protected: set cluster.secret (who may join) and cluster.tls_cert, cluster.tls_key, cluster.tls_trust"
          + " (TLS on the event bus), see docs/operations.md");
    }
  }

  /** A loopback literal (no name is looked up: "localhost" counts, any other name does not). */
  static boolean isLoopback(String host) {
    String h = host.replace("[", "").replace("]", "");
    return h.equals("localhost") || h.equals("::1") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /** The Hazelcast cluster name: {@code cluster.name}, with the secret's mark when there is a secret. */
  static String clusterName(GatewayConfig config) {
    String name = config.get(ConfigKey.CLUSTER_NAME);
    String secret = config.get(ConfigKey.CLUSTER_SECRET);
    if (secret.isEmpty()) {
      return name;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] mark = mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
      return name + "-" + HexFormat.of().formatHex(mark, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  static Config hazelcast(GatewayConfig config) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(clusterName(config));
    hz.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(HEARTBEAT_SECONDS));
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
    var network = hz.getNetworkConfig();
    network.setPort(config.getInt(ConfigKey.CLUSTER_PORT));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    String dns = config.get(ConfigKey.CLUSTER_KUBERNETES_DNS);
    if (dns.isEmpty()) {
      network.getInterfaces().setEnabled(true).setInterfaces(List.of(config.get(ConfigKey.CLUSTER_HOST)));
      join.getTcpIpConfig().setEnabled(true)
          .setMembers(Arrays.stream(config.get(ConfigKey.CLUSTER_MEMBERS).split(",")).map(String::trim)
              .filter(m -> !m.isEmpty()).toList());
    } else {
      // the pod's own address is the interface; its peers are the headless Service's addresses
      network.getInterfaces().setEnabled(false);
      network.setPublicAddress(config.get(ConfigKey.CLUSTER_HOST)); // with the port Hazelcast actually bound
      join.getTcpIpConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", dns)
          .setProperty("service-port", Integer.toString(config.getInt(ConfigKey.CLUSTER_PORT)));
    }
    return hz;
  }

  static EventBusOptions eventBus(GatewayConfig config) {
    String host = config.get(ConfigKey.CLUSTER_HOST);
    EventBusOptions bus = new EventBusOptions().setHost(host).setClusterPublicHost(host)
        .setPort(config.getInt(ConfigKey.CLUSTER_BUS_PORT));
    String cert = config.get(ConfigKey.CLUSTER_TLS_CERT);
    if (!cert.isEmpty()) {
      bus.setSsl(true).setClientAuth(ClientAuth.REQUIRED)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(config.get(ConfigKey.CLUSTER_TLS_KEY)))
          .setTrustOptions(new PemTrustOptions().addCertPath(config.get(ConfigKey.CLUSTER_TLS_TRUST)));
    }
    return bus;
  }
}
