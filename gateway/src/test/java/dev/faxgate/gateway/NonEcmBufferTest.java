package dev.faxgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faxgate.modem.BitSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * NonEcmBuffer with real T.4 (MH, 1-D) rows fed in chunks, with the modem starving between chunks:
 * what comes out is the input with fill added only where T.4 allows it (1s before the first EOL,
 * 0s right before an EOL, never between the EOLs of the RTC), and nothing else changed.
 */
class NonEcmBufferTest {

  // ---- T.4 MH codes (T.4 tables 1 and 2), as bit strings ----
  static final String[] WHITE = {
    "00110101", "000111", "0111", "1000", "1011", "1100", "1110", "1111", "10011", "10100",
    "00111", "01000", "001000", "000011", "110100", "110101", "101010", "101011"};
  static final String[] BLACK = {
    "0000110111", "010", "11", "10", "011", "0011", "0010", "00011", "000101", "000100",
    "0000100", "0000101", "0000111"};
  static final String WHITE_MAKEUP_256 = "0110111";
  static final String EOL = "000000000001";

  /** One MH-coded 1728-pixel row (no EOL): white/black runs, then a white run of 256..273. */
  static String mhRow(Random r) {
    StringBuilder sb = new StringBuilder();
    int left = 1728;
    while (left >= 256 + 17 + 29) {
      int w = 1 + r.nextInt(17);
      int b = 1 + r.nextInt(12);
      sb.append(WHITE[w]).append(BLACK[b]);
      left -= w + b;
    }
    while (true) {
      int w = 1 + r.nextInt(17);
      int b = 1 + r.nextInt(12);
      int rest = left - w - b;
      if (rest >= 256 && rest <= 256 + 17) {
        sb.append(WHITE[w]).append(BLACK[b]).append(WHITE_MAKEUP_256).append(WHITE[rest - 256]);
        return sb.toString();
      }
    }
  }

