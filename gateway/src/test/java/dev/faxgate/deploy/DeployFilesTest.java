package dev.faxgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.node.FaxgateNode;
import dev.faxgate.results.KafkaResultSink;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped deployment artefacts, checked without Docker: Prometheus's own promtool accepts the
 * scrape configuration and the alert rules (and the rules' unit tests pass); the dashboards are
 * Grafana dashboards whose every panel queries through the datasource variable; every metric they
 * and the rules name is served by a running node's /metrics (and every Faxgate meter is shown
 * somewhere); the compose file and the Kubernetes manifests hang together; and the Dockerfile
 * builds and runs the very jar {@code ./faxgate run} runs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeployFilesTest {
  @TempDir
  Path dir;

  // ------------------------------------------------------------------ Prometheus: promtool

  private static Path promtool() {
    for (String candidate : new String[] {"/usr/bin/promtool", "/usr/local/bin/promtool"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    return null;
  }

  private static String run(Path cwd, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(done && p.exitValue() == 0, String.join(" ", command) + " failed:\n" + out);
    return out;
  }

  @Test
  void promtoolAcceptsTheScrapeConfigAndTheRules() throws Exception {
    Path promtool = promtool();
    if (promtool == null) {
      System.out.println("SKIPPED promtool checks: promtool is not installed (Debian package prometheus)");
    }
    assumeTrue(promtool != null, "promtool is not installed");
    Path prometheus = DeployFiles.deploy("prometheus");
    String config = run(prometheus, promtool.toString(), "check", "config", "prometheus.yml");
    assertTrue(config.contains("SUCCESS"), config);
    String rules = run(prometheus, promtool.toString(), "check", "rules", "rules.yml");
    assertTrue(rules.contains("SUCCESS"), rules);
    // the alerts' unit tests: each fires on the series it is meant for, and stays quiet otherwise
    String tests = run(prometheus, promtool.toString(), "test", "rules", "rules.test.yml");
    assertTrue(tests.contains("SUCCESS"), tests);
  }

  @Test
  void everyAlertHasASeverityASummaryAndAUnitTest() {
    Map<String, Object> doc = new Yaml().load(DeployFiles.read(DeployFiles.deploy("prometheus", "rules.yml")));
    String tests = DeployFiles.read(DeployFiles.deploy("prometheus", "rules.test.yml"));
    for (Object g : (List<?>) doc.get("groups")) {
      for (Object r : (List<?>) ((Map<?, ?>) g).get("rules")) {
        Map<?, ?> rule = (Map<?, ?>) r;
        Object alert = rule.get("alert");
        assertNotNull(alert, "only alerting rules are shipped: " + rule);
        assertTrue(Set.of("warning", "critical").contains(((Map<?, ?>) rule.get("labels")).get("severity")), alert + " severity");
        assertNotNull(((Map<?, ?>) rule.get("annotations")).get("summary"), alert + " summary");
        assertTrue(tests.contains("alertname: " + alert), alert + " has no unit test in rules.test.yml");
      }
    }
    Set<String> needed = Set.of("FaxgateSuccessRatioDrop", "FaxgateDspTickOverruns", "FaxgateOutboxBacklogGrowing",
        "FaxgateKafkaNoAcknowledgements", "FaxgateEventLoopLag");
    assertTrue(DeployFiles.ruleExpressions().keySet().containsAll(needed), DeployFiles.ruleExpressions().keySet().toString());
  }

  // ------------------------------------------------------------------ Grafana

  @Test
  void dashboardsAreGrafanaDashboardsQueryingThroughTheDatasourceVariable() {
    Map<String, JsonObject> dashboards = DeployFiles.dashboards();
    assertEquals(Set.of("carrier-overview.json", "media-health.json", "results-pipeline.json"), dashboards.keySet());
    Set<String> uids = new HashSet<>();
    dashboards.forEach((file, d) -> {
      assertTrue(d.getInteger("schemaVersion", 0) >= 30, file + ": schemaVersion");
      assertFalse(d.getString("title", "").isBlank(), file + ": title");
      assertTrue(uids.add(d.getString("uid")), file + ": a unique uid");
      assertTrue(d.getString("uid").length() <= 40, file + ": Grafana uids are at most 40 characters");
      JsonObject datasourceVariable = null;
      for (Object o : d.getJsonObject("templating").getJsonArray("list")) {
        JsonObject v = (JsonObject) o;
        if ("datasource".equals(v.getString("type"))) {
          datasourceVariable = v;
        }
      }
      assertNotNull(datasourceVariable, file + ": a template variable of type datasource");
      assertEquals("prometheus", datasourceVariable.getString("query"), file + ": the datasource variable lists Prometheus sources");
      String name = datasourceVariable.getString("name");
      Set<String> refs = Set.of("${" + name + "}", "$" + name);
      List<JsonObject> panels = DeployFiles.panels(d);
      assertFalse(panels.isEmpty(), file + ": panels");
      Set<Integer> ids = new HashSet<>();
      for (JsonObject p : panels) {
        String where = file + " / " + p.getString("title");
        assertTrue(ids.add(p.getInteger("id")), where + ": unique panel id");
        assertNotNull(p.getJsonObject("gridPos"), where + ": gridPos");
        assertFalse(p.getString("type", "").isBlank(), where + ": type");
        if ("row".equals(p.getString("type"))) {
          continue;
        }
        JsonObject ds = p.getJsonObject("datasource");
        assertNotNull(ds, where + ": datasource");
        assertEquals("prometheus", ds.getString("type"), where);
        assertTrue(refs.contains(ds.getString("uid")), where + ": datasource refers to the variable, not " + ds);
        JsonArray targets = p.getJsonArray("targets");
        assertTrue(targets != null && !targets.isEmpty(), where + ": targets");
        Set<String> refIds = new HashSet<>();
        for (Object t : targets) {
          JsonObject target = (JsonObject) t;
          assertTrue(refIds.add(target.getString("refId")), where + ": unique refId");
          assertFalse(target.getString("expr", "").isBlank(), where + ": expr");
          JsonObject tds = target.getJsonObject("datasource");
          assertTrue(tds == null || refs.contains(tds.getString("uid")), where + ": target datasource " + tds);
        }
      }
      for (Object o : d.getJsonObject("templating").getJsonArray("list")) {
        JsonObject v = (JsonObject) o;
        if ("query".equals(v.getString("type"))) {
          assertTrue(refs.contains(v.getJsonObject("datasource").getString("uid")), file + ": variable " + v.getString("name"));
        }
      }
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void grafanaProvisioningLoadsTheDashboardsFromWhereComposeMountsThem() {
    Map<String, Object> provider = (Map<String, Object>) ((List<Object>) new Yaml()
        .<Map<String, Object>>load(DeployFiles.read(DeployFiles.deploy("grafana", "provisioning", "dashboards", "faxgate.yaml")))
        .get("providers")).get(0);
    assertEquals("file", provider.get("type"));
    String path = (String) ((Map<String, Object>) provider.get("options")).get("path");
    Map<String, Object> datasource = (Map<String, Object>) ((List<Object>) new Yaml()
        .<Map<String, Object>>load(DeployFiles.read(DeployFiles.deploy("grafana", "provisioning", "datasources", "prometheus.yaml")))
        .get("datasources")).get(0);
    assertEquals("prometheus", datasource.get("type"));
    assertEquals("http://prometheus:9090", datasource.get("url"), "the compose service prometheus");
    Map<String, Object> grafana = composeServices().get("grafana");
    List<String> volumes = (List<String>) grafana.get("volumes");
    assertTrue(volumes.stream().anyMatch(v -> v.startsWith("../grafana/provisioning:/etc/grafana/provisioning")), volumes.toString());
    assertTrue(volumes.stream().anyMatch(v -> v.startsWith("../grafana/dashboards:" + path)), volumes + " mounts " + path);
  }

  // ------------------------------------------------------------------ metric names against /metrics

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The sample names of a node with the Kafka sink (its meters exist without a reachable broker). */
  private Set<String> servedMetricNames() throws Exception {
    GatewayConfig config = GatewayConfig.defaults().with(ConfigKey.HTTP_PORT, "0").with(ConfigKey.HTTP_HOST, "127.0.0.1")
        .with(ConfigKey.KAFKA_BOOTSTRAP, "127.0.0.1:" + freePort()).with(ConfigKey.OUTBOX_DIR, dir.resolve("outbox").toString())
        .with(ConfigKey.MEDIA_INSTANCES, "1");
    FaxgateNode node = FaxgateNode.start(config, (vertx, registry) -> KafkaResultSink.start(vertx, config, registry))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(5)).build();
      URI metrics = URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics");
      http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()); // HTTP meters now exist
      String text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
      return text.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
          .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    } finally {
      node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** Series Prometheus makes itself for every target. */
  private static final Set<String> PROMETHEUS_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
      "scrape_samples_post_metric_relabeling", "scrape_series_added");

  @Test
  void everyMetricTheDashboardsAndRulesUseIsServedAndEveryFaxgateMeterIsShown() throws Exception {
    Set<String> served = servedMetricNames();
    Map<String, Set<String>> used = new LinkedHashMap<>();
    for (DeployFiles.PanelQuery q : DeployFiles.panelQueries()) {
      used.put(q.toString(), DeployFiles.metricNames(q.expr()));
    }
    DeployFiles.dashboards().forEach((file, d) -> {
      for (String query : DeployFiles.variableQueries(d)) {
        used.put(file + " variable: " + query, DeployFiles.metricNames(query));
      }
    });
    DeployFiles.ruleExpressions().forEach((name, expr) -> used.put("rule " + name + ": " + expr, DeployFiles.metricNames(expr)));
    List<String> missing = new ArrayList<>();
    Set<String> dashboardNames = new TreeSet<>();
    used.forEach((where, names) -> {
      assertFalse(names.isEmpty(), "no metric found in " + where);
      for (String name : names) {
        if (!served.contains(name) && !PROMETHEUS_SERIES.contains(name)) {
          missing.add(name + " (" + where + ")");
        }
        if (!where.startsWith("rule ")) {
          dashboardNames.add(name);
        }
      }
    });
    assertTrue(missing.isEmpty(), "not in /metrics:\n  " + String.join("\n  ", missing) + "\nserved: " + served);
    // the other way round: every Faxgate meter has a place on a dashboard
    Set<String> families = served.stream().filter(n -> n.startsWith("faxgate_"))
        .map(n -> n.replaceAll("_(bucket|count|sum|max)$", "")).collect(Collectors.toCollection(TreeSet::new));
    Set<String> shown = dashboardNames.stream().map(n -> n.replaceAll("_(bucket|count|sum|max)$", ""))
        .collect(Collectors.toSet());
    families.removeIf(f -> shown.contains(f) || served.contains(f + "_total") && shown.contains(f + "_total"));
    assertTrue(families.isEmpty(), "Faxgate meters on no dashboard: " + families);
  }

  @Test
  void metricNamesArePickedOutOfPromQl() {
    assertEquals(Set.of("faxgate_sessions_ended_total"), DeployFiles.metricNames(
        "sum by (mode, status) (rate(faxgate_sessions_ended_total{instance=~\"$instance\",status=\"SUCCESS\"}[$__rate_interval])) * 60"));
    assertEquals(Set.of("faxgate_outbox_backlog_events", "faxgate_kafka_published_total"), DeployFiles.metricNames(
        "faxgate_outbox_backlog_events > 0 and on (instance) sum by (instance) (increase(faxgate_kafka_published_total[5m])) == 0"));
    assertEquals(Set.of("a_bucket"), DeployFiles.metricNames("histogram_quantile(0.99, sum(rate(a_bucket[1m])) by (le)) > 1e-3"));
    assertEquals(Set.of("up"), DeployFiles.metricNames("up{job=\"faxgate\"} == 0"));
    assertEquals(Set.of("faxgate_sessions_active"), DeployFiles.metricNames("label_values(faxgate_sessions_active, instance)"));
    assertEquals("rate(x{instance=~\".*\"}[1m]) / 60 [1m] 60000",
        DeployFiles.substitute("rate(x{instance=~\"$instance\"}[$__rate_interval]) / $__range_s [${__range}] $__interval_ms", "1m", 60));
  }

  // ------------------------------------------------------------------ compose

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> composeServices() {
    Map<String, Object> compose = new Yaml().load(DeployFiles.read(DeployFiles.deploy("compose", "docker-compose.yml")));
    return (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeRunsKafkaPrometheusGrafanaAndFaxgateWiredTogether() {
    Map<String, Map<String, Object>> services = composeServices();
    assertTrue(services.keySet().containsAll(Set.of("kafka", "prometheus", "grafana", "faxgate")), services.keySet().toString());
    Path composeDir = DeployFiles.deploy("compose");

    Map<String, Object> kafka = services.get("kafka");
    assertTrue(String.valueOf(kafka.get("image")).contains("kafka"), "kafka image");
    Map<String, Object> kafkaEnv = (Map<String, Object>) kafka.get("environment");
    assertTrue(String.valueOf(kafkaEnv.get("KAFKA_PROCESS_ROLES")).contains("controller"), "KRaft: the broker is its own controller");
    assertFalse(kafkaEnv.keySet().stream().anyMatch(k -> k.contains("ZOOKEEPER")), "no ZooKeeper");

    Map<String, Object> faxgate = services.get("faxgate");
    Map<String, Object> build = (Map<String, Object>) faxgate.get("build");
    Path context = composeDir.resolve((String) build.get("context")).normalize();
    assertEquals(DeployFiles.root(), context, "built from the repository root");
    assertTrue(Files.isRegularFile(context.resolve((String) build.get("dockerfile"))), "the Dockerfile " + build.get("dockerfile"));
    assertEquals("deploy/docker/Dockerfile", build.get("dockerfile"));
    Map<String, Object> env = (Map<String, Object>) faxgate.get("environment");
    assertEquals("0.0.0.0", env.get("FAXGATE_HTTP_HOST"));
    String bootstrap = String.valueOf(env.get("FAXGATE_KAFKA_BOOTSTRAP"));
    assertTrue(String.valueOf(kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS")).contains("//" + bootstrap),
        bootstrap + " is what the kafka service advertises");
    assertTrue(bootstrap.startsWith("kafka:"), bootstrap);
    String range = env.get("FAXGATE_MEDIA_PORT_MIN") + "-" + env.get("FAXGATE_MEDIA_PORT_MAX");
    List<String> ports = (List<String>) faxgate.get("ports");
    assertTrue(ports.stream().anyMatch(p -> p.endsWith(range + ":" + range + "/udp")), "media ports " + range + " published: " + ports);
    assertTrue(ports.stream().anyMatch(p -> p.endsWith(":8080")), "HTTP published: " + ports);
    env.keySet().forEach(k -> assertTrue(ConfigKey.ALL.stream().anyMatch(c -> c.envName().equals(k)), "unknown variable " + k));

    Map<String, Object> prometheus = services.get("prometheus");
    List<String> promVolumes = (List<String>) prometheus.get("volumes");
    assertTrue(promVolumes.contains("../prometheus:/etc/prometheus:ro"), promVolumes.toString());
    assertTrue(((List<String>) prometheus.get("command")).contains("--config.file=/etc/prometheus/prometheus.yml"));
    Map<String, Object> promConfig = new Yaml().load(DeployFiles.read(DeployFiles.deploy("prometheus", "prometheus.yml")));
    String target = String.valueOf(((Map<String, Object>) ((List<Object>) ((Map<String, Object>) ((List<Object>) promConfig
        .get("scrape_configs")).get(0)).get("static_configs")).get(0)).get("targets"));
    assertEquals("[faxgate:8080]", target, "Prometheus scrapes the compose service faxgate on its HTTP port");

    for (Map.Entry<String, Map<String, Object>> s : services.entrySet()) {
      for (Object v : (List<Object>) s.getValue().getOrDefault("volumes", List.of())) {
        String source = String.valueOf(v).split(":")[0];
        if (source.startsWith(".")) {
          assertTrue(Files.exists(composeDir.resolve(source)), s.getKey() + " mounts " + source + ", which is missing");
        }
      }
    }
  }

  // ------------------------------------------------------------------ Kubernetes

  @Test
  @SuppressWarnings("unchecked")
  void kubernetesManifestsParseAndReferToEachOther() throws Exception {
    Map<String, Map<String, Object>> byKind = new LinkedHashMap<>();
    Map<String, Map<String, Object>> services = new LinkedHashMap<>();
    List<String> files;
    try (Stream<Path> list = Files.list(DeployFiles.deploy("k8s"))) {
      files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml")).sorted().toList();
    }
    for (String f : files) {
      for (Object doc : new Yaml().loadAll(DeployFiles.read(DeployFiles.deploy("k8s", f)))) {
        Map<String, Object> m = (Map<String, Object>) doc;
        assertNotNull(m.get("apiVersion"), f + ": apiVersion");
        byKind.put((String) m.get("kind"), m);
        if ("Service".equals(m.get("kind"))) {
          services.put((String) ((Map<String, Object>) m.get("metadata")).get("name"), m);
        }
      }
    }
    assertTrue(byKind.keySet().containsAll(Set.of("Deployment", "Service", "ConfigMap", "ServiceMonitor")), byKind.keySet().toString());
    List<String> resources = (List<String>) byKind.get("Kustomization").get("resources");
    assertEquals(files.stream().filter(f -> !f.startsWith("kustomization")).toList(), resources.stream().sorted().toList(),
        "kustomization lists every manifest");

    Map<String, Object> configMap = byKind.get("ConfigMap");
    String configMapName = (String) ((Map<String, Object>) configMap.get("metadata")).get("name");
    String faxgateYaml = (String) ((Map<String, Object>) configMap.get("data")).get("faxgate.yaml");
    Path file = dir.resolve("faxgate.yaml");
    Files.writeString(file, faxgateYaml);
    GatewayConfig config = GatewayConfig.load(file, Map.of()); // every key known, every value valid
    assertEquals(8080, config.getInt(ConfigKey.HTTP_PORT));
    assertEquals("0.0.0.0", config.get(ConfigKey.HTTP_HOST));
    assertFalse(config.get(ConfigKey.KAFKA_BOOTSTRAP).isEmpty(), "an external Kafka, not a broker inside the pod");

    Map<String, Object> deployment = byKind.get("Deployment");
    Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template");
    Map<String, Object> podMeta = (Map<String, Object>) template.get("metadata");
    Map<String, Object> pod = (Map<String, Object>) template.get("spec");
    assertEquals(Boolean.TRUE, pod.get("hostNetwork"), "media ports are the node's (hostNetwork)");
    Map<String, Object> annotations = (Map<String, Object>) podMeta.get("annotations");
    assertEquals("true", annotations.get("prometheus.io/scrape"));
    assertEquals(String.valueOf(config.getInt(ConfigKey.HTTP_PORT)), annotations.get("prometheus.io/port"));
    assertEquals("/metrics", annotations.get("prometheus.io/path"));
    Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
    List<String> args = (List<String>) container.get("args");
    int c = args.indexOf("--config");
    assertTrue(args.get(0).equals("run") && c > 0, "runs the node with the config file: " + args);
    String configPath = args.get(c + 1);
    Map<String, Object> configMount = ((List<Map<String, Object>>) container.get("volumeMounts")).stream()
        .filter(m -> configPath.startsWith(m.get("mountPath") + "/")).findFirst().orElseThrow(() -> new AssertionError("no mount for " + configPath));
    Map<String, Object> configVolume = ((List<Map<String, Object>>) pod.get("volumes")).stream()
        .filter(v -> v.get("name").equals(configMount.get("name"))).findFirst().orElseThrow();
    assertEquals(configMapName, ((Map<String, Object>) configVolume.get("configMap")).get("name"));
    assertTrue(configPath.endsWith("/faxgate.yaml"), configPath);
    Map<String, Object> httpPort = ((List<Map<String, Object>>) container.get("ports")).stream()
        .filter(p -> "http".equals(p.get("name"))).findFirst().orElseThrow();
    assertEquals(8080, httpPort.get("containerPort"));
    List<String> envNames = ((List<Map<String, Object>>) container.get("env")).stream().map(e -> (String) e.get("name")).toList();
    assertTrue(envNames.contains("FAXGATE_MEDIA_HOST"), "media bound to the node's address: " + envNames);
    Map<String, Object> podLabels = (Map<String, Object>) podMeta.get("labels");

    Map<String, Object> service = (Map<String, Object>) services.get("faxgate").get("spec");
    assertTrue(podLabels.entrySet().containsAll(((Map<String, Object>) service.get("selector")).entrySet()), "Service selects the pods");
    Map<String, Object> servicePort = ((List<Map<String, Object>>) service.get("ports")).get(0);
    assertEquals(8080, servicePort.get("port"));
    assertEquals("http", servicePort.get("targetPort"));

    Map<String, Object> monitor = (Map<String, Object>) byKind.get("ServiceMonitor").get("spec");
    Map<String, Object> serviceLabels = (Map<String, Object>) ((Map<String, Object>) services.get("faxgate").get("metadata")).get("labels");
    Map<String, Object> matchLabels = (Map<String, Object>) ((Map<String, Object>) monitor.get("selector")).get("matchLabels");
    assertTrue(serviceLabels.entrySet().containsAll(matchLabels.entrySet()), "ServiceMonitor selects the Service");
    Map<String, Object> endpoint = ((List<Map<String, Object>>) monitor.get("endpoints")).get(0);
    assertEquals("http", endpoint.get("port"));
    assertEquals("/metrics", endpoint.get("path"));

    // the cluster: on, found through a headless Service on the Hazelcast port, protected
    assertTrue(config.getBoolean(ConfigKey.CLUSTER_ENABLED), "the pods form one cluster");
    Map<String, Object> headless = (Map<String, Object>) services.get("faxgate-cluster").get("spec");
    assertEquals("None", headless.get("clusterIP"), "a headless Service: its DNS name lists the pods");
    assertTrue(podLabels.entrySet().containsAll(((Map<String, Object>) headless.get("selector")).entrySet()),
        "the headless Service selects the pods");
    assertEquals(config.getInt(ConfigKey.CLUSTER_PORT), ((List<Map<String, Object>>) headless.get("ports")).get(0).get("port"));
    Map<String, String> env = ((List<Map<String, Object>>) container.get("env")).stream()
        .filter(e -> e.get("value") != null).collect(java.util.stream.Collectors.toMap(e -> (String) e.get("name"), e -> (String) e.get("value")));
    assertTrue(env.get("FAXGATE_CLUSTER_KUBERNETES_DNS").startsWith("faxgate-cluster."), "discovery through the headless Service");
    assertTrue(envNames.containsAll(List.of("FAXGATE_CLUSTER_HOST", "FAXGATE_CLUSTER_SECRET")), envNames.toString());
    for (ConfigKey tls : List.of(ConfigKey.CLUSTER_TLS_CERT, ConfigKey.CLUSTER_TLS_KEY, ConfigKey.CLUSTER_TLS_TRUST)) {
      String tlsPath = config.get(tls);
      assertTrue(((List<Map<String, Object>>) container.get("volumeMounts")).stream()
          .anyMatch(m -> tlsPath.startsWith(m.get("mountPath") + "/")), tls.name() + " " + tlsPath + " is mounted");
    }
  }

  // ------------------------------------------------------------------ Dockerfile

  private static final Pattern JSON_ARRAY = Pattern.compile("^(ENTRYPOINT|CMD)\\s+(\\[.*])\\s*$", Pattern.MULTILINE);

  @Test
  void theDockerfileBuildsAndRunsTheJarTheLauncherRuns() throws Exception {
    String dockerfile = DeployFiles.read(DeployFiles.deploy("docker", "Dockerfile"));
    List<String> lines = dockerfile.lines().filter(l -> !l.startsWith("#")).toList();
    // what ./faxgate run runs, and what the README says it builds
    String launcher = DeployFiles.read(DeployFiles.root().resolve("faxgate"));
    assertTrue(launcher.contains("jar=\"$root/gateway/target/faxgate.jar\""), "the launcher's jar");
    assertTrue(launcher.contains("mvn -B -q -DskipTests package"), "the launcher's build");
    assertTrue(launcher.contains("-jar \"$jar\" \"$@\""), "the launcher runs java -jar");
    String readme = DeployFiles.read(DeployFiles.root().resolve("README.md"));
    assertTrue(readme.contains("`./faxgate run` builds `gateway/target/faxgate.jar`"), "README names the jar");
    var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(DeployFiles.root().resolve("gateway/pom.xml").toFile());
    assertEquals("faxgate", ((Element) pom.getElementsByTagName("build").item(0)).getElementsByTagName("finalName").item(0).getTextContent(),
        "gateway packages target/faxgate.jar");

    // build stage: the same Maven command from the repository root, every module copied in
    String buildFrom = lines.stream().filter(l -> l.startsWith("FROM ") && l.contains(" AS build")).findFirst()
        .orElseThrow(() -> new AssertionError("no build stage"));
    assertTrue(buildFrom.contains("maven") && buildFrom.contains("17"), buildFrom);
    String workdir = lines.stream().filter(l -> l.startsWith("WORKDIR ")).findFirst().orElseThrow().substring(8).trim();
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("RUN ") && l.endsWith("mvn -B -q -DskipTests package")), "mvn package");
    assertTrue(lines.contains("COPY pom.xml ./"), "the parent pom");
    var root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(DeployFiles.root().resolve("pom.xml").toFile());
    var modules = root.getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String module = modules.item(i).getTextContent();
      assertTrue(lines.contains("COPY " + module + " " + module), "the Dockerfile copies module " + module);
    }

    // run stage: a Java 17 runtime, the jar copied from the build stage, java -jar JAR run
    String copy = lines.stream().filter(l -> l.startsWith("COPY --from=build ")).findFirst().orElseThrow();
    String[] parts = copy.split("\\s+");
    assertEquals(workdir + "/gateway/target/faxgate.jar", parts[2], "copies the jar mvn package built");
    String jar = parts[3];
    String runtime = lines.stream().filter(l -> l.startsWith("FROM ")).reduce((a, b) -> b).orElseThrow();
    assertTrue(runtime.contains("17") && runtime.contains("jre"), "a Java 17 runtime: " + runtime);
    List<String> command = new ArrayList<>();
    Matcher m = JSON_ARRAY.matcher(String.join("\n", lines));
    Map<String, JsonArray> exec = new LinkedHashMap<>();
    while (m.find()) {
      exec.put(m.group(1), new JsonArray(m.group(2)));
    }
    exec.getOrDefault("ENTRYPOINT", new JsonArray()).forEach(a -> command.add((String) a));
    exec.getOrDefault("CMD", new JsonArray()).forEach(a -> command.add((String) a));
    assertEquals(List.of("java", "-jar", jar, "run"), command, "java -jar faxgate.jar run");

    String ignore = DeployFiles.read(DeployFiles.deploy("docker", "Dockerfile.dockerignore"));
    assertTrue(ignore.lines().anyMatch(l -> l.trim().equals("**/target")), "build outputs stay out of the context");
  }
}
