package dev.faxgate.control;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTP connection whose next request has not arrived (its headers complete) within the
 * request timeout of the connection opening or of its previous answer. The idle timeout cannot do
 * this: a client that sends one byte a second is never idle. What happens once the headers are in
 * (the body, the answer) is the router's {@code TimeoutHandler}'s. One instance per HTTP server,
 * used on its event loop only.
 */
final class SlowClientGuard {
  private static final Logger log = LoggerFactory.getLogger(SlowClientGuard.class);

  private final Vertx vertx;
  private final long timeoutMs;
  /** Each open connection's pending deadline timer (-1 while a request is being answered). */
  private final Map<HttpConnection, Long> deadlines = new HashMap<>();

  SlowClientGuard(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  void connected(HttpConnection connection) {
    arm(connection);
    connection.closeHandler(v -> {
      Long timer = deadlines.remove(connection);
      if (timer != null && timer >= 0) {
        vertx.cancelTimer(timer);
      }
    });
  }

  /** A request's headers are in: its connection's clock stops until the answer has gone. */
  void requestStarted(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    Long timer = deadlines.replace(connection, -1L);
    if (timer != null && timer >= 0) {
      vertx.cancelTimer(timer);
    }
    request.response().endHandler(v -> {
      if (deadlines.containsKey(connection)) { // still open
        arm(connection);
      }
    });
  }

  private void arm(HttpConnection connection) {
    deadlines.put(connection, vertx.setTimer(timeoutMs, id -> {
      if (deadlines.getOrDefault(connection, -1L) == id) {
        log.info("HTTP connection from {} closed: no whole request within {} ms (http.request_timeout_seconds)",
            connection.remoteAddress(), timeoutMs);
        connection.close();
      }
    }));
  }
}
