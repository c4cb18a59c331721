package dev.faxgate.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Receives what the gateway relays to leg b's far ends: one selector over every session's
 * channel, counting datagrams and octets. Runs on its own thread until {@link #stop}.
 */
final class Receiver implements Runnable {
  private final Selector selector;
  private final ByteBuffer buf = ByteBuffer.allocateDirect(65536);
  private volatile boolean stopped;
  private volatile long received;
  private volatile long octets;
  private volatile long errors;

  Receiver(FarEnds far) throws IOException {
    selector = Selector.open();
    try {
      for (DatagramChannel ch : far.b) {
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ);
      }
    } catch (IOException e) {
      selector.close();
      throw e;
    }
  }

  @Override
  public void run() {
    try {
      while (!stopped) {
        selector.select(this::drain, 50);
      }
    } catch (IOException e) {
      errors++;
    } finally {
      try {
        selector.close();
      } catch (IOException ignored) {
        // nothing left to do
      }
    }
  }

  private void drain(SelectionKey key) {
    DatagramChannel ch = (DatagramChannel) key.channel();
    try {
      for (;;) {
        buf.clear();
        int n = ch.read(buf);
        if (n <= 0) {
          return;
        }
        received++;
        octets += n;
      }
    } catch (IOException e) {
      errors++;
    }
  }

  void stop() {
    stopped = true;
    selector.wakeup();
  }

  long received() {
    return received;
  }

  long octets() {
    return octets;
  }

  long errors() {
    return errors;
  }
}
