package dev.faxgate.t4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The codec against a second, independent coder at every fax width: the JDK's own TIFF writer
 * (javax.imageio, CCITT T.4 with and without 2-D and fill bits, and T.6) codes a drawn page; our
 * decoder on the raw strip gives the drawn rows; our encoder's transmission form of those rows
 * decodes back to them.
 *
 * <p>The drawn rows are the truth here, not ImageIO's reading of the file: the JDK's CCITT T.4
 * reader (17.0.21) fails on its own writer's strips when a row has a change at every pixel
 * (ArrayIndexOutOfBoundsException in TIFFFaxDecompressor.decodeNextScanline) and misreads some
 * 2-D rows, where our decoder gives the drawn rows back; its T.6 reader is fine.
 */
class T4JdkPagesTest {
  @ParameterizedTest(name = "{0} px, {1}, T4Options {2}")
  @CsvSource({
      "1728, CCITT T.4, 0", "1728, CCITT T.4, 5", "1728, CCITT T.6, 0",
      "2048, CCITT T.4, 0", "2048, CCITT T.4, 4", "2048, CCITT T.4, 1", "2048, CCITT T.4, 5", "2048, CCITT T.6, 0",
      "2432, CCITT T.4, 0", "2432, CCITT T.4, 4", "2432, CCITT T.4, 1", "2432, CCITT T.4, 5", "2432, CCITT T.6, 0"})
  void jdkCodedPagesDecodeToTheDrawnRows(int width, String compression, long t4Options) throws Exception {
    byte[][] drawn = TestPages.drawn(width, 400, width + t4Options);
    TiffStrip page = TiffStrip.read(TiffStrip.writeWithJdk(drawn, width, compression, t4Options), false);
    assertEquals(width, page.width());
    assertEquals(compression.equals("CCITT T.6") ? 4 : 3, page.compression());
    assertEquals(t4Options, page.t4Options());
    T4Coding coding = page.compression() == 4 ? T4Coding.MMR : (page.t4Options() & 1) != 0 ? T4Coding.MR : T4Coding.MH;
    TiffStrip.Rows got = new TiffStrip.Rows();
    T4Decoder dec = new T4Decoder(coding, width, got).bitOrder(T4BitOrder.ofTiffFillOrder(page.fillOrder()));
    dec.startPage();
    dec.put(page.strip(), 0, page.strip().length);
    dec.finish();
    assertEquals(0, dec.badRows(), "bad rows in the JDK's strip");
    assertEquals(drawn.length, got.rows.size(), "rows in the JDK's strip");
    for (int y = 0; y < drawn.length; y++) {
      assertArrayEquals(drawn[y], got.rows.get(y), "our decoder on the JDK's strip, row " + y);
    }

    T4Encoder enc = T4SpandspPagesTest.encoder(coding, width, 4);
    enc.startPage();
    for (byte[] row : drawn) {
      enc.encodeRow(row, 0);
    }
    enc.endPage();
    byte[] wire = enc.readAll();
    TiffStrip.Rows back = new TiffStrip.Rows();
    T4Decoder dec2 = new T4Decoder(coding, width, back);
    dec2.startPage();
    assertTrue(dec2.put(wire, 0, wire.length), "RTC/EOFB seen");
    assertEquals(0, dec2.badRows());
    assertEquals(drawn.length, back.rows.size());
    for (int y = 0; y < drawn.length; y++) {
      assertArrayEquals(drawn[y], back.rows.get(y), "our round trip, row " + y);
    }
  }
}
