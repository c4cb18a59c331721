package dev.faxgate.bench;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.node.FaxgateNode;
import dev.faxgate.tools.ModemCommand;
import io.vertx.core.Future;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faxgate bench-impairment}: success rates of whole faxes through a lossy, jittery network,
 * Faxgate's gateway beside spandsp's in the same run. For each condition ({@link ImpairmentCondition}),
 * ECM and not, both directions, N seeded faxes through each gateway between faxpeer terminals, with
 * an {@link dev.faxgate.tools.impair.ImpairmentProxy} on the T.38 leg (and on the RTP toward the
 * gateway for the reordered-RTP condition). Both gateways see the same seeds, so the same datagrams
 * are lost. Prints the table, writes a CSV of every fax and a PNG plot. docs/impairment.md.
 */
@Command(name = "bench-impairment", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run N seeded faxes per network condition (40 ms jitter; 1/2/5/10%% random loss; bursty loss, mean burst 3 "
        + "at 3%% events; 80 ms reordered RTP jitter), ECM and not, both directions, through Faxgate's gateway and "
        + "spandsp's (faxpeer gateway) between faxpeer terminals, with a UDP impairment proxy on the T.38 leg. "
        + "Prints the success table; writes impairment.csv and impairment.png in --out. Needs FAXPEER."})
