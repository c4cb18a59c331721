package dev.faxgate.tools.impair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proxy over real sockets on loopback: what reaches the far end is what the counts say. */
class ImpairmentProxyTest {
  private static final int SENT = 1500;

  /** Sends SENT numbered datagrams A -> proxy -> B, 0.5 ms apart; returns the numbers B got, in order. */
  private static List<Integer> through(Impairment aToB, ImpairmentProxy[] proxy) throws Exception {
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (DatagramSocket a = new DatagramSocket(0, lo); DatagramSocket b = new DatagramSocket(0, lo)) {
      b.setReceiveBufferSize(1 << 20);
      ImpairmentProxy p = ImpairmentProxy.start(new InetSocketAddress(lo, a.getLocalPort()),
          new InetSocketAddress(lo, b.getLocalPort()), aToB, Impairment.NONE, 11, 100_000, 60, "test-proxy");
      proxy[0] = p;
      try (p) {
        InetSocketAddress to = new InetSocketAddress(lo, p.portFacingA());
        for (int n = 0; n < SENT; n++) {
          byte[] bytes = ByteBuffer.allocate(4).putInt(n).array();
          a.send(new DatagramPacket(bytes, 4, to));
          if (n % 2 == 1) {
            Thread.sleep(1);
          }
        }
        List<Integer> got = new ArrayList<>();
        b.setSoTimeout(1000);
        byte[] buf = new byte[16];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        try {
          while (true) {
            b.receive(in);
            got.add(ByteBuffer.wrap(buf, 0, 4).getInt());
            assertEquals(p.portFacingB(), in.getPort(), "B sees the proxy as its peer");
          }
        } catch (SocketTimeoutException done) {
          return got;
        }
      }
    }
  }

  @Test
  void lossAndJitterWithoutReorderingDeliverTheSurvivorsInOrder() throws Exception {
    ImpairmentProxy[] p = new ImpairmentProxy[1];
    List<Integer> got = through(Impairment.parse("loss=0.05,burst=0.02x3,jitter=40"), p);
    ImpairmentCounts c = p[0].countsAToB();
    assertEquals(SENT, c.received, c.toString());
    assertEquals(c.forwarded, got.size(), c.toString());
    assertTrue(c.lost() > 0 && c.bursts > 0, c.toString());
    for (int i = 1; i < got.size(); i++) {
      assertTrue(got.get(i) > got.get(i - 1), "order kept: " + got.get(i - 1) + " then " + got.get(i));
    }
  }

  @Test
  void jitterWithReorderingReordersAndDuplicatesArrive() throws Exception {
    ImpairmentProxy[] p = new ImpairmentProxy[1];
    List<Integer> got = through(Impairment.parse("jitter=20,reorder,dup=0.05"), p);
    ImpairmentCounts c = p[0].countsAToB();
    assertEquals(SENT + c.duplicated, got.size(), c.toString());
    assertEquals(SENT, got.stream().distinct().count());
    int late = 0;
    for (int i = 1, max = got.get(0); i < got.size(); i++) {
      late += got.get(i) < max ? 1 : 0;
      max = Math.max(max, got.get(i));
    }
    assertTrue(c.reordered > 0 && late > 0, "reordered " + c.reordered + ", arrived late " + late);
  }

  @Test
  void theProxyIsForLoopbackOnly() {
    assertThrows(IllegalArgumentException.class, () -> ImpairmentProxy.start(new InetSocketAddress("192.0.2.1", 5000),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 5001), Impairment.NONE, Impairment.NONE, 1, 10, 1, "x"));
  }
}
