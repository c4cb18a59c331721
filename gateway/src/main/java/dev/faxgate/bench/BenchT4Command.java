package dev.faxgate.bench;

import dev.faxgate.t4.T4Coding;
import dev.faxgate.t4.T4Decoder;
import dev.faxgate.t4.T4Encoder;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.ImageInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faxgate bench-t4 [TIFF...] [--seconds S]}: rows per CPU second of the T.4/T.6 encoder and
 * decoder ({@code dev.faxgate.t4}) in MH, MR and MMR, on real pages: the first page of each TIFF
 * (default: the faxpeer fixture pages of the source tree, {@code gateway/src/test/resources/t4}
 * standard and fine). Each page is coded in the transmission form (EOLs, RTC/EOFB, no fill) again
 * and again for S CPU seconds per coding and direction after an untimed warm-up, timed with the
 * thread's CPU clock, the thread's allocated bytes counted alongside. One JSON line.
 */
@Command(name = "bench-t4", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Rows per CPU second of the T.4/T.6 codec (MH, MR, MMR; encode and decode) on fax pages, "
        + "and bytes allocated per row. One JSON line."})
public final class BenchT4Command implements Callable<Integer> {
  private static final String FIXTURES = "gateway/src/test/resources/t4";
  private static final String[] DEFAULT_PAGES = {"standard-t4-1d.tif", "fine-t4-1d.tif"};

  @Parameters(arity = "0..*", paramLabel = "TIFF",
      description = "Bilevel TIFF files, first page of each (default: the fixture pages in " + FIXTURES + ").")
  List<Path> tiffs = new ArrayList<>();
  @Option(names = "--seconds", paramLabel = "S", defaultValue = "2",
      description = "CPU seconds per coding and direction, 0.01..600 (default: ${DEFAULT-VALUE}).")
  double seconds;

  private record Page(String name, int width, byte[][] rows, int k) {}

  @Override
  public Integer call() throws Exception {
    if (seconds < 0.01 || seconds > 600) {
      System.err.println("bench-t4: --seconds must be 0.01..600");
      return 2;
    }
    List<Path> files = tiffs.isEmpty() ? defaultPages() : tiffs;
    if (files.isEmpty()) {
      System.err.println("bench-t4: no TIFF given and no fixture pages found under ./" + FIXTURES
          + " or beside the jar; name TIFF files, e.g. faxpeer make-tiff page.tif --pages 1");
      return 2;
    }
    List<Page> pages = new ArrayList<>();
    for (Path f : files) {
      Page p = read(f);
      if (p == null) {
        System.err.println("bench-t4: " + f + ": not a readable bilevel image whose width is a multiple of 8");
        return 2;
      }
      pages.add(p);
    }
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    mx.setThreadAllocatedMemoryEnabled(true);
    BenchLine line = BenchLine.item("bench-t4").stamp().put("status", "OK")
        .put("clock", "ThreadMXBean.getCurrentThreadCpuTime").put("seconds", seconds)
        .put("pages", pages.stream().map(p -> p.name() + " (" + p.width() + "x" + p.rows().length + ")").toList());
    for (T4Coding coding : T4Coding.values()) {
      Coder coder = new Coder(coding, pages);
      coder.encodeAll(); // warm-up, and the code to decode
      coder.decodeAll();
      Measure enc = measure(mx, coder::encodeAll, coder.rows);
      Measure dec = measure(mx, coder::decodeAll, coder.rows);
      if (coder.badRows != 0 || coder.decodedRows != coder.rows) {
        line.put("status", "FAILED").put("error", coding + " did not decode back: " + coder.badRows + " bad rows");
      }
      line.put(coding.name().toLowerCase(), BenchLine.object()
          .put("encode_rows_per_second", enc.rowsPerSecond()).put("decode_rows_per_second", dec.rowsPerSecond())
          .put("encode_bytes_allocated_per_row", enc.bytesPerRow()).put("decode_bytes_allocated_per_row", dec.bytesPerRow())
          .put("octets_per_page", coder.octets / pages.size()));
    }
    System.out.println(line.toJson());
    System.out.flush();
    return "OK".equals(line.get("status")) ? 0 : 1;
  }

  private record Measure(double rowsPerSecond, double bytesPerRow) {}

  private Measure measure(com.sun.management.ThreadMXBean mx, Runnable pass, int rowsPerPass) {
    long budget = (long) (seconds * 1e9);
    long rows = 0;
    long bytes0 = mx.getCurrentThreadAllocatedBytes();
    long t0 = mx.getCurrentThreadCpuTime();
    long t;
    do {
      pass.run();
      rows += rowsPerPass;
      t = mx.getCurrentThreadCpuTime();
    } while (t - t0 < budget);
    long bytes = mx.getCurrentThreadAllocatedBytes() - bytes0;
    return new Measure(rows / ((t - t0) / 1e9), (double) bytes / rows);
  }

