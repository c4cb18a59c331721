package dev.faxgate.modem;

import dev.faxgate.dsp.FilterDesign;
import dev.faxgate.dsp.Nco;
import dev.faxgate.dsp.PowerMeter;

/**
 * V.27ter demodulator, 4800 bit/s (1600 baud, 8-phase DPSK) and 2400 bit/s (1200 baud, 4-phase
 * DPSK), 1800 Hz carrier.
 *
 * <h2>How it works</h2>
 * <ol>
 *   <li><b>Front end.</b> The signal is mixed to baseband by a table NCO at 1800 Hz into linear
 *       double-written delay lines. The root-raised-cosine matched filter (roll-off 0.5,
 *       {@value #MF_SPAN} symbols long: 10 gave the same BER) is evaluated only at the wanted
 *       instants, two per symbol (T/2), from a {@value #MF_PHASES}-phase table: the filter is also
 *       the timing interpolator.</li>
 *   <li><b>Carrier detect.</b> The in-band power (from the matched-filter output at the T/2
 *       instants, which run with or without carrier, so out-of-band noise does not hold the carrier
 *       up; smoothed with the per-instant equivalent of a 1/32 per-sample filter) is compared with
 *       the cut-off (default {@value #DEFAULT_CUTOFF_DBM0} dBm0); it goes down
 *       {@value CarrierDetect#HYSTERESIS_DB} dB below it after {@value #OFF_HOLD_SAMPLES} samples
 *       ({@link CarrierDetect}).</li>
 *   <li><b>AGC.</b> The gain follows the in-band power while training and is frozen when the training
 *       succeeds.</li>
 *   <li><b>Symbol timing.</b> A Gardner detector on the T/2 strobes moves the filter's instant (no
 *       abrupt resampling).</li>
 *   <li><b>Equaliser.</b> A {@value #EQ_TAPS}-tap T/2 complex LMS equaliser, centre tap 1: trained
 *       on the known symbols of segment 4 (which the receiver regenerates from the scrambler fed
 *       with ones), then decision-directed with a smaller step ({@link T2Equaliser}: a symbol's
 *       update is applied in the next symbol's output pass).</li>
 *   <li><b>Carrier recovery.</b> A decision-directed second-order PLL on the equaliser output.</li>
 *   <li><b>Training.</b> Segment 3's reversals are recognised, the first non-reversal fixes the
 *       start of segment 4 (once its first symbols confirm it), which is checked symbol by symbol
 *       against the regenerated sequence;
 *       after segment 5 the descrambler is loaded with the transmitter's state, so the first bit
 *       delivered after {@link ModemStatus#TRAINING_SUCCEEDED} is the first data bit. Too many
 *       mismatches in segment 4 report {@link ModemStatus#TRAINING_FAILED}.</li>
 *   <li><b>Rate recognition.</b> While looking for segment 3, 10 ms windows of the baseband
 *       signal are correlated with the reversal tone pairs of both rates (1800 &plusmn; 800 Hz at
 *       1600 baud, &plusmn; 600 Hz at 1200 baud); a window whose power is mostly one pair decides
 *       {@link #detectedRate()}, and the receiver switches to that rate (matched filter, symbol
 *       clock, training sequence) unless {@link #autoRate autoRate(false)} keeps the rate given to
 *       {@link #restart}. The delay line is long enough for both filters, so the switch keeps it.</li>
 *   <li><b>Fill-in.</b> {@link #fillIn} runs the clocks over zeros with every loop frozen and the
 *       carrier held up; the bits of the gap come out (as garbage) so the bit count stays right.</li>
 * </ol>
 * Nothing is allocated after construction. Not thread-safe.
 */
