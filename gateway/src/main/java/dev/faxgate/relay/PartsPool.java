package dev.faxgate.relay;

import dev.faxgate.rtp.JitterBuffer;
import dev.faxgate.rtp.RtpStats;
import dev.faxgate.udptl.UdptlReceiver;
import dev.faxgate.udptl.UdptlSender;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The big parts of ended sessions' processors (UDPTL receivers and senders, datagram queues, the
 * gateway's modem receivers and non-ECM buffer...), kept for the next sessions of the same media
 * thread. A session's state is a few hundred kB allocated at once when it starts and kept for
 * minutes: allocated anew, the young collector copies it (and promotes it) with every session that
 * starts, which sets the event loops' lag tail (docs/performance.md). Taken from here, it is
 * already in the old generation and nothing is copied.
 *
 * <p>A processor takes a part with {@link #take}, resets it to the state a new one has (each part's
 * own {@code reset}), and gives it back with {@link #give} when its session has ended
 * ({@link MediaProcessor#recycle}). At most {@code maxPerKind} free parts of each kind are kept;
 * beyond that they are left to the collector. One thread only (a processing verticle's own): no
 * locks. {@link #NONE} keeps nothing, for processors made outside a media thread.
 */
public final class PartsPool {
  /** A pool that keeps nothing: every take makes a new part. */
  public static final PartsPool NONE = new PartsPool(0);

  private final int maxPerKind;
  private final Map<Class<?>, ArrayDeque<Object>> free = new HashMap<>();
  private long reused;
  private long given;

  /** @param maxPerKind free parts of one kind kept at most (0: none, the pool is off) */
  public PartsPool(int maxPerKind) {
    if (maxPerKind < 0) {
      throw new IllegalArgumentException("maxPerKind must be >= 0: " + maxPerKind);
    }
    this.maxPerKind = maxPerKind;
  }

  /** A free part of {@code kind} (not yet reset: the taker resets it), or null when there is none. */
  public <T> T take(Class<T> kind) {
    if (maxPerKind == 0) {
      return null;
    }
    ArrayDeque<Object> parts = free.get(kind);
    Object part = parts == null ? null : parts.pollLast();
    if (part != null) {
      reused++;
    }
    return kind.cast(part);
  }

  /** Keeps {@code part} for a later {@link #take} (null is ignored); its processor must not use it any more. */
  public void give(Object part) {
    if (part == null || maxPerKind == 0) {
      return;
    }
    ArrayDeque<Object> parts = free.computeIfAbsent(part.getClass(), k -> new ArrayDeque<>());
    if (parts.size() < maxPerKind) {
      parts.addLast(part);
      given++;
    }
  }

  /** A UDPTL receiver for {@code t38Version} and {@code sink}: a free one reset, else a new one. */
  public UdptlReceiver udptlReceiver(int t38Version, UdptlReceiver.IfpSink sink) {
    UdptlReceiver free = take(UdptlReceiver.class);
    return free != null && free.maxIfp() == UdptlReceiver.DEFAULT_MAX_IFP ? free.reset(t38Version, sink)
        : new UdptlReceiver(t38Version, sink);
  }

  /** A UDPTL sender as new: a free one reset, else a new one. */
  public UdptlSender udptlSender() {
    UdptlSender free = take(UdptlSender.class);
    return free != null ? free.reset() : new UdptlSender();
  }

  /** An empty datagram queue: a free one reset, else a new one. */
  public DatagramQueue datagramQueue() {
    DatagramQueue free = take(DatagramQueue.class);
    return free != null ? free.reset() : new DatagramQueue();
  }

  /** A jitter buffer as new, counting into {@code stats}: a free one of its size reset, else a new one. */
  public JitterBuffer jitterBuffer(int payloadType, int delayFrames, RtpStats stats) {
    JitterBuffer free = take(JitterBuffer.class);
    return free != null && free.fits(delayFrames) ? free.reset(payloadType, delayFrames, stats)
        : new JitterBuffer(payloadType, delayFrames, stats);
  }

  /** An empty audio history of {@code frames} frames: a free one of that size reset, else a new one. */
  public AudioHistory audioHistory(int frames) {
    AudioHistory free = take(AudioHistory.class);
    return free != null && free.capacity() == frames ? free.reset() : new AudioHistory(frames);
  }

  /** Parts handed out again so far. */
  public long reused() {
    return reused;
  }

  /** Parts kept so far. */
  public long given() {
    return given;
  }

  /** Free parts of {@code kind} held now. */
  public int free(Class<?> kind) {
    ArrayDeque<Object> parts = free.get(kind);
    return parts == null ? 0 : parts.size();
  }
}