  /** Encodes all pages into one reused buffer per page, and decodes them back. */
  private static final class Coder {
    final List<Page> pages;
    final T4Encoder[] encoders;
    final T4Decoder[] decoders;
    final byte[][] code;
    final int[] codeLength;
    final int rows;
    long octets;
    int badRows;
    int decodedRows;

    Coder(T4Coding coding, List<Page> pages) {
      this.pages = pages;
      int n = pages.size();
      encoders = new T4Encoder[n];
      decoders = new T4Decoder[n];
      code = new byte[n][];
      codeLength = new int[n];
      int r = 0;
      for (int i = 0; i < n; i++) {
        Page p = pages.get(i);
        encoders[i] = switch (coding) {
          case MH -> T4Encoder.mh(p.width());
          case MR -> T4Encoder.mr(p.width(), p.k());
          case MMR -> T4Encoder.mmr(p.width());
        };
        decoders[i] = new T4Decoder(coding, p.width(), (row, concealed) -> { });
        code[i] = new byte[p.rows().length * (p.width() + 16)]; // more than MH needs for alternating pixels
        r += p.rows().length;
      }
      rows = r;
    }

    void encodeAll() {
      octets = 0;
      for (int i = 0; i < encoders.length; i++) {
        T4Encoder e = encoders[i];
        e.startPage();
        int len = 0;
        for (byte[] row : pages.get(i).rows()) {
          e.encodeRow(row, 0);
          len += e.read(code[i], len, code[i].length - len);
        }
        e.endPage();
        len += e.read(code[i], len, code[i].length - len);
        codeLength[i] = len;
        octets += len;
      }
    }

    void decodeAll() {
      badRows = 0;
      decodedRows = 0;
      for (int i = 0; i < decoders.length; i++) {
        T4Decoder d = decoders[i];
        d.startPage();
        d.put(code[i], 0, codeLength[i]);
        d.finish();
        badRows += d.badRows();
        decodedRows += d.rows();
      }
    }
  }

  private static List<Path> defaultPages() {
    List<Path> roots = new ArrayList<>();
    roots.add(Path.of(""));
    try {
      // the launcher's jar is gateway/target/faxgate.jar: the source tree is two levels up
      Path jar = Path.of(BenchT4Command.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (jar.getParent() != null && jar.getParent().getParent() != null && jar.getParent().getParent().getParent() != null) {
        roots.add(jar.getParent().getParent().getParent());
      }
    } catch (Exception e) {
      // no code source: the working directory only
    }
    for (Path root : roots) {
      List<Path> found = new ArrayList<>();
      for (String name : DEFAULT_PAGES) {
        Path p = root.resolve(FIXTURES).resolve(name);
        if (Files.isRegularFile(p)) {
          found.add(p);
        }
      }
      if (found.size() == DEFAULT_PAGES.length) {
        return found;
      }
    }
    return List.of();
  }

  /** The first page as packed rows (1 = black), and K for its vertical resolution (TIFF YResolution, else standard). */
  private static Page read(Path file) throws IOException {
    BufferedImage img;
    double lpi = 98;
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      java.util.Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        img = reader.read(0);
        IIOMetadata meta = reader.getImageMetadata(0);
        if (meta != null && "tiff".equalsIgnoreCase(reader.getFormatName())) {
          TIFFField yres = TIFFDirectory.createFromMetadata(meta).getTIFFField(BaselineTIFFTagSet.TAG_Y_RESOLUTION);
          TIFFField unit = TIFFDirectory.createFromMetadata(meta).getTIFFField(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT);
          if (yres != null) {
            lpi = yres.getAsDouble(0) * (unit != null && unit.getAsInt(0) == 3 ? 2.54 : 1);
          }
        }
      } finally {
        reader.dispose();
      }
    }
    if (img == null || img.getWidth() % 8 != 0 || img.getWidth() > 8192) {
      return null;
    }
    int w = img.getWidth();
    byte[][] rows = new byte[img.getHeight()][w / 8];
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        int lum = ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) / 3;
        if (lum < 128) {
          rows[y][x >>> 3] |= (byte) (0x80 >>> (x & 7));
        }
      }
    }
    return new Page(file.getFileName().toString(), w, rows, T4Encoder.k(lpi));
  }
}
