package dev.faxgate.media;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes a {@link MediaBatch} by reference on the local event bus: no copy, no serialisation.
 * Batches never leave the node, so the wire methods refuse.
 */
public final class MediaBatchCodec implements MessageCodec<MediaBatch, MediaBatch> {
  public static final String NAME = "faxgate-media-batch";

  @Override
  public void encodeToWire(Buffer buffer, MediaBatch batch) {
    throw new UnsupportedOperationException("media batches are local to a node");
  }

  @Override
  public MediaBatch decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("media batches are local to a node");
  }

  @Override
  public MediaBatch transform(MediaBatch batch) {
    return batch;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
