/**
 * UDPTL, the transport of T.38 IFPs: packets ({@link dev.faxgate.udptl.UdptlPacket}), sending
 * with redundancy or parity FEC within the far end's maximum datagram
 * ({@link dev.faxgate.udptl.UdptlSender}), and receiving with recovery from either
 * ({@link dev.faxgate.udptl.UdptlReceiver}). Malformed datagrams are counted, never thrown.
 * Facts: docs/dsp.md §2.4.
 *
 * <p>Layer: fax stack. Imports {@code dev.faxgate.t38} only; no Vert.x, Netty or Micrometer.
 */
package dev.faxgate.udptl;
