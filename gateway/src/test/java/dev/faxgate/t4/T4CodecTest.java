package dev.faxgate.t4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte vectors and the rules of the forms: codes, EOL, fill, RTC, EOFB, bit order. */
class T4CodecTest {
  private static final int W = 1728;

  /** The bits of {@code b} as a string, first bit (MSB) first. */
  private static String bits(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(RunCodes.bits(x & 0xFF, 8));
    }
    return sb.toString();
  }

  private static byte[] page(T4Encoder enc, byte[]... rows) {
    enc.startPage();
    for (byte[] r : rows) {
      enc.encodeRow(r, 0);
    }
    enc.endPage();
    return enc.readAll();
  }

  @Test
  void aWhiteRowInMhIsEolThenWhite1728ThenWhite0() {
    // EOL, make-up 1728 (010011011), terminating 0 (00110101), then RTC: six EOLs
    String expected = "000000000001" + "010011011" + "00110101" + "000000000001".repeat(6);
    String got = bits(page(T4Encoder.mh(W), new byte[W / 8]));
    assertEquals(expected, got.substring(0, expected.length()));
    assertTrue(got.substring(expected.length()).matches("0{0,7}"), "zero padding to the octet: " + got);
  }

  @Test
  void aBlackRowInMhStartsWithAWhiteRunOfZero() {
    byte[] black = new byte[W / 8];
    java.util.Arrays.fill(black, (byte) 0xFF);
    // EOL, white 0, black make-up 1728 (0000001100101), black 0 (0000110111)
    String expected = "000000000001" + "00110101" + "0000001100101" + "0000110111";
    assertTrue(bits(page(T4Encoder.mh(W), black)).startsWith(expected));
  }

  @Test
  void mrTagsRowsAndUsesVerticalModeUnderAnIdenticalRow() {
    byte[] row = new byte[W / 8];
    row[0] = 0x0F; // black pixels 4..7
    // row 1: EOL 1, 1-D: white 4 (1011), black 4 (011), white 1720 (make-up 1664 011000, 56 01011001)
    // row 2: EOL 0, 2-D: V0 V0 V0 (a1 under b1, a2 under b2, then the end under the end)
    String expected = "0000000000011" + "1011" + "011" + "011000" + "01011001"
        + "0000000000010" + "1" + "1" + "1" + ("0000000000011").repeat(6);
    String got = bits(page(T4Encoder.mr(W, 2), row, row));
    assertEquals(expected, got.substring(0, expected.length()));
  }

  @Test
  void mmrIsModesThenEofb() {
    byte[] white = new byte[W / 8];
    // a white row under the imaginary white row: V0 (a1 = b1 = the end); then EOFB
    String expected = "1" + "1" + "000000000001000000000001";
    String got = bits(page(T4Encoder.mmr(W), white, white));
    assertEquals(expected, got.substring(0, expected.length()));
    assertTrue(got.substring(expected.length()).matches("0{0,7}"));
  }

  @Test
  void theTiffFormAlignsEveryEolToEndAnOctetAndHasNoRtc() {
    byte[] row = new byte[W / 8];
    row[10] = 0x3C;
    String got = bits(page(T4Encoder.mh(W).form(T4Encoder.Form.TIFF), row, row, row));
    List<Integer> eolEnds = eolEnds(got);
    assertEquals(3, eolEnds.size(), got);
    for (int end : eolEnds) {
      assertEquals(0, end % 8, "EOL ends at bit " + end);
    }
  }

  @Test
  void fillMakesEveryRowAtLeastMinRowBitsLong() throws Exception {
    byte[][] rows = TiffStrip.resource("standard-t4-1d.tif").rows();
    for (int min : new int[] {0, 96, 192, 1500}) {
      for (T4Encoder enc : new T4Encoder[] {T4Encoder.mh(W), T4Encoder.mr(W, 2)}) {
        enc.minRowBits(min);
        String s = bits(page(enc, rows));
        List<Integer> ends = eolEnds(s);
        assertEquals(rows.length + 6, ends.size());
        int shortest = Integer.MAX_VALUE;
        for (int i = 1; i <= rows.length; i++) {
          // EOL to EOL: (tag), data, fill and one EOL
          int len = ends.get(i) - ends.get(i - 1);
          shortest = Math.min(shortest, len);
        }
        assertTrue(shortest >= min, "min " + min + ": shortest row " + shortest);
        if (min == 1500) {
          assertTrue(shortest < 1500 + 8, "no more fill than needed: " + shortest);
        }
        // and the fill is transparent
        TiffStrip.Rows got = new TiffStrip.Rows();
        T4Decoder dec = new T4Decoder(enc.coding(), W, got);
        dec.startPage();
        byte[] again = page(enc, rows);
        assertTrue(dec.put(again, 0, again.length));
        assertEquals(rows.length, got.rows.size());
        assertEquals(0, dec.badRows());
      }
    }
  }

  @Test
  void lsbFirstIsEveryOctetReversedBothWays() throws Exception {
    TiffStrip page = TiffStrip.resource("standard-t6.tif");
    byte[] msb = page(T4Encoder.mmr(W), page.rows());
    byte[] lsb = page(T4Encoder.mmr(W).bitOrder(T4BitOrder.LSB_FIRST), page.rows());
    assertEquals(msb.length, lsb.length);
    for (int i = 0; i < msb.length; i++) {
      assertEquals(Integer.reverse(msb[i] & 0xFF) >>> 24, lsb[i] & 0xFF, "octet " + i);
    }
    TiffStrip.Rows got = new TiffStrip.Rows();
    T4Decoder dec = new T4Decoder(T4Coding.MMR, W, got).bitOrder(T4BitOrder.LSB_FIRST);
    dec.startPage();
    assertTrue(dec.put(lsb, 0, lsb.length));
    for (int y = 0; y < page.height(); y++) {
      assertArrayEquals(page.rows()[y], got.rows.get(y));
    }
  }

  @Test
  void garbageBeforeTheFirstEolIsSkippedAndBytesAfterRtcIgnored() {
    byte[] row = new byte[W / 8];
    row[100] = (byte) 0x81;
    byte[] code = page(T4Encoder.mh(W), row, row);
    byte[] noisy = new byte[code.length + 20];
    noisy[0] = (byte) 0xA5; // leftover bits of training, no EOL among them
    noisy[1] = 0x5A;
    System.arraycopy(code, 0, noisy, 2, code.length);
    for (int i = code.length + 2; i < noisy.length; i++) {
      noisy[i] = (byte) 0x33;
    }
    TiffStrip.Rows got = new TiffStrip.Rows();
    T4Decoder dec = new T4Decoder(T4Coding.MH, W, got);
    dec.startPage();
    assertTrue(dec.put(noisy, 0, noisy.length));
    assertEquals(2, got.rows.size());
    assertEquals(0, dec.badRows());
    assertArrayEquals(row, got.rows.get(1));
  }

  @Test
  void aCodingErrorInMmrEndsThePage() {
    byte[] row = new byte[W / 8];
    row[3] = 0x18;
    byte[] code = page(T4Encoder.mmr(W), row, row, row);
    code[1] = 0; // 8 zeros inside a row: no mode code starts that way
    code[2] = 0;
    TiffStrip.Rows got = new TiffStrip.Rows();
    T4Decoder dec = new T4Decoder(T4Coding.MMR, W, got);
    dec.startPage();
    assertTrue(dec.put(code, 0, code.length));
    assertEquals(T4Decoder.PageEnd.DECODE_ERROR, dec.pageEnd());
    assertEquals(1, dec.badRows());
  }

  @Test
  void theCodeTablesArePrefixFreeAndComplete() {
    // RunCodes' own construction refuses a code that prefixes another; every run 0..2560+ has a code
    for (int colour = 0; colour < 2; colour++) {
      double kraft = Math.pow(2, -8); // the 00000000 prefix: fill and EOL
      for (int run = 0; run < 64; run++) {
        kraft += Math.pow(2, -RunCodes.TERMINATING_LENGTH[colour][run]);
      }
      for (int m = 1; m <= 40; m++) {
        kraft += Math.pow(2, -RunCodes.MAKE_UP_LENGTH[colour][m]);
      }
      assertTrue(kraft <= 1.0, "Kraft sum " + kraft);
      assertTrue(kraft > 0.999, "the tables leave no code unused: " + kraft);
    }
  }

  /**
   * Whatever arrives, the decoder neither throws nor hands on more rows than the bits could hold:
   * random octets, and a real page with random bits flipped, in every coding, in random chunks.
   */
  @Test
  void noInputBreaksTheDecoder() throws Exception {
    java.util.Random random = new java.util.Random(16);
    byte[][] rows = TiffStrip.resource("standard-t4-1d.tif").rows();
    for (T4Coding coding : T4Coding.values()) {
      byte[] valid = page(T4SpandspPagesTest.encoder(coding, W, 2), rows);
      for (int trial = 0; trial < 40; trial++) {
        byte[] input;
        if (trial % 2 == 0) {
          input = new byte[1 + random.nextInt(20_000)];
          random.nextBytes(input);
          if (trial % 4 == 0) {
            for (int i = 0; i < input.length; i++) {
              input[i] &= (byte) random.nextInt(256); // sparser ones: long zero runs, EOLs
            }
          }
        } else {
          input = valid.clone();
          for (int flips = 1 + random.nextInt(50); flips > 0; flips--) {
            input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
          }
        }
        int[] emitted = {0};
        T4Decoder dec = new T4Decoder(coding, W, (r, c) -> emitted[0]++);
        dec.startPage();
        for (int i = 0; i < input.length; ) {
          int n = Math.min(input.length - i, 1 + random.nextInt(200));
          dec.put(input, i, n);
          i += n;
        }
        dec.finish();
        assertTrue(dec.pageEnd() != null);
        assertEquals(emitted[0], dec.rows());
        assertTrue(dec.rows() <= input.length * 8L, coding + ": " + dec.rows() + " rows from " + input.length + " octets");
        assertTrue(dec.badRows() <= dec.rows());
        assertTrue(dec.longestBadRun() <= dec.badRows());
      }
    }
  }

  @Test
  void kFollowsTheVerticalResolution() {
    assertEquals(2, T4Encoder.k(98));
    assertEquals(2, T4Encoder.k(100));
    assertEquals(4, T4Encoder.k(196));
    assertEquals(4, T4Encoder.k(200));
    assertEquals(6, T4Encoder.k(300));
    assertEquals(8, T4Encoder.k(391));
    assertEquals(8, T4Encoder.k(400));
  }

  @Test
  void widthsOtherThanMultiplesOf8AreRefused() {
    assertThrows(IllegalArgumentException.class, () -> T4Encoder.mh(1727));
    assertThrows(IllegalArgumentException.class, () -> new T4Decoder(T4Coding.MH, 0, (r, c) -> { }));
    assertThrows(IllegalArgumentException.class, () -> T4Encoder.mr(1728, 0));
  }

  /** Bit positions just after each EOL (eleven or more zeros and a one) in a bit string. */
  private static List<Integer> eolEnds(String s) {
    List<Integer> ends = new ArrayList<>();
    int zeros = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '0') {
        zeros++;
      } else {
        if (zeros >= 11) {
          ends.add(i + 1);
        }
        zeros = 0;
      }
    }
    return ends;
  }
}
