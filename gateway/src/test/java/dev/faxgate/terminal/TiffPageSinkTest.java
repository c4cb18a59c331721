package dev.faxgate.terminal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.faxfile.FaxDocument;
import dev.faxgate.faxfile.TiffFaxWriter;
import dev.faxgate.t30.Resolution;
import dev.faxgate.t4.T4BitOrder;
import dev.faxgate.t4.T4Coding;
import dev.faxgate.t4.T4Decoder;
import dev.faxgate.t4.T4Encoder;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page sink keeps a page as the octets that came off the line: a clean MMR page goes to the
 * file as it is, any other page is decoded again off the media thread; either way the file holds
 * the rows the line's decoder found, a bad row concealed exactly as it was for the copy-quality
 * answer.
 */
class TiffPageSinkTest {
  private static final int WIDTH = 1728;

  @TempDir
  Path dir;

  @Test
  void aCleanMmrPageInSmallPiecesReachesTheFileRowForRow() throws Exception {
    byte[] rows = rows(500, 1);
    byte[] line = encode(T4Encoder.mmr(WIDTH), rows);
    byte[] file = receive(ImageCoding.MMR, line, 0);
    assertArrayEquals(rows, file);
  }

  @Test
  void anMrPageWithABadRowIsConcealedInTheFileAsTheLineDecoderConcealedIt() throws Exception {
    byte[] rows = rows(500, 2);
    byte[] line = encode(T4Encoder.mr(WIDTH, 2), rows);
    // a hit in the middle of the page
    for (int i = line.length / 2; i < line.length / 2 + 6; i++) {
      line[i] ^= (byte) 0x5a;
    }
    byte[] expected = decode(T4Coding.MR, line);
    byte[] file = receive(ImageCoding.MR, line, 1);
    assertArrayEquals(expected, file, "the concealed rows, as the line's decoder made them");
    assertTrue(!java.util.Arrays.equals(rows, file), "the hit did cost rows");
  }

  /** Runs the line octets through a sink in 37-octet pieces; returns the file's page rows. */
  private byte[] receive(ImageCoding coding, byte[] line, int minBadRows) throws Exception {
    Path out = dir.resolve(coding + ".tif");
    TiffPageSink sink = new TiffPageSink(new TiffFaxWriter(out, TiffFaxWriter.Compression.T6));
    sink.startPage(new PageFormat(coding, Resolution.R8_STANDARD, WIDTH, coding == ImageCoding.MMR, 0));
    for (int off = 0; off < line.length; off += 37) {
      sink.data(line, off, Math.min(37, line.length - off));
    }
    PageQuality quality = sink.endPage();
    assertTrue(quality.badRows() >= minBadRows && (minBadRows > 0 || quality.badRows() == 0), quality.toString());
    sink.keepPage();
    assertEquals(1, sink.finish());
    byte[] got = FaxDocument.open(out).page(0).data();
    assertEquals(quality.rows() * (WIDTH / 8), got.length, "the rows the line's decoder counted");
    return got;
  }

  private static byte[] encode(T4Encoder encoder, byte[] rows) {
    encoder.form(T4Encoder.Form.TRANSMISSION).bitOrder(T4BitOrder.LSB_FIRST).startPage();
    for (int off = 0; off < rows.length; off += WIDTH / 8) {
      encoder.encodeRow(rows, off);
    }
    encoder.endPage();
    return encoder.readAll();
  }

  private static byte[] decode(T4Coding coding, byte[] line) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    T4Decoder decoder = new T4Decoder(coding, WIDTH, (row, concealed) -> out.write(row, 0, WIDTH / 8))
        .bitOrder(T4BitOrder.LSB_FIRST);
    decoder.startPage();
    decoder.put(line, 0, line.length);
    decoder.finish();
    return out.toByteArray();
  }

  private static byte[] rows(int count, long seed) {
    byte[] data = new byte[WIDTH / 8 * count];
    Random random = new Random(seed);
    for (int y = 0; y < count; y++) {
      int x = random.nextInt(40);
      while (x < WIDTH) {
        int run = 1 + random.nextInt(40);
        for (int i = x; i < Math.min(WIDTH, x + run); i++) {
          data[y * WIDTH / 8 + (i >> 3)] |= (byte) (0x80 >>> (i & 7));
        }
        x += run + 1 + random.nextInt(60);
      }
    }
    return data;
  }
}
