package dev.faxgate.media;

/**
 * How one leg of a session meets the network: its transport, where it binds, where its far end
 * is (null: latch to the first source), and whether it latches.
 */
public record MediaLeg(String name, Transport transport, String localHost, int localPort, Endpoint far, boolean latch) {

  /** What a leg carries. */
  public enum Transport {
    RTP,
    UDPTL
  }
}
