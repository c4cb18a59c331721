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
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.faxopt.TerminalJob;
import dev.faxgate.node.TestNode;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terminal sessions on a node, as a controller makes them, against spandsp: Faxgate sends a TIFF
 * from its spool directory over T.38 to faxpeer's receiver, and receives faxpeer's audio fax into
 * the spool directory, at the same time; faxpeer's compare finds the pages identical both ways. A
 * create naming a file that leaves the spool, is missing or is not a TIFF is refused 400 naming
 * the problem, and no session is made. A FAXOPT write to a running terminal is TOO_LATE. Polling
 * (DTC) between two terminal sessions of the node.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TerminalSessionIT {
  @TempDir
  Path dir;

  @Test
  void faxgateSendsOverT38AndReceivesOverAudioFromSpandsp() throws Exception {
    Faxpeer.binary();
    Path spool = dir.resolve("spool");
    Files.createDirectories(spool.resolve("in"));
    Path document = spool.resolve("doc.tif");
    assertEquals(0, Faxpeer.run(dir, "make-tiff", document.toString(), "--pages", "1", "--resolution", "fine").exit());
    try (TestNode node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "46000")
        .with(ConfigKey.MEDIA_PORT_MAX, "46499").with(ConfigKey.TERMINAL_SPOOL_DIR, spool.toString()))) {
      FaxOptClient client = new FaxOptClient(node.node.vertx());
      BlockingQueue<JsonObject> ended = new LinkedBlockingQueue<>();
      int t38Port = Faxpeer.freePort(false);
      int audioPort = Faxpeer.freeEvenPort();
      SessionInfo sending = create(node, client, new SessionOptions()
          .setTerminal(new TerminalJob(TerminalJob.Direction.SEND, List.of("doc.tif")))
          .setLeg("a", new LegOptions().setUdptl("127.0.0.1:" + t38Port)).putFaxopt("localstationid", "+1 555 0100"), ended);
      SessionInfo receiving = create(node, client, new SessionOptions()
          .setTerminal(new TerminalJob(TerminalJob.Direction.RECEIVE, List.of("in/received.tif")))
          .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + audioPort)).putFaxopt("localstationid", "+1 555 0199"), ended);
      // a terminal takes its FAXOPT items when its media opens: a later write that could not act is refused
      for (String[] write : new String[][] {{"maxrate", "9600"}, {"headerinfo", "late"}, {"localstationid", "1"}}) {
        var refused = client.set(sending.sessionId(), write[0], write[1]).toCompletionStage().toCompletableFuture();
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS), write[0]);
        assertEquals(dev.faxgate.faxopt.FaxOptError.TOO_LATE,
            ((dev.faxgate.faxopt.FaxOptException) e.getCause()).error(), write[0] + ": " + e.getCause().getMessage());
      }
      Path fromFaxgate = dir.resolve("from-faxgate.tif");
      var t38Receiver = Faxpeer.start(dir, 150, "t38-recv", "--local", "127.0.0.1:" + t38Port, "--remote",
          sending.legs().getJsonObject("a").getString("local"), "--out", fromFaxgate.toString(), "--ident", "faxpeer rx");
      var audioSender = Faxpeer.start(dir, 150, "audio-send", "--local", "127.0.0.1:" + audioPort, "--remote",
          receiving.legs().getJsonObject("a").getString("local"), "--tiff", document.toString(), "--ident", "faxpeer tx");
      Faxpeer.Run rx = t38Receiver.get(170, TimeUnit.SECONDS);
      Faxpeer.Run tx = audioSender.get(170, TimeUnit.SECONDS);
      JsonObject sent = result(ended, sending.sessionId(), receiving.sessionId());
      JsonObject got = result(ended, sending.sessionId(), receiving.sessionId());
      if (!sent.getString("sessionId").equals(sending.sessionId())) {
        JsonObject t = sent;
        sent = got;
        got = t;
      }
      assertEquals(0, rx.exit(), "faxpeer t38-recv: " + rx.result() + "\n" + rx.stderr());
      assertEquals(0, tx.exit(), "faxpeer audio-send: " + tx.result() + "\n" + tx.stderr());
      assertEquals("SUCCESS", sent.getString("status"), sent.encode());
      assertEquals(1, sent.getInteger("pages"), sent.encode());
      assertEquals("faxpeer rx", sent.getString("remotestationid"), sent.encode());
      assertEquals("SUCCESS", got.getString("status"), got.encode());
      assertEquals(1, got.getInteger("pages"), got.encode());
      assertEquals("faxpeer tx", got.getString("remotestationid"), got.encode());
      assertEquals(List.of("in/received.tif"), got.getJsonArray("filenames").getList());
      assertEquals(0, got.getJsonObject("t30").getInteger("badRows"), "the receiver's decoder counts bad rows: " + got);
      assertEquals(null, sent.getJsonObject("t30").getInteger("badRows"), "a sender knows none: " + sent);
      assertTrue(sent.getJsonObject("t30").getInteger("dcs") >= 1, "the terminal's own T.30 trace: " + sent);
      assertEquals("+1 555 0100", rx.result().getString("remote_ident"),
          "faxpeer saw our TSI: " + rx.result());
      Faxpeer.Run sameOut = Faxpeer.run(dir, "compare", document.toString(), fromFaxgate.toString());
      assertEquals(0, sameOut.exit(), "sent pages identical: " + sameOut.result());
      Faxpeer.Run sameIn = Faxpeer.run(dir, "compare", document.toString(), spool.resolve("in/received.tif").toString());
      assertEquals(0, sameIn.exit(), "received pages identical: " + sameIn.result());
      System.out.println("TerminalSessionIT: sent " + sent.getInteger("rate") + " ecm " + sent.getBoolean("ecm")
          + "; received " + got.getInteger("rate") + " ecm " + got.getBoolean("ecm"));
    }
  }

  /**
   * Polling through the API, Faxgate to Faxgate over T.38 on loopback (faxpeer cannot poll): a
   * send with "pollable":true answers and waits; a "poll" session calls it, answers its DIS with
   * DTC and receives its document into the spool directory, pages identical. Each names the other
   * (CIG, TSI). A pollable receive is refused 400.
   */
  @Test
  void aPollReceivesTheDocumentAPollableSendHas() throws Exception {
    Path spool = dir.resolve("spool");
    Files.createDirectories(spool.resolve("in"));
    Path document = dev.faxgate.faxfile.TestDocument.write(spool.resolve("polled.tif"),
        List.of(dev.faxgate.faxfile.TestDocument.Shape.FINE, dev.faxgate.faxfile.TestDocument.Shape.FINE));
    try (TestNode node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "46500")
        .with(ConfigKey.MEDIA_PORT_MAX, "46599").with(ConfigKey.TERMINAL_SPOOL_DIR, spool.toString()))) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> nonsense = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/sessions"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"mode\":\"terminal\",\"direction\":\"receive\",\"pollable\":true,\"legs\":{\"a\":{\"udptl\":\"127.0.0.1:9\"}}}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(400, nonsense.statusCode(), nonsense.body());
      assertTrue(nonsense.body().contains("'pollable' belongs to a terminal session that sends"), nonsense.body());
      FaxOptClient client = new FaxOptClient(node.node.vertx());
      BlockingQueue<JsonObject> ended = new LinkedBlockingQueue<>();
      String pollableAt = "127.0.0.1:46510";
      String pollerAt = "127.0.0.1:46512";
      SessionInfo pollable = create(node, client, new SessionOptions()
          .setTerminal(new TerminalJob(TerminalJob.Direction.SEND, List.of("polled.tif"), true))
          .setLeg("a", new LegOptions().setLocal(pollableAt).setUdptl(pollerAt)).putFaxopt("localstationid", "+1 555 0100"),
          ended);
      SessionInfo poller = create(node, client, new SessionOptions()
          .setTerminal(new TerminalJob(TerminalJob.Direction.POLL, List.of("in/polled-here.tif")))
          .setLeg("a", new LegOptions().setLocal(pollerAt).setUdptl(pollableAt)).putFaxopt("localstationid", "+1 555 0199"),
          ended);
      JsonObject first = result(ended, pollable.sessionId(), poller.sessionId());
      JsonObject second = result(ended, pollable.sessionId(), poller.sessionId());
      JsonObject sent = first.getString("sessionId").equals(pollable.sessionId()) ? first : second;
      JsonObject got = sent == first ? second : first;
      assertEquals("SUCCESS", sent.getString("status"), sent.encode());
      assertEquals("SUCCESS", got.getString("status"), got.encode());
      assertEquals(2, sent.getInteger("pages"), sent.encode());
      assertEquals(2, got.getInteger("pages"), got.encode());
      assertEquals("+1 555 0199", sent.getString("remotestationid"), "the poller's CIG: " + sent.encode());
      assertEquals("+1 555 0100", got.getString("remotestationid"), "the polled station's TSI: " + got.encode());
      assertEquals(1, got.getJsonObject("t30").getInteger("dtc"), "the poller's DTC: " + got.getJsonObject("t30"));
      assertEquals(1, sent.getJsonObject("t30").getInteger("dcs"), "the polled station's DCS: " + sent.getJsonObject("t30"));
      dev.faxgate.faxfile.FaxDocument original = dev.faxgate.faxfile.FaxDocument.open(document);
      dev.faxgate.faxfile.FaxDocument received = dev.faxgate.faxfile.FaxDocument.open(spool.resolve("in/polled-here.tif"));
      assertEquals(2, received.pageCount());
      for (int p = 0; p < 2; p++) {
        assertTrue(java.util.Arrays.equals(original.page(p).data(), received.page(p).data()), "page " + (p + 1));
      }
    }
  }

  @Test
  void filesThatDoNotHoldAreRefusedAtCreate() throws Exception {
    Path spool = dir.resolve("spool");
    Files.createDirectories(spool);
    BufferedImage photo = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    photo.setRGB(3, 3, 0xff0000);
    ImageIO.write(photo, "jpeg", spool.resolve("photo.tif").toFile());
    Files.writeString(dir.resolve("outside.tif"), "not in the spool");
    try (TestNode node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.TERMINAL_SPOOL_DIR, spool.toString()))) {
      HttpClient http = HttpClient.newHttpClient();
      for (String[] c : new String[][] {{"../outside.tif", "spool"}, {"missing.tif", "does not exist"},
          {"photo.tif", "not a TIFF"}}) {
        String body = "{\"mode\":\"terminal\",\"direction\":\"send\",\"files\":[\"" + c[0] + "\"],"
            + "\"legs\":{\"a\":{\"udptl\":\"127.0.0.1:9\"}}}";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/sessions"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), c[0] + ": " + r.body());
        assertTrue(new JsonObject(r.body()).getString("message").contains(c[1]), c[0] + ": " + r.body());
      }
      HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/sessions")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(0, new JsonObject(list.body()).getJsonArray("sessions").size(), "no session was made: " + list.body());
      assertEquals(0, node.node.media().portsInUse(), "and no port kept");
    }
  }

  private static SessionInfo create(TestNode node, FaxOptClient client, SessionOptions options,
      BlockingQueue<JsonObject> ended) throws Exception {
    SessionInfo session = client.create(options).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    node.node.vertx().eventBus().<JsonObject>consumer(BusAddresses.sessionEvents(session.sessionId()), m -> {
      if ("ended".equals(m.body().getString("type"))) {
        ended.add(m.body().getJsonObject("result"));
      }
    }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return session;
  }

  private static JsonObject result(BlockingQueue<JsonObject> ended, String... ids) throws InterruptedException {
    JsonObject r = ended.poll(60, TimeUnit.SECONDS);
    assertNotNull(r, "a completion event for one of " + List.of(ids));
    return r;
  }
}