public final class V27terRx implements ModemRx {
  /** The default carrier-detect cut-off, dBm0. */
  public static final double DEFAULT_CUTOFF_DBM0 = CarrierDetect.SPANDSP_CUTOFF_DBM0;
  static final int OFF_HOLD_SAMPLES = 80;
  static final int EQ_TAPS = 18;
  private static final int EQ_CENTRE = 8;
  /** The matched filter's length, in symbols. */
  static final int MF_SPAN = 6;
  /** Phases of the matched-filter table (the instant is rounded to 1/64 of a sample). */
  static final int MF_PHASES = 64;
  private static final double POWER_ALPHA = 1.0 / 32;
  /** Reversals in a row that mean segment 3. */
  private static final int MIN_REVERSALS = 10;
  /** Segment 4 passes with fewer wrong symbols than this. */
  private static final int MAX_SEG4_ERRORS = 100;
  /**
   * Segment 4's first {@value #SEG4_CONFIRM} symbols confirm its start: the loops follow them by
   * decision, not by the known symbols (a segment 4 that has not started would wreck them), and
   * {@value #SEG4_CONFIRM_ERRORS} or more that differ from the known ones mean the non-reversal
   * that seemed to end segment 3 was noise: segment 3 carries on. Before this, about one training
   * in 20 failed at 16-18 dB SNR in spandsp's V.27ter 4800 signals, on a non-reversal read early in
   * segment 3 while the loops were settling.
   */
  private static final int SEG4_CONFIRM = 12;
  private static final int SEG4_CONFIRM_ERRORS = 3;

  /** The receiver's stages, named after the ITU training segments. */
  enum Stage {
    /** No carrier. */
    IDLE,
    /** Carrier up, looking for segment 3 (continuous reversals). */
    SEGMENT_3_REVERSALS,
    /** Following segment 4 against the regenerated sequence. */
    SEGMENT_4_SCRAMBLED_REVERSALS,
    /** Segment 5: scrambled ones. */
    SEGMENT_5_SCRAMBLED_ONES,
    /** Delivering data. */
    DATA,
    /** Training failed: waiting for the carrier to drop. */
    TRAINING_FAILED
  }

  private final BitSink sink;
  private int bitRate;
  private int rxRate;
  private boolean autoRate = true;
  /** Rate detector: 200 Hz steps (600 = 3 steps, 800 = 4 steps) over a 10 ms window. */
  private static final int RATE_WINDOW = 80;
  /** One tone pair must be this much stronger than the other. */
  private static final double RATE_RATIO = 4.0;
  private static final int RATE_STEP = Nco.phaseRate(200.0);
  private int rateCount;
  private int ratePhase;
  private double rateEnergy;
  private double c800pr;
  private double c800pi;
  private double c800mr;
  private double c800mi;
  private double c600pr;
  private double c600pi;
  private double c600mr;
  private double c600mi;
  private int bitsPerSymbol;
  private double halfT; // samples per half symbol

  // matched filters (per rate, per phase) and their delay lines
  private static final double[][] MF_4800;
  private static final double[][] MF_2400;
  private double[][] mf;
  private final double[] dlRe;
  private final double[] dlIm;
  private int dlPos;
  /** The delay line's length (it is double-written). */
  private final int dlLen;
  /** The longer filter's taps (the hold after a fill-in). */
  private static final int MF_LEN;
  /** The current rate's row length, a multiple of four (zeros past its own taps). */
  private int mfTaps;
  private static final int MF_TAPS_4800;
  private static final int MF_TAPS_2400;
  private double powerAlpha;
  private double slowAlpha;
  private final int carrierRate = Nco.phaseRate(V27terTx.CARRIER_HZ);
  private int carrierPhase;

  /** Where the next T/2 instant is, in samples relative to the newest input (see sample). */
  private double nextRel;
  private boolean onSymbol;
  private double midRe;
  private double midIm;
  private double prevRe;
  private double prevIm;

