package dev.faxgate.bench;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code faxgate load}: real-time gateway faxes into a running node; see {@link LoadGenerator}. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Drive gateway, t38-relay and audio-relay sessions into a running node (./faxgate run) as a controller and two far",
        "ends would: create each over HTTP, replay a recorded real fax (3 pages, ECM) from both far ends over UDP at its",
        "recorded times, end it, and check its completion event (SUCCESS, 3 pages). Progress on stderr, one JSON line at",
        "the end. Loopback or the node's own addresses only; bounded by --sessions and --duration."})
public final class LoadCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--node", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
      description = "The node's HTTP control API (default: ${DEFAULT-VALUE}).")
  URI node;

  @Option(names = "--spawn", arity = "0..1", fallbackValue = "", paramLabel = "CPUS",
      description = "Start a node for this run instead (faxgate run on free loopback ports, its own Kafka broker and "
          + "a temporary data folder), pinned to CPUS with taskset when given (e.g. --spawn 0), and stop it at the end; "
          + "--node and --node-pid are then its own.")
  String spawn;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:FAXGATE_HTTP_TOKEN}",
      description = "Bearer token, when the node has http.token (default: $FAXGATE_HTTP_TOKEN).")
  String token;

  @Option(names = "--sessions", paramLabel = "N", defaultValue = "20",
      description = "Sessions at once; without --duration also the number of faxes (default: ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--cps", paramLabel = "RATE", defaultValue = "10",
      description = "Session arrivals per second (default: ${DEFAULT-VALUE}).")
  double cps;

  @Option(names = "--duration", paramLabel = "S", defaultValue = "0",
      description = "Keep --sessions faxes running for S seconds, then drain; 0: one fax per session (default: ${DEFAULT-VALUE}).")
  double duration;

  @Option(names = "--mix", paramLabel = "LIST", defaultValue = "audio-to-t38-v17,t38-to-audio-v17",
      description = "Recordings, taken in turn: gateway faxes DIRECTION-MODEM, direction audio-to-t38 or t38-to-audio, modem "
          + "v17, v29 or v27ter; t38-relay-v17 for t38-relay sessions; audio-relay-v17 for audio-relay sessions "
          + "(default: ${DEFAULT-VALUE}).")
  String mix;

  @Option(names = "--read-replies", defaultValue = "false",
      description = "Read and count what the node sends back (datagrams_received). Off by default: the kernel drops "
          + "it, which keeps the generator's CPU well below the node's; the node's own meters count what it sent.")
  boolean readReplies;

  @Option(names = "--loss", paramLabel = "FRACTION", defaultValue = "0",
      description = "Drop this fraction of the datagrams sent, independently, seeded per session (default: ${DEFAULT-VALUE}).")
  double loss;

  @Option(names = "--jitter", paramLabel = "MS", defaultValue = "0",
      description = "Delay each datagram sent by a uniform 0..MS ms, seeded per session; more than the gap between "
          + "two datagrams reorders them (default: ${DEFAULT-VALUE}).")
  int jitter;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Local address of the far ends' sockets (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--node-pid", paramLabel = "PID", defaultValue = "0",
      description = "The node's process id: its CPU time (from /proc) is reported per channel-second (default: not measured).")
  long nodePid;

  @Override
  public Integer call() throws Exception {
    if (sessions < 1 || sessions > 5000) {
      throw new ParameterException(spec.commandLine(), "--sessions must be 1..5000");
    }
    if (cps <= 0 || cps > 1000) {
      throw new ParameterException(spec.commandLine(), "--cps must be in (0, 1000]");
    }
    if (duration < 0 || duration > 86_400) {
      throw new ParameterException(spec.commandLine(), "--duration must be 0..86400 seconds");
    }
    if (loss < 0 || loss >= 1) {
      throw new ParameterException(spec.commandLine(), "--loss must be in [0, 1)");
    }
    if (jitter < 0 || jitter > 1000) {
      throw new ParameterException(spec.commandLine(), "--jitter must be 0..1000 ms");
    }
    List<String> recordings = Arrays.stream(mix.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    SpawnedNode spawned = null;
    if (spawn != null) {
      spec.commandLine().getErr().println("load: starting a node" + (spawn.isEmpty() ? "" : " on CPUs " + spawn) + " ...");
      try {
        spawned = SpawnedNode.start(spawn);
      } catch (java.io.IOException e) {
        spec.commandLine().getErr().println("load: could not start a node: " + e.getMessage());
        return 2;
      }
      node = spawned.uri;
      nodePid = spawned.pid();
      spec.commandLine().getErr().println("load: node " + node + " pid " + nodePid + " ready");
    }
    try {
      LoadGenerator.Settings settings = new LoadGenerator.Settings(node, token, sessions, cps, duration, recordings,
          host, nodePid, new FaxReplay.Impairment(loss, jitter), readReplies);
      LoadGenerator generator;
      try {
        generator = new LoadGenerator(settings, spec.commandLine().getErr());
      } catch (IllegalArgumentException | java.io.IOException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      return report(generator.run(), recordings);
    } finally {
      if (spawned != null) {
        spawned.close();
      }
    }
  }

  private int report(LoadGenerator.Result result, List<String> recordings) {
    spec.commandLine().getOut().println(result.toJson().put("node", node.toString()).put("sessions", sessions)
        .put("cps", cps).put("duration_seconds", duration).put("mix", String.join(",", recordings)).put("loss", loss)
        .put("jitter_ms", jitter).encode());
    spec.commandLine().getOut().flush();
    return result.succeeded() == result.attempted() ? 0 : 1;
  }
}
