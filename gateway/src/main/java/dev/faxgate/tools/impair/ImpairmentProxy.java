package dev.faxgate.tools.impair;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP proxy on loopback between endpoint A and endpoint B, impairing each direction as its
 * {@link Impairment} says. A sends to {@link #portFacingA()}, B to {@link #portFacingB()}; what A
 * sends leaves toward B from the port facing B, and the other way round, so each end sees the proxy
 * as its peer. Bounded: it stops forwarding after {@code maxDatagrams} per direction and closes itself
 * after {@code lifetimeSeconds}. One thread per direction reads; one scheduler thread sends, in
 * departure order (so without reordering the order of arrival is kept).
 */
public final class ImpairmentProxy implements AutoCloseable {
  private final DatagramSocket facingA;
  private final DatagramSocket facingB;
  private final ImpairmentPath aToB;
  private final ImpairmentPath bToA;
  private final long maxDatagrams;
  /** Copies waiting for their departure time, in (departure, arrival order): one sender thread drains it. */
  private final DelayQueue<Departure> due = new DelayQueue<>();
  private final AtomicLong order = new AtomicLong();
  private final long closeAt;
  private volatile boolean open = true;

  private ImpairmentProxy(InetSocketAddress a, InetSocketAddress b, ImpairmentPath aToB, ImpairmentPath bToA,
      long maxDatagrams, long lifetimeSeconds, String name) throws SocketException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    if (!a.getAddress().isLoopbackAddress() || !b.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("the impairment proxy is for loopback only, not " + a + " / " + b);
    }
    this.facingA = new DatagramSocket(0, loopback);
    this.facingB = new DatagramSocket(0, loopback);
    this.aToB = aToB;
    this.bToA = bToA;
    this.maxDatagrams = maxDatagrams;
    this.closeAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(lifetimeSeconds);
    Thread send = new Thread(this::sendWhenDue, name + "-send");
    send.setDaemon(true);
    send.start();
    pump(facingA, facingB, b, aToB, name + "-a-to-b");
    pump(facingB, facingA, a, bToA, name + "-b-to-a");
  }

  /**
   * Starts a proxy between {@code a} and {@code b}, both on loopback.
   *
   * @param seed the same seed gives the same decisions (the two directions draw from seeds derived from it)
   */
  public static ImpairmentProxy start(InetSocketAddress a, InetSocketAddress b, Impairment aToB, Impairment bToA,
      long seed, long maxDatagrams, long lifetimeSeconds, String name) throws IOException {
    return new ImpairmentProxy(a, b, new ImpairmentPath(aToB, seed), new ImpairmentPath(bToA, seed * 31 + 17),
        maxDatagrams, lifetimeSeconds, name);
  }

  /** Where A sends to reach B through the proxy. */
  public int portFacingA() {
    return facingA.getLocalPort();
  }

  /** Where B sends to reach A through the proxy. */
  public int portFacingB() {
    return facingB.getLocalPort();
  }

  public ImpairmentCounts countsAToB() {
    return aToB.counts();
  }

  public ImpairmentCounts countsBToA() {
    return bToA.counts();
  }

  private void pump(DatagramSocket in, DatagramSocket out, InetSocketAddress to, ImpairmentPath path, String name) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[65536];
      long[] departures = new long[2];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      while (open) {
        p.setLength(buf.length);
        try {
          in.receive(p);
        } catch (IOException closed) {
          return;
        }
        long now = System.nanoTime();
        if (path.counts().received >= maxDatagrams) {
          path.counts().overBound++;
          continue;
        }
        int copies = path.decide(now, departures);
        if (copies == 0) {
          continue;
        }
        byte[] data = Arrays.copyOf(buf, p.getLength());
        for (int c = 0; c < copies; c++) {
          due.add(new Departure(departures[c], order.getAndIncrement(), out, new DatagramPacket(data, data.length, to)));
        }
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  private void sendWhenDue() {
    while (open) {
      try {
        Departure d = due.poll(Math.max(1, Math.min(closeAt - System.nanoTime(), 200_000_000L)), TimeUnit.NANOSECONDS);
        if (System.nanoTime() - closeAt >= 0) {
          close(); // the lifetime bound
          return;
        }
        if (d != null) {
          d.socket.send(d.packet);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException closingOrGone) {
        // the proxy is closing, or the far end has gone: the next copy may still go
      }
    }
  }

  /** One copy to send at {@code atNanos} (System.nanoTime); ties leave in arrival order. */
  private record Departure(long atNanos, long order, DatagramSocket socket, DatagramPacket packet) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Departure d = (Departure) o;
      int c = Long.compare(atNanos, d.atNanos);
      return c != 0 ? c : Long.compare(order, d.order);
    }
  }

  @Override
  public void close() {
    open = false;
    due.clear();
    facingA.close();
    facingB.close();
  }

  @Override
  public String toString() {
    return "A->B " + aToB.impairment() + ": " + aToB.counts() + "; B->A " + bToA.impairment() + ": " + bToA.counts();
  }
}