  // power and carrier detect
  private double power; // smoothed |mf|^2
  /** The in-band power's recent floor: follows a fall at once, a rise over about 40 ms. */
  private double floorPower;
  private static final double SLOW_ALPHA = 1.0 / 320;
  private static final double JUMP_RATIO = 4.0;
  private static final double MAX_FREQ = 0.1;
  /** The part of segment 3's power the matched filter passes. */
  private static final double REVERSAL_FRACTION = 0.5;
  /**
   * A carrier of mean square ms gives ms/2 at the matched filter's output (unit DC gain); the
   * reversals of segment 3 sit at the filter's band edges (half power), so the levels are set
   * for them: a signal at the cut-off brings the carrier up from its first segment.
   */
  private final CarrierDetect carrier =
      new CarrierDetect(DEFAULT_CUTOFF_DBM0, REVERSAL_FRACTION / 2, false, 0, OFF_HOLD_SAMPLES);
  private double agcGain;
  private boolean agcFrozen;
  private int hold; // samples with loops frozen (fill-in)

  private final T2Equaliser eq = new T2Equaliser(EQ_TAPS);
  private double eqMu;

  // carrier PLL
  private double theta;
  private double freq;
  private double pllAlpha;
  private double pllBeta;
  private double timingGain;

  // training
  private Stage stage = Stage.IDLE;
  private int reversals;
  private int seg4Pos;
  private int seg4Errors;
  /** Symbols of segment 4 followed so far. */
  private int seg4Count;
  /** Reversals in a row at the end of the symbols followed as segment 4 (for a fall back). */
  private int seg4TrailingReversals;
  private int seg5Count;
  private int lastState;
  private static final int[] SEG4_STEPS_4800;
  private static final int[] SEG4_STEPS_2400;
  private static final V27terScrambler AFTER_4800 = new V27terScrambler();
  private static final V27terScrambler AFTER_2400 = new V27terScrambler();
  private final V27terScrambler descrambler = new V27terScrambler();
  private int[] seg4Steps;
  private long symbols;

  private int detectedRate;

  // half-symbol slip detection in segment 3
  private static final double SLIP_ALPHA = 0.25;
  private static final int SLIP_MIN_SYMBOLS = 4;
  private static final double SLIP_RATIO = 2.0;
  private double onPower;
  private double midPower;
  private int slipCount;

  /** A 4800 bit/s receiver. */
  public V27terRx(BitSink sink) {
    this(4800, sink);
  }

  // Designed once for every receiver: a session's modem plan makes new ones at each training.
  static {
    int a = taps(1600.0);
    int b = taps(1200.0);
    // the rows have up to three more zeros so the loop can run in fours
    MF_TAPS_4800 = (a + 3) & ~3;
    MF_TAPS_2400 = (b + 3) & ~3;
    MF_4800 = matchedFilter(1600.0, a, MF_TAPS_4800);
    MF_2400 = matchedFilter(1200.0, b, MF_TAPS_2400);
    MF_LEN = Math.max(a, b);
    SEG4_STEPS_4800 = V27terTx.segment4Steps(AFTER_4800, 3);
    SEG4_STEPS_2400 = V27terTx.segment4Steps(AFTER_2400, 2);
  }

  public V27terRx(int bitRate, BitSink sink) {
    this.sink = sink;
    // a row starts 1 or 2 samples back (see sample)
    dlLen = Math.max(MF_TAPS_4800, MF_TAPS_2400) + 2;
    dlRe = new double[2 * dlLen];
    dlIm = new double[2 * dlLen];
    restart(bitRate, false);
  }

  private static int taps(double baud) {
    return (int) Math.round(MF_SPAN * 8000.0 / baud) | 1;
  }

