package dev.faxgate.media;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes an object by reference on the local event bus: no copy, no serialisation. What it carries
 * never leaves the node (the media batches, the media events), so the wire methods refuse.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {
  /** The per-tick media batch between an I/O verticle and its processing partner. */
  public static final String MEDIA_BATCH = "faxgate-media-batch";
  /** Media events to the session manager. */
  public static final String MEDIA_EVENT = "faxgate-media-event";

  private final String name;

  private LocalCodec(String name) {
    this.name = name;
  }

  /** Registers the node's local codecs once per Vert.x instance (a second node in it finds them there). */
  static void register(EventBus bus) {
    for (String name : new String[] {MEDIA_BATCH, MEDIA_EVENT}) {
      try {
        bus.registerCodec(new LocalCodec<>(name));
      } catch (IllegalStateException alreadyRegistered) {
        // another node in the same Vert.x instance registered it
      }
    }
  }

  /** Local-only delivery through the named codec. */
  static DeliveryOptions delivery(String name) {
    return new DeliveryOptions().setCodecName(name).setLocalOnly(true);
  }

  @Override
  public void encodeToWire(Buffer buffer, T object) {
    throw new UnsupportedOperationException(name + " is local to a node");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(name + " is local to a node");
  }

  @Override
  public T transform(T object) {
    return object;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
