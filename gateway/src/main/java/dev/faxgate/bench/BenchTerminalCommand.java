package dev.faxgate.bench;

import dev.faxgate.modem.FastModem;
import dev.faxgate.tools.ModemCommand;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faxgate bench-terminal}: the CPU of Faxgate's receiving audio terminal per simulated
 * second per channel ({@link TerminalBench}), beside spandsp's receiving audio terminal on the same
 * chain when FAXPEER is set ({@code faxpeer bench-gateway --direction t38-to-audio}, its {@code
 * audio_terminal_cpu_seconds_per_sim_second_per_channel}), against both of ours: the media thread
 * alone, and with the page compression that runs beside it (spandsp's holds its page writing): one
 * faxpeer run after each of ours, on
 * the same CPU ({@link SameCpu}), and the ratio is the median of the runs' paired ratios, as
 * bench-relay pairs them. A fax that fails, on either side, is no figure: the command says so and
 * exits 1.
 */
@Command(name = "bench-terminal", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Receive a 3-page fax on Faxgate's audio terminal (sent by a T.38 terminal through Faxgate's "
        + "gateway, all in memory, as fast as possible) and print the receiving terminal's "
        + "audio_terminal_cpu_seconds_per_sim_second_per_channel (the media thread alone) and "
        + "audio_terminal_with_pages_cpu_seconds_per_sim_second_per_channel (plus compressing the kept pages, "
        + "timed on the thread that does it): a table on stderr, one JSON line on stdout; "
        + "with FAXPEER set, spandsp's receiving audio terminal measured the same way "
        + "(faxpeer bench-gateway --direction t38-to-audio) and the ratio to each (ratio, ratio_with_pages, ratio_with_file: like for like)."})
public final class BenchTerminalCommand implements Callable<Integer> {
  static final int EXIT_FAILED = 1;
  /** faxpeer's timed calls on the audio terminal: fax_tx and fax_rx once per 20 ms tick. */
  private static final double FAXPEER_TIMED_CALLS_PER_SIM_SECOND = 100;