  /**
   * A page: EOL, then rows each closed by an EOL, then 5 more EOLs (the RTC), zero-padded to whole
   * octets at the end. Some rows carry the sender's own fill (0s before the EOL).
   */
  static byte[] pageBits(Random r, int rows) {
    StringBuilder sb = new StringBuilder(EOL);
    for (int i = 0; i < rows; i++) {
      sb.append(mhRow(r));
      if (r.nextInt(4) == 0) {
        sb.append("0".repeat(1 + r.nextInt(40)));
      }
      sb.append(EOL);
    }
    sb.append(EOL.repeat(5));
    while (sb.length() % 8 != 0) {
      sb.append('0');
    }
    byte[] bits = new byte[sb.length()];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = (byte) (sb.charAt(i) - '0');
    }
    return bits;
  }

  /** Line bits as T.38 octets: first bit in the MSB. */
  static byte[] octets(byte[] bits) {
    byte[] o = new byte[bits.length / 8];
    for (int i = 0; i < o.length * 8; i++) {
      if (bits[i] != 0) {
        o[i >> 3] |= (byte) (0x80 >>> (i & 7));
      }
    }
    return o;
  }

  /** The zeros before each 1 of {@code bits[from..to)}. */
  static List<Integer> zeroRuns(byte[] bits, int from, int to) {
    List<Integer> runs = new ArrayList<>();
    int z = 0;
    for (int i = from; i < to; i++) {
      if (bits[i] == 0) {
        z++;
      } else {
        runs.add(z);
        z = 0;
      }
    }
    return runs;
  }

  /** What {@link #compare} found. */
  record Fill(int leadingOnes, long zeroFill, int eolsFilled, int trailingZeros) {}

  /**
   * Checks that {@code out} is {@code in} with fill added only where T.4 allows it: leading 1s (the
   * input starts with 0), extra 0s only in the zero run of an EOL, and none in the run of an EOL
   * that directly follows another EOL (RTC). Out may go on past the input's last 1 (tail, modem
   * turn-off). Returns the fill found.
   */
  static Fill compare(byte[] in, byte[] out, int outLen) {
    assertEquals(0, in[0], "the input must start with a 0");
    int k = 0;
    while (k < outLen && out[k] == 1) {
      k++;
    }
    List<Integer> ri = zeroRuns(in, 0, in.length);
    List<Integer> ro = zeroRuns(out, k, outLen);
    assertTrue(ro.size() >= ri.size(), "output has " + ro.size() + " 1s after the fill, input " + ri.size());
    long fill = 0;
    int eols = 0;
    boolean prevEol = false;
    for (int j = 0; j < ri.size(); j++) {
      int a = ri.get(j);
      int b = ro.get(j);
      if (b != a) {
        if (b < a || a < 11) {
          fail("1 number " + j + ": " + a + " zeros before it in the input, " + b + " in the output");
        }
        if (prevEol && a == 11) {
          fail("fill between two EOLs of the RTC at 1 number " + j);
        }
        fill += b - a;
        eols++;
      }
      prevEol = a >= 11;
    }
    // zeros after the input's last 1 in the output
    int lastOne = -1;
    for (int i = in.length - 1; i >= 0; i--) {
      if (in[i] == 1) {
        lastOne = i;
        break;
      }
    }
    int ones = 0;
    int pos = k;
    while (ones < ri.size()) {
      if (out[pos++] == 1) {
        ones++;
      }
    }
    int tz = 0;
    while (pos < outLen && out[pos] == 0) {
      tz++;
      pos++;
    }
    assertTrue(tz >= in.length - 1 - lastOne, "trailing zeros " + tz);
    return new Fill(k, fill, eols, tz);
  }

  /** Pulls bits until the end (or max); returns how many. */
  static int drain(BitSource s, byte[] out, int pos, int max) {
    while (pos < max) {
      int b = s.getBit();
      if (b == BitSource.END_OF_DATA) {
        break;
      }
      out[pos++] = (byte) b;
    }
    return pos;
  }

  @Test
  void imageRowsInChunksWithStarvationComeOutWhole() {
    Random r = new Random(42);
    byte[] in = pageBits(r, 40);
    byte[] data = octets(in);
    NonEcmBuffer buf = new NonEcmBuffer();
    buf.restart(false, 9600, 0);
    byte[] out = new byte[in.length * 4 + 100_000];
    int n = 0;
    // starve before anything comes: 1s
    for (int i = 0; i < 100; i++) {
      out[n++] = (byte) buf.getBit();
    }
    int p = 0;
    while (p < data.length) {
      int c = Math.min(data.length - p, 1 + r.nextInt(60));
      buf.put(data, p, c);
      p += c;
      int pull = r.nextInt(700); // often more than was released: the buffer fills
      for (int i = 0; i < pull; i++) {
        out[n++] = (byte) buf.getBit();
      }
    }
    buf.finish();
    n = drain(buf, out, n, out.length);
    assertTrue(buf.ended());
    for (int i = 0; i < 100; i++) {
      assertEquals(1, out[i], "underflow before the first EOL sends 1s");
    }
    Fill f = compare(in, out, n);
    // everything the buffer added is accounted for: leading 1s and 0s before EOLs
    assertEquals(buf.fillBits(), f.leadingOnes() + f.zeroFill(), "fill " + f);
    assertTrue(f.zeroFill() > 1000 && f.eolsFilled() > 10, "the test must actually starve the buffer: " + f);
    assertTrue(f.trailingZeros() >= 9600 * 40 / 1000, "40 ms of zeros after the data: " + f.trailingZeros());
    assertEquals(n, f.leadingOnes() + in.length + f.zeroFill() + 9600 * 40 / 1000, "nothing else is sent");
    assertEquals(40, buf.rows());
    assertEquals(0, buf.overflowBits());
  }

  @Test
  void rtcSplitAcrossChunksIsNotPadded() {
    Random r = new Random(7);
    byte[] in = pageBits(r, 5);
    byte[] data = octets(in);
    NonEcmBuffer buf = new NonEcmBuffer();
    buf.restart(false, 14400, 0);
    byte[] out = new byte[in.length + 50_000];
    int n = 0;
    // everything up to the middle of the RTC, then a long starvation, then the rest
    int rtcMiddle = (in.length - 3 * 12 - in.length % 8) / 8;
    buf.put(data, 0, rtcMiddle);
    for (int i = 0; i < 20_000; i++) {
      out[n++] = (byte) buf.getBit();
    }
    buf.put(data, rtcMiddle, data.length - rtcMiddle);
    buf.finish();
    n = drain(buf, out, n, out.length);
    Fill f = compare(in, out, n); // fails on any fill between RTC EOLs
    assertTrue(f.zeroFill() > 10_000, "starved before the RTC: " + f);
    assertEquals(1, f.eolsFilled(), "all the fill went before the RTC's first EOL: " + f);
  }

  @Test
  void shortRowsArePaddedToTheMinimumBeforeTheirEol() {
    Random r = new Random(3);
    byte[] in = pageBits(r, 10);
    NonEcmBuffer buf = new NonEcmBuffer();
    int minRow = 2000; // above the ~900-1000 bits of these rows (a 20 ms scan line at 9600 bit/s is 192)
    buf.restart(false, 9600, minRow);
    buf.put(octets(in), 0, in.length / 8);
    buf.finish();
    byte[] out = new byte[in.length * 4];
    int n = drain(buf, out, 0, out.length);
    Fill f = compare(in, out, n);
    assertEquals(buf.minRowFillBits(), f.zeroFill());
    assertEquals(0, buf.fillBits());
    // every row, from the end of one EOL to the start of the next, is at least minRow bits
    int prevEolEnd = -1;
    int z = 0;
    int rows = 0;
    for (int i = 0; i < n; i++) {
      if (out[i] == 0) {
        z++;
        continue;
      }
      if (z >= 11) {
        int rowBits = i - 11 - (prevEolEnd + 1);
        if (prevEolEnd >= 0 && rowBits > 1) {
          assertTrue(rowBits >= minRow, "row of " + rowBits + " bits");
          rows++;
        }
        prevEolEnd = i;
      }
      z = 0;
    }
    assertEquals(10, rows);
  }

  @Test
  void tcfUnderflowRepeatsTheLastBit() {
    NonEcmBuffer buf = new NonEcmBuffer();
    buf.restart(true, 14400, 0);
    for (int i = 0; i < 16; i++) {
      assertEquals(1, buf.getBit(), "before any data");
    }
    byte[] zeros = new byte[10];
    buf.put(zeros, 0, zeros.length);
    for (int i = 0; i < 200; i++) {
      assertEquals(0, buf.getBit(), "bit " + i);
    }
    assertEquals(16 + 120, buf.fillBits());
    buf.put(zeros, 0, 2);
    buf.finish();
    int n = 0;
    while (buf.getBit() == 0) {
      n++;
    }
    assertEquals(16, n, "the rest, then the end (no tail in TCF)");
    assertTrue(buf.ended());
  }

  @Test
  void imageUnderflowBeforeTheFirstEolSendsOnesThenZerosBeforeEols() {
    NonEcmBuffer buf = new NonEcmBuffer();
    buf.restart(false, 4800, 0);
    // a preamble of 1s and 0s, no EOL yet: nothing released, 1s fill
    buf.put(new byte[] {(byte) 0xFF, 0x00}, 0, 2);
    for (int i = 0; i < 50; i++) {
      assertEquals(1, buf.getBit());
    }
    // EOL, a row (white 1728 would be long; use white 7 black 2 white ... as raw bits), EOL
    byte[] bits = bits(EOL + WHITE[7] + BLACK[2] + EOL);
    for (byte b : bits) {
      buf.putBit(b);
    }
    // released: the preamble octets and the first EOL + row; then 0 fill before the second EOL
    StringBuilder got = new StringBuilder();
    for (int i = 0; i < 16 + 12 + 6 + 30; i++) {
      got.append(buf.getBit());
    }
    assertEquals("1111111100000000" + EOL + WHITE[7] + BLACK[2] + "0".repeat(30), got.toString());
  }

  static byte[] bits(String s) {
    byte[] b = new byte[s.length()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (s.charAt(i) - '0');
    }
    return b;
  }
}
