package dev.faxgate.bench;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.media.Endpoint;
import dev.faxgate.node.FaxgateNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The whole media plane through real sockets, in-process and on 127.0.0.1 only: a
 * {@link FaxgateNode} (no HTTP, no cluster, one media I/O + processing pair) relays
 * {@code sessions} audio-relay (RTP, µ-law -> A-law) or t38-relay (UDPTL, version 0 +
 * redundancy -> version 3 + FEC) sessions created over the bus, between {@link FarEnds} this
 * benchmark owns. Leg a's far ends send at the pace of real media ({@link PacedSender}), leg
 * b's receive ({@link Receiver}).
 *
 * <p>After a paced warm-up, two {@link ThreadUsage} snapshots around the measured packets give
 * the CPU time and the bytes allocated per packet by every thread but the benchmark's own three
 * (main, sender, receiver): the gateway with Vert.x and Netty, per-tick costs (timer, bus hop,
 * batch) included and shared by the packets of that tick. The whole process's CPU (GC, JIT and
 * the driver included) is reported beside it. Then, if asked, an {@link AllocationSampler}
 * window says whose code allocates. Everything started is stopped before returning: sessions,
 * node, threads, channels.
 */
public final class SocketBench {
  private static final long TIMEOUT_MS = 30_000;

  /** What the sessions carry. */
  public enum Transport {
    RTP("rtp-sockets"),
    UDPTL("udptl-sockets");

    final String item;

    Transport(String item) {
      this.item = item;
    }
  }

  /**
   * @param packets packets to measure (rounded up to whole rounds of every session sending one)
   * @param ratePerSession datagrams per second each session's far end sends
   * @param maxSeconds bound on the measured window; fewer packets are measured if needed
   * @param portMin the lowest local media port the node may use ({@link #portRange} from there)
   * @param faxdetect audio-relay sessions run FAXOPT faxdetect=yes (the detection verticle on every frame)
   */
  public record Settings(long packets, int sessions, int ratePerSession, double warmupSeconds, double maxSeconds,
      double attributionSeconds, int portMin, boolean faxdetect) {}

  private SocketBench() {
  }

  /**
   * Local ports the node gets for {@code sessions}: an audio-relay session takes two even ports, so
   * four ports of range per session, and one more for ports other processes may hold (at least 1000).
   */
  public static int portRange(int sessions) {
    return Math.max(1000, 5 * sessions);
  }

