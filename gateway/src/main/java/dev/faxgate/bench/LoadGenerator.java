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
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives gateway sessions into a running node as a controller and two far ends would: creates each
 * session over the node's HTTP control API (arrivals at a given rate, up to a target concurrency),
 * replays a recorded real fax into it over UDP from both far ends ({@link FaxReplay}), ends it when
 * the recording is over, and checks its completion event: {@code SUCCESS} with the recording's
 * pages. One thread paces every replay; the HTTP calls are asynchronous.
 */
final class LoadGenerator {
  /** A send this much after its recorded time counts as late. */
  static final long LATE_NANOS = 5_000_000L;
  /** Pages of every shipped recording (GatewayRelayReplayTest checks them on the in-memory gateway). */
  static final int RECORDED_PAGES = 3;
  /** After its last datagram, time for the gateway to play out what it holds and end the session on DCN. */
  static final long TAIL_NANOS = 4_000_000_000L;
  private static final long PROGRESS_NANOS = 5_000_000_000L;

  /**
   * @param sessions the target concurrency; with {@code durationSeconds} 0 also the number of faxes
   * @param durationSeconds keep {@code sessions} faxes running this long, then drain (0: one fax per session)
   * @param nodePid the node's process id, to read its CPU time from /proc (0: not measured)
   */
  record Settings(URI node, String token, int sessions, double cps, double durationSeconds, List<String> mix,
      String host, long nodePid) {}

  /** What one run found. */
  record Result(int attempted, int succeeded, Map<String, Integer> failures, double wallSeconds,
      double channelSeconds, double generatorCpuSeconds, Double nodeCpuSeconds, long datagramsSent,
      long datagramsReceived, long lateSends, int maxConcurrent) {

    JsonObject toJson() {
      JsonObject failed = new JsonObject();
      failures.forEach(failed::put);
      return new JsonObject().put("sessions_attempted", attempted).put("sessions_succeeded", succeeded)
          .put("sessions_failed", attempted - succeeded).put("failures", failed)
          .put("max_concurrent", maxConcurrent).put("wall_seconds", round(wallSeconds))
          .put("channel_seconds", round(channelSeconds)).put("generator_cpu_seconds", round(generatorCpuSeconds))
          .put("node_cpu_seconds", nodeCpuSeconds == null ? null : round(nodeCpuSeconds))
          .put("node_cpu_ms_per_channel_second",
              nodeCpuSeconds == null || channelSeconds == 0 ? null : round(nodeCpuSeconds * 1000 / channelSeconds))
          .put("datagrams_sent", datagramsSent).put("datagrams_received", datagramsReceived)
          .put("late_sends", lateSends);
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
  private final List<Running> active = new ArrayList<>();
  private final Map<String, Integer> failures = new TreeMap<>();
  private final ByteBuffer scratch = ByteBuffer.allocateDirect(65_536);
  private int attempted;
  private int succeeded;
  private int pendingCreates;
  private int pendingEnds;
  private int maxConcurrent;
  private long sent;
  private long received;
  private long late;
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
        throw new IllegalArgumentException("--mix takes DIRECTION-MODEM names, e.g. audio-to-t38-v17, not " + name);
      }
      recordings.add(RecordedFax.load(name.substring(0, dash), name.substring(dash + 1)));
    }
  }

  Result run() throws IOException {
    long t0 = System.nanoTime();
    double cpu0 = ownCpuSeconds();
    Double node0 = nodeCpuSeconds();
    long end = settings.durationSeconds() > 0 ? t0 + (long) (settings.durationSeconds() * 1e9) : Long.MAX_VALUE;
    long arrivalGap = (long) (1e9 / settings.cps());
    long nextArrival = t0;
    long nextProgress = t0 + PROGRESS_NANOS;
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
        int failed = failures.values().stream().mapToInt(Integer::intValue).sum();
        progress.printf("load: %.0f s, %d sessions up, %d ended (%d failed), %d datagrams sent, %d late%n",
            (now - t0) / 1e9, active.size(), succeeded + failed, failed, sent, late);
        progress.flush();
      }
      if (!arriving && active.isEmpty() && pendingCreates == 0 && pendingEnds == 0) {
        break;
      }
      LockSupport.parkNanos(500_000);
    }
    Double node1 = nodeCpuSeconds();
    return new Result(attempted, succeeded, failures, (System.nanoTime() - t0) / 1e9, channelSeconds,
        ownCpuSeconds() - cpu0, node0 == null || node1 == null ? null : node1 - node0, sent, received, late,
        maxConcurrent);
  }

  /** Sends what is due in every replay, reads what came back, and ends the replays that are over. */
  private void pace(long now) throws IOException {
    for (Iterator<Running> it = active.iterator(); it.hasNext(); ) {
      Running r = it.next();
      FaxReplay replay = r.replay;
      long sentBefore = replay.sent;
      long lateBefore = replay.late;
      long receivedBefore = replay.received;
      if (replay.sendDue(now) && r.sentAllNanos == 0) {
        r.sentAllNanos = now;
      }
      replay.drain(scratch);
      sent += replay.sent - sentBefore;
      late += replay.late - lateBefore;
      received += replay.received - receivedBefore;
      if (r.sentAllNanos != 0 && now - r.sentAllNanos >= TAIL_NANOS) {
        it.remove();
        channelSeconds += (now - r.startNanos) / 1e9;
        replay.close();
        end(replay);
      }
    }
  }

  private void create(RecordedFax fax, int index) throws IOException {
    attempted++;
    pendingCreates++;
    DatagramChannel[] far = FaxReplay.openFarEnds(settings.host());
    String a = address(far[0]);
    String b = address(far[1]);
    JsonObject body = new JsonObject().put("mode", "gateway").put("legs", new JsonObject()
        .put("a", new JsonObject().put("rtp", a)).put("b", new JsonObject().put("udptl", b)));
    http.sendAsync(request("/sessions").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
          if (error != null || response.statusCode() != 201) {
            closeQuietly(far);
            refusals.add("create: " + (error != null ? error.getClass().getSimpleName() : response.statusCode() + " "
                + errorCode(response.body())));
            return;
          }
          JsonObject session = new JsonObject(response.body());
          JsonObject legs = session.getJsonObject("legs");
          created.add(new FaxReplay(fax, session.getString("sessionId"), far[0], far[1],
              socket(legs.getJsonObject("a").getString("local")), socket(legs.getJsonObject("b").getString("local")),
              index));
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

  private static String address(DatagramChannel c) throws IOException {
    InetSocketAddress local = (InetSocketAddress) c.getLocalAddress();
    return local.getAddress().getHostAddress() + ":" + local.getPort();
  }

  private static InetSocketAddress socket(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static void closeQuietly(DatagramChannel[] channels) {
    for (DatagramChannel c : channels) {
      try {
        c.close();
      } catch (IOException ignored) {
        // a far end whose session was refused
      }
    }
  }

  private static double ownCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
        / 1e9;
  }

  /** The node's user + system CPU seconds from /proc/PID/stat (null without a pid or /proc). */
  private Double nodeCpuSeconds() {
    if (settings.nodePid() <= 0) {
      return null;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(settings.nodePid()), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (USER_HZ 100)
    } catch (IOException | RuntimeException e) {
      progress.println("load: cannot read the node's CPU time from /proc/" + settings.nodePid() + ": " + e);
      return null;
    }
  }
}
