package dev.faxgate.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The far-end sockets every replay of a load run shares: a few per leg, as a session border
 * controller's few media addresses face a gateway's many sessions. Sharing them keeps the
 * generator's cost per datagram, not per session: one drain reads what the node sent to all of
 * them, and no time goes to asking hundreds of idle sockets whether anything arrived. When the
 * replies are not read at all, the sockets keep a small receive buffer and the kernel drops what
 * overflows it: the node's meters still count what it sent.
 */
final class LoadFarEnds implements AutoCloseable {
  /** Sockets per leg. */
  static final int PER_LEG = 4;
  private static final int RECEIVE_BUFFER = 4 << 20;
  private static final int DROP_BUFFER = 4096;

  private final DatagramChannel[][] sockets = new DatagramChannel[2][PER_LEG];
  private final ByteBuffer scratch = ByteBuffer.allocateDirect(65_536);
  long received;

  /** @param readReplies read and count what the node sends back; false: leave it to the kernel to drop */
  LoadFarEnds(String host, boolean readReplies) throws IOException {
    try {
      for (DatagramChannel[] leg : sockets) {
        for (int i = 0; i < PER_LEG; i++) {
          DatagramChannel c = DatagramChannel.open();
          leg[i] = c;
          c.setOption(StandardSocketOptions.SO_RCVBUF, readReplies ? RECEIVE_BUFFER : DROP_BUFFER);
          c.bind(new InetSocketAddress(host, 0));
          c.configureBlocking(false);
        }
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The socket that plays leg {@code leg}'s far end for session number {@code index}. */
  DatagramChannel socket(int leg, int index) {
    return sockets[leg][index % PER_LEG];
  }

  /** {@code host:port} of that socket, as a session is created with. */
  String address(int leg, int index) throws IOException {
    InetSocketAddress local = (InetSocketAddress) socket(leg, index).getLocalAddress();
    return local.getAddress().getHostAddress() + ":" + local.getPort();
  }

  /** Reads and drops whatever the node sent to any far end. */
  void drain() throws IOException {
    for (DatagramChannel[] leg : sockets) {
      for (DatagramChannel c : leg) {
        while (true) {
          scratch.clear();
          if (c.receive(scratch) == null) {
            break;
          }
          received++;
        }
      }
    }
  }

  @Override
  public void close() {
    for (DatagramChannel[] leg : sockets) {
      for (DatagramChannel c : leg) {
        if (c != null) {
          try {
            c.close();
          } catch (IOException ignored) {
            // the run is over: nothing to keep
          }
        }
      }
    }
  }
}
