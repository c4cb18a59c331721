package dev.faxgate.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The garbage collections of this JVM (the load generator's) while it is open: how many, the
 * longest, the total. A generator that stops for a collection sends every datagram due meanwhile
 * late, and an audio datagram later than the node's playout delay breaks a replayed fax (a
 * recorded far end cannot repeat a frame): a run must say so, not blame the node. With the
 * stop-the-world collectors the generator runs on one CPU (Serial), a collection's duration is its pause.
 */
final class OwnGcPauses implements AutoCloseable {
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::collected;
  private int count;
  private long maxMillis;
  private long totalMillis;

  OwnGcPauses() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
  }

  private synchronized void collected(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    long ms = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo().getDuration();
    count++;
    totalMillis += ms;
    maxMillis = Math.max(maxMillis, ms);
  }

  synchronized int count() {
    return count;
  }

  synchronized long maxMillis() {
    return maxMillis;
  }

  synchronized long totalMillis() {
    return totalMillis;
  }

  @Override
  public void close() {
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // not registered: nothing to remove
      }
    }
  }
}
