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

  /**
   * A session started: the sink notes it durably, so that a crash of the node cannot lose its
   * completion event (the next start reports it {@code NODE_FAILED}). The session manager tells
   * the controller the session exists only once this completed. Must not block the calling event loop.
   *
   * @param state what a completion event would need of it: node, mode, startTime, legs, faxopt
   */
  default Future<Void> started(String sessionId, JsonObject state) {
    return Future.succeededFuture();
  }

  /**
   * What is known of a running session's fax changed (pages, rate, remotestationid, mode): noted
   * for the {@code NODE_FAILED} event a crash would leave. Best effort, never blocks.
   */
  default void progressed(String sessionId, JsonObject known) {
  }

  /**
   * Results can be written: the future completes once the sink can deliver events (for Kafka: the
   * broker answers and the topic exists), and the node says it is ready only then.
   */
  default Future<Void> ready() {
    return Future.succeededFuture();
  }

  /** Whether {@link #ready()} has completed. */
  default boolean isReady() {
    return ready().succeeded();
  }

  /** Why {@link #isReady()} is false, for {@code /health} and the log. */
  default String notReady() {
    return "";
  }

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
