package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.BusAddresses;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.node.TestNode;
import dev.faxgate.rtp.G711;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * FAXOPT writes to running sessions, end to end (docs/faxopt.md, "When a write takes effect"): for
 * each writable item with a boundary, a write before it changes what happens between real spandsp
 * terminals (faxpeer) through a Faxgate node, and a write after it answers {@code TOO_LATE}, the
 * item keeping its value. The scenarios run side by side (one test, as the pairwise gateway faxes
 * do), so the whole class costs about one slow fax:
 *
 * <ul>
 *   <li><b>policy</b> (audio-send -> gateway -> t38-recv, terminals offering ECM and V.17):
 *       {@code ecm=no} and {@code modem=v27} written before the DIS -> the fax runs at 4800 without
 *       ECM; {@code ecm}, {@code modem}, {@code maxrate} after it, {@code minrate} after the CFR and
 *       {@code gateway=yes,N} after fax activity -> 409.</li>
 *   <li><b>minrate</b> (terminals limited to V.27ter's 4800 by {@code --max-rate}): {@code minrate=7200}
 *       written before the CFR ends the fax FAILED {@code RATE_BELOW_MINRATE}.</li>
 *   <li><b>switch</b> (a call that starts as audio, audio-send on leg a, audio-recv on leg b):
 *       {@code t38timeout=2000}, {@code negotiate_both=yes} and {@code faxdetect=cng} written
 *       before V.21 -> CNG is reported, both legs are asked to move within 2000 ms, nobody moves,
 *       the session ends {@code T38_NEG_ERROR} "within 2000 ms" while the fax goes on as audio;
 *       {@code t38timeout}, {@code negotiate_both} and {@code gateway=yes,N} after V.21 -> 409.</li>
 *   <li><b>step-out</b> (a call that starts as audio, voice on both legs): {@code gateway=yes,3}
 *       written after create -> after 3 s without fax the gateway steps out and the audio goes on
 *       both ways; a write of {@code gateway} then -> 409; so does {@code gateway=yes,3} on an
 *       {@code audio-relay} session created without it (nothing there watches for V.21).</li>
 * </ul>
 *
 * The node runs with {@code capture.failed=true}: the failed faxes leave a pcap that tshark reads
 * as RTP and T.38 with no expert error; the successful one leaves none.
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class FaxoptLiveWriteIT {
  @TempDir
  static Path dir;
  private static TestNode node;
  private static FaxOptClient client;
  private static Path onePage;

  @BeforeAll
  static void start() throws Exception {
    Faxpeer.binary();
    node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "49000")
        .with(ConfigKey.MEDIA_PORT_MAX, "49999").with(ConfigKey.MEDIA_SILENCE_SECONDS, "10")
        .with(ConfigKey.CAPTURE_DIR, dir.resolve("captures").toString()).with(ConfigKey.CAPTURE_FAILED, "true"));
    client = new FaxOptClient(node.node.vertx());
    onePage = dir.resolve("one-page.tif");
    Faxpeer.Run made = Faxpeer.run(dir, "make-tiff", onePage.toString(), "--pages", "1");
    assertEquals(0, made.exit(), made.stderr());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void writesBeforeTheirBoundaryActOnRealFaxesAndWritesAfterItAreRefused() throws Exception {
    Map<String, CompletableFuture<Void>> scenarios = new java.util.LinkedHashMap<>();
    scenarios.put("policy", CompletableFuture.runAsync(unchecked(FaxoptLiveWriteIT::policyItems)));
    scenarios.put("minrate", CompletableFuture.runAsync(unchecked(FaxoptLiveWriteIT::minrateBelowTheNegotiatedRate)));
    scenarios.put("switch", CompletableFuture.runAsync(unchecked(FaxoptLiveWriteIT::switchItems)));
    scenarios.put("step-out", CompletableFuture.runAsync(unchecked(FaxoptLiveWriteIT::gatewayStepsOut)));
    List<AssertionError> failures = new ArrayList<>();
    for (Map.Entry<String, CompletableFuture<Void>> s : scenarios.entrySet()) {
      try {
        s.getValue().get(360, TimeUnit.SECONDS);
        System.out.println("FaxoptLiveWriteIT: " + s.getKey() + " OK");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() instanceof IllegalStateException && e.getCause().getCause() != null
            ? e.getCause().getCause() : e.getCause();
        failures.add(new AssertionError(s.getKey() + ": " + cause.getMessage(), cause));
      }
    }
    if (!failures.isEmpty()) {
      AssertionError all = new AssertionError(failures.size() + " of " + scenarios.size() + " scenarios failed: "
          + failures.get(0).getMessage());
      failures.forEach(all::addSuppressed);
      throw all;
    }
  }

  interface Scenario {
    void run() throws Exception;
  }

  private static Runnable unchecked(Scenario s) {
    return () -> {
      try {
        s.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /**
   * ecm and modem act until the first DIS has been edited; maxrate too (its both sides are also in
   * GatewayInteropIT); minrate until the first CFR; gateway=yes,N until fax activity.
   */
  private static void policyItems() throws Exception {
    int audioPort = Faxpeer.freeEvenPort();
    int t38Port = Faxpeer.freePort(false);
    SessionInfo session = gateway(audioPort, t38Port);
    String id = session.sessionId();
    // written after the session started, before any DIS: the terminals are not even running yet
    assertEquals("no", await(client.set(id, "ecm", "no")));
    assertEquals("V27", await(client.set(id, "modem", "v27")));
    Path received = dir.resolve("policy.tif");
    CompletableFuture<Faxpeer.Run> receiver = Faxpeer.start(dir, 200, "t38-recv", "--local", "127.0.0.1:" + t38Port,
        "--remote", local(session, "b"), "--out", received.toString(), "--ecm", "--timeout", "150");
    CompletableFuture<Faxpeer.Run> sender = Faxpeer.start(dir, 200, "audio-send", "--local", "127.0.0.1:" + audioPort,
        "--remote", local(session, "a"), "--tiff", onePage.toString(), "--ecm", "--timeout", "150");
    awaitT30Frame(id, "DCS");
    assertEquals("4800", await(client.get(id, "rate")), "modem=v27 written before the DIS: V.27ter's 4800 at most");
    tooLate(id, "ecm", "yes", "DIS", "no");
    tooLate(id, "modem", "v17,v27,v29", "DIS", "V27");
    tooLate(id, "maxrate", "9600", "DIS", "14400");
    tooLate(id, "gateway", "yes,30", "fax activity", "yes");
    awaitT30Frame(id, "CFR");
    tooLate(id, "minrate", "2400", "CFR", "4800");
    Faxpeer.Run sent = sender.get(200, TimeUnit.SECONDS);
    Faxpeer.Run got = receiver.get(60, TimeUnit.SECONDS);
    String both = "sender: " + sent.result() + "\nreceiver: " + got.result();
    assertEquals("OK", sent.result().getString("status"), both);
    assertEquals("OK", got.result().getString("status"), both);
    assertEquals(4800, got.result().getInteger("bit_rate"), both);
    assertFalse(got.result().getBoolean("ecm"), "ecm=no written before the DIS: the terminals ran without ECM; " + both);
    JsonObject event = RelayFax.completionOf(node, id, 60).toJson();
    assertEquals("SUCCESS", event.getString("status"), event.encode());
    assertEquals(4800, event.getInteger("rate"), event.encode());
    assertEquals("V27", event.getString("modem"), event.encode());
    assertFalse(event.getBoolean("ecm"), event.encode());
    assertFalse(Files.exists(capture(id)), "capture.failed keeps no capture of a fax that succeeded: " + capture(id));
  }

  /**
   * minrate is checked at the CFR: written before it, above what the machines can do (faxpeer's
   * {@code --max-rate 4800}: V.27ter only), the fax fails as it says.
   */
  private static void minrateBelowTheNegotiatedRate() throws Exception {
    int audioPort = Faxpeer.freeEvenPort();
    int t38Port = Faxpeer.freePort(false);
    SessionInfo session = gateway(audioPort, t38Port);
    String id = session.sessionId();
    assertEquals("7200", await(client.set(id, "minrate", "7200")));
    Faxpeer.Running receiver = Faxpeer.launch(dir, 200, "t38-recv", "--local", "127.0.0.1:" + t38Port,
        "--remote", local(session, "b"), "--out", dir.resolve("minrate.tif").toString(), "--max-rate", "4800",
        "--timeout", "120");
    Faxpeer.Running sender = Faxpeer.launch(dir, 200, "audio-send", "--local", "127.0.0.1:" + audioPort,
        "--remote", local(session, "a"), "--tiff", onePage.toString(), "--max-rate", "4800", "--timeout", "120");
    JsonObject event;
    try {
      event = RelayFax.completionOf(node, id, 120).toJson();
    } finally {
      sender.kill(); // the gateway stopped relaying: each would wait out its T.30 timers
      receiver.kill();
    }
    System.out.println("FaxoptLiveWriteIT: minrate=7200 against terminals limited to 4800 -> " + event.getString("status")
        + " " + event.getString("error") + ": " + event.getString("statusstr"));
    assertEquals("FAILED", event.getString("status"), event.encode());
    assertEquals("RATE_BELOW_MINRATE", event.getString("error"), event.encode());
    assertEquals(4800, event.getInteger("rate"), event.encode());
    assertTrue(event.getString("statusstr").contains("below minrate 7200"), event.encode());
    // capture.failed: the failed fax's packets on both legs, as tshark reads them
    Path pcap = capture(id);
    assertTrue(Files.exists(pcap), "capture.failed keeps the capture of a failed fax: none at " + pcap);
    Tshark.assertDissected(pcap, port(local(session, "a")), port(local(session, "b")), 100, 10);
  }

  /**
   * faxdetect, t38timeout and negotiate_both on a call that starts as audio and is never moved to
   * T.38 by its controller: the fax goes on as audio, the session ends T38_NEG_ERROR.
   */
  private static void switchItems() throws Exception {
    int senderPort = Faxpeer.freeEvenPort();
    int receiverPort = Faxpeer.freeEvenPort();
    SessionInfo session = await(client.create(new SessionOptions().setMode(SessionMode.GATEWAY)
        .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + senderPort))
        .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + receiverPort))
        .setFaxopt(new JsonObject().put("gateway", "yes"))));
    String id = session.sessionId();
    BlockingQueue<JsonObject> events = listen(id);
    assertEquals("2000", await(client.set(id, "t38timeout", "2000")));
    assertEquals("yes", await(client.set(id, "negotiate_both", "yes")));
    assertEquals("cng", await(client.set(id, "faxdetect", "cng")));
    Path received = dir.resolve("switch.tif");
    CompletableFuture<Faxpeer.Run> receiver = Faxpeer.start(dir, 200, "audio-recv", "--local", "127.0.0.1:" + receiverPort,
        "--remote", local(session, "b"), "--out", received.toString(), "--timeout", "150");
    CompletableFuture<Faxpeer.Run> sender = Faxpeer.start(dir, 200, "audio-send", "--local", "127.0.0.1:" + senderPort,
        "--remote", local(session, "a"), "--tiff", onePage.toString(), "--timeout", "150");
    // faxdetect=cng written after create armed the tone detectors (CNG, and CED/ANSam, V.21 on the way)
    JsonObject cng = next(events, "detection", 30, e -> "cng".equals(e.getString("tone")));
    assertEquals("a", cng.getString("leg"), "the calling terminal's CNG, on leg a: " + cng.encode());
    JsonObject first = next(events, "t38-request", 30);
    JsonObject second = next(events, "t38-request", 5);
    assertEquals(java.util.Set.of("a", "b"), java.util.Set.of(first.getString("leg"), second.getString("leg")),
        "negotiate_both=yes written before V.21: both legs are asked to move");
    assertEquals(2000, first.getInteger("timeoutMs"), first.encode());
    assertEquals(2000, second.getInteger("timeoutMs"), second.encode());
    tooLate(id, "t38timeout", "9000", "V.21 was heard", "2000");
    tooLate(id, "negotiate_both", "no", "V.21 was heard", "yes");
    tooLate(id, "gateway", "yes,30", "fax activity", "yes");
    JsonObject timedOut = next(events, "t38-timeout", 30);
    assertEquals(2, timedOut.getJsonArray("legs").size(), timedOut.encode());
    Faxpeer.Run sent = sender.get(200, TimeUnit.SECONDS);
    Faxpeer.Run got = receiver.get(60, TimeUnit.SECONDS);
    String both = "sender: " + sent.result() + "\nreceiver: " + got.result();
    assertEquals("OK", sent.result().getString("status"), "the fax went on as audio: " + both);
    assertEquals("OK", got.result().getString("status"), "the fax went on as audio: " + both);
    JsonObject event = await(client.end(id)).toJson();
    assertEquals("FAILED", event.getString("status"), event.encode());
    assertEquals("T38_NEG_ERROR", event.getString("error"), event.encode());
    assertTrue(event.getString("statusstr").contains("within 2000 ms"), "t38timeout=2000 acted: " + event.encode());
  }

  /**
   * gateway=yes,N written after create on a call that starts as audio and never carries a fax: the
   * gateway steps out after N s and the audio relay goes on, both ways.
   */
  private static void gatewayStepsOut() throws Exception {
    try (Talker caller = new Talker(); Talker called = new Talker()) {
      SessionInfo session = await(client.create(new SessionOptions().setMode(SessionMode.GATEWAY)
          .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + caller.port()))
          .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + called.port()))
          .setFaxopt(new JsonObject().put("gateway", "yes"))));
      String id = session.sessionId();
      BlockingQueue<JsonObject> events = listen(id);
      caller.talkTo(local(session, "a"));
      called.talkTo(local(session, "b"));
      assertEquals("yes,3", await(client.set(id, "gateway", "yes,3")));
      JsonObject out = next(events, "gateway-stepped-out", 20);
      assertEquals(3, out.getInteger("seconds"), out.encode());
      tooLate(id, "gateway", "yes,30", "stepped out", "yes,3");
      long heardByCalled = called.voiced();
      long heardByCaller = caller.voiced();
      for (int i = 0; i < 100 && (called.voiced() < heardByCalled + 25 || caller.voiced() < heardByCaller + 25); i++) {
        Thread.sleep(100);
      }
      assertTrue(called.voiced() >= heardByCalled + 25 && caller.voiced() >= heardByCaller + 25,
          "after the gateway stepped out the call's audio still flows both ways: " + (called.voiced() - heardByCalled)
              + " voice packets reached leg b's far end, " + (caller.voiced() - heardByCaller) + " leg a's");
      assertEquals("", await(client.get(id, "status")), "the call goes on");
      JsonObject event = await(client.end(id)).toJson();
      assertEquals("HANGUP", event.getString("error"), "the call ended when the controller ended it: " + event.encode());

      // an audio-relay session whose media opened without gateway=yes watches for no V.21: the same write cannot act
      SessionInfo relay = await(client.create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
          .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + caller.port()))
          .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + called.port()))));
      tooLate(relay.sessionId(), "gateway", "yes,3", "without gateway=yes", "no");
      await(client.end(relay.sessionId()));
    }
  }

  /** A gateway session: audio leg a to {@code audioPort}, T.38 leg b to {@code t38Port}, FAXOPT gateway=yes only. */
  private static SessionInfo gateway(int audioPort, int t38Port) throws Exception {
    return await(client.create(new SessionOptions().setMode(SessionMode.GATEWAY)
        .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + audioPort))
        .setLeg("b", new LegOptions().setUdptl("127.0.0.1:" + t38Port))
        .setFaxopt(new JsonObject().put("gateway", "yes"))));
  }

  /** Writing {@code item=value} now answers TOO_LATE naming {@code passed}, and the item still reads {@code stays}. */
  private static void tooLate(String id, String item, String value, String passed, String stays) throws Exception {
    ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> client.set(id, item, value).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS),
        item + "=" + value + " was accepted after " + passed);
    FaxOptException e = (FaxOptException) refused.getCause();
    assertEquals(FaxOptError.TOO_LATE, e.error(), e.getMessage());
    assertTrue(e.getMessage().contains(passed), e.getMessage());
    assertEquals(stays, await(client.get(id, item)), item + " keeps its value after a refused write");
    System.out.println("FaxoptLiveWriteIT: " + item + "=" + value + " -> 409 " + e.getMessage());
  }

  /** Waits until the session's T.30 trace holds a frame {@code fcf}. */
  private static void awaitT30Frame(String id, String fcf) throws Exception {
    for (int i = 0; i < 600; i++) {
      JsonObject trace = await(client.t30(id));
      if (trace.getJsonArray("frames") != null
          && trace.getJsonArray("frames").stream().anyMatch(f -> fcf.equals(((JsonObject) f).getString("fcf")))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + fcf + " passed session " + id + " within 60 s");
  }

  private static BlockingQueue<JsonObject> listen(String id) throws Exception {
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    await(node.node.vertx().eventBus().<JsonObject>consumer(BusAddresses.sessionEvents(id), m -> events.add(m.body()))
        .completion());
    return events;
  }

  /** The next event of {@code type}, skipping others, waiting up to {@code seconds}. */
  private static JsonObject next(BlockingQueue<JsonObject> events, String type, int seconds) throws InterruptedException {
    return next(events, type, seconds, e -> true);
  }

  /** The next event of {@code type} that {@code matches}, skipping others, waiting up to {@code seconds}. */
  private static JsonObject next(BlockingQueue<JsonObject> events, String type, int seconds,
      java.util.function.Predicate<JsonObject> matches) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      JsonObject e = events.poll(100, TimeUnit.MILLISECONDS);
      if (e != null && type.equals(e.getString("type")) && matches.test(e)) {
        return e;
      } else if (e != null) {
        seen.add(e.encode());
      }
    }
    throw new AssertionError("no " + type + " event within " + seconds + " s; saw " + seen);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static String local(SessionInfo session, String leg) {
    return session.legs().getJsonObject(leg).getString("local");
  }

  private static int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  private static Path capture(String id) {
    return dir.resolve("captures").resolve(id + ".pcap");
  }

  /**
   * One end of a voice call: sends a 440 Hz tone (no fax tone, no V.21) as µ-law RTP every 20 ms,
   * and counts the packets it receives that carry sound (not G.711 silence).
   */
  private static final class Talker implements AutoCloseable {
    private final DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        Faxpeer.freeEvenPort()));
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong voiced = new AtomicLong();
    private volatile boolean open = true;

    Talker() throws IOException {
      Thread listener = new Thread(() -> {
        byte[] buf = new byte[2048];
        while (open) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          try {
            socket.receive(p);
          } catch (IOException closed) {
            return;
          }
          for (int i = 12; i < p.getLength(); i++) {
            if (Math.abs(G711.ulawToLinear(buf[i] & 0xFF)) > 1000) {
              voiced.incrementAndGet();
              break;
            }
          }
        }
      }, "talker-rx");
      listener.setDaemon(true);
      listener.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    long voiced() {
      return voiced.get();
    }

    void talkTo(String address) {
      InetSocketAddress far = new InetSocketAddress(InetAddress.getLoopbackAddress(), FaxoptLiveWriteIT.port(address));
      int ssrc = new java.util.Random(port()).nextInt();
      int[] seq = {0};
      clock.scheduleAtFixedRate(() -> {
        byte[] rtp = new byte[12 + 160];
        int n = seq[0]++;
        rtp[0] = (byte) 0x80;
        rtp[1] = (byte) G711.PT_PCMU;
        rtp[2] = (byte) (n >> 8);
        rtp[3] = (byte) n;
        long ts = n * 160L;
        for (int i = 0; i < 4; i++) {
          rtp[4 + i] = (byte) (ts >> (24 - 8 * i));
          rtp[8 + i] = (byte) (ssrc >> (24 - 8 * i));
        }
        for (int i = 0; i < 160; i++) {
          double t = (ts + i) / 8000.0;
          rtp[12 + i] = G711.linearToUlaw((short) (8000 * Math.sin(2 * Math.PI * 440 * t)));
        }
        try {
          socket.send(new DatagramPacket(rtp, rtp.length, far));
        } catch (IOException closing) {
          // the test is over
        }
      }, 0, 20, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      open = false;
      clock.shutdownNow();
      socket.close();
    }
  }
}
