// Exercises UdptlPacket with random input: random and mutated datagrams never make decode throw, every decoded range lies inside the input, and random valid datagrams survive write -> decode -> encode.
package dev.faxgate.udptl;

import static dev.faxgate.t38.RandomBytes.anyLong;
import static dev.faxgate.t38.RandomBytes.bytes;
import static dev.faxgate.t38.RandomBytes.intIn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random fuzzing, bounded in count: the same cases on every run (5000 random and 5000
 * mutated datagrams, 2000 written ones); a failure names its case index ("case N"), the N-th draw
 * from that test's seed.
 */
class UdptlPacketFuzzTest {
  private static final long SEED = 0x5EED_0003L;
  private static final int CASES = 5000;
  private static final int WRITTEN_CASES = 2000;

  private static void checkInside(String at, UdptlPacket p, int status, int off, int len) {
    if (status != UdptlPacket.OK) {
      assertTrue(status < 0, at + "a failed decode returns an error code");
      return;
    }
    int end = off + len;
    assertTrue(p.primaryLength() >= 1 && p.primaryOffset() >= off && p.primaryOffset() + p.primaryLength() <= end,
        at + "primary lies inside");
    assertTrue(p.secondaryCount() <= p.maxSecondaries(), at + "secondary count within the limit");
    for (int i = 0; i < p.secondaryCount(); i++) {
      assertTrue(p.secondaryLength(i) >= 1 && p.secondaryOffset(i) >= off
          && p.secondaryOffset(i) + p.secondaryLength(i) <= end, at + "secondary " + i + " lies inside");
    }
    assertTrue(p.fecCount() <= UdptlPacket.MAX_FEC_ENTRIES, at + "FEC entry count within the limit");
    assertTrue(p.fecSpan() >= 0 && p.fecSpan() * p.fecCount() <= UdptlPacket.FEC_WINDOW, at + "FEC span within the window");
    for (int i = 0; i < p.fecCount(); i++) {
      assertTrue(p.fecLength(i) >= 0 && p.fecOffset(i) >= off && p.fecOffset(i) + p.fecLength(i) <= end,
          at + "FEC entry " + i + " lies inside");
    }
    // a decoded view re-encodes canonically and decodes to the same parts
    byte[] out = new byte[len + 8];
    int n = p.encode(out, 0);
    assertTrue(n > 0 && n <= len, at + "re-encoding is never longer");
    UdptlPacket q = new UdptlPacket();
    assertEquals(UdptlPacket.OK, q.decode(out, 0, n), at + "re-encoding decodes");
    assertEquals(p.seq(), q.seq(), at + "seq");
    assertArrayEquals(part(p.buffer(), p.primaryOffset(), p.primaryLength()),
        part(q.buffer(), q.primaryOffset(), q.primaryLength()), at + "primary");
    assertEquals(p.isFec(), q.isFec(), at + "isFec");
    assertEquals(p.secondaryCount(), q.secondaryCount(), at + "secondary count");
    assertEquals(p.fecCount(), q.fecCount(), at + "FEC count");
    assertEquals(p.fecSpan(), q.fecSpan(), at + "FEC span");
  }

  private static byte[] part(byte[] b, int off, int len) {
    return Arrays.copyOfRange(b, off, off + len);
  }

  @Test
  void randomOctets() {
    SplittableRandom r = new SplittableRandom(SEED);
    for (int c = 0; c < CASES; c++) {
      byte[] bytes = bytes(r, 0, 600);
      int pad = intIn(r, 0, 5);
      String at = "case " + c + ": ";
      try {
        randomOctets(at, bytes, pad);
      } catch (RuntimeException e) {
        throw new AssertionError(at + "threw " + e, e);
      }
    }
  }

  private static void randomOctets(String at, byte[] bytes, int pad) {
    byte[] buf = new byte[bytes.length + 2 * pad];
    System.arraycopy(bytes, 0, buf, pad, bytes.length);
    UdptlPacket p = new UdptlPacket();
    checkInside(at, p, p.decode(buf, pad, bytes.length), pad, bytes.length);
  }

