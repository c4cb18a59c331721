package dev.faxgate.session;

import dev.faxgate.faxopt.CompletionEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Where every session's completion event goes before the session is reported ended: the Kafka
 * results pipeline (durable outbox, then Kafka) in production, a collector in tests.
 */
public interface ResultSink {

  /**
   * Takes one event; the future completes once the event is safe (durably stored), and the
   * session manager reports the session ended only then. Must not block the calling event loop.
   */
  Future<Void> accept(CompletionEvent event);

  /** Whether new sessions may start: false while results cannot be kept (the outbox is full). */
  default boolean accepting() {
    return true;
  }

  /** Why {@link #accepting()} is false, for the refusal's message. */
  default String refusal() {
    return "";
  }

  /** Where events go, for the start-up line. */
  default String describe() {
    return "results kept in this process only";
  }

  /** The sink's state for {@code GET /health}. */
  default JsonObject health() {
    return new JsonObject();
  }

  /** Stops the sink after the last event was accepted. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
