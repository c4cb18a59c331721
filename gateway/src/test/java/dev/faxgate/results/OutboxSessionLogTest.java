package dev.faxgate.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptions;
import dev.faxgate.faxopt.LegOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox's log of running sessions on a real directory: what it holds after a stop without
 * ends (a crash: the files are simply reopened), merged progress, a torn last record, compaction,
 * and the NODE_FAILED event built from what it knew.
 */
class OutboxSessionLogTest {
  @TempDir
  Path dir;

  private static JsonObject start(String mode) {
    return new JsonObject().put("node", "n1").put("mode", mode).put("startTime", "2026-01-02T03:04:05Z")
        .put("legs", new JsonObject()
            .put("a", new LegOptions().setUdptl("127.0.0.1:4000").toJson().put("local", "127.0.0.1:5000"))
            .put("b", new LegOptions().setUdptl("127.0.0.1:4002").toJson()))
        .put("faxopt", new FaxOptions().toJson());
  }

  @Test
  void sessionsStartedAndNotEndedAreFoundOnTheNextOpenWithTheirLastProgress() throws IOException {
    try (OutboxSessionLog log = OutboxSessionLog.open(dir, true)) {
      assertEquals(List.of(), log.unfinished());
      log.started("s1", start("t38-relay"));
      log.started("s2", start("gateway"));
      log.started("s3", start("gateway"));
      log.progressed("s1", new JsonObject().put("pages", 0).put("rate", 9600).put("remotestationid", null));
      log.progressed("s1", new JsonObject().put("pages", 1).put("rate", 14400).put("remotestationid", "+1 555"));
      log.ended("s2");
      log.progressed("s2", new JsonObject().put("pages", 7)); // after its end: ignored
      assertEquals(2, log.running());
    } // closed without ending s1 and s3: what a killed node leaves (a close only forces the file)
    try (OutboxSessionLog log = OutboxSessionLog.open(dir, true)) {
      List<OutboxSessionLog.Unfinished> left = log.unfinished();
      assertEquals(List.of("s1", "s3"), left.stream().map(OutboxSessionLog.Unfinished::sessionId).toList());
      JsonObject s1 = left.get(0).state();
      assertEquals(1, s1.getInteger("pages"));
      assertEquals(14400, s1.getInteger("rate"));
      assertEquals("+1 555", s1.getString("remotestationid"));
      assertEquals("t38-relay", left.get(0).mode());
      log.ended("s1");
      log.ended("s3");
    }
    try (OutboxSessionLog log = OutboxSessionLog.open(dir, true)) {
      assertEquals(List.of(), log.unfinished(), "ended sessions are not found again");
    }
  }

  @Test
  void aTornLastRecordIsCutAwayAndReported() throws IOException {
    try (OutboxSessionLog log = OutboxSessionLog.open(dir, true)) {
      log.started("s1", start("gateway"));
      log.started("s2", start("gateway"));
    }
    Path file = dir.resolve(OutboxSessionLog.FILE);
    byte[] whole = Files.readAllBytes(file);
    // a third record cut short by a crash mid-write: the first 30 bytes of a copy of the last one
    Files.write(file, Arrays.copyOfRange(whole, whole.length / 2, whole.length / 2 + 30), StandardOpenOption.APPEND);
    try (OutboxSessionLog log = OutboxSessionLog.open(dir, true)) {
      assertEquals(List.of("s1", "s2"), log.unfinished().stream().map(OutboxSessionLog.Unfinished::sessionId).toList());
      assertEquals(1, log.damage().size(), log.damage().toString());
      assertEquals(Outbox.DamageKind.TORN_TAIL, log.damage().get(0).kind());
    }
  }

  @Test
  void theFileIsCompactedToTheRunningSessions() throws IOException {
    try (OutboxSessionLog log = OutboxSessionLog.open(dir, false)) {
      log.started("long", start("gateway"));
      Path file = dir.resolve(OutboxSessionLog.FILE);
      long largest = 0;
      for (int n = 0; n < 100_000 && Files.size(file) >= largest; n++) { // until a rewrite shrinks it
        largest = Files.size(file);
        log.started("short-" + n, start("gateway"));
        log.ended("short-" + n);
      }
      assertTrue(largest > OutboxSessionLog.COMPACT_MIN_BYTES - 4096, "grew to " + largest + " bytes before the rewrite");
      assertTrue(Files.size(file) < 4096, "rewritten to the one running session: " + Files.size(file) + " bytes");
      assertEquals(1, log.running());
    }
    try (OutboxSessionLog log = OutboxSessionLog.open(dir, false)) {
      assertEquals(List.of("long"), log.unfinished().stream().map(OutboxSessionLog.Unfinished::sessionId).toList());
    }
  }

  @Test
  void aClosedLogRefusesWrites() throws IOException {
    OutboxSessionLog log = OutboxSessionLog.open(dir, false);
    log.close();
    assertThrows(IOException.class, () -> log.started("s", start("gateway")));
  }

  @Test
  void theNodeFailedEventCarriesWhatWasKnownAndIsValid() throws IOException {
    try (OutboxSessionLog log = OutboxSessionLog.open(dir, false)) {
      log.started("s1", start("t38-relay"));
      log.progressed("s1", new JsonObject().put("pages", 2).put("rate", 14400).put("remotestationid", "faxpeer receiver")
          .put("mode", "t38-relay"));
    }
    OutboxSessionLog.Unfinished u;
    try (OutboxSessionLog log = OutboxSessionLog.open(dir, false)) {
      u = log.unfinished().get(0);
    }
    Instant found = Instant.parse("2026-01-02T03:05:05Z");
    CompletionEvent event = NodeFailedEvent.of(u, found);
    JsonObject e = event.toJson();
    assertEquals("s1", e.getString("sessionId"));
    assertEquals("FAILED", e.getString("status"));
    assertEquals("NODE_FAILED", e.getString("error"));
    assertEquals("t38-relay", e.getString("mode"));
    assertEquals("n1", e.getString("node"));
    assertEquals(2, e.getInteger("pages"));
    assertEquals(14400, e.getInteger("rate"));
    assertEquals("faxpeer receiver", e.getString("remotestationid"));
    assertEquals(60_000L, e.getLong("durationMs"));
    assertEquals("redundancy", e.getString("errorRecovery"));
    assertTrue(e.getJsonObject("legs").getJsonObject("a").containsKey("packets"));
    OutputUnit valid = KafkaResultsIT.schema().validate(e);
    assertTrue(valid.getValid(), valid.toString());
  }
}
