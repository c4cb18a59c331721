package dev.faxgate.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code faxgate bench-media}: what the media path costs per packet, in CPU time and allocated
 * bytes, in memory (the processors alone) and through loopback sockets (the whole media plane of
 * an in-process node). One JSON line per item on stdout, progress on stderr. It reports; it
 * asserts nothing.
 */
@Command(name = "bench-media", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Measure the media path's CPU and allocation per packet; one JSON line per item:",
        "  rtp-processor    AudioRelay receive + tick, PCMU -> PCMA, in memory",
        "  rtp-processor-watch  the same with V.21 audio, watched (audio-relay's T.30 watch) vs not: its CPU and ratio",
        "  udptl-processor  T38Relay receive + tick, v0/redundancy -> v3/FEC, in memory",
        "  rtp-sockets      audio-relay sessions of an in-process node, on 127.0.0.1 (with --mode all: the watch's",
        "                   in-memory cost per packet and its share of this end-to-end cost)",
        "  udptl-sockets    t38-relay sessions of an in-process node, on 127.0.0.1",
        "Progress goes to stderr. Loopback only; bounded in packets and time."})
public final class BenchMediaCommand implements Callable<Integer> {
  private static final long DEFAULT_PROCESSOR_PACKETS = 1_000_000;
  private static final int DEFAULT_SOCKET_SECONDS = 8;
  private static final String GATEWAY_LOG_LEVEL = "org.slf4j.simpleLogger.log.dev.faxgate";

  @Spec
  CommandSpec spec;

  @Option(names = "--packets", paramLabel = "N",
      description = "Packets measured per item (default: 1000000 in memory; sessions x rate x 8 s through sockets).")
  Long packets;

  @Option(names = "--sessions", paramLabel = "N", defaultValue = "20",
      description = "Sessions the packets are spread over (default: ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--mode", paramLabel = "processor|sockets|all", defaultValue = "all",
      description = "Which items to run (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--rate", paramLabel = "PPS", defaultValue = "50",
      description = "Datagrams per second per session through sockets (default: ${DEFAULT-VALUE}, 20 ms media).")
  int rate;

  @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "2",
      description = "In-memory warm-up: at least this long (default: ${DEFAULT-VALUE}) ...")
  double warmupSeconds;

  @Option(names = "--warmup-packets", paramLabel = "N", defaultValue = "200000",
      description = "... and at least this many packets, and 512 per session (default: ${DEFAULT-VALUE}).")
  long warmupPackets;

  @Option(names = "--socket-warmup-seconds", paramLabel = "S", defaultValue = "10",
      description = "Paced traffic before the socket items measure (default: ${DEFAULT-VALUE}).")
  double socketWarmupSeconds;

  @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "30",
      description = "Longest measured window of a socket item (default: ${DEFAULT-VALUE}).")
  double maxSeconds;

  @Option(names = "--attribution-seconds", paramLabel = "S", defaultValue = "0",
      description = {"JFR allocation sampling after each socket item, to split gateway from Vert.x/Netty allocation; "
          + "0: off (default: ${DEFAULT-VALUE}).",
          "Worth it only with small fixed TLABs: java -XX:TLABSize=2k -XX:-ResizeTLAB -jar faxgate.jar bench-media ..."})
  double attributionSeconds;

  @Option(names = "--faxdetect", defaultValue = "false",
      description = "rtp-sockets sessions run FAXOPT faxdetect=yes: every frame also goes through the detection verticle.")
  boolean faxdetect;

  // below Linux's ephemeral ports (32768-60999), where the far ends' sockets land, and above a default node's range
  @Option(names = "--port-min", paramLabel = "PORT", defaultValue = "30000",
      description = "Lowest local port of the node's media sockets; it uses 5 per session (at least 1000) from there "
          + "(default: ${DEFAULT-VALUE}).")
  int portMin;

  @Override
  public Integer call() throws Exception {
    boolean processors = switch (mode.toLowerCase(Locale.ROOT)) {
      case "processor", "all" -> true;
      case "sockets" -> false;
      default -> throw new ParameterException(spec.commandLine(), "--mode must be processor, sockets or all, not " + mode);
    };
    boolean sockets = !mode.equalsIgnoreCase("processor");
    check(sessions >= 1 && sessions <= (sockets ? 400 : 100_000),
        "--sessions must be 1.." + (sockets ? "400 with the socket items (two sockets each)" : "100000"));
    check(packets == null || packets >= 1, "--packets must be at least 1");
    check(rate >= 1 && rate <= 1000, "--rate must be 1..1000");
    check(warmupSeconds >= 0 && warmupPackets >= 0 && socketWarmupSeconds >= 0 && attributionSeconds >= 0,
        "warm-up and attribution figures must not be negative");
    check(maxSeconds > 0 && maxSeconds <= 600, "--max-seconds must be in (0, 600]");
    check(portMin >= 1024 && portMin + SocketBench.portRange(sessions) - 1 <= 65535,
        "--port-min must be 1024.." + (65536 - SocketBench.portRange(sessions)) + " for " + sessions + " sessions");

    if (System.getProperty(GATEWAY_LOG_LEVEL) == null) {
      System.setProperty(GATEWAY_LOG_LEVEL, "warn"); // no line per session created and ended: progress is ours
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BenchLine watch = null;
    if (processors) {
      ProcessorBench bench = new ProcessorBench();
      ProcessorBench.Settings s = new ProcessorBench.Settings(packets == null ? DEFAULT_PROCESSOR_PACKETS : packets,
          sessions, warmupSeconds, warmupPackets);
      err.println("rtp-processor: warming up and measuring");
      err.flush();
      print(out, bench.rtp(s));
      err.println("rtp-processor-watch: warming up and measuring, unwatched then watched");
      err.flush();
      watch = bench.rtpWatch(s);
      print(out, watch);
      err.println("udptl-processor: warming up and measuring");
      err.flush();
      print(out, bench.udptl(s));
    }
    if (sockets) {
      long n = packets == null ? (long) sessions * rate * DEFAULT_SOCKET_SECONDS : packets;
      SocketBench.Settings s = new SocketBench.Settings(n, sessions, rate, socketWarmupSeconds, maxSeconds,
          attributionSeconds, portMin, faxdetect);
      BenchLine rtp = SocketBench.run(SocketBench.Transport.RTP, s, err);
      if (watch != null && rtp.get("ns_per_packet") instanceof Double perPacket && perPacket > 0) {
        // the T.30 watch the audio-relay sessions run, against what a packet costs the node end to end, in this run
        double w = (Double) watch.get("watch_cpu_ns_per_packet");
        rtp.put("watch_cpu_ns_per_packet", w).put("watch_share_of_packet_cost", w / perPacket);
      }
      print(out, rtp);
      print(out, SocketBench.run(SocketBench.Transport.UDPTL, s, err));
    }
    return 0;
  }

  private void check(boolean ok, String message) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  private static void print(PrintWriter out, BenchLine line) {
    out.println(line.toJson());
    out.flush();
  }
}
