package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.faxfile.FaxDocument;
import dev.faxgate.faxfile.TestDocument;
import dev.faxgate.faxfile.TiffFaxWriter;
import dev.faxgate.modem.FastModem;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.terminal.AudioTerminalProcessor;
import dev.faxgate.terminal.DocumentPages;
import dev.faxgate.terminal.ImageCoding;
import dev.faxgate.terminal.PageFormat;
import dev.faxgate.terminal.PageQuality;
import dev.faxgate.terminal.PageSink;
import dev.faxgate.terminal.PageSource;
import dev.faxgate.terminal.T38TerminalProcessor;
import dev.faxgate.terminal.TerminalOptions;
import dev.faxgate.terminal.TiffPageSink;
import dev.faxgate.udptl.UdptlErrorCorrection;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The terminal acceptance matrix of issue 16: Faxgate's T.30 terminal (the real coder over TIFF
 * files, {@link DocumentPages}; the real decoder into a TIFF-F file, {@link TiffPageSink}) against
 * spandsp's terminals (faxpeer) over loopback, in the four pairings, each fax started on its own
 * threads so that a test class runs its faxes side by side (they are independent real-time calls).
 *
 * <p>{@link #PAIRWISE} is a covering array: every pair of values of pairing, ECM, rate (modem),
 * coding, resolution and pages appears in some fax, and G.711 law (audio pairings) and T.38
 * version (T.38 pairings) pair with every value of every other factor among the faxes they apply
 * to. T.6 exists only with ECM, so MMR never pairs with ecm=no. Thirteen faxes: the pairing must
 * meet every rate and every coding, so 12 is the floor, and a search found no 12 that covers the
 * rest.
 *
 * <p>Our side sets what the row says through its options (FAXOPT ecm, modem and maxrate; the
 * codings its coder or decoder offers); faxpeer offers everything (ECM, V.17, T.6), so what is
 * negotiated is Faxgate's choice. After each fax: both ends OK with the row's pages, rate, ECM,
 * coding and resolution, the station ids crossed, and {@code faxpeer compare} finds the received
 * pages identical to the document sent.
 */
final class TerminalMatrix {
  private TerminalMatrix() {}

  enum Pairing {
    /** Faxgate sends on audio (G.711 RTP), {@code faxpeer audio-recv} receives. */
    SEND_AUDIO(true, true, "send audio"),
    /** {@code faxpeer audio-send} sends, Faxgate receives on audio. */
    RECEIVE_AUDIO(false, true, "recv audio"),
    /** Faxgate sends on T.38 (UDPTL), {@code faxpeer t38-recv} receives. */
    SEND_T38(true, false, "send t38"),
    /** {@code faxpeer t38-send} sends, Faxgate receives on T.38. */
    RECEIVE_T38(false, false, "recv t38");

    final boolean faxgateSends;
    final boolean audio;
    final String label;

    Pairing(boolean faxgateSends, boolean audio, String label) {
      this.faxgateSends = faxgateSends;
      this.audio = audio;
      this.label = label;
    }
  }

  /**
   * One fax of the matrix.
   *
   * @param rate 14400 (V.17), 9600 (V.29) or 4800 (V.27ter)
   * @param law {@code ulaw}/{@code alaw} on audio, null on T.38
   * @param version the T.38 version on T.38 (0 with redundancy, 3 with FEC), -1 on audio
   * @param twist what is done to the fax besides (nothing, for the matrix)
   */
  record Fax(String name, Pairing pairing, boolean ecm, int rate, ImageCoding coding, boolean fine, int pages,
      String law, int version, Twist twist) {
    static Fax audio(String name, Pairing p, boolean ecm, int rate, ImageCoding coding, boolean fine, int pages,
        String law) {
      return new Fax(name, p, ecm, rate, coding, fine, pages, law, -1, Twist.NONE);
    }

    static Fax t38(String name, Pairing p, boolean ecm, int rate, ImageCoding coding, boolean fine, int pages,
        int version) {
      return new Fax(name, p, ecm, rate, coding, fine, pages, null, version, Twist.NONE);
    }

    Fax with(Twist t) {
      return new Fax(name, pairing, ecm, rate, coding, fine, pages, law, version, t);
    }

    Fax named(String other) {
      return new Fax(other, pairing, ecm, rate, coding, fine, pages, law, version, twist);
    }

    /**
     * The rate the fax ends at: one step down when the first training is spoiled (FTT), and when
     * a page got RTN or RTP (spandsp retrains one rate lower then, as T.30 lets a sender do).
     */
    int finalRate() {
      boolean down = twist == Twist.NOISY_FIRST_TCF || twist == Twist.BAD_ROWS_RTN || twist == Twist.BAD_ROWS_RTP;
      return down ? (rate == 14400 ? 12000 : rate == 9600 ? 7200 : 2400) : rate;
    }

    String modemLabel() {
      return rate == 14400 ? "V.17" : rate == 9600 ? "V.29" : "V.27ter";
    }

    String describe() {
      return String.format("%-3s %-10s %-6s %-7s %5d %-3s %-8s %dp %-5s", name, pairing.label, ecm ? "ECM" : "no-ECM",
          modemLabel(), rate, coding, fine ? "fine" : "standard", pages,
          pairing.audio ? law : "v" + version + (version == 0 ? " red" : " fec"));
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** What a fax goes through besides the matrix's plain call. */
  enum Twist {
    NONE,
    /** faxpeer drops 2 % of what Faxgate sends on T.38 (its --rx-loss); Faxgate's image data carries no redundancy. */
    LOSS,
    /** Faxgate sends with FAXOPT headerinfo: the header line must arrive on every page, the rest as it was. */
    HEADER,
    /** Noise on what Faxgate receives during its first TCF: it answers FTT, the sender falls back a rate. */
    NOISY_FIRST_TCF,
    /** The first non-ECM page Faxgate receives is damaged in ~9 % of its rows: RTN, and spandsp sends it again. */
    BAD_ROWS_RTN,
    /** The first non-ECM page Faxgate receives is damaged in ~3 % of its rows: RTP (kept, then retrain). */
    BAD_ROWS_RTP,
    /**
     * The document's pages are standard, fine, standard ({@link #mixedDocument}): the sender ends pages
     * 1 and 2 with EOM, the receiver sends DIS again, a new DCS carries the next page. The row's
     * {@code fine} and {@code pages} must say false and 3 (the last page's resolution is the one reported).
     */
    MIXED_RESOLUTIONS
  }

  /** FAXOPT headerinfo of the {@link Twist#HEADER} fax, and the date and time its header shows. */
  static final String HEADER_INFO = "Faxgate matrix {header} 1-2-3";
  static final ZonedDateTime HEADER_WHEN = ZonedDateTime.of(2026, 12, 7, 13, 51, 0, 0, java.time.ZoneOffset.UTC);

  private static final ImageCoding MH = ImageCoding.MH;
  private static final ImageCoding MR = ImageCoding.MR;
  private static final ImageCoding MMR = ImageCoding.MMR;

  /** The covering array (see the class comment); the heaviest fax is 5 standard pages at 4800 with ECM and T.6. */
  static final List<Fax> PAIRWISE = List.of(
      Fax.audio("A1", Pairing.SEND_AUDIO, true, 14400, MH, false, 1, "alaw"),
      Fax.audio("A2", Pairing.SEND_AUDIO, true, 14400, MMR, true, 5, "alaw"),
      Fax.audio("A3", Pairing.SEND_AUDIO, false, 9600, MH, false, 5, "ulaw"),
      Fax.audio("A4", Pairing.SEND_AUDIO, false, 4800, MR, true, 1, "alaw"),
      Fax.audio("A5", Pairing.RECEIVE_AUDIO, true, 14400, MR, true, 1, "ulaw"),
      Fax.audio("A6", Pairing.RECEIVE_AUDIO, false, 9600, MH, false, 5, "alaw"),
      Fax.audio("A7", Pairing.RECEIVE_AUDIO, true, 4800, MMR, false, 5, "ulaw"),
      Fax.t38("T1", Pairing.SEND_T38, false, 14400, MR, false, 5, 3),
      Fax.t38("T2", Pairing.SEND_T38, true, 9600, MMR, true, 1, 3),
      Fax.t38("T3", Pairing.SEND_T38, false, 4800, MH, true, 1, 0),
      Fax.t38("T4", Pairing.RECEIVE_T38, true, 14400, MMR, true, 1, 0),
      Fax.t38("T5", Pairing.RECEIVE_T38, false, 9600, MR, false, 5, 0),
      Fax.t38("T6", Pairing.RECEIVE_T38, true, 4800, MH, false, 1, 3));

  /**
   * System property naming the faxes to run (comma-separated, e.g. {@code -Dmatrix.only=A7}; the
   * faxes beside the matrix, F1, Q1 ..., by their names too): to chase one fax without waiting
   * for its whole class. Unset: every fax.
   */
  static final String ONLY = "matrix.only";
  /**
   * System property: how many copies of each selected matrix fax to run side by side (named A7,
   * A7.2, A7.3 ...), to catch a fault that shows once in several runs. Default 1.
   */
  static final String REPEAT = "matrix.repeat";

  /** Whether {@value #ONLY} selects the fax of this name. */
  static boolean selected(String name) {
    String only = System.getProperty(ONLY, "").trim();
    return only.isEmpty() || Set.of(only.split("\\s*,\\s*")).contains(name);
  }

  /** The matrix's faxes on one transport, as {@value #ONLY} and {@value #REPEAT} select them. */
  static List<Fax> on(boolean audio) {
    int repeat = Integer.getInteger(REPEAT, 1);
    List<Fax> selected = new ArrayList<>();
    for (Fax f : PAIRWISE) {
      if (f.pairing().audio != audio || !selected(f.name())) {
        continue;
      }
      selected.add(f);
      for (int copy = 2; copy <= repeat; copy++) {
        selected.add(f.named(f.name() + "." + copy));
      }
    }
    return selected;
  }

  private static final Map<String, Path> DOCUMENTS = new ConcurrentHashMap<>();

  /**
   * A test document of {@code pages} A4 pages at standard or fine resolution ({@link TestDocument}:
   * light on purpose, so 5 pages at 4800 stay well under a minute). Made once per shape.
   */
  static Path document(Path dir, int pages, boolean fine) {
    String kind = pages + (fine ? "-fine" : "-standard");
    return DOCUMENTS.computeIfAbsent(dir + "/" + kind, key -> {
      Path file = dir.resolve("matrix-" + kind + ".tif");
      try {
        List<TestDocument.Shape> shapes = Collections.nCopies(pages, fine ? TestDocument.Shape.FINE : TestDocument.Shape.STANDARD);
        TestDocument.write(file, shapes);
      } catch (IOException e) {
        throw new IllegalStateException("test document " + file + ": " + e, e);
      }
      return file;
    });
  }

  /**
   * Three A4 pages, standard, fine, standard ({@link TestDocument}): a DCS holds one resolution, so
   * sending them takes EOM and a new DCS twice. (spandsp's receiver takes only A4, so the widths are not mixed.)
   */
  static Path mixedDocument(Path dir) {
    return DOCUMENTS.computeIfAbsent(dir + "/mixed", key -> {
      Path file = dir.resolve("matrix-mixed.tif");
      try {
        TestDocument.write(file, List.of(TestDocument.Shape.STANDARD, TestDocument.Shape.FINE,
            TestDocument.Shape.STANDARD));
      } catch (IOException e) {
        throw new IllegalStateException("test document " + file + ": " + e, e);
      }
      return file;
    });
  }

  /** The codings Faxgate's side offers for a row: up to the row's coding, so the row's is chosen. */
  static Set<ImageCoding> upTo(ImageCoding c) {
    return switch (c) {
      case MH -> EnumSet.of(MH);
      case MR -> EnumSet.of(MH, MR);
      case MMR -> EnumSet.allOf(ImageCoding.class);
    };
  }

  /** The fast modems Faxgate allows for a row's rate (FAXOPT modem): the row's family and the slower ones. */
  static Set<FastModem> modemsFor(int rate) {
    return rate == 14400 ? EnumSet.allOf(FastModem.class)
        : rate == 9600 ? EnumSet.of(FastModem.V29, FastModem.V27TER) : EnumSet.of(FastModem.V27TER);
  }

  /** How faxpeer (spandsp) names a coding in its result. */
  static String spandspEncoding(ImageCoding c) {
    return switch (c) {
      case MH -> "T.4 1-D";
      case MR -> "T.4 2-D";
      case MMR -> "T.6";
    };
  }

  /** Our coder, offering only some of its codings. */
  private record LimitedSource(PageSource document, Set<ImageCoding> codings) implements PageSource {
    @Override
    public int pages() {
      return document.pages();
    }

    @Override
    public int width(int index) {
      return document.width(index);
    }

    @Override
    public dev.faxgate.t30.Resolution resolution(int index) {
      return document.resolution(index);
    }

    @Override
    public byte[] page(int index, PageFormat format) {
      assertTrue(codings.contains(format.coding()), "asked for " + format.coding() + ", not offered");
      return document.page(index, format);
    }
  }

  /**
   * Our decoder, offering only some of its codings in the DIS; for the bad-row twists, the first
   * page's data as it arrives is damaged: from octet 9900 of the page (MH: the white rows below
   * the slanted line, about 3.6 octets a row), every 8th octet inverted, {@code damaged} times;
   * each spoils a row or two.
   */
  private static final class LimitedSink implements PageSink {
    private final TiffPageSink sink;
    private final Set<ImageCoding> codings;
    private final int damaged;
    private int starts;
    private long offset;
    private final byte[] copy = new byte[4096];
    private static final int DAMAGE_FROM = 9900;

    LimitedSink(TiffPageSink sink, Set<ImageCoding> codings, int damaged) {
      this.sink = sink;
      this.codings = codings;
      this.damaged = damaged;
    }

    @Override
    public Set<ImageCoding> codings() {
      return codings;
    }

    @Override
    public void startPage(PageFormat format) {
      starts++;
      offset = 0;
      sink.startPage(format);
    }

    @Override
    public void data(byte[] buf, int off, int len) {
      if (starts != 1 || damaged == 0 || len > copy.length) {
        sink.data(buf, off, len);
        return;
      }
      System.arraycopy(buf, off, copy, 0, len);
      for (int i = 0; i < len; i++) {
        long at = offset + i - DAMAGE_FROM;
        if (at >= 0 && at % 8 == 0 && at / 8 < damaged) {
          copy[i] ^= (byte) 0xff;
        }
      }
      offset += len;
      sink.data(copy, 0, len);
    }

    @Override
    public PageQuality endPage() {
      return sink.endPage();
    }

    @Override
    public void keepPage() {
      sink.keepPage();
    }

    @Override
    public void discardPage() {
      sink.discardPage();
    }
  }

  /** What one fax left: its line for the table, and the T.30 frames of Faxgate's terminal ("a": ours, "b": theirs). */
  record Outcome(Fax fax, String line, List<dev.faxgate.t30.T30Trace.Frame> frames) {
    long count(String from, String fcf) {
      return frames.stream().filter(f -> f.from().equals(from) && f.fcf().equals(fcf)).count();
    }

    /** EOMs {@code from} sent: the command (non-ECM), or a PPS whose FCF2 is EOM (ECM). */
    long eoms(String from) {
      int eom = dev.faxgate.t30.Fcf.EOM.octet(false) & 0xFE;
      return count(from, "EOM") + frames.stream().filter(f -> f.from().equals(from) && f.fcf().equals("PPS"))
          .filter(f -> (Integer.parseInt(f.hex().substring(6, 8), 16) & 0xFE) == eom).count();
    }
  }

  static final String OUR_ID = "+1 555 0100";
  static final String THEIR_ID = "faxpeer";

  /** The faxes of one test class, all started at once, and their rows for the class's table. */
  static final class Runs {
    private final Map<String, CompletableFuture<Outcome>> running = new ConcurrentHashMap<>();
    private final Map<String, String> table = new ConcurrentHashMap<>();

    void start(Path dir, Fax f) {
      running.put(f.name(), TerminalMatrix.start(dir, f));
    }

    /** The fax's outcome once it has ended (its row goes in the table), or what failed it. */
    Outcome outcome(Fax f) throws Exception {
      CompletableFuture<Outcome> run = running.get(f.name());
      org.junit.jupiter.api.Assumptions.assumeTrue(run != null, f.name() + " not selected by -D" + ONLY);
      try {
        Outcome o = run.get(240, TimeUnit.SECONDS);
        table.put(f.name(), f.describe() + " | " + o.line());
        return o;
      } catch (java.util.concurrent.ExecutionException e) {
        table.put(f.name(), f.describe() + " | FAILED");
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw e;
      }
    }

    /** The fax's row: its outcome, FAILED, or not run. */
    String row(Fax f) {
      return table.getOrDefault(f.name(), f.describe() + " | (not run)");
    }
  }

  /** Starts the fax on threads of its own; the future fails with the assertion that failed. */
  static CompletableFuture<Outcome> start(Path dir, Fax f) {
    CompletableFuture<Outcome> result = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        result.complete(run(dir, f));
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, "matrix-" + f.name());
    t.setDaemon(true);
    t.start();
    return result;
  }

  private static Outcome run(Path dir, Fax f) throws Exception {
    Path document = f.twist() == Twist.MIXED_RESOLUTIONS ? mixedDocument(dir) : document(dir, f.pages(), f.fine());
    Pairing p = f.pairing();
    TerminalOptions options = TerminalOptions.of(p.faxgateSends, OUR_ID, f.ecm()).withModems(modemsFor(f.rate()))
        .withRates(2400, f.rate());
    PageSource source = null;
    TiffPageSink sink = null;
    Path ours = dir.resolve("faxgate-" + f.name() + ".tif");
    if (p.faxgateSends) {
      boolean header = f.twist() == Twist.HEADER;
      source = new LimitedSource(DocumentPages.load(List.of(FaxDocument.open(document)),
          header ? HEADER_WHEN : ZonedDateTime.now(), OUR_ID, header ? HEADER_INFO : ""), upTo(f.coding()));
    } else {
      sink = new TiffPageSink(new TiffFaxWriter(ours, TiffFaxWriter.Compression.T6));
    }
    int damaged = f.twist() == Twist.BAD_ROWS_RTN ? 100 : f.twist() == Twist.BAD_ROWS_RTP ? 30 : 0;
    PageSink limitedSink = sink == null ? null : new LimitedSink(sink, upTo(f.coding()), damaged);
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    int local = p.audio ? Faxpeer.freeEvenPort() : Faxpeer.freePort(false);
    int remote = p.audio ? Faxpeer.freeEvenPort() : Faxpeer.freePort(false);
    MediaProcessor processor;
    dev.faxgate.terminal.T30Terminal engine;
    if (p.audio) {
      AudioTerminalProcessor audio = new AudioTerminalProcessor(MediaProcessor.LEG_A, f.law().equals("ulaw") ? 0 : 8,
          3, f.name().hashCode(), options, source, limitedSink, lines::add);
      engine = audio.engine();
      processor = f.twist() == Twist.NOISY_FIRST_TCF ? new NoisyFirstTcf(audio, f.law().equals("ulaw")) : audio;
    } else {
      // with loss, image data goes without redundancy (ECM repairs it), control and indicators with 3 copies
      T38Relay.LegConfig leg = f.twist() == Twist.LOSS
          ? new T38Relay.LegConfig(f.version(), UdptlErrorCorrection.REDUNDANCY, 3, 3, 0, 3, 3, 1400)
          : new T38Relay.LegConfig(f.version(), f.version() == 0 ? UdptlErrorCorrection.REDUNDANCY
              : UdptlErrorCorrection.FEC, 3, 3, 1, 3, 3, 1400);
      T38TerminalProcessor t38 = new T38TerminalProcessor(MediaProcessor.LEG_A, leg, options, source, limitedSink,
          lines::add);
      engine = t38.engine();
      processor = t38;
    }
    Path theirs = dir.resolve("faxpeer-" + f.name() + ".tif");
    List<String> args = new ArrayList<>(List.of((p.audio ? "audio-" : "t38-") + (p.faxgateSends ? "recv" : "send"),
        "--local", "127.0.0.1:" + remote, "--remote", "127.0.0.1:" + local, "--ecm", "--ident", THEIR_ID, "-v",
        "--timeout", "170"));
    args.addAll(p.faxgateSends ? List.of("--out", theirs.toString()) : List.of("--tiff", document.toString()));
    if (p.audio) {
      args.addAll(List.of("--law", f.law()));
    } else {
      args.addAll(List.of("--t38-version", Integer.toString(f.version()), "--ec",
          f.version() == 0 ? "redundancy" : "fec"));
      if (f.twist() == Twist.LOSS) {
        args.addAll(List.of("--rx-loss", "2"));
      }
    }
    CompletableFuture<Faxpeer.Run> peer;
    // the answering end listens first: faxpeer when it receives, Faxgate when it does
    if (p.faxgateSends) {
      peer = Faxpeer.start(dir, 180, args.toArray(String[]::new));
      Thread.sleep(100);
    } else {
      peer = null;
    }
    try (UdpTerminal terminal = new UdpTerminal(local, remote, MediaProcessor.LEG_A, processor).start()) {
      if (peer == null) {
        peer = Faxpeer.start(dir, 180, args.toArray(String[]::new));
      }
      terminal.done().get(175, TimeUnit.SECONDS);
    }
    Faxpeer.Run r = peer.get(60, TimeUnit.SECONDS);
    FaxReport report = processor.faxReport();
    keepLogs(f.name(), r, lines);
    JsonObject res = r.result();
    String context = f.describe() + "\nfaxgate: " + report + "\nfaxpeer (exit " + r.exit() + "): " + res
        + "\nlogs: target/terminal-interop/" + f.name() + "-*.log";
    if (sink != null) {
      sink.remoteStationId(report.remoteStationId());
      sink.finish();
    }
    assertTrue(report.success(), context);
    assertEquals(f.pages(), report.pages(), context);
    assertEquals(f.finalRate(), report.rate(), context);
    assertEquals(f.ecm(), report.ecmUsed(), context);
    assertEquals(f.fine() ? "204x196" : "204x98", report.resolution(), context);
    assertEquals(THEIR_ID, report.remoteStationId(), context);
    assertEquals(0, r.exit(), context);
    assertEquals("OK", res.getString("status"), context);
    assertEquals(f.pages(), res.getInteger("pages"), context);
    assertEquals(f.finalRate(), res.getInteger("bit_rate"), context);
    assertEquals(f.ecm(), res.getBoolean("ecm"), context);
    assertEquals(spandspEncoding(f.coding()), res.getString("encoding"), context);
    assertEquals(f.fine() ? "fine" : "standard", res.getString("resolution"), context);
    assertEquals(OUR_ID, res.getString("remote_ident"), context);
    if (f.twist() == Twist.HEADER) {
      checkHeaders(dir, f, document, theirs, context);
    } else if (f.twist() != Twist.BAD_ROWS_RTP) { // RTP keeps a page with rows concealed
      Faxpeer.Run cmp = Faxpeer.run(dir, "compare", document.toString(), (p.faxgateSends ? theirs : ours).toString());
      assertEquals(0, cmp.exit(), "faxpeer compare: " + cmp.result() + "\n" + context);
      assertTrue(cmp.result().getBoolean("identical"), cmp.result().encode());
    }
    String line = String.format("%-5s %-5d %-5d %-3s %-8s %-7s | %-5s %-5s %-5s %-7s %5.1f s", "OK", report.pages(),
        report.rate(), report.ecmUsed() ? "ECM" : "-", report.resolution(), report.modem(), res.getString("status"),
        res.getValue("pages"), res.getValue("bit_rate"), res.getString("encoding"), res.getDouble("seconds"));
    return new Outcome(f, line, engine.trace().frames());
  }

  /**
   * Every page faxpeer received shows the header line Faxgate drew, pixel for pixel against the
   * font's raster (rendered to PNG through ImageIO), and below it the page as it was sent.
   */
  private static void checkHeaders(Path dir, Fax f, Path document, Path received, String context) throws Exception {
    FaxDocument got = FaxDocument.open(received);
    FaxDocument sent = FaxDocument.open(document);
    assertEquals(f.pages(), got.pageCount(), context);
    for (int i = 0; i < f.pages(); i++) {
      dev.faxgate.faxfile.FaxPage page = got.page(i);
      int yDpi = f.fine() ? 196 : 98;
      Path png = dev.faxgate.faxfile.HeaderRasterCheck.toPng(page, dev.faxgate.faxfile.HeaderLine.rowsAt(yDpi),
          dir.resolve(f.name() + "-header-" + (i + 1) + ".png"));
      String text = dev.faxgate.faxfile.HeaderLine.text(HEADER_WHEN, OUR_ID, HEADER_INFO, i + 1, f.pages(),
          dev.faxgate.faxfile.HeaderLine.columns(1728));
      assertEquals(List.of(), dev.faxgate.faxfile.HeaderRasterCheck.compare(png, text, yDpi),
          "page " + (i + 1) + "'s header, " + png + ": " + context);
      assertEquals(List.of(), dev.faxgate.faxfile.HeaderRasterCheck.bodyDifferences(page, sent.page(i)),
          "page " + (i + 1) + " under its header: " + context);
    }
  }

  /**
   * Adds white noise at -26 dBm0 (about 12 dB under spandsp's -14 dBm0 signal: the modem trains,
   * but 14400 bit/s comes out with errors) to the audio Faxgate receives from the first DCS until
   * its terminal answers it; every other packet passes untouched. Should the noise stop the
   * training altogether, the sender repeats the DCS, the repeat comes clean, and the fax ends at
   * the first rate: the rate checks then fail, as they should.
   */
  private static final class NoisyFirstTcf implements MediaProcessor {
    private final AudioTerminalProcessor inner;
    private final boolean ulaw;
    private final dev.faxgate.dsp.AwgnGenerator noise = dev.faxgate.dsp.AwgnGenerator.ofDbm0(7, -26);
    private final short[] pcm = new short[2048];
    private final byte[] copy = new byte[2048];
    int noisyPackets;

    NoisyFirstTcf(AudioTerminalProcessor inner, boolean ulaw) {
      this.inner = inner;
      this.ulaw = ulaw;
    }

    @Override
    public void receive(int leg, byte[] buf, int off, int len, int arrival) {
      List<dev.faxgate.t30.T30Trace.Frame> frames = inner.engine().trace().frames();
      boolean firstTcf = frames.stream().filter(f -> f.from().equals("b") && f.fcf().equals("DCS")).count() == 1
          && frames.stream().noneMatch(f -> f.from().equals("a") && (f.fcf().equals("CFR") || f.fcf().equals("FTT")));
      if (!firstTcf || len <= 12 || len > copy.length) {
        inner.receive(leg, buf, off, len, arrival);
        return;
      }
      noisyPackets++;
      System.arraycopy(buf, off, copy, 0, len);
      int n = len - 12; // the G.711 payload after the RTP header
      if (ulaw) {
        dev.faxgate.rtp.G711.ulawToLinear(copy, 12, pcm, 0, n);
      } else {
        dev.faxgate.rtp.G711.alawToLinear(copy, 12, pcm, 0, n);
      }
      noise.addTo(pcm, 0, n);
      if (ulaw) {
        dev.faxgate.rtp.G711.linearToUlaw(pcm, 0, copy, 12, n);
      } else {
        dev.faxgate.rtp.G711.linearToAlaw(pcm, 0, copy, 12, n);
      }
      inner.receive(leg, copy, 0, len, arrival);
    }

    @Override
    public void tick(dev.faxgate.relay.DatagramSink sink) {
      inner.tick(sink);
    }

    @Override
    public boolean faxActivity() {
      return inner.faxActivity();
    }

    @Override
    public boolean faxOver() {
      return inner.faxOver();
    }

    @Override
    public long faxProgress() {
      return inner.faxProgress();
    }

    @Override
    public FaxReport faxReport() {
      return inner.faxReport();
    }

    @Override
    public String updatePolicy(dev.faxgate.t30.T30Supervisor.Policy next, dev.faxgate.t30.T30Supervisor.PolicyItem item) {
      return inner.updatePolicy(next, item);
    }

    @Override
    public dev.faxgate.t30.T30Trace t30Trace() {
      return inner.t30Trace();
    }

    @Override
    public Map<String, Object> legStats(int leg) {
      return inner.legStats(leg);
    }

    @Override
    public void legCounters(int leg, long[] into) {
      inner.legCounters(leg, into);
    }
  }

  /** Both ends' logs, under target/terminal-interop/, for when a fax goes wrong. */
  static void keepLogs(String name, Faxpeer.Run r, List<String> lines) throws IOException {
    Path keep = Path.of("target", "terminal-interop");
    Files.createDirectories(keep);
    Files.writeString(keep.resolve(name + "-faxpeer.log"), r.stderr());
    Files.write(keep.resolve(name + "-faxgate.log"), new ArrayList<>(lines));
  }

  /** The table's head. */
  static String head(String title) {
    return "\n" + title + "\n" + String.format("%-3s %-10s %-6s %-7s %5s %-3s %-8s %-2s %-5s | %-46s | %s%n", "#",
        "pairing", "ecm", "modem", "rate", "cod", "res", "pg", "leg", "Faxgate: status pages rate ecm res modem",
        "faxpeer: status pages rate coding seconds");
  }
}
