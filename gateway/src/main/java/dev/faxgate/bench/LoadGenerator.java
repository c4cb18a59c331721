package dev.faxgate.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives sessions into a running node as a controller and the far ends would: creates each session
 * over the node's HTTP control API (arrivals at a given rate, up to a target concurrency), replays a
 * recorded real fax into it over UDP from both far ends ({@link FaxReplay}), ends it when the
 * recording is over, and checks its completion event: {@code SUCCESS} with the recording's pages.
 * A recording named {@code t38-relay-MODEM} makes {@code t38-relay} sessions (UDPTL on both legs),
 * {@code audio-relay-MODEM} makes {@code audio-relay} sessions (RTP on both legs), the others
 * {@code gateway} sessions (RTP on leg a, UDPTL on leg b). One thread paces every replay; the far-end sockets are shared
 * ({@link LoadFarEnds}); the HTTP calls are asynchronous. What the node's own meters and /proc say
 * is read at the start and the end ({@link NodeReadings}).
 */
final class LoadGenerator {
  /** A send this much after its due time counts as late. */
  static final long LATE_NANOS = 5_000_000L;
  /**
   * A send this late may break the fax it belongs to: the node's default audio playout delay
   * ({@code media.jitter_ms}); a recorded far end cannot repeat what then went wrong.
   */
  static final long BREAKING_LATE_NANOS = 60_000_000L;
  /**
   * Pages of every shipped recording (GatewayRelayReplayTest, T38RelayReplayTest and
   * AudioRelayReplayTest check them on the in-memory processors).
   */
  static final int RECORDED_PAGES = 3;
  /** After its last datagram, time for the gateway to play out what it holds and end the session on DCN. */
  static final long TAIL_NANOS = 4_000_000_000L;
  /** Above this share of the node's CPU the generator may be what limits the run, not the node. */
  static final double GENERATOR_CPU_SHARE = 0.25;
  private static final long PROGRESS_NANOS = 5_000_000_000L;
  private static final long LOOP_NANOS = 1_000_000L;
  private static final String T38_RELAY = "t38-relay";
  private static final String AUDIO_RELAY = "audio-relay";

  /**
   * @param sessions the target concurrency; with {@code durationSeconds} 0 also the number of faxes
   * @param durationSeconds keep {@code sessions} faxes running this long, then drain (0: one fax per session)
   * @param nodePid the node's process id, to read its CPU time, memory and files from /proc (0: not measured)
   */
  record Settings(URI node, String token, int sessions, double cps, double durationSeconds, List<String> mix,
      String host, long nodePid, FaxReplay.Impairment impairment, boolean readReplies) {}

  /** The generator's own garbage collections during a run ({@link OwnGcPauses}). */
  record GcSummary(int count, long maxMillis, long totalMillis) {}

