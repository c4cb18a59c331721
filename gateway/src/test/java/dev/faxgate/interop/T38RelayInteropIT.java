package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.LegOptions.ErrorRecovery;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.node.TestNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * faxpeer t38-send -> Faxgate t38-relay -> faxpeer t38-recv over real UDPTL on loopback, with
 * T.38 version 0 on one leg and version 3 on the other, and redundancy on one leg with parity FEC
 * on the other, in both arrangements at once. Faxgate's UDPTL toward the receiver is captured and
 * must decode in tshark's T.38 dissector without a malformed packet.
 *
 * <p>The relay watches T.30: each session ends by itself after the DCN, with a completion event that
 * says what faxpeer's terminals say (SUCCESS, their pages, rate, ECM and the receiver's identity),
 * and a fax whose receiver is killed mid-page ends FAILED naming the T.30 phase.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class T38RelayInteropIT {
  @TempDir
  static Path dir;
  private static TestNode node;
  private static FaxOptClient client;
  private static Path document;

  @BeforeAll
  static void start() throws Exception {
    Faxpeer.binary();
    node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "42000")
        .with(ConfigKey.MEDIA_PORT_MAX, "42999"));
    client = new FaxOptClient(node.node.vertx());
    document = dir.resolve("doc2.tif");
    Faxpeer.Run made = Faxpeer.run(dir, "make-tiff", document.toString(), "--pages", "2");
    assertEquals(0, made.exit(), made.stderr());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  /** How one side speaks: T.38 version and the error recovery it sends. */
  private record Side(int version, ErrorRecovery ec) {
    List<String> faxpeerArgs() {
      return List.of("--t38-version", Integer.toString(version), "--ec", ec.wireName());
    }

    LegOptions leg(int farPort) {
      return new LegOptions().setUdptl("127.0.0.1:" + farPort).setT38Version(version).setEc(ec);
    }
  }

  private record Outcome(CompletionEvent event, Faxpeer.Run sender, Faxpeer.Run receiver) {}

  private static CompletableFuture<Outcome> fax(String name, Side sending, Side receiving) throws Exception {
    int senderPort = Faxpeer.freeEvenPort();
    int receiverPort = Faxpeer.freeEvenPort();
    SessionInfo session = client.create(new SessionOptions().setMode(SessionMode.T38_RELAY)
        .setLeg("a", sending.leg(senderPort)).setLeg("b", receiving.leg(receiverPort)))
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    String localA = session.legs().getJsonObject("a").getString("local");
    String localB = session.legs().getJsonObject("b").getString("local");
    Path received = dir.resolve(name + ".tif");
    List<String> recvArgs = new java.util.ArrayList<>(List.of("t38-recv", "--local", "127.0.0.1:" + receiverPort,
        "--remote", localB, "--out", received.toString()));
    recvArgs.addAll(receiving.faxpeerArgs());
    List<String> sendArgs = new java.util.ArrayList<>(List.of("t38-send", "--local", "127.0.0.1:" + senderPort,
        "--remote", localA, "--tiff", document.toString()));
    sendArgs.addAll(sending.faxpeerArgs());
    CompletableFuture<Faxpeer.Run> recv = Faxpeer.start(dir, 180, recvArgs.toArray(String[]::new));
    CompletableFuture<Faxpeer.Run> send = Faxpeer.start(dir, 180, sendArgs.toArray(String[]::new));
    return send.thenCombine(recv, (s, r) -> {
      try {
        String both = "\nsender: " + s.result() + "\n" + tail(s.stderr()) + "\nreceiver: " + r.result() + "\n" + tail(r.stderr());
        assertEquals("OK", s.result().getString("status"), name + both);
        assertEquals("OK", r.result().getString("status"), name + both);
        assertEquals(2, r.result().getInteger("pages"), name + both);
        Faxpeer.Run compare = Faxpeer.run(dir, "compare", document.toString(), received.toString());
        assertEquals(0, compare.exit(), name + ": pages differ: " + compare.result());
        CompletionEvent event = RelayFax.completionOf(node, session.sessionId(), 30); // the relay ends the session itself, after the DCN
        RelayFax.assertReportedAsTheTerminals("t38-relay", event, s, r, 2, name + both);
        return new Outcome(event, s, r);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static String tail(String text) {
    return text.length() <= 3000 ? text : text.substring(text.length() - 3000);
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void versionsAndErrorRecoveryAreTranslatedBothWays() throws Exception {
    CompletableFuture<Outcome> zeroToThree = fax("v0-red-to-v3-fec", new Side(0, ErrorRecovery.REDUNDANCY),
        new Side(3, ErrorRecovery.FEC));
    CompletableFuture<Outcome> threeToZero = fax("v3-fec-to-v0-red", new Side(3, ErrorRecovery.FEC),
        new Side(0, ErrorRecovery.REDUNDANCY));
    for (Outcome o : List.of(zeroToThree.get(240, TimeUnit.SECONDS), threeToZero.get(240, TimeUnit.SECONDS))) {
      JsonObject legs = o.event().toJson().getJsonObject("legs");
      for (String leg : List.of("a", "b")) {
        JsonObject packets = legs.getJsonObject(leg).getJsonObject("packets");
        assertTrue(packets.getLong("received") > 20 && packets.getLong("sent") > 20, leg + ": " + packets);
        assertEquals(0L, packets.getLong("malformed"), leg + ": " + packets);
        assertEquals(0L, packets.getLong("untranslatable"), leg + ": " + packets);
        assertEquals(0L, packets.getLong("strangers"), leg + ": " + packets);
      }
      // what the receiving faxpeer saw of Faxgate's datagrams: nothing undecodable
      JsonObject udptl = o.receiver().result().getJsonObject("udptl");
      assertEquals(0, udptl.getInteger("rx_bad"), udptl.encode());
    }
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void tsharkDecodesFaxgatesUdptlCleanly() throws Exception {
    Path pcap = dir.resolve("t38.pcapng");
    int receiverPort = Faxpeer.freeEvenPort();
    Tshark capture = Tshark.capture(pcap, receiverPort); // before the fax starts, on the port the receiver binds
    try {
      int senderPort = Faxpeer.freeEvenPort();
      SessionInfo session = client.create(new SessionOptions().setMode(SessionMode.T38_RELAY)
          .setLeg("a", new Side(0, ErrorRecovery.REDUNDANCY).leg(senderPort))
          .setLeg("b", new Side(3, ErrorRecovery.REDUNDANCY).leg(receiverPort)))
          .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      CompletableFuture<Faxpeer.Run> recv = Faxpeer.start(dir, 180, "t38-recv", "--local", "127.0.0.1:" + receiverPort,
          "--remote", session.legs().getJsonObject("b").getString("local"), "--out", dir.resolve("captured.tif").toString(),
          "--t38-version", "3");
      Faxpeer.Run sent = Faxpeer.start(dir, 180, "t38-send", "--local", "127.0.0.1:" + senderPort,
          "--remote", session.legs().getJsonObject("a").getString("local"), "--tiff", document.toString(),
          "--t38-version", "0").get(200, TimeUnit.SECONDS);
      assertEquals("OK", sent.result().getString("status"), sent.stderr());
      Faxpeer.Run received = recv.get(60, TimeUnit.SECONDS);
      assertEquals("OK", received.result().getString("status"));
      // a controller that hangs up as soon as its terminals have: the fax succeeded, and says so
      CompletionEvent event = client.end(session.sessionId()).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      RelayFax.assertReportedAsTheTerminals("t38-relay", event, sent, received, 2, "tshark fax");
    } finally {
      capture.close();
    }
    String toReceiver = "udp.dstport==" + receiverPort;
    List<String> t38 = capture.read(receiverPort, "t38", toReceiver + " && t38", "t38.seq_number");
    assertTrue(t38.size() > 100, "T.38 packets decoded: " + t38.size());
    assertEquals(List.of(), capture.read(receiverPort, "t38", toReceiver + " && _ws.malformed", "frame.number"));
    assertEquals(List.of(), capture.read(receiverPort, "t38", toReceiver + " && _ws.expert", "frame.number", "_ws.expert.message"));
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aReceiverKilledMidPageEndsTheSessionFailedNamingThePhase() throws Exception {
    int senderPort = Faxpeer.freeEvenPort();
    int receiverPort = Faxpeer.freeEvenPort();
    SessionInfo session = client.create(new SessionOptions().setMode(SessionMode.T38_RELAY)
        .setLeg("a", new Side(0, ErrorRecovery.REDUNDANCY).leg(senderPort))
        .setLeg("b", new Side(0, ErrorRecovery.REDUNDANCY).leg(receiverPort)))
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    String id = session.sessionId();
    Faxpeer.Running receiver = Faxpeer.launch(dir, 300, "t38-recv", "--local", "127.0.0.1:" + receiverPort, "--remote",
        session.legs().getJsonObject("b").getString("local"), "--out", dir.resolve("killed.tif").toString());
    CompletableFuture<Faxpeer.Run> sender = Faxpeer.start(dir, 300, "t38-send", "--local", "127.0.0.1:" + senderPort,
        "--remote", session.legs().getJsonObject("a").getString("local"), "--tiff", document.toString(),
        "--timeout", "120");
    Faxpeer.Run sent = RelayFax.killReceiverMidPage(client, id, receiver, sender);
    CompletionEvent event = RelayFax.completionOf(node, id, 60);
    RelayFax.assertFailedMidPage("T38RelayInteropIT", event.toJson(), sent);
  }
}
