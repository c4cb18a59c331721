package dev.faxgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration: defaults, JSON and YAML files, environment overrides, refusals, and docs/configuration.md documenting every key. */
class GatewayConfigTest {
  @TempDir
  Path dir;

  @Test
  void defaults() {
    GatewayConfig c = GatewayConfig.defaults();
    assertEquals("127.0.0.1", c.get(ConfigKey.HTTP_HOST));
    assertEquals(8080, c.getInt(ConfigKey.HTTP_PORT));
    assertEquals(14400, c.faxOptDefaults().getMaxRate());
  }

  @Test
  void jsonFileThenEnvironment() throws Exception {
    Path f = dir.resolve("faxgate.json");
    Files.writeString(f, "{\"http\":{\"port\":9090,\"token\":\"t\"},\"faxopt\":{\"maxrate\":\"9600\",\"ecm\":\"no\"}}");
    GatewayConfig c = GatewayConfig.load(f, Map.of("FAXGATE_HTTP_PORT", "9191", "FAXGATE_FAXOPT_MINRATE", "7200"));
    assertEquals(9191, c.getInt(ConfigKey.HTTP_PORT));
    assertEquals("t", c.get(ConfigKey.HTTP_TOKEN));
    assertEquals(9600, c.faxOptDefaults().getMaxRate());
    assertEquals(7200, c.faxOptDefaults().getMinRate());
    assertEquals(false, c.faxOptDefaults().isEcm());
  }

  @Test
  void yamlFile() throws Exception {
    Path f = dir.resolve("faxgate.yaml");
    Files.writeString(f, "node:\n  id: edge-1\nsessions:\n  max: 5\nfaxopt:\n  ecm: no\n  localstationid: '+1 555 0100'\n");
    GatewayConfig c = GatewayConfig.load(f, Map.of());
    assertEquals("edge-1", c.nodeId());
    assertEquals(5, c.getInt(ConfigKey.SESSIONS_MAX));
    assertEquals(false, c.faxOptDefaults().isEcm());
    assertEquals("+1 555 0100", c.faxOptDefaults().getLocalStationId());
  }

  @Test
  void kafkaClientPropertiesFromTheFileAndTheEnvironment() throws Exception {
    Path f = dir.resolve("faxgate.yaml");
    Files.writeString(f, "kafka:\n  bootstrap: k1:9093\n  properties:\n    security.protocol: SASL_SSL\n"
        + "    ssl:\n      truststore.location: /etc/faxgate/trust.p12\n");
    GatewayConfig c = GatewayConfig.load(f, Map.of("FAXGATE_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512",
        "FAXGATE_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SSL"));
    assertEquals(Map.of("security.protocol", "SSL", "ssl.truststore.location", "/etc/faxgate/trust.p12",
        "sasl.mechanism", "SCRAM-SHA-512"), c.kafkaProperties(), "the environment overrides the file");
    assertEquals("k1:9093", c.get(ConfigKey.KAFKA_BOOTSTRAP));
    assertEquals(Map.of(), GatewayConfig.defaults().kafkaProperties());
    // what the node sets itself cannot be replaced: results would go elsewhere or be lost
    for (String own : List.of("BOOTSTRAP_SERVERS", "ACKS", "ENABLE_IDEMPOTENCE", "VALUE_SERIALIZER")) {
      assertThrows(GatewayConfig.ConfigException.class,
          () -> GatewayConfig.load(null, Map.of("FAXGATE_KAFKA_PROPERTIES_" + own, "x")), own);
    }
    Files.writeString(f, "kafka:\n  properties:\n    'Sasl Mechanism': PLAIN\n");
    assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.load(f, Map.of()));
  }

  @Test
  void refusals() throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\"http\":{\"prot\":9090}}");
    assertTrue(assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.load(f, Map.of()))
        .getMessage().contains("http.prot"));
    Files.writeString(f, "{\"http\":{\"port\":\"eighty\"}}");
    assertTrue(assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.load(f, Map.of()))
        .getMessage().contains("http.port"));
    Files.writeString(f, "{not json");
    assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.load(f, Map.of()));
    assertThrows(GatewayConfig.ConfigException.class, () -> GatewayConfig.load(dir.resolve("missing.json"), Map.of()));
    assertTrue(assertThrows(GatewayConfig.ConfigException.class,
        () -> GatewayConfig.load(null, Map.of("FAXGATE_FAXOPT_MAXRATE", "28800"))).getMessage().contains("maxrate"));
    assertThrows(GatewayConfig.ConfigException.class,
        () -> GatewayConfig.load(null, Map.of("FAXGATE_CLUSTER_ENABLED", "maybe")));
  }

  @Test
  void theSampleConfigurationLoads() {
    Path sample = Path.of("..", "deploy", "faxgate.yaml");
    GatewayConfig c = GatewayConfig.load(sample, Map.of());
    assertEquals(8080, c.getInt(ConfigKey.HTTP_PORT));
  }

  @Test
  void theDocsListEveryKeyWithItsDefaultAndEnvironmentName() throws Exception {
    String readme = Files.readString(Path.of("..", "docs", "configuration.md"));
    for (ConfigKey key : ConfigKey.ALL) {
      String shown = key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`";
      String row = "| `" + key.name() + "` | `" + key.envName() + "` | " + shown + " |";
      assertTrue(readme.contains(row), "docs/configuration.md lacks the row: " + row);
    }
    assertTrue(List.of(readme.split("\n")).stream().filter(l -> l.startsWith("| `") && l.contains("FAXGATE_")).count()
        == ConfigKey.ALL.size(), "docs/configuration.md documents exactly the keys there are");
  }
}
