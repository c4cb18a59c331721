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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real fax (faxpeer t38-send -> Faxgate t38-relay -> faxpeer t38-recv) watched while it runs:
 * describe shows leg a's counters advancing and its T.30 frames mid-fax, and a real scrape of
 * /metrics has the duplicates faxpeer's repeated control packets make before the session ends;
 * after its end the meter grew by exactly what the completion event reports.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LiveLegStatsIT {
  @TempDir
  Path dir;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private static long duplicatesMeter(TestNode node, HttpClient http) throws Exception {
    String body = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/metrics")).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    return body.lines().filter(l -> l.startsWith("faxgate_media_packets_outcome_total{") && l.contains("outcome=\"duplicates\"")
        && l.contains("transport=\"udptl\"")).mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst().orElseThrow(() -> new AssertionError("no udptl duplicates series in /metrics"));
  }

  @Test
  void aRunningFaxsLegsAreCountedAsTheyGo() throws Exception {
    Faxpeer.binary();
    try (TestNode node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "48000")
        .with(ConfigKey.MEDIA_PORT_MAX, "48999"))) {
      FaxOptClient client = new FaxOptClient(node.node.vertx());
      Path document = dir.resolve("doc.tif");
      Faxpeer.Run made = Faxpeer.run(dir, "make-tiff", document.toString(), "--pages", "2");
      assertEquals(0, made.exit(), made.stderr());
      long before = duplicatesMeter(node, http);
      int senderPort = Faxpeer.freeEvenPort();
      int receiverPort = Faxpeer.freeEvenPort();
      SessionInfo session = client.create(new SessionOptions().setMode(SessionMode.T38_RELAY)
          .setLeg("a", new LegOptions().setUdptl("127.0.0.1:" + senderPort))
          .setLeg("b", new LegOptions().setUdptl("127.0.0.1:" + receiverPort)))
          .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      String id = session.sessionId();
      CompletableFuture<Faxpeer.Run> recv = Faxpeer.start(dir, 180, "t38-recv", "--local", "127.0.0.1:" + receiverPort,
          "--remote", session.legs().getJsonObject("b").getString("local"), "--out", dir.resolve("rx.tif").toString());
      CompletableFuture<Faxpeer.Run> send = Faxpeer.start(dir, 180, "t38-send", "--local", "127.0.0.1:" + senderPort,
          "--remote", session.legs().getJsonObject("a").getString("local"), "--tiff", document.toString());

      // sample while the fax runs: every sample that counts is taken while the session is still active
      JsonObject first = null;
      JsonObject last = null;
      long meterMidFax = 0;
      while (!send.isDone() || !recv.isDone()) {
        SessionInfo now = client.describe(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (now.state() != SessionInfo.State.ACTIVE) {
          break;
        }
        JsonObject packets = now.legs().getJsonObject("a").getJsonObject("packets");
        if (packets.getLong("t30Frames") > 0) {
          first = first == null ? packets : first;
          last = packets;
          long meter = duplicatesMeter(node, http) - before;
          if (client.describe(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).state()
              == SessionInfo.State.ACTIVE) {
            meterMidFax = meter; // the scrape came before the end
          }
        }
        Thread.sleep(500);
      }
      assertEquals("OK", send.get().result().getString("status"), send.get().stderr());
      assertEquals("OK", recv.get().result().getString("status"), recv.get().stderr());
      assertTrue(first != null && last != null, "describe never showed T.30 frames on leg a while the fax ran");
      assertTrue(last.getLong("received") > first.getLong("received"), "the counters advance: " + first + " then " + last);
      assertTrue(last.getLong("duplicates") > 0, "faxpeer repeats its control packets: " + last.encode());
      assertTrue(meterMidFax > 0, "the duplicates meter advanced before the session ended");

      CompletionEvent event = null;
      for (long end = System.nanoTime() + 30_000_000_000L; event == null && System.nanoTime() < end; Thread.sleep(100)) {
        event = node.results.stream().filter(e -> e.sessionId().equals(id)).findFirst().orElse(null);
      }
      assertTrue(event != null, "the relay ends the session after the DCN");
      assertEquals("SUCCESS", event.status().name(), event.toJson().encode());
      JsonObject legs = event.toJson().getJsonObject("legs");
      long reported = legs.getJsonObject("a").getJsonObject("packets").getLong("duplicates")
          + legs.getJsonObject("b").getJsonObject("packets").getLong("duplicates");
      assertTrue(reported >= last.getLong("duplicates"));
      assertEquals(reported, duplicatesMeter(node, http) - before, "the meter holds the event's duplicates, once");
    }
  }
}
