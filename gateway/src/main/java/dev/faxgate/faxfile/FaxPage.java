package dev.faxgate.faxfile;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.Raster;
import java.util.Arrays;

/**
 * One page in the fax stack's row format: {@code rowCount} rows of {@code width / 8} octets each,
 * packed one after the other, bit 7 of a row's first octet the leftmost pixel, 1 = black; with the
 * page's resolution in dots per inch (204 across for the fax widths; 98, 196 or 391 lines per
 * inch down).
 */
public final class FaxPage {
  private final int width;
  private final int rowCount;
  private final int xDpi;
  private final int yDpi;
  private final byte[] data;

  /** A page over {@code data} (not copied): {@code rowCount * width / 8} octets. */
  public FaxPage(int width, int rowCount, int xDpi, int yDpi, byte[] data) {
    if (width <= 0 || width % 8 != 0) {
      throw new IllegalArgumentException("page width " + width + " is not a positive multiple of 8");
    }
    if (data.length != rowCount * (width / 8)) {
      throw new IllegalArgumentException(data.length + " octets are not " + rowCount + " rows of " + width + " pixels");
    }
    this.width = width;
    this.rowCount = rowCount;
    this.xDpi = xDpi;
    this.yDpi = yDpi;
    this.data = data;
  }

  public int width() {
    return width;
  }

  public int rowCount() {
    return rowCount;
  }

  /** Octets in one row: {@code width / 8}. */
  public int rowOctets() {
    return width / 8;
  }

  /** Dots per inch across. */
  public int xDpi() {
    return xDpi;
  }

  /** Lines per inch down. */
  public int yDpi() {
    return yDpi;
  }

  /** All rows, packed one after the other (the page's own array: do not change it). */
  public byte[] data() {
    return data;
  }

  /** Copies row {@code row} into {@code dst} from {@code offset}; nothing is allocated. */
  public void copyRow(int row, byte[] dst, int offset) {
    System.arraycopy(data, row * rowOctets(), dst, offset, rowOctets());
  }

  /** Offset of row {@code row} in {@link #data()}, for readers that want no copy. */
  public int rowOffset(int row) {
    return row * rowOctets();
  }

  /** This page with {@code header} (rows of the same width) drawn above it: the page grows by the header's rows. */
  public FaxPage withRowsAbove(byte[] header) {
    if (header.length % rowOctets() != 0) {
      throw new IllegalArgumentException("header of " + header.length + " octets is not whole rows of " + width + " pixels");
    }
    byte[] both = Arrays.copyOf(header, header.length + data.length);
    System.arraycopy(data, 0, both, header.length, data.length);
    return new FaxPage(width, rowCount + header.length / rowOctets(), xDpi, yDpi, both);
  }

  /**
   * The rows of a bilevel image (1 bit per pixel; whichever palette entry is darker is black),
   * {@code width} a multiple of 8.
   */
  public static FaxPage fromImage(BufferedImage image, int xDpi, int yDpi) {
    int width = image.getWidth();
    if (width % 8 != 0) {
      throw new IllegalArgumentException("image width " + width + " is not a multiple of 8");
    }
    byte[] data = packedBlackIsOne(image);
    return new FaxPage(width, image.getHeight(), xDpi, yDpi, data);
  }

  /**
   * A bilevel image as packed rows, {@code (width + 7) / 8} octets each, 1 = black, padding bits 0.
   * The common case (ImageIO's bilevel TIFF pages: one bit per pixel in octets) is copied a row at
   * a time; anything else goes pixel by pixel.
   */
  static byte[] packedBlackIsOne(BufferedImage image) {
    int width = image.getWidth();
    int rows = image.getHeight();
    int stride = (width + 7) / 8;
    byte[] out = new byte[stride * rows];
    int blackSample = blackSample(image.getColorModel());
    Raster raster = image.getRaster();
    if (raster.getSampleModel() instanceof MultiPixelPackedSampleModel model && model.getPixelBitStride() == 1
        && raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getNumBanks() == 1
        && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
        && model.getDataBitOffset() % 8 == 0) {
      byte[] src = buffer.getData();
      int srcStride = model.getScanlineStride();
      int base = buffer.getOffset() + model.getDataBitOffset() / 8;
      int invert = blackSample == 1 ? 0 : 0xff;
      int lastMask = width % 8 == 0 ? 0xff : (0xff << (8 - width % 8)) & 0xff;
      for (int y = 0; y < rows; y++) {
        int s = base + y * srcStride;
        int d = y * stride;
        for (int i = 0; i < stride; i++) {
          out[d + i] = (byte) (src[s + i] ^ invert);
        }
        out[d + stride - 1] &= (byte) lastMask;
      }
      return out;
    }
    int[] samples = new int[width];
    for (int y = 0; y < rows; y++) {
      raster.getSamples(0, y, width, 1, 0, samples);
      int d = y * stride;
      for (int x = 0; x < width; x++) {
        if (samples[x] == blackSample) {
          out[d + (x >> 3)] |= (byte) (0x80 >>> (x & 7));
        }
      }
    }
    return out;
  }

  /** The sample value (0 or 1) that is black: the darker palette entry, or 0 for a 1-bit grey model. */
  static int blackSample(ColorModel model) {
    if (model instanceof IndexColorModel icm && icm.getMapSize() >= 2) {
      return luminance(icm.getRGB(1)) < luminance(icm.getRGB(0)) ? 1 : 0;
    }
    return 0;
  }

  private static int luminance(int rgb) {
    return 299 * ((rgb >> 16) & 0xff) + 587 * ((rgb >> 8) & 0xff) + 114 * (rgb & 0xff);
  }
}
