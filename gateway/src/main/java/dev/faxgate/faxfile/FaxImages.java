package dev.faxgate.faxfile;

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
    MultiPixelPackedSampleModel model = new MultiPixelPackedSampleModel(java.awt.image.DataBuffer.TYPE_BYTE, width, rows, 1);
    WritableRaster raster = Raster.createWritableRaster(model, new DataBufferByte(data, width / 8 * rows), null);
    return new BufferedImage(WHITE_IS_ZERO, raster, false, null);
  }
}
