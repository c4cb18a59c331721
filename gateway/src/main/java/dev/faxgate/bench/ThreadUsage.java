package dev.faxgate.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CPU time and allocated bytes of every live Java thread, and the process's CPU time, at one
 * instant: two snapshots give what the whole JVM spent between them, split into the threads
 * the benchmark drives the traffic with and everything else (the gateway: Vert.x event loops,
 * Netty, timers).
 *
 * <p>Honest limits: a thread that ends between the snapshots takes its figures with it (the
 * media plane's threads live as long as the node); JVM-internal threads (GC, JIT compilers)
 * are not Java threads, so they are only in the process CPU time, which also includes the
 * driver threads.
 */
final class ThreadUsage {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  final long nanoTime;
  final long processCpu;
  final long gcCount;
  final long jitMillis;
  final Map<Long, long[]> byThread = new HashMap<>();
  final Map<Long, String> names = new HashMap<>();

  private ThreadUsage() {
    THREADS.setThreadAllocatedMemoryEnabled(true);
    THREADS.setThreadCpuTimeEnabled(true);
    long[] ids = THREADS.getAllThreadIds();
    long[] cpu = THREADS.getThreadCpuTime(ids);
    long[] alloc = THREADS.getThreadAllocatedBytes(ids);
    processCpu = OS.getProcessCpuTime();
    nanoTime = System.nanoTime();
    for (int i = 0; i < ids.length; i++) {
      if (cpu[i] >= 0 && alloc[i] >= 0) {
        byThread.put(ids[i], new long[] {cpu[i], alloc[i]});
      }
    }
    for (ThreadInfo info : THREADS.getThreadInfo(ids)) {
      if (info != null) {
        names.put(info.getThreadId(), info.getThreadName());
      }
    }
    long gc = 0;
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, bean.getCollectionCount());
    }
    gcCount = gc;
    var jit = ManagementFactory.getCompilationMXBean();
    jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
  }

  static ThreadUsage take() {
    return new ThreadUsage();
  }

  /** What the threads spent from {@code start} to this snapshot. */
  Delta since(ThreadUsage start, Set<Long> driverThreads) {
    Delta d = new Delta();
    d.nanos = nanoTime - start.nanoTime;
    d.processCpu = processCpu - start.processCpu;
    d.gcCount = gcCount - start.gcCount;
    d.jitMillis = jitMillis < 0 ? -1 : jitMillis - start.jitMillis;
    for (Map.Entry<Long, long[]> e : byThread.entrySet()) {
      long[] before = start.byThread.getOrDefault(e.getKey(), new long[2]);
      long cpu = e.getValue()[0] - before[0];
      long alloc = e.getValue()[1] - before[1];
      if (driverThreads.contains(e.getKey())) {
        d.driverCpu += cpu;
        d.driverAlloc += alloc;
      } else {
        d.gatewayCpu += cpu;
        d.gatewayAlloc += alloc;
        d.threads.add(new ThreadFigures(names.getOrDefault(e.getKey(), "#" + e.getKey()), cpu, alloc));
      }
    }
    d.threads.sort(Comparator.comparingLong(ThreadFigures::cpu).reversed());
    return d;
  }

  /** One thread's spending between two snapshots. */
  record ThreadFigures(String name, long cpu, long alloc) {
    String perPacket(double packets) {
      return String.format(Locale.ROOT, "%s: %.0f ns, %.0f B", name, cpu / packets, alloc / packets);
    }
  }

  /** The difference of two snapshots. */
  static final class Delta {
    long nanos;
    long processCpu;
    long gcCount;
    /** Milliseconds the JIT compilers spent compiling, or -1 when the JVM does not say. */
    long jitMillis;
    long gatewayCpu;
    long gatewayAlloc;
    long driverCpu;
    long driverAlloc;
    final List<ThreadFigures> threads = new ArrayList<>();
  }
}