  /**
   * The matched filter by phase: row {@code ph} tap {@code i} is the pulse at {@code i - D +
   * ph/MF_PHASES} samples from its centre (D = (taps - 1) / 2), zero outside the {@code taps}
   * span, each row scaled to unit DC gain; row 0 is the filter on the sample grid.
   */
  private static double[][] matchedFilter(double baud, int taps, int row) {
    double sps = 8000.0 / baud;
    int d = (taps - 1) / 2;
    double[][] t = new double[MF_PHASES][row];
    for (int ph = 0; ph < MF_PHASES; ph++) {
      double sum = 0;
      for (int i = 0; i < taps; i++) {
        double dt = i - d + (double) ph / MF_PHASES;
        if (Math.abs(dt) <= d) {
          t[ph][i] = FilterDesign.rootRaisedCosine(dt / sps, V27terTx.ROLL_OFF);
          sum += t[ph][i];
        }
      }
      for (int i = 0; i < taps; i++) {
        t[ph][i] /= sum;
      }
    }
    return t;
  }

  @Override
  public void restart(int bitRate, boolean shortTrain) {
    if (bitRate != 4800 && bitRate != 2400) {
      throw new IllegalArgumentException("V.27ter runs at 2400 or 4800 bit/s, not " + bitRate);
    }
    this.bitRate = bitRate;
    useRate(bitRate);
    java.util.Arrays.fill(dlRe, 0);
    java.util.Arrays.fill(dlIm, 0);
    dlPos = 0;
    carrierPhase = 0;
    power = 0;
    carrier.reset();
    hold = 0;
    detectedRate = 0;
    resetLoops();
    resetRateDetector();
    stage = Stage.IDLE;
  }

  /** Sets up the symbol-rate dependent parts for {@code rate}. */
  private void useRate(int rate) {
    rxRate = rate;
    bitsPerSymbol = rate == 4800 ? 3 : 2;
    halfT = 8000.0 / (rate == 4800 ? 1600.0 : 1200.0) / 2;
    mf = rate == 4800 ? MF_4800 : MF_2400;
    mfTaps = rate == 4800 ? MF_TAPS_4800 : MF_TAPS_2400;
    // the per-sample smoothing of the power (1/32) and its floor (1/320), per T/2 instant
    powerAlpha = 1.0 - Math.pow(1.0 - POWER_ALPHA, halfT);
    slowAlpha = 1.0 - Math.pow(1.0 - SLOW_ALPHA, halfT);
    seg4Steps = rate == 4800 ? SEG4_STEPS_4800 : SEG4_STEPS_2400;
  }

  private void resetRateDetector() {
    rateCount = 0;
    ratePhase = 0;
    c800pr = c800pi = c800mr = c800mi = 0;
    c600pr = c600pi = c600mr = c600mi = 0;
    rateEnergy = 0;
  }

  /**
   * One baseband sample (before the matched filter, which would favour the rate it is built for)
   * into the rate detector: segment 3's reversals are a tone pair at +-800 Hz (1600 baud) or
   * +-600 Hz (1200 baud) around the carrier.
   */
  private void rateSample(double yr, double yi) {
    double c8 = Nco.cosOf(ratePhase * 4);
    double s8 = Nco.sinOf(ratePhase * 4);
    double c6 = Nco.cosOf(ratePhase * 3);
    double s6 = Nco.sinOf(ratePhase * 3);
    ratePhase += RATE_STEP;
    rateEnergy += yr * yr + yi * yi;
    // y * exp(-jwn) and y * exp(+jwn)
    c800pr += yr * c8 + yi * s8;
    c800pi += yi * c8 - yr * s8;
    c800mr += yr * c8 - yi * s8;
    c800mi += yi * c8 + yr * s8;
    c600pr += yr * c6 + yi * s6;
    c600pi += yi * c6 - yr * s6;
    c600mr += yr * c6 - yi * s6;
    c600mi += yi * c6 + yr * s6;
    if (++rateCount == RATE_WINDOW) {
      double e800 = c800pr * c800pr + c800pi * c800pi + c800mr * c800mr + c800mi * c800mi;
      double e600 = c600pr * c600pr + c600pi * c600pi + c600mr * c600mr + c600mi * c600mi;
      // a tone pair holding the window's power gives N^2 P / 2 (P: mean |baseband|^2, half of it
      // the image at twice the carrier); ask for half that
      boolean tonal = Math.max(e800, e600) > 0.25 * RATE_WINDOW * rateEnergy;
      if (!tonal || (e800 < RATE_RATIO * e600 && e600 < RATE_RATIO * e800)) {
        resetRateDetector(); // no clear tone pair (noise, or not segment 3 yet): look again
        return;
      }
      detectedRate = e800 > e600 ? 4800 : 2400;
      if (autoRate && detectedRate != rxRate) {
        useRate(detectedRate);
        resetLoops();
      }
    }
  }

