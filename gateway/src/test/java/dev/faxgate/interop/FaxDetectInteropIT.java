package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.BusAddresses;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.node.TestNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * FAXOPT faxdetect on real terminal audio and T.38: spandsp's calling terminal (CNG) on leg a and
 * answering terminal (CED) on leg b of an audio-relay session, each tone reported on the session's
 * event address, naming the tone and the leg, within 4 s of the tone starting; and detect sessions
 * with one leg, which only listen and end at the first fax signal (or NO_FAX).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FaxDetectInteropIT {
  @TempDir
  Path dir;

  @Test
  void cngAndCedAreReportedWithinFourSeconds() throws Exception {
    Faxpeer.binary();
    try (TestNode node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "47000")
        .with(ConfigKey.MEDIA_PORT_MAX, "47999"))) {
      FaxOptClient client = new FaxOptClient(node.node.vertx());
      Path document = dir.resolve("doc1.tif");
      assertEquals(0, Faxpeer.run(dir, "make-tiff", document.toString(), "--pages", "1").exit());
      int senderPort = Faxpeer.freeEvenPort();
      int receiverPort = Faxpeer.freeEvenPort();
      SessionInfo session = client.create(new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
          .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + senderPort))
          .setLeg("b", new LegOptions().setRtp("127.0.0.1:" + receiverPort).setLaw(LegOptions.Law.ALAW))
          .putFaxopt("faxdetect", "yes,30")).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
      node.node.vertx().eventBus().<JsonObject>consumer(BusAddresses.sessionEvents(session.sessionId()),
          m -> events.add(m.body())).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      Faxpeer.Running recv = Faxpeer.launch(dir, 60, "audio-recv", "--local", "127.0.0.1:" + receiverPort,
          "--remote", session.legs().getJsonObject("b").getString("local"), "--out", dir.resolve("out.tif").toString(),
          "--law", "alaw");
      Faxpeer.Running send = Faxpeer.launch(dir, 60, "audio-send", "--local", "127.0.0.1:" + senderPort,
          "--remote", session.legs().getJsonObject("a").getString("local"), "--tiff", document.toString());
      Map<String, JsonObject> byLeg = new HashMap<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (byLeg.size() < 2 && System.nanoTime() < deadline) {
        JsonObject e = events.poll(1, TimeUnit.SECONDS);
        if (e != null && "detection".equals(e.getString("type"))) {
          byLeg.putIfAbsent(e.getString("leg") + ":" + (e.getString("tone").equals("cng") ? "cng" : "ced"), e);
        }
      }
      client.end(session.sessionId()).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      send.kill(); // the detections were the point; the fax itself is AudioRelayInteropIT's
      recv.kill();
      JsonObject cng = byLeg.get("a:cng");
      JsonObject ced = byLeg.get("b:ced");
      assertNotNull(cng, "CNG from the calling terminal on leg a: " + byLeg);
      assertNotNull(ced, "CED from the answering terminal on leg b: " + byLeg);
      for (JsonObject d : new JsonObject[] {cng, ced}) {
        long delay = d.getLong("detectedMs") - d.getLong("toneStartMs");
        assertTrue(delay >= 0 && delay < 4000, "reported " + delay + " ms after the tone started: " + d.encode());
        System.out.println("FaxDetectInteropIT: " + d.getString("tone") + " on leg " + d.getString("leg") + " "
            + delay + " ms after the tone started, " + d.getDouble("levelDbm0") + " dBm0");
      }
    }
  }

  /**
   * A detect session with one leg only listens: spandsp's calling terminal on an RTP leg is heard by
   * its CNG, on a UDPTL leg by T.38's arrival; each session ends SUCCESS saying what it heard. A
   * third, to which nothing is sent, ends FAILED NO_FAX when its faxdetect seconds run out.
   */
  @Test
  void aDetectSessionWithOneLegEndsOnTheFirstFaxSignalOrNoFax() throws Exception {
    Faxpeer.binary();
    try (TestNode node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "47000")
        .with(ConfigKey.MEDIA_PORT_MAX, "47999"))) {
      FaxOptClient client = new FaxOptClient(node.node.vertx());
      Path document = dir.resolve("doc1.tif");
      assertEquals(0, Faxpeer.run(dir, "make-tiff", document.toString(), "--pages", "1").exit());
      int audioPort = Faxpeer.freeEvenPort();
      int t38Port = Faxpeer.freePort(false);
      BlockingQueue<JsonObject> ended = new LinkedBlockingQueue<>();
      SessionInfo audio = listening(node, client, new LegOptions().setRtp("127.0.0.1:" + audioPort), "cng,30", ended);
      SessionInfo t38 = listening(node, client, new LegOptions().setUdptl("127.0.0.1:" + t38Port), "t38,30", ended);
      SessionInfo silent = listening(node, client, new LegOptions().setRtp("127.0.0.1:" + Faxpeer.freeEvenPort()),
          "yes,3", ended);
      Faxpeer.Running audioSender = Faxpeer.launch(dir, 60, "audio-send", "--local", "127.0.0.1:" + audioPort,
          "--remote", audio.legs().getJsonObject("a").getString("local"), "--tiff", document.toString());
      Faxpeer.Running t38Sender = Faxpeer.launch(dir, 60, "t38-send", "--local", "127.0.0.1:" + t38Port,
          "--remote", t38.legs().getJsonObject("a").getString("local"), "--tiff", document.toString());
      Map<String, JsonObject> results = new HashMap<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (results.size() < 3 && System.nanoTime() < deadline) {
        JsonObject e = ended.poll(1, TimeUnit.SECONDS);
        if (e != null) {
          results.put(e.getString("sessionId"), e.getJsonObject("result"));
        }
      }
      audioSender.kill(); // nobody answers them: the detection was the point
      t38Sender.kill();
      JsonObject heardAudio = results.get(audio.sessionId());
      JsonObject heardT38 = results.get(t38.sessionId());
      JsonObject heardNothing = results.get(silent.sessionId());
      assertNotNull(heardAudio, "the audio listener ended: " + results);
      assertEquals("SUCCESS", heardAudio.getString("status"), heardAudio.encode());
      assertTrue(heardAudio.getString("statusstr").startsWith("fax heard: cng on leg a"), heardAudio.encode());
      assertNotNull(heardT38, "the T.38 listener ended: " + results);
      assertEquals("SUCCESS", heardT38.getString("status"), heardT38.encode());
      assertTrue(heardT38.getString("statusstr").startsWith("fax heard: t38 on leg a"), heardT38.encode());
      assertNotNull(heardNothing, "the silent listener ended: " + results);
      assertEquals("FAILED", heardNothing.getString("status"), heardNothing.encode());
      assertEquals("NO_FAX", heardNothing.getString("error"), heardNothing.encode());
      System.out.println("FaxDetectInteropIT: " + heardAudio.getString("statusstr") + "; "
          + heardT38.getString("statusstr") + "; " + heardNothing.getString("statusstr"));
    }
  }

  private static SessionInfo listening(TestNode node, FaxOptClient client, LegOptions leg, String faxdetect,
      BlockingQueue<JsonObject> ended) throws Exception {
    SessionInfo session = client.create(new SessionOptions().setMode(SessionMode.DETECT).setLeg("a", leg)
        .putFaxopt("faxdetect", faxdetect)).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    node.node.vertx().eventBus().<JsonObject>consumer(BusAddresses.sessionEvents(session.sessionId()), m -> {
      if ("ended".equals(m.body().getString("type"))) {
        ended.add(m.body().put("sessionId", session.sessionId()));
      }
    }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return session;
  }
}
