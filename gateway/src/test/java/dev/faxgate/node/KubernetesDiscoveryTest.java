package dev.faxgate.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code cluster.kubernetes_dns}: Hazelcast's Kubernetes discovery in DNS mode (it is in the
 * Hazelcast jar) replaces the member list, on the pod's own address. The discovery itself has not
 * run here against a real headless Service (there is no Kubernetes); two loopback nodes with
 * {@code localhost} as the "Service" did not find each other in a quick try, each forming a
 * cluster of one, so that is not offered as a test.
 */
class KubernetesDiscoveryTest {

  @Test
  void theDnsNameReplacesTheMemberList() {
    Config hz = ClusterSetup.hazelcast(GatewayConfig.defaults().with(ConfigKey.CLUSTER_KUBERNETES_DNS, "faxgate-cluster.fax.svc")
        .with(ConfigKey.CLUSTER_HOST, "10.0.0.12"));
    var join = hz.getNetworkConfig().getJoin();
    assertTrue(join.getKubernetesConfig().isEnabled());
    assertEquals("faxgate-cluster.fax.svc", join.getKubernetesConfig().getProperty("service-dns"));
    assertEquals("5701", join.getKubernetesConfig().getProperty("service-port"));
    assertFalse(join.getTcpIpConfig().isEnabled());
    assertFalse(join.getMulticastConfig().isEnabled());
    assertEquals("10.0.0.12", hz.getNetworkConfig().getPublicAddress());
  }
}
