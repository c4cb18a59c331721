// Exercises RtpStats: RFC 3550 A.8 interarrival jitter on hand-computed arrival patterns, counters and snapshots.
package dev.faxgate.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RtpStatsTest {

  @Test
  void jitterOnAKnownPattern() {
    // Packets every 160 units; arrival = 1000 + 160 i + extra, extra = 0, 40, 0, 80, 0.
    // Transit S = 1000, 1040, 1000, 1080, 1000, so |D| = 40, 40, 80, 80.
    // A.8 in 1/16 units, J16 += |D| - ((J16 + 8) >> 4):
    //   40:  0 + 40 - (8 >> 4 = 0)    = 40
    //   40: 40 + 40 - (48 >> 4 = 3)   = 77
    //   80: 77 + 80 - (85 >> 4 = 5)   = 152
    //   80: 152 + 80 - (160 >> 4 = 10) = 222
    // jitter = 222 >> 4 = 13 units; in ms at 8 kHz: 222 / 16 / 8 = 1.734375.
    // (The floating-point form J += (|D| - J) / 16 gives 2.5, 4.84, 9.54, 13.95: the same to within rounding.)
    RtpStats s = new RtpStats();
    int[] extra = {0, 40, 0, 80, 0};
    for (int i = 0; i < extra.length; i++) {
      s.arrival(160 * i, 1000 + 160 * i + extra[i]);
    }
    assertEquals(13, s.jitter());
    assertEquals(1.734375, s.jitterMillis(), 0.0);
    assertEquals(13 / 8.0, s.snapshot().jitterMillis(), 0.0);
  }

  @Test
  void perfectlyPacedArrivalsHaveNoJitter() {
    RtpStats s = new RtpStats();
    for (int i = 0; i < 100; i++) {
      s.arrival(12345 + 160 * i, 999 + 160 * i);
    }
    assertEquals(0, s.jitter());
  }

  @Test
  void transitDifferenceIsTakenModulo32Bits() {
    // Transit goes from 0x7FFFFFFF to 0x7FFFFFFF + 16 (wrapping to negative): |D| = 16, J16 = 16, jitter 1.
    RtpStats s = new RtpStats();
    s.arrival(0, 0x7FFFFFFF);
    s.arrival(160, 0x7FFFFFFF + 160 + 16);
    assertEquals(1, s.jitter());
    // Timestamps wrapping past 2^32 with steady arrivals add nothing.
    RtpStats w = new RtpStats();
    for (int i = 0; i < 10; i++) {
      w.arrival(-480 + 160 * i, 77 + 160 * i);
    }
    assertEquals(0, w.jitter());
  }

  @Test
  void restartDropsTheTransitReference() {
    // Without the restart the step in transit (1000 -> 501000) would count as |D| = 500000.
    RtpStats s = new RtpStats();
    s.arrival(0, 1000);
    s.countRestart();
    s.arrival(160, 501_160);
    s.arrival(320, 501_320);
    assertEquals(0, s.jitter());
    assertEquals(1, s.restarts());
  }

  @Test
  void countersAndSnapshots() {
    RtpStats s = new RtpStats();
    for (int i = 0; i < 9; i++) {
      s.countReceived();
    }
    s.countLost(1);
    s.countLost(1);
    s.countLate();
    s.countDuplicated();
    s.countDuplicated();
    s.countDuplicated();
    s.countReordered();
    s.countMalformed();
    s.countIgnored();
    s.countIgnored();
    s.countRestart();
    s.arrival(0, 0);
    s.arrival(160, 160 + 32);                                 // J16 = 32: jitter 2
    long[] a = new long[RtpStats.SIZE];
    s.snapshot(a);
    assertArrayEquals(new long[] {9, 2, 1, 3, 1, 1, 2, 1, 2}, a);
    assertEquals(new RtpStats.Snapshot(9, 2, 1, 3, 1, 1, 2, 1, 2), s.snapshot());
    assertEquals(9, a[RtpStats.RECEIVED]);
    assertEquals(3, a[RtpStats.DUPLICATED]);
    assertEquals(2, a[RtpStats.JITTER]);
    s.reset();
    s.snapshot(a);
    assertArrayEquals(new long[RtpStats.SIZE], a);
  }
}