  /**
   * Whether the receiver follows the rate it recognises in segment 3 (the default) or keeps the
   * rate given to {@link #restart}.
   */
  public void autoRate(boolean on) {
    autoRate = on;
  }

  private void resetLoops() {
    nextRel = halfT;
    onSymbol = true;
    midRe = midIm = prevRe = prevIm = 0;
    onPower = midPower = 0;
    slipCount = 0;
    eq.clearInput();
    eq.resetTaps(EQ_CENTRE);
    eqMu = 0.02;
    theta = 0;
    freq = 0;
    pllAlpha = 0.15;
    pllBeta = 0.006;
    timingGain = 0.04;
    agcFrozen = false;
    reversals = 0;
    seg4Pos = 0;
    seg4Errors = 0;
    seg4Count = 0;
    seg4TrailingReversals = 0;
    seg5Count = 0;
    lastState = 0;
    symbols = 0;
  }

  @Override
  public void signalCutoff(double dBm0) {
    carrier.cutoff(dBm0);
  }

  @Override
  public double signalPower() {
    return PowerMeter.meanSquareToDbm0(2 * power, SILENCE_DBM0);
  }

  @Override
  public boolean carrierUp() {
    return carrier.up();
  }

  /** The current training or data stage. */
  Stage stage() {
    return stage;
  }

  /** The bit rate this receiver runs at now (after rate recognition, the far end's). */
  public int bitRate() {
    return rxRate;
  }

  /**
   * The rate the far end's segment 3 looked like (2400 or 4800), once segment 3 has been seen since
   * carrier up; 0 before.
   */
  public int detectedRate() {
    return detectedRate;
  }

  @Override
  public void fillIn(int len) {
    hold = len + MF_LEN + 2; // until the zeros have left the filter's rows
    for (int i = 0; i < len; i++) {
      sample(0);
    }
  }

  @Override
  public int rx(short[] amp, int off, int len) {
    for (int i = 0; i < len; i++) {
      sample(amp[off + i]);
    }
    return len;
  }

  private void sample(double x) {
    // mix down into the delay line (newest at dlPos, k samples back at dlPos + k)
    double bre = x * Nco.cosOf(carrierPhase);
    double bim = -x * Nco.sinOf(carrierPhase);
    carrierPhase += carrierRate;
    if (--dlPos < 0) {
      dlPos = dlLen - 1;
    }
    dlRe[dlPos] = bre;
    dlIm[dlPos] = bim;
    dlRe[dlPos + dlLen] = bre;
    dlIm[dlPos + dlLen] = bim;
    boolean frozen = hold > 0;
    if (frozen) {
      hold--;
    }
    if (rateCount < RATE_WINDOW && !frozen && stage == Stage.SEGMENT_3_REVERSALS) {
      rateSample(bre, bim);
    }
    // the T/2 instants run with or without carrier (they measure the in-band power)
    nextRel -= 1.0;
    while (nextRel < -1.0) {
      // the instant is delta = -nextRel (1..2) samples behind the filter's own delay D; row tap i
      // takes the sample A0 + i back, at i - D + (A0 - delta) samples from the pulse centre
      double e = 2.0 + nextRel; // A0 - delta for A0 = 2, 0..1
      if (e < 0) {
        e = 0; // a timing step of more than half a symbol back: no further than the row reaches
      }
      int ph = (int) (e * MF_PHASES + 0.5);
      int p = dlPos + 2;
      if (ph == MF_PHASES) {
        ph = 0;
        p = dlPos + 1;
      }
      final double[] h = mf[ph];
      final double[] xr = dlRe;
      final double[] xi = dlIm;
      // four partial sums (one chain of dependent adds was the limit); the zero taps past the
      // rate's own filter are left out
      double r0 = 0, r1 = 0, r2 = 0, r3 = 0;
      double i0 = 0, i1 = 0, i2 = 0, i3 = 0;
      for (int k = 0, n = mfTaps; k < n; k += 4, p += 4) {
        r0 += h[k] * xr[p];
        i0 += h[k] * xi[p];
        r1 += h[k + 1] * xr[p + 1];
        i1 += h[k + 1] * xi[p + 1];
        r2 += h[k + 2] * xr[p + 2];
        i2 += h[k + 2] * xi[p + 2];
        r3 += h[k + 3] * xr[p + 3];
        i3 += h[k + 3] * xi[p + 3];
      }
      nextRel += halfT;
      instant((r0 + r1) + (r2 + r3), (i0 + i1) + (i2 + i3), frozen);
    }
  }

