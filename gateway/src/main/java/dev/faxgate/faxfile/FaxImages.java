package dev.faxgate.faxfile;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Pages in the row format of the fax stack (octets of 8 pixels, bit 7 of octet 0 the leftmost,
 * 1 = black) as the {@link BufferedImage}s ImageIO reads and writes. The palette is white at
 * index 0 and black at index 1, so the row octets are the image's own data, uncopied, and the
 * TIFF writer stores them as WhiteIsZero (what TIFF-F asks for).
 */
final class FaxImages {
  /** Index 0 white, index 1 black: a set bit is a black pixel. */
  static final IndexColorModel WHITE_IS_ZERO =
      new IndexColorModel(1, 2, new byte[] {(byte) 255, 0}, new byte[] {(byte) 255, 0}, new byte[] {(byte) 255, 0});

  private FaxImages() {}

  /** An image of {@code rows} rows of {@code width} pixels over {@code data} (rows * width / 8 octets, not copied). */
  static BufferedImage wrap(byte[] data, int width, int rows) {
    return new BufferedImage(WHITE_IS_ZERO, raster(data, width, rows), false, null);
  }

  /**
   * The same image for ImageIO's TIFF writer to read once and drop: asked for its pixels, it hands
   * out its own raster instead of a copy. The writer asks for the whole page as one strip, and
   * {@link BufferedImage#getData(Rectangle)}'s copy of a 1-bit raster goes pixel by pixel: about
   * 7 ms a page, more than compressing it. Nothing may write to what it returns.
   */
  static BufferedImage forWriting(byte[] data, int width, int rows) {
    return new BufferedImage(WHITE_IS_ZERO, raster(data, width, rows), false, null) {
      @Override
      public Raster getData(Rectangle rect) {
        return getRaster().createChild(rect.x, rect.y, rect.width, rect.height, rect.x, rect.y, null);
      }
    };
  }

  private static WritableRaster raster(byte[] data, int width, int rows) {
    MultiPixelPackedSampleModel model = new MultiPixelPackedSampleModel(java.awt.image.DataBuffer.TYPE_BYTE, width, rows, 1);
    return Raster.createWritableRaster(model, new DataBufferByte(data, width / 8 * rows), null);
  }
}
