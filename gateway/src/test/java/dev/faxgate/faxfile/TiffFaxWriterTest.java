package dev.faxgate.faxfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.interop.Faxpeer;
import dev.faxgate.t4.T4BitOrder;
import dev.faxgate.t4.T4Encoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Received faxes as TIFF-F: the rows written come back bit for bit, every page carries the class
 * F tags, libtiff's tools accept the file, faxpeer (spandsp's libtiff) finds a page copied through
 * reader and writer identical to its own, and the file appears whole or not at all.
 */
class TiffFaxWriterTest {
  @TempDir Path dir;

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:11:12Z"), ZoneOffset.UTC);

  /** Rows with black runs of every length a page has, different per page and row. */
  static byte[] pageRows(int width, int rows, long seed) {
    byte[] data = new byte[width / 8 * rows];
    Random random = new Random(seed);
    for (int y = 0; y < rows; y++) {
      int x = random.nextInt(40);
      while (x < width) {
        int run = 1 + random.nextInt(y % 7 == 0 ? 300 : 30);
        for (int i = x; i < Math.min(width, x + run); i++) {
          data[y * width / 8 + (i >> 3)] |= (byte) (0x80 >>> (i & 7));
        }
        x += run + 1 + random.nextInt(60);
      }
    }
    return data;
  }

  private static void writePage(TiffFaxWriter writer, int width, int yDpi, byte[] data) throws Exception {
    writer.startPage(width, 204, yDpi);
    int octets = width / 8;
    for (int offset = 0; offset < data.length; offset += octets) {
      writer.addRow(data, offset);
    }
    writer.endPage();
  }

