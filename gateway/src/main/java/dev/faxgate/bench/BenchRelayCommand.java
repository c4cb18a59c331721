package dev.faxgate.bench;

import dev.faxgate.tools.ModemCommand;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faxgate bench-relay}: the gateway's CPU per simulated second per channel on a recorded real
 * fax, beside spandsp's gateway ({@code faxpeer bench-gateway}) when FAXPEER is set: one faxpeer run after each
 * of ours, on the same CPU ({@link SameCpu}), and the ratio is the median of the runs' paired ratios.
 */
@Command(name = "bench-relay", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Replay a recorded real 3-page ECM fax through N gateway relays in memory, as fast as possible, "
        + "and print gateway_cpu_seconds_per_sim_second_per_channel (one JSON line); with FAXPEER set, "
        + "faxpeer bench-gateway's figure for spandsp's gateway from the same run and the ratio."})
public final class BenchRelayCommand implements Callable<Integer> {
  @Option(names = "--direction", paramLabel = "audio-to-t38|t38-to-audio", defaultValue = "audio-to-t38",
      description = "Which side sends the fax (default: ${DEFAULT-VALUE}).")
  String direction;
  @Option(names = "--modem", paramLabel = "v17|v29|v27ter", defaultValue = "v17", description = "The recorded fax's modem (default: ${DEFAULT-VALUE}).")
  String modem;
  @Option(names = "--channels", paramLabel = "N", defaultValue = "1", description = "Relays run side by side (default: ${DEFAULT-VALUE}).")
  int channels;
  @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "Timed runs after 3 s of warm-up, median reported (default: ${DEFAULT-VALUE}).")
  int runs;
  @Option(names = "--faxpeer", paramLabel = "PATH", description = "The faxpeer binary (default: $FAXPEER; none: no comparison).")
  Path faxpeer;

  @Override
  public Integer call() throws Exception {
    if (channels < 1 || channels > 1000 || runs < 1 || runs > 50) {
      return ModemCommand.usageError("bench-relay", "bad --channels (1..1000) or --runs (1..50)");
    }
    RecordedFax fax;
    try {
      fax = RecordedFax.load(direction, modem);
    } catch (java.io.IOException e) {
      return ModemCommand.usageError("bench-relay", e.getMessage());
    }
    System.err.println("bench-relay: replaying " + fax.name() + " (" + fax.size() + " datagrams, "
        + fax.durationMillis() / 1000 + " s) through " + channels + " relay(s), " + runs + " timed run(s)");
    Path fp = ReferencePeer.find(faxpeer);
    SameCpu cpu = fp == null ? SameCpu.NONE : SameCpu.pinCurrentThread(); // the relays run on this thread
    // spandsp's gateway run after each of ours (as bench-modem does), so each pair meets the machine in one state
    JsonObject[] ref = new JsonObject[runs];
    RelayBench.Result r = RelayBench.run(fax, channels, runs, run -> ref[run] = fp == null ? null
        : ReferencePeer.run(cpu, fp, "bench-gateway", "--channels", Integer.toString(channels), "--seconds", "300",
            "--modem", modem, "--direction", direction));
    JsonArray runsMs = new JsonArray();
    for (long n : r.runsNanos()) {
      runsMs.add(ModemCommand.round(n / 1e6, 2));
    }
    JsonObject j = new JsonObject().put("role", "bench-relay").put("status", "OK").put("direction", direction)
        .put("modem", modem).put("channels", channels).put("recording", fax.name())
        .put("sim_seconds", ModemCommand.round(r.simSeconds(), 2))
        .put("gateway_cpu_seconds_per_sim_second_per_channel", r.cpuSecondsPerSimSecondPerChannel())
        .put("gateway_cpu_ms_per_sim_second_per_channel", ModemCommand.round(r.cpuSecondsPerSimSecondPerChannel() * 1e3, 3))
        .put("runs_cpu_ms", runsMs).put("bytes_allocated_per_tick_per_channel", ModemCommand.round(r.bytesPerTickPerChannel(), 2))
        .put("pages", r.pages()).put("outcome", r.outcome());
    if (fp != null) {
      j.put("cpu", cpu == SameCpu.NONE ? null : cpu.cpu());
      double[] theirs = new double[runs];
      double[] ours = new double[runs];
      boolean ok = true;
      for (int run = 0; run < runs; run++) {
        Object figure = ref[run] == null ? null : ref[run].getValue("gateway_cpu_seconds_per_sim_second_per_channel");
        ok &= figure instanceof Number;
        theirs[run] = ok ? ((Number) figure).doubleValue() : Double.NaN;
        ours[run] = r.runsNanos()[run] / 1e9 / r.simSeconds() / channels;
      }
      if (ok) {
        JsonArray theirRuns = new JsonArray();
        for (double t : theirs) {
          theirRuns.add(t);
        }
        j.put("spandsp_gateway_cpu_seconds_per_sim_second_per_channel", ModemBench.median(theirs))
            .put("spandsp_runs", theirRuns)
            .put("ratio", ModemCommand.round(BenchModemCommand.pairedRatio(ours, theirs), 2));
      } else {
        j.put("spandsp", "faxpeer bench-gateway failed");
      }
    } else {
      j.putNull("spandsp_gateway_cpu_seconds_per_sim_second_per_channel").putNull("ratio");
    }
    System.out.println(j.encode());
    return 0;
  }
}