  @Test
  void mutatedValidDatagrams() {
    SplittableRandom r = new SplittableRandom(SEED + 1);
    for (int c = 0; c < CASES; c++) {
      long seed = anyLong(r);
      boolean fec = r.nextBoolean();
      byte[] noise = bytes(r, 0, 600);
      int mutations = intIn(r, 0, 8);
      int cut = intIn(r, 0, 40);
      String at = "case " + c + ": ";
      try {
        mutatedValidDatagrams(at, seed, fec, noise, mutations, cut);
      } catch (RuntimeException e) {
        throw new AssertionError(at + "threw " + e, e);
      }
    }
  }

  private static void mutatedValidDatagrams(String at, long seed, boolean fec, byte[] noise, int mutations, int cut) {
    List<byte[]> ifps = UdptlStreams.ifps(12, 3, seed);
    UdptlSender tx = new UdptlSender().setRedundancyDepth(4);
    if (fec) {
      tx.setErrorCorrection(UdptlErrorCorrection.FEC).setFec(2, 3);
    }
    byte[] d = UdptlStreams.datagrams(tx, ifps).get(11);
    UdptlPacket p = new UdptlPacket();
    assertEquals(UdptlPacket.OK, p.decode(d, 0, d.length), at + "the unmutated datagram decodes");
    for (int i = 0; i < mutations && noise.length > 0; i++) {
      int pos = Math.floorMod(noise[i % noise.length] * 31 + i * 7, d.length);
      d[pos] = noise[(i * 13) % noise.length];
    }
    int len = Math.max(0, d.length - cut % (d.length + 1));
    checkInside(at, p, p.decode(d, 0, len), 0, len);
  }

  @Test
  void writtenDatagramsDecode() {
    SplittableRandom r = new SplittableRandom(SEED + 2);
    for (int c = 0; c < WRITTEN_CASES; c++) {
      int seq = intIn(r, 0, 65535);
      byte[] primary = bytes(r, 1, 300);
      boolean fec = r.nextBoolean();
      int span = intIn(r, 0, 10);
      int count = intIn(r, 0, 20);
      List<byte[]> items = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        items.add(bytes(r, 1, 200));
      }
      String at = "case " + c + ": ";
      try {
        writtenDatagramsDecode(at, seq, primary, fec, span, items);
      } catch (RuntimeException e) {
        throw new AssertionError(at + "threw " + e, e);
      }
    }
  }

  private static void writtenDatagramsDecode(String at, int seq, byte[] primary, boolean fec, int span,
      List<byte[]> items) {
    byte[] out = new byte[8000];
    int p = UdptlPacket.writeHeader(out, 0, out.length, seq, primary, 0, primary.length);
    List<byte[]> parts = fec ? items.subList(0, Math.min(items.size(), span == 0 ? items.size() : 64 / span)) : items;
    p = fec ? UdptlPacket.writeFecInfo(out, p, out.length, span, parts.size())
        : UdptlPacket.writeSecondaryCount(out, p, out.length, parts.size());
    for (byte[] item : parts) {
      p = UdptlPacket.writeOctets(out, p, out.length, item, 0, item.length);
    }
    UdptlPacket d = new UdptlPacket();
    assertEquals(UdptlPacket.OK, d.decode(out, 0, p), at + "the written datagram decodes");
    assertEquals(seq, d.seq(), at + "seq");
    assertArrayEquals(primary, part(out, d.primaryOffset(), d.primaryLength()), at + "primary");
    for (int i = 0; i < parts.size(); i++) {
      byte[] got = fec ? part(out, d.fecOffset(i), d.fecLength(i)) : part(out, d.secondaryOffset(i), d.secondaryLength(i));
      assertArrayEquals(parts.get(i), got, at + (fec ? "FEC entry " : "secondary ") + i);
    }
    checkInside(at, d, UdptlPacket.OK, 0, p);
    byte[] again = new byte[p];
    assertEquals(p, d.encode(again, 0), at + "re-encoded length");
    assertArrayEquals(Arrays.copyOf(out, p), again, at + "re-encoding is identical");
  }
}
