// Exercises RtpPacket.validate (and the JitterBuffer behind it) on random bytes and ranges: never throws, payload stays inside.
package dev.faxgate.rtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RtpPacketFuzzTest {

  @Provide
  Arbitrary<byte[]> datagrams() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(1500);
  }

  @Provide
  Arbitrary<Integer> offsets() {
    return Arbitraries.integers().between(-8, 1508);
  }

  @Provide
  Arbitrary<Integer> lengths() {
    return Arbitraries.oneOf(Arbitraries.integers().between(-8, 1508),
        Arbitraries.of(Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, 11, 12));
  }

  /** Any result is either an error code or a payload range inside both the packet and the buffer. */
  private static void check(byte[] b, int off, int len) {
    long r = RtpPacket.validate(b, off, len);
    if (r < 0) {
      assertTrue(r >= RtpPacket.ERR_BAD_PADDING, "unknown error code " + r);
      return;
    }
    int po = RtpPacket.payloadOffset(r);
    int pl = RtpPacket.payloadLength(r);
    assertTrue(pl >= 0, "negative payload length");
    assertTrue(po >= off + RtpPacket.HEADER_SIZE, "payload starts inside the fixed header");
    assertTrue((long) po + pl <= (long) off + len, "payload runs past the packet");
    assertTrue((long) po + pl <= b.length, "payload runs past the buffer");
    assertTrue(RtpPacket.headerLength(b, off) == po - off, "header length disagrees");
  }

  @Property(tries = 5000)
  void randomBytesNeverThrow(@ForAll("datagrams") byte[] b, @ForAll("offsets") int off,
      @ForAll("lengths") int len) {
    check(b, off, len);
    check(b, off, b.length - off);                  // "the rest of the buffer", the common call
  }

  @Property(tries = 5000)
  void version2HeadersReachTheDeeperChecks(@ForAll("datagrams") byte[] b, @ForAll("offsets") int off,
      @ForAll("lengths") int len) {
    if (off >= 0 && off < b.length) {
      b[off] = (byte) (0x80 | (b[off] & 0x3F));      // V=2, random P, X, CC
    }
    check(b, off, len);
    check(b, off, b.length - off);
    RtpPacket view = new RtpPacket();
    int code = view.wrap(b, off, b.length - off);
    assertTrue(code <= 0 && (code == 0) == view.isValid());
    new JitterBuffer(G711.PT_PCMU, new RtpStats()).put(b, off, len, 0);
  }
}
