package dev.faxgate.t4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Non-ECM reception with line errors: a faxpeer page in the transmission form, with octets hit
 * inside three rows (zeros that look like an EOL in one, ones that overrun the row in another,
 * a flipped octet in the third). The decoder conceals each bad row with the row before it,
 * counts it, finds the next EOL and decodes the rest of the page exactly, up to RTC.
 */
class T4BadRowTest {
  @ParameterizedTest(name = "{0}, K={1}")
  @CsvSource({"standard-t4-1d.tif, 1", "standard-t4-2d.tif, 2", "fine-t4-2d.tif, 4"})
  void badRowsAreConcealedCountedAndTheRestDecoded(String name, int k) throws Exception {
    TiffStrip page = TiffStrip.resource(name);
    T4Coding coding = T4SpandspPagesTest.coding(page);
    byte[][] rows = page.rows();
    int h = rows.length;
    // the transmission form, noting where each row's code begins
    T4Encoder enc = T4SpandspPagesTest.encoder(coding, page.width(), k);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    int[] rowStart = new int[h];
    enc.startPage();
    for (int y = 0; y < h; y++) {
      rowStart[y] = wire.size() + enc.available();
      enc.encodeRow(rows[y], 0);
      wire.writeBytes(enc.readAll());
    }
    enc.endPage();
    wire.writeBytes(enc.readAll());
    byte[] bytes = wire.toByteArray();

    int[] hit = {h / 4, h / 2, 3 * h / 4};
    for (int i = 0; i < hit.length; i++) {
      int y = firstInkedRowFrom(rows, hit[i]);
      hit[i] = y;
      int mid = (rowStart[y] + rowStart[y + 1]) / 2;
      switch (i) {
        case 0 -> { bytes[mid] = 0; bytes[mid + 1] = 0; }
        case 1 -> { bytes[mid] = (byte) 0xFF; bytes[mid + 1] = (byte) 0xFF; }
        default -> bytes[mid] ^= (byte) 0xFF;
      }
    }

    TiffStrip.Rows got = new TiffStrip.Rows();
    T4Decoder dec = new T4Decoder(coding, page.width(), got);
    dec.startPage();
    assertTrue(dec.put(bytes, 0, bytes.length), "RTC found after the hits");
    assertEquals(T4Decoder.PageEnd.RTC, dec.pageEnd());
    // a decoder that only counts (what a receiver keeping the octets runs) finds the same
    T4Decoder counting = T4Decoder.countingRows(coding, page.width());
    counting.startPage();
    for (int off = 0; off < bytes.length; off += 29) {
      counting.put(bytes, off, Math.min(29, bytes.length - off));
    }
    counting.finish();
    assertEquals(dec.pageEnd(), counting.pageEnd());
    assertEquals(dec.rows(), counting.rows());
    assertEquals(dec.badRows(), counting.badRows());
    assertEquals(dec.longestBadRun(), counting.longestBadRun());
    int n = got.rows.size();
    long concealed = got.concealed.stream().filter(c -> c).count();
    assertEquals(concealed, dec.badRows());
    assertEquals(n, dec.rows());
    assertTrue(dec.badRows() >= 3, "every hit costs at least its row: " + dec.badRows());
    assertTrue(dec.badRows() <= 3 * (k + 2), "a hit costs its row, a split one, and MR's 2-D rows to the next 1-D: "
        + dec.badRows());
    assertTrue(dec.longestBadRun() >= 1 && dec.longestBadRun() <= k + 2, "longest run " + dec.longestBadRun());
    if (k > 1) {
      assertTrue(dec.longestBadRun() >= 2, "MR conceals 2-D rows after a bad row: " + dec.longestBadRun());
    }
    assertTrue(Math.abs(n - h) <= 3, "rows: " + n + " of " + h);
    // concealment repeats the row before (white before the first)
    for (int y = 1; y < n; y++) {
      if (got.concealed.get(y)) {
        assertArrayEquals(got.rows.get(y - 1), got.rows.get(y), "concealed row " + y);
      }
    }
    // before the first hit, every row exact; after the last, every row exact counted from the end
    for (int y = 0; y < hit[0]; y++) {
      assertArrayEquals(rows[y], got.rows.get(y), "row " + y);
      assertTrue(!got.concealed.get(y));
    }
    for (int back = 1; back < h - hit[2] - k - 1; back++) {
      assertArrayEquals(rows[h - back], got.rows.get(n - back), "row " + (h - back));
    }
    // between the hits, the decoder found its way back: rows decoded again, exactly
    for (int i = 0; i + 1 < hit.length; i++) {
      int y = hit[i] + k + 3;
      int shift = n - h;
      boolean found = false;
      for (int s = -3; s <= 3 && !found; s++) {
        found = y + s >= 0 && y + s < n && !got.concealed.get(y + s)
            && java.util.Arrays.equals(rows[y], got.rows.get(y + s));
      }
      assertTrue(found, "row " + y + " decoded after the hit at " + hit[i] + " (shift " + shift + ")");
    }
  }

  private static int firstInkedRowFrom(byte[][] rows, int y) {
    while (java.util.Arrays.equals(rows[y], new byte[rows[y].length])) {
      y++;
    }
    return y;
  }
}
