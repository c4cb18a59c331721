package dev.faxgate.bench;

import java.lang.management.ManagementFactory;
import java.util.function.IntFunction;

/**
 * Measures a media processor in memory, on the calling thread: wall time, CPU time and bytes
 * allocated per packet of a {@link PacketWorkload}, after a warm-up long enough for the JIT to
 * have compiled the path and for every session to have grown its buffers (at least {@code
 * warmupSeconds}, at least {@code warmupPackets} and at least {@value #PER_SESSION_WARMUP} per
 * session).
 *
 * <p>Allocation is read with {@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}
 * around the measured loop: it counts every byte the thread allocated, TLAB-exact, so a
 * steady-state path that allocates nothing reads 0 whatever escape analysis did or did not
 * remove. Nothing else runs on this thread meanwhile; the figure is the processor's own (the
 * harness's loop and {@link CountingSink} allocate nothing, and the probe's own cost is
 * measured and taken off).
 *
 * <p>No Vert.x here: this is the media path as plain Java, as the design asks it to be.
 */
public final class ProcessorBench {
  /** Packets per call of the workload: large enough to amortise the call, small enough to poll the clock. */
  private static final int CHUNK = 10_000;
  /**
   * Warm-up packets per session at the least: twice the UDPTL receive ring (256 datagrams), whose
   * slots grow on first use; before that a session is still setting up, not in steady state.
   */
  static final int PER_SESSION_WARMUP = 512;

  /** What to run: the in-memory items' settings. */
  public record Settings(long packets, int sessions, double warmupSeconds, long warmupPackets) {}

  private final com.sun.management.ThreadMXBean threads;

  public ProcessorBench() {
    threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    if (!threads.isThreadAllocatedMemorySupported() || !threads.isCurrentThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot count a thread's allocated bytes or CPU time");
    }
    threads.setThreadAllocatedMemoryEnabled(true);
    threads.setThreadCpuTimeEnabled(true);
  }

  /** {@code rtp-processor}: AudioRelay receive + tick per packet. */
  public BenchLine rtp(Settings s) {
    return measure("rtp-processor", s, RtpProcessorWorkload::new,
        "AudioRelay.receive of a 172-octet PCMU packet + tick (playout, u-law->A-law, packetise), in memory, one thread");
  }

  /**
   * {@code rtp-processor-watch}: what the audio relay's T.30 watch (V.21 and HDLC on the played
   * audio, {@code AudioRelay.watchFax}) adds to a packet. The same V.21 traffic through unwatched
   * and watched relays, one after the other in this run; the line is the watched one's, with the
   * unwatched figure, the difference and their ratio.
   */
  public BenchLine rtpWatch(Settings s) {
    byte[][] v21 = FaxTraffic.v21Cycle();
    BenchLine plain = measure("rtp-processor-watch", s, n -> new RtpProcessorWorkload(n, false, v21), "");
    BenchLine watched = measure("rtp-processor-watch", s, n -> new RtpProcessorWorkload(n, true, v21),
        "AudioRelay.receive of a 172-octet PCMU packet of V.21 flags + tick, relays watching T.30 (V21Rx + HdlcRx on "
            + "the played frame) vs not, the same traffic measured both ways in this run, in memory, one thread");
    double p = (Double) plain.get("cpu_ns_per_packet");
    double w = (Double) watched.get("cpu_ns_per_packet");
    // a session plays out both directions, each one frame per 20 ms: two demodulated frames per tick
    double coreFractionPerSession = Math.max(0, w - p) * 2 * FaxTraffic.PACKETS_PER_SECOND / 1e9;
    return watched
        .put("unwatched_cpu_ns_per_packet", p)
        .put("unwatched_bytes_allocated_per_packet", plain.get("bytes_allocated_per_packet"))
        .put("watch_cpu_ns_per_packet", w - p)
        .put("watched_over_unwatched", p > 0 ? w / p : Double.NaN)
        .put("watch_percent_of_core_per_session", 100 * coreFractionPerSession);
  }

  /** {@code udptl-processor}: T38Relay receive + tick per datagram. */
  public BenchLine udptl(Settings s) {
    return measure("udptl-processor", s, UdptlProcessorWorkload::new,
        "T38Relay.receive of a UDPTL datagram (v0, redundancy 3, IFP 40-200 octets) -> v3 + FEC, + tick, in memory, one thread");
  }

  /** Measures any workload (package-private: the test checks the probe sees allocation). */
  BenchLine measure(String item, Settings s, IntFunction<PacketWorkload> factory, String what) {
    PacketWorkload w = factory.apply(s.sessions());
    long probe = probeCost();
    long warmStart = System.nanoTime();
    long warmed = 0;
    long minimum = Math.max(s.warmupPackets(), (long) PER_SESSION_WARMUP * s.sessions());
    while (warmed < minimum || System.nanoTime() - warmStart < (long) (s.warmupSeconds() * 1e9)) {
      w.run(CHUNK);
      warmed += CHUNK;
    }
    long warmNanos = System.nanoTime() - warmStart;
    long out0 = w.datagramsOut();

    long alloc0 = threads.getCurrentThreadAllocatedBytes();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (long left = s.packets(); left > 0; left -= CHUNK) {
      w.run((int) Math.min(CHUNK, left));
    }
    long t1 = System.nanoTime();
    long cpu1 = threads.getCurrentThreadCpuTime();
    long alloc1 = threads.getCurrentThreadAllocatedBytes();

    double n = s.packets();
    long allocated = Math.max(0, alloc1 - alloc0 - probe);
    double nsPerPacket = (t1 - t0) / n;
    return BenchLine.item(item)
        .put("packets", s.packets())
        .put("ns_per_packet", nsPerPacket)
        .put("bytes_allocated_per_packet", allocated / n)
        .stamp()
        .put("sessions", w.sessions())
        .put("cpu_ns_per_packet", (cpu1 - cpu0) / n)
        .put("bytes_allocated", allocated)
        .put("seconds", (t1 - t0) / 1e9)
        .put("warmup_packets", warmed)
        .put("warmup_seconds", warmNanos / 1e9)
        .put("datagrams_out", w.datagramsOut() - out0)
        .put("checksum", w.checksum())
        .put("what", what);
  }

  /** Bytes the two probe calls themselves allocate (0 on HotSpot; measured, not assumed). */
  private long probeCost() {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      long a = threads.getCurrentThreadAllocatedBytes();
      threads.getCurrentThreadCpuTime();
      long b = threads.getCurrentThreadAllocatedBytes();
      min = Math.min(min, b - a);
    }
    return min;
  }
}
