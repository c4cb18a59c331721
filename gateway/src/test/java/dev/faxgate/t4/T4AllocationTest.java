package dev.faxgate.t4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.testutil.SteadyStateAllocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No allocation per row in steady state: a faxpeer page is encoded and decoded row by row, page
 * after page, the code octets moved from the encoder to the decoder through one buffer, and the
 * thread's allocated bytes (ThreadMXBean, bytes, not time) do not grow.
 */
class T4AllocationTest {
  @ParameterizedTest
  @EnumSource(T4Coding.class)
  void encodingAndDecodingARowAllocatesNothing(T4Coding coding) throws Exception {
    byte[][] rows = TiffStrip.resource("fine-t4-1d.tif").rows();
    T4Encoder enc = T4SpandspPagesTest.encoder(coding, 1728, 4).minRowBits(coding == T4Coding.MMR ? 0 : 192);
    long[] decoded = {0};
    T4Decoder dec = new T4Decoder(coding, 1728, (row, concealed) -> decoded[0] += concealed ? 1_000_000 : 1);
    byte[] pipe = new byte[64 * 1024];
    int[] y = {0};
    Runnable step = () -> {
      if (y[0] == 0) {
        enc.startPage();
        dec.startPage();
      }
      enc.encodeRow(rows[y[0]], 0);
      if (++y[0] == rows.length) {
        enc.endPage();
        y[0] = 0;
      }
      int n = enc.read(pipe, 0, pipe.length);
      dec.put(pipe, 0, n);
    };
    SteadyStateAllocation a = SteadyStateAllocation.measure(step, 3 * rows.length, 4_000);
    assertTrue(decoded[0] > a.measuredSteps() / 2, "rows decoded: " + decoded[0]);
    assertEquals(0, decoded[0] / 1_000_000, "no row was concealed");
    assertTrue(a.allButOneWindowBelow(1024), a.toString());
  }
}