  /** One matched-filter output at a T/2 instant: power, carrier detect, AGC, then the loops. */
  private void instant(double yr, double yi, boolean frozen) {
    double mag = yr * yr + yi * yi;
    if (!frozen) {
      power += (mag - power) * powerAlpha;
      if (carrier.update(power, halfT, true)) {
        if (carrier.up()) {
          useRate(bitRate);
          resetLoops();
          resetRateDetector();
          detectedRate = 0;
          agcGain = 1.0 / Math.sqrt(power);
          floorPower = power;
          stage = Stage.SEGMENT_3_REVERSALS;
          sink.status(ModemStatus.CARRIER_UP);
          sink.status(ModemStatus.TRAINING_IN_PROGRESS);
          return; // the loops start from the next instant
        }
        stage = Stage.IDLE;
        sink.status(ModemStatus.CARRIER_DOWN);
      }
    }
    if (!carrier.up()) {
      return;
    }
    if (!frozen) {
      if (power < floorPower) {
        floorPower = power;
      } else {
        floorPower += (power - floorPower) * slowAlpha;
      }
      if (stage == Stage.SEGMENT_3_REVERSALS && reversals < MIN_REVERSALS
          && power > JUMP_RATIO * floorPower) {
        // the signal started while noise already held the carrier up: start the loops again
        resetLoops();
        if (detectedRate == 0) {
          resetRateDetector();
        }
        floorPower = power;
        return; // the loops start from the next instant
      }
    }
    if (!agcFrozen && !frozen) {
      agcGain = 1.0 / Math.sqrt(power + 1e-9);
    }
    halfSample(yr * agcGain, yi * agcGain, frozen);
  }

  private void halfSample(double sr, double si, boolean frozen) {
    eq.push(sr, si);
    if (!onSymbol) {
      midRe = sr;
      midIm = si;
      onSymbol = true;
      return;
    }
    onSymbol = false;
    if (!frozen && stage == Stage.SEGMENT_3_REVERSALS && reversals < MIN_REVERSALS
        && halfSymbolSlip(sr, si)) {
      // the strobes sit on segment 3's zero crossings: take this one as the mid-point instead
      prevRe = midRe;
      prevIm = midIm;
      midRe = sr;
      midIm = si;
      onSymbol = true;
      return;
    }
    // Gardner timing error on the equaliser input
    if (!frozen) {
      double e = (prevRe - sr) * midRe + (prevIm - si) * midIm;
      nextRel += timingGain * e;
    }
    prevRe = sr;
    prevIm = si;
    symbol(frozen);
  }

