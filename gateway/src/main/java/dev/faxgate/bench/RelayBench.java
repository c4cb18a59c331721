package dev.faxgate.bench;

import dev.faxgate.relay.DatagramSink;
import dev.faxgate.gateway.GatewayRelay;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.rtp.G711;
import dev.faxgate.udptl.UdptlErrorCorrection;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Replays a {@link RecordedFax} through N gateway relays in memory, as fast as possible, on one
 * thread: each 20 ms tick delivers the datagrams recorded in it to every relay, then ticks every
 * relay (their output is discarded). The figure is the thread's CPU time per simulated second
 * per channel, which is what {@code faxpeer bench-gateway} reports for spandsp's gateway.
 */
public final class RelayBench {
  /** Simulated seconds after the last datagram, so the relays finish what they still play. */
  private static final int TAIL_TICKS = 150;
  /** Untimed replays before the timed ones: at least this long (and two replays). */
  private static final long WARM_UP_NANOS = 3_000_000_000L;

  /** One timed run's figures, and what relay 0 made of the fax. */
  public record Result(double simSeconds, double cpuSecondsPerSimSecondPerChannel, double bytesPerTickPerChannel,
      int pages, String outcome, long[] runsNanos) {}

  private RelayBench() {}

  private static GatewayRelay relay(long seed) {
    T38Relay.LegConfig t38 = new T38Relay.LegConfig(0, UdptlErrorCorrection.REDUNDANCY, 3, 3, 3, 3, 3, 1400);
    return new GatewayRelay(MediaProcessor.LEG_A, G711.PT_PCMU, 3, t38, T30Supervisor.Policy.permissive(), 0, seed);
  }

  /** Replays the recording once through one relay, untimed (for tests); returns the relay. */
  public static GatewayRelay replay(RecordedFax fax) {
    GatewayRelay[] relays = {relay(1)};
    feed(fax, relays);
    return relays[0];
  }

  /** Every tick of the recording (and the tail) into every relay: its datagrams, then a tick. */
  private static void feed(RecordedFax fax, GatewayRelay[] relays) {
    DatagramSink discard = (leg, buf, off, len) -> { };
    int ticks = ticks(fax);
    int next = 0;
    for (int tick = 0; tick < ticks; tick++) {
      int end = (tick + 1) * 20;
      for (; next < fax.size() && fax.millis(next) < end; next++) {
        byte[] p = fax.payload(next);
        int leg = fax.leg(next) == RecordedFax.AUDIO ? MediaProcessor.LEG_A : MediaProcessor.LEG_B;
        for (GatewayRelay r : relays) {
          r.receive(leg, p, 0, p.length, fax.millis(next) * 8);
        }
      }
      for (GatewayRelay r : relays) {
        r.tick(discard);
      }
    }
  }

  private static int ticks(RecordedFax fax) {
    return fax.durationMillis() / 20 + 1 + TAIL_TICKS;
  }

  /** Runs the recording through {@code channels} relays {@code runs} times (after 3 s of untimed warm-up replays); the median is reported. */
  public static Result run(RecordedFax fax, int channels, int runs) {
    return run(fax, channels, runs, run -> { });
  }

  /** As {@link #run(RecordedFax, int, int)}, calling {@code afterTimedRun} with each timed run's index after it. */
  public static Result run(RecordedFax fax, int channels, int runs, IntConsumer afterTimedRun) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int ticks = ticks(fax);
    long[] nanos = new long[runs];
    long bytes = 0;
    GatewayRelay[] relays = null;
    long warmUntil = System.nanoTime() + WARM_UP_NANOS;
    int warmRuns = 0;
    while (System.nanoTime() < warmUntil || warmRuns < 2) { // untimed: let the JIT compile the whole path first
      GatewayRelay[] warm = new GatewayRelay[channels];
      for (int c = 0; c < channels; c++) {
        warm[c] = relay(c + 1);
      }
      feed(fax, warm);
      warmRuns++;
    }
    for (int run = 0; run < runs; run++) {
      relays = new GatewayRelay[channels];
      for (int c = 0; c < channels; c++) {
        relays[c] = relay(c + 1);
      }
      long thread = Thread.currentThread().getId();
      long a0 = mx.getThreadAllocatedBytes(thread);
      long t0 = mx.getCurrentThreadCpuTime();
      feed(fax, relays);
      long spent = mx.getCurrentThreadCpuTime() - t0;
      long allocated = mx.getThreadAllocatedBytes(thread) - a0;
      nanos[run] = spent;
      bytes = Math.max(bytes, allocated);
      afterTimedRun.accept(run);
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sim = ticks * 0.02;
    double median = sorted[runs / 2] / 1e9;
    var report = relays[0].faxReport();
    String outcome = report.over() ? (report.success() ? "SUCCESS" : "FAILED: " + report.statusStr()) : "running";
    return new Result(sim, median / sim / channels, (double) bytes / ticks / channels, report.pages(), outcome, nanos);
  }
}
