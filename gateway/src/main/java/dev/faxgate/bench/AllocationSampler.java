package dev.faxgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Tells apart who allocates on the media path through sockets, where per-thread counters cannot
 * (the gateway's verticles and Netty share the event-loop threads): a JFR recording of
 * {@code jdk.ObjectAllocationSample} events with stack traces, each sample weighted by the bytes
 * it stands for, classified by its stack into
 * <ul>
 *   <li>{@code gateway_code}: the allocating method is the gateway's ({@code dev.faxgate..});</li>
 *   <li>{@code library_called_by_gateway}: a Vert.x, Netty or JDK method allocates, called from
 *       the gateway (e.g. {@code Buffer.buffer()} in the I/O verticle's send);</li>
 *   <li>{@code vertx_netty}: no gateway frame on the stack (Netty's read loop, Vert.x's
 *       per-datagram objects, timers).</li>
 * </ul>
 * Sampled, so an estimate: it is run in its own window after the measured one, to keep JFR's
 * own work out of the measured figures, and it reports how many samples it rests on. HotSpot
 * takes a sample only when a thread needs a new TLAB; with adaptive TLABs (the default) an event
 * loop allocating a few MB/s gets one every second or so, far too few to split anything. Run
 * the JVM with {@value #SMALL_TLABS} for a split worth reading ({@code reliable} says so).
 */
final class AllocationSampler implements AutoCloseable {
  private static final String EVENT = "jdk.ObjectAllocationSample";
  private static final int TOP_SITES = 5;
  /** Samples below which the split is not worth reading. */
  private static final int RELIABLE_SAMPLES = 300;
  /** JVM options that make samples frequent. */
  static final String SMALL_TLABS = "-XX:TLABSize=2k -XX:-ResizeTLAB";

  private final Recording recording = new Recording();
  private boolean closed;

  private AllocationSampler() {
    recording.enable(EVENT).with("throttle", "2000/s").withStackTrace();
    recording.setName("faxgate-bench-allocations");
    recording.setToDisk(true);
  }

  static AllocationSampler start() {
    AllocationSampler s = new AllocationSampler();
    s.recording.start();
    return s;
  }

  /** Stops the recording and classifies its samples, leaving out the driver threads'; {@code packets} sent meanwhile. */
  BenchLine stop(Set<Long> driverThreads, long packets) throws IOException {
    recording.stop();
    Path file = Files.createTempFile("faxgate-bench-", ".jfr");
    try {
      recording.dump(file);
      return classify(RecordingFile.readAllEvents(file), driverThreads, packets);
    } finally {
      close();
      Files.deleteIfExists(file);
    }
  }

  /** Stops and discards the recording (also after {@link #stop}). */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      recording.close();
    }
  }

  private static BenchLine classify(List<RecordedEvent> recorded, Set<Long> driverThreads, long packets) {
    List<RecordedEvent> events = new ArrayList<>(recorded);
    events.sort(java.util.Comparator.comparing(RecordedEvent::getStartTime));
    Set<Long> seen = new java.util.HashSet<>();
    long samples = 0;
    long total = 0;
    long[] byKind = new long[3];
    Map<String, Long> sites = new HashMap<>();
    Map<String, Long> classes = new HashMap<>();
    for (RecordedEvent e : events) {
      if (!e.getEventType().getName().equals(EVENT)) {
        continue;
      }
      RecordedThread t = e.getThread("eventThread");
      if (t == null || driverThreads.contains(t.getJavaThreadId()) || isJfr(t)) {
        continue;
      }
      if (seen.add(t.getJavaThreadId())) {
        continue; // a thread's first sample weighs everything it allocated since its previous one, before the window
      }
      long weight = e.getLong("weight");
      RecordedStackTrace stack = e.getStackTrace();
      List<RecordedFrame> frames = stack == null ? List.of() : stack.getFrames();
      int gateway = -1;
      for (int i = 0; i < frames.size() && gateway < 0; i++) {
        if (isGateway(frames.get(i))) {
          gateway = i;
        }
      }
      int kind = gateway == 0 ? 0 : gateway > 0 ? 1 : 2;
      byKind[kind] += weight;
      total += weight;
      samples++;
      String type = e.getClass("objectClass") == null ? "?" : e.getClass("objectClass").getName();
      classes.merge(type, weight, Long::sum);
      sites.merge(gateway >= 0 ? frame(frames.get(gateway)) : firstOutsideJdk(frames), weight, Long::sum);
    }
    long sum = Math.max(1, total);
    return BenchLine.object()
        .put("samples", samples)
        .put("reliable", samples >= RELIABLE_SAMPLES)
        .put("adaptive_tlabs", adaptiveTlabs())
        .put("packets", packets)
        .put("sampled_bytes_per_packet", packets == 0 ? 0.0 : (double) total / packets)
        .put("gateway_code_pct", 100.0 * byKind[0] / sum)
        .put("library_called_by_gateway_pct", 100.0 * byKind[1] / sum)
        .put("vertx_netty_pct", 100.0 * byKind[2] / sum)
        .put("top_sites", top(sites, total))
        .put("top_classes", top(classes, total));
  }

  /** The heaviest entries as {@code "42% name"}. */
  private static List<String> top(Map<String, Long> weights, long total) {
    List<String> top = new ArrayList<>();
    weights.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP_SITES)
        .forEach(e -> top.add(String.format(Locale.ROOT, "%.0f%% %s", 100.0 * e.getValue() / Math.max(1, total), e.getKey())));
    return top;
  }

  /** The first frame that is not the JDK's: the library code that asked for the allocation. */
  private static String firstOutsideJdk(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String type = f.getMethod() == null ? "" : f.getMethod().getType().getName();
      if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
        return frame(f);
      }
    }
    return frames.isEmpty() ? "?" : frame(frames.get(0));
  }

  /** Whether the JVM sizes TLABs adaptively (then samples are rare; see the class comment). */
  static boolean adaptiveTlabs() {
    try {
      var hotspot = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      return !"false".equals(hotspot.getVMOption("ResizeTLAB").getValue());
    } catch (RuntimeException e) {
      return true;
    }
  }

  private static boolean isGateway(RecordedFrame f) {
    if (f.getMethod() == null || f.getMethod().getType() == null) {
      return false;
    }
    String type = f.getMethod().getType().getName();
    return type.startsWith("dev.faxgate.") && !type.startsWith("dev.faxgate.bench.");
  }

  private static boolean isJfr(RecordedThread t) {
    String name = t.getJavaName();
    return name != null && name.startsWith("JFR ");
  }

  private static String frame(RecordedFrame f) {
    if (f.getMethod() == null) {
      return "?";
    }
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName()
        + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : "");
  }
}