  /**
   * Whether the symbol strobes are half a symbol off segment 3's reversals. There the Gardner
   * detector's error is zero at both the right instant and the zero crossings, and from near the
   * crossings it drifts away too slowly for the 50 symbols of segment 3 (in noise, not at all):
   * so compare the power at the strobes with the power half-way between them, where the
   * reversals cross zero, and slip half a symbol when the mid-points carry clearly more.
   */
  private boolean halfSymbolSlip(double sr, double si) {
    onPower += (sr * sr + si * si - onPower) * SLIP_ALPHA;
    midPower += (midRe * midRe + midIm * midIm - midPower) * SLIP_ALPHA;
    if (++slipCount < SLIP_MIN_SYMBOLS || midPower < SLIP_RATIO * onPower) {
      return false;
    }
    double t = onPower;
    onPower = midPower;
    midPower = t;
    slipCount = 0;
    reversals = 0;
    return true;
  }

  private void symbol(boolean frozen) {
    symbols++;
    eq.output();
    double zr = eq.outRe;
    double zi = eq.outIm;
    // derotate
    double ct = FastTrig.cos(theta);
    double st = FastTrig.sin(theta);
    double rr = zr * ct + zi * st;
    double ri = zi * ct - zr * st;
    // nearest state: 8 phases at 4800, even phases at 2400
    int st8 = bitsPerSymbol == 3 ? octant(rr, ri) : 2 * quadrant(rr, ri);
    int step = (st8 - lastState) & 7;
    int refState = st8;
    // 0/180 degree decision against the last reference point (segments 3 and 4 are binary)
    boolean reversal = rr * V27terTx.POINT_RE[lastState] + ri * V27terTx.POINT_IM[lastState] < 0;
    switch (stage) {
      case SEGMENT_3_REVERSALS:
        if (reversal) {
          reversals++;
          refState = (lastState + 4) & 7;
        } else if (reversals >= MIN_REVERSALS) {
          int first = firstNonReversal();
          seg4Pos = first + 1;
          seg4Errors = 0;
          seg4Count = 0;
          seg4TrailingReversals = 0;
          stage = Stage.SEGMENT_4_SCRAMBLED_REVERSALS;
          refState = lastState;
          slow(0.5);
        } else {
          reversals = 0;
        }
        break;
      case SEGMENT_4_SCRAMBLED_REVERSALS: {
        int want = seg4Steps[seg4Pos];
        if ((reversal ? 4 : 0) != want) {
          seg4Errors++;
        }
        if (++seg4Count <= SEG4_CONFIRM) {
          seg4TrailingReversals = reversal ? seg4TrailingReversals + 1 : 0;
          refState = reversal ? (lastState + 4) & 7 : lastState; // by decision until confirmed
          if (seg4Errors >= SEG4_CONFIRM_ERRORS) {
            // not segment 4 (the symbols go on reversing): back to segment 3
            stage = Stage.SEGMENT_3_REVERSALS;
            reversals = seg4TrailingReversals;
            slow(2.0);
            break;
          }
        } else {
          refState = (lastState + want) & 7; // train on the known symbol
        }
        if (++seg4Pos >= seg4Steps.length) {
          if (seg4Errors < MAX_SEG4_ERRORS) {
            stage = Stage.SEGMENT_5_SCRAMBLED_ONES;
            seg5Count = 0;
          } else {
            stage = Stage.TRAINING_FAILED;
            sink.status(ModemStatus.TRAINING_FAILED);
          }
        }
        break;
      }
      case SEGMENT_5_SCRAMBLED_ONES:
        if (++seg5Count >= V27terTx.Stage.SEGMENT_5_SCRAMBLED_ONES.symbols) {
          stage = Stage.DATA;
          agcFrozen = true;
          descrambler.copyFrom(rxRate == 4800 ? AFTER_4800 : AFTER_2400);
          slow(0.25);
          sink.status(ModemStatus.TRAINING_SUCCEEDED);
        }
        break;
      case DATA:
        putBits(step);
        break;
      default:
        break;
    }
    lastState = refState;
    if (frozen || stage == Stage.TRAINING_FAILED) {
      return;
    }
    // error against the reference point, in the derotated frame
    double pr = UNIT_RE[refState];
    double pi = UNIT_IM[refState];
    double er = pr - rr;
    double ei = pi - ri;
    // PLL: phase error = Im(r * conj(ref))
    double pe = ri * pr - rr * pi;
    freq += pllBeta * pe;
    if (freq > MAX_FREQ) {
      freq = MAX_FREQ;
    } else if (freq < -MAX_FREQ) {
      freq = -MAX_FREQ;
    }
    theta += pllAlpha * pe + freq;
    if (theta > Math.PI) {
      theta -= 2 * Math.PI;
    } else if (theta < -Math.PI) {
      theta += 2 * Math.PI;
    }
    if (stage == Stage.SEGMENT_3_REVERSALS) {
      // no equaliser adaptation on the reversals: a two-tone signal leaves the taps free to turn
      // the carrier phase against the PLL (at 2400 bit/s, -8 Hz, the loops came to segment 4
      // unsettled)
      return;
    }
    // LMS: rotate the error back to the equaliser's frame; applied with the next output pass
    eq.adapt((er * ct - ei * st) * eqMu, (ei * ct + er * st) * eqMu);
  }

