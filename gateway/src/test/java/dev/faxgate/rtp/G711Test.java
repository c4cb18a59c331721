// Exercises G711: the docs/dsp.md §1.1/§1.2 vectors, round trips, transcoding tables and the bulk methods.
package dev.faxgate.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class G711Test {

  private static short s(int v) {
    return (short) v;
  }

  // ---------------------------------------------------------------- documented vectors

  @Test
  void ulawVectors() {
    // docs/dsp.md §1.1 (spandsp ulaw_to_linear / linear_to_ulaw)
    assertEquals(0, G711.ulawToLinear(0xFF));
    assertEquals(0, G711.ulawToLinear(0x7F));
    assertEquals(32124, G711.ulawToLinear(0x80));
    assertEquals(-32124, G711.ulawToLinear(0x00));
    assertEquals(132, G711.ulawToLinear(0xEF));
    assertEquals((byte) 0xCE, G711.linearToUlaw(s(1000)));
    assertEquals((byte) 0x4E, G711.linearToUlaw(s(-1000)));
    assertEquals((byte) 0xFF, G711.ULAW_SILENCE);
    assertEquals(0, G711.ulawToLinear(G711.ULAW_SILENCE));
  }

  @Test
  void ulawHandWorkedValues() {
    // 0: bias 132 -> seg 0, mantissa 0 -> 0x00 ^ 0xFF
    assertEquals((byte) 0xFF, G711.linearToUlaw(s(0)));
    // -1: |x|+132 = 133 -> seg 0, mantissa (133 >> 3) & 15 = 0 -> 0x00 ^ 0x7F
    assertEquals((byte) 0x7F, G711.linearToUlaw(s(-1)));
    // 123: 255 -> seg 0, mantissa 15 -> 0x0F ^ 0xFF = 0xF0, which decodes to (120 + 132) - 132 = 120
    assertEquals((byte) 0xF0, G711.linearToUlaw(s(123)));
    assertEquals(120, G711.ulawToLinear(0xF0));
    // 124: 256 -> seg 1, mantissa 0 -> 0x10 ^ 0xFF = 0xEF (decodes to 132)
    assertEquals((byte) 0xEF, G711.linearToUlaw(s(124)));
    // 1000 -> 0xCE decodes to ((1 << 3) + 132) << 3 - 132 = 988
    assertEquals(988, G711.ulawToLinear(0xCE));
    // 32635: 32767 -> seg 7, mantissa 15 -> 0x80; 32636 and above clip to 0x80 too
    assertEquals((byte) 0x80, G711.linearToUlaw(s(32635)));
    assertEquals((byte) 0x80, G711.linearToUlaw(s(32636)));
    assertEquals((byte) 0x80, G711.linearToUlaw(s(32767)));
    assertEquals((byte) 0x00, G711.linearToUlaw(s(-32768)));
  }

  @Test
  void alawVectors() {
    // docs/dsp.md §1.2 (spandsp alaw_to_linear / linear_to_alaw)
    assertEquals(8, G711.alawToLinear(0xD5));
    assertEquals(-8, G711.alawToLinear(0x55));
    assertEquals(32256, G711.alawToLinear(0xAA));
    assertEquals(-32256, G711.alawToLinear(0x2A));
    assertEquals((byte) 0xFA, G711.linearToAlaw(s(1000)));
    assertEquals((byte) 0xD5, G711.linearToAlaw(s(0)));
    assertEquals((byte) 0xD5, G711.ALAW_SILENCE);
  }

  @Test
  void alawHandWorkedValues() {
    // -1: x = -x - 1 = 0, mask 0x55 -> 0x55
    assertEquals((byte) 0x55, G711.linearToAlaw(s(-1)));
    // -1000: x = 999 -> seg 2, mantissa (999 >> 5) & 15 = 15 -> 0x2F ^ 0x55 = 0x7A
    assertEquals((byte) 0x7A, G711.linearToAlaw(s(-1000)));
    // 0xFA ^ 0x55 = 0xAF: seg 2, i = 0xF0 -> (0xF0 + 0x108) << 1 = 1008
    assertEquals(1008, G711.alawToLinear(0xFA));
    // full scale never clips on 16 bits: seg 7, mantissa 15
    assertEquals((byte) 0xAA, G711.linearToAlaw(s(32767)));
    assertEquals((byte) 0x2A, G711.linearToAlaw(s(-32768)));
  }

  // ---------------------------------------------------------------- round trips and shape

  @Test
  void everyCodeRoundTrips() {
    for (int c = 0; c < 256; c++) {
      short u = G711.ulawToLinear(c);
      assertEquals(u, G711.ulawToLinear(G711.linearToUlaw(u)), "ulaw code " + c);
      short a = G711.alawToLinear(c);
      assertEquals(a, G711.alawToLinear(G711.linearToAlaw(a)), "alaw code " + c);
      // A-law has no two codes of one level; mu-law only 0x7F/0xFF (both 0)
      assertEquals((byte) c, G711.linearToAlaw(a), "alaw code " + c);
      if (c != 0x7F) {
        assertEquals((byte) c, G711.linearToUlaw(u), "ulaw code " + c);
      }
    }
  }

  @Test
  void encodeThenDecodeIsMonotonicAndWithinHalfAStep() {
    int prevU = Integer.MIN_VALUE;
    int prevA = Integer.MIN_VALUE;
    for (int x = -32768; x <= 32767; x++) {
      int u = G711.ulawToLinear(G711.linearToUlaw(s(x)));
      int a = G711.alawToLinear(G711.linearToAlaw(s(x)));
      assertTrue(u >= prevU && a >= prevA, "not monotonic at " + x);
      prevU = u;
      prevA = a;
      // the largest step is 1024 (top segment); mu-law saturates at 32124
      if (Math.abs(x) <= 32124) {
        assertTrue(Math.abs(u - x) <= 512, "ulaw error at " + x);
      }
      assertTrue(Math.abs(a - x) <= 512, "alaw error at " + x);
    }
  }

  // ---------------------------------------------------------------- transcoding

  @Test
  void transcodingEqualsDecodeThenEncode() {
    for (int c = 0; c < 256; c++) {
      assertEquals(G711.linearToAlaw(G711.ulawToLinear(c)), G711.ulawToAlaw(c), "ulaw->alaw " + c);
      assertEquals(G711.linearToUlaw(G711.alawToLinear(c)), G711.alawToUlaw(c), "alaw->ulaw " + c);
    }
    // by hand: mu-law silence (0) -> A-law 0xD5; A-law 0xD5 (+8) -> mu-law: 140 -> seg 0, mant 1 -> 0xFE
    assertEquals((byte) 0xD5, G711.ulawToAlaw(0xFF));
    assertEquals((byte) 0xFE, G711.alawToUlaw(0xD5));
    // full scale both ways
    assertEquals((byte) 0xAA, G711.ulawToAlaw(0x80));
    assertEquals((byte) 0x80, G711.alawToUlaw(0xAA));
  }

  // ---------------------------------------------------------------- bulk

  @Test
  void bulkMethodsHonourOffsetsAndLengths() {
    byte[] codes = Hex.bytes("11 FF 80 00 EF 22");            // 11 and 22 are outside the range
    short[] lin = new short[7];
    G711.ulawToLinear(codes, 1, lin, 2, 4);
    assertArrayEquals(new short[] {0, 0, 0, 32124, -32124, 132, 0}, lin);

    G711.alawToLinear(Hex.bytes("D5 55 AA 2A"), 0, lin, 0, 4);
    assertArrayEquals(new short[] {8, -8, 32256, -32256, -32124, 132, 0}, lin);

    short[] pcm = {7, 1000, -1000, 0, 7};
    byte[] out = new byte[5];
    G711.linearToUlaw(pcm, 1, out, 0, 3);
    assertEquals("CE 4E FF 00 00", Hex.of(out, 0, 5));
    G711.linearToAlaw(pcm, 1, out, 2, 3);
    assertEquals("CE 4E FA 7A D5", Hex.of(out, 0, 5));

    byte[] t = Hex.bytes("FF 80 D5 AA");
    G711.ulawToAlaw(t, 0, t, 0, 2);                             // in place
    assertEquals("D5 AA D5 AA", Hex.of(t, 0, 4));
    byte[] back = new byte[3];
    G711.alawToUlaw(t, 1, back, 1, 2);
    assertEquals("00 80 FE", Hex.of(back, 0, 3));
  }

  @Test
  void silenceByPayloadType() {
    assertEquals(G711.ULAW_SILENCE, G711.silence(G711.PT_PCMU));
    assertEquals(G711.ALAW_SILENCE, G711.silence(G711.PT_PCMA));
    assertThrows(IllegalArgumentException.class, () -> G711.silence(13));
  }
}
