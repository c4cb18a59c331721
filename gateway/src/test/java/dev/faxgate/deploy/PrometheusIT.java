package dev.faxgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.node.FaxgateNode;
import dev.faxgate.results.EmbeddedKafka;
import dev.faxgate.results.KafkaResultSink;
import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.RtpPacket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The dashboards and alert rules against a real Prometheus (Debian's {@code /usr/bin/prometheus}):
 * it scrapes a running Faxgate node (results to a real Kafka broker) through the shipped
 * prometheus.yml and rules.yml, sessions are driven through the node (FAXOPT writes, a refused
 * write, an audio relay carrying RTP over loopback), and then every PromQL expression of every
 * dashboard panel and every alert rule is evaluated through Prometheus's HTTP API: each parses,
 * the core panels (sessions, outcomes, media packets, Kafka) return data, and every rule evaluates
 * without error.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PrometheusIT {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  /** What Grafana's $__rate_interval, $__interval and $__range become. */
  private static final String WINDOW = "1m";

  /** Panels that must show data once sessions ran: dashboard file to panel titles. */
  private static final Map<String, Set<String>> CORE_PANELS = Map.of(
      "carrier-overview.json", Set.of("Active sessions", "Calls started", "Active sessions by mode", "Calls per minute by mode",
          "Outcomes per minute", "Refused and failed requests per minute"),
      "media-health.json", Set.of("Packets in per second", "Packets per second", "Strangers and malformed datagrams",
          "DSP time per 20 ms tick", "Event-loop lag"),
      "results-pipeline.json", Set.of("Published per second", "Outbox backlog", "Completion events: produced and acknowledged",
          "Publish latency", "Outbox backlog (events)", "Outbox full"));

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static void waitUntil(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
  }

  private JsonObject getJson(String url) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new JsonObject(r.body()).put("httpStatus", r.statusCode());
    } catch (IOException | RuntimeException e) {
      return new JsonObject().put("status", "unreachable").put("error", String.valueOf(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ Prometheus

  /** The shipped prometheus.yml, scraping {@code target} every second, with the shipped rules. */
  @SuppressWarnings("unchecked")
  private Path prometheusConfig(String target) throws IOException {
    Map<String, Object> config = new Yaml().load(DeployFiles.read(DeployFiles.deploy("prometheus", "prometheus.yml")));
    Map<String, Object> global = (Map<String, Object>) config.get("global");
    global.put("scrape_interval", "1s");
    global.put("scrape_timeout", "1s");
    global.put("evaluation_interval", "1s");
    List<String> ruleFiles = new ArrayList<>();
    for (Object f : (List<Object>) config.get("rule_files")) {
      ruleFiles.add(DeployFiles.deploy("prometheus").resolve(String.valueOf(f)).toString());
    }
    config.put("rule_files", ruleFiles);
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
    Map<String, Object> faxgate = jobs.stream().filter(j -> "faxgate".equals(j.get("job_name"))).findFirst()
        .orElseThrow(() -> new AssertionError("prometheus.yml has no job faxgate"));
    List<Map<String, Object>> statics = (List<Map<String, Object>>) faxgate.get("static_configs");
    assertEquals(1, statics.size(), "one static target group to point at the test node");
    statics.get(0).put("targets", List.of(target));
    config.put("scrape_configs", List.of(faxgate));
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, new Yaml(options).dump(config));
    return file;
  }

  private record Prometheus(Process process, String url, Path log) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      process.destroy(); // SIGTERM to its PID
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private Prometheus startPrometheus(Path config) throws IOException {
    int port = freePort();
    Path log = dir.resolve("prometheus.log");
    Process p = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port,
        "--storage.tsdb.retention.time=1h", "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    System.out.println("prometheus pid " + p.pid() + " on 127.0.0.1:" + port);
    return new Prometheus(p, "http://127.0.0.1:" + port, log);
  }

  private JsonObject query(Prometheus prometheus, String promql) {
    return getJson(prometheus.url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  private static boolean hasData(JsonObject answer) {
    if (!"success".equals(answer.getString("status"))) {
      return false;
    }
    JsonObject data = answer.getJsonObject("data");
    Object result = data.getValue("result");
    return result instanceof JsonArray a ? !a.isEmpty() : result != null;
  }

  private double scalar(Prometheus prometheus, String promql) {
    JsonObject answer = query(prometheus, promql);
    if (!hasData(answer)) {
      return Double.NaN;
    }
    JsonArray result = answer.getJsonObject("data").getJsonArray("result");
    return Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
  }

  // ------------------------------------------------------------------ traffic

  private static DatagramSocket peer() throws IOException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    s.setSoTimeout(2000);
    return s;
  }

  private static int localPort(SessionInfo s, String leg) {
    String local = s.legs().getJsonObject(leg).getString("local");
    return Integer.parseInt(local.substring(local.lastIndexOf(':') + 1));
  }

  /** Gateway sessions with FAXOPT writes and a refused write; an audio relay carrying RTP; a stranger. */
  private static int driveSessions(FaxgateNode node) throws Exception {
    FaxOptClient client = new FaxOptClient(node.vertx());
    int sessions = 0;
    for (int i = 0; i < 3; i++) {
      String id = await(client.create(new SessionOptions().putFaxopt("maxrate", "9600"))).sessionId();
      await(client.set(id, "ecm", "no"));
      await(client.get(id, "maxrate"));
      if (i == 0) {
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> await(client.set(id, "pages", "3")));
        assertEquals(FaxOptError.READ_ONLY, ((FaxOptException) refused.getCause()).error());
      }
      await(client.end(id));
      sessions++;
    }
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (DatagramSocket a = peer(); DatagramSocket b = peer(); DatagramSocket stranger = peer()) {
      SessionInfo relay = await(client.create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
          .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + a.getLocalPort()))
          .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + b.getLocalPort()).setLaw(LegOptions.Law.ALAW))));
      int portA = localPort(relay, "a");
      byte[] packet = new byte[RtpPacket.HEADER_SIZE + 160];
      for (int seq = 0; seq < 25; seq++) {
        RtpPacket.writeHeader(packet, 0, seq == 0, G711.PT_PCMU, seq, seq * 160, 0x5eed);
        Arrays.fill(packet, RtpPacket.HEADER_SIZE, packet.length, G711.linearToUlaw((short) 1000));
        a.send(new DatagramPacket(packet, packet.length, loopback, portA));
        if (seq % 5 == 0) {
          stranger.send(new DatagramPacket(packet, packet.length, loopback, portA));
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
      DatagramPacket heard = new DatagramPacket(new byte[2048], 2048);
      b.receive(heard); // leg b hears the relayed audio
      assertEquals(G711.PT_PCMA, RtpPacket.payloadType(heard.getData(), 0));
      await(client.end(relay.sessionId()));
      sessions++;
    }
    return sessions;
  }

  // ------------------------------------------------------------------ the test

  @Test
  void everyDashboardQueryAndAlertRuleEvaluatesAgainstARealPrometheusScrapingFaxgate() throws Exception {
    if (!Files.isExecutable(PROMETHEUS)) {
      System.out.println("SKIPPED PrometheusIT: " + PROMETHEUS + " is not installed (Debian package prometheus)");
    }
    assumeTrue(Files.isExecutable(PROMETHEUS), PROMETHEUS + " is not installed");

    int kafkaPort = freePort();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), "127.0.0.1", kafkaPort, freePort())) {
      GatewayConfig config = GatewayConfig.defaults().with(ConfigKey.HTTP_PORT, "0").with(ConfigKey.HTTP_HOST, "127.0.0.1")
          .with(ConfigKey.KAFKA_BOOTSTRAP, kafka.bootstrap()).with(ConfigKey.KAFKA_RETRY_SECONDS, "1")
          .with(ConfigKey.OUTBOX_DIR, dir.resolve("outbox").toString())
          .with(ConfigKey.MEDIA_PORT_MIN, "48000").with(ConfigKey.MEDIA_PORT_MAX, "48999").with(ConfigKey.MEDIA_INSTANCES, "2");
      FaxgateNode node = FaxgateNode.start(config, (vertx, registry) -> KafkaResultSink.start(vertx, config, registry))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      try (Prometheus prometheus = startPrometheus(prometheusConfig("127.0.0.1:" + node.httpPort()))) {
        try {
          run(node, prometheus);
        } catch (AssertionError | RuntimeException e) {
          System.out.println("prometheus log:\n" + Files.readString(prometheus.log()));
          throw e;
        }
      } finally {
        await(node.close());
      }
    }
  }

  private void run(FaxgateNode node, Prometheus prometheus) throws Exception {
    waitUntil("Prometheus to scrape the node (" + prometheus.url() + "/api/v1/targets)", Duration.ofSeconds(60), () -> {
      JsonObject targets = getJson(prometheus.url() + "/api/v1/targets");
      if (!"success".equals(targets.getString("status"))) {
        return false;
      }
      for (Object t : targets.getJsonObject("data").getJsonArray("activeTargets")) {
        JsonObject target = (JsonObject) t;
        if ("faxgate".equals(target.getJsonObject("labels").getString("job")) && "up".equals(target.getString("health"))) {
          return true;
        }
      }
      return false;
    });

    int sessions = driveSessions(node);
    // the counters moved, and Prometheus has seen them move
    waitUntil("Prometheus to see the sessions, the packets and Kafka's acknowledgements", Duration.ofSeconds(60),
        () -> scalar(prometheus, "sum(faxgate_sessions_ended_total)") >= sessions
            && scalar(prometheus, "sum(faxgate_media_packets_in_total)") >= 25
            && scalar(prometheus, "sum(faxgate_media_packets_stranger_total)") >= 5
            && scalar(prometheus, "sum(faxgate_kafka_published_total)") >= sessions
            && scalar(prometheus, "sum(faxgate_outbox_backlog_events)") == 0
            && scalar(prometheus, "sum(increase(faxgate_sessions_started_total[1m]))") > 0);
    TimeUnit.SECONDS.sleep(3); // a few more scrapes and rule evaluations after the last change

    List<String> failures = new ArrayList<>();
    int evaluated = 0;
    for (DeployFiles.PanelQuery q : DeployFiles.panelQueries()) {
      String promql = DeployFiles.substitute(q.expr(), WINDOW, 60);
      JsonObject answer = query(prometheus, promql);
      evaluated++;
      if (!"success".equals(answer.getString("status"))) {
        failures.add("does not evaluate: " + q + "\n    as " + promql + "\n    -> " + answer.encode());
      } else if (CORE_PANELS.getOrDefault(q.dashboard(), Set.of()).contains(q.panel()) && !hasData(answer)) {
        failures.add("core panel without data: " + q + "\n    as " + promql);
      }
    }
    for (Map.Entry<String, String> rule : DeployFiles.ruleExpressions().entrySet()) {
      JsonObject answer = query(prometheus, rule.getValue());
      evaluated++;
      if (!"success".equals(answer.getString("status"))) {
        failures.add("alert " + rule.getKey() + " does not evaluate: " + rule.getValue() + "\n    -> " + answer.encode());
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + evaluated + " expressions failed:\n" + String.join("\n", failures));
    assertTrue(evaluated >= 50, "evaluated " + evaluated);

    // the numbers mean what the panels say
    assertTrue(scalar(prometheus, "sum(faxgate_sessions_started_total{mode=\"gateway\"})") >= 3);
    assertTrue(scalar(prometheus, "sum(faxgate_sessions_ended_total{mode=\"audio-relay\"})") >= 1);
    assertTrue(scalar(prometheus, "sum(faxgate_faxopt_operations_total{operation=\"set\",outcome=\"READ_ONLY\"})") >= 1);
    assertTrue(scalar(prometheus, "sum(faxgate_media_packets_out_total{transport=\"rtp\"})") > 0);
    assertTrue(scalar(prometheus, "sum(faxgate_eventloop_lag_seconds_count)") > 0, "the event-loop probe runs");

    // Prometheus loaded every shipped rule and evaluates each without error
    Map<String, String> health = new LinkedHashMap<>();
    waitUntil("every rule to be evaluated", Duration.ofSeconds(30), () -> {
      JsonObject rules = getJson(prometheus.url() + "/api/v1/rules");
      if (!"success".equals(rules.getString("status"))) {
        return false;
      }
      health.clear();
      for (Object g : rules.getJsonObject("data").getJsonArray("groups")) {
        for (Object r : ((JsonObject) g).getJsonArray("rules")) {
          JsonObject rule = (JsonObject) r;
          health.put(rule.getString("name"), rule.getString("health") + " " + rule.getString("lastError", ""));
        }
      }
      return health.keySet().containsAll(DeployFiles.ruleExpressions().keySet())
          && health.values().stream().noneMatch(h -> h.startsWith("unknown"));
    });
    health.forEach((name, h) -> assertTrue(h.startsWith("ok"), name + ": " + h));
    System.out.println("PrometheusIT: " + evaluated + " expressions evaluated, " + health.size() + " rules healthy");
  }
}
