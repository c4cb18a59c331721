package dev.faxgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxStatus;
import dev.faxgate.node.TestNode;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import picocli.CommandLine;

/**
 * {@code faxgate load} against a node over real sockets: 20 gateway sessions (both directions), 20
 * t38-relay sessions and 10 audio-relay sessions, each replaying a recorded 3-page V.17 ECM fax in
 * real time (about 55 s). Asserts behaviour, never speed: every fax succeeded (the relays score it
 * by watching T.30, in the IFPs or in the audio), every session produced exactly one completion
 * event with its mode, and the JSON line has every field.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LoadCommandIT {
  private static final List<String> FIELDS = List.of("sessions_attempted", "sessions_succeeded", "sessions_failed",
      "failures", "max_concurrent", "wall_seconds", "channel_seconds", "generator_cpu_seconds", "node_cpu_seconds",
      "node_cpu_ms_per_channel_second", "generator_cpu_per_node_cpu", "eventloop_lag_ms", "media_tick_lateness_ms",
      "datagrams_sent", "datagrams_received", "datagrams_dropped_by_impairment", "late_sends", "send_lateness_ms_max",
      "generator_gc", "node_datagrams_in",
      "node_datagrams_out", "datagrams_lost_to_node", "datagrams_lost_from_node", "node_strangers", "node_ticks_overrun",
      "node_ticks_skipped", "node_rss_mb", "node_heap_after_gc_mb", "node_open_files", "node_threads", "node", "sessions",
      "cps", "duration_seconds", "mix", "loss", "jitter_ms");

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void gatewayT38RelayAndAudioRelayFaxesAllSucceedWithOneEventEach() throws Exception {
    try (TestNode node = TestNode.start()) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int rc = new CommandLine(new LoadCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
          .execute("--node", node.baseUrl(), "--sessions", "50", "--cps", "10",
              "--mix", "audio-to-t38-v17,t38-relay-v17,t38-to-audio-v17,t38-relay-v17,audio-relay-v17", "--read-replies",
              "--node-pid", Long.toString(ProcessHandle.current().pid()));
      String[] lines = out.toString().trim().split("\n");
      JsonObject result = new JsonObject(lines[lines.length - 1]);
      assertEquals(0, rc, "exit code; stderr: " + err + "; result: " + result.encode());
      for (String field : FIELDS) {
        assertTrue(result.containsKey(field), "the JSON line lacks " + field + ": " + result.encode());
      }
      assertEquals(50, result.getInteger("sessions_attempted"), result.encode());
      assertEquals(50, result.getInteger("sessions_succeeded"), result.encode());
      assertEquals(50, result.getInteger("max_concurrent"), result.encode());
      assertTrue(result.getLong("datagrams_received") > 0, result.encode());
      assertEquals(0, result.getLong("datagrams_lost_to_node"), "every datagram sent reached the node: " + result.encode());
      assertEquals(0, result.getLong("datagrams_lost_from_node"), "every datagram the node sent arrived: " + result.encode());
      assertEquals(0, result.getLong("node_strangers"), "every datagram came from its leg's far end: " + result.encode());
      for (String histogram : List.of("eventloop_lag_ms", "media_tick_lateness_ms")) {
        JsonObject p = result.getJsonObject(histogram);
        assertTrue(p.getDouble("p50") <= p.getDouble("p99") && p.getDouble("p99") <= p.getDouble("p99.9"),
            histogram + " percentiles out of order: " + result.encode());
      }
      assertTrue(result.getJsonObject("node_rss_mb").getDouble("end") > 0, result.encode());
      Set<String> ids = new HashSet<>();
      Map<String, Integer> modes = new TreeMap<>();
      for (CompletionEvent event : node.results) {
        assertTrue(ids.add(event.sessionId()), "two completion events for " + event.sessionId());
        modes.merge(event.toJson().getString("mode"), 1, Integer::sum);
        assertEquals(FaxStatus.SUCCESS, event.status(), event.toJson().encode());
        assertEquals(3, event.pages(), event.toJson().encode());
      }
      assertEquals(50, ids.size(), "one completion event per session");
      assertEquals(Map.of("gateway", 20, "t38-relay", 20, "audio-relay", 10), modes, "sessions by mode");
    }
  }

  /** {@code --spawn}: the command starts its own node in a new JVM, drives it, and stops it. */
  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void spawnStartsAMeasuresAndStopsItsOwnNode() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = new CommandLine(new LoadCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("--spawn", "--sessions", "2", "--cps", "10");
    String[] lines = out.toString().trim().split("\n");
    JsonObject result = new JsonObject(lines[lines.length - 1]);
    assertEquals(0, rc, "exit code; stderr: " + err + "; result: " + result.encode());
    assertEquals(2, result.getInteger("sessions_succeeded"), result.encode());
    assertTrue(result.getDouble("node_cpu_seconds") > 0, "the spawned node's CPU was measured: " + result.encode());
    java.util.regex.Matcher pid = java.util.regex.Pattern.compile("pid (\\d+) ready").matcher(err.toString());
    assertTrue(pid.find(), err.toString());
    assertTrue(ProcessHandle.of(Long.parseLong(pid.group(1))).map(p -> !p.isAlive()).orElse(true),
        "the spawned node is stopped after the run");
  }
}
