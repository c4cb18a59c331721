package dev.faxgate.modem;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.testutil.SteadyStateAllocation;
import org.junit.jupiter.api.Test;

/**
 * No allocation per block in steady state: V29Tx feeding V29Rx in 160-sample blocks (with a lost
 * block now and then) for 100 s of audio after the training; the thread's allocated bytes do not grow.
 */
class V29AllocationTest {
  @Test
  void steadyStateAllocatesNothing() {
    int[] lfsr = {0x1234};
    BitSource src = () -> {
      int b = lfsr[0] & 1;
      lfsr[0] = (lfsr[0] >>> 1) ^ (-b & 0xB400);
      return b;
    };
    V29Tx tx = new V29Tx(9600, src);
    long[] bits = {0};
    V29Rx rx = new V29Rx(9600, new BitSink() {
      @Override
      public void putBit(int bit) {
        bits[0]++;
      }
    });
    short[] block = new short[160];
    int[] count = {0};
    Runnable tick = () -> {
      tx.tx(block, 0, 160);
      if (++count[0] % 500 == 0) {
        rx.fillIn(160);
      } else {
        rx.rx(block, 0, 160);
      }
    };
    SteadyStateAllocation a = SteadyStateAllocation.measure(tick, 20_000, 5_000);
    assertTrue(rx.carrierUp() && rx.stage() == V29Rx.Stage.DATA, "stage " + rx.stage());
    assertTrue(bits[0] > 1_000_000, "bits " + bits[0]);
    assertTrue(a.allButOneWindowBelow(1024), a.toString());
  }
}