public final class BenchImpairmentCommand implements Callable<Integer> {
  @Option(names = "--faxes", paramLabel = "N", defaultValue = "1", description = "Faxes per condition, ECM mode, direction and gateway (default: ${DEFAULT-VALUE}).")
  int faxes;
  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "First seed; fax i of a cell uses S+i (default: ${DEFAULT-VALUE}).")
  long seed;
  @Option(names = "--pages", paramLabel = "P", defaultValue = "3", description = "Pages per fax (default: ${DEFAULT-VALUE}).")
  int pages;
  @Option(names = "--parallel", paramLabel = "K", defaultValue = "3", description = "Faxes at once, 1-4 (default: ${DEFAULT-VALUE}).")
  int parallel;
  @Option(names = "--conditions", paramLabel = "NAME,...", split = ",", description = "Only these conditions: jitter40, loss1, "
      + "loss2, loss5, loss10, burst3x3, rtp80reorder (default: all).")
  List<String> conditions;
  @Option(names = "--t38", paramLabel = "IMPAIRMENT", description = "Instead of the conditions, one condition 'custom' "
      + "with this impairment on the T.38 leg, e.g. loss=0.05,jitter=40 or burst=0.03x3,jitter=40,reorder (docs/impairment.md).")
  String custom;
  @Option(names = "--ecm", paramLabel = "yes|no|both", defaultValue = "both", description = "ECM modes to run (default: ${DEFAULT-VALUE}).")
  String ecm;
  @Option(names = "--direction", paramLabel = "audio-to-t38|t38-to-audio|both", defaultValue = "both", description = "Directions (default: ${DEFAULT-VALUE}).")
  String direction;
  @Option(names = "--gateways", paramLabel = "faxgate|spandsp|both", defaultValue = "both", description = "Gateways (default: ${DEFAULT-VALUE}).")
  String gateways;
  @Option(names = "--ec", paramLabel = "redundancy|fec", defaultValue = "redundancy", description = "Error recovery on the "
      + "T.38 leg at every end: redundancy 3 deep, or parity FEC of span 3 with 3 entries (default: ${DEFAULT-VALUE}).")
  String ec;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-impairment", description = "Where the CSV, the PNG and each fax's files go (default: ${DEFAULT-VALUE}).")
  Path out;
  @Option(names = "--faxpeer", paramLabel = "PATH", description = "The faxpeer binary (default: $FAXPEER).")
  Path faxpeer;

  @Override
  public Integer call() throws Exception {
    Path fp = ReferencePeer.find(faxpeer);
    if (fp == null) {
      return ModemCommand.usageError("bench-impairment", "needs faxpeer: set FAXPEER or --faxpeer to the binary");
    }
    if (faxes < 1 || faxes > 100 || parallel < 1 || parallel > 4 || pages < 1 || pages > 10) {
      return ModemCommand.usageError("bench-impairment", "bad --faxes (1..100), --parallel (1..4) or --pages (1..10)");
    }
    List<ImpairmentCondition> chosen;
    try {
      chosen = custom != null ? List.of(new ImpairmentCondition("custom", "random",
          dev.faxgate.tools.impair.Impairment.parse(custom), dev.faxgate.tools.impair.Impairment.NONE))
          : conditions == null ? ImpairmentCondition.ALL : conditions.stream().map(ImpairmentCondition::named).toList();
    } catch (IllegalArgumentException e) {
      return ModemCommand.usageError("bench-impairment", e.getMessage());
    }
    List<Boolean> ecms = choose(ecm, "yes", "no");
    List<Boolean> directions = choose(direction, "audio-to-t38", "t38-to-audio");
    List<Boolean> faxgateFirst = choose(gateways, "faxgate", "spandsp");
    if (ecms == null || directions == null || faxgateFirst == null) {
      return ModemCommand.usageError("bench-impairment", "--ecm, --direction and --gateways take one of their values or both");
    }
    Path work = Files.createDirectories(out.toAbsolutePath()).resolve("faxes");
    Files.createDirectories(work);
    Path document = work.resolve("doc" + pages + ".tif");
    JsonLine made = JsonLine.of(new ProcessBuilder(fp.toString(), "make-tiff", document.toString(), "--pages",
        Integer.toString(pages)).redirectErrorStream(true));
    if (!Files.exists(document)) {
      return ModemCommand.usageError("bench-impairment", "faxpeer make-tiff failed: " + made.text());
    }

    Map<String, CompletableFuture<CompletionEvent>> events = new ConcurrentHashMap<>();
    GatewayConfig config = GatewayConfig.defaults().with(ConfigKey.HTTP_ENABLED, "false")
        .with(ConfigKey.CLUSTER_ENABLED, "false")
        // the bench names each leg's local port itself, on loopback
        .with(ConfigKey.MEDIA_HOST, "127.0.0.1").with(ConfigKey.MEDIA_PORT_MIN, "1").with(ConfigKey.MEDIA_PORT_MAX, "65535");
    FaxgateNode node = FaxgateNode.start(config, (dev.faxgate.session.ResultSink) event -> {
      events.computeIfAbsent(event.sessionId(), id -> new CompletableFuture<>()).complete(event);
      return Future.succeededFuture();
    }).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    ImpairedFax runner = new ImpairedFax(fp, work, document, pages, new FaxOptClient(node.vertx()), events, ec);

    record Job(ImpairedFax.Gateway gateway, ImpairmentCondition condition, boolean ecm, boolean audioToT38, long seed) {}
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < faxes; i++) {
      for (ImpairmentCondition c : chosen) {
        for (boolean e : ecms) {
          for (boolean d : directions) {
            for (boolean f : faxgateFirst) { // both gateways side by side in the queue: the same machine load, the same seed
              jobs.add(new Job(f ? ImpairedFax.Gateway.FAXGATE : ImpairedFax.Gateway.SPANDSP, c, e, d, seed + i));
            }
          }
        }
      }
    }
    System.err.println("bench-impairment: " + jobs.size() + " faxes of " + pages + " page(s), " + parallel
        + " at once; files in " + work);
    List<ImpairedFax.Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    long start = System.nanoTime();
    List<java.util.concurrent.Future<?>> running = new ArrayList<>();
    for (int n = 0; n < jobs.size(); n++) {
      Job j = jobs.get(n);
      String tag = String.format(Locale.ROOT, "%03d-%s-%s-%s-%s-s%d", n, j.gateway().name().toLowerCase(Locale.ROOT),
          j.condition().name(), j.ecm() ? "ecm" : "noecm", j.audioToT38() ? "a2t" : "t2a", j.seed());
      running.add(pool.submit(() -> {
        ImpairedFax.Outcome o;
        try {
          o = runner.run(j.gateway(), j.condition(), j.ecm(), j.audioToT38(), j.seed(), tag);
        } catch (Exception e) {
          o = new ImpairedFax.Outcome(j.gateway(), j.condition(), j.ecm(), j.audioToT38(), j.seed(), false, 0, 0,
              "could not run: " + e, "");
        }
        outcomes.add(o);
        System.err.printf(Locale.ROOT, "[%d/%d] %s: %s %.0f s %s%n", done.incrementAndGet(), jobs.size(), tag,
            o.ok() ? "OK" : "FAILED", o.seconds(), o.detail());
        System.err.println("      T.38 proxy " + o.t38Counts());
      }));
    }
    for (java.util.concurrent.Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    Path csv = out.resolve("impairment.csv");
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
      w.println("gateway,condition,kind,t38_impairment,rtp_impairment,expected_t38_loss_pct,ecm,direction,seed,ok,pages,seconds,detail");
      synchronized (outcomes) {
        for (ImpairedFax.Outcome o : outcomes) {
          w.printf(Locale.ROOT, "%s,%s,%s,\"%s\",\"%s\",%.1f,%s,%s,%d,%s,%d,%.0f,\"%s\"%n", o.gateway().name().toLowerCase(Locale.ROOT),
              o.condition().name(), o.condition().kind(), o.condition().t38(), o.condition().rtpToGateway(),
              o.condition().lossPercent(), o.ecm() ? "ecm" : "no-ecm", o.audioToT38() ? "audio-to-t38" : "t38-to-audio",
              o.seed(), o.ok(), o.pages(), o.seconds(), o.detail().replace('"', '\''));
        }
      }
    }
    Path png = out.resolve("impairment.png");
    ImpairmentPlot.write(List.copyOf(outcomes), png, String.format(Locale.ROOT,
        "Fax success through a lossy T.38 leg (%s): Faxgate vs spandsp gateway, %d fax(es) per point, %d pages, seeds %d..%d",
        ec, faxes, pages, seed, seed + faxes - 1));
    System.out.println(table(List.copyOf(outcomes), chosen, ecms, directions));
    System.out.printf(Locale.ROOT, "%d faxes in %.0f s, T.38 error recovery %s; %s, %s%n", jobs.size(), (System.nanoTime() - start) / 1e9, ec, csv, png);
    return 0;
  }

  /** The success table: one row per condition, ECM mode and direction; a column per gateway. */
  static String table(List<ImpairedFax.Outcome> all, List<ImpairmentCondition> conditions, List<Boolean> ecms,
      List<Boolean> directions) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-13s %-30s %6s %-7s %-13s %8s %8s%n", "condition", "T.38 leg / RTP to gateway",
        "loss", "ecm", "direction", "Faxgate", "spandsp"));
    int[] totals = new int[4];
    for (ImpairmentCondition c : conditions) {
      for (boolean e : ecms) {
        for (boolean d : directions) {
          String[] cells = new String[2];
          for (ImpairedFax.Gateway gw : ImpairedFax.Gateway.values()) {
            List<ImpairedFax.Outcome> these = all.stream().filter(o -> o.gateway() == gw && o.condition().equals(c)
                && o.ecm() == e && o.audioToT38() == d).toList();
            long ok = these.stream().filter(ImpairedFax.Outcome::ok).count();
            cells[gw.ordinal()] = these.isEmpty() ? "-" : ok + "/" + these.size();
            totals[gw.ordinal() * 2] += (int) ok;
            totals[gw.ordinal() * 2 + 1] += these.size();
          }
          String network = c.rtpToGateway().equals(dev.faxgate.tools.impair.Impairment.NONE) ? c.t38().toString()
              : "RTP " + c.rtpToGateway();
          sb.append(String.format(Locale.ROOT, "%-13s %-30s %5.1f%% %-7s %-13s %8s %8s%n", c.name(), network,
              c.lossPercent(), e ? "ECM" : "no-ECM", d ? "audio->t38" : "t38->audio", cells[0], cells[1]));
        }
      }
    }
    sb.append(String.format(Locale.ROOT, "%-13s %-30s %6s %-7s %-13s %8s %8s%n", "all", "", "", "", "",
        totals[0] + "/" + totals[1], totals[2] + "/" + totals[3]));
    return sb.toString();
  }

  /** [true], [false] or [true, false] for "first", "second" or "both"; null for anything else. */
  private static List<Boolean> choose(String value, String first, String second) {
    return value.equals("both") ? List.of(true, false) : value.equals(first) ? List.of(true)
        : value.equals(second) ? List.of(false) : null;
  }

  /** A short process run to its end, its output kept. */
  private record JsonLine(String text) {
    static JsonLine of(ProcessBuilder pb) throws Exception {
      Process p = pb.start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return new JsonLine(text);
    }
  }
}
