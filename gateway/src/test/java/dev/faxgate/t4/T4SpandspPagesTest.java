package dev.faxgate.t4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The codec against pages another implementation coded: {@code faxpeer make-tiff} (spandsp's
 * tool, libtiff's CCITT coder) wrote the fixtures in gateway/src/test/resources/t4 (README there).
 * Our decoder on the raw strip gives exactly the rows ImageIO's own CCITT decoder gives; our
 * encoder on those rows gives the strip's octets exactly (the coding is canonical: runs, modes,
 * K, EOL fill and EOFB are all fixed by T.4/T.6 and TIFF's fill-bits option); and the
 * transmission form (RTC, minimum row bits) decodes back to the same rows.
 */
class T4SpandspPagesTest {
  static T4Coding coding(TiffStrip page) {
    return page.compression() == 4 ? T4Coding.MMR : (page.t4Options() & 1) != 0 ? T4Coding.MR : T4Coding.MH;
  }

  /** K for the page's resolution: libtiff's choice too (4 above 150 lines per inch, else 2). */
  static int k(TiffStrip page) {
    return T4Encoder.k(page.yResolution());
  }

  static T4Encoder encoder(T4Coding coding, int width, int k) {
    return switch (coding) {
      case MH -> T4Encoder.mh(width);
      case MR -> T4Encoder.mr(width, k);
      case MMR -> T4Encoder.mmr(width);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"standard-t4-1d.tif", "standard-t4-2d.tif", "standard-t6.tif", "fine-t4-1d.tif",
      "fine-t4-2d.tif", "fine-t6.tif"})
  void decodingTheStripGivesImageIosRows(String name) throws Exception {
    TiffStrip page = TiffStrip.resource(name);
    assertEquals(1728, page.width());
    assertEquals(2, page.fillOrder(), "faxpeer writes FillOrder 2");
    TiffStrip.Rows got = new TiffStrip.Rows();
    T4Decoder dec = new T4Decoder(coding(page), page.width(), got).bitOrder(T4BitOrder.ofTiffFillOrder(page.fillOrder()));
    dec.startPage();
    boolean ended = dec.put(page.strip(), 0, page.strip().length);
    dec.finish();
    assertEquals(coding(page) == T4Coding.MMR, ended, "only MMR strips end with a marker (EOFB)");
    assertEquals(coding(page) == T4Coding.MMR ? T4Decoder.PageEnd.EOFB : T4Decoder.PageEnd.END_OF_DATA, dec.pageEnd());
    assertEquals(0, dec.badRows());
    assertEquals(page.height(), got.rows.size());
    assertEquals(page.height(), dec.rows());
    long inked = java.util.Arrays.stream(page.rows()).filter(r -> !java.util.Arrays.equals(r, new byte[r.length])).count();
    assertTrue(inked > page.height() / 2, "the test page has ink on most rows: " + inked);
    for (int y = 0; y < page.height(); y++) {
      assertArrayEquals(page.rows()[y], got.rows.get(y), name + " row " + y);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"standard-t4-1d.tif", "standard-t4-2d.tif", "standard-t6.tif", "fine-t4-1d.tif",
      "fine-t4-2d.tif", "fine-t6.tif"})
  void encodingImageIosRowsGivesTheStripOctetForOctet(String name) throws Exception {
    TiffStrip page = TiffStrip.resource(name);
    T4Encoder enc = encoder(coding(page), page.width(), k(page)).form(T4Encoder.Form.TIFF)
        .bitOrder(T4BitOrder.ofTiffFillOrder(page.fillOrder()));
    enc.startPage();
    for (byte[] row : page.rows()) {
      enc.encodeRow(row, 0);
    }
    enc.endPage();
    byte[] ours = enc.readAll();
    assertEquals(page.strip().length, ours.length, name + ": strip length");
    assertArrayEquals(page.strip(), ours, name);
  }

  /**
   * spandsp's own T.4 encoder on the line: every {@code t4-non-ecm-data} octet a spandsp T.38
   * terminal sent (TCF's zeros, then the page in MR with its EOLs, fill and RTC), taken from a
   * capture of {@code faxpeer t38-send --no-ecm} sending standard-t4-1d.tif (README in the
   * resources). T.38 packs the first bit into the MSB.
   */
  @org.junit.jupiter.api.Test
  void aPageSpandspSentOverT38DecodesToThePageItWasGiven() throws Exception {
    TiffStrip page = TiffStrip.resource("standard-t4-1d.tif");
    byte[] wire;
    try (java.io.InputStream in = getClass().getResourceAsStream("/t4/spandsp-t38-non-ecm-mr-standard.bin")) {
      wire = in.readAllBytes();
    }
    for (int chunk : new int[] {1, 37, wire.length}) {
      TiffStrip.Rows got = new TiffStrip.Rows();
      T4Decoder dec = new T4Decoder(T4Coding.MR, 1728, got);
      dec.startPage();
      boolean ended = false;
      for (int i = 0; i < wire.length && !ended; i += chunk) {
        ended = dec.put(wire, i, Math.min(chunk, wire.length - i));
      }
      assertTrue(ended, "RTC seen");
      assertEquals(T4Decoder.PageEnd.RTC, dec.pageEnd());
      assertEquals(0, dec.badRows());
      assertEquals(page.height(), got.rows.size());
      for (int y = 0; y < page.height(); y++) {
        assertArrayEquals(page.rows()[y], got.rows.get(y), "row " + y);
      }
    }
  }

  /** The same capture the other way: our MR transmission form of the page is spandsp's, bit for bit. */
  @org.junit.jupiter.api.Test
  void ourTransmissionFormIsSpandspsBitForBit() throws Exception {
    TiffStrip page = TiffStrip.resource("standard-t4-1d.tif");
    byte[] wire;
    try (java.io.InputStream in = getClass().getResourceAsStream("/t4/spandsp-t38-non-ecm-mr-standard.bin")) {
      wire = in.readAllBytes();
    }
    String theirs = bitString(wire);
    theirs = theirs.substring(theirs.indexOf('1') - 11); // TCF's zeros, then the first EOL
    T4Encoder enc = T4Encoder.mr(1728, 2);
    enc.startPage();
    for (byte[] row : page.rows()) {
      enc.encodeRow(row, 0);
    }
    enc.endPage();
    String ours = bitString(enc.readAll());
    // spandsp sent the page with no fill (the receiver's DIS asked for 0 ms), K = 2, RTC as six EOL+1
    assertTrue(theirs.length() >= ours.length());
    assertEquals(theirs.substring(0, ours.length()), ours, "the same bits as spandsp's encoder");
    assertTrue(theirs.substring(ours.length()).matches("0*"), "after RTC, spandsp sent only zeros");
  }

  private static String bitString(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 8);
    for (byte x : b) {
      sb.append(RunCodes.bits(x & 0xFF, 8));
    }
    return sb.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"standard-t4-1d.tif", "standard-t4-2d.tif", "standard-t6.tif", "fine-t4-2d.tif"})
  void theTransmissionFormDecodesBackInAnyChunking(String name) throws Exception {
    TiffStrip page = TiffStrip.resource(name);
    T4Coding coding = coding(page);
    T4Encoder enc = encoder(coding, page.width(), k(page)).minRowBits(coding == T4Coding.MMR ? 0 : 288);
    enc.startPage();
    for (byte[] row : page.rows()) {
      enc.encodeRow(row, 0);
    }
    enc.endPage();
    byte[] wire = enc.readAll();
    Random random = new Random(name.hashCode());
    for (int chunk : new int[] {1, 3, 64, 0}) {
      TiffStrip.Rows got = new TiffStrip.Rows();
      T4Decoder dec = new T4Decoder(coding, page.width(), got);
      dec.startPage();
      boolean ended = false;
      for (int i = 0; i < wire.length && !ended; ) {
        int n = Math.min(wire.length - i, chunk == 0 ? 1 + random.nextInt(300) : chunk);
        ended = dec.put(wire, i, n);
        i += n;
      }
      assertTrue(ended, "page end seen, chunk " + chunk);
      assertEquals(coding == T4Coding.MMR ? T4Decoder.PageEnd.EOFB : T4Decoder.PageEnd.RTC, dec.pageEnd());
      assertEquals(0, dec.badRows());
      assertEquals(page.height(), got.rows.size(), "chunk " + chunk);
      for (int y = 0; y < page.height(); y++) {
        assertArrayEquals(page.rows()[y], got.rows.get(y), name + " row " + y + ", chunk " + chunk);
      }
    }
  }
}