  /** The reference points on the unit circle. */
  private static final double[] UNIT_RE = new double[8];
  private static final double[] UNIT_IM = new double[8];
  /** tan(22.5 degrees): the octant boundaries. */
  private static final double TAN_PI_8 = Math.sqrt(2.0) - 1.0;

  static {
    for (int i = 0; i < 8; i++) {
      UNIT_RE[i] = V27terTx.POINT_RE[i] / Math.sqrt(2);
      UNIT_IM[i] = V27terTx.POINT_IM[i] / Math.sqrt(2);
    }
  }

  /**
   * The nearest of the eight phases k pi/4 (what rounding atan2 to eighths of a turn gives, by
   * comparisons instead of the arctangent).
   */
  static int octant(double x, double y) {
    double ax = Math.abs(x);
    double ay = Math.abs(y);
    int k;
    if (ay <= TAN_PI_8 * ax) {
      k = x >= 0 ? 0 : 4; // along the real axis
    } else if (ax <= TAN_PI_8 * ay) {
      k = y >= 0 ? 2 : 6; // along the imaginary axis
    } else if (x >= 0) {
      k = y >= 0 ? 1 : 7;
    } else {
      k = y >= 0 ? 3 : 5;
    }
    return k;
  }

  /** The nearest of the four phases k pi/2. */
  static int quadrant(double x, double y) {
    if (Math.abs(y) <= Math.abs(x)) {
      return x >= 0 ? 0 : 2;
    }
    return y >= 0 ? 1 : 3;
  }

  private void slow(double f) {
    eqMu *= f;
    pllAlpha *= f;
    pllBeta *= f * f;
    timingGain *= f;
  }

  /** Index in segment 4 of its first 0 degree step. */
  private int firstNonReversal() {
    for (int i = 0; i < seg4Steps.length; i++) {
      if (seg4Steps[i] == 0) {
        return i;
      }
    }
    return 0;
  }

  private void putBits(int step) {
    if (bitsPerSymbol == 3) {
      int b = TRIBIT_OF_STEP[step];
      sink.putBit(descrambler.descramble(b >> 2));
      sink.putBit(descrambler.descramble(b >> 1));
      sink.putBit(descrambler.descramble(b));
    } else {
      int b = DIBIT_OF_STEP[step];
      sink.putBit(descrambler.descramble(b >> 1));
      sink.putBit(descrambler.descramble(b));
    }
  }

  private static final int[] TRIBIT_OF_STEP = invert(V27terTx.STEP_4800, 8, 1);
  private static final int[] DIBIT_OF_STEP = invert(V27terTx.STEP_2400, 8, 1);

  private static int[] invert(int[] map, int size, int unused) {
    int[] inv = new int[size];
    for (int b = 0; b < map.length; b++) {
      inv[map[b]] = b;
    }
    return inv;
  }
}
