package dev.faxgate.faxfile;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * A TIFF file to send, opened and checked as a whole before any call uses it: every page is
 * decoded once by {@link #open}, so a file that is missing, unreadable, not a TIFF, not bilevel
 * or damaged is refused then, with a message naming the file and the problem, never discovered
 * in the middle of a fax. The file's bytes are kept (a fax file is tens of kB a page), so what
 * goes out is what was checked even if the file changes on disk meanwhile; pages are decoded one
 * at a time when asked for ({@link #page}), so only one page's pixels are in memory at once.
 *
 * <p>Any bilevel TIFF is taken: one page or many, any compression the JDK's TIFF plugin reads
 * (CCITT T.4/T.6, LZW, PackBits, Deflate, none), either photometric, any fill order, any width.
 * {@link PageGeometry} says how a page becomes a fax page. {@link #open} reads and decodes the
 * file: call it off the event loop.
 */
public final class FaxDocument {
  /** Larger files are refused: a fax of hundreds of pages is a few MB. */
  public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
  /** Pages wider or longer than this are refused (they are not fax pages, and would take memory). */
  public static final int MAX_PAGE_WIDTH = 5000;
  public static final int MAX_PAGE_ROWS = 20000;
  /** Files with more pages are refused. */
  public static final int MAX_PAGES = 1000;

  private final String name;
  private final byte[] bytes;
  private final List<SourcePage> pages;

  /** What the file says of one page: its size and resolution (0 where absent). */
  public record SourcePage(int width, int rows, double xDpi, double yDpi) {}

  private FaxDocument(String name, byte[] bytes, List<SourcePage> pages) {
    this.name = name;
    this.bytes = bytes;
    this.pages = pages;
  }

  /** Opens and checks {@code file}; messages name it as {@code file} reads. */
  public static FaxDocument open(Path file) throws FaxFileException {
    return open(file, file.toString());
  }

  /** Opens and checks {@code file}; messages name it {@code name} (the name its sender gave). */
  public static FaxDocument open(Path file, String name) throws FaxFileException {
    byte[] bytes = readBytes(file, name);
    ImageReader reader = tiffReaderFor(bytes, name);
    try (ImageInputStream in = inMemory(bytes)) {
      reader.setInput(in, false, false);
      int count;
      try {
        count = reader.getNumImages(true);
      } catch (IOException | RuntimeException e) {
        throw new FaxFileException("file '" + name + "' is a damaged TIFF: " + describe(e), e);
      }
      if (count <= 0) {
        throw new FaxFileException("file '" + name + "' is a TIFF without pages");
      }
      if (count > MAX_PAGES) {
        throw new FaxFileException("file '" + name + "' has " + count + " pages; at most " + MAX_PAGES + " are sent");
      }
      List<SourcePage> pages = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        pages.add(checkPage(reader, i, name));
      }
      return new FaxDocument(name, bytes, List.copyOf(pages));
    } catch (IOException e) {
      throw new FaxFileException("file '" + name + "' cannot be read: " + describe(e), e);
    } finally {
      reader.dispose();
    }
  }

  /** The name messages use. */
  public String name() {
    return name;
  }

  public int pageCount() {
    return pages.size();
  }

  /** What the file says of page {@code index} (from 0). */
  public SourcePage sourcePage(int index) {
    return pages.get(index);
  }

  /** How page {@code index} goes out to a far end that takes widths up to {@code maxWidth}. */
  public PageGeometry geometry(int index, int maxWidth) {
    SourcePage p = pages.get(index);
    return PageGeometry.plan(p.width, p.rows, p.xDpi, p.yDpi, maxWidth);
  }

  /**
   * Page {@code index} (from 0) as a fax page for a far end that takes widths up to
   * {@code maxWidth} (1728, 2048 or 2432): decoded now, scaled by {@link PageGeometry}. It was
   * decoded once already by {@link #open}, so it does not fail.
   */
  public FaxPage page(int index, int maxWidth) {
    PageGeometry geometry = geometry(index, maxWidth);
    ImageReader reader = ImageIO.getImageReadersByFormatName("tiff").next();
    try (ImageInputStream in = inMemory(bytes)) {
      reader.setInput(in, false, true);
      BufferedImage image = reader.read(index);
      byte[] rows = geometry.scale(FaxPage.packedBlackIsOne(image));
      return new FaxPage(geometry.width(), geometry.rows(), geometry.xDpi(), geometry.yDpi(), rows);
    } catch (IOException e) {
      throw new UncheckedIOException("page " + (index + 1) + " of '" + name + "' decoded at open but not now", e);
    } finally {
      reader.dispose();
    }
  }

  /** Page {@code index} for an A4-only far end (1728 pixels wide). */
  public FaxPage page(int index) {
    return page(index, PageGeometry.A4_WIDTH);
  }

  private static byte[] readBytes(Path file, String name) throws FaxFileException {
    try {
      if (Files.isDirectory(file)) {
        throw new FaxFileException("file '" + name + "' is a folder, not a TIFF file");
      }
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new FaxFileException("file '" + name + "' is " + size + " bytes; files to send are at most " + MAX_FILE_BYTES);
      }
      if (size == 0) {
        throw new FaxFileException("file '" + name + "' is empty");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new FaxFileException("file '" + name + "' does not exist", e);
    } catch (AccessDeniedException e) {
      throw new FaxFileException("file '" + name + "' cannot be read: permission denied", e);
    } catch (IOException e) {
      throw new FaxFileException("file '" + name + "' cannot be read: " + describe(e), e);
    }
  }

  /** The JDK's TIFF reader, when the bytes are a TIFF; otherwise a refusal that says what they are. */
  private static ImageReader tiffReaderFor(byte[] bytes, String name) throws FaxFileException {
    try (ImageInputStream in = inMemory(bytes)) {
      Iterator<ImageReader> any = ImageIO.getImageReaders(in);
      String format = null;
      while (any.hasNext()) {
        ImageReader reader = any.next();
        String found = reader.getFormatName().toLowerCase(Locale.ROOT);
        if (found.equals("tif") || found.equals("tiff")) {
          return reader;
        }
        if (format == null) {
          format = found.toUpperCase(Locale.ROOT);
        }
        reader.dispose();
      }
      throw new FaxFileException("file '" + name + "' is not a TIFF image"
          + (format == null ? "" : " (its content is a " + format + " image)") + "; fax files must be bilevel TIFF");
    } catch (IOException e) {
      throw new FaxFileException("file '" + name + "' cannot be read: " + describe(e), e);
    }
  }

  /** Checks page {@code index}: a size a fax can have, bilevel, decodable. */
  private static SourcePage checkPage(ImageReader reader, int index, String name) throws FaxFileException {
    String page = "page " + (index + 1) + " of '" + name + "'";
    try {
      int width = reader.getWidth(index);
      int rows = reader.getHeight(index);
      if (width <= 0 || rows <= 0 || width > MAX_PAGE_WIDTH || rows > MAX_PAGE_ROWS) {
        throw new FaxFileException(page + " is " + width + " x " + rows + " pixels; a fax page is at most "
            + MAX_PAGE_WIDTH + " x " + MAX_PAGE_ROWS);
      }
      ImageTypeSpecifier type = reader.getRawImageType(index);
      if (type != null) {
        requireBilevel(type.getColorModel(), page);
      }
      double[] dpi = resolution(reader.getImageMetadata(index));
      BufferedImage image = reader.read(index);
      requireBilevel(image.getColorModel(), page);
      return new SourcePage(width, rows, dpi[0], dpi[1]);
    } catch (IOException | RuntimeException e) {
      throw new FaxFileException(page + " cannot be decoded: " + describe(e), e);
    }
  }

  private static void requireBilevel(ColorModel model, String page) throws FaxFileException {
    if (model.getPixelSize() != 1) {
      String kind = model.getNumColorComponents() > 1 ? "colour" : "greyscale";
      throw new FaxFileException(page + " is not bilevel: it has " + model.getPixelSize() + " bits per pixel ("
          + kind + "); a fax page must be black and white, 1 bit per pixel");
    }
  }

  /** X and Y resolution in dots per inch from the TIFF tags, 0 where absent or without a unit. */
  private static double[] resolution(IIOMetadata metadata) {
    double[] dpi = {0, 0};
    try {
      TIFFDirectory dir = TIFFDirectory.createFromMetadata(metadata);
      TIFFField unitField = dir.getTIFFField(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT);
      int unit = unitField == null ? BaselineTIFFTagSet.RESOLUTION_UNIT_INCH : unitField.getAsInt(0);
      double perInch = unit == BaselineTIFFTagSet.RESOLUTION_UNIT_INCH ? 1
          : unit == BaselineTIFFTagSet.RESOLUTION_UNIT_CENTIMETER ? 2.54 : 0;
      TIFFField x = dir.getTIFFField(BaselineTIFFTagSet.TAG_X_RESOLUTION);
      TIFFField y = dir.getTIFFField(BaselineTIFFTagSet.TAG_Y_RESOLUTION);
      if (x != null && perInch > 0 && x.getAsDouble(0) > 0 && Double.isFinite(x.getAsDouble(0))) {
        dpi[0] = x.getAsDouble(0) * perInch;
      }
      if (y != null && perInch > 0 && y.getAsDouble(0) > 0 && Double.isFinite(y.getAsDouble(0))) {
        dpi[1] = y.getAsDouble(0) * perInch;
      }
    } catch (javax.imageio.metadata.IIOInvalidTreeException | RuntimeException e) {
      // resolution unreadable: the defaults of PageGeometry apply
    }
    return dpi;
  }

  /** The bytes as an ImageIO stream, cached in memory (ImageIO's default would cache in temporary files). */
  static ImageInputStream inMemory(byte[] bytes) {
    return new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
