package dev.faxgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.cli.FaxgateCommand;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code faxgate bench-media} in a tiny configuration: one JSON line per item, of the promised
 * shape, on stdout. Figures are only checked to be figures: benchmarks report, they do not
 * assert timings.
 */
class BenchMediaCommandTest {
  private static final List<String> COMMON = List.of("item", "packets", "ns_per_packet", "bytes_allocated_per_packet",
      "jvm", "cores", "sessions");

  private record Run(int exit, List<JsonObject> lines, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new FaxgateCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "bench-media";
    System.arraycopy(args, 0, all, 1, args.length);
    int exit = cli.execute(all);
    List<JsonObject> lines = out.toString().lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
    return new Run(exit, lines, err.toString());
  }

  private static void assertShape(JsonObject line, String item) {
    for (String field : COMMON) {
      assertTrue(line.containsKey(field), item + " lacks " + field + ": " + line);
    }
    assertEquals(item, line.getString("item"));
    assertEquals(System.getProperty("java.version"), line.getString("jvm"));
    assertEquals(Runtime.getRuntime().availableProcessors(), line.getInteger("cores"));
    assertTrue(line.getLong("packets") > 0, line.encode());
    assertTrue(line.getDouble("ns_per_packet") >= 0, line.encode());
    assertTrue(line.getDouble("bytes_allocated_per_packet") >= 0, line.encode());
  }

  @Test
  void processorItemsPrintOneLineEach() {
    Run r = run("--mode", "processor", "--packets", "3000", "--sessions", "3", "--warmup-seconds", "0",
        "--warmup-packets", "2000");
    assertEquals(0, r.exit(), r.err());
    assertEquals(3, r.lines().size(), r.lines().toString());
    assertShape(r.lines().get(0), "rtp-processor");
    assertShape(r.lines().get(1), "rtp-processor-watch");
    assertShape(r.lines().get(2), "udptl-processor");
    // the watch's cost, measured with and without it in the same run
    JsonObject watch = r.lines().get(1);
    for (String field : List.of("unwatched_cpu_ns_per_packet", "watch_cpu_ns_per_packet", "watched_over_unwatched",
        "watch_percent_of_core_per_session")) {
      assertTrue(watch.getValue(field) instanceof Number, field + ": " + watch.encode());
    }
    for (JsonObject line : r.lines()) {
      assertEquals(3000L, line.getLong("packets"));
      assertEquals(3, line.getInteger("sessions"));
      assertTrue(line.getLong("datagrams_out") > 0, "the processors sent nothing: " + line.encode());
    }
  }

  @Test
  void socketItemsRelayThroughAnInProcessNode() {
    Run r = run("--mode", "sockets", "--packets", "60", "--sessions", "2", "--socket-warmup-seconds", "0.2",
        "--attribution-seconds", "0.3", "--port-min", "46000");
    assertEquals(0, r.exit(), r.err());
    assertEquals(2, r.lines().size(), r.lines().toString());
    assertShape(r.lines().get(0), "rtp-sockets");
    assertShape(r.lines().get(1), "udptl-sockets");
    for (JsonObject line : r.lines()) {
      assertTrue(line.getLong("packets_sent") >= 60, line.encode());
      assertTrue(line.getLong("packets_received") > 0, "nothing came through the node: " + line.encode());
      assertTrue(line.getDouble("process_cpu_ns_per_packet") >= 0, line.encode());
      assertTrue(line.containsKey("note"), line.encode());
      JsonObject sampled = line.getJsonObject("allocation_sampled");
      assertTrue(sampled != null && sampled.containsKey("samples") && sampled.containsKey("top_sites"), line.encode());
      assertEquals(0L, line.getJsonObject("gateway_counts_whole_run").getLong("a_malformed"), line.encode());
    }
  }

  @Test
  void badModeIsAUsageError() {
    Run r = run("--mode", "everything");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--mode"), r.err());
  }

  @Test
  void theAllocationProbeSeesAllocation() {
    PacketWorkload allocating = new PacketWorkload() {
      Object last;
      long count;

      @Override
      public void run(int packets) {
        for (int i = 0; i < packets; i++) {
          last = new byte[64 + (i & 1)];
          count++;
        }
      }

      @Override
      public int sessions() {
        return 1;
      }

      @Override
      public long datagramsOut() {
        return count;
      }

      @Override
      public long checksum() {
        return last.hashCode();
      }
    };
    BenchLine line = new ProcessorBench().measure("probe", new ProcessorBench.Settings(1000, 1, 0, 0), n -> allocating,
        "a workload that allocates a 64-octet array per packet");
    assertTrue((Double) line.get("bytes_allocated_per_packet") >= 64, line.toJson());
  }
}
