package dev.faxgate.bench;

import dev.faxgate.relay.DatagramSink;

/**
 * Where the in-memory benchmarks send a processor's outbound datagrams: counts them and their
 * octets and folds one octet of each into a checksum, so the work that produced them cannot be
 * optimised away, and allocates nothing, so that whatever the measured loop allocates is the
 * processor's.
 */
final class CountingSink implements DatagramSink {
  private final long[] datagrams = new long[2];
  private long octets;
  private long checksum;

  @Override
  public void send(int leg, byte[] buf, int off, int len) {
    datagrams[leg]++;
    octets += len;
    checksum = checksum * 31 + buf[off + len - 1];
  }

  /** Datagrams sent to {@code leg} so far. */
  long datagrams(int leg) {
    return datagrams[leg];
  }

  long octets() {
    return octets;
  }

  long checksum() {
    return checksum;
  }
}