  @Option(names = "--modem", paramLabel = "v17|v29|v27ter", defaultValue = "v17",
      description = "The fastest modem both ends offer, with the slower ones, as faxpeer's --modem (default: ${DEFAULT-VALUE}); "
          + "the fax must run at its top rate.")
  String modem;
  @Option(names = "--ecm", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "ECM offered by both ends (default: on; --no-ecm: off).")
  boolean ecm;
  @Option(names = "--channels", paramLabel = "N", defaultValue = "1", description = "Chains run side by side (default: ${DEFAULT-VALUE}).")
  int channels;
  @Option(names = "--seconds", paramLabel = "S", defaultValue = "0",
      description = "Simulated seconds each chain runs per timed run at least, in whole calls (default: ${DEFAULT-VALUE}: one call).")
  double seconds;
  @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "Timed runs, median reported (default: ${DEFAULT-VALUE}).")
  int runs;
  @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "3",
      description = "Untimed calls first, at least this long and two of them (default: ${DEFAULT-VALUE}; 0: none).")
  double warmupSeconds;
  @Option(names = "--faxpeer", paramLabel = "PATH", description = "The faxpeer binary (default: $FAXPEER; none: no comparison).")
  Path faxpeer;

  @Override
  public Integer call() throws Exception {
    FastModem m = switch (modem) {
      case "v17" -> FastModem.V17;
      case "v29" -> FastModem.V29;
      case "v27ter" -> FastModem.V27TER;
      default -> null;
    };
    if (m == null) {
      return ModemCommand.usageError("bench-terminal", "bad --modem " + modem + " (v17, v29 or v27ter)");
    }
    if (channels < 1 || channels > 1000 || runs < 1 || runs > 50 || seconds < 0 || seconds > 3600
        || warmupSeconds < 0 || warmupSeconds > 600) {
      return ModemCommand.usageError("bench-terminal",
          "bad --channels (1..1000), --runs (1..50), --seconds (0..3600) or --warmup-seconds (0..600)");
    }
    TerminalBench.Settings s = new TerminalBench.Settings(m, ecm, channels, seconds, runs, warmupSeconds, 300);
    Path fp = ReferencePeer.find(faxpeer);
    if (fp == null) {
      System.err.println("bench-terminal: no faxpeer (--faxpeer or $FAXPEER): Faxgate's figure only, no ratio");
    }
    SameCpu cpu = fp == null ? SameCpu.NONE : SameCpu.pinCurrentThread(); // the chains run on this thread
    if (fp != null && cpu == SameCpu.NONE) {
      System.err.println("bench-terminal: could not pin this thread and faxpeer to one CPU (taskset, Linux): "
          + "the two sides may meet different CPUs");
    }
    System.err.printf(Locale.ROOT, "bench-terminal: %d channel(s), %s, ECM %s, %d pages a call, %d timed run(s)%n",
        channels, modem, ecm ? "on" : "off", TerminalBench.PAGES, runs);
    JsonObject[] ref = new JsonObject[runs];
    TerminalBench.Result r;
    try {
      r = TerminalBench.run(s, run -> ref[run] = fp == null ? null
          : ReferencePeer.run(cpu, fp, "bench-gateway", "--direction", "t38-to-audio", "--channels",
              Integer.toString(channels), "--seconds", "300", "--modem", modem, ecm ? "--ecm" : "--no-ecm",
              "--pages", Integer.toString(TerminalBench.PAGES)));
    } catch (TerminalBench.FaxFailed e) {
      return failed("Faxgate's fax failed, so there is no figure: " + e.getMessage());
    }

    // ours: the media thread alone (what a session costs the thread its neighbours share);
    // oursWithPages: plus compressing the kept pages on the page thread; oursWithFile: plus writing
    // the file (ImageIO compresses the pages then), like for like with spandsp, whose fax_rx has
    // libtiff compress each page as it ends
    double[] ours = new double[runs];
    double[] oursWithPages = new double[runs];
    double[] oursWithFile = new double[runs];
    JsonArray ourRuns = new JsonArray();
    JsonArray ourRunsWithPages = new JsonArray();
    int calls = 0;
    for (int i = 0; i < runs; i++) {
      TerminalBench.Run run = r.runs().get(i);
      ours[i] = run.cpuPerSimSecond();
      oursWithPages[i] = run.withPagesCpuPerSimSecond();
      oursWithFile[i] = run.withFileCpuPerSimSecond();
      ourRuns.add(ModemCommand.round(ours[i] * 1e3, 4));
      ourRunsWithPages.add(ModemCommand.round(oursWithPages[i] * 1e3, 4));
      calls += run.calls();
    }
    TerminalBench.Run first = r.runs().get(0);
    double median = ModemBench.median(ours);
    // each timed interval holds about one clock read; on a VM without a fast thread clock that is a fair share
    double[] oursLess = new double[runs];
    double[] oursWithPagesLess = new double[runs];
    for (int i = 0; i < runs; i++) {
      TerminalBench.Run run = r.runs().get(i);
      double timer = run.timedCalls() / run.simSeconds() * r.timerOverheadNanos() / 1e9;
      oursLess[i] = ours[i] - timer;
      oursWithPagesLess[i] = oursWithPages[i] - timer; // two reads a page: nothing beside ~100 a second
    }
    JsonObject j = new JsonObject().put("role", "bench-terminal").put("status", "OK")
        .put("terminal", "receiving, audio (AudioTerminalProcessor)").put("direction", "t38-to-audio")
        .put("modem", modem).put("ecm", ecm).put("channels", channels).put("pages_per_call", TerminalBench.PAGES)
        .put("runs", runs).put("calls_per_run", first.calls()).put("warmup_calls", r.warmupCalls())
        .put("sim_seconds_per_run", ModemCommand.round(first.simSeconds(), 2))
        .put("rate", r.rate()).put("coding", r.coding()).put("ecm_used", r.ecmUsed()).put("pages", r.pages())
        .put("audio_terminal_cpu_seconds_per_sim_second_per_channel", median)
        .put("audio_terminal_cpu_ms_per_sim_second_per_channel", ModemCommand.round(median * 1e3, 4))
        .put("runs_cpu_ms_per_sim_second", ourRuns)
        .put("timed_calls_per_sim_second", ModemCommand.round(first.timedCalls() / first.simSeconds(), 1))
        .put("timer_overhead_ns_per_call", ModemCommand.round(r.timerOverheadNanos(), 0))
        .put("audio_terminal_cpu_ms_per_sim_second_per_channel_less_timer", ModemCommand.round(ModemBench.median(oursLess) * 1e3, 4))
        .put("audio_terminal_with_pages_cpu_seconds_per_sim_second_per_channel", ModemBench.median(oursWithPages))
        .put("audio_terminal_with_pages_cpu_ms_per_sim_second_per_channel",
            ModemCommand.round(ModemBench.median(oursWithPages) * 1e3, 4))
        .put("runs_with_pages_cpu_ms_per_sim_second", ourRunsWithPages)
        .put("audio_terminal_with_pages_cpu_ms_per_sim_second_per_channel_less_timer",
            ModemCommand.round(ModemBench.median(oursWithPagesLess) * 1e3, 4))
        .put("page_compression_cpu_ms_per_call", ModemCommand.round(first.pageCpuNanos() / 1e6 / first.calls(), 2))
        .put("file_cpu_ms_per_call", ModemCommand.round(first.fileCpuNanos() / 1e6 / first.calls(), 2))
        .put("audio_terminal_with_file_cpu_ms_per_sim_second_per_channel",
            ModemCommand.round(ModemBench.median(oursWithFile) * 1e3, 4));

    double[] theirs = new double[runs];
    String theirFailure = null;
    if (fp != null) {
      j.put("cpu", cpu == SameCpu.NONE ? null : cpu.cpu());
      for (int i = 0; i < runs && theirFailure == null; i++) {
        theirFailure = spandspFailure(ref[i], s);
        theirs[i] = theirFailure == null
            ? ref[i].getDouble("audio_terminal_cpu_seconds_per_sim_second_per_channel") : Double.NaN;
      }
      if (theirFailure != null) {
        return failed("spandsp's fax (faxpeer bench-gateway) failed, so there is no ratio: " + theirFailure);
      }
      JsonArray theirRuns = new JsonArray();
      double[] theirsLess = new double[runs];
      for (int i = 0; i < runs; i++) {
        theirRuns.add(ModemCommand.round(theirs[i] * 1e3, 4));
        // faxpeer times fax_tx and fax_rx: two intervals per 20 ms tick per chain
        theirsLess[i] = theirs[i] - FAXPEER_TIMED_CALLS_PER_SIM_SECOND
            * ref[i].getDouble("timer_overhead_ns_per_call", 0.0) / 1e9;
      }
      j.put("spandsp_audio_terminal_cpu_seconds_per_sim_second_per_channel", ModemBench.median(theirs))
          .put("spandsp_audio_terminal_cpu_ms_per_sim_second_per_channel", ModemCommand.round(ModemBench.median(theirs) * 1e3, 4))
          .put("spandsp_runs_cpu_ms_per_sim_second", theirRuns)
          .put("spandsp_sim_seconds_per_run", ref[0].getValue("simulated_seconds_total"))
          .put("spandsp_timer_overhead_ns_per_call", ref[0].getValue("timer_overhead_ns_per_call"))
          .put("spandsp_audio_terminal_cpu_ms_per_sim_second_per_channel_less_timer",
              ModemCommand.round(ModemBench.median(theirsLess) * 1e3, 4))
          .put("ratio", ModemCommand.round(BenchModemCommand.pairedRatio(ours, theirs), 3))
          .put("ratio_less_timer", ModemCommand.round(BenchModemCommand.pairedRatio(oursLess, theirsLess), 3))
          .put("ratio_with_pages", ModemCommand.round(BenchModemCommand.pairedRatio(oursWithPages, theirs), 3))
          .put("ratio_with_pages_less_timer",
              ModemCommand.round(BenchModemCommand.pairedRatio(oursWithPagesLess, theirsLess), 3))
          .put("ratio_with_file", ModemCommand.round(BenchModemCommand.pairedRatio(oursWithFile, theirs), 3));
    } else {
      j.putNull("spandsp_audio_terminal_cpu_seconds_per_sim_second_per_channel").putNull("ratio")
          .putNull("ratio_with_pages").putNull("ratio_with_file");
    }
    System.err.print(table(ours, oursWithPages, fp == null ? null : theirs, calls));
    System.out.println(j.encode());
    System.out.flush();
    return 0;
  }

  /** Why faxpeer's run is no figure, or null when every chain received every page at the top rate. */
  static String spandspFailure(JsonObject ref, TerminalBench.Settings s) {
    if (ref == null) {
      return "it printed no result";
    }
    if (!"OK".equals(ref.getString("status"))) {
      return "status " + ref.getString("status") + ": " + ref.encode();
    }
    if (!(ref.getValue("audio_terminal_cpu_seconds_per_sim_second_per_channel") instanceof Number)) {
      return "no audio_terminal_cpu_seconds_per_sim_second_per_channel (an older faxpeer?): " + ref.encode();
    }
    JsonArray chains = ref.getJsonArray("chains");
    for (int i = 0; chains != null && i < chains.size(); i++) {
      JsonObject c = chains.getJsonObject(i);
      if (c.getInteger("pages", 0) != TerminalBench.PAGES || c.getInteger("bit_rate", 0) != s.topRate()
          || c.getBoolean("ecm", !s.ecm()) != s.ecm()) {
        return "chain " + i + " received " + c.getValue("pages") + " pages at " + c.getValue("bit_rate")
            + " bit/s, ECM " + c.getValue("ecm") + ": " + c.encode();
      }
    }
    return chains == null || chains.size() != channels(ref) ? "its chains are missing: " + ref.encode() : null;
  }

  private static int channels(JsonObject ref) {
    return ref.getInteger("channels", -1);
  }

  private static int failed(String message) {
    System.err.println("faxgate bench-terminal: " + message);
    System.out.println(new JsonObject().put("role", "bench-terminal").put("status", "FAILED").put("error", message)
        .encode());
    System.out.flush();
    return EXIT_FAILED;
  }

  /**
   * The runs side by side, ms of CPU per simulated second per channel: Faxgate's media thread
   * alone, then with the page compression added, spandsp's, and the ratio of each of ours to it.
   */
  private static String table(double[] ours, double[] oursWithPages, double[] theirs, int calls) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-8s %14s %16s %14s %8s %8s%n", "run", "media ms/s", "+pages ms/s",
        "spandsp ms/s", "ratio", "+pages"));
    for (int i = 0; i < ours.length; i++) {
      sb.append(row(Integer.toString(i + 1), ours[i], oursWithPages[i], theirs == null ? Double.NaN : theirs[i]));
    }
    sb.append(row("median", ModemBench.median(ours), ModemBench.median(oursWithPages),
        theirs == null ? Double.NaN : ModemBench.median(theirs)));
    sb.append(String.format(Locale.ROOT, "(%d faxes received by Faxgate, every one OK; media: the media thread alone;"
        + " +pages: with the CPU of compressing the kept pages where it runs (spandsp's figure holds its page writing);"
        + " ratios: median of the paired runs' %s)%n", calls, theirs == null ? "ratios, none without faxpeer"
        : "ratios = " + ModemCommand.round(BenchModemCommand.pairedRatio(ours, theirs), 3) + " (media), "
            + ModemCommand.round(BenchModemCommand.pairedRatio(oursWithPages, theirs), 3) + " (+pages)"));
    return sb.toString();
  }

  private static String row(String name, double ours, double withPages, double theirs) {
    boolean none = Double.isNaN(theirs);
    return String.format(Locale.ROOT, "%-8s %14.4f %16.4f %14s %8s %8s%n", name, ours * 1e3, withPages * 1e3,
        none ? "-" : String.format(Locale.ROOT, "%.4f", theirs * 1e3),
        none ? "-" : String.format(Locale.ROOT, "%.3f", ours / theirs),
        none ? "-" : String.format(Locale.ROOT, "%.3f", withPages / theirs));
  }
}
