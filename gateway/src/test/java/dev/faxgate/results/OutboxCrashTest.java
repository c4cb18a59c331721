// Exercises Outbox durability across real process deaths: a child JVM (OutboxCrashChild) appends and
// acknowledges with fsync, printing each id only once the call returned, then dies by Runtime.halt, or is
// killed (SIGKILL via destroyForcibly) in the middle of its work. The parent reopens the directory and checks
// that every reported append that was not reported acknowledged is pending with its payload, that reported
// acknowledgements stuck, that nothing is reported corrupt, that the directory was locked while the child
// lived, and that appending works afterwards.
package dev.faxgate.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxCrashTest {

  @TempDir
  Path tmp;

  /** What the child reported before it died. */
  private static final class Report {
    final Map<Long, Long> appended = new HashMap<>(); // id -> seq
    final Set<Long> acked = new HashSet<>();
    boolean done;
  }

  private Process start(Path dir, int count, String mode) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        OutboxCrashChild.class.getName(), dir.toString(), Integer.toString(count), mode);
    pb.redirectError(tmp.resolve("child-stderr.txt").toFile());
    return pb.start();
  }

  /** Reads report lines; stops after {@code stopAfterAppends} appends (0: read to the end). */
  private static void read(BufferedReader in, Report r, int stopAfterAppends) throws IOException {
    for (String line; (line = in.readLine()) != null;) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "opened":
          break;
        case "appended":
          r.appended.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
          if (stopAfterAppends > 0 && r.appended.size() >= stopAfterAppends) {
            return;
          }
          break;
        case "acked":
          r.acked.add(Long.parseLong(f[1]));
          break;
        case "done":
          r.done = true;
          break;
        default:
          throw new AssertionError("unexpected child output: " + line);
      }
    }
  }

  private String stderr() throws IOException {
    Path f = tmp.resolve("child-stderr.txt");
    return Files.exists(f) ? Files.readString(f) : "";
  }

  /** Reopens the outbox and checks it against the report; returns what was pending. */
  private List<Outbox.Pending> verify(Path dir, Report r, boolean tornTailAllowed) throws Exception {
    try (Outbox o = Outbox.open(dir, OutboxCrashChild.OPTIONS)) {
      Outbox.Recovery rec = o.recovery();
      if (tornTailAllowed) {
        assertTrue(rec.damage().stream().allMatch(d -> d.kind() == Outbox.DamageKind.TORN_TAIL
            || d.kind() == Outbox.DamageKind.ACK_TORN_TAIL), rec.toString());
      } else {
        assertTrue(rec.isClean(), rec.toString());
      }
      List<Outbox.Pending> pending = o.pending(Integer.MAX_VALUE);
      Map<Long, byte[]> byId = new HashMap<>();
      long previous = 0;
      for (Outbox.Pending p : pending) {
        assertTrue(p.id() > previous, "pending in id order");
        previous = p.id();
        byId.put(p.id(), p.payload());
      }
      // the child may have died between acknowledging a record and reporting it: the one it acknowledges after
      // its last reported append may or may not be pending
      long lastSeq = r.appended.values().stream().mapToLong(Long::longValue).max().orElse(0);
      Long inDoubt = r.appended.entrySet().stream().filter(e -> e.getValue() == lastSeq - 3)
          .filter(e -> OutboxCrashChild.acknowledges(e.getValue())).map(Map.Entry::getKey).findFirst().orElse(null);
      for (Map.Entry<Long, Long> e : r.appended.entrySet()) {
        long id = e.getKey();
        if (Long.valueOf(id).equals(inDoubt) && !r.acked.contains(id) && !byId.containsKey(id)) {
          continue; // acknowledged durably, not reported
        }
        if (r.acked.contains(id)) {
          assertFalse(byId.containsKey(id), "record " + id + " was acknowledged durably but is pending again");
        } else {
          assertNotNull(byId.get(id), "record " + id + " was appended durably but is not pending");
          assertArrayEquals(OutboxCrashChild.payload(e.getValue()), byId.get(id), "payload of record " + id);
        }
      }
      for (long id : byId.keySet()) {
        // anything else pending was appended after the last report, so its id is larger than every reported one
        if (!r.appended.containsKey(id)) {
          assertTrue(r.appended.keySet().stream().allMatch(reported -> reported < id), "stray pending record " + id);
        }
      }
      assertEquals(pending.size(), o.backlogEvents());

      long next = o.append(OutboxCrashChild.payload(999_999));
      assertTrue(r.appended.keySet().stream().allMatch(reported -> reported < next), "ids keep increasing");
      return pending;
    }
  }

  @Test
  void everythingReportedSurvivesRuntimeHalt() throws Exception {
    Path dir = tmp.resolve("outbox");
    int count = 300;
    Process child = start(dir, count, "halt");
    Report r = new Report();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      read(in, r, 0);
    } finally {
      if (!child.waitFor(120, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    assertEquals(3, child.exitValue(), "the child halts itself; stderr: " + stderr());
    assertTrue(r.done, stderr());
    assertEquals(count, r.appended.size());

    List<Outbox.Pending> pending = verify(dir, r, false);
    // every 40th event plus the last three were never acknowledged
    assertEquals(count / 40 + 3, pending.size());
    try (Outbox o = Outbox.open(dir, OutboxCrashChild.OPTIONS)) {
      assertTrue(o.recovery().isClean(), o.recovery().toString());
      assertEquals(count / 40 + 4, o.backlogEvents());
    }
  }

  @Test
  void everythingReportedSurvivesAKillInTheMiddle() throws Exception {
    Path dir = tmp.resolve("outbox");
    Process child = start(dir, 1_000_000, "wait");
    Report r = new Report();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      read(in, r, 150);
      assertTrue(child.isAlive(), stderr());
      IOException locked = assertThrows(IOException.class, () -> Outbox.open(dir, OutboxCrashChild.OPTIONS));
      assertTrue(locked.getMessage().contains("already open"), locked.getMessage());
      // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipe
      assertTrue(child.toHandle().destroyForcibly());
      read(in, r, 0); // reports already in the pipe were made before the kill
    } finally {
      if (!child.waitFor(120, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    assertFalse(r.done, "killed in the middle of its work");
    assertTrue(r.appended.size() >= 150);

    verify(dir, r, true);
    try (Outbox o = Outbox.open(dir, OutboxCrashChild.OPTIONS)) {
      assertTrue(o.recovery().isClean(), o.recovery().toString());
    }
  }
}
