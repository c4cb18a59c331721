package dev.faxgate.modem;

/**
 * The T.30 trainability check (TCF): a {@link BitSink} for the fast receiver that, once the
 * training has succeeded, counts the bits of the burst that should all be 0 (1.5 s of zeros at the
 * negotiated rate after the long training, T.30 §5.3.6.2.2 / docs/dsp.md §5.4) and judges them.
 *
 * <h2>What it reports</h2>
 * Bits received since {@link ModemStatus#TRAINING_SUCCEEDED} (or {@link #start}), the 1s among them
 * (bit errors, since every bit should be 0), the longest run of 0s, the fraction of 1s, and a
 * verdict. Counting stops at {@link ModemStatus#CARRIER_DOWN}; {@link #done()} says so.
 * <p>The receivers also deliver the bits of the sender's turn-off and of the carrier tail before
 * their carrier drops (a few hundred bits, mostly 1s, on a clean line), so {@link #ones()} over the
 * whole burst is not an error count. The fraction of 1s ({@link #windowOnes()},
 * {@link #onesFraction()}) is therefore taken over the first {@value #WINDOW_SECONDS} s of bits only:
 * TCF lasts 1.5 s ± 10 %, so those bits are TCF whatever the sender's tolerance.
 *
 * <h2>The rule</h2>
 * T.30 leaves the decision to the receiver. This class uses spandsp's rule ({@code t30.c}, state
 * {@code T30_STATE_F_TCF}: the longest run of zeros must be at least {@code bit_rate} bits, i.e.
 * 1 s of the 1.5 s burst, else FTT) and adds an optional limit on the fraction of 1s over the whole
 * burst's first {@value #WINDOW_SECONDS} s: {@link #ok()} is true when
 * <pre>  longestZeroRun >= minZeroRunSeconds * bitRate  &&  onesFraction() <= maxOnesFraction</pre>
 * The defaults ({@link #DEFAULT_MIN_ZERO_RUN_SECONDS} = 1.0, {@link #DEFAULT_MAX_ONES_FRACTION} =
 * 1.0, i.e. no limit) give spandsp's rule exactly; a stricter gateway can ask for, say, a 1e-3
 * error fraction as well. The run needs at least 1 s of bits, so a burst cut short fails too.
 * Nothing is allocated per bit. Not thread-safe.
 */
public final class TcfCheck implements BitSink {
  /** spandsp: the longest run of zeros must last at least 1 s (bit_rate bits). */
  public static final double DEFAULT_MIN_ZERO_RUN_SECONDS = 1.0;
  /** No limit on the fraction of 1s (spandsp has none). */
  public static final double DEFAULT_MAX_ONES_FRACTION = 1.0;
  /** The 1s are counted for the error fraction over this long from the start: 1.5 s - 10 %. */
  public static final double WINDOW_SECONDS = 1.35;

  private int bitRate;
  private final double minZeroRunSeconds;
  private final double maxOnesFraction;

  private boolean counting;
  private boolean done;
  private long bits;
  private long ones;
  private long run;
  private long longestRun;
  private long windowBits;
  private long windowOnes;

  /** spandsp's rule at {@code bitRate}. */
  public TcfCheck(int bitRate) {
    this(bitRate, DEFAULT_MIN_ZERO_RUN_SECONDS, DEFAULT_MAX_ONES_FRACTION);
  }

  /**
   * @param bitRate the negotiated bit rate
   * @param minZeroRunSeconds the longest run of 0s must last at least this long (spandsp: 1.0)
   * @param maxOnesFraction at most this fraction of the bits may be 1 (1.0: no limit)
   */
  public TcfCheck(int bitRate, double minZeroRunSeconds, double maxOnesFraction) {
    if (bitRate <= 0 || minZeroRunSeconds < 0 || maxOnesFraction < 0) {
      throw new IllegalArgumentException("bad TCF check parameters");
    }
    this.bitRate = bitRate;
    this.minZeroRunSeconds = minZeroRunSeconds;
    this.maxOnesFraction = maxOnesFraction;
  }

  /** Forgets everything and waits for the next training at {@code bitRate}. */
  public void restart(int bitRate) {
    if (bitRate <= 0) {
      throw new IllegalArgumentException("bad bit rate " + bitRate);
    }
    this.bitRate = bitRate;
    counting = false;
    done = false;
    clear();
  }

  /** Starts counting now (as a training success does). */
  public void start() {
    clear();
    counting = true;
    done = false;
  }

  private void clear() {
    bits = 0;
    ones = 0;
    run = 0;
    longestRun = 0;
    windowOnes = 0;
    windowBits = Math.round(WINDOW_SECONDS * bitRate);
  }

  @Override
  public void putBit(int bit) {
    if (!counting) {
      return;
    }
    bits++;
    if (bit != 0) {
      ones++;
      if (bits <= windowBits) {
        windowOnes++;
      }
      run = 0;
    } else if (++run > longestRun) {
      longestRun = run;
    }
  }

  @Override
  public void status(ModemStatus status) {
    if (status == ModemStatus.TRAINING_SUCCEEDED) {
      start();
    } else if (status == ModemStatus.CARRIER_DOWN && counting) {
      counting = false;
      done = true;
    }
  }

  /** The bit rate judged against. */
  public int bitRate() {
    return bitRate;
  }

  /** Whether the burst has ended (carrier down after a training success). */
  public boolean done() {
    return done;
  }

  /** Bits received since the training succeeded. */
  public long bits() {
    return bits;
  }

  /** 1 bits received over the whole burst, the turn-off and carrier tail included. */
  public long ones() {
    return ones;
  }

  /** The longest run of 0 bits. */
  public long longestZeroRun() {
    return longestRun;
  }

  /** 1 bits among the first {@value #WINDOW_SECONDS} s of bits: bit errors, as every TCF bit is 0. */
  public long windowOnes() {
    return windowOnes;
  }

  /** The fraction of 1s over the first {@value #WINDOW_SECONDS} s of bits (or all, if fewer came; 0 if none). */
  public double onesFraction() {
    long n = Math.min(bits, windowBits);
    return n == 0 ? 0.0 : (double) windowOnes / n;
  }

  /** The verdict: true for CFR, false for FTT (see the class comment for the rule). */
  public boolean ok() {
    return bits > 0
        && longestRun >= (long) Math.ceil(minZeroRunSeconds * bitRate)
        && onesFraction() <= maxOnesFraction;
  }

  @Override
  public String toString() {
    return String.format(
        "TCF at %d bit/s: %d bits, %d ones (%d in the first %.2f s: %.2e), longest zero run %d (%.3f s): %s",
        bitRate, bits, ones, windowOnes, WINDOW_SECONDS, onesFraction(), longestRun, (double) longestRun / bitRate,
        ok() ? "OK" : "FAIL");
  }
}