  @ParameterizedTest
  @EnumSource(TiffFaxWriter.Compression.class)
  void rowsComeBackBitForBitWithTheClassFTags(TiffFaxWriter.Compression compression) throws Exception {
    Path file = dir.resolve("rx.tif");
    byte[] first = pageRows(1728, 1143, 1);
    byte[] second = pageRows(2048, 300, 2);
    try (TiffFaxWriter writer = new TiffFaxWriter(file, compression, CLOCK)) {
      writer.remoteStationId("+1 555 0199");
      writePage(writer, 1728, 98, first);
      writePage(writer, 2048, 196, second);
      assertEquals(2, writer.finish());
    }
    FaxDocument read = FaxDocument.open(file);
    assertEquals(2, read.pageCount());
    FaxPage p1 = read.page(0, PageGeometry.A3_WIDTH);
    FaxPage p2 = read.page(1, PageGeometry.A3_WIDTH);
    assertEquals(1728, p1.width());
    assertEquals(98, p1.yDpi());
    assertArrayEquals(first, p1.data(), "page 1 rows");
    assertEquals(2048, p2.width());
    assertEquals(196, p2.yDpi());
    assertArrayEquals(second, p2.data(), "page 2 rows");

    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      ImageReader reader = ImageIO.getImageReadersByFormatName("tiff").next();
      reader.setInput(in);
      for (int i = 0; i < 2; i++) {
        TIFFDirectory tags = TIFFDirectory.createFromMetadata(reader.getImageMetadata(i));
        assertEquals(compression == TiffFaxWriter.Compression.T6 ? 4 : 3,
            tags.getTIFFField(BaselineTIFFTagSet.TAG_COMPRESSION).getAsInt(0));
        assertEquals(0, tags.getTIFFField(BaselineTIFFTagSet.TAG_PHOTOMETRIC_INTERPRETATION).getAsInt(0));
        assertEquals(1, tags.getTIFFField(BaselineTIFFTagSet.TAG_BITS_PER_SAMPLE).getAsInt(0), "written, not defaulted");
        assertEquals(1, tags.getTIFFField(BaselineTIFFTagSet.TAG_SAMPLES_PER_PIXEL).getAsInt(0));
        assertEquals(2, tags.getTIFFField(BaselineTIFFTagSet.TAG_FILL_ORDER).getAsInt(0));
        assertEquals(2, tags.getTIFFField(BaselineTIFFTagSet.TAG_NEW_SUBFILE_TYPE).getAsInt(0));
        assertEquals(i, tags.getTIFFField(BaselineTIFFTagSet.TAG_PAGE_NUMBER).getAsInt(0));
        assertEquals(2, tags.getTIFFField(BaselineTIFFTagSet.TAG_PAGE_NUMBER).getAsInt(1));
        assertEquals(204.0, tags.getTIFFField(BaselineTIFFTagSet.TAG_X_RESOLUTION).getAsDouble(0));
        assertEquals(i == 0 ? 98.0 : 196.0, tags.getTIFFField(BaselineTIFFTagSet.TAG_Y_RESOLUTION).getAsDouble(0));
        assertEquals(2, tags.getTIFFField(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT).getAsInt(0));
        assertEquals("Faxgate", tags.getTIFFField(BaselineTIFFTagSet.TAG_SOFTWARE).getAsString(0));
        assertEquals("2026:12:07 10:11:12", tags.getTIFFField(BaselineTIFFTagSet.TAG_DATE_TIME).getAsString(0));
        assertEquals("+1 555 0199", tags.getTIFFField(BaselineTIFFTagSet.TAG_IMAGE_DESCRIPTION).getAsString(0));
        int rows = i == 0 ? 1143 : 300;
        assertEquals(rows, tags.getTIFFField(BaselineTIFFTagSet.TAG_ROWS_PER_STRIP).getAsInt(0), "one strip a page");
        if (compression == TiffFaxWriter.Compression.T6) {
          assertEquals(0, tags.getTIFFField(BaselineTIFFTagSet.TAG_T6_OPTIONS).getAsInt(0));
        } else {
          assertEquals(4, tags.getTIFFField(BaselineTIFFTagSet.TAG_T4_OPTIONS).getAsInt(0), "1-D, EOLs padded");
        }
      }
      reader.dispose();
    }
    libtiffAccepts(file, compression == TiffFaxWriter.Compression.T6 ? "CCITT Group 4" : "CCITT Group 3");
  }

  private void libtiffAccepts(Path file, String scheme) throws Exception {
    if (!TiffTools.present("tiffinfo", "tiffinfo/tiffcp checks of the written TIFF-F")) {
      return;
    }
    TiffTools.Result info = TiffTools.run(dir, "tiffinfo", "-D", file.toString());
    assertEquals(0, info.exit(), info.output());
    assertFalse(info.output().matches("(?s).*(Error|Warning|error|warning).*"), "tiffinfo complains:\n" + info.output());
    assertTrue(info.output().contains("Compression Scheme: " + scheme), info.output());
    assertTrue(info.output().contains("Page Number: 0-2") && info.output().contains("Page Number: 1-2"), info.output());
    assertTrue(info.output().contains("FillOrder: lsb-to-msb"), info.output());
    assertTrue(info.output().contains("Bits/Sample: 1"), "TIFF-F wants BitsPerSample written:\n" + info.output());
    Path copy = dir.resolve("copy.tif");
    TiffTools.Result cp = TiffTools.run(dir, "tiffcp", "-c", "none", file.toString(), copy.toString());
    assertEquals(0, cp.exit(), cp.output());
    assertFalse(cp.output().matches("(?s).*(Error|Warning|error|warning).*"), "tiffcp complains:\n" + cp.output());
    // libtiff decoded every row: the uncompressed copy holds the same pixels
    FaxDocument original = FaxDocument.open(file);
    FaxDocument decoded = FaxDocument.open(copy);
    for (int i = 0; i < original.pageCount(); i++) {
      assertArrayEquals(original.page(i, PageGeometry.A3_WIDTH).data(), decoded.page(i, PageGeometry.A3_WIDTH).data(),
          "page " + (i + 1) + " as libtiff decodes it");
    }
  }

  @Test
  void aFaxpeerPageCopiedThroughReaderAndWriterIsIdenticalForFaxpeer() throws Exception {
    Path faxpeer = Faxpeer.binary();
    String[][] kinds = {{"t4-1d", "standard"}, {"t4-2d", "fine"}, {"t6", "superfine"}};
    for (String[] kind : kinds) {
      Path source = dir.resolve("src-" + kind[0] + ".tif");
      TiffTools.Result made = TiffTools.run(dir, faxpeer.toString(), "make-tiff", source.toString(), "--pages", "2",
          "--resolution", kind[1], "--compression", kind[0]);
      assertEquals(0, made.exit(), made.output());
      FaxDocument document = FaxDocument.open(source);
      for (TiffFaxWriter.Compression compression : TiffFaxWriter.Compression.values()) {
        Path copy = dir.resolve("copy-" + kind[0] + "-" + compression + ".tif");
        try (TiffFaxWriter writer = new TiffFaxWriter(copy, compression)) {
          for (int i = 0; i < document.pageCount(); i++) {
            FaxPage page = document.page(i);
            assertTrue(document.geometry(i, 1728).unscaled(), "a faxpeer page is sent as it is");
            writer.startPage(page.width(), page.xDpi(), page.yDpi());
            byte[] row = new byte[page.rowOctets()];
            for (int r = 0; r < page.rowCount(); r++) {
              page.copyRow(r, row, 0);
              writer.addRow(row);
            }
            writer.endPage();
          }
          writer.finish();
        }
        TiffTools.Result compare = TiffTools.run(dir, faxpeer.toString(), "compare", source.toString(), copy.toString());
        assertEquals(0, compare.exit(), kind[0] + " " + kind[1] + " written as " + compression + ": " + compare.output());
        assertTrue(compare.output().contains("\"identical\":true"), compare.output());
      }
    }
  }

  /**
   * Pages of every kind of row (short and long runs, rows starting and ending black or white,
   * all-white and all-black rows) come back bit for bit: the test that found the JDK's T.4 2-D
   * encoder wrong.
   */
  @ParameterizedTest
  @EnumSource(TiffFaxWriter.Compression.class)
  void everyKindOfRowSurvivesTheCompression(TiffFaxWriter.Compression compression) throws Exception {
    for (int seed = 0; seed < 20; seed++) {
      Random random = new Random(seed);
      int rows = 300;
      byte[] data = new byte[216 * rows];
      for (int y = 0; y < rows; y++) {
        int x = random.nextInt(3) == 0 ? 0 : random.nextInt(50);
        boolean black = true;
        while (x < 1728) {
          int run = 1 + random.nextInt(seed % 2 == 0 ? 80 : 8);
          for (int i = x; black && i < Math.min(1728, x + run); i++) {
            data[y * 216 + (i >> 3)] |= (byte) (0x80 >>> (i & 7));
          }
          black = !black;
          x += run;
        }
        if (random.nextInt(5) == 0) {
          java.util.Arrays.fill(data, y * 216, y * 216 + 216, (byte) (random.nextBoolean() ? 0 : 0xff));
        }
      }
      Path file = dir.resolve("kinds-" + seed + ".tif");
      try (TiffFaxWriter writer = new TiffFaxWriter(file, compression, CLOCK)) {
        writePage(writer, 1728, 98, data);
        writer.finish();
      }
      assertArrayEquals(data, FaxDocument.open(file).page(0).data(), "seed " + seed);
    }
  }

  /**
   * A page handed over as MMR octets (LSB first, as ECM delivers a T.6 page) goes into the file
   * as its rows, beside pages of rows, in order; octets that do not decode to the rows they are
   * said to hold fail {@code finish} naming the page, and no file is written.
   */
  @ParameterizedTest
  @EnumSource(TiffFaxWriter.Compression.class)
  void anMmrPageAsReceivedIsStoredWithoutRecoding(TiffFaxWriter.Compression compression) throws Exception {
    byte[] first = pageRows(1728, 1143, 5);
    byte[] second = pageRows(1728, 400, 6);
    byte[] line = lsbFirstMmr(second, 1728);
    Path file = dir.resolve("mmr.tif");
    try (TiffFaxWriter writer = new TiffFaxWriter(file, compression, CLOCK)) {
      writePage(writer, 1728, 98, first);
      byte[] longer = java.util.Arrays.copyOf(line, line.length + 100); // the buffer may be longer
      writer.addMmrPage(longer, line.length, T4BitOrder.LSB_FIRST, 400, 1728, 204, 196);
      assertFalse(writer.pageOpen());
      assertEquals(2, writer.finish());
    }
    FaxDocument read = FaxDocument.open(file);
    assertArrayEquals(first, read.page(0).data(), "page 1, from rows");
    assertEquals(196, read.page(1).yDpi());
    assertArrayEquals(second, read.page(1).data(), "page 2, from its MMR octets");

    Path wrong = dir.resolve("wrong.tif");
    TiffFaxWriter writer = new TiffFaxWriter(wrong, compression, CLOCK);
    writer.addMmrPage(line, line.length, T4BitOrder.LSB_FIRST, 401, 1728, 204, 196);
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, writer::finish);
    assertTrue(e.getMessage().contains("page 1") && e.getMessage().contains("400 of 401 rows"), e.getMessage());
    assertFalse(Files.exists(wrong));
  }

  /** {@code data}'s rows coded in MMR, octets LSB first. */
  private static byte[] lsbFirstMmr(byte[] data, int width) {
    T4Encoder mmr = T4Encoder.mmr(width).bitOrder(T4BitOrder.LSB_FIRST);
    mmr.startPage();
    for (int offset = 0; offset < data.length; offset += width / 8) {
      mmr.encodeRow(data, offset);
    }
    mmr.endPage();
    return mmr.readAll();
  }

  @Test
  void theFileAppearsWholeAtFinishAndAnOpenPageIsDropped() throws Exception {
    Path file = dir.resolve("sub.tif");
    TiffFaxWriter writer = new TiffFaxWriter(file, TiffFaxWriter.Compression.T6, CLOCK);
    writePage(writer, 1728, 196, pageRows(1728, 200, 3));
    writer.startPage(1728, 204, 196);
    writer.addRow(new byte[216]);
    assertTrue(writer.pageOpen());
    assertFalse(Files.exists(file), "nothing on disk before finish");
    assertEquals(1, writer.finish(), "the page still open when the fax ended is not kept");
    assertEquals(1, FaxDocument.open(file).pageCount());
    assertEquals(List.of(file), listDir(), "no temporary file is left behind");
    Path plain = Files.createFile(dir.resolve("plain"));
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file),
        "the fax gets the permissions any new file gets (not a temporary file's private ones)");
  }

  @Test
  void abortWritesNothingAndLeavesAnEarlierFileAlone() throws Exception {
    Path file = dir.resolve("keep.tif");
    Files.write(file, new byte[] {1, 2, 3});
    try (TiffFaxWriter writer = new TiffFaxWriter(file, TiffFaxWriter.Compression.T4_1D, CLOCK)) {
      writePage(writer, 1728, 98, pageRows(1728, 50, 4));
      writer.abort();
    }
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
    assertEquals(List.of(file), listDir());
    Path none = dir.resolve("none.tif");
    try (TiffFaxWriter writer = new TiffFaxWriter(none, TiffFaxWriter.Compression.T4_1D, CLOCK)) {
      assertEquals(0, writer.finish(), "no page, no file");
    }
    assertFalse(Files.exists(none));
  }

  private List<Path> listDir() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> !p.getFileName().toString().startsWith("tool-")).sorted().toList();
    }
  }

}
