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
 * FAXOPT faxdetect on real terminal audio: spandsp's calling terminal (CNG) on leg a and answering
 * terminal (CED) on leg b of an audio-relay session; each tone is reported on the session's event
 * address, naming the tone and the leg, within 4 s of the tone starting.
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
}
