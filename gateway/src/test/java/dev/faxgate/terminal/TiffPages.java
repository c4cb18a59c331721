package dev.faxgate.terminal;

import dev.faxgate.t30.BitOrder;
import dev.faxgate.t30.Resolution;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.stream.ImageInputStream;

/**
 * Test pages: the raw T.4 1-D strips of a TIFF-F file (faxpeer make-tiff, one strip per page),
 * read through javax.imageio's TIFF metadata (StripOffsets, StripByteCounts, FillOrder), put
 * LSB-first, with RTC appended (TIFF class F leaves it out). A {@link PageSource} for MH only,
 * which is all it has: the coder proper comes from another part of the project.
 */
public final class TiffPages implements PageSource {
  /** RTC: six EOLs (000000000001), 72 bits, LSB-first octets. */
  static final byte[] RTC = rtc();

  private final List<byte[]> pages = new ArrayList<>();
  private final int width;
  private final Resolution resolution;

  public TiffPages(Path tiff) throws IOException {
    int w = 1728;
    Resolution r = Resolution.R8_STANDARD;
    ImageReader reader = ImageIO.getImageReadersByFormatName("tiff").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(tiff.toFile());
        RandomAccessFile raw = new RandomAccessFile(tiff.toFile(), "r")) {
      reader.setInput(in);
      int n = reader.getNumImages(true);
      for (int i = 0; i < n; i++) {
        TIFFDirectory dir = TIFFDirectory.createFromMetadata(reader.getImageMetadata(i));
        if (dir.getTIFFField(259).getAsInt(0) != 3) {
          throw new IOException("page " + i + " is not T.4 (Compression " + dir.getTIFFField(259).getAsInt(0) + ")");
        }
        w = dir.getTIFFField(256).getAsInt(0);
        double yres = dir.getTIFFField(283).getAsDouble(0);
        r = yres > 300 ? Resolution.R8_SUPERFINE : yres > 150 ? Resolution.R8_FINE : Resolution.R8_STANDARD;
        boolean lsbFirst = dir.getTIFFField(266) != null && dir.getTIFFField(266).getAsInt(0) == 2;
        long off = dir.getTIFFField(273).getAsLong(0);
        int count = (int) dir.getTIFFField(279).getAsLong(0);
        byte[] strip = new byte[count];
        raw.seek(off);
        raw.readFully(strip);
        if (!lsbFirst) {
          strip = BitOrder.reversedCopy(strip);
        }
        byte[] page = java.util.Arrays.copyOf(strip, count + RTC.length);
        System.arraycopy(RTC, 0, page, count, RTC.length);
        pages.add(page);
      }
    } finally {
      reader.dispose();
    }
    this.width = w;
    this.resolution = r;
  }

  /** Pages made of given bytes (for engine tests that need no real image). */
  TiffPages(List<byte[]> given) {
    pages.addAll(given);
    width = 1728;
    resolution = Resolution.R8_STANDARD;
  }

  private static byte[] rtc() {
    byte[] out = new byte[9];
    for (int bit = 0; bit < 72; bit++) {
      if (bit % 12 == 11) {
        out[bit >> 3] |= (byte) (1 << (bit & 7));
      }
    }
    return out;
  }

  /** The bytes page {@code i} goes out as. */
  public byte[] bytes(int i) {
    return pages.get(i);
  }

  @Override
  public int pages() {
    return pages.size();
  }

  @Override
  public Set<ImageCoding> codings() {
    return EnumSet.of(ImageCoding.MH);
  }

  @Override
  public int width(int index) {
    return width;
  }

  @Override
  public Resolution resolution(int index) {
    return resolution;
  }

  @Override
  public byte[] page(int index, PageFormat format) {
    if (format.coding() != ImageCoding.MH) {
      throw new IllegalStateException("test pages are MH only, asked for " + format.coding());
    }
    return pages.get(index);
  }
}
