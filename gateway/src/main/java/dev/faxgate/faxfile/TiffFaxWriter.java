package dev.faxgate.faxfile;

import dev.faxgate.t4.T4BitOrder;
import dev.faxgate.t4.T4Coding;
import dev.faxgate.t4.T4Decoder;
import dev.faxgate.t4.T4Encoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
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
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes a received fax as a multi-page TIFF-F file (TIFF Class F) through the JDK's ImageIO TIFF
 * plugin: rows are added one at a time, a page is ended, the next one started. Each page carries
 * the class F tags: NewSubfileType (page), WhiteIsZero, FillOrder 2 (LSB first, as fax machines and
 * spandsp write it), CCITT T.4 1-D (with T4Options) or T.6 (with T6Options) in one strip,
 * XResolution/YResolution in dots per inch, PageNumber (n of the total), Software, DateTime and
 * the remote station id as ImageDescription.
 *
 * <p>The total page count is only known at the end and ImageIO cannot patch a written tag, so
 * finished pages wait in memory, compressed (tens of kB each), and {@link #finish()} writes the
 * whole file under a temporary name in the target's folder and renames it over the target
 * atomically: a reader never sees half a file. A fax that fails still keeps the pages it
 * finished ({@code finish()}); {@link #abort()} writes nothing.
 *
 * <p>In memory a finished page is held in MMR by Faxgate's own T.6 coder ({@link T4Encoder}, the
 * octets libtiff writes for the same rows; lossless), not by ImageIO: ImageIO's compression of a
 * page cost about ten times as much, and it had to be decoded again for the file. A page that
 * arrived in MMR is kept as its octets ({@link #addMmrPage}): nothing to code. ImageIO
 * compresses each page once, for the file, in {@code finish()}.
 *
 * <p>Not thread-safe. File I/O happens in {@code finish()} only (run it off the event loop);
 * {@code endPage()} codes the page in memory (about 1 ms of CPU for a standard A4 page),
 * {@code addRow} only copies the row.
 */
public final class TiffFaxWriter implements AutoCloseable {

  /**
   * How the pages are compressed. No T.4 two-dimensional (MR): the JDK's encoder for it (JDK 17's
   * TIFFT4Compressor) writes wrong codes for some rows (39 of 40 random test pages came back
   * different, from both its own decoder and libtiff's), while its MH and MMR encoders pass the
   * same pages; the line's coding is independent of the file's, so MR on the line is stored as MMR.
   */
  public enum Compression {
    /** T.4 one-dimensional (MH): what every TIFF-F reader takes. */
    T4_1D("CCITT T.4"),
    /** T.6 (MMR): about half the size. */
    T6("CCITT T.6");

    final String imageIoType;

    Compression(String imageIoType) {
      this.imageIoType = imageIoType;
    }
  }

  /** The Software tag of every page. */
  public static final String SOFTWARE = "Faxgate";

  private static final DateTimeFormatter TIFF_DATE_TIME = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");

  private final Path target;
  private final Compression compression;
  private final Clock clock;
  private String remoteStationId = "";
  private final List<FinishedPage> pages = new ArrayList<>();

  /** The page being received, or width 0 between pages. */
  private int width;
  private int xDpi;
  private int yDpi;
  private int rowOctets;
  private byte[] rows = new byte[0];
  private int rowCount;
  private boolean closed;

  /** A finished page, its rows in MMR (octets in {@code order}), with what its tags need. */
  private record FinishedPage(byte[] mmr, T4BitOrder order, int width, int rows, int xDpi, int yDpi,
      String dateTime) {}

  public TiffFaxWriter(Path target, Compression compression) {
    this(target, compression, Clock.systemDefaultZone());
  }

  /** {@code clock} dates the pages (DateTime, in the clock's zone). */
  public TiffFaxWriter(Path target, Compression compression, Clock clock) {
    this.target = target;
    this.compression = compression;
    this.clock = clock;
  }

  /** The far end's station id (CSI/TSI), stored as every page's ImageDescription; may come in late. */
  public void remoteStationId(String id) {
    this.remoteStationId = id == null ? "" : id;
  }

  /** Starts a page of rows {@code width} pixels wide (1728, 2048 or 2432), at {@code xDpi} x {@code yDpi}. */
  public void startPage(int width, int xDpi, int yDpi) {
    checkNewPage(width, xDpi, yDpi);
    this.width = width;
    this.xDpi = xDpi;
    this.yDpi = yDpi;
    this.rowOctets = width / 8;
    this.rowCount = 0;
    if (rows.length < rowOctets * 1200) {
      rows = new byte[rowOctets * 1200];
    }
  }

  private void checkNewPage(int width, int xDpi, int yDpi) {
    requireOpen();
    if (this.width != 0) {
      throw new IllegalStateException("page " + (pages.size() + 1) + " is still open");
    }
    if (width <= 0 || width % 8 != 0 || width > 8192) {
      throw new IllegalArgumentException("page width " + width + " is not a positive multiple of 8 up to 8192");
    }
    if (xDpi <= 0 || yDpi <= 0) {
      throw new IllegalArgumentException("resolution " + xDpi + "x" + yDpi + " is not positive");
    }
  }

  /** Adds one row ({@code width / 8} octets from {@code row[offset]}, 1 = black) to the open page. */
  public void addRow(byte[] row, int offset) {
    if (width == 0) {
      throw new IllegalStateException("no page is open");
    }
    int at = rowCount * rowOctets;
    if (at + rowOctets > rows.length) {
      rows = Arrays.copyOf(rows, rows.length * 2);
    }
    System.arraycopy(row, offset, rows, at, rowOctets);
    rowCount++;
  }

  /** Adds one row (the whole array, {@code width / 8} octets). */
  public void addRow(byte[] row) {
    addRow(row, 0);
  }

  /** Ends the open page: it will be in the file. A page without rows is dropped. */
  public void endPage() throws IOException {
    if (width == 0) {
      throw new IllegalStateException("no page is open");
    }
    if (rowCount > 0) {
      String dateTime = LocalDateTime.now(clock).format(TIFF_DATE_TIME);
      T4Encoder mmr = T4Encoder.mmr(width);
      mmr.startPage();
      for (int r = 0; r < rowCount; r++) {
        mmr.encodeRow(rows, r * rowOctets);
      }
      mmr.endPage();
      pages.add(new FinishedPage(mmr.readAll(), T4BitOrder.MSB_FIRST, width, rowCount, xDpi, yDpi, dateTime));
    }
    width = 0;
  }

  /**
   * Adds a whole page that is already MMR: {@code len} octets from {@code mmr[0]} in {@code order}
   * (a T.6 page as ECM delivered it, LSB first), which decode to exactly {@code rows} rows
   * {@code width} pixels wide with no error (the caller's decoder has checked that). The octets are
   * copied; nothing is re-encoded. The file gets the rows as {@code finish()} decodes them back.
   */
  public void addMmrPage(byte[] mmr, int len, T4BitOrder order, int rows, int width, int xDpi, int yDpi) {
    checkNewPage(width, xDpi, yDpi);
    if (rows > 0) {
      String dateTime = LocalDateTime.now(clock).format(TIFF_DATE_TIME);
      pages.add(new FinishedPage(Arrays.copyOf(mmr, len), order, width, rows, xDpi, yDpi, dateTime));
    }
  }

  /** Pages finished so far. */
  public int pages() {
    return pages.size();
  }

  /** True while a page is open (started, not ended). */
  public boolean pageOpen() {
    return width != 0;
  }

  /**
   * Writes the finished pages to the target (a page still open is dropped: it did not arrive
   * whole) and returns how many there are. With no finished page, no file is written.
   */
  public int finish() throws IOException {
    requireOpen();
    closed = true;
    width = 0;
    rows = new byte[0];
    if (pages.isEmpty()) {
      return 0;
    }
    Path dir = target.toAbsolutePath().getParent();
    // not createTempFile: its file is private (0600), and the fax must get the permissions any new file gets
    Path temporary = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".part");
    try {
      ByteBuffer file = ByteBuffer.wrap(tiff());
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        while (file.hasRemaining()) {
          channel.write(file);
        }
        channel.force(true); // on disk before the rename makes it the fax
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
    int written = pages.size();
    pages.clear();
    return written;
  }

  /** Drops everything: no file is written (an earlier file at the target stays as it was). */
  public void abort() {
    closed = true;
    width = 0;
    rows = new byte[0];
    pages.clear();
  }

  /** Same as {@link #abort()} unless {@link #finish()} came first. */
  @Override
  public void close() {
    if (!closed) {
      abort();
    }
  }

  /** The whole TIFF file, as ImageIO writes it (in memory: the file gets it in one go, then is forced to disk). */
  private byte[] tiff() throws IOException {
    ImageWriter writer = tiffWriter();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      ImageWriteParam param = param(writer);
      int total = pages.size();
      for (int i = 0; i < total; i++) {
        FinishedPage page = pages.get(i);
        BufferedImage image = decode(page, i + 1);
        IIOMetadata tags = pageMetadata(writer, image, param, page.xDpi, page.yDpi, i, total, page.dateTime);
        writer.writeToSequence(new IIOImage(image, null, tags), param);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Page {@code number} back from its MMR, as a white-is-zero image; every row must come back. */
  private static BufferedImage decode(FinishedPage page, int number) throws IOException {
    int octets = page.width / 8;
    byte[] data = new byte[page.rows * octets];
    int[] at = {0};
    T4Decoder decoder = new T4Decoder(T4Coding.MMR, page.width, (row, concealed) -> {
      if (at[0] < data.length) {
        System.arraycopy(row, 0, data, at[0], octets);
      }
      at[0] += octets;
    }).bitOrder(page.order);
    decoder.startPage();
    decoder.put(page.mmr, 0, page.mmr.length);
    decoder.finish();
    if (decoder.rows() != page.rows || decoder.badRows() != 0) {
      throw new IOException("page " + number + " did not decode back whole from memory: " + decoder.rows() + " of "
          + page.rows + " rows, " + decoder.badRows() + " bad");
    }
    return FaxImages.forWriting(data, page.width, page.rows);
  }

  private static ImageWriter tiffWriter() {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("tiff");
    if (!writers.hasNext()) {
      throw new IllegalStateException("this Java runtime has no ImageIO TIFF writer (JDK 9 or later has one)");
    }
    return writers.next();
  }

  private ImageWriteParam param(ImageWriter writer) {
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionType(compression.imageIoType);
    return param;
  }

  /** The class F tags of page {@code index} of {@code total} (0 while the total is not known). */
  private IIOMetadata pageMetadata(ImageWriter writer, BufferedImage image, ImageWriteParam param, int xDpi, int yDpi,
      int index, int total, String dateTime) throws IOException {
    IIOMetadata defaults = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
    TIFFDirectory dir = TIFFDirectory.createFromMetadata(defaults);
    BaselineTIFFTagSet base = BaselineTIFFTagSet.getInstance();
    dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_NEW_SUBFILE_TYPE), TIFFTag.TIFF_LONG, 1,
        new long[] {BaselineTIFFTagSet.NEW_SUBFILE_TYPE_SINGLE_PAGE}));
    // 1 is TIFF's default, so ImageIO leaves the tag out unless it is given; TIFF-F requires it,
    // and spandsp's reader refuses a file without it ("TIFF/F file cannot be opened")
    dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_BITS_PER_SAMPLE), TIFFTag.TIFF_SHORT, 1,
        new char[] {1}));
    dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_SAMPLES_PER_PIXEL), TIFFTag.TIFF_SHORT, 1,
        new char[] {1}));
    dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_PHOTOMETRIC_INTERPRETATION),
        BaselineTIFFTagSet.PHOTOMETRIC_INTERPRETATION_WHITE_IS_ZERO));
    dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_FILL_ORDER), 2));
    dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_ROWS_PER_STRIP), TIFFTag.TIFF_LONG, 1,
        new long[] {image.getHeight()}));
    dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_X_RESOLUTION), TIFFTag.TIFF_RATIONAL, 1,
        new long[][] {{xDpi, 1}}));
    dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_Y_RESOLUTION), TIFFTag.TIFF_RATIONAL, 1,
        new long[][] {{yDpi, 1}}));
    dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT),
        BaselineTIFFTagSet.RESOLUTION_UNIT_INCH));
    if (compression == Compression.T6) {
      dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_T6_OPTIONS), TIFFTag.TIFF_LONG, 1, new long[] {0}));
    } else {
      // bit 0 clear: 1-D coding; bit 2: EOLs padded to end on an octet boundary (TIFF-F's advice)
      long options = 4;
      dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_T4_OPTIONS), TIFFTag.TIFF_LONG, 1,
          new long[] {options}));
    }
    dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_PAGE_NUMBER), TIFFTag.TIFF_SHORT, 2,
        new char[] {(char) index, (char) total}));
    dir.addTIFFField(ascii(base, BaselineTIFFTagSet.TAG_SOFTWARE, SOFTWARE));
    dir.addTIFFField(ascii(base, BaselineTIFFTagSet.TAG_DATE_TIME, dateTime));
    if (!remoteStationId.isEmpty()) {
      dir.addTIFFField(ascii(base, BaselineTIFFTagSet.TAG_IMAGE_DESCRIPTION, remoteStationId));
    }
    return dir.getAsMetadata();
  }

  /** An ASCII tag; TIFF ASCII is 7-bit, so anything else becomes '?'. */
  private static TIFFField ascii(BaselineTIFFTagSet base, int tag, String value) {
    String seven = new String(value.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
    return new TIFFField(base.getTag(tag), TIFFTag.TIFF_ASCII, 1, new String[] {seven});
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the writer of " + target + " is already finished or aborted");
    }
  }
}
