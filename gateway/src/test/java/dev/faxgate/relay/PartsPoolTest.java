package dev.faxgate.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.faxgate.udptl.UdptlReceiver;
import org.junit.jupiter.api.Test;

/** The pool's own rules: a part goes to one taker at a time, by kind, within the bound; NONE keeps nothing. */
class PartsPoolTest {
  @Test
  void aPartGoesBackToOneTakerOfItsKind() {
    PartsPool pool = new PartsPool(4);
    DatagramQueue q = new DatagramQueue();
    pool.give(q);
    assertNull(pool.take(UdptlReceiver.class), "another kind");
    assertSame(q, pool.take(DatagramQueue.class));
    assertNull(pool.take(DatagramQueue.class), "taken once");
    assertEquals(1, pool.reused());
    assertNotSame(q, pool.datagramQueue(), "none free: a new one");
  }

  @Test
  void itKeepsAtMostItsBoundPerKind() {
    PartsPool pool = new PartsPool(2);
    for (int i = 0; i < 5; i++) {
      pool.give(new DatagramQueue());
    }
    assertEquals(2, pool.free(DatagramQueue.class));
    assertEquals(2, pool.given());
  }

  @Test
  void noneKeepsNothing() {
    DatagramQueue q = new DatagramQueue();
    PartsPool.NONE.give(q);
    assertEquals(0, PartsPool.NONE.free(DatagramQueue.class));
    assertNull(PartsPool.NONE.take(DatagramQueue.class));
    assertNotSame(q, PartsPool.NONE.datagramQueue());
  }

  @Test
  void aReceiverOfAnotherSizeIsNotReused() {
    PartsPool pool = new PartsPool(2);
    UdptlReceiver small = new UdptlReceiver(0, 100, (seq, buf, off, len) -> { });
    pool.give(small);
    assertNotSame(small, pool.udptlReceiver(0, (seq, buf, off, len) -> { }));
  }
}
