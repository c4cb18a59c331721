package dev.faxgate.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.RtpPacket;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38Indicator;
import dev.faxgate.testutil.SteadyStateAllocation;
import dev.faxgate.udptl.UdptlErrorCorrection;
import dev.faxgate.udptl.UdptlSender;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The counters the node's meters read while a session runs ({@link MediaProcessor#legCounters})
 * are the very values its statistics map reports under the same keys, after traffic with losses,
 * duplicates, late and malformed datagrams; and reading them allocates nothing.
 */
class LegCountersTest {
  private static final DatagramSink NOWHERE = (leg, buf, off, len) -> { };

  private static long[] fromMap(MediaProcessor p, int leg) {
    long[] expected = new long[LegStats.METERED_COUNT];
    LegStats.fromMap(p.legStats(leg), expected);
    return expected;
  }

  private static void assertSame(MediaProcessor p) {
    for (int leg = 0; leg < 2; leg++) {
      long[] read = new long[LegStats.METERED_COUNT];
      p.legCounters(leg, read);
      assertArrayEquals(fromMap(p, leg), read, "leg " + leg + ": " + p.legStats(leg));
    }
  }

  @Test
  void aT38RelaysCountersAreItsStatistics() {
    T38Relay relay = new T38Relay(new T38Relay.LegConfig(0, UdptlErrorCorrection.REDUNDANCY, 3, 3, 3, 3, 3, 1400),
        new T38Relay.LegConfig(0, UdptlErrorCorrection.REDUNDANCY, 3, 3, 3, 3, 3, 1400));
    UdptlSender sender = new UdptlSender().setRedundancyDepth(1);
    byte[] ifp = new byte[8];
    int n = IfpCodec.encode(new IfpPacket().setIndicator(T38Indicator.CNG), 0, ifp, 0);
    byte[] datagram = new byte[64];
    for (int seq = 0; seq < 40; seq++) {
      int len = sender.build(ifp, 0, n, datagram, 0);
      if (seq % 7 == 3 || seq % 7 == 4) {
        continue; // two in a row: one comes back from the redundancy, the other is lost
      }
      relay.receive(MediaProcessor.LEG_A, datagram, 0, len, 0);
      if (seq % 9 == 0) {
        relay.receive(MediaProcessor.LEG_A, datagram, 0, len, 0); // a duplicate
      }
      relay.tick(NOWHERE);
    }
    relay.receive(MediaProcessor.LEG_A, new byte[] {0x00}, 0, 1, 0); // malformed
    for (int i = 0; i < T38Relay.FLUSH_TICKS; i++) {
      relay.tick(NOWHERE);
    }
    long[] seen = fromMap(relay, MediaProcessor.LEG_A);
    assertTrue(seen[LegStats.LOST] > 0 && seen[LegStats.RECOVERED_REDUNDANCY] > 0 && seen[LegStats.DUPLICATES] > 0
        && seen[LegStats.MALFORMED] > 0, Arrays.toString(seen));
    assertSame(relay);
    assertNoAllocation(relay);
  }

  @Test
  void anAudioRelaysCountersAreItsStatistics() {
    AudioRelay relay = new AudioRelay(G711.PT_PCMU, G711.PT_PCMA, 3, 1);
    byte[] p = new byte[RtpPacket.HEADER_SIZE + 160];
    int arrival = 0;
    for (int seq = 0; seq < 60; seq++) {
      arrival += 160;
      RtpPacket.writeHeader(p, 0, seq == 0, G711.PT_PCMU, seq, seq * 160, 5);
      if (seq % 10 != 4) {
        relay.receive(MediaProcessor.LEG_A, p, 0, p.length, arrival);
      }
      if (seq % 13 == 0) {
        relay.receive(MediaProcessor.LEG_A, p, 0, p.length, arrival); // a duplicate
      }
      relay.tick(NOWHERE);
    }
    RtpPacket.writeHeader(p, 0, false, G711.PT_PCMU, 54, 54 * 160, 5); // one never sent
    relay.receive(MediaProcessor.LEG_A, p, 0, p.length, arrival); // long after its frame was played: late
    relay.receive(MediaProcessor.LEG_A, new byte[] {0x00, 0x01}, 0, 2, arrival); // malformed
    long[] seen = fromMap(relay, MediaProcessor.LEG_A);
    assertTrue(seen[LegStats.LOST] > 0 && seen[LegStats.DUPLICATES] > 0 && seen[LegStats.MALFORMED] > 0
        && seen[LegStats.LATE] > 0, Arrays.toString(seen));
    assertSame(relay);
    assertNoAllocation(relay);
  }

  private static void assertNoAllocation(MediaProcessor relay) {
    long[] into = new long[LegStats.METERED_COUNT];
    SteadyStateAllocation a = SteadyStateAllocation.measure(() -> {
      relay.legCounters(MediaProcessor.LEG_A, into);
      relay.legCounters(MediaProcessor.LEG_B, into);
    }, 20_000, 8_000);
    assertTrue(a.allButOneWindowBelow(1024), a.toString());
  }
}
