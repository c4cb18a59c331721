package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.node.FaxgateNode;
import dev.faxgate.results.EmbeddedKafka;
import dev.faxgate.results.KafkaResultSink;
import dev.faxgate.results.KafkaTopic;
import dev.faxgate.tools.impair.Impairment;
import dev.faxgate.tools.impair.ImpairmentProxy;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Whole faxes through Faxgate's T.38 gateway over real sockets on loopback, between spandsp
 * terminals (faxpeer): audio-send -> Faxgate -> t38-recv and t38-send -> Faxgate -> audio-recv.
 *
 * <p>A pairwise set of ten 3-page faxes covers both directions x V.17 14400 / V.29 9600 (FAXOPT
 * maxrate=9600) / V.27ter 4800 (maxrate=4800) x ECM or FAXOPT ecm=no x µ-law/A-law x T.38 version
 * 0/3 x redundancy/FEC, every value in both directions. Each runs beside the same scenario through
 * spandsp's own gateway ({@code faxpeer gateway}), two scenarios at a time, and one table prints
 * both. After each: both terminals OK, pages identical ({@code faxpeer compare}), and the session's
 * completion event, read back from a real Kafka broker, carries the FAXOPT results faxpeer reports.
 */
@Timeout(value = 1500, unit = TimeUnit.SECONDS)
class GatewayInteropIT {
  private static final String TOPIC = "faxgate.results";
  private static final int PAGES = 3;
  @TempDir
  static Path dir;
  private static EmbeddedKafka kafka;
  private static String bootstrap;
  private static FaxgateNode node;
  private static FaxOptClient client;
  private static Path document;
  private static final Map<String, String> table = new ConcurrentHashMap<>();

  enum Direction {
    AUDIO_TO_T38,
    T38_TO_AUDIO
  }

  record Scenario(String name, Direction direction, int rate, boolean ecm, String law, int version, String ec) {
    String modemLabel() {
      return rate == 14400 ? "V.17" : rate == 9600 ? "V.29" : "V.27ter";
    }

    String describe() {
      return String.format("%-2s %-12s %-7s %5d %-6s %-4s v%d %-10s", name, direction == Direction.AUDIO_TO_T38
          ? "audio->t38" : "t38->audio", modemLabel(), rate, ecm ? "ECM" : "no-ECM", law, version, ec);
    }
  }

  static final List<Scenario> PAIRWISE = List.of(
      new Scenario("1", Direction.AUDIO_TO_T38, 14400, true, "ulaw", 0, "redundancy"),
      new Scenario("2", Direction.T38_TO_AUDIO, 14400, false, "alaw", 3, "fec"),
      new Scenario("3", Direction.AUDIO_TO_T38, 9600, false, "alaw", 3, "fec"),
      new Scenario("4", Direction.T38_TO_AUDIO, 9600, true, "ulaw", 0, "redundancy"),
      new Scenario("5", Direction.AUDIO_TO_T38, 4800, true, "alaw", 0, "fec"),
      new Scenario("6", Direction.T38_TO_AUDIO, 4800, false, "ulaw", 3, "redundancy"),
      new Scenario("7", Direction.AUDIO_TO_T38, 14400, false, "ulaw", 3, "fec"),
      new Scenario("8", Direction.T38_TO_AUDIO, 14400, true, "alaw", 0, "fec"),
      new Scenario("9", Direction.AUDIO_TO_T38, 9600, true, "ulaw", 3, "redundancy"),
      new Scenario("10", Direction.T38_TO_AUDIO, 9600, false, "alaw", 0, "redundancy"));

  /** A free UDP port: see {@link Faxpeer#freePort}. */
  static int freePort() throws IOException {
    return Faxpeer.freePort(false);
  }