  /** What one run found. */
  record Result(int attempted, int succeeded, Map<String, Integer> failures, double wallSeconds,
      double channelSeconds, double generatorCpuSeconds, long datagramsSent, Long datagramsReceived,
      long datagramsDroppedByImpairment, long lateSends, long maxLateNanos, GcSummary generatorGc, int maxConcurrent,
      NodeReadings nodeStart, NodeReadings nodeEnd) {

    Double nodeCpuSeconds() {
      return difference(nodeStart.cpuSeconds(), nodeEnd.cpuSeconds());
    }

    JsonObject toJson() {
      JsonObject failed = new JsonObject();
      failures.forEach(failed::put);
      Double nodeCpu = nodeCpuSeconds();
      Double nodeIn = difference(nodeStart.packetsIn(), nodeEnd.packetsIn());
      Double nodeOut = difference(nodeStart.packetsOut(), nodeEnd.packetsOut());
      return new JsonObject().put("sessions_attempted", attempted).put("sessions_succeeded", succeeded)
          .put("sessions_failed", attempted - succeeded).put("failures", failed)
          .put("max_concurrent", maxConcurrent).put("wall_seconds", round(wallSeconds))
          .put("channel_seconds", round(channelSeconds)).put("generator_cpu_seconds", round(generatorCpuSeconds))
          .put("node_cpu_seconds", nodeCpu == null ? null : round(nodeCpu))
          .put("node_cpu_ms_per_channel_second",
              nodeCpu == null || channelSeconds == 0 ? null : round(nodeCpu * 1000 / channelSeconds))
          .put("generator_cpu_per_node_cpu", nodeCpu == null || nodeCpu == 0 ? null : round(generatorCpuSeconds / nodeCpu))
          .put("eventloop_lag_ms", percentiles(nodeStart.lagBuckets(), nodeEnd.lagBuckets()))
          .put("media_tick_lateness_ms", percentiles(nodeStart.tickLatenessBuckets(), nodeEnd.tickLatenessBuckets()))
          .put("datagrams_sent", datagramsSent).put("datagrams_received", datagramsReceived)
          .put("datagrams_dropped_by_impairment", datagramsDroppedByImpairment).put("late_sends", lateSends)
          .put("send_lateness_ms_max", round(maxLateNanos / 1e6))
          .put("generator_gc", new JsonObject().put("collections", generatorGc.count())
              .put("longest_ms", generatorGc.maxMillis()).put("total_ms", generatorGc.totalMillis()))
          // what the node's meters saw arrive and leave, against what was sent and received here
          .put("node_datagrams_in", nodeIn == null ? null : nodeIn.longValue())
          .put("node_datagrams_out", nodeOut == null ? null : nodeOut.longValue())
          .put("datagrams_lost_to_node", nodeIn == null ? null : datagramsSent - nodeIn.longValue())
          .put("datagrams_lost_from_node", nodeOut == null || datagramsReceived == null ? null
              : nodeOut.longValue() - datagramsReceived)
          .put("node_strangers", rounded(difference(nodeStart.strangers(), nodeEnd.strangers())))
          .put("node_ticks_overrun", rounded(difference(nodeStart.ticksOverrun(), nodeEnd.ticksOverrun())))
          .put("node_ticks_skipped", rounded(difference(nodeStart.ticksSkipped(), nodeEnd.ticksSkipped())))
          .put("node_rss_mb", startEnd(mb(nodeStart.rssBytes()), mb(nodeEnd.rssBytes())))
          .put("node_heap_after_gc_mb", startEnd(mb(nodeStart.heapAfterGcBytes()), mb(nodeEnd.heapAfterGcBytes())))
          .put("node_open_files", startEnd(nodeStart.openFiles(), nodeEnd.openFiles()))
          .put("node_threads", startEnd(rounded(nodeStart.threads()), rounded(nodeEnd.threads())));
    }

    private static JsonObject percentiles(Map<Double, Double> start, Map<Double, Double> end) {
      Double p50 = NodeReadings.quantileMillis(start, end, 0.5);
      Double p99 = NodeReadings.quantileMillis(start, end, 0.99);
      Double p999 = NodeReadings.quantileMillis(start, end, 0.999);
      return new JsonObject().put("p50", p50 == null ? null : round(p50)).put("p99", p99 == null ? null : round(p99))
          .put("p99.9", p999 == null ? null : round(p999));
    }

    private static JsonObject startEnd(Object start, Object end) {
      return new JsonObject().put("start", start).put("end", end);
    }

    private static Double difference(Double start, Double end) {
      return start == null || end == null ? null : end - start;
    }

    private static Long rounded(Double v) {
      return v == null ? null : Math.round(v);
    }

    private static Double mb(Number bytes) {
      return bytes == null ? null : round(bytes.doubleValue() / (1 << 20));
    }

    private static double round(double v) {
      return Math.round(v * 1000) / 1000.0;
    }
  }

  private final Settings settings;
  private final PrintWriter progress;
  private final List<RecordedFax> recordings = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Queue<FaxReplay> created = new ConcurrentLinkedQueue<>();
  private final Queue<String> outcomes = new ConcurrentLinkedQueue<>();
  private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
  private final Set<String> refusalsShown = ConcurrentHashMap.newKeySet();
  private final List<Running> active = new ArrayList<>();
  private final Map<String, Integer> failures = new TreeMap<>();
  private LoadFarEnds far;
  private int attempted;
  private int succeeded;
  private int pendingCreates;
  private int pendingEnds;
  private int maxConcurrent;
  private long sent;
  private long dropped;
  private long late;
  private long maxLateNanos;
  private double channelSeconds;

  /** A replay with the times that matter to it. */
  private static final class Running {
    final FaxReplay replay;
    final long startNanos;
    long sentAllNanos;

    Running(FaxReplay replay, long startNanos) {
      this.replay = replay;
      this.startNanos = startNanos;
    }
  }

