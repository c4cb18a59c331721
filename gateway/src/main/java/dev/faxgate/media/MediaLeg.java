package dev.faxgate.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * How one leg of a session meets the network: its transport, where it binds (port 0: one from the
 * media range), where its far end is (null: latch to the first source), and whether it latches.
 * Addresses are resolved before a leg is made, so the I/O verticle never looks a name up.
 */
public record MediaLeg(String name, Transport transport, InetAddress localHost, int localPort, InetSocketAddress far,
    boolean latch) {

  /** What a leg carries. */
  public enum Transport {
    RTP,
    UDPTL
  }

  /** The same leg, now carrying {@code next} to {@code newFar}. */
  MediaLeg moved(Transport next, InetSocketAddress newFar) {
    return new MediaLeg(name, next, localHost, localPort, newFar, latch);
  }
}
