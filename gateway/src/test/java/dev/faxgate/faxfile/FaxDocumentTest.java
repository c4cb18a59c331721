package dev.faxgate.faxfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.interop.Faxpeer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files to send: any bilevel TIFF is read as fax rows (1 = black whatever its photometric), scaled
 * to a fax width when it is not one, with its resolution; anything else is refused when opened,
 * with a message that names the file and the problem.
 */
class FaxDocumentTest {
  @TempDir Path dir;

  /** Writes {@code pages} with ImageIO's TIFF writer: {@code compression} an ImageIO type or null, resolution unit/values or none. */
  private Path tiff(String name, String compression, int unit, double xRes, double yRes, BufferedImage... pages)
      throws Exception {
    Path file = dir.resolve(name);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (compression != null) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(compression);
      }
      for (BufferedImage page : pages) {
        IIOMetadata md = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(page), param);
        TIFFDirectory tags = TIFFDirectory.createFromMetadata(md);
        BaselineTIFFTagSet base = BaselineTIFFTagSet.getInstance();
        tags.removeTIFFField(BaselineTIFFTagSet.TAG_X_RESOLUTION);
        tags.removeTIFFField(BaselineTIFFTagSet.TAG_Y_RESOLUTION);
        tags.removeTIFFField(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT);
        if (unit != 0) {
          tags.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT), unit));
          tags.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_X_RESOLUTION), TIFFTag.TIFF_RATIONAL, 1,
              new long[][] {{Math.round(xRes * 100), 100}}));
          tags.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_Y_RESOLUTION), TIFFTag.TIFF_RATIONAL, 1,
              new long[][] {{Math.round(yRes * 100), 100}}));
        }
        writer.writeToSequence(new IIOImage(page, null, tags.getAsMetadata()), param);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return file;
  }

  /** A bilevel image whose palette has black at index 0 (BlackIsZero once written), with black where {@code black} says. */
  private static BufferedImage blackIsZero(int width, int rows, java.util.function.BiPredicate<Integer, Integer> black) {
    IndexColorModel palette = new IndexColorModel(1, 2, new byte[] {0, (byte) 255}, new byte[] {0, (byte) 255},
        new byte[] {0, (byte) 255});
    BufferedImage image = new BufferedImage(width, rows, BufferedImage.TYPE_BYTE_BINARY, palette);
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, black.test(x, y) ? 0 : 1);
      }
    }
    return image;
  }

  private static boolean pixel(FaxPage page, int x, int y) {
    return (page.data()[page.rowOffset(y) + (x >> 3)] & (0x80 >>> (x & 7))) != 0;
  }

  private String refusal(Path file) {
    return assertThrows(FaxFileException.class, () -> FaxDocument.open(file, file.getFileName().toString())).getMessage();
  }

  @Test
  void faxpeerPagesOfEveryCodingAndResolutionAreReadAsTheyAre() throws Exception {
    Path faxpeer = Faxpeer.binary();
    String[][] kinds = {{"t4-1d", "standard", "98", "1143"}, {"t4-2d", "fine", "196", "2286"},
        {"t6", "superfine", "391", "4572"}};
    byte[] firstPage = null;
    for (String[] kind : kinds) {
      Path file = dir.resolve(kind[0] + ".tif");
      TiffTools.Result made = TiffTools.run(dir, faxpeer.toString(), "make-tiff", file.toString(), "--pages", "3",
          "--resolution", kind[1], "--compression", kind[0]);
      assertEquals(0, made.exit(), made.output());
      FaxDocument document = FaxDocument.open(file);
      assertEquals(3, document.pageCount());
      FaxPage page = document.page(0);
      assertEquals(1728, page.width());
      assertEquals(Integer.parseInt(kind[3]), page.rowCount());
      assertEquals(204, page.xDpi());
      assertEquals(Integer.parseInt(kind[2]), page.yDpi());
      // the border faxpeer draws: black pixels on a white page, not the other way round
      int black = 0;
      for (byte b : page.data()) {
        black += Integer.bitCount(b & 0xff);
      }
      assertTrue(black > 0 && black < page.width() * page.rowCount() / 3, "mostly white page, black " + black);
      if (kind[1].equals("standard")) {
        firstPage = page.data();
      }
    }
    assertTrue(firstPage != null);
  }

  @Test
  void blackIsBlackWhateverThePhotometricAndCompression() throws Exception {
    BufferedImage image = blackIsZero(1728, 40, (x, y) -> x >= 100 && x < 108 + y);
    for (String compression : new String[] {null, "LZW", "PackBits", "Deflate", "CCITT T.6"}) {
      Path file = tiff("bz-" + compression + ".tif", compression, 2, 204, 196, image);
      FaxPage page = FaxDocument.open(file).page(0);
      for (int y = 0; y < 40; y++) {
        for (int x = 0; x < 1728; x++) {
          assertEquals(x >= 100 && x < 108 + y, pixel(page, x, y), compression + " pixel " + x + "," + y);
        }
      }
      assertEquals(196, page.yDpi());
    }
  }

  @Test
  void aPageWiderThanAFaxIsScaledByNearestNeighbourKeepingItsShape() throws Exception {
    // A4 at 300 x 300 dpi, cut short: a black column at source x 1240..1259, a black row at source y 150
    BufferedImage image = blackIsZero(2480, 300, (x, y) -> (x >= 1240 && x < 1260) || y == 150);
    Path file = tiff("a4-300.tif", "CCITT T.6", 2, 300, 300, image);
    FaxDocument document = FaxDocument.open(file);
    PageGeometry geometry = document.geometry(0, PageGeometry.A3_WIDTH);
    assertEquals(1728, geometry.width(), "2480 is no fax width: scaled to A4's");
    // 300 lines/inch at 2480 -> 1728 become 292.8 natural; the nearest fax resolution is 196
    assertEquals(196, geometry.yDpi());
    assertEquals(Math.round(300 * 196 / (204.0 * 2480 * 300 / (1728.0 * 300))), geometry.rows());
    FaxPage page = document.page(0, PageGeometry.A3_WIDTH);
    assertEquals(geometry.rows(), page.rowCount());
    int y = page.rowCount() / 4;
    int first = -1;
    int last = -1;
    for (int x = 0; x < 1728; x++) {
      if (pixel(page, x, y)) {
        first = first < 0 ? x : first;
        last = x;
      }
    }
    // output x takes source floor((x + 0.5) * 2480 / 1728): 864..877 land in 1240..1259
    assertEquals(864, first);
    assertEquals(877, last);
    int blackRows = 0;
    for (int r = 0; r < page.rowCount(); r++) {
      blackRows += pixel(page, 10, r) ? 1 : 0;
    }
    assertEquals(1, blackRows, "a one-row line stays one row (or vanishes), never doubles when shrinking");
  }

  @Test
  void aNarrowerPageOfAnyWidthIsWidenedToA4() throws Exception {
    // 1700 is no multiple of 8: the source rows are padded, the fax rows are not
    BufferedImage narrow = blackIsZero(1700, 10, (x, y) -> x == 0 || x == 1699);
    FaxPage page = FaxDocument.open(tiff("narrow.tif", "CCITT T.6", 2, 204, 98, narrow)).page(0);
    assertEquals(1728, page.width());
    assertEquals(10, page.rowCount(), "1700 -> 1728 is within 5 %: rows untouched");
    for (int x = 0; x < 1728; x++) {
      int source = (int) ((2L * x + 1) * 1700 / (2L * 1728));
      assertEquals(source == 0 || source == 1699, pixel(page, x, 4), "pixel " + x);
    }
  }

  @Test
  void b4AndA3WidthsAreKeptOnlyWhenTheFarEndTakesThem() throws Exception {
    BufferedImage b4 = blackIsZero(2048, 20, (x, y) -> x == 2047);
    FaxDocument document = FaxDocument.open(tiff("b4.tif", "CCITT T.4", 2, 204, 98, b4));
    FaxPage kept = document.page(0, PageGeometry.B4_WIDTH);
    assertEquals(2048, kept.width());
    assertTrue(pixel(kept, 2047, 5));
    FaxPage a4 = document.page(0, PageGeometry.A4_WIDTH);
    assertEquals(1728, a4.width());
    assertTrue(pixel(a4, 1727, 5), "the right edge stays at the right edge");
    assertEquals(98, a4.yDpi());
    assertEquals(Math.round(20 * 1728 / 2048.0), a4.rowCount(), "shrunk down as much as across: the page keeps its shape");
  }

  @Test
  void resolutionInCentimetresAndAbsentResolutionGetFaxValues() throws Exception {
    BufferedImage page = blackIsZero(1728, 2286, (x, y) -> false);
    assertEquals(98, FaxDocument.open(tiff("cm.tif", null, 3, 80.31, 38.5, blackIsZero(1728, 1143, (x, y) -> false)))
        .page(0).yDpi(), "38.5 lines/cm is standard");
    FaxDocument none = FaxDocument.open(tiff("none.tif", "CCITT T.6", 0, 0, 0, page));
    assertEquals(0.0, none.sourcePage(0).yDpi(), "the file says nothing");
    assertEquals(196, none.page(0).yDpi(), "2286 rows of 1728 is an A4 page at fine");
    assertEquals(2286, none.page(0).rowCount());
    FaxDocument fine200 = FaxDocument.open(tiff("200.tif", "CCITT T.6", 2, 200, 200, page));
    assertEquals(196, fine200.page(0).yDpi());
    assertEquals(2286, fine200.page(0).rowCount(), "200 x 200 goes out as fine with its rows untouched");
  }

  @Test
  void manyPagesAreReadOneByOne() throws Exception {
    BufferedImage[] pages = new BufferedImage[5];
    for (int i = 0; i < pages.length; i++) {
      int mark = i;
      pages[i] = blackIsZero(1728, 30, (x, y) -> y == mark);
    }
    FaxDocument document = FaxDocument.open(tiff("five.tif", "CCITT T.4", 2, 204, 98, pages));
    assertEquals(5, document.pageCount());
    for (int i = 0; i < 5; i++) {
      FaxPage page = document.page(i);
      for (int y = 0; y < 30; y++) {
        assertEquals(y == i, pixel(page, 0, y), "page " + (i + 1) + " row " + y);
      }
    }
  }

  @Test
  void aMissingFileOrAFolderIsRefused() throws Exception {
    String message = refusal(dir.resolve("none.tif"));
    assertEquals("file 'none.tif' does not exist", message);
    Files.createDirectories(dir.resolve("folder.tif"));
    assertTrue(refusal(dir.resolve("folder.tif")).contains("is a folder"));
    Files.write(dir.resolve("empty.tif"), new byte[0]);
    assertTrue(refusal(dir.resolve("empty.tif")).contains("is empty"));
  }

  @Test
  void aColourJpegRenamedTifIsRefusedAsNotATiff() throws Exception {
    BufferedImage colour = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = colour.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 32, 64);
    g.dispose();
    Path file = dir.resolve("photo.tif");
    assertTrue(ImageIO.write(colour, "jpeg", file.toFile()));
    String message = refusal(file);
    assertTrue(message.contains("'photo.tif'") && message.contains("not a TIFF") && message.contains("JPEG"), message);
    Files.write(dir.resolve("text.tif"), "hello, this is no image".getBytes());
    message = refusal(dir.resolve("text.tif"));
    assertTrue(message.contains("not a TIFF"), message);
  }

  @Test
  void greyAndColourTiffsAreRefusedAsNotBilevel() throws Exception {
    BufferedImage grey = new BufferedImage(1728, 10, BufferedImage.TYPE_BYTE_GRAY);
    String message = refusal(tiff("grey.tif", "LZW", 2, 204, 98, grey));
    assertTrue(message.contains("page 1 of 'grey.tif'") && message.contains("not bilevel") && message.contains("8 bits"),
        message);
    BufferedImage rgb = new BufferedImage(1728, 10, BufferedImage.TYPE_INT_RGB);
    message = refusal(tiff("rgb.tif", null, 2, 204, 98, blackIsZero(1728, 10, (x, y) -> false), rgb));
    assertTrue(message.contains("page 2 of 'rgb.tif'") && message.contains("colour"), message);
  }

  @Test
  void aDamagedTiffIsRefusedWhenOpenedNotLater() throws Exception {
    BufferedImage image = blackIsZero(1728, 500, (x, y) -> (x * 7 + y * 13) % 11 == 0);
    Path whole = tiff("whole.tif", "CCITT T.4", 2, 204, 98, image);
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.tif");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    String message = refusal(cut);
    assertTrue(message.contains("'cut.tif'"), message);
  }
}
