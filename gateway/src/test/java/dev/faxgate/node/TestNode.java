package dev.faxgate.node;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.CompletionEvent;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A Faxgate node for tests: loopback, any free HTTP port, completion events collected in order. */
public final class TestNode implements AutoCloseable {
  public final FaxgateNode node;
  /** Every completion event the node produced, in order. */
  public final List<CompletionEvent> results;
  private final BlockingQueue<CompletionEvent> pending;

  private TestNode(FaxgateNode node, List<CompletionEvent> results, BlockingQueue<CompletionEvent> pending) {
    this.node = node;
    this.results = results;
    this.pending = pending;
  }

  public static TestNode start(GatewayConfig config) throws Exception {
    List<CompletionEvent> results = new CopyOnWriteArrayList<>();
    BlockingQueue<CompletionEvent> pending = new LinkedBlockingQueue<>();
    FaxgateNode node = FaxgateNode.start(config.with(ConfigKey.HTTP_PORT, "0").with(ConfigKey.HTTP_HOST, "127.0.0.1"),
        (dev.faxgate.session.ResultSink) event -> {
          results.add(event);
          pending.add(event);
          return io.vertx.core.Future.succeededFuture();
        }).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return new TestNode(node, results, pending);
  }

  /** The next completion event not yet taken, waiting up to 20 s. */
  public CompletionEvent nextResult() throws InterruptedException {
    CompletionEvent event = pending.poll(20, TimeUnit.SECONDS);
    if (event == null) {
      throw new AssertionError("no completion event within 20 s");
    }
    return event;
  }

  public static TestNode start() throws Exception {
    return start(GatewayConfig.defaults());
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + node.httpPort();
  }

  @Override
  public void close() throws Exception {
    node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
