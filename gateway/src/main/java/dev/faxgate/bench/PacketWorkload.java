package dev.faxgate.bench;

/**
 * The in-memory work of one benchmark item: puts packets through media processors on the
 * calling thread. Successive calls continue the same streams (sequence numbers, timestamps,
 * clocks), so a warm-up and a measurement are one steady stream.
 */
interface PacketWorkload {
  /** Processes {@code packets} more packets; allocates nothing itself. */
  void run(int packets);

  /** Sessions (processors) the packets are spread over, round robin. */
  int sessions();

  /** Datagrams the processors have sent so far. */
  long datagramsOut();

  /** A value that depends on every datagram sent, to keep the work observable. */
  long checksum();
}
