package dev.faxgate.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** V.17 loop tests: V17Tx -> V17Rx, clean, short training, noise (BER printed), fill-in. */
class V17ModemTest {
  static V17Line.Sink receive(int rate, short[] pcm, int block) {
    V17Line.Sink sink = new V17Line.Sink();
    V17Rx rx = new V17Rx(sink, rate);
    for (int i = 0; i < pcm.length; i += block) {
      rx.rx(pcm, i, Math.min(block, pcm.length - i));
    }
    sink.finish();
    return sink;
  }

  @Test
  void tablesAreConsistent() {
    int[] expect = {0, 2, 3, 1, 4, 7, 5, 6, 1, 3, 2, 0, 7, 4, 6, 5, 2, 0, 1, 3, 6, 5, 7, 4, 3, 1, 0, 2, 5, 6, 4, 7};
    for (int s = 0; s < 8; s++) {
      for (int y = 0; y < 4; y++) {
        assertEquals(expect[4 * s + y], V17Tables.CONV_NEXT[s][y]);
      }
    }
    for (int rate : new int[] {7200, 9600, 12000, 14400}) {
      int[] c = V17Tables.constellation(rate);
      for (int i = 0; i < c.length / 2; i++) {
        // a quarter turn keeps the uncoded bits
        int rr = -c[2 * i + 1];
        int ri = c[2 * i];
        int found = -1;
        for (int k = 0; k < c.length / 2; k++) {
          if (c[2 * k] == rr && c[2 * k + 1] == ri) {
            found = k;
          }
        }
        assertTrue(found >= 0, rate + " point " + i);
        assertEquals(i >> 3, found >> 3, rate + " point " + i);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {7200, 9600, 12000, 14400})
  void cleanLoop(int rate) {
    byte[] data = V17Line.payload(2000, rate);
    V17Line.Sink sink = receive(rate, V17Line.transmit(rate, false, data, -14, 800), 160);
    byte[] got = sink.last();
    int errors = V17Line.bitErrors(data, got);
    System.out.printf("V17 loop %5d clean: %d bit errors, %d bytes, events %s%n", rate, errors, got.length, sink.events);
    assertEquals(0, errors);
    assertTrue(sink.events.contains(ModemStatus.TRAINING_SUCCEEDED));
  }
}
