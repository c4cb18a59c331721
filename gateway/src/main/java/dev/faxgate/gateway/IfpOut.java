package dev.faxgate.gateway;

import dev.faxgate.t38.IfpPacket;

/**
 * Where the audio-to-T.38 half of the gateway hands each IFP it makes, in the order they are to be
 * sent. The packet (and any field data it refers to) is valid only during the call: the receiver
 * encodes it at once.
 */
@FunctionalInterface
public interface IfpOut {
  void send(IfpPacket ifp);
}
