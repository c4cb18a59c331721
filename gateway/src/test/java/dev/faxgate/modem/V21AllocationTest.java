package dev.faxgate.modem;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.hdlc.HdlcFrameHandler;
import dev.faxgate.hdlc.HdlcRx;
import dev.faxgate.hdlc.HdlcTx;
import dev.faxgate.testutil.SteadyStateAllocation;
import org.junit.jupiter.api.Test;

/**
 * No allocation per block in steady state: V21Tx+HdlcTx and V21Rx+HdlcRx run 160-sample blocks
 * for several seconds of audio, and the thread's allocated bytes (ThreadMXBean, bytes, not time)
 * do not grow.
 */
class V21AllocationTest {
  @Test
  void steadyStateAllocatesNothing() {
    byte[] frame = V21Line.T30_FRAMES.get(0);
    HdlcTx hdlcTx = new HdlcTx().frameSource(t -> t.sendFrame(frame, 0, frame.length));
    hdlcTx.sendFrame(frame, 0, frame.length);
    V21Tx tx = new V21Tx(V21Channel.CH2, hdlcTx);
    long[] frames = {0};
    HdlcRx hdlcRx = new HdlcRx(new HdlcFrameHandler() {
      @Override
      public void frame(byte[] f, int len, boolean crcOk) {
        if (crcOk) {
          frames[0]++;
        }
      }
    });
    V21Rx rx = new V21Rx(V21Channel.CH2, hdlcRx);
    short[] block = new short[160];
    int[] count = {0};
    Runnable tick = () -> {
      tx.tx(block, 0, 160);
      if (++count[0] % 500 == 0) {
        rx.fillIn(160); // a lost packet now and then
      } else {
        rx.rx(block, 0, 160);
      }
    };
    SteadyStateAllocation a = SteadyStateAllocation.measure(tick, 20_000, 5_000); // windows of 100 s of audio
    assertTrue(frames[0] > 100, "frames received: " + frames[0]);
    assertTrue(a.allButOneWindowBelow(1024), a.toString());
  }
}
