package dev.faxgate.bench;

import dev.faxgate.faxfile.FaxDocument;
import dev.faxgate.faxfile.FaxFileException;
import dev.faxgate.faxfile.TiffFaxWriter;
import dev.faxgate.gateway.GatewayRelay;
import dev.faxgate.modem.FastModem;
import dev.faxgate.relay.DatagramQueue;
import dev.faxgate.relay.DatagramSink;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.rtp.G711;
import dev.faxgate.t30.DataRate;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.terminal.AudioTerminalProcessor;
import dev.faxgate.terminal.DocumentPages;
import dev.faxgate.terminal.PageFormat;
import dev.faxgate.terminal.T38TerminalProcessor;
import dev.faxgate.terminal.TerminalOptions;
import dev.faxgate.terminal.TiffPageSink;
import dev.faxgate.udptl.UdptlErrorCorrection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * The CPU a receiving audio terminal ({@link AudioTerminalProcessor}) costs per simulated second,
 * on the chain {@code faxpeer bench-gateway --direction t38-to-audio} builds for spandsp:
 *
 * <pre>
 *   T.38 terminal (calling, sends 3 pages)  &lt;-- IFPs --&gt;  T.38 gateway  &lt;-- G.711, 20 ms --&gt;  audio terminal (answers, receives)
 *   {@link T38TerminalProcessor}                             {@link GatewayRelay}                        {@link AudioTerminalProcessor} (timed)
 * </pre>
 *
 * N chains run in memory on the calling thread, interleaved tick by tick, as fast as possible.
 * Only the receiving terminal's own calls are timed, each on its own ({@code receive} of every
 * RTP packet the gateway played to it, and its {@code tick}), with the thread's CPU clock: as
 * faxpeer times {@code fax_rx} and {@code fax_tx}, two intervals per 20 ms tick. The sender and
 * the gateway that drive it are not timed. Each kept page is compressed for the file off the
 * media thread, as in a session ({@link TiffPageSink} on a page thread of the bench's own): that
 * work is timed with its own thread's CPU clock where it runs, and reported beside the media
 * thread's, since spandsp's figure holds its page writing. A call ends, as faxpeer's does, one simulated second
 * after both terminals are finished (DCN); every call must succeed with every page, at the
 * modem's top rate, with ECM as asked, and leave a TIFF file with every page, or the run fails.
 *
 * <p>The pages are the faxpeer test pages ({@code faxpeer make-tiff --pages 3}, the image its
 * bench-gateway sends), shipped as {@value #PAGES_RESOURCE}.
 */
public final class TerminalBench {
  /** The 3 faxpeer test pages, 1728 x 1143 (standard resolution), T.6 in the file. */
  static final String PAGES_RESOURCE = "/dev/faxgate/bench/faxpeer-3pages-standard.tif";
  /** Pages per call: faxpeer bench-gateway's default, and what the resource holds. */
  public static final int PAGES = 3;
  private static final int SAMPLES_PER_TICK = 160;
  /** After both ends are finished, as faxpeer: "give the last frames 1 s to drain". */
  private static final int DRAIN_TICKS = 50;
  /** The in-memory T.38 between the sender and the gateway: nothing is lost, so no error recovery. */
  private static final T38Relay.LegConfig T38 = new T38Relay.LegConfig(3, UdptlErrorCorrection.NONE, 0, 0, 0, 3, 3,
      1400);
  /** The receiving terminal's playout delay, 20 ms frames: the node's default (media.jitter_ms 60). */
  private static final int DELAY_FRAMES = 3;
  /** Lines of the T.30 log kept per call, for the message when it fails. */
  private static final int LOG_LINES = 60;

  /**
   * What to run.
   *
   * @param modem the modem family offered by both ends, with the slower ones (faxpeer's {@code --modem}: v17 offers V.17, V.29, V.27ter)
   * @param ecm ECM offered by both ends
   * @param channels chains side by side
   * @param minSeconds simulated seconds each chain runs per timed run at least, in whole calls (0: one call)
   * @param runs timed runs (the median is reported)
   * @param warmupSeconds untimed calls first, for at least this long (and two calls); 0: none
   * @param maxCallSeconds a call not over after this many simulated seconds fails
   */
  public record Settings(FastModem modem, boolean ecm, int channels, double minSeconds, int runs, double warmupSeconds,
      int maxCallSeconds) {
    /** The modems both ends offer. */
    Set<FastModem> modems() {
      return switch (modem) {
        case V17 -> Set.of(FastModem.V17, FastModem.V29, FastModem.V27TER);
        case V29 -> Set.of(FastModem.V29, FastModem.V27TER);
        case V27TER -> Set.of(FastModem.V27TER);
      };
    }

    /** The rate a loss-free call must run at: the modem's fastest. */
    int topRate() {
      return Arrays.stream(DataRate.values()).filter(r -> r.modem() == modem).mapToInt(DataRate::bitRate).max()
          .orElseThrow();
    }
  }

  /**
   * One timed run: the receiving terminals' CPU on the media thread, the CPU of compressing their
   * kept pages (on the page thread), the simulated seconds, calls, and what finishing the files took.
   */
  public record Run(long cpuNanos, long timedCalls, double simSeconds, int calls, long fileCpuNanos,
      long pageCpuNanos) {
    /** The media thread's figure: CPU seconds per simulated second per channel. */
    public double cpuPerSimSecond() {
      return cpuNanos / 1e9 / simSeconds;
    }

    /** The same with the page compression's CPU added (on the page thread, off the media thread). */
    public double withPagesCpuPerSimSecond() {
      return (cpuNanos + pageCpuNanos) / 1e9 / simSeconds;
    }

    /**
     * The same with writing the file added: ImageIO compresses every page for it at the call's end.
     * What spandsp's figure holds: its receiver has libtiff compress each page as the page ends,
     * inside {@code fax_rx}.
     */
    public double withFileCpuPerSimSecond() {
      return (cpuNanos + pageCpuNanos + fileCpuNanos) / 1e9 / simSeconds;
    }
  }

  /**
   * The timed runs, and how the last call went (every call went so, or the run would have failed).
   *
   * @param timerOverheadNanos the cost of one thread-CPU clock read on this JVM (each timed interval holds about one)
   */
  public record Result(List<Run> runs, int warmupCalls, int rate, String coding, boolean ecmUsed, int pages,
      double timerOverheadNanos) {}

  /** A call that did not end as a benchmark's fax must: no figure. */
  public static final class FaxFailed extends RuntimeException {
    FaxFailed(String message) {
      super(message);
    }
  }

  private TerminalBench() {}

  /** Runs as {@code s} says; {@code afterTimedRun} gets each timed run's index after it (faxpeer's turn). */
  public static Result run(Settings s, IntConsumer afterTimedRun) throws IOException {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    mx.setThreadCpuTimeEnabled(true);
    Path dir = Files.createTempDirectory("faxgate-bench-terminal");
    // one page thread for every chain, as a node's page workers serve every session of a media thread
    ExecutorService pageThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "bench-terminal-pages");
      t.setDaemon(true);
      return t;
    });
    try {
      DocumentPages pages = pages(dir);
      int warmupCalls = 0;
      long warmUntil = System.nanoTime() + (long) (s.warmupSeconds() * 1e9);
      while (s.warmupSeconds() > 0 && (System.nanoTime() < warmUntil || warmupCalls < 2)) {
        warmupCalls += runChains(s, pages, dir, mx, pageThread, 0).calls();
      }
      double overhead = timerOverhead(mx);
      List<Run> runs = new ArrayList<>();
      Call[] last = new Call[1];
      for (int i = 0; i < s.runs(); i++) {
        runs.add(runChains(s, pages, dir, mx, pageThread, s.minSeconds(), last));
        afterTimedRun.accept(i);
      }
      Call c = last[0];
      FaxReport r = c.receiver.faxReport();
      PageFormat f = c.receiver.engine().format();
      return new Result(List.copyOf(runs), warmupCalls, r.rate(), f.coding().name(), f.ecm(), r.pages(), overhead);
    } finally {
      pageThread.shutdownNow();
      deleteAll(dir);
    }
  }

  private static Run runChains(Settings s, DocumentPages pages, Path dir, com.sun.management.ThreadMXBean mx,
      ExecutorService pageThread, double minSeconds) {
    return runChains(s, pages, dir, mx, pageThread, minSeconds, new Call[1]);
  }

  /** Every chain runs whole calls until it has run {@code minSeconds} (at least one call), tick by tick in turn. */
  private static Run runChains(Settings s, DocumentPages pages, Path dir, com.sun.management.ThreadMXBean mx,
      ExecutorService pageThread, double minSeconds, Call[] last) {
    long minTicks = (long) Math.ceil(minSeconds * 50);
    Call[] calls = new Call[s.channels()];
    long[] chainTicks = new long[s.channels()];
    int count = 0;
    for (int c = 0; c < calls.length; c++) {
      calls[c] = new Call(s, pages, dir.resolve("rx-" + c + ".tif"), c + 1, mx, pageThread);
      count++;
    }
    long cpu = 0;
    long timed = 0;
    long fileCpu = 0;
    long pageCpu = 0;
    long ticks = 0;
    for (int running = calls.length; running > 0; ) {
      running = 0;
      for (int c = 0; c < calls.length; c++) {
        Call call = calls[c];
        if (call == null) {
          continue;
        }
        call.tick();
        chainTicks[c]++;
        if (call.over()) {
          cpu += call.cpuNanos;
          timed += call.timedCalls;
          ticks += call.ticks;
          fileCpu += call.check(s);
          pageCpu += call.pageCpuNanos.get();
          last[0] = call;
          calls[c] = chainTicks[c] < minTicks ? new Call(s, pages, dir.resolve("rx-" + c + ".tif"), c + 1, mx, pageThread) : null;
          count += calls[c] == null ? 0 : 1;
        } else if (call.ticks >= s.maxCallSeconds() * 50L) {
          throw call.failed("the call was not over after " + s.maxCallSeconds() + " simulated seconds");
        }
        running += calls[c] == null ? 0 : 1;
      }
    }
    return new Run(cpu, timed, ticks * 0.02, count, fileCpu, pageCpu);
  }

  /**
   * One fax through one chain. Its queues carry what each part sent in a tick to the next part,
   * as faxpeer's chain hands audio blocks and IFPs over at once, without loss.
   */
  private static final class Call {
    final T38TerminalProcessor sender;
    final GatewayRelay gateway;
    final AudioTerminalProcessor receiver;
    final TiffPageSink sink;
    final Path file;
    final ArrayDeque<String> log = new ArrayDeque<>();
    final DatagramQueue toReceiver = new DatagramQueue();
    final DatagramQueue toGatewayAudio = new DatagramQueue();
    final DatagramQueue toGatewayT38 = new DatagramQueue();
    final DatagramQueue toSender = new DatagramQueue();
    final DatagramSink gatewayOut;
    final DatagramSink receiverOut;
    final DatagramSink senderOut;
    final DatagramSink intoGateway;
    final DatagramSink intoSender;
    final DatagramSink intoReceiver;
    final com.sun.management.ThreadMXBean mx;
    final ExecutorService pageThread;
    /** CPU the page thread spent compressing this call's kept pages. */
    final AtomicLong pageCpuNanos = new AtomicLong();
    long ticks;
    long finishedAt = -1;
    long cpuNanos;
    long timedCalls;

    Call(Settings s, DocumentPages pages, Path file, long seed, com.sun.management.ThreadMXBean mx,
        ExecutorService pageThread) {
      this.mx = mx;
      this.pageThread = pageThread;
      int audio = MediaProcessor.LEG_A;
      int t38 = MediaProcessor.LEG_B;
      this.file = file;
      this.sender = new T38TerminalProcessor(MediaProcessor.LEG_A, T38,
          TerminalOptions.of(true, "bench t38", s.ecm()).withModems(s.modems()), pages, null, l -> log("tx: " + l));
      this.gateway = new GatewayRelay(audio, G711.PT_PCMU, DELAY_FRAMES, T38, T30Supervisor.Policy.permissive(), 0,
          seed);
      this.sink = new TiffPageSink(new TiffFaxWriter(file, TiffFaxWriter.Compression.T6), task -> pageThread.execute(() -> {
        long t0 = this.mx.getCurrentThreadCpuTime(); // the page thread's own clock
        task.run();
        pageCpuNanos.addAndGet(this.mx.getCurrentThreadCpuTime() - t0);
      }));
      this.receiver = new AudioTerminalProcessor(MediaProcessor.LEG_A, G711.PT_PCMU, DELAY_FRAMES, seed + 1000,
          TerminalOptions.of(false, "bench audio", s.ecm()).withModems(s.modems()), null, sink,
          l -> log("rx: " + l));
      this.gatewayOut = (leg, buf, off, len) -> (leg == audio ? toReceiver : toSender).add(leg, buf, off, len);
      this.receiverOut = (leg, buf, off, len) -> toGatewayAudio.add(audio, buf, off, len);
      this.senderOut = (leg, buf, off, len) -> toGatewayT38.add(t38, buf, off, len);
      this.intoGateway = (leg, buf, off, len) -> gateway.receive(leg, buf, off, len, arrival());
      this.intoSender = (leg, buf, off, len) -> sender.receive(MediaProcessor.LEG_A, buf, off, len, 0);
      this.intoReceiver = (leg, buf, off, len) -> {
        long t0 = this.mx.getCurrentThreadCpuTime();
        receiver.receive(MediaProcessor.LEG_A, buf, off, len, arrival());
        cpuNanos += this.mx.getCurrentThreadCpuTime() - t0;
        timedCalls++;
      };
    }

    private void log(String line) {
      if (log.size() == LOG_LINES) {
        log.removeFirst();
      }
      log.addLast(line);
    }

    /** The RTP clock at this tick: samples since the call began. */
    private int arrival() {
      return (int) (ticks * SAMPLES_PER_TICK);
    }

    /** One 20 ms step: the gateway plays; the terminal hears it and answers (timed); the sender and IFPs move on. */
    void tick() {
      gateway.tick(gatewayOut);
      toReceiver.drainTo(intoReceiver);
      long t0 = mx.getCurrentThreadCpuTime();
      receiver.tick(receiverOut);
      cpuNanos += mx.getCurrentThreadCpuTime() - t0;
      timedCalls++;
      toGatewayAudio.drainTo(intoGateway);
      sender.tick(senderOut);
      toGatewayT38.drainTo(intoGateway);
      toSender.drainTo(intoSender);
      ticks++;
      if (finishedAt < 0 && sender.engine().finished() && receiver.engine().finished()) {
        finishedAt = ticks;
      }
    }

    boolean over() {
      return finishedAt >= 0 && ticks - finishedAt >= DRAIN_TICKS;
    }

    /**
     * Fails unless the fax went as a benchmark's must; then writes the received file (as a session
     * does when its fax is over) and checks its pages. Returns the CPU the file took.
     */
    long check(Settings s) {
      FaxReport rx = receiver.faxReport();
      FaxReport tx = sender.faxReport();
      if (!rx.success() || !tx.success()) {
        throw failed("the fax failed: receiver " + rx.statusStr() + ", sender " + tx.statusStr());
      }
      if (rx.pages() != PAGES) {
        throw failed("the receiver confirmed " + rx.pages() + " of " + PAGES + " pages");
      }
      if (rx.rate() == null || rx.rate() != s.topRate()) {
        throw failed("the fax ran at " + rx.rate() + " bit/s, not " + s.topRate() + " (a fall-back on a loss-free chain)");
      }
      if (receiver.engine().format().ecm() != s.ecm()) {
        throw failed("ECM " + (s.ecm() ? "was asked for and not used" : "was used though not offered"));
      }
      awaitPages();
      long t0 = mx.getCurrentThreadCpuTime();
      int written;
      try {
        written = sink.finish();
      } catch (IOException e) {
        throw new UncheckedIOException("the received file " + file + " could not be written", e);
      }
      long spent = mx.getCurrentThreadCpuTime() - t0;
      try {
        int inFile = written == 0 ? 0 : FaxDocument.open(file).pageCount();
        if (inFile != PAGES) {
          throw failed("the received file has " + inFile + " pages, not " + PAGES);
        }
        Files.delete(file);
      } catch (FaxFileException | IOException e) {
        throw failed("the received file cannot be read back: " + e.getMessage());
      }
      return spent;
    }

    /** Lets the page thread compress what this call kept, so that its CPU is counted there and not in the file's. */
    private void awaitPages() {
      try {
        pageThread.submit(() -> { }).get(); // one thread, in order: every page task before this one is done
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failed("interrupted while the pages were compressed");
      } catch (ExecutionException e) {
        throw failed("the page thread failed: " + e.getCause());
      }
    }

    FaxFailed failed(String why) {
      return new FaxFailed(why + " (after " + ticks / 50 + " simulated s; last T.30 steps:\n  "
          + String.join("\n  ", log) + ")");
    }
  }

  /** The faxpeer test pages, decoded for sending (the sender codes them in the DCS's coding per call, untimed). */
  private static DocumentPages pages(Path dir) throws IOException {
    Path file = dir.resolve("tx.tif");
    try (InputStream in = TerminalBench.class.getResourceAsStream(PAGES_RESOURCE)) {
      if (in == null) {
        throw new IOException("the bench pages " + PAGES_RESOURCE + " are not on the class path");
      }
      Files.copy(in, file);
    }
    try {
      FaxDocument doc = FaxDocument.open(file);
      if (doc.pageCount() != PAGES) {
        throw new IOException(PAGES_RESOURCE + " has " + doc.pageCount() + " pages, not " + PAGES);
      }
      return DocumentPages.load(List.of(doc), ZonedDateTime.now(), "bench t38", "");
    } catch (FaxFileException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** What one thread-CPU clock read costs here (faxpeer prints its own as timer_overhead_ns_per_call). */
  private static double timerOverhead(com.sun.management.ThreadMXBean mx) {
    int n = 20_000;
    long sink = 0;
    long t0 = mx.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      sink += mx.getCurrentThreadCpuTime();
    }
    long spent = mx.getCurrentThreadCpuTime() - t0;
    return sink == 42 ? 0 : (double) spent / n;
  }

  private static void deleteAll(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
