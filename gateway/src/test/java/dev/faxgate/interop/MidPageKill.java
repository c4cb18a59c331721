package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.faxopt.FaxOptClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The relays' "receiver killed mid-page" scenario, shared by the relay interop tests: wait for the
 * DCS (FAXOPT rate reads 14400), then 5 s more (TCF and CFR take ~2 s, page 1's image ~8 s: the
 * recordings' timeline), check the live results, kill the receiver; the session must end FAILED in
 * phase C or D with no page and the rate it had seen.
 */
final class MidPageKill {
  private MidPageKill() {}

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
