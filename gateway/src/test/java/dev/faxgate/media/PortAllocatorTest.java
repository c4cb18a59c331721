package dev.faxgate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Ports from the range: RTP even, and a port another process holds skipped for a minute, then tried again. */
class PortAllocatorTest {
  @Test
  void rtpTakesEvenPortsAndReleasedPortsComeBackOnlyAfterARound() {
    PortAllocator ports = new PortAllocator(20000, 20005);
    assertEquals(20000, ports.take(true));
    assertEquals(20001, ports.take(false));
    assertEquals(20002, ports.take(true));
    ports.release(20000);
    assertEquals(20004, ports.take(true), "the search goes on from where it stopped");
    assertEquals(20000, ports.take(true));
    assertEquals(-1, ports.take(true), "every even port is busy");
    assertEquals(4, ports.inUse());
  }

  @Test
  void aPortHeldElsewhereIsSkippedForAMinuteThenTriedAgain() {
    AtomicLong now = new AtomicLong(1_000);
    PortAllocator ports = new PortAllocator(20000, 20003, now::get);
    int first = ports.take(true);
    assertEquals(20000, first);
    ports.heldElsewhere(first);
    assertEquals(0, ports.inUse(), "a port another program holds is not one of ours");
    assertEquals(20002, ports.take(true));
    ports.release(20002);
    assertEquals(20002, ports.take(true), "20000 is skipped while it is held elsewhere");
    now.addAndGet(PortAllocator.FOREIGN_HOLD_NANOS - 1);
    assertEquals(-1, ports.take(true));
    now.addAndGet(1);
    assertEquals(20000, ports.take(true), "a minute later it is tried again");
    assertEquals(2, ports.inUse());
  }
}
