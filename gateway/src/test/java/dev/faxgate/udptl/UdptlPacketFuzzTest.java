// Exercises UdptlPacket with random input (jqwik): random and mutated datagrams never make decode throw, every decoded range lies inside the input, and random valid datagrams survive write -> decode -> encode.
package dev.faxgate.udptl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class UdptlPacketFuzzTest {

  private static void checkInside(UdptlPacket p, int status, int off, int len) {
    if (status != UdptlPacket.OK) {
      assertTrue(status < 0);
      return;
    }
    int end = off + len;
    assertTrue(p.primaryLength() >= 1 && p.primaryOffset() >= off && p.primaryOffset() + p.primaryLength() <= end);
    assertTrue(p.secondaryCount() <= p.maxSecondaries());
    for (int i = 0; i < p.secondaryCount(); i++) {
      assertTrue(p.secondaryLength(i) >= 1 && p.secondaryOffset(i) >= off
          && p.secondaryOffset(i) + p.secondaryLength(i) <= end);
    }
    assertTrue(p.fecCount() <= UdptlPacket.MAX_FEC_ENTRIES);
    assertTrue(p.fecSpan() >= 0 && p.fecSpan() * p.fecCount() <= UdptlPacket.FEC_WINDOW);
    for (int i = 0; i < p.fecCount(); i++) {
      assertTrue(p.fecLength(i) >= 0 && p.fecOffset(i) >= off && p.fecOffset(i) + p.fecLength(i) <= end);
    }
    // a decoded view re-encodes canonically and decodes to the same parts
    byte[] out = new byte[len + 8];
    int n = p.encode(out, 0);
    assertTrue(n > 0 && n <= len);
    UdptlPacket q = new UdptlPacket();
    assertEquals(UdptlPacket.OK, q.decode(out, 0, n));
    assertEquals(p.seq(), q.seq());
    assertArrayEquals(part(p.buffer(), p.primaryOffset(), p.primaryLength()),
        part(q.buffer(), q.primaryOffset(), q.primaryLength()));
    assertEquals(p.isFec(), q.isFec());
    assertEquals(p.secondaryCount(), q.secondaryCount());
    assertEquals(p.fecCount(), q.fecCount());
    assertEquals(p.fecSpan(), q.fecSpan());
  }

  private static byte[] part(byte[] b, int off, int len) {
    return Arrays.copyOfRange(b, off, off + len);
  }

  @Property(tries = 5000)
  void randomOctets(@ForAll @Size(max = 600) byte[] bytes, @ForAll @IntRange(max = 5) int pad) {
    byte[] buf = new byte[bytes.length + 2 * pad];
    System.arraycopy(bytes, 0, buf, pad, bytes.length);
    UdptlPacket p = new UdptlPacket();
    checkInside(p, p.decode(buf, pad, bytes.length), pad, bytes.length);
  }

  @Property(tries = 5000)
  void mutatedValidDatagrams(@ForAll long seed, @ForAll boolean fec,
      @ForAll @Size(max = 600) byte[] noise, @ForAll @IntRange(max = 8) int mutations,
      @ForAll @IntRange(max = 40) int cut) {
    List<byte[]> ifps = UdptlStreams.ifps(12, 3, seed);
    UdptlSender tx = new UdptlSender().setRedundancyDepth(4);
    if (fec) {
      tx.setErrorCorrection(UdptlErrorCorrection.FEC).setFec(2, 3);
    }
    byte[] d = UdptlStreams.datagrams(tx, ifps).get(11);
    UdptlPacket p = new UdptlPacket();
    assertEquals(UdptlPacket.OK, p.decode(d, 0, d.length));
    for (int i = 0; i < mutations && noise.length > 0; i++) {
      int at = Math.floorMod(noise[i % noise.length] * 31 + i * 7, d.length);
      d[at] = noise[(i * 13) % noise.length];
    }
    int len = Math.max(0, d.length - cut % (d.length + 1));
    checkInside(p, p.decode(d, 0, len), 0, len);
  }

  @Property(tries = 2000)
  void writtenDatagramsDecode(@ForAll @IntRange(max = 65535) int seq,
      @ForAll @Size(min = 1, max = 300) byte[] primary, @ForAll boolean fec,
      @ForAll @IntRange(max = 10) int span,
      @ForAll @Size(max = 20) List<@Size(min = 1, max = 200) byte[]> items) {
    byte[] out = new byte[8000];
    int p = UdptlPacket.writeHeader(out, 0, out.length, seq, primary, 0, primary.length);
    List<byte[]> parts = fec ? items.subList(0, Math.min(items.size(), span == 0 ? items.size() : 64 / span)) : items;
    p = fec ? UdptlPacket.writeFecInfo(out, p, out.length, span, parts.size())
        : UdptlPacket.writeSecondaryCount(out, p, out.length, parts.size());
    for (byte[] item : parts) {
      p = UdptlPacket.writeOctets(out, p, out.length, item, 0, item.length);
    }
    UdptlPacket d = new UdptlPacket();
    assertEquals(UdptlPacket.OK, d.decode(out, 0, p));
    assertEquals(seq, d.seq());
    assertArrayEquals(primary, part(out, d.primaryOffset(), d.primaryLength()));
    for (int i = 0; i < parts.size(); i++) {
      byte[] got = fec ? part(out, d.fecOffset(i), d.fecLength(i)) : part(out, d.secondaryOffset(i), d.secondaryLength(i));
      assertArrayEquals(parts.get(i), got);
    }
    checkInside(d, UdptlPacket.OK, 0, p);
    byte[] again = new byte[p];
    assertEquals(p, d.encode(again, 0));
    assertArrayEquals(Arrays.copyOf(out, p), again);
  }
}
