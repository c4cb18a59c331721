package dev.faxgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.faxgate.udptl.UdptlPacket;
import dev.faxgate.udptl.UdptlReceiver;
import java.util.Arrays;

/**
 * Coverage-guided fuzz target for UDPTL with redundancy and with FEC: every datagram of the input
 * ({@link Chunks}) through {@link UdptlPacket#decode}, then the whole stream through a
 * {@link UdptlReceiver} (sequence jumps, restarts, duplicates, secondaries and FEC parity in any mix).
 *
 * <p>Properties: decoding never throws and answers OK or a documented code; every decoded part lies
 * inside the datagram, within the holder's and the window's bounds; a decoded datagram re-encodes
 * (canonically, never longer) to one that decodes to the same sequence number, primary, secondaries
 * and FEC entries, octet for octet. The receiver counts every datagram once (received or malformed),
 * hands on IFPs of 1 to maxIfp octets, never the same sequence number twice and always in order
 * between two restarts of the far end's numbering (one step back per restart), and gives up or delivers everything on flush;
 * the same stream again after {@link UdptlReceiver#reset} delivers the same IFPs and allocates
 * nothing (its slots have grown already).
 */
class UdptlFuzzTest {
  private static final int MAX_CHUNKS = 2000;
  private static final int MAX_IFP = 400;

  @FuzzTest
  void udptl(byte[] input) {
    Chunks chunks = new Chunks(input);
    int n = 0;
    for (Chunks c = new Chunks(input); c.next() && n < MAX_CHUNKS; n++) {
      checkDatagram(c.array(), c.offset(), c.length());
    }
    int version = input.length > 0 ? input[input.length - 1] & 3 : 0;
    Deliveries first = new Deliveries();
    UdptlReceiver rx = new UdptlReceiver(version, MAX_IFP, first);
    first.rx = rx;
    stream(chunks, n, rx);
    assertEquals(n, rx.received() + rx.malformed(), "every datagram counted once");
    assertTrue(rx.recoveredByRedundancy() + rx.recoveredByFec() <= rx.delivered(), "recovered are delivered");
    assertEquals(first.count, rx.delivered(), "delivered count");

    Deliveries second = new Deliveries();
    second.rx = rx;
    final int count = n;
    long allocated = Allocation.leastOf3(() -> {
      rx.reset(version, second);
      second.reset();
      stream(chunks, count, rx);
      if (first.count != second.count || first.hash != second.hash) {
        throw new AssertionError("other IFPs on a replay");
      }
    });
    assertEquals(0, allocated, "the receiver allocated on a replay of " + n + " datagrams");
  }

  private static void stream(Chunks c, int n, UdptlReceiver rx) {
    c.rewind();
    for (int i = 0; i < n && c.next(); i++) {
      int r = rx.rx(c.array(), c.offset(), c.length());
      if (r > 0 || r < UdptlPacket.ERR_TOO_MANY_FEC_ENTRIES) {
        throw new AssertionError("undocumented status " + r);
      }
    }
    rx.flush();
  }

  /** What the receiver hands on, checked as it comes. */
  private static final class Deliveries implements UdptlReceiver.IfpSink {
    UdptlReceiver rx;
    long count;
    long hash = 1;
    private long backStepAt;
    private int last;

    void reset() {
      count = 0;
      hash = 1;
      backStepAt = 0;
    }

    @Override
    public void onIfp(int seq, byte[] buf, int off, int len) {
      if (len < 1 || len > MAX_IFP || off < 0 || off + len > buf.length) {
        throw new AssertionError("IFP " + seq + " of " + len + " octets");
      }
      if (seq < 0 || seq > 0xFFFF) {
        throw new AssertionError("sequence number " + seq);
      }
      if (count > 0 && (short) (seq - last) <= 0) {
        // only a restart of the numbering may step back, once per restart
        if (rx.restarts() <= backStepAt) {
          throw new AssertionError("IFP " + seq + " handed on after " + last + " without a restart");
        }
        backStepAt = rx.restarts();
      }
      last = seq;
      count++;
      hash = 31 * hash + seq;
      for (int i = 0; i < len; i++) {
        hash = 31 * hash + buf[off + i];
      }
    }
  }

