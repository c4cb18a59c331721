package dev.faxgate.interop;

import dev.faxgate.relay.MediaProcessor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Test harness: one {@link MediaProcessor} on a real UDP socket on 127.0.0.1, driven by a 20 ms
 * timer on one thread (every datagram that arrived, then one tick), as the node's media plane
 * would drive it, without the node. {@link #done()} completes when the processor says the fax is
 * over (or the harness is closed).
 */
final class UdpTerminal implements AutoCloseable {
  private final DatagramChannel channel;
  private final InetSocketAddress remote;
  private final MediaProcessor processor;
  private final int leg;
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
  private final ByteBuffer in = ByteBuffer.allocate(2048);
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  /** The clock arrivals are stamped on (8 kHz units from here), as the node's media plane stamps them. */
  private final long t0 = System.nanoTime();

  UdpTerminal(int localPort, int remotePort, int leg, MediaProcessor processor) throws IOException {
    this.channel = DatagramChannel.open();
    channel.bind(new InetSocketAddress("127.0.0.1", localPort));
    channel.configureBlocking(false);
    this.remote = new InetSocketAddress("127.0.0.1", remotePort);
    this.processor = processor;
    this.leg = leg;
  }

  /** Starts the 20 ms clock. */
  UdpTerminal start() {
    clock.scheduleAtFixedRate(this::tick, 0, 20, TimeUnit.MILLISECONDS);
    return this;
  }

  private void tick() {
    try {
      while (true) {
        in.clear();
        if (channel.receive(in) == null) {
          break;
        }
        processor.receive(leg, in.array(), 0, in.position(), (int) ((System.nanoTime() - t0) / 125_000L));
      }
      processor.tick((l, buf, off, len) -> {
        try {
          channel.send(ByteBuffer.wrap(buf, off, len), remote);
        } catch (IOException e) {
          done.completeExceptionally(e);
        }
      });
      if (processor.faxOver()) {
        done.complete(null);
        clock.shutdown();
      }
    } catch (RuntimeException | IOException e) {
      done.completeExceptionally(e);
      clock.shutdown();
    }
  }

  CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void close() throws Exception {
    clock.shutdownNow();
    clock.awaitTermination(5, TimeUnit.SECONDS);
    channel.close();
  }
}
