package dev.faxgate.relay;

/** Where a processor's outbound datagrams go; the bytes are copied before the call returns. */
@FunctionalInterface
public interface DatagramSink {
  void send(int leg, byte[] buf, int off, int len);
}
