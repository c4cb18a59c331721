package dev.faxgate.session;

import dev.faxgate.faxopt.CompletionEvent;

/**
 * Where a session's completion event goes before anything else happens to it: called once per
 * session, synchronously, on the session manager's thread, so that a durable sink (the Kafka
 * outbox) holds the event before the session is reported ended. It must not block for long.
 */
@FunctionalInterface
public interface ResultSink {
  void accept(CompletionEvent event);
}
