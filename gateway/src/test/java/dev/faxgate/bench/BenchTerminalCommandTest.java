package dev.faxgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.modem.FastModem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * {@code faxgate bench-terminal} for one call on one channel, no warm-up: the fax through the
 * whole chain (T.38 sender, Faxgate's gateway, Faxgate's receiving audio terminal) ends OK with 3
 * pages at 14400 with ECM, and the JSON line has the figures. With FAXPEER set, faxpeer's run
 * beside it has its figure and the ratio; without, that half is skipped (and this says so).
 * Figures are only checked to be figures: benchmarks report, they do not assert timings.
 */
class BenchTerminalCommandTest {
  @Test
  void oneCallOnOneChannelReceivesThreePagesAndPrintsTheFigures() {
    boolean faxpeer = ReferencePeer.find(null) != null;
    if (!faxpeer) {
      System.err.println("BenchTerminalCommandTest: FAXPEER is not set: the faxpeer half is skipped, Faxgate's only");
    }
    CommandJsonLine run = CommandJsonLine.run("bench-terminal", "--runs", "1", "--warmup-seconds", "0");
    int exit = run.exit();
    JsonObject j = run.json();
    assertEquals(0, exit, j.encode());
    assertEquals("OK", j.getString("status"), j.encode());
    assertEquals("bench-terminal", j.getString("role"));
    assertEquals(1, j.getInteger("calls_per_run"), j.encode());
    assertEquals(3, j.getInteger("pages"), j.encode());
    assertEquals(14400, j.getInteger("rate"), j.encode());
    assertEquals(true, j.getBoolean("ecm_used"), j.encode());
    // a 3-page fax with its call set-up and DCN takes tens of simulated seconds, not a few ticks
    assertTrue(j.getDouble("sim_seconds_per_run") > 20, j.encode());
    assertTrue(j.getDouble("audio_terminal_cpu_seconds_per_sim_second_per_channel") > 0, j.encode());
    assertEquals(100.0, j.getDouble("timed_calls_per_sim_second"), 5.0, "about a receive and a tick per 20 ms: " + j.encode());
    assertTrue(j.getDouble("file_cpu_ms_per_call") > 0, j.encode());
    assertTrue(j.getDouble("audio_terminal_with_file_cpu_ms_per_sim_second_per_channel")
        > j.getDouble("audio_terminal_with_pages_cpu_ms_per_sim_second_per_channel"), j.encode());
    // the kept pages are compressed on the page thread, and that CPU is counted there
    assertTrue(j.getDouble("page_compression_cpu_ms_per_call") > 0, j.encode());
    assertTrue(j.getDouble("audio_terminal_with_pages_cpu_seconds_per_sim_second_per_channel")
        > j.getDouble("audio_terminal_cpu_seconds_per_sim_second_per_channel"), j.encode());
    if (faxpeer) {
      assertTrue(j.getDouble("spandsp_audio_terminal_cpu_seconds_per_sim_second_per_channel") > 0, j.encode());
      assertTrue(j.getDouble("ratio") > 0, j.encode());
      assertTrue(j.getDouble("ratio_less_timer") > 0, j.encode());
      assertTrue(j.getDouble("ratio_with_pages") > j.getDouble("ratio"), j.encode());
      assertTrue(j.getDouble("ratio_with_file") > j.getDouble("ratio_with_pages"), j.encode());
    } else {
      assertNull(j.getValue("spandsp_audio_terminal_cpu_seconds_per_sim_second_per_channel"), j.encode());
      assertNull(j.getValue("ratio"), j.encode());
    }
  }

  @Test
  void aCallThatIsNotOverIsNoFigure() {
    // 10 simulated seconds are not enough for 3 pages: the run fails, naming why, instead of timing half a fax
    TerminalBench.Settings s = new TerminalBench.Settings(FastModem.V17, true, 1, 0, 1, 0, 10);
    TerminalBench.FaxFailed e = assertThrows(TerminalBench.FaxFailed.class, () -> TerminalBench.run(s, run -> { }));
    assertTrue(e.getMessage().contains("not over after 10 simulated seconds"), e.getMessage());
    assertTrue(e.getMessage().contains("rx: "), "the receiver's T.30 steps are in the message: " + e.getMessage());
  }

  @Test
  void aSpandspRunWithFewerPagesOrAnotherRateIsNoFigure() {
    TerminalBench.Settings s = new TerminalBench.Settings(FastModem.V17, true, 1, 0, 1, 0, 300);
    JsonObject good = new JsonObject().put("status", "OK").put("channels", 1)
        .put("audio_terminal_cpu_seconds_per_sim_second_per_channel", 6.7e-4)
        .put("chains", new JsonArray().add(new JsonObject().put("pages", 3).put("bit_rate", 14400).put("ecm", true)));
    assertNull(BenchTerminalCommand.spandspFailure(good, s));
    JsonObject twoPages = good.copy();
    twoPages.getJsonArray("chains").getJsonObject(0).put("pages", 2);
    assertNotNull(BenchTerminalCommand.spandspFailure(twoPages, s));
    JsonObject slower = good.copy();
    slower.getJsonArray("chains").getJsonObject(0).put("bit_rate", 9600);
    assertNotNull(BenchTerminalCommand.spandspFailure(slower, s));
    assertNotNull(BenchTerminalCommand.spandspFailure(good.copy().put("status", "FAILED"), s));
    assertNotNull(BenchTerminalCommand.spandspFailure(null, s));
  }
}