  LoadGenerator(Settings settings, PrintWriter progress) throws IOException {
    this.settings = settings;
    this.progress = progress;
    for (String name : settings.mix()) {
      int dash = name.lastIndexOf('-');
      if (dash < 0) {
        throw new IllegalArgumentException("--mix takes recording names, e.g. audio-to-t38-v17 or audio-relay-v17, not " + name);
      }
      recordings.add(RecordedFax.load(name.substring(0, dash), name.substring(dash + 1)));
    }
  }

  Result run() throws IOException {
    // The recordings (about 10 MB) stay for the whole run: collected now, they go to the old
    // generation at once instead of being copied by the run's first young collections, which
    // stopped the generator for about 50 ms each while the first sessions started.
    System.gc();
    try (LoadFarEnds farEnds = new LoadFarEnds(settings.host(), settings.readReplies());
        OwnGcPauses gc = new OwnGcPauses()) {
      far = farEnds;
      return drive(gc);
    }
  }

  private Result drive(OwnGcPauses gc) throws IOException {
    NodeReadings nodeStart = NodeReadings.read(http, settings.node(), settings.nodePid());
    long t0 = System.nanoTime();
    double cpu0 = ownCpuSeconds();
    long end = settings.durationSeconds() > 0 ? t0 + (long) (settings.durationSeconds() * 1e9) : Long.MAX_VALUE;
    long arrivalGap = (long) (1e9 / settings.cps());
    long nextArrival = t0;
    long nextProgress = t0 + PROGRESS_NANOS;
    Double lastNodeCpu = nodeStart.cpuSeconds();
    while (true) {
      long now = System.nanoTime();
      boolean arriving = settings.durationSeconds() > 0 ? now < end : attempted < settings.sessions();
      if (arriving && now >= nextArrival && active.size() + pendingCreates < settings.sessions()) {
        create(recordings.get(attempted % recordings.size()), attempted);
        nextArrival += arrivalGap;
      }
      for (FaxReplay r; (r = created.poll()) != null; ) {
        pendingCreates--;
        r.start(now);
        active.add(new Running(r, now));
        maxConcurrent = Math.max(maxConcurrent, active.size());
      }
      pace(now);
      if (settings.readReplies()) {
        far.drain();
      }
      for (String outcome; (outcome = outcomes.poll()) != null; ) {
        pendingEnds--;
        count(outcome);
      }
      for (String refusal; (refusal = refusals.poll()) != null; ) {
        pendingCreates--;
        count(refusal);
      }
      if (now >= nextProgress) {
        nextProgress += PROGRESS_NANOS;
        Double nodeCpu = NodeReadings.cpuSeconds(settings.nodePid());
        String share = nodeCpu == null || lastNodeCpu == null ? "not measured"
            : String.format("%.0f%% of a core", (nodeCpu - lastNodeCpu) * 1e9 / PROGRESS_NANOS * 100);
        lastNodeCpu = nodeCpu;
        int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
        progress.printf("load: %.0f s, %d sessions up, %d events in (%d failed), %d datagrams sent, %d late, node CPU %s%n",
            (now - t0) / 1e9, active.size(), succeeded + failed, failed, sent, late, share);
        progress.flush();
      }
      if (!arriving && active.isEmpty() && pendingCreates == 0 && pendingEnds == 0) {
        break;
      }
      LockSupport.parkNanos(LOOP_NANOS);
    }
    if (settings.readReplies()) {
      far.drain(); // what the node sent before the last session's end answer
    }
    Result result = new Result(attempted, succeeded, failures, (System.nanoTime() - t0) / 1e9, channelSeconds,
        ownCpuSeconds() - cpu0, sent, settings.readReplies() ? far.received : null, dropped, late, maxLateNanos,
        new GcSummary(gc.count(), gc.maxMillis(), gc.totalMillis()), maxConcurrent, nodeStart,
        NodeReadings.read(http, settings.node(), settings.nodePid()));
    Double nodeCpu = result.nodeCpuSeconds();
    if (nodeCpu != null && result.generatorCpuSeconds() > GENERATOR_CPU_SHARE * nodeCpu) {
      progress.printf("load: WARNING the generator used %.1f s of CPU, more than %.0f%% of the node's %.1f s: on a shared "
          + "core it, not the node, may be the limit%n", result.generatorCpuSeconds(), GENERATOR_CPU_SHARE * 100, nodeCpu);
      progress.flush();
    }
    if (maxLateNanos >= BREAKING_LATE_NANOS) {
      progress.printf("load: WARNING the generator sent datagrams up to %.0f ms late (its own garbage collections: %d, "
          + "the longest %d ms): an audio datagram later than the node's playout delay (60 ms by default) breaks a "
          + "replayed fax, so failures in this run may be the generator's, not the node's%n", maxLateNanos / 1e6,
          gc.count(), gc.maxMillis());
      progress.flush();
    }
    return result;
  }

