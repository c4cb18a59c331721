package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.LegOptions;
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
 * faxpeer audio-send -> Faxgate audio-relay -> faxpeer audio-recv over real RTP on loopback: a
 * 2-page fax at 14400 with ECM and without, µ-law on the sending leg and A-law on the receiving
 * one; the pages arrive identical. The two faxes run at the same time, each in its own session.
 *
 * <p>The relay watches T.30 in the audio (V.21 on both legs): each session ends by itself after the
 * DCN, with a completion event that says what faxpeer's terminals say (SUCCESS, their pages, rate,
 * ECM and the receiver's identity), and a fax whose receiver is killed mid-page ends FAILED naming
 * the T.30 phase.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AudioRelayInteropIT {
  @TempDir
  static Path dir;
  private static TestNode node;
  private static FaxOptClient client;
  private static Path document;

  @BeforeAll
  static void start() throws Exception {
    Faxpeer.binary();
    node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "41000")
        .with(ConfigKey.MEDIA_PORT_MAX, "41999").with(ConfigKey.MEDIA_SILENCE_SECONDS, "5"));
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

  /** One fax through its own relay session; returns the session's completion event. */
  private static CompletableFuture<CompletionEvent> fax(String name, boolean ecm, int receiverPort) throws Exception {
    int senderPort = Faxpeer.freeEvenPort();
    SessionInfo session = client.create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
        .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + senderPort).setLaw(LegOptions.Law.ULAW))
        .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + receiverPort).setLaw(LegOptions.Law.ALAW)))
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    String localA = session.legs().getJsonObject("a").getString("local");
    String localB = session.legs().getJsonObject("b").getString("local");
    String ecmFlag = ecm ? "--ecm" : "--no-ecm";
    Path received = dir.resolve(name + ".tif");
    CompletableFuture<Faxpeer.Run> recv = Faxpeer.start(dir, 180, "audio-recv", "--local", "127.0.0.1:" + receiverPort,
        "--remote", localB, "--out", received.toString(), "--law", "alaw", ecmFlag);
    CompletableFuture<Faxpeer.Run> send = Faxpeer.start(dir, 180, "audio-send", "--local", "127.0.0.1:" + senderPort,
        "--remote", localA, "--tiff", document.toString(), "--law", "ulaw", ecmFlag);
    return send.thenCombine(recv, (s, r) -> {
      try {
        String both = "\nsender: " + s.result() + "\n" + tail(s.stderr()) + "\nreceiver: " + r.result() + "\n" + tail(r.stderr());
        assertEquals("OK", s.result().getString("status"), name + both);
        assertEquals("OK", r.result().getString("status"), name + both);
        assertEquals(2, r.result().getInteger("pages"), name + both);
        assertEquals(14400, r.result().getInteger("bit_rate"), name + both);
        assertEquals(ecm, r.result().getBoolean("ecm"), name + both);
        Faxpeer.Run compare = Faxpeer.run(dir, "compare", document.toString(), received.toString());
        assertEquals(0, compare.exit(), name + ": pages differ: " + compare.result());
        assertTrue(compare.result().getBoolean("identical"), compare.result().encode());
        CompletionEvent event = RelayFax.completionOf(node, session.sessionId(), 30); // the relay ends the session itself, after the DCN
        RelayFax.assertReportedAsTheTerminals("audio-relay", event, s, r, 2, name + both);
        return event;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static String tail(String text) {
    return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void twoPagesAt14400WithAndWithoutEcmAcrossUlawAndAlaw() throws Exception {
    int capturedPort = Faxpeer.freeEvenPort();
    Tshark capture = Tshark.available() ? Tshark.capture(dir.resolve("rtp.pcapng"), capturedPort) : null;
    CompletableFuture<CompletionEvent> withEcm = fax("ecm", true, capturedPort);
    CompletableFuture<CompletionEvent> withoutEcm = fax("no-ecm", false, Faxpeer.freeEvenPort());
    CompletionEvent[] events;
    try {
      events = new CompletionEvent[] {withEcm.get(240, TimeUnit.SECONDS), withoutEcm.get(240, TimeUnit.SECONDS)};
    } finally {
      if (capture != null) {
        capture.close();
      }
    }
    if (capture != null) {
      // Faxgate's RTP toward the receiver, through Wireshark's RTP dissector: A-law, and nothing malformed
      String toReceiver = "udp.dstport==" + capturedPort;
      List<String> rtp = capture.read(capturedPort, "rtp", toReceiver + " && rtp.p_type==8", "rtp.seq");
      assertTrue(rtp.size() > 1000, "RTP packets decoded: " + rtp.size());
      assertEquals(List.of(), capture.read(capturedPort, "rtp", toReceiver + " && _ws.malformed", "frame.number"));
      assertEquals(List.of(), capture.read(capturedPort, "rtp", toReceiver + " && !rtp", "frame.number"));
    } else {
      System.out.println("AudioRelayInteropIT: tshark or root missing, RTP capture check skipped");
    }
    for (CompletionEvent event : events) {
      JsonObject legs = event.toJson().getJsonObject("legs");
      for (String leg : new String[] {"a", "b"}) {
        JsonObject packets = legs.getJsonObject(leg).getJsonObject("packets");
        assertTrue(packets.getLong("received") > 1000, leg + ": " + packets);
        assertTrue(packets.getLong("sent") > 1000, leg + ": " + packets);
        assertEquals(0L, packets.getLong("strangers"), leg + ": " + packets);
      }
    }
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aReceiverKilledMidPageEndsTheSessionFailedNamingThePhase() throws Exception {
    int senderPort = Faxpeer.freeEvenPort();
    int receiverPort = Faxpeer.freeEvenPort();
    SessionInfo session = client.create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
        .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + senderPort))
        .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + receiverPort)))
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    String id = session.sessionId();
    Faxpeer.Running receiver = Faxpeer.launch(dir, 300, "audio-recv", "--local", "127.0.0.1:" + receiverPort, "--remote",
        session.legs().getJsonObject("b").getString("local"), "--out", dir.resolve("killed.tif").toString());
    CompletableFuture<Faxpeer.Run> sender = Faxpeer.start(dir, 300, "audio-send", "--local", "127.0.0.1:" + senderPort,
        "--remote", session.legs().getJsonObject("a").getString("local"), "--tiff", document.toString(),
        "--timeout", "120");
    Faxpeer.Run sent = RelayFax.killReceiverMidPage(client, id, receiver, sender);
    CompletionEvent event = RelayFax.completionOf(node, id, 60);
    RelayFax.assertFailedMidPage("AudioRelayInteropIT", event.toJson(), sent);
  }
}
