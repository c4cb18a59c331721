package dev.faxgate.tools;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.FaxOptItems;
import dev.faxgate.faxopt.FaxStatus;
import dev.faxgate.faxopt.SessionOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.node.FaxgateNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The node behind {@code faxgate relay} and {@code faxgate gateway}: one session without the
 * control API (no HTTP, no cluster, one media pair), its completion event handed to the command,
 * and a clean shutdown on SIGTERM.
 */
final class OneSessionNode {
  final FaxgateNode node;
  /** Completes with the session's completion event when it ends. */
  final CompletableFuture<CompletionEvent> ended;

  private OneSessionNode(FaxgateNode node, CompletableFuture<CompletionEvent> ended) {
    this.node = node;
    this.ended = ended;
  }

  /**
   * Starts the node. {@code onResult} sees the completion event as soon as it exists (before
   * anything may stop the JVM), on a node thread.
   */
  static OneSessionNode start(String command, int silenceSeconds, int jitterMs, Consumer<CompletionEvent> onResult)
      throws Exception {
    return start(command, silenceSeconds, jitterMs, onResult, null, null);
  }

  /** As {@link #start(String, int, int, Consumer)}, with one more configuration key set ({@code key} null: none). */
  static OneSessionNode start(String command, int silenceSeconds, int jitterMs, Consumer<CompletionEvent> onResult,
      ConfigKey key, String value) throws Exception {
    CompletableFuture<CompletionEvent> ended = new CompletableFuture<>();
    GatewayConfig loaded = GatewayConfig.load(null, System.getenv());
    GatewayConfig config = (key == null ? loaded : loaded.with(key, value))
        .with(ConfigKey.HTTP_ENABLED, "false")
        .with(ConfigKey.CLUSTER_ENABLED, "false")
        .with(ConfigKey.MEDIA_INSTANCES, "1")
        .with(ConfigKey.MEDIA_SILENCE_SECONDS, Integer.toString(silenceSeconds))
        .with(ConfigKey.MEDIA_JITTER_MS, Integer.toString(jitterMs))
        // the command line names each leg's local address itself: the node's confinement of a
        // controller's legs to media.host and the port range is not for its own operator
        .with(ConfigKey.MEDIA_HOST, "0.0.0.0").with(ConfigKey.MEDIA_PORT_MIN, "1").with(ConfigKey.MEDIA_PORT_MAX, "65535");
    FaxgateNode node;
    try {
      node = FaxgateNode.start(config, (dev.faxgate.session.ResultSink) event -> {
        onResult.accept(event);
        ended.complete(event);
        return io.vertx.core.Future.succeededFuture();
      }).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new CannotStart(e.getCause().getMessage());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("faxgate " + command + ": shutdown did not finish cleanly: " + e);
      }
    }, "faxgate-" + command + "-shutdown"));
    return new OneSessionNode(node, ended);
  }

  /**
   * Creates {@code session} on this node, waits for its end and prints one JSON line on stdout:
   * every FAXOPT item as read then ({@code faxopt}) and the completion event ({@code event}).
   *
   * @return the exit status: 0 the fax succeeded, 1 it failed, 2 the session was refused
   */
  int runToEnd(String command, SessionOptions session) throws Exception {
    FaxOptClient client = new FaxOptClient(node.vertx());
    String id;
    try {
      id = client.create(session).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).sessionId();
    } catch (ExecutionException e) {
      System.err.println("faxgate " + command + ": " + e.getCause().getMessage());
      return 2;
    }
    System.err.println("faxgate " + command + ": session " + id + " " + session.toJson().getJsonObject("legs").encode());
    CompletionEvent event = ended.get();
    JsonObject items = new JsonObject();
    try {
      Map<String, String> all = client.getAll(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      all.forEach(items::put);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      System.err.println("faxgate " + command + ": the FAXOPT items could not be read back: " + e);
    }
    System.out.println(new JsonObject().put("faxopt", items).put("event", event.toJson()).encode());
    System.out.flush();
    return event.status() == FaxStatus.SUCCESS ? 0 : 1;
  }

  /** {@code --faxopt ITEM=VALUE} options into {@code into}, under each item's canonical name. */
  static JsonObject faxopt(List<String> options, JsonObject into) {
    for (String kv : options) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--faxopt wants ITEM=VALUE, not '" + kv + "'");
      }
      into.put(FaxOptItems.lookup(kv.substring(0, eq).trim()).name(), kv.substring(eq + 1).trim());
    }
    return into;
  }

  /** The node did not start (a bad configuration value, a port in use...): the message says why. */
  static final class CannotStart extends Exception {
    CannotStart(String message) {
      super(message);
    }
  }

  /** A leg from {@code LOCAL_IP:PORT,REMOTE_IP:PORT}: its local address and its far RTP or UDPTL address. */
  static LegOptions leg(String pair, boolean rtp) {
    String[] parts = pair.split(",", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("expected LOCAL_IP:PORT,REMOTE_IP:PORT, not '" + pair + "'");
    }
    LegOptions leg = new LegOptions().setLocal(parts[0].trim());
    return rtp ? leg.setRtp(parts[1].trim()) : leg.setUdptl(parts[1].trim());
  }
}
