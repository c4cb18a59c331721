package dev.faxgate.bench;

import dev.faxgate.modem.BitSink;
import dev.faxgate.modem.BitSource;
import dev.faxgate.modem.ModemRx;
import dev.faxgate.modem.ModemStatus;
import dev.faxgate.modem.ModemTx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The cost of one modem, as faxpeer's bench-modem measures spandsp's: S seconds of the modem's own
 * signal carrying a seeded random payload from the first bit after the long training (no turn-off),
 * made once untimed; then the receiver decoding it and the transmitter producing it again, each in
 * 160-sample blocks, with the thread's CPU time read before and after the whole run (making the
 * modem is outside). Untimed warm-up runs for 2 s of wall time first (JIT), then N timed runs with a fresh
 * modem; the median is reported, and the bytes the thread allocated per block.
 */
public final class ModemBench {
  public static final int BLOCK = 160;
  /** Wall time of untimed warm-up runs before the timed ones (C2 compiles the hot loops). */
  public static final long WARMUP_NANOS = 2_000_000_000L;
  private static final int SAMPLE_RATE = 8000;

  private ModemBench() {}

  /** The figures of one modem and rate. */
  public record Result(double rxUsPerSecond, double txUsPerSecond, double[] rxRuns, double[] txRuns,
      double rxBytesPerBlock, double txBytesPerBlock, long bitsSent, long bitsReceived, long bitErrors,
      long trainedAtSample) {}

  /** A bit source of seeded random bits that never ends. */
  static final class RandomBits implements BitSource {
    final byte[] bits;
    int pos;

    RandomBits(int max, long seed) {
      bits = new byte[max];
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = 0; i < max; i++) {
        bits[i] = (byte) r.nextInt(2);
      }
    }

    @Override
    public int getBit() {
      int b = bits[pos % bits.length];
      pos++;
      return b;
    }
  }

  /** Counts the bits after "training succeeded" and compares them with the payload. */
  static final class Checker implements BitSink {
    final byte[] want;
    long received;
    long errors;
    boolean inData;
    long sample;
    long trainedAt = -1;

    Checker(byte[] want) {
      this.want = want;
    }

    @Override
    public void putBit(int bit) {
      if (!inData) {
        return;
      }
      if (received < want.length && want[(int) received] != (bit & 1)) {
        errors++;
      }
      received++;
    }

    @Override
    public void status(ModemStatus status) {
      if (status == ModemStatus.TRAINING_SUCCEEDED && !inData) {
        inData = true;
        trainedAt = sample;
      }
    }
  }

  public static Result run(Function<BitSource, ModemTx> txFactory, Function<BitSink, ModemRx> rxFactory,
      double seconds, int runs, long seed) {
    return run(txFactory, rxFactory, seconds, runs, seed, run -> { });
  }

  /**
   * As {@link #run(Function, Function, double, int, long)}, calling {@code afterTimedRun} with the
   * run's index after each timed run (outside the timing): a reference measured there sees the
   * machine as it was during that run.
   */
  public static Result run(Function<BitSource, ModemTx> txFactory, Function<BitSink, ModemRx> rxFactory,
      double seconds, int runs, long seed, IntConsumer afterTimedRun) {
    int samples = (int) Math.round(seconds * SAMPLE_RATE);
    samples -= samples % BLOCK;
    RandomBits src = new RandomBits(samples * 2 + 1000, seed);
    short[] signal = new short[samples];
    ModemTx tx0 = txFactory.apply(src);
    for (int k = 0; k < samples; k += BLOCK) {
      tx0.tx(signal, k, BLOCK);
    }
    long sent = src.pos;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] rxRuns = new double[runs];
    double[] txRuns = new double[runs];
    double rxAlloc = 0;
    double txAlloc = 0;
    Checker last = null;
    short[] out = new short[BLOCK];
    // JIT warm-up: untimed runs until WARMUP_NANOS of wall time have gone (at least 3), then the timed runs
    long warmEnd = System.nanoTime() + WARMUP_NANOS;
    int warm = 0;
    for (int run = -1; run < runs; run++) {
      if (run == -1 && (warm++ < 3 || System.nanoTime() < warmEnd)) {
        run = -2; // the loop's run++ makes it -1 again: another warm-up run
      }
      Checker c = new Checker(src.bits);
      ModemRx rx = rxFactory.apply(c);
      long a0 = allocated(mx);
      long t0 = mx.getCurrentThreadCpuTime();
      receive(rx, c, signal, samples);
      long t1 = mx.getCurrentThreadCpuTime();
      long a1 = allocated(mx);
      int[] pos = {0};
      byte[] bits = src.bits;
      ModemTx tx = txFactory.apply(() -> bits[pos[0]++ % bits.length]);
      long a2 = allocated(mx);
      long t2 = mx.getCurrentThreadCpuTime();
      transmit(tx, out, samples);
      long t3 = mx.getCurrentThreadCpuTime();
      long a3 = allocated(mx);
      if (run >= 0) {
        rxRuns[run] = (t1 - t0) / 1e3 / seconds;
        txRuns[run] = (t3 - t2) / 1e3 / seconds;
        rxAlloc = Math.max(rxAlloc, (double) (a1 - a0) / (samples / BLOCK));
        txAlloc = Math.max(txAlloc, (double) (a3 - a2) / (samples / BLOCK));
        afterTimedRun.accept(run);
      }
      last = c;
    }
    return new Result(median(rxRuns), median(txRuns), rxRuns, txRuns, rxAlloc, txAlloc, sent,
        last.received, last.errors, last.trainedAt);
  }

  /*
   * The timed loops are methods of their own, compiled as a gateway's per-block calls are: inside
   * run() they were compiled on-stack-replaced with the modem inlined, and that code was thrown away
   * (JFR: an unstable_if deoptimization) when the warm-up ended and the branch on the run number
   * turned, so the timed runs measured whatever was compiled next.
   */

  private static void receive(ModemRx rx, Checker c, short[] signal, int samples) {
    for (int k = 0; k < samples; k += BLOCK) {
      c.sample = k;
      rx.rx(signal, k, BLOCK);
    }
  }

  private static void transmit(ModemTx tx, short[] out, int samples) {
    for (int k = 0; k < samples; k += BLOCK) {
      tx.tx(out, 0, BLOCK);
    }
  }

  private static long allocated(ThreadMXBean mx) {
    if (mx instanceof com.sun.management.ThreadMXBean sun) {
      return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
    return 0;
  }

  public static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
