package dev.faxgate.bench;

import dev.faxgate.tools.ModemCommand;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faxgate bench-modem [MODEM RATE] [--seconds S] [--runs N]}: CPU µs per audio second of each
 * fast modem's receiver and transmitter (thread CPU time over 160-sample blocks, median of N runs
 * after 2 s of untimed JIT warm-up runs) and bytes allocated per block (the most of any run); with
 * {@code FAXPEER} set, spandsp's figures from {@code faxpeer bench-modem --runs 1} run after each of
 * ours (median of those N) and the median of the N paired ratios, Faxgate / spandsp, both sides
 * pinned to one CPU ({@link SameCpu}). One JSON line per modem and rate; without MODEM RATE every
 * fast modem and rate.
 */
@Command(name = "bench-modem", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"CPU per audio second of the fast modems (receiver and transmitter), beside spandsp's "
        + "(faxpeer bench-modem, when FAXPEER is set). One JSON line per modem/rate.",
        "MODEM RATE: v27ter 2400|4800 | v29 7200|9600 | v17 7200|9600|12000|14400; omit both for all."})
public final class BenchModemCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEM", description = "v27ter, v29 or v17 (default: all).")
  String modem;
  @Parameters(index = "1", arity = "0..1", paramLabel = "RATE", description = "Bit rate (default: all of the modem's).")
  Integer rate;
  @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
      description = "Seconds of signal per run, 1..600 (default: ${DEFAULT-VALUE}).")
  double seconds;
  @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "Timed runs, median reported (default: ${DEFAULT-VALUE}).")
  int runs;
  @Option(names = "--faxpeer", paramLabel = "PATH", description = "The faxpeer binary (default: $FAXPEER; none: no comparison).")
  Path faxpeer;

  /** Every fast modem and rate, {@code {name, rate}}: v27ter 2400 and 4800, v29 7200 and 9600, v17 7200 to 14400. */
  static final String[][] ALL = ModemCommand.Modem.fastModems().stream()
      .flatMap(m -> Arrays.stream(m.rates()).mapToObj(r -> new String[] {m.cliName(), Integer.toString(r)}))
      .toArray(String[][]::new);

  @Override
  public Integer call() throws Exception {
    if (seconds < 1 || seconds > 600 || runs < 1 || runs > 100) {
      return ModemCommand.usageError("bench-modem", "bad --seconds (1..600) or --runs (1..100)");
    }
    List<String[]> todo = new ArrayList<>();
    for (String[] mr : ALL) {
      if ((modem == null || mr[0].equals(modem)) && (rate == null || Integer.parseInt(mr[1]) == rate)) {
        todo.add(mr);
      }
    }
    if (todo.isEmpty()) {
      return ModemCommand.usageError("bench-modem", "bad modem/rate (v27ter 2400|4800 | v29 7200|9600 | v17 7200|9600|12000|14400)");
    }
    Path fp = ReferencePeer.find(faxpeer);
    SameCpu cpu = fp == null ? SameCpu.NONE : SameCpu.pinCurrentThread();
    if (fp != null && cpu == SameCpu.NONE) {
      System.err.println("bench-modem: could not pin this thread and faxpeer to one CPU (taskset, Linux): "
          + "on a shared machine the ratio may then compare two differently loaded CPUs");
    }
    for (String[] mr : todo) {
      ModemCommand.Modem m = ModemCommand.Modem.of(mr[0], Integer.parseInt(mr[1]));
      int r = Integer.parseInt(mr[1]);
      // spandsp's runs interleaved with ours (one faxpeer run after each of ours), so both see the
      // machine in the same state: on a shared machine both figures drift by tens of percent
      JsonObject[] ref = new JsonObject[runs];
      ModemBench.Result res = ModemBench.run(rt -> m.tx(r, rt), sink -> m.rx(r, sink), seconds, runs, 1,
          run -> ref[run] = fp == null ? null : faxpeer(cpu, fp, mr[0], mr[1]));
      JsonObject j = new JsonObject().put("role", "bench-modem").put("status", "OK").put("modem", mr[0]).put("rate", r)
          .put("seconds", seconds).put("block_samples", ModemBench.BLOCK).put("runs", runs)
          .put("clock", "ThreadMXBean.getCurrentThreadCpuTime")
          .put("rx_us_per_audio_second", ModemCommand.round(res.rxUsPerSecond(), 1))
          .put("tx_us_per_audio_second", ModemCommand.round(res.txUsPerSecond(), 1))
          .put("rx_runs_us_per_audio_second", arr(res.rxRuns()))
          .put("tx_runs_us_per_audio_second", arr(res.txRuns()))
          .put("rx_bytes_allocated_per_block", ModemCommand.round(res.rxBytesPerBlock(), 2))
          .put("tx_bytes_allocated_per_block", ModemCommand.round(res.txBytesPerBlock(), 2))
          .put("bits_sent", res.bitsSent()).put("bits_received", res.bitsReceived()).put("bit_errors", res.bitErrors())
          .put("trained_at_sample", res.trainedAtSample());
      if (fp != null) {
        j.put("cpu", cpu == SameCpu.NONE ? null : cpu.cpu());
        if (Arrays.stream(ref).allMatch(s -> s != null && s.getValue("rx_us_per_audio_second") != null)) {
          double[] srxRuns = Arrays.stream(ref).mapToDouble(s -> s.getDouble("rx_us_per_audio_second")).toArray();
          double[] stxRuns = Arrays.stream(ref).mapToDouble(s -> s.getDouble("tx_us_per_audio_second")).toArray();
          double srx = ModemBench.median(srxRuns);
          double stx = ModemBench.median(stxRuns);
          j.put("spandsp_rx_us_per_audio_second", ModemCommand.round(srx, 1))
              .put("spandsp_tx_us_per_audio_second", ModemCommand.round(stx, 1))
              .put("spandsp_rx_runs_us_per_audio_second", arr(srxRuns))
              .put("spandsp_tx_runs_us_per_audio_second", arr(stxRuns))
              .put("rx_ratio", ModemCommand.round(pairedRatio(res.rxRuns(), srxRuns), 2))
              .put("tx_ratio", ModemCommand.round(pairedRatio(res.txRuns(), stxRuns), 2))
              .put("spandsp_bit_errors", ref[runs - 1].getValue("bit_errors"));
        } else {
          j.put("spandsp", "faxpeer bench-modem failed");
        }
      } else {
        j.putNull("spandsp_rx_us_per_audio_second").putNull("rx_ratio");
      }
      System.out.println(j.encode());
      System.out.flush();
    }
    return 0;
  }

  private JsonObject faxpeer(SameCpu cpu, Path fp, String m, String r) {
    return ReferencePeer.run(cpu, fp, "bench-modem", m, r, "--seconds", Double.toString(seconds), "--runs", "1");
  }

  /**
   * The median of each run's ratio to the faxpeer run right after it: the machine's slow phases
   * last seconds, so a pair a few milliseconds apart meets the same one, where the two medians may
   * come from different phases.
   */
  static double pairedRatio(double[] ours, double[] theirs) {
    double[] r = new double[ours.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = ours[i] / theirs[i];
    }
    return ModemBench.median(r);
  }

  private static JsonArray arr(double[] v) {
    JsonArray a = new JsonArray();
    for (double d : v) {
      a.add(ModemCommand.round(d, 1));
    }
    return a;
  }
}