  static int freeTcpPort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Faxpeer.binary();
    int port = freeTcpPort();
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), "127.0.0.1", port, freeTcpPort());
    bootstrap = "127.0.0.1:" + port;
    GatewayConfig config = GatewayConfig.defaults().with(ConfigKey.HTTP_PORT, "0")
        .with(ConfigKey.KAFKA_BOOTSTRAP, bootstrap).with(ConfigKey.KAFKA_RETRY_SECONDS, "1")
        .with(ConfigKey.OUTBOX_DIR, dir.resolve("outbox").toString())
        .with(ConfigKey.MEDIA_PORT_MIN, "43000").with(ConfigKey.MEDIA_PORT_MAX, "43999")
        .with(ConfigKey.MEDIA_SILENCE_SECONDS, "10").with(ConfigKey.CAPTURE_DIR, dir.resolve("captures").toString());
    node = FaxgateNode.start(config, (vertx, registry) -> KafkaResultSink.start(vertx, config, registry))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    client = new FaxOptClient(node.vertx());
    document = dir.resolve("doc3.tif");
    Faxpeer.Run made = Faxpeer.run(dir, "make-tiff", document.toString(), "--pages", Integer.toString(PAGES));
    assertEquals(0, made.exit(), made.stderr());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (kafka != null) {
      kafka.close();
    }
    if (!table.isEmpty()) {
      StringBuilder sb = new StringBuilder("\nT.38 gateway, faxpeer terminals on both sides: Faxgate beside spandsp's gateway\n");
      sb.append(String.format("%-2s %-12s %-7s %5s %-6s %-4s %-2s %-10s | %-34s | %s%n", "#", "direction", "modem", "rate",
          "ecm", "law", "v", "ec", "Faxgate: status pages rate ecm s", "spandsp gateway: status pages rate ecm s"));
      PAIRWISE.forEach(s -> sb.append(table.getOrDefault(s.name(), s.describe() + " | (not run)")).append('\n'));
      System.out.println(sb);
    }
  }

  /** The two faxpeer terminals of a scenario, talking to {@code audioSide} and {@code t38Side}. */
  private static List<CompletableFuture<Faxpeer.Run>> terminals(Scenario s, String tag, int audioPort, String audioFar,
      int t38Port, String t38Far, Path received) throws IOException {
    List<String> common = new ArrayList<>(List.of("--timeout", "240"));
    common.addAll(List.of("--ecm")); // the terminals offer ECM; the gateway's FAXOPT (or --no-ecm) takes it away
    List<String> audio = new ArrayList<>(List.of(s.direction() == Direction.AUDIO_TO_T38 ? "audio-send" : "audio-recv",
        "--local", "127.0.0.1:" + audioPort, "--remote", audioFar, "--law", s.law(),
        "--ident", "+1 555 0" + s.name() + (s.direction() == Direction.AUDIO_TO_T38 ? "1" : "2")));
    List<String> t38 = new ArrayList<>(List.of(s.direction() == Direction.AUDIO_TO_T38 ? "t38-recv" : "t38-send",
        "--local", "127.0.0.1:" + t38Port, "--remote", t38Far, "--t38-version", Integer.toString(s.version()),
        "--ec", s.ec(), "--ident", "+1 555 0" + s.name() + (s.direction() == Direction.AUDIO_TO_T38 ? "2" : "1")));
    if (s.direction() == Direction.AUDIO_TO_T38) {
      audio.addAll(List.of("--tiff", document.toString()));
      t38.addAll(List.of("--out", received.toString()));
    } else {
      t38.addAll(List.of("--tiff", document.toString()));
      audio.addAll(List.of("--out", received.toString()));
    }
    audio.addAll(common);
    t38.addAll(common);
    CompletableFuture<Faxpeer.Run> receiver = Faxpeer.start(dir, 300,
        (s.direction() == Direction.AUDIO_TO_T38 ? t38 : audio).toArray(String[]::new));
    CompletableFuture<Faxpeer.Run> sender = Faxpeer.start(dir, 300,
        (s.direction() == Direction.AUDIO_TO_T38 ? audio : t38).toArray(String[]::new));
    return List.of(sender, receiver);
  }

  /** The scenario through Faxgate; completes with the completion event read back from Kafka. */
  private static CompletableFuture<String> throughFaxgate(Scenario s) throws Exception {
    int audioPort = Faxpeer.freeEvenPort();
    int t38Port = freePort();
    JsonObject faxopt = new JsonObject().put("gateway", "yes");
    if (s.rate() < 14400) {
      faxopt.put("maxrate", Integer.toString(s.rate()));
    }
    if (!s.ecm()) {
      faxopt.put("ecm", "no");
    }
    SessionInfo session = client.create(new SessionOptions().setMode(SessionMode.GATEWAY)
        .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + audioPort).setLaw(LegOptions.Law.fromWireName(s.law())))
        .setLeg("b", new LegOptions(new JsonObject().put("udptl", "127.0.0.1:" + t38Port).put("t38Version", s.version())
            .put("ec", s.ec())))
        .setFaxopt(faxopt)).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    String id = session.sessionId();
    Path received = dir.resolve("faxgate-" + s.name() + ".tif");
    // the T.38 Faxgate sends in the demodulating direction, through Wireshark's T.38 dissector
    boolean captured = s.direction() == Direction.AUDIO_TO_T38 && Tshark.available() && CAPTURED.contains(s.name());
    Tshark capture = captured ? Tshark.capture(dir.resolve("gateway-" + s.name() + ".pcapng"), t38Port) : null;
    List<CompletableFuture<Faxpeer.Run>> t = terminals(s, "faxgate", audioPort,
        session.legs().getJsonObject("a").getString("local"), t38Port,
        session.legs().getJsonObject("b").getString("local"), received);
    return t.get(0).thenCombine(t.get(1), (sender, receiver) -> {
      String both = s.describe() + " through Faxgate (session " + id + ")\nsender: " + sender.result() + "\n"
          + tail(sender.stderr()) + "\nreceiver: " + receiver.result() + "\n" + tail(receiver.stderr());
      checkTerminals(s, sender, receiver, received, both);
      if (capture != null) {
        checkCapture(capture, t38Port, s);
      }
      Map<String, ConsumerRecord<String, String>> got = KafkaTopic.readUntil(bootstrap, TOPIC, Duration.ofSeconds(60),
          m -> m.containsKey(id));
      ConsumerRecord<String, String> record = got.get(id);
      assertNotNull(record, "no completion event on Kafka for " + both);
      JsonObject event = new JsonObject(record.value());
      String line = event.encode();
      assertEquals("gateway", event.getString("mode"), line);
      assertEquals("SUCCESS", event.getString("status"), both + "\nevent: " + line);
      assertEquals(PAGES, event.getInteger("pages"), line);
      assertEquals(sender.result().getInteger("bit_rate"), event.getInteger("rate"), line);
      assertEquals("204x98", event.getString("resolution"), line);
      assertEquals(sender.result().getString("remote_ident"), event.getString("remotestationid"), line);
      assertEquals(s.ecm(), event.getBoolean("ecm"), line);
      assertEquals(s.version(), event.getInteger("t38Version"), line);
      assertEquals(s.ec(), event.getString("errorRecovery"), line);
      return String.format("%-5s %-5d %-5s %-5s %.0f", "OK", event.getInteger("pages"), event.getInteger("rate"),
          s.ecm() ? "ECM" : "-", sender.result().getDouble("seconds"));
    });
  }

  /** The same scenario through spandsp's gateway, for the table. */
  private static CompletableFuture<String> throughSpandsp(Scenario s) throws Exception {
    int audioPort = Faxpeer.freeEvenPort();
    int gwRtp = Faxpeer.freeEvenPort();
    int gwUdptl = freePort();
    int t38Port = freePort();
    List<String> args = new ArrayList<>(List.of("gateway", "--rtp-local", "127.0.0.1:" + gwRtp, "--rtp-remote",
        "127.0.0.1:" + audioPort, "--udptl-local", "127.0.0.1:" + gwUdptl, "--udptl-remote", "127.0.0.1:" + t38Port,
        "--law", s.law(), "--t38-version", Integer.toString(s.version()), "--ec", s.ec(), "--timeout", "240",
        "--max-rate", Integer.toString(s.rate())));
    if (!s.ecm()) {
      args.add("--no-ecm");
    }
    CompletableFuture<Faxpeer.Run> gateway = Faxpeer.start(dir, 300, args.toArray(String[]::new));
    Thread.sleep(300); // let it bind before the terminals send
    Path received = dir.resolve("spandsp-" + s.name() + ".tif");
    List<CompletableFuture<Faxpeer.Run>> t = terminals(s, "spandsp", audioPort, "127.0.0.1:" + gwRtp, t38Port,
        "127.0.0.1:" + gwUdptl, received);
    return t.get(0).thenCombine(t.get(1), (sender, receiver) -> {
      Faxpeer.Run gw = gateway.join();
      JsonObject r = receiver.result();
      return String.format("%-5s %-5s %-5s %-5s %s", sender.result().getString("status"), r.getValue("pages"),
          r.getValue("bit_rate"), Boolean.TRUE.equals(r.getValue("ecm")) ? "ECM" : "-", sender.result().getValue("seconds"))
          + " (gateway " + gw.result().getString("status") + ")";
    });
  }

  private static void checkTerminals(Scenario s, Faxpeer.Run sender, Faxpeer.Run receiver, Path received, String both) {
    assertEquals("OK", sender.result().getString("status"), both);
    assertEquals("OK", receiver.result().getString("status"), both);
    assertEquals(PAGES, receiver.result().getInteger("pages"), both);
    assertEquals(s.rate(), receiver.result().getInteger("bit_rate"), both);
    assertEquals(s.ecm(), receiver.result().getBoolean("ecm"), both);
    try {
      Faxpeer.Run compare = Faxpeer.run(dir, "compare", document.toString(), received.toString());
      assertEquals(0, compare.exit(), both + "\npages differ: " + compare.result());
      assertTrue(compare.result().getBoolean("identical"), compare.result().encode());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Scenarios whose T.38 output is captured and read back by tshark (one per ASN.1 and error recovery). */
  private static final List<String> CAPTURED = List.of("1", "7");

  private static void checkCapture(Tshark capture, int port, Scenario s) {
    try {
      capture.close();
      if (s.version() > 0) {
        capture.prefer("t38.use_pre_corrigendum_asn1_specification:FALSE"); // docs/testing.md "faxpeer findings" 4: v1-3 read with the 2002 ASN.1
      }
      String toTerminal = "udp.dstport==" + port;
      List<String> t38 = capture.read(port, "t38", toTerminal + " && t38", "t38.seq_number");
      assertTrue(t38.size() > 100, s.describe() + ": T.38 packets decoded: " + t38.size());
      assertEquals(List.of(), capture.read(port, "t38", toTerminal + " && _ws.malformed", "frame.number"), s.describe());
      assertEquals(List.of(), capture.read(port, "t38", toTerminal + " && _ws.expert", "frame.number", "_ws.expert.message"),
          s.describe());
      System.out.println("GatewayInteropIT: " + s.describe() + ": tshark decoded " + t38.size()
          + " T.38 packets from Faxgate, none malformed, no expert note");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String tail(String text) {
    return text.length() <= 3000 ? text : text.substring(text.length() - 3000);
  }

  /** A gateway session (audio leg a, T.38 leg b, defaults) with FAXOPT ecm=no. */
  private static SessionInfo gatewayWithoutEcm(int audioPort, int t38Port) throws Exception {
    return client.create(new SessionOptions().setMode(SessionMode.GATEWAY)
        .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + audioPort))
        .setLeg("b", new LegOptions().setUdptl("127.0.0.1:" + t38Port))
        .setFaxopt(new JsonObject().put("gateway", "yes").put("ecm", "no")))
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aReceiverKilledMidPageEndsTheSessionFailedNamingThePhase() throws Exception {
    int audioPort = Faxpeer.freeEvenPort();
    int t38Port = freePort();
    SessionInfo session = gatewayWithoutEcm(audioPort, t38Port);
    String id = session.sessionId();
    Faxpeer.Running receiver = Faxpeer.launch(dir, 300, "t38-recv", "--local", "127.0.0.1:" + t38Port, "--remote",
        session.legs().getJsonObject("b").getString("local"), "--out", dir.resolve("killed.tif").toString());
    CompletableFuture<Faxpeer.Run> sender = Faxpeer.start(dir, 300, "audio-send", "--local", "127.0.0.1:" + audioPort,
        "--remote", session.legs().getJsonObject("a").getString("local"), "--tiff", document.toString(), "--timeout", "120");
    Thread.sleep(18_000); // the pre-message exchange and TCF take ~8 s; page 1 (25 kB at 14400) ~14 s more
    // FAXOPT results are live: the DCS and the identities have passed
    assertEquals("14400", client.get(id, "rate").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertEquals("204x98", client.get(id, "resolution").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertEquals("", client.get(id, "status").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    receiver.kill();
    Faxpeer.Run sent = sender.get(200, TimeUnit.SECONDS);
    assertTrue(!"OK".equals(sent.result().getString("status")), "the sender cannot have succeeded: " + sent.result());
    ConsumerRecord<String, String> record = KafkaTopic.readUntil(bootstrap, TOPIC, Duration.ofSeconds(90),
        m -> m.containsKey(id)).get(id);
    assertNotNull(record, "no completion event for the killed fax");
    JsonObject event = new JsonObject(record.value());
    System.out.println("GatewayInteropIT: receiver killed mid-page -> " + event.getString("status") + " "
        + event.getString("error") + " phase " + event.getString("failingPhase") + ": " + event.getString("statusstr")
        + " (sender: " + sent.result().getString("t30_text") + ")");
    assertEquals("FAILED", event.getString("status"), event.encode());
    assertTrue(List.of("C", "D").contains(event.getString("failingPhase")), event.encode());
    assertTrue(event.getString("statusstr").contains("phase " + event.getString("failingPhase")), event.encode());
  }

  /**
   * FAXOPT writes mean something: maxrate=9600 written after the session started, before any DIS,
   * caps the fax the terminals negotiate; written again once the DCS has passed it answers
   * TOO_LATE and the item keeps its value. The T.30 trace, read after the end, shows the exchange;
   * the packet capture asked for at create opens in tshark with RTP and T.38 dissected.
   */
  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void liveFaxoptWritesActOrAreRefusedAndTheFaxLeavesItsT30TraceAndPacketCapture() throws Exception {
    int audioPort = Faxpeer.freeEvenPort();
    int t38Port = freePort();
    SessionInfo session = client.create(new SessionOptions().setMode(SessionMode.GATEWAY)
        .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + audioPort))
        .setLeg("b", new LegOptions().setUdptl("127.0.0.1:" + t38Port))
        .setFaxopt(new JsonObject().put("gateway", "yes")).setCapture(true))
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    String id = session.sessionId();
    assertEquals("9600", client.set(id, "maxrate", "9600").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    Path onePage = dir.resolve("one-page.tif");
    Faxpeer.Run made = Faxpeer.run(dir, "make-tiff", onePage.toString(), "--pages", "1");
    assertEquals(0, made.exit(), made.stderr());
    CompletableFuture<Faxpeer.Run> receiver = Faxpeer.start(dir, 300, "t38-recv", "--local", "127.0.0.1:" + t38Port,
        "--remote", session.legs().getJsonObject("b").getString("local"), "--out", dir.resolve("capped.tif").toString(),
        "--timeout", "150");
    CompletableFuture<Faxpeer.Run> sender = Faxpeer.start(dir, 300, "audio-send", "--local", "127.0.0.1:" + audioPort,
        "--remote", session.legs().getJsonObject("a").getString("local"), "--tiff", onePage.toString(), "--timeout", "150");
    String rate = "";
    for (int i = 0; i < 60 && rate.isEmpty(); i++) { // the DCS passes about 8 s in
      Thread.sleep(500);
      rate = client.get(id, "rate").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertEquals("9600", rate, "the DIS offered at most 9600, so the DCS chose 9600");
    CompletableFuture<String> late = client.set(id, "maxrate", "14400").toCompletionStage().toCompletableFuture();
    java.util.concurrent.ExecutionException refused =
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
    dev.faxgate.faxopt.FaxOptException e = (dev.faxgate.faxopt.FaxOptException) refused.getCause();
    assertEquals(dev.faxgate.faxopt.FaxOptError.TOO_LATE, e.error(), e.getMessage());
    assertTrue(e.getMessage().contains("DIS") && e.getMessage().contains("phase"), e.getMessage());
    assertEquals("9600", client.get(id, "maxrate").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    Faxpeer.Run sent = sender.get(200, TimeUnit.SECONDS);
    Faxpeer.Run got = receiver.get(60, TimeUnit.SECONDS);
    assertEquals("OK", sent.result().getString("status"), sent.result().encode());
    assertEquals("OK", got.result().getString("status"), got.result().encode());
    assertEquals(9600, sent.result().getInteger("bit_rate"), sent.result().encode());
    ConsumerRecord<String, String> record = KafkaTopic.readUntil(bootstrap, TOPIC, Duration.ofSeconds(60),
        m -> m.containsKey(id)).get(id);
    assertNotNull(record, "no completion event");
    JsonObject event = new JsonObject(record.value());
    assertEquals("SUCCESS", event.getString("status"), event.encode());
    assertEquals(9600, event.getInteger("rate"), event.encode());

    // the session's T.30 trace, read after the end: the exchange in order, the DIS edited
    JsonObject trace = client.t30(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    List<JsonObject> frames = trace.getJsonArray("frames").stream().map(o -> (JsonObject) o).toList();
    List<String> names = frames.stream().map(f -> f.getString("fcf")).toList();
    int at = -1;
    for (String expected : List.of("DIS", "DCS", "CFR", "MCF", "DCN")) {
      int from = at + 1;
      at = names.subList(from, names.size()).indexOf(expected);
      assertTrue(at >= 0, expected + " missing after position " + from + " in " + names);
      at += from;
    }
    JsonObject dis = frames.stream().filter(f -> f.getString("fcf").equals("DIS")).findFirst().orElseThrow();
    assertEquals("t38", dis.getString("from"), dis.encode());
    assertTrue(dis.getBoolean("edited"), "maxrate=9600 edited the receiver's V.17 DIS: " + dis.encode());
    assertEquals(List.of(9600), trace.getJsonObject("summary").getJsonArray("rates").getList(), trace.encode());
    assertEquals(trace.getJsonObject("summary"), event.getJsonObject("t30"), "the completion event carries the summary");
    System.out.println("GatewayInteropIT: T.30 trace of " + id + ": " + names);

    Path pcap = dir.resolve("captures").resolve(id + ".pcap");
    for (int i = 0; i < 100 && !java.nio.file.Files.exists(pcap); i++) {
      Thread.sleep(100); // written off the event loop once the session's media has closed
    }
    assertTrue(java.nio.file.Files.exists(pcap), "no capture at " + pcap);
    String audioLocal = session.legs().getJsonObject("a").getString("local");
    String t38Local = session.legs().getJsonObject("b").getString("local");
    Tshark.assertDissected(pcap, Integer.parseInt(audioLocal.substring(audioLocal.lastIndexOf(':') + 1)),
        Integer.parseInt(t38Local.substring(t38Local.lastIndexOf(':') + 1)), 1000, 100);
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aCallThatStartsAsAudioSwitchesToTheGatewayWhenV21IsHeard() throws Exception {
    try (java.net.DatagramSocket quietCaller = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int audioPort = Faxpeer.freeEvenPort();
      int t38Port = freePort();
      SessionInfo session = client.create(new SessionOptions().setMode(SessionMode.GATEWAY)
          .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + quietCaller.getLocalPort()))
          .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + audioPort))
          .setFaxopt(new JsonObject().put("gateway", "yes")))
          .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      String id = session.sessionId();
      CompletableFuture<JsonObject> request = new CompletableFuture<>();
      node.vertx().eventBus().<JsonObject>consumer(dev.faxgate.faxopt.BusAddresses.sessionEvents(id), m -> {
        if ("t38-request".equals(m.body().getString("type"))) {
          request.complete(m.body());
        }
      });
      Path received = dir.resolve("switched.tif");
      // the called machine answers in audio: CED, then its DIS on V.21, which the session hears
      CompletableFuture<Faxpeer.Run> receiver = Faxpeer.start(dir, 300, "audio-recv", "--local", "127.0.0.1:" + audioPort,
          "--remote", session.legs().getJsonObject("b").getString("local"), "--out", received.toString(), "--timeout", "200");
      JsonObject asked = request.get(30, TimeUnit.SECONDS);
      assertEquals("a", asked.getString("leg"), asked.encode());
      // the controller re-INVITEs the caller's side to T.38 and reports where it is now
      CompletableFuture<Faxpeer.Run> sender = Faxpeer.start(dir, 300, "t38-send", "--local", "127.0.0.1:" + t38Port,
          "--remote", session.legs().getJsonObject("a").getString("local"), "--tiff", document.toString(), "--timeout", "200");
      client.updateLeg(id, "a", new LegOptions().setUdptl("127.0.0.1:" + t38Port))
          .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      Faxpeer.Run sent = sender.get(320, TimeUnit.SECONDS);
      Faxpeer.Run got = receiver.get(60, TimeUnit.SECONDS);
      String both = "sender: " + sent.result() + "\n" + tail(sent.stderr()) + "\nreceiver: " + got.result() + "\n"
          + tail(got.stderr());
      Scenario s = new Scenario("switch", Direction.T38_TO_AUDIO, 14400, true, "ulaw", 0, "redundancy");
      checkTerminals(s, sent, got, received, both);
      JsonObject event = new JsonObject(KafkaTopic.readUntil(bootstrap, TOPIC, Duration.ofSeconds(60), m -> m.containsKey(id))
          .get(id).value());
      assertEquals("gateway", event.getString("mode"), event.encode());
      assertEquals("SUCCESS", event.getString("status"), event.encode());
      assertEquals(PAGES, event.getInteger("pages"), event.encode());
      System.out.println("GatewayInteropIT: audio call switched to the gateway on V.21 from leg b -> " + event.getString("status")
          + ", " + event.getInteger("pages") + " pages at " + event.getInteger("rate"));
    }
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aNonEcmFaxSurvives60MsOfJitterOnTheT38Leg() throws Exception {
    int audioPort = Faxpeer.freeEvenPort();
    int t38Port = freePort();
    SessionInfo session = gatewayWithoutEcm(audioPort, t38Port);
    String local = session.legs().getJsonObject("b").getString("local");
    // the T.38 terminal's datagrams reach the gateway through a proxy that holds each 0-60 ms (later
    // ones may overtake): the controller points the leg at the proxy (the socket follows a far
    // address that changes)
    ImpairmentProxy proxy = ImpairmentProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), t38Port),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(local.substring(local.lastIndexOf(':') + 1))),
        Impairment.parse("jitter=60,reorder"), Impairment.NONE, 60, 100_000, 300, "jitter");
    client.updateLeg(session.sessionId(), "b", new LegOptions().setUdptl("127.0.0.1:" + proxy.portFacingB()))
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    String id = session.sessionId();
    try (ImpairmentProxy p = proxy) {
      Path received = dir.resolve("jitter.tif");
      CompletableFuture<Faxpeer.Run> receiver = Faxpeer.start(dir, 300, "audio-recv", "--local", "127.0.0.1:" + audioPort,
          "--remote", session.legs().getJsonObject("a").getString("local"), "--out", received.toString(), "--timeout", "200");
      Faxpeer.Run sent = Faxpeer.start(dir, 300, "t38-send", "--local", "127.0.0.1:" + t38Port, "--remote",
          "127.0.0.1:" + p.portFacingA(), "--tiff", document.toString(), "--timeout", "200")
          .get(320, TimeUnit.SECONDS);
      Faxpeer.Run got = receiver.get(60, TimeUnit.SECONDS);
      String both = "sender: " + sent.result() + "\n" + tail(sent.stderr()) + "\nreceiver: " + got.result();
      checkTerminals(new Scenario("jitter", Direction.T38_TO_AUDIO, 14400, false, "ulaw", 0, "redundancy"), sent, got,
          received, both);
      System.out.println("GatewayInteropIT: t38-send -> 0-60 ms jitter (" + p.countsAToB().delayed + " datagrams held) -> Faxgate -> "
          + "audio-recv, no ECM: OK, " + got.result().getInteger("pages") + " identical pages, bad rows "
          + got.result().getInteger("bad_rows"));
      assertEquals(0, got.result().getInteger("bad_rows"), both);
    }
    JsonObject event = new JsonObject(KafkaTopic.readUntil(bootstrap, TOPIC, Duration.ofSeconds(60), m -> m.containsKey(id))
        .get(id).value());
    assertEquals("SUCCESS", event.getString("status"), event.encode());
  }

  /** Scenarios in flight at once, each a fax through Faxgate beside the same fax through spandsp. */
  private static final int SCENARIOS_AT_ONCE = 4;

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void pairwiseFaxesSucceedWithIdenticalPagesAndTheirResultsOnKafka() throws Exception {
    // the faxes are real-time and independent: a scenario starts as soon as one ends (not in
    // batches), so the slow V.27ter ones do not hold the rest back
    ExecutorService pool = Executors.newFixedThreadPool(SCENARIOS_AT_ONCE);
    List<Future<AssertionError>> runs = new ArrayList<>();
    try {
      for (Scenario s : PAIRWISE) {
        runs.add(pool.submit(() -> runBesideSpandsp(s)));
      }
      List<AssertionError> failures = new ArrayList<>();
      for (Future<AssertionError> run : runs) {
        AssertionError failure = run.get(20, TimeUnit.MINUTES);
        if (failure != null) {
          failures.add(failure);
        }
      }
      if (!failures.isEmpty()) {
        AssertionError all = new AssertionError(failures.size() + " of " + PAIRWISE.size() + " faxes failed: "
            + failures.get(0).getMessage());
        failures.forEach(all::addSuppressed);
        throw all;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** One scenario through Faxgate and through spandsp at the same time; its row goes in the table. */
  private static AssertionError runBesideSpandsp(Scenario s) throws Exception {
    CompletableFuture<String> ours = throughFaxgate(s);
    CompletableFuture<String> theirs = throughSpandsp(s);
    String spandsp;
    try {
      spandsp = theirs.get(320, TimeUnit.SECONDS);
    } catch (Exception e) {
      spandsp = "error: " + e.getMessage();
    }
    try {
      String faxgate = ours.get(320, TimeUnit.SECONDS);
      table.put(s.name(), s.describe() + " | " + String.format("%-34s", faxgate) + " | " + spandsp);
      return null;
    } catch (Exception e) {
      Throwable cause = e.getCause() != null && e.getCause().getCause() != null ? e.getCause().getCause() : e;
      table.put(s.name(), s.describe() + " | " + String.format("%-34s", "FAILED") + " | " + spandsp);
      return new AssertionError(s.describe() + ": " + cause.getMessage(), cause);
    }
  }
}
