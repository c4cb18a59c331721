package dev.faxgate.t4;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.MultiPixelPackedSampleModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * One page of a single-strip bilevel TIFF, seen two ways: the raw strip (the coded octets as the
 * file holds them, with the tags that say how they are coded), and the rows ImageIO's own CCITT
 * decoder makes of it. The codec's tests compare against both.
 */
record TiffStrip(int width, int height, int compression, int fillOrder, long t4Options, float yResolution,
    byte[] strip, byte[][] rows) {

  static TiffStrip resource(String name) throws IOException {
    try (InputStream in = TiffStrip.class.getResourceAsStream("/t4/" + name)) {
      if (in == null) {
        throw new IOException("no test resource /t4/" + name);
      }
      return read(in.readAllBytes());
    }
  }

  /** The first page of the TIFF in {@code file}, its rows decoded by ImageIO. */
  static TiffStrip read(byte[] file) throws IOException {
    return read(file, true);
  }

  /** The first page's strip and tags; {@code rows} null unless {@code decode}. */
  static TiffStrip read(byte[] file, boolean decode) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("tiff").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
      reader.setInput(in);
      TIFFDirectory dir = TIFFDirectory.createFromMetadata(reader.getImageMetadata(0));
      long[] offsets = dir.getTIFFField(BaselineTIFFTagSet.TAG_STRIP_OFFSETS).getAsLongs();
      long[] counts = dir.getTIFFField(BaselineTIFFTagSet.TAG_STRIP_BYTE_COUNTS).getAsLongs();
      if (offsets.length != 1) {
        throw new IOException("expected one strip, found " + offsets.length);
      }
      byte[] strip = Arrays.copyOfRange(file, (int) offsets[0], (int) (offsets[0] + counts[0]));
      int compression = dir.getTIFFField(BaselineTIFFTagSet.TAG_COMPRESSION).getAsInt(0);
      TIFFField fo = dir.getTIFFField(BaselineTIFFTagSet.TAG_FILL_ORDER);
      TIFFField t4 = dir.getTIFFField(BaselineTIFFTagSet.TAG_T4_OPTIONS);
      TIFFField yr = dir.getTIFFField(BaselineTIFFTagSet.TAG_Y_RESOLUTION);
      BufferedImage img = decode ? reader.read(0) : null;
      return new TiffStrip(reader.getWidth(0), reader.getHeight(0), compression, fo == null ? 1 : fo.getAsInt(0),
          t4 == null ? 0 : t4.getAsLong(0), yr == null ? 0 : yr.getAsFloat(0), strip, img == null ? null : rows(img));
    } finally {
      reader.dispose();
    }
  }

  /** The image's rows packed as the codec wants them: MSB = leftmost pixel, 1 = black. */
  static byte[][] rows(BufferedImage img) {
    int w = img.getWidth();
    int stride = w / 8;
    byte[][] rows = new byte[img.getHeight()][stride];
    if (img.getSampleModel() instanceof MultiPixelPackedSampleModel sm && sm.getPixelBitStride() == 1
        && img.getColorModel() instanceof IndexColorModel cm && img.getRaster().getParent() == null) {
      byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
      boolean oneIsBlack = (cm.getRGB(1) & 0xFFFFFF) == 0;
      int scan = sm.getScanlineStride();
      for (int y = 0; y < rows.length; y++) {
        System.arraycopy(data, y * scan, rows[y], 0, stride);
        if (!oneIsBlack) {
          for (int i = 0; i < stride; i++) {
            rows[y][i] ^= (byte) 0xFF;
          }
        }
      }
      return rows;
    }
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < w; x++) {
        if ((img.getRGB(x, y) & 0xFFFFFF) == 0) {
          rows[y][x >>> 3] |= (byte) (0x80 >>> (x & 7));
        }
      }
    }
    return rows;
  }

  /** A bilevel image of packed rows (1 = black). */
  static BufferedImage image(byte[][] rows, int width) {
    BufferedImage img = new BufferedImage(width, rows.length, BufferedImage.TYPE_BYTE_BINARY);
    byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    int stride = width / 8;
    for (int y = 0; y < rows.length; y++) {
      for (int i = 0; i < stride; i++) {
        data[y * stride + i] = (byte) ~rows[y][i]; // TYPE_BYTE_BINARY: 0 = black
      }
    }
    return img;
  }

  /**
   * The rows written by the JDK's own TIFF writer with {@code compressionType} ("CCITT T.4" or
   * "CCITT T.6") and, for T.4, the T4Options tag {@code t4Options}, in one strip.
   */
  static byte[] writeWithJdk(byte[][] rows, int width, String compressionType, long t4Options) throws IOException {
    BufferedImage img = image(rows, width);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionType(compressionType);
    IIOMetadata meta = writer.getDefaultImageMetadata(new javax.imageio.ImageTypeSpecifier(img), param);
    TIFFDirectory dir = TIFFDirectory.createFromMetadata(meta);
    BaselineTIFFTagSet base = BaselineTIFFTagSet.getInstance();
    dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_ROWS_PER_STRIP), TIFFTag.TIFF_LONG, 1,
        new long[] {rows.length}));
    if (compressionType.equals("CCITT T.4")) {
      dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_T4_OPTIONS), TIFFTag.TIFF_LONG, 1,
          new long[] {t4Options}));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, dir.getAsMetadata()), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Collects decoded rows (copies) and which were concealed. */
  static final class Rows implements T4Decoder.RowSink {
    final List<byte[]> rows = new ArrayList<>();
    final List<Boolean> concealed = new ArrayList<>();

    @Override
    public void row(byte[] row, boolean wasConcealed) {
      rows.add(row.clone());
      concealed.add(wasConcealed);
    }
  }
}
