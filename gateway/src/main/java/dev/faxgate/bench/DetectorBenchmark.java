package dev.faxgate.bench;

import dev.faxgate.detect.CedDetector;
import dev.faxgate.detect.CngDetector;
import dev.faxgate.detect.DetectorEvents;
import dev.faxgate.detect.ToneDetector;
import dev.faxgate.detect.V21PreambleDetector;
import dev.faxgate.dsp.AwgnGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench-detect}: the CPU cost of each tone detector per second of audio, beside spandsp's
 * for the same kind of signal measured in the same run.
 *
 * <pre>
 *   DetectorBenchmark [cng|ced|v21preamble ...] [--seconds S] [--runs N] [--dither] [--faxpeer PATH]
 * </pre>
 *
 * <p>The signals are those of faxpeer's {@code bench-detect} (see {@link Signals}): CNG bursts
 * (0.5 s of 1100 Hz at -11 dBm0, 3 s of digital silence), CED bursts (0.2 s silence, 2.6 s of
 * 2100 Hz at -11 dBm0, 1 s silence) and V.21 flags (1 s at -14 dBm0, 0.5 s silence). The
 * detectors first run over their whole signals five times each, untimed and interleaved (JIT
 * warm-up), then {@code --runs} timed passes of each in 160-sample blocks measure thread CPU time
 * ({@code ThreadMXBean.getCurrentThreadCpuTime}) and bytes allocated by the thread
 * ({@code getCurrentThreadAllocatedBytes}); the median run of each is reported. After each timed pass,
 * 0.3 s of silence is fed untimed so that a CNG burst cut by the end of the signal is counted
 * (Faxgate reports CNG once 200 ms of silence follow the burst). {@code --dither} adds ±1 LSB of
 * noise, as faxpeer's option does.
 *
 * <p>When {@code --faxpeer} or the environment variable {@code FAXPEER} names the faxpeer
 * binary, {@code faxpeer bench-detect TONE --seconds S --runs N [--dither]} runs right after
 * and a comparison line gives the ratio (ours / spandsp's; below 1 means cheaper).
 *
 * <p>Output: one JSON line per detector ({@code "role":"bench-detect"}) and, with faxpeer, one
 * per comparison ({@code "role":"bench-detect-compare"}).
 */
public final class DetectorBenchmark {

  /** Samples per block, as a 20 ms media frame. */
  public static final int BLOCK = 160;
  private static final int WARM_UP_PASSES = 5;
  private static final short[] FLUSH = new short[2400];
  private static final Pattern US_PER_SECOND = Pattern.compile("\"us_per_audio_second\"\\s*:\\s*([0-9.eE+-]+)");

  private DetectorBenchmark() {
  }

  /** Runs the benchmark with the command-line arguments; prints JSON lines on stdout. */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /** Runs the benchmark, printing to {@code out}; returns the exit status (0 ok, 2 usage). */
  public static int run(String[] args, PrintStream out) {
    double seconds = 60.0;
    int runs = 3;
    boolean dither = false;
    String faxpeer = System.getenv("FAXPEER");
    List<String> tones = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--seconds":
            seconds = Double.parseDouble(args[++i]);
            break;
          case "--runs":
            runs = Integer.parseInt(args[++i]);
            break;
          case "--dither":
            dither = true;
            break;
          case "--faxpeer":
            faxpeer = args[++i];
            break;
          case "cng":
          case "ced":
          case "v21preamble":
            tones.add(args[i]);
            break;
          default:
            throw new IllegalArgumentException("bad argument " + args[i]);
        }
      }
      if (!(seconds >= 1 && seconds <= 3600) || runs < 1 || runs > 15) {
        throw new IllegalArgumentException("need --seconds 1..3600 and --runs 1..15");
      }
    } catch (RuntimeException e) {
      String why = String.valueOf(e.getMessage()).replace('"', '\'');
      out.println("{\"role\":\"bench-detect\",\"status\":\"ERROR\",\"error\":\"" + why + "\",\"usage\":"
          + "\"bench-detect [cng|ced|v21preamble ...] [--seconds S] [--runs N] [--dither] [--faxpeer PATH]\"}");
      return 2;
    }
    if (tones.isEmpty()) {
      tones.addAll(List.of("cng", "ced", "v21preamble"));
    }
    boolean compare = faxpeer != null && !faxpeer.isEmpty();
    SameCpu cpu = compare ? SameCpu.pinCurrentThread() : SameCpu.NONE;
    for (Result r : measure(tones, seconds, runs, dither)) {
      out.println(r.json());
      if (compare) {
        out.println(compare(cpu, faxpeer, r, seconds, runs, dither));
      }
    }
    return 0;
  }

  /** One detector's measurement. */
  public static final class Result {
    final String tone;
    final String detector;
    final double seconds;
    final double[] usPerSecond;
    final double median;
    final double bytesPerBlock;
    final int bursts;
    final long detections;
    final long firstDetection;
    final boolean dither;

    Result(String tone, String detector, double seconds, double[] usPerSecond, double bytesPerBlock,
        int bursts, long detections, long firstDetection, boolean dither) {
      this.tone = tone;
      this.detector = detector;
      this.seconds = seconds;
      this.usPerSecond = usPerSecond;
      this.median = median(usPerSecond);
      this.bytesPerBlock = bytesPerBlock;
      this.bursts = bursts;
      this.detections = detections;
      this.firstDetection = firstDetection;
      this.dither = dither;
    }

    /** Median µs of CPU per second of audio. */
    public double usPerAudioSecond() {
      return median;
    }

    /** Bytes allocated per 160-sample block in the median timed pass. */
    public double bytesPerBlock() {
      return bytesPerBlock;
    }

    /** Detections in the last timed pass. */
    public long detections() {
      return detections;
    }

    /** Bursts of the signal in the input. */
    public int bursts() {
      return bursts;
    }

    String json() {
      StringBuilder runsJson = new StringBuilder("[");
      for (int i = 0; i < usPerSecond.length; i++) {
        runsJson.append(i == 0 ? "" : ",").append(fmt(usPerSecond[i]));
      }
      runsJson.append(']');
      return "{\"role\":\"bench-detect\",\"status\":\"" + (detections > 0 ? "OK" : "FAILED")
          + "\",\"tone\":\"" + tone + "\",\"detector\":\"" + detector + "\",\"seconds\":"
          + fmt(seconds) + ",\"block_samples\":" + BLOCK + ",\"runs\":" + usPerSecond.length
          + ",\"clock\":\"ThreadMXBean.getCurrentThreadCpuTime\",\"us_per_audio_second\":"
          + fmt(median) + ",\"runs_us_per_audio_second\":" + runsJson
          + ",\"bytes_allocated_per_block\":" + fmt(bytesPerBlock) + ",\"dither\":" + dither
          + ",\"bursts\":" + bursts + ",\"detections\":" + detections
          + ",\"first_detection_sample\":" + firstDetection + "}";
    }
  }

  /** One detector and its signal, ready to time. */
  static final class Case {
    final String tone;
    final short[] signal;
    final ToneDetector detector;
    final int bursts;
    final boolean dither;

    Case(String tone, double seconds, boolean dither) {
      this.tone = tone;
      this.dither = dither;
      switch (tone) {
        case "cng":
          signal = Signals.cng(seconds, -11.0, 500, 3000);
          detector = new CngDetector();
          bursts = (int) Math.ceil(seconds / 3.5);
          break;
        case "ced":
          signal = Signals.cedBursts(seconds, -11.0);
          detector = new CedDetector();
          bursts = (int) Math.ceil((seconds - 0.2) / 3.8);
          break;
        case "v21preamble":
          signal = Signals.v21Bursts(seconds, -14.0);
          detector = new V21PreambleDetector();
          bursts = (int) Math.ceil(seconds / 1.5);
          break;
        default:
          throw new IllegalArgumentException("bad tone " + tone);
      }
      if (dither) {
        AwgnGenerator u = new AwgnGenerator(0x2545F4914F6CDD1DL, 0);
        for (int i = 0; i < signal.length; i++) {
          int v = signal[i] + (int) (u.nextUniform() * 3.0) - 1;
          signal[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
      }
    }
  }

  /**
   * Measures the detectors of {@code tones}: all of them are warmed up together first (the
   * detection verticle runs them side by side in one JVM, and they share code such as the
   * baseband front end and the IIR cascade, so the JIT should see them all before any is timed),
   * then each is timed in turn.
   */
  public static List<Result> measure(List<String> tones, double seconds, int runs, boolean dither) {
    List<Case> cases = new ArrayList<>();
    for (String t : tones) {
      cases.add(new Case(t, seconds, dither));
    }
    ThreadMXBean mx = threadBean();
    for (int w = 0; w < WARM_UP_PASSES; w++) {
      for (Case c : cases) {
        pass(c.detector, c.signal);
      }
    }
    List<Result> results = new ArrayList<>();
    for (Case c : cases) {
      results.add(time(c, seconds, runs, mx));
    }
    return results;
  }

  private static Result time(Case c, double seconds, int runs, ThreadMXBean mx) {
    double[] us = new double[runs];
    double[] bytes = new double[runs];
    long blocks = (c.signal.length + BLOCK - 1) / BLOCK;
    long firstDetection = -1;
    for (int r = 0; r < runs; r++) {
      c.detector.reset();
      long a0 = allocated(mx);
      long t0 = mx.getCurrentThreadCpuTime();
      long first = pass(c.detector, c.signal);
      long t1 = mx.getCurrentThreadCpuTime();
      long a1 = allocated(mx);
      // Untimed: 0.3 s of silence, so that a CNG burst ending with the signal is still reported
      // (the cadence rule wants 200 ms without the tone after a burst).
      c.detector.process(FLUSH, 0, FLUSH.length);
      us[r] = (t1 - t0) / 1000.0 / seconds;
      bytes[r] = (double) (a1 - a0) / blocks;
      firstDetection = first;
    }
    return new Result(c.tone, c.detector.getClass().getSimpleName(), seconds, us,
        median(bytes), c.bursts, c.detector.events().detections(), firstDetection, c.dither);
  }

  /** One pass in 160-sample blocks; returns the first detection's block start, or -1. */
  private static long pass(ToneDetector detector, short[] signal) {
    detector.reset();
    long first = -1;
    DetectorEvents ev = detector.events();
    for (int off = 0; off < signal.length; off += BLOCK) {
      int n = detector.process(signal, off, Math.min(BLOCK, signal.length - off));
      if (first < 0 && n > 0) {
        for (int i = 0; i < n; i++) {
          if (ev.kind(i).isDetection()) {
            first = off;
            break;
          }
        }
      }
    }
    return first;
  }

  private static String compare(SameCpu cpu, String faxpeer, Result ours, double seconds, int runs, boolean dither) {
    List<String> cmd = new ArrayList<>(Arrays.asList(faxpeer, "bench-detect", ours.tone,
        "--seconds", fmt(seconds), "--runs", Integer.toString(runs)));
    if (dither) {
      cmd.add("--dither");
    }
    String line;
    try {
      Process p = new ProcessBuilder(cpu.command(cmd)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] stdout = p.getInputStream().readAllBytes();
      if (!p.waitFor(600, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      String text = new String(stdout, StandardCharsets.UTF_8).trim();
      line = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1);
    } catch (IOException e) {
      return "{\"role\":\"bench-detect-compare\",\"tone\":\"" + ours.tone
          + "\",\"status\":\"ERROR\",\"error\":\"cannot run faxpeer: " + e.getMessage().replace('"', '\'') + "\"}";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "{\"role\":\"bench-detect-compare\",\"tone\":\"" + ours.tone + "\",\"status\":\"ERROR\"}";
    }
    Matcher m = US_PER_SECOND.matcher(line);
    if (!m.find()) {
      return "{\"role\":\"bench-detect-compare\",\"tone\":\"" + ours.tone
          + "\",\"status\":\"ERROR\",\"error\":\"no us_per_audio_second in faxpeer's output\"}";
    }
    double theirs = Double.parseDouble(m.group(1));
    return "{\"role\":\"bench-detect-compare\",\"status\":\"OK\",\"tone\":\"" + ours.tone
        + "\",\"faxgate_detector\":\"" + ours.detector + "\",\"faxgate_us_per_audio_second\":"
        + fmt(ours.median) + ",\"spandsp_us_per_audio_second\":" + fmt(theirs)
        + ",\"ratio_faxgate_to_spandsp\":" + (theirs > 0 ? fmt(ours.median / theirs) : "null")
        + ",\"faxgate_bytes_allocated_per_block\":" + fmt(ours.bytesPerBlock)
        + ",\"dither\":" + dither + ",\"cpu\":" + (cpu == SameCpu.NONE ? "null" : cpu.cpu())
        + ",\"spandsp\":" + line + "}";
  }

  private static ThreadMXBean threadBean() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    if (mx.isThreadCpuTimeSupported() && !mx.isThreadCpuTimeEnabled()) {
      mx.setThreadCpuTimeEnabled(true);
    }
    // The first calls may initialise lazily (and allocate): keep that out of the measurement.
    for (int i = 0; i < 3; i++) {
      mx.getCurrentThreadCpuTime();
      allocated(mx);
    }
    return mx;
  }

  private static long allocated(ThreadMXBean mx) {
    if (mx instanceof com.sun.management.ThreadMXBean) {
      return ((com.sun.management.ThreadMXBean) mx).getCurrentThreadAllocatedBytes();
    }
    return 0;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return (n % 2 == 1) ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
