package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.node.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the relay interop tests (t38-relay, audio-relay) check alike: a relay ends the session by
 * itself and reports the fax as faxpeer's terminals did; and the "receiver killed mid-page"
 * scenario: wait for the DCS (FAXOPT rate reads 14400), then 5 s more (TCF and CFR take ~2 s, page
 * 1's image ~8 s: the recordings' timeline), check the live results, kill the receiver; the session
 * must end FAILED in phase C or D with no page and the rate it had seen.
 */
final class RelayFax {
  private RelayFax() {}

  /** The completion event of session {@code id}, waiting up to {@code seconds} for it: nobody ends the session but itself. */
  static CompletionEvent completionOf(TestNode node, String id, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (CompletionEvent e : node.results) {
        if (e.sessionId().equals(id)) {
          return e;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("session " + id + " did not end by itself within " + seconds + " s of the fax's end");
  }

  /** The relay ({@code mode}) reports the fax as faxpeer's terminals did: SUCCESS, their pages, rate, ECM and the receiver's identity. */
  static void assertReportedAsTheTerminals(String mode, CompletionEvent event, Faxpeer.Run sender, Faxpeer.Run receiver,
      int pages, String context) {
    JsonObject e = event.toJson();
    String line = context + "\nevent: " + e.encode();
    assertEquals(mode, e.getString("mode"), line);
    assertEquals("SUCCESS", e.getString("status"), line);
    assertEquals("NO_ERROR", e.getString("error"), line);
    assertEquals(pages, e.getInteger("pages"), line);
    assertEquals(receiver.result().getInteger("pages"), e.getInteger("pages"), line);
    assertEquals(sender.result().getInteger("bit_rate"), e.getInteger("rate"), line);
    assertEquals(sender.result().getBoolean("ecm"), e.getBoolean("ecm"), line);
    assertEquals(sender.result().getString("remote_ident"), e.getString("remotestationid"), line);
    assertEquals("204x98", e.getString("resolution"), line);
    assertEquals(null, e.getString("failingPhase"), line);
    for (String leg : List.of("a", "b")) {
      long frames = e.getJsonObject("legs").getJsonObject(leg).getJsonObject("packets").getLong("t30Frames");
      assertTrue(frames >= 4, leg + " carried T.30 frames: " + line);
    }
  }

  /** Kills {@code receiver} in the middle of page 1 of session {@code id}; returns the sender's run once it gave up. */
  static Faxpeer.Run killReceiverMidPage(FaxOptClient client, String id, Faxpeer.Running receiver,
      CompletableFuture<Faxpeer.Run> sender) throws Exception {
    long dcsDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (!"14400".equals(client.get(id, "rate").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))) {
      assertTrue(System.nanoTime() < dcsDeadline, "no DCS at 14400 passed the relay within 40 s");
      Thread.sleep(200);
    }
    Thread.sleep(5_000);
    assertEquals("faxpeer receiver",
        client.get(id, "remotestationid").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertEquals("", client.get(id, "status").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
    receiver.kill();
    Faxpeer.Run sent = sender.get(200, TimeUnit.SECONDS);
    assertTrue(!"OK".equals(sent.result().getString("status")), "the sender cannot have succeeded: " + sent.result());
    return sent;
  }

  /** The completion event {@code e} of such a session: FAILED naming phase C or D, no page, rate 14400. */
  static void assertFailedMidPage(String test, JsonObject e, Faxpeer.Run sent) {
    System.out.println(test + ": receiver killed mid-page -> " + e.getString("status") + " " + e.getString("error")
        + " phase " + e.getString("failingPhase") + ": " + e.getString("statusstr")
        + " (sender: " + sent.result().getString("t30_text") + ")");
    assertEquals("FAILED", e.getString("status"), e.encode());
    assertTrue(List.of("C", "D").contains(e.getString("failingPhase")), e.encode());
    assertTrue(e.getString("statusstr").contains("phase " + e.getString("failingPhase")), e.encode());
    assertEquals(0, e.getInteger("pages"), e.encode());
    assertEquals(14400, e.getInteger("rate"), e.encode());
  }
}
