package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.BusAddresses;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.faxopt.TerminalJob;
import dev.faxgate.node.TestNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A terminal session that starts on audio and whose leg the controller moves to T.38
 * (PUT /sessions/{id}/legs/a with a UDPTL address): the sending terminal asks for it itself
 * (t38-request when it hears the far end's V.21 preamble), the receiving one is moved as after the
 * far end's own re-INVITE, during the answer tone. The far end's audio terminal (faxpeer) stops
 * and a T.38 terminal (faxpeer) takes its place at the new address; Faxgate's terminal goes on
 * with the same T.30 state and pages, and both faxes succeed with identical pages.
 */
@Timeout(value = 200, unit = TimeUnit.SECONDS)
class TerminalMovesToT38IT {
  /** Time on audio before the move: the answer tone (3 s) and the start of the first DIS. */
  private static final long ON_AUDIO_MS = 3500;
  @TempDir
  Path dir;

  @Test
  void aTerminalOnAudioGoesOnOverT38WhenItsLegMovesBothWays() throws Exception {
    Faxpeer.binary();
    Path spool = dir.resolve("spool");
    Files.createDirectories(spool.resolve("in"));
    Path document = spool.resolve("doc.tif");
    assertEquals(0, Faxpeer.run(dir, "make-tiff", document.toString(), "--pages", "2").exit());
    try (TestNode node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "47500")
        .with(ConfigKey.MEDIA_PORT_MAX, "47999").with(ConfigKey.TERMINAL_SPOOL_DIR, spool.toString()))) {
      FaxOptClient client = new FaxOptClient(node.node.vertx());
      CompletableFuture<Void> receive = CompletableFuture.runAsync(() -> moved(node, client, spool, document, false));
      CompletableFuture<Void> send = CompletableFuture.runAsync(() -> moved(node, client, spool, document, true));
      receive.get(190, TimeUnit.SECONDS);
      send.get(190, TimeUnit.SECONDS);
    }
  }

  /** One terminal session ({@code sending} or receiving) moved from audio to T.38 mid-call. */
  private void moved(TestNode node, FaxOptClient client, Path spool, Path document, boolean sending) {
    try {
      String name = sending ? "send" : "receive";
      int audioPort = Faxpeer.freeEvenPort();
      int t38Port = Faxpeer.freePort(false);
      BlockingQueue<JsonObject> ended = new LinkedBlockingQueue<>();
      BlockingQueue<JsonObject> t38Requests = new LinkedBlockingQueue<>();
      TerminalJob job = sending ? new TerminalJob(TerminalJob.Direction.SEND, List.of("doc.tif"))
          : new TerminalJob(TerminalJob.Direction.RECEIVE, List.of("in/moved.tif"));
      SessionInfo session = client.create(new SessionOptions().setTerminal(job)
          .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + audioPort))).toCompletionStage().toCompletableFuture()
          .get(20, TimeUnit.SECONDS);
      String id = session.sessionId();
      node.node.vertx().eventBus().<JsonObject>consumer(BusAddresses.sessionEvents(id), m -> {
        if ("ended".equals(m.body().getString("type"))) {
          ended.add(m.body().getJsonObject("result"));
        } else if ("t38-request".equals(m.body().getString("type"))) {
          t38Requests.add(m.body());
        }
      }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      String local = session.legs().getJsonObject("a").getString("local");
      Path out = dir.resolve(name + "-faxpeer.tif");
      Faxpeer.Running onAudio = sending
          ? Faxpeer.launch(dir, 60, "audio-recv", "--local", "127.0.0.1:" + audioPort, "--remote", local, "--out",
              dir.resolve(name + "-never.tif").toString())
          : Faxpeer.launch(dir, 60, "audio-send", "--local", "127.0.0.1:" + audioPort, "--remote", local, "--tiff",
              document.toString());
      if (sending) {
        // Faxgate asks: the far end's DIS preamble, demodulated on audio, raises t38-request for leg a
        JsonObject request = t38Requests.poll(30, TimeUnit.SECONDS);
        assertNotNull(request, name + ": no t38-request from the terminal on audio");
        assertEquals("a", request.getString("leg"), request.encode());
      } else {
        Thread.sleep(ON_AUDIO_MS); // the far end asks: its re-INVITE comes during the answer tone
      }
      onAudio.kill(); // the far end moves to T.38: its audio stops
      client.updateLeg(id, "a", new LegOptions().setUdptl("127.0.0.1:" + t38Port)).toCompletionStage()
          .toCompletableFuture().get(20, TimeUnit.SECONDS);
      CompletableFuture<Faxpeer.Run> onT38 = sending
          ? Faxpeer.start(dir, 150, "t38-recv", "--local", "127.0.0.1:" + t38Port, "--remote", local, "--out", out.toString())
          : Faxpeer.start(dir, 150, "t38-send", "--local", "127.0.0.1:" + t38Port, "--remote", local, "--tiff",
              document.toString());
      Faxpeer.Run far = onT38.get(170, TimeUnit.SECONDS);
      JsonObject result = ended.poll(60, TimeUnit.SECONDS);
      assertNotNull(result, name + ": no completion event");
      String both = name + ": " + result.encode() + "\nfaxpeer: " + far.result() + "\n" + far.stderr();
      assertEquals(0, far.exit(), both);
      assertEquals("SUCCESS", result.getString("status"), both);
      assertEquals(2, result.getInteger("pages"), both);
      Path received = sending ? out : spool.resolve("in/moved.tif");
      Faxpeer.Run same = Faxpeer.run(dir, "compare", document.toString(), received.toString());
      assertEquals(0, same.exit(), name + ": pages identical: " + same.result());
      JsonObject packets = result.getJsonObject("legs").getJsonObject("a").getJsonObject("packets");
      System.out.println("TerminalMovesToT38IT: " + name + " moved from audio to T.38 ("
          + (sending ? "on Faxgate's t38-request" : "after " + ON_AUDIO_MS + " ms") + "): SUCCESS, 2 pages at "
          + result.getInteger("rate") + ", leg a " + packets.encode());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
