package dev.faxgate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a load run reads off the node it drives, at its start and end: from the node's
 * {@code /metrics} the event-loop lag and media-tick lateness histograms, the heap after GC and the
 * live threads, the media datagram and tick counters; from {@code /proc/PID} (same machine, with the node's pid) its CPU time, resident
 * memory and open file descriptors. A reading that is not available is null, never a guess.
 */
record NodeReadings(Double cpuSeconds, Long rssBytes, Long openFiles, Double heapAfterGcBytes, Double threads,
    Double packetsIn, Double packetsOut, Double strangers, Double ticksOverrun, Double ticksSkipped,
    Map<Double, Double> lagBuckets, Map<Double, Double> tickLatenessBuckets) {

  static final String LAG = "faxgate_eventloop_lag_seconds_bucket";
  static final String TICK_LATENESS = "faxgate_media_tick_lateness_seconds_bucket";
  private static final String HEAP_AFTER_GC = "jvm_gc_live_data_size_bytes";
  private static final String THREADS = "jvm_threads_live_threads";
  private static final String PACKETS_IN = "faxgate_media_packets_in_total";
  private static final String PACKETS_OUT = "faxgate_media_packets_out_total";
  private static final String STRANGERS = "faxgate_media_packets_stranger_total";
  private static final String OVERRUN = "faxgate_media_ticks_overrun_total";
  private static final String SKIPPED = "faxgate_media_ticks_skipped_total";

  /** Reads the node now; {@code pid} 0 leaves the /proc readings out. */
  static NodeReadings read(HttpClient http, URI node, long pid) {
    String metrics = scrape(http, node);
    return new NodeReadings(cpuSeconds(pid), statusKb(pid, "VmRSS:"), openFiles(pid), value(metrics, HEAP_AFTER_GC),
        value(metrics, THREADS), value(metrics, PACKETS_IN), value(metrics, PACKETS_OUT), value(metrics, STRANGERS),
        value(metrics, OVERRUN), value(metrics, SKIPPED), buckets(metrics, LAG), buckets(metrics, TICK_LATENESS));
  }

  /**
   * The {@code q} quantile, in milliseconds, of what a histogram recorded between {@code start} and
   * {@code end} (cumulative bucket counts by upper bound in seconds), interpolated inside its bucket;
   * null with no samples. Past the last finite bound it is that bound: "at least".
   */
  static Double quantileMillis(Map<Double, Double> start, Map<Double, Double> end, double q) {
    TreeMap<Double, Double> delta = new TreeMap<>();
    end.forEach((le, count) -> delta.put(le, count - start.getOrDefault(le, 0.0)));
    Double total = delta.get(Double.POSITIVE_INFINITY);
    if (total == null || total <= 0) {
      return null;
    }
    double rank = q * total;
    double lowerBound = 0;
    double below = 0;
    for (Map.Entry<Double, Double> e : delta.entrySet()) {
      if (e.getValue() >= rank) {
        if (e.getKey().isInfinite()) {
          return lowerBound * 1000;
        }
        double inBucket = e.getValue() - below;
        double fraction = inBucket <= 0 ? 1 : (rank - below) / inBucket;
        return (lowerBound + fraction * (e.getKey() - lowerBound)) * 1000;
      }
      lowerBound = e.getKey();
      below = e.getValue();
    }
    return lowerBound * 1000;
  }

  private static String scrape(HttpClient http, URI node) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(node.resolve("/metrics")).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Cumulative counts by upper bound (seconds) of one histogram, summed over its label sets. */
  static Map<Double, Double> buckets(String metrics, String name) {
    Map<Double, Double> counts = new TreeMap<>();
    for (String line : metrics.split("\n")) {
      if (!line.startsWith(name + "{")) {
        continue;
      }
      int le = line.indexOf("le=\"");
      int close = le < 0 ? -1 : line.indexOf('"', le + 4);
      if (close < 0) {
        continue;
      }
      String bound = line.substring(le + 4, close);
      double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
      counts.merge(upper, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
    }
    return counts;
  }

  /** The sum over label sets of a plain metric; null when the node does not export it. */
  static Double value(String metrics, String name) {
    Double sum = null;
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        sum = sum == null ? v : sum + v;
      }
    }
    return sum;
  }

  /** User + system CPU seconds of {@code pid}, from /proc/PID/stat. */
  static Double cpuSeconds(long pid) {
    if (pid <= 0) {
      return null;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (USER_HZ 100)
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Long statusKb(long pid, String field) {
    if (pid <= 0) {
      return null;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  private static Long openFiles(long pid) {
    if (pid <= 0) {
      return null;
    }
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
