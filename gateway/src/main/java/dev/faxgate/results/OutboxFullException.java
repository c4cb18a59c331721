package dev.faxgate.results;

import java.nio.file.Path;

/**
 * Thrown by {@link Outbox#append} when one more event would exceed the outbox's bound on
 * unacknowledged events or bytes: Kafka has not acknowledged enough of what is waiting. Nothing was
 * written and nothing already stored is lost. The gateway must say so loudly and refuse new
 * sessions until acknowledgements make room ({@link Outbox#isFull()} turns false again).
 */
public final class OutboxFullException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long backlogEvents;
  private final long backlogBytes;
  private final long maxEvents;
  private final long maxBytes;

  OutboxFullException(Path dir, long backlogEvents, long backlogBytes, long maxEvents, long maxBytes,
      int payloadBytes) {
    super("outbox " + dir + " is full: " + backlogEvents + " events / " + backlogBytes
        + " bytes are waiting for Kafka to acknowledge them (limits " + maxEvents + " events / " + maxBytes
        + " bytes); refusing to append an event of " + payloadBytes
        + " bytes. New sessions must be refused until the broker catches up");
    this.backlogEvents = backlogEvents;
    this.backlogBytes = backlogBytes;
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
  }

  /** Unacknowledged events when the append was refused. */
  public long backlogEvents() {
    return backlogEvents;
  }

  /** Unacknowledged framed bytes when the append was refused. */
  public long backlogBytes() {
    return backlogBytes;
  }

  public long maxEvents() {
    return maxEvents;
  }

  public long maxBytes() {
    return maxBytes;
  }
}
