package dev.faxgate.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends leg a's traffic of every session at the pace of real media: one datagram per session
 * every {@code 1/rate} seconds, the sessions' sends spread evenly over each period as
 * independent calls would be, on an absolute schedule (a late send is not followed by a burst
 * to catch up beyond the schedule). Runs on its own thread until {@link #stop}.
 */
final class PacedSender implements Runnable {
  private final FarEnds far;
  private final FarEndTraffic traffic;
  private final long periodNanos;
  private final byte[] datagram = new byte[2048];
  private final ByteBuffer direct = ByteBuffer.allocateDirect(2048);
  private volatile boolean stopped;
  private volatile long sent;
  private volatile long errors;
  private volatile Throwable failure;

  PacedSender(FarEnds far, FarEndTraffic traffic, int ratePerSession) {
    this.far = far;
    this.traffic = traffic;
    this.periodNanos = 1_000_000_000L / ratePerSession;
  }

  @Override
  public void run() {
    int sessions = far.sessions();
    long start = System.nanoTime();
    try {
      for (long round = 0; !stopped; round++) {
        for (int i = 0; i < sessions && !stopped; i++) {
          long due = start + round * periodNanos + i * periodNanos / sessions;
          for (long wait = due - System.nanoTime(); wait > 0 && !stopped; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
          }
          int n = traffic.next(i, datagram);
          direct.clear();
          direct.put(datagram, 0, n).flip();
          try {
            far.a[i].write(direct);
          } catch (IOException e) {
            errors++; // counted; a lost datagram shows in the received count
          }
          sent++;
        }
      }
    } catch (RuntimeException | Error e) {
      failure = e;
    }
  }

  void stop() {
    stopped = true;
  }

  /** Datagrams sent so far. */
  long sent() {
    return sent;
  }

  long errors() {
    return errors;
  }

  /** What stopped the thread early, or null. */
  Throwable failure() {
    return failure;
  }
}
