// Exercises RtpPacket.validate (and the JitterBuffer behind it) on random bytes and ranges: never throws, payload stays inside.
package dev.faxgate.rtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded random fuzzing, bounded in count: the same 5000 cases on every run, a new seed printed on failure. */
class RtpPacketFuzzTest {
  private static final long SEED = 0x5EED_0001L;
  private static final int CASES = 5000;
  private static final int[] EDGE_LENGTHS = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 0, 11, 12};

  private static byte[] datagram(SplittableRandom r) {
    byte[] b = new byte[r.nextInt(1501)];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  private static int offset(SplittableRandom r) {
    return r.nextInt(-8, 1509);
  }

  private static int length(SplittableRandom r) {
    return r.nextInt(4) == 0 ? EDGE_LENGTHS[r.nextInt(EDGE_LENGTHS.length)] : r.nextInt(-8, 1509);
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

  @Test
  void randomBytesNeverThrow() {
    SplittableRandom r = new SplittableRandom(SEED);
    for (int i = 0; i < CASES; i++) {
      byte[] b = datagram(r);
      int off = offset(r);
      check(b, off, length(r));
      check(b, off, b.length - off); // "the rest of the buffer", the common call
    }
  }

  @Test
  void version2HeadersReachTheDeeperChecks() {
    SplittableRandom r = new SplittableRandom(SEED + 1);
    for (int i = 0; i < CASES; i++) {
      byte[] b = datagram(r);
      int off = offset(r);
      int len = length(r);
      if (off >= 0 && off < b.length) {
        b[off] = (byte) (0x80 | (b[off] & 0x3F)); // V=2, random P, X, CC
      }
      check(b, off, len);
      check(b, off, b.length - off);
      RtpPacket view = new RtpPacket();
      int code = view.wrap(b, off, b.length - off);
      assertTrue(code <= 0 && (code == 0) == view.isValid());
      new JitterBuffer(G711.PT_PCMU, new RtpStats()).put(b, off, len, 0);
    }
  }
}