  /** One datagram: decode, bounds, and a re-encoding that decodes to the same parts. */
  static void checkDatagram(byte[] b, int off, int len) {
    UdptlPacket p = new UdptlPacket();
    int status = p.decode(b, off, len);
    if (status != UdptlPacket.OK) {
      assertTrue(status >= UdptlPacket.ERR_TOO_MANY_FEC_ENTRIES && status < 0, "documented code " + status);
      assertTrue(p.buffer() == null, "a failed decode leaves the holder empty");
      return;
    }
    int end = off + len;
    assertTrue(p.primaryLength() >= 1 && p.primaryOffset() >= off + 3 && p.primaryOffset() + p.primaryLength() <= end,
        "primary inside");
    assertTrue(p.secondaryCount() <= p.maxSecondaries());
    for (int i = 0; i < p.secondaryCount(); i++) {
      assertTrue(p.secondaryLength(i) >= 1 && p.secondaryOffset(i) > p.primaryOffset()
          && p.secondaryOffset(i) + p.secondaryLength(i) <= end, "secondary inside");
    }
    assertTrue(!p.isFec() || p.secondaryCount() == 0);
    assertTrue(p.isFec() || p.fecCount() == 0);
    assertTrue(p.fecCount() <= UdptlPacket.MAX_FEC_ENTRIES && p.fecSpan() >= 0
        && p.fecSpan() <= UdptlPacket.MAX_FEC_SPAN && p.fecSpan() * p.fecCount() <= UdptlPacket.FEC_WINDOW,
        "FEC within the window");
    for (int i = 0; i < p.fecCount(); i++) {
      assertTrue(p.fecLength(i) >= 0 && p.fecOffset(i) > p.primaryOffset()
          && p.fecOffset(i) + p.fecLength(i) <= end, "FEC entry inside");
    }
    byte[] out = new byte[len];
    int m = p.encode(out, 0);
    assertTrue(m > 0 && m <= len, "the re-encoding is never longer: " + m + " > " + len);
    UdptlPacket q = new UdptlPacket();
    assertEquals(UdptlPacket.OK, q.decode(out, 0, m), "the re-encoding decodes");
    assertEquals(p.seq(), q.seq());
    assertArrayEquals(part(p.buffer(), p.primaryOffset(), p.primaryLength()),
        part(q.buffer(), q.primaryOffset(), q.primaryLength()), "primary");
    assertEquals(p.isFec(), q.isFec());
    assertEquals(p.secondaryCount(), q.secondaryCount());
    for (int i = 0; i < p.secondaryCount(); i++) {
      assertArrayEquals(part(p.buffer(), p.secondaryOffset(i), p.secondaryLength(i)),
          part(q.buffer(), q.secondaryOffset(i), q.secondaryLength(i)), "secondary " + i);
    }
    assertEquals(p.fecSpan(), q.fecSpan());
    assertEquals(p.fecCount(), q.fecCount());
    for (int i = 0; i < p.fecCount(); i++) {
      assertArrayEquals(part(p.buffer(), p.fecOffset(i), p.fecLength(i)),
          part(q.buffer(), q.fecOffset(i), q.fecLength(i)), "FEC entry " + i);
    }
    // canonical: encoding the re-encoding gives the same octets
    byte[] again = new byte[m];
    assertEquals(m, q.encode(again, 0));
    assertArrayEquals(Arrays.copyOf(out, m), again, "re-encoding is canonical");
  }

  private static byte[] part(byte[] b, int off, int len) {
    return Arrays.copyOfRange(b, off, off + len);
  }
}
