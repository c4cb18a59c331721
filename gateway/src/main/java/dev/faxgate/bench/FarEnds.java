package dev.faxgate.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * The far ends of the socket benchmark's sessions, on 127.0.0.1 only: per session one
 * {@link DatagramChannel} that plays leg a's far end (it sends) and one that plays leg b's (it
 * receives what the gateway relays). Each is connected to its leg's local gateway socket once
 * the session exists, so that sending and receiving need no address per datagram.
 */
final class FarEnds implements AutoCloseable {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  final DatagramChannel[] a;
  final DatagramChannel[] b;

  private FarEnds(int sessions) {
    a = new DatagramChannel[sessions];
    b = new DatagramChannel[sessions];
  }

  /** Binds two channels per session on 127.0.0.1, any free port. */
  static FarEnds open(int sessions) throws IOException {
    FarEnds far = new FarEnds(sessions);
    try {
      for (int i = 0; i < sessions; i++) {
        far.a[i] = bind();
        far.b[i] = bind();
      }
    } catch (IOException e) {
      far.close();
      throw e;
    }
    return far;
  }

  private static DatagramChannel bind() throws IOException {
    DatagramChannel ch = DatagramChannel.open();
    ch.bind(new InetSocketAddress(LOOPBACK, 0));
    return ch;
  }

  /** The {@code host:port} of session {@code i}'s far end of leg a (b: {@code legB}). */
  String address(int i, boolean legB) throws IOException {
    InetSocketAddress local = (InetSocketAddress) (legB ? b[i] : a[i]).getLocalAddress();
    return local.getAddress().getHostAddress() + ":" + local.getPort();
  }

  /** Connects session {@code i}'s channels to the gateway's sockets of its legs a and b. */
  void connect(int i, InetSocketAddress gatewayA, InetSocketAddress gatewayB) throws IOException {
    a[i].connect(gatewayA);
    b[i].connect(gatewayB);
  }

  int sessions() {
    return a.length;
  }

  @Override
  public void close() {
    for (DatagramChannel[] side : new DatagramChannel[][] {a, b}) {
      for (DatagramChannel ch : side) {
        if (ch != null) {
          try {
            ch.close();
          } catch (IOException ignored) {
            // closing a loopback channel: nothing to do about it
          }
        }
      }
    }
  }
}