  /** Sends what is due in every replay and ends the replays that are over. */
  private void pace(long now) throws IOException {
    for (Iterator<Running> it = active.iterator(); it.hasNext(); ) {
      Running r = it.next();
      FaxReplay replay = r.replay;
      long sentBefore = replay.sent;
      long lateBefore = replay.late;
      long droppedBefore = replay.dropped;
      if (replay.sendDue(now) && r.sentAllNanos == 0) {
        r.sentAllNanos = now;
      }
      sent += replay.sent - sentBefore;
      late += replay.late - lateBefore;
      maxLateNanos = Math.max(maxLateNanos, replay.maxLateNanos);
      dropped += replay.dropped - droppedBefore;
      if (r.sentAllNanos != 0 && now - r.sentAllNanos >= TAIL_NANOS) {
        it.remove();
        channelSeconds += (now - r.startNanos) / 1e9;
        end(replay);
      }
    }
  }

  private void create(RecordedFax fax, int index) throws IOException {
    attempted++;
    pendingCreates++;
    String mode = fax.name().startsWith(T38_RELAY + "-") ? T38_RELAY
        : fax.name().startsWith(AUDIO_RELAY + "-") ? AUDIO_RELAY : "gateway";
    boolean rtpA = !mode.equals(T38_RELAY);
    boolean rtpB = mode.equals(AUDIO_RELAY);
    JsonObject legs = new JsonObject()
        .put("a", new JsonObject().put(rtpA ? "rtp" : "udptl", far.address(0, index)))
        .put("b", new JsonObject().put(rtpB ? "rtp" : "udptl", far.address(1, index)));
    JsonObject body = new JsonObject().put("mode", mode).put("legs", legs);
    http.sendAsync(request("/sessions").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
          if (error != null || response.statusCode() != 201) {
            String cause = "create: " + (error != null ? error.getClass().getSimpleName() : response.statusCode() + " "
                + errorCode(response.body()));
            if (refusalsShown.add(cause)) { // the node's own words, once per cause
              progress.printf("load: %s: %s%n", cause, error != null ? error.getMessage() : response.body());
              progress.flush();
            }
            refusals.add(cause);
            return;
          }
          JsonObject session = new JsonObject(response.body());
          JsonObject local = session.getJsonObject("legs");
          created.add(new FaxReplay(fax, session.getString("sessionId"), rtpA, rtpB, far.socket(0, index),
              far.socket(1, index), socket(local.getJsonObject("a").getString("local")),
              socket(local.getJsonObject("b").getString("local")), settings.impairment(), index));
        });
  }

  private void end(FaxReplay replay) {
    pendingEnds++;
    http.sendAsync(request("/sessions/" + replay.sessionId).DELETE().build(), HttpResponse.BodyHandlers.ofString())
        .whenComplete((response, error) -> {
          if (error != null || response.statusCode() != 200) {
            outcomes.add("end: " + (error != null ? error.getClass().getSimpleName() : response.statusCode() + " "
                + errorCode(response.body())));
            return;
          }
          JsonObject event = new JsonObject(response.body());
          String status = event.getString("status");
          int pages = event.getInteger("pages", 0);
          outcomes.add("SUCCESS".equals(status) && pages == RECORDED_PAGES ? "ok"
              : status + " " + event.getString("error") + (pages == RECORDED_PAGES ? "" : " (" + pages + " pages)"));
        });
  }

  private void count(String outcome) {
    if (outcome.equals("ok")) {
      succeeded++;
    } else {
      failures.merge(outcome, 1, Integer::sum);
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(settings.node().resolve(path)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json");
    return settings.token() == null || settings.token().isEmpty() ? b : b.header("Authorization", "Bearer " + settings.token());
  }

  private static String errorCode(String body) {
    try {
      return new JsonObject(body).getString("error");
    } catch (RuntimeException notJson) {
      return "";
    }
  }

  private static InetSocketAddress socket(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static double ownCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
        / 1e9;
  }
}