  /** Runs one item; progress goes to {@code progress}. */
  public static BenchLine run(Transport transport, Settings s, PrintWriter progress) throws Exception {
    long rounds = (s.packets() + s.sessions() - 1) / s.sessions();
    long maxRounds = Math.max(1, (long) (s.maxSeconds() * s.ratePerSession()));
    boolean capped = rounds > maxRounds;
    long measured = Math.min(rounds, maxRounds) * s.sessions();
    long warmup = Math.round(s.warmupSeconds() * s.ratePerSession()) * s.sessions();
    long attribution = Math.round(s.attributionSeconds() * s.ratePerSession()) * s.sessions();
    if (capped) {
      progress.printf("%s: measuring %d packets, not %d, to stay within %.0f s%n", transport.item, measured, s.packets(),
          s.maxSeconds());
    }

    GatewayConfig config = GatewayConfig.defaults()
        .with(ConfigKey.HTTP_ENABLED, "false")
        .with(ConfigKey.CLUSTER_ENABLED, "false")
        .with(ConfigKey.MEDIA_INSTANCES, "1")
        .with(ConfigKey.MEDIA_HOST, "127.0.0.1")
        .with(ConfigKey.MEDIA_PORT_MIN, Integer.toString(s.portMin()))
        .with(ConfigKey.MEDIA_PORT_MAX, Integer.toString(s.portMin() + portRange(s.sessions()) - 1));
    List<Thread> threads = new ArrayList<>();
    PacedSender sender = null;
    Receiver receiver = null;
    FaxgateNode node = null;
    try (FarEnds far = FarEnds.open(s.sessions())) {
      progress.printf("%s: starting a node and %d sessions%n", transport.item, s.sessions());
      node = await(FaxgateNode.start(config, (dev.faxgate.session.ResultSink) event -> io.vertx.core.Future.succeededFuture()));
      FaxOptClient client = new FaxOptClient(node.vertx());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < s.sessions(); i++) {
        SessionInfo info = await(client.create(session(transport, far, i, s.faxdetect())));
        ids.add(info.sessionId());
        far.connect(i, local(info, "a"), local(info, "b"));
      }

      receiver = new Receiver(far);
      sender = new PacedSender(far, transport == Transport.RTP ? FarEndTraffic.rtp(s.sessions())
          : FarEndTraffic.udptl(s.sessions()), s.ratePerSession());
      Thread rx = new Thread(receiver, "bench-receiver");
      Thread tx = new Thread(sender, "bench-sender");
      threads.add(rx);
      threads.add(tx);
      rx.start();
      tx.start();
      Set<Long> driver = Set.of(Thread.currentThread().getId(), rx.getId(), tx.getId());

      progress.printf("%s: warming up, %.0f s at %d packets/s%n", transport.item, s.warmupSeconds(),
          s.sessions() * s.ratePerSession());
      awaitSent(sender, warmup, s);
      long sent0 = sender.sent();
      long received0 = receiver.received();
      ThreadUsage before = ThreadUsage.take();
      progress.printf("%s: measuring %d packets%n", transport.item, measured);
      awaitSent(sender, sent0 + measured, s);
      ThreadUsage after = ThreadUsage.take();
      long sent1 = sender.sent();
      long received1 = receiver.received();
      ThreadUsage.Delta d = after.since(before, driver);

      BenchLine sampled = null;
      String samplerFailure = null;
      if (attribution > 0) {
        progress.printf("%s: sampling allocations with JFR for %.0f s%n", transport.item, s.attributionSeconds());
        try (AllocationSampler sampler = AllocationSampler.start()) {
          long a0 = sender.sent();
          awaitSent(sender, a0 + attribution, s);
          sampled = sampler.stop(driver, sender.sent() - a0);
        } catch (Exception | LinkageError e) {
          samplerFailure = e.toString(); // no JFR here, or it failed: the totals stand without the split
        }
      }
      sender.stop();
      tx.join(TIMEOUT_MS);
      JsonObject counts = new JsonObject();
      List<Future<CompletionEvent>> ending = ids.stream().map(client::end).toList(); // all at once: a short tail
      for (Future<CompletionEvent> ended : ending) {
        add(counts, await(ended));
      }
      receiver.stop();
      rx.join(TIMEOUT_MS);
      return line(transport, s, d, sent1 - sent0, received1 - received0, capped, sampled, samplerFailure, counts,
          sender, receiver);
    } finally {
      if (sender != null) {
        sender.stop();
      }
      if (receiver != null) {
        receiver.stop();
      }
      for (Thread t : threads) {
        t.join(TIMEOUT_MS);
      }
      if (node != null) {
        node.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      }
    }
  }

  private static BenchLine line(Transport transport, Settings s, ThreadUsage.Delta d, long packets, long received,
      boolean capped, BenchLine sampled, String samplerFailure, JsonObject counts, PacedSender sender,
      Receiver receiver) {
    double n = Math.max(1, packets);
    List<String> perThread = new ArrayList<>();
    d.threads.stream().limit(4).forEach(t -> perThread.add(t.perPacket(n)));
    BenchLine line = BenchLine.item(transport.item)
        .put("packets", packets)
        .put("ns_per_packet", d.gatewayCpu / n)
        .put("bytes_allocated_per_packet", d.gatewayAlloc / n)
        .stamp()
        .put("sessions", s.sessions())
        .put("faxdetect", transport == Transport.RTP && s.faxdetect())
        .put("packets_per_second", s.sessions() * s.ratePerSession())
        .put("packets_sent", packets)
        .put("packets_received", received)
        .put("seconds", d.nanos / 1e9)
        .put("warmup_seconds", s.warmupSeconds())
        .put("all_threads_ns_per_packet", (d.gatewayCpu + d.driverCpu) / n)
        .put("process_cpu_ns_per_packet", d.processCpu / n)
        .put("driver_ns_per_packet", d.driverCpu / n)
        .put("driver_bytes_per_packet", d.driverAlloc / n)
        .put("cpu_load_pct_of_one_core", 100.0 * d.gatewayCpu / d.nanos)
        .put("gc_collections", d.gcCount)
        .put("jit_compile_ms", d.jitMillis)
        .put("top_threads", perThread)
        .put("gateway_counts_whole_run", BenchLine.object()
            .put("a_received", counts.getLong("a_received", 0L))
            .put("a_lost", counts.getLong("a_lost", 0L))
            .put("a_malformed", counts.getLong("a_malformed", 0L))
            .put("b_sent", counts.getLong("b_sent", 0L))
            .put("driver_send_errors", sender.errors())
            .put("driver_receive_errors", receiver.errors()));
    if (capped) {
      line.put("capped", true);
    }
    line.put("allocation_sampled", sampled);
    line.put("note", note(transport, sampled, samplerFailure));
    return line;
  }

  private static String note(Transport transport, BenchLine sampled, String samplerFailure) {
    String base = "ns_per_packet and bytes_allocated_per_packet: every Java thread except the benchmark's "
        + "main/sender/receiver, i.e. the gateway with Vert.x and Netty, per-tick work (timer, bus hop) shared by "
        + "the tick's packets; at a paced rate most CPU is waking up per datagram. process_cpu adds GC, JIT and "
        + "the driver. "
        + (transport == Transport.RTP ? "Leg b is silent, so only a->b is relayed; a_lost counts the frames "
            + "played after the far end stopped, before the session ended. "
            : "Every IFP is decoded and re-encoded (v0 -> v3) and sent with FEC. ");
    if (sampled != null && Boolean.TRUE.equals(sampled.get("reliable"))) {
      return base + "Gateway vs Vert.x/Netty split of allocation: JFR samples in a window after the measured one "
          + "(an estimate).";
    }
    return base + "Totals only: the gateway's verticles and Vert.x/Netty share the event-loop threads, so "
        + "per-thread counters cannot split them"
        + (samplerFailure != null ? "; the JFR sampler failed: " + samplerFailure
            : sampled != null ? "; too few JFR samples for a split: run java " + AllocationSampler.SMALL_TLABS
                + " -jar faxgate.jar bench-media --attribution-seconds 3"
            : "; for a sampled split run java " + AllocationSampler.SMALL_TLABS
                + " -jar faxgate.jar bench-media --attribution-seconds 3")
        + ".";
  }

  private static SessionOptions session(Transport transport, FarEnds far, int i, boolean faxdetect)
      throws java.io.IOException {
    String a = far.address(i, false);
    String b = far.address(i, true);
    if (transport == Transport.RTP) {
      return new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
          .setLeg("a", new LegOptions().setRtp(a).setLaw(LegOptions.Law.ULAW))
          .setLeg("b", new LegOptions().setRtp(b).setLaw(LegOptions.Law.ALAW))
          .putFaxopt("faxdetect", faxdetect ? "yes" : "no");
    }
    return new SessionOptions().setMode(SessionMode.T38_RELAY)
        .setLeg("a", new LegOptions().setUdptl(a).setT38Version(FaxTraffic.VERSION)
            .setEc(LegOptions.ErrorRecovery.REDUNDANCY).setEcDepth(FaxTraffic.REDUNDANCY))
        .setLeg("b", new LegOptions().setUdptl(b).setT38Version(3)
            .setEc(LegOptions.ErrorRecovery.FEC).setEcDepth(3));
  }

  private static InetSocketAddress local(SessionInfo info, String leg) {
    Endpoint e = Endpoint.parse(info.legs().getJsonObject(leg).getString("local"));
    return new InetSocketAddress(e.host(), e.port());
  }

  /** Adds a session's leg counts from its completion event. */
  private static void add(JsonObject counts, CompletionEvent event) {
    JsonObject legs = event.toJson().getJsonObject("legs", new JsonObject());
    JsonObject a = legs.getJsonObject("a", new JsonObject()).getJsonObject("packets", new JsonObject());
    JsonObject b = legs.getJsonObject("b", new JsonObject()).getJsonObject("packets", new JsonObject());
    counts.put("a_received", counts.getLong("a_received", 0L) + a.getLong("received", 0L));
    counts.put("a_lost", counts.getLong("a_lost", 0L) + a.getLong("lost", 0L));
    counts.put("a_malformed", counts.getLong("a_malformed", 0L) + a.getLong("malformed", 0L));
    counts.put("b_sent", counts.getLong("b_sent", 0L) + b.getLong("sent", 0L));
  }

  private static void awaitSent(PacedSender sender, long target, Settings s) throws InterruptedException {
    long needed = Math.max(0, target - sender.sent());
    long deadline = System.nanoTime() + needed * 2_000_000_000L / ((long) s.sessions() * s.ratePerSession())
        + TIMEOUT_MS * 1_000_000L;
    while (sender.sent() < target) {
      if (sender.failure() != null) {
        throw new IllegalStateException("the sender failed", sender.failure());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the sender is far behind its schedule: " + sender.sent() + " of " + target);
      }
      Thread.sleep(1);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }
}
