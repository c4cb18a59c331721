package dev.faxgate.modem;

import dev.faxgate.dsp.FilterDesign;
import dev.faxgate.dsp.PowerMeter;

/**
 * V.17 demodulator at 7200, 9600, 12000 and 14400 bit/s (after the structure of spandsp's
 * {@code v17_rx}; own code).
 *
 * <p>Per sample: a power meter for carrier detection ({@link CarrierDetect}: up above the cut-off
 * and 6 dB above the lowest power since the last burst; down 3 dB below the cut-off, or 12 dB
 * below the level measured in segment 1, which ends a burst in line noise), then
 * down-conversion by the 1800 Hz carrier (a 40-sample table) into a linear, double-written complex
 * delay line. A root-raised-cosine matched filter (roll-off 0.25, {@value #MF_TAPS} taps: 8.7
 * symbols, as long as spandsp's; 41 gave the same BER in ModemSweepIT) is evaluated directly at the
 * wanted instants, two per symbol (T/2), from a 64-phase table: the filter is also the timing
 * interpolator. Training:
 *
 * <ol>
 *   <li>{@link Stage#SEGMENT_1_TIMING}: two windows of 64 ABAB symbols give the symbol timing (the
 *       phase of the 1200 Hz alternation in the T/2 samples) and fix the gain (AGC); noise is told
 *       from ABAB by the strength of that alternation.</li>
 *   <li>{@link Stage#SEGMENT_1_ABAB}: the first 32 symbols' fourth powers give the carrier phase,
 *       then a decision-directed PLL locks on the four training points (the equaliser is not
 *       adapted on the periodic ABAB, where it could slip by a symbol); the phase steps between
 *       symbols (rotation-free) are matched against the known segment-2 sequence (scrambled 1s,
 *       spandsp's seed) to find the exact symbol count.</li>
 *   <li>{@link Stage#SEGMENT_2_CDBA}, {@link Stage#SEGMENT_3_BRIDGE}: the {@value #EQ_LEN}-tap T/2
 *       complex LMS equaliser trains (decision-directed on the four points, which are reliable),
 *       counted.</li>
 *   <li>{@link Stage#SEGMENT_4_ONES}: 48 symbols on the data constellation, kept; they tell the rate
 *       (the four constellations lie on disjoint lattices) and then start the Viterbi decoder
 *       (8 states, squared Euclidean branch metrics to the nearest point of each subset,
 *       traceback 32).</li>
 *   <li>{@link Stage#DATA}: the equaliser adapts slowly, decision-directed; each decided symbol is
 *       differentially decoded and descrambled; the first data bit is preceded by
 *       {@link ModemStatus#TRAINING_SUCCEEDED}. At carrier down the traceback is flushed.</li>
 * </ol>
 *
 * <p>A second-order Gardner loop tracks the symbol timing from segment 1 on (sample-clock offsets
 * of ±100 ppm and more). {@link #fillIn} runs the lost samples as zeros through the clocks without
 * adapting anything and without letting the gap drop the carrier.
 *
 * <p>After a successful long training the next burst is expected with a short training (as T.30
 * uses it), and a long one is still recognised (segment 2 going on where segment 4 should be);
 * {@link #restart} sets the mode explicitly. The equaliser keeps its coefficients
 * across a short training.
 */
public final class V17Rx implements ModemRx {
  /** The receiver's stages, named after the ITU training segments. */
  public enum Stage {
    /** No carrier. */
    IDLE,
    /** Segment 1 (ABAB): symbol timing and gain. */
    SEGMENT_1_TIMING,
    /** Segment 1 (ABAB): equaliser start, looking for the start of segment 2. */
    SEGMENT_1_ABAB,
    /** Segment 2: scrambled 1s on CDBA. */
    SEGMENT_2_CDBA,
    /** Segment 3: the bridge (long training only). */
    SEGMENT_3_BRIDGE,
    /** Segment 4: scrambled 1s on the data constellation. */
    SEGMENT_4_ONES,
    /** Data. */
    DATA,
    /** Training failed: waiting for the carrier to drop. */
    TRAINING_FAILED
  }

  /** spandsp's cut-off for V.17, dBm0. */
  public static final double DEFAULT_CUTOFF_DBM0 = CarrierDetect.SPANDSP_CUTOFF_DBM0;

  private static final double SPS = 10.0 / 3.0;
  private static final double HALF_T = SPS / 2.0;
  private static final int MF_HALF = 14;
  static final int MF_TAPS = 2 * MF_HALF + 1;
  /** The filter rows padded with zeros to a multiple of four taps (four partial sums). */
  private static final int MF_ROW = (MF_TAPS + 3) & ~3;
  private static final int MF_PHASES = 64;
  private static final double[][] MF = matchedFilter();
  /** {@code MF_SHIFTED[d - 1][ph]}: the row of MF[ph] moved on by d = 1, 2 taps (see halfPair). */
  private static final double[][][] MF_SHIFTED = {shifted(1), shifted(2)};
  private static final int BB_LEN = 64;
  private static final double[] CAR_COS = new double[40];
  private static final double[] CAR_SIN = new double[40];
  /**
   * T/2 taps: 8 on samples newer than the centre tap and 9 on older ones. spandsp's V.17 receiver
   * has 17 (its 33 are commented out); {@link T2Equaliser} wants a multiple of three. 33 gave the
   * same BER sweep.
   */
  private static final int EQ_LEN = 18;
  private static final int EQ_CENTRE = 8;
  /** The LMS step per tap, as the 33-tap equaliser had it (scaled by its length, 7200 lost 1 dB). */
  private static final double LMS_SCALE = 1.0 / (33 * 30.0 * 0.5);
  private static final int TIMING_SKIP = 24;
  /** ABAB symbols whose fourth powers give the carrier phase before the PLL runs. */
  private static final int PHASE_SYMBOLS = 32;
  private static final int TIMING_SYMBOLS = 64;
  private static final int MATCH_W = 32;
  private static final int MATCH_MAX_ERRORS = 4;
  /** Traceback depth: a symbol is decided from the best path TB - 1 symbols later (or more). */
  private static final int TB = 32;
  /** Symbols decided per traceback: one walk of TB - 2 + TB_BLOCK steps yields TB_BLOCK of them. */
  private static final int TB_BLOCK = 8;
  /** The survivor ring, a power of two of at least TB - 1 + TB_BLOCK slots. */
  private static final int RING = 64;
  /** Samples of timing correction per unit of normalised Gardner error. */
  private static final double TIMING_GAIN = 0.005;
  /** The integral path: a clock offset is tracked without a standing timing error. */
  private static final double TIMING_GAIN_2 = 0.00005;
  private static final int[] RATES = {14400, 12000, 9600, 7200};
  private static final double BURST_DROP = Math.pow(10.0, -1.2);
  /** The points of all four constellations, interleaved re, im. */
  private static final int[] ALL_POINTS = allPoints();
  /** ABCD index of each long-training symbol of segments 1 to 3. */
  private static final int[] TRAIN = trainingSequence();
  /**
   * The trellis in add-compare-select order: for next state t, {@code PRED_STATE[4 t + k]} and the
   * subset of the branch, {@code PRED_SUB[4 t + k]}, k in (state, Y2Y1) order.
   */
  private static final int[] PRED_STATE = new int[32];
  private static final int[] PRED_SUB = new int[32];

  static {
    for (int i = 0; i < 40; i++) {
      CAR_COS[i] = Math.cos(2 * Math.PI * i * 9 / 40.0);
      CAR_SIN[i] = Math.sin(2 * Math.PI * i * 9 / 40.0);
    }
    int[] fill = new int[8];
    for (int s = 0; s < 8; s++) {
      for (int y = 0; y < 4; y++) {
        int next = V17Tables.CONV_NEXT[s][y];
        int k = 4 * next + fill[next]++;
        PRED_STATE[k] = s;
        PRED_SUB[k] = (y << 1) | (next >> 2);
      }
    }
    // viterbi() has these tables unrolled
    int[] unrolled = {0, 0, 2, 6, 4, 2, 6, 4, 0, 6, 2, 0, 4, 4, 6, 2, 0, 2, 2, 4, 4, 0, 6, 6, 0, 4, 2, 2, 4, 6, 6, 0,
        1, 1, 3, 3, 5, 7, 7, 5, 1, 5, 3, 7, 5, 3, 7, 1, 1, 7, 3, 5, 5, 1, 7, 3, 1, 3, 3, 1, 5, 5, 7, 7};
    for (int k = 0; k < 32; k++) {
      if (fill[k / 4] != 4 || PRED_STATE[k] != unrolled[2 * k] || PRED_SUB[k] != unrolled[2 * k + 1]) {
        throw new IllegalStateException("V.17 trellis tables do not match the unrolled add-compare-select");
      }
    }
  }

  private final BitSink sink;
  private int bitRate;
  private int bitsPerSymbol;
  private int[] constellation;
  private V17Slicer slicer;
  private boolean shortTrain;
  /** The carrier also drops 12 dB below the power measured in segment 1 (the end of a burst in line noise). */
  private final CarrierDetect carrier = new CarrierDetect(DEFAULT_CUTOFF_DBM0, 1.0, false, 0, 0);
  /** The lowest power since the carrier dropped. */
  private double floorMs;

  private Stage stage = Stage.IDLE;
  private double power;
  private int carrierIdx;
  /** n mod BB_LEN. */
  private int bbPos;
  private final double[] bbRe = new double[2 * BB_LEN];
  private final double[] bbIm = new double[2 * BB_LEN];
  private long n; // samples so far
  private double tNext; // time of the next T/2 sample, in samples
  /** Whether the next T/2 sample falls on a symbol instant. */
  private boolean onTime;
  private int halfCount;
  private double gain = 1.0;
  private double prevRe, prevIm, midRe, midIm;
  private double timingRate;
  // timing acquisition
  private double pRe, pIm, mRe, mIm, accPow;
  private int timingPass;
  // equaliser: input delay line (double-written) and coefficients
  private final T2Equaliser eq = new T2Equaliser(EQ_LEN);
  private boolean eqTrained;
  private double phase;
  private double freq;
  /** The sum of the first ABAB symbols' fourth powers (see {@link #acquirePhase}). */
  private double p4Re;
  private double p4Im;
  // training bookkeeping
  private int symbols;
  private int retries;
  private int prevQuad;
  private final int[] steps = new int[2 * MATCH_W];
  private int stepPos;
  private int trainIndex; // training index of the current symbol (0 = first ABAB symbol)
  private int stageCount;
  private int dataStart; // training index of the first data symbol
  private boolean succeeded;
  // Viterbi
  private final double[] metric = new double[8];
  /**
   * Survivor of state s at traceback slot j: the predecessor {@code tbPrev[8 j + s]}; the point is
   * found at traceback from the slot's subset points {@code tbSub[8 j + ...]} (see {@link #pointOf}).
   */
  private final int[] tbPrev = new int[RING * 8];
  private final int[] tbSub = new int[RING * 8];
  private final int[] tbIndex = new int[RING];
  private final int[] flushPoint = new int[RING];
  private final double[] seg4Re = new double[V17Tables.SEG4_SYMBOLS];
  private final double[] seg4Im = new double[V17Tables.SEG4_SYMBOLS];
  private final int[] seg4Index = new int[V17Tables.SEG4_SYMBOLS];
  private final int[] flushIndex = new int[RING];
  private final double[] subDist = new double[8];
  private final int[] subPoint = new int[8];
  /** Symbols through the trellis and not yet decided. */
  private int vitCount;
  private int vitSlot;
  private int prevY;
  private int descrambler;

  /** A receiver for {@code bitRate}, long training first, at {@link #DEFAULT_CUTOFF_DBM0}. */
  public V17Rx(BitSink sink, int bitRate) {
    this.sink = sink;
    restart(bitRate, false);
    resetEqualiser();
  }

  @Override
  public void restart(int bitRate, boolean shortTrain) {
    eq.flush();
    this.constellation = V17Tables.constellation(bitRate);
    this.slicer = V17Slicer.of(bitRate);
    this.bitRate = bitRate;
    this.bitsPerSymbol = V17Tables.bitsPerSymbol(bitRate);
    this.shortTrain = shortTrain;
    if (!shortTrain) {
      resetEqualiser();
    }
    stage = Stage.IDLE;
    carrier.reset();
    power = 0;
    floorMs = 0;
    n = 0;
    bbPos = 0;
    carrierIdx = 0;
    java.util.Arrays.fill(bbRe, 0);
    java.util.Arrays.fill(bbIm, 0);
  }

  private void resetEqualiser() {
    eq.resetTaps(EQ_CENTRE);
    eqTrained = false;
  }

  /** The current stage. */
  public Stage stage() {
    return stage;
  }

  @Override
  public void signalCutoff(double dBm0) {
    carrier.cutoff(dBm0);
  }

  @Override
  public double signalPower() {
    return PowerMeter.meanSquareToDbm0(power, SILENCE_DBM0);
  }

  @Override
  public boolean carrierUp() {
    return carrier.up();
  }

  @Override
  public int rx(short[] amp, int off, int len) {
    for (int i = 0; i < len; i++) {
      sample(amp[off + i], false);
    }
    return len;
  }

  @Override
  public void fillIn(int len) {
    if (!carrier.up()) {
      n += len;
      bbPos = (int) (n % BB_LEN);
      carrierIdx = (int) ((carrierIdx + len) % 40);
      return;
    }
    for (int i = 0; i < len; i++) {
      sample(0.0, true);
    }
  }

  private void sample(double x, boolean fill) {
    if (!fill) {
      power += (x * x - power) * (1.0 / 32);
      if (!carrier.up()) {
        // after a burst the power must rise again, 6 dB over the lowest it fell to since
        // (the tail of the last burst, or line noise above the cut-off)
        floorMs = Math.min(floorMs, power);
      }
      if (carrier.update(power, 1.0, power > 4.0 * floorMs)) {
        if (carrier.up()) {
          carrierOn();
        } else {
          carrierOff();
        }
      }
    }
    int p = bbPos;
    double re = x * CAR_COS[carrierIdx];
    double im = -x * CAR_SIN[carrierIdx];
    bbRe[p] = re;
    bbRe[p + BB_LEN] = re;
    bbIm[p] = im;
    bbIm[p + BB_LEN] = im;
    if (++carrierIdx == 40) {
      carrierIdx = 0;
    }
    if (carrier.up()) {
      while (true) {
        if (!onTime && stage != Stage.SEGMENT_1_TIMING) {
          // a mid sample and the on-time one after it are filtered together
          if ((tNext + HALF_T) + MF_HALF > n) {
            break;
          }
          halfPair(fill);
        } else if (tNext + MF_HALF <= n) {
          halfSample(fill);
        } else {
          break;
        }
      }
    }
    n++;
    bbPos = (p + 1) & (BB_LEN - 1);
  }

  private void carrierOn() {
    eq.flush();
    sink.status(ModemStatus.CARRIER_UP);
    stage = Stage.SEGMENT_1_TIMING;
    tNext = n + MF_HALF; // the filter has settled 2 x MF_HALF samples later
    halfCount = 0;
    timingPass = 0;
    onTime = true;
    pRe = pIm = mRe = mIm = accPow = 0;
    symbols = 0;
    phase = 0;
    if (!shortTrain) {
      freq = 0; // a short training follows a long one from the same modem: its carrier offset stays
    }
    succeeded = false;
    retries = 0;
    carrier.dropBelow(0);
    timingRate = 0;
    prevRe = prevIm = midRe = midIm = 0;
    eq.clearInput();
    sink.status(ModemStatus.TRAINING_IN_PROGRESS);
  }

  private void carrierOff() {
    eq.flush();
    floorMs = power;
    if (succeeded) {
      shortTrain = true; // T.30: the next burst at this rate has a short training
    }
    if (stage == Stage.SEGMENT_4_ONES || stage == Stage.DATA) {
      flushViterbi();
    }
    stage = Stage.IDLE;
    sink.status(ModemStatus.CARRIER_DOWN);
  }

  /** Computes the matched-filter output at {@link #tNext} and hands it on. */
  private void halfSample(boolean fill) {
    double t = tNext;
    long m0 = (long) t; // t > 0: the floor
    int ph = (int) ((t - m0) * MF_PHASES + 0.5);
    if (ph == MF_PHASES) {
      ph = 0;
      m0++;
    }
    double[] h = MF[ph];
    int s = (int) ((m0 - MF_HALF) % BB_LEN);
    double[] xr = bbRe;
    double[] xi = bbIm;
    // four partial sums: the adds of one long chain would wait on each other
    double re0 = 0, re1 = 0, re2 = 0, re3 = 0;
    double im0 = 0, im1 = 0, im2 = 0, im3 = 0;
    for (int k = 0; k < MF_ROW; k += 4) {
      int j = s + k;
      re0 += h[k] * xr[j];
      im0 += h[k] * xi[j];
      re1 += h[k + 1] * xr[j + 1];
      im1 += h[k + 1] * xi[j + 1];
      re2 += h[k + 2] * xr[j + 2];
      im2 += h[k + 2] * xi[j + 2];
      re3 += h[k + 3] * xr[j + 3];
      im3 += h[k + 3] * xi[j + 3];
    }
    filtered((re0 + re1) + (re2 + re3), (im0 + im1) + (im2 + im3), fill);
  }

  /**
   * Two T/2 samples at once, a mid sample at {@link #tNext} and the on-time one half a symbol
   * later (no timing correction comes between them): their windows overlap, so each input sample
   * is loaded once for both, from the row of the second shifted by the whole samples between them.
   * A third fewer loads than two {@link #halfSample}s, which the filter is bound by.
   */
  private void halfPair(boolean fill) {
    double ta = tNext;
    double tb = ta + HALF_T;
    long ma = (long) ta;
    int pa = (int) ((ta - ma) * MF_PHASES + 0.5);
    if (pa == MF_PHASES) {
      pa = 0;
      ma++;
    }
    long mb = (long) tb;
    int pb = (int) ((tb - mb) * MF_PHASES + 0.5);
    if (pb == MF_PHASES) {
      pb = 0;
      mb++;
    }
    int d = (int) (mb - ma);
    if (d < 1 || d > 2) {
      halfSample(fill);
      halfSample(fill);
      return;
    }
    double[] ha = MF[pa];
    double[] hb = MF_SHIFTED[d - 1][pb];
    int s = (int) ((ma - MF_HALF) % BB_LEN);
    double[] xr = bbRe;
    double[] xi = bbIm;
    double ar0 = 0, ar1 = 0, ai0 = 0, ai1 = 0;
    double br0 = 0, br1 = 0, bi0 = 0, bi1 = 0;
    for (int k = 0; k < MF_ROW; k += 2) {
      int j = s + k;
      double x0 = xr[j];
      double y0 = xi[j];
      double x1 = xr[j + 1];
      double y1 = xi[j + 1];
      ar0 += ha[k] * x0;
      ai0 += ha[k] * y0;
      br0 += hb[k] * x0;
      bi0 += hb[k] * y0;
      ar1 += ha[k + 1] * x1;
      ai1 += ha[k + 1] * y1;
      br1 += hb[k + 1] * x1;
      bi1 += hb[k + 1] * y1;
    }
    filtered(ar0 + ar1, ai0 + ai1, fill);
    filtered(br0 + br1, bi0 + bi1, fill);
  }

  /** A T/2 sample out of the matched filter. */
  private void filtered(double re, double im, boolean fill) {
    tNext += HALF_T;
    if (stage == Stage.SEGMENT_1_TIMING) {
      timing(re, im);
      return;
    }
    re *= gain;
    im *= gain;
    eq.push(re, im);
    boolean isOnTime = onTime;
    onTime = !onTime;
    if (isOnTime) {
      if (!fill) {
        gardner(re, im);
      }
      symbol(fill);
    } else {
      midRe = re;
      midIm = im;
    }
  }

  private void timing(double re, double im) {
    int k = halfCount++;
    if (k < 2 * TIMING_SKIP) {
      return;
    }
    int q = (k - 2 * TIMING_SKIP) & 3;
    // P += r (-j)^q, M += r (j)^q
    switch (q) {
      case 0: pRe += re; pIm += im; mRe += re; mIm += im; break;
      case 1: pRe += im; pIm -= re; mRe -= im; mIm += re; break;
      case 2: pRe -= re; pIm -= im; mRe -= re; mIm -= im; break;
      default: pRe -= im; pIm += re; mRe += im; mIm -= re; break;
    }
    accPow += re * re + im * im;
    if (k - 2 * TIMING_SKIP + 1 == 2 * TIMING_SYMBOLS) {
      // P conj(M) = |N b / 2|^2 e^{j 2 phi}
      double xr = pRe * mRe + pIm * mIm;
      double xi = pIm * mRe - pRe * mIm;
      // |P conj(M)| / (N accPow) is about 1/6 for ABAB and 1/N for noise: wait for the signal
      boolean signal = Math.hypot(xr, xi) >= 0.05 * (2 * TIMING_SYMBOLS) * accPow;
      if (signal) {
        double phi = 0.5 * Math.atan2(xi, xr);
        tNext -= phi * SPS / Math.PI;
      }
      if (!signal || timingPass == 0) {
        // noise, or a first window that may have begun before the signal: another window, all
        // in the ABAB segment, refines the timing and sets the gain
        timingPass = signal ? 1 : 0;
        halfCount = 2 * TIMING_SKIP;
        pRe = pIm = mRe = mIm = accPow = 0;
        return;
      }
      double meanPow = accPow / (2 * TIMING_SYMBOLS);
      gain = meanPow > 0 ? Math.sqrt(30.0 / meanPow) : 1.0;
      carrier.dropBelow(power * BURST_DROP);
      onTime = true; // the next sample (an even count from the start of the window) is on time
      stage = Stage.SEGMENT_1_ABAB;
      symbols = 0;
      p4Re = p4Im = 0;
      stepPos = 0;
      prevQuad = -1;
    }
  }

  /**
   * Gardner timing tracking on the T/2 samples (after the AGC): Re{(r[k-1] - r[k]) conj(r[k-1/2])}
   * nudges the sampling instants, slowly enough for the equaliser to follow (clock offsets of a
   * few hundred ppm).
   */
  private void gardner(double re, double im) {
    double e = (prevRe - re) * midRe + (prevIm - im) * midIm;
    prevRe = re;
    prevIm = im;
    e /= 30.0;
    timingRate += TIMING_GAIN_2 * e;
    tNext += TIMING_GAIN * e + timingRate;
  }

  /** One symbol: equaliser output at the centre tap's on-time sample. */
  private void symbol(boolean fill) {
    eq.output();
    double yr = eq.outRe;
    double yi = eq.outIm;
    double cs = FastTrig.cos(phase);
    double sn = FastTrig.sin(phase);
    double zr = yr * cs + yi * sn;
    double zi = yi * cs - yr * sn;
    double dr;
    double di;
    double mu;
    switch (stage) {
      case SEGMENT_1_ABAB:
      case SEGMENT_2_CDBA:
      case SEGMENT_3_BRIDGE: {
        int quad = quadrant(zr, zi);
        dr = V17Tables.ABCD_RE[quad];
        di = V17Tables.ABCD_IM[quad];
        // ABAB is periodic: an equaliser adapted on it can drift by a symbol, so only the PLL runs
        mu = stage == Stage.SEGMENT_1_ABAB ? 0.0 : eqTrained ? 0.01 : 0.05;
        trainingSymbol(quad);
        break;
      }
      case SEGMENT_4_ONES: {
        // the first symbols on the data constellation: kept until the rate is recognised; the
        // loops follow the nearest point of any rate
        seg4Re[stageCount] = zr;
        seg4Im[stageCount] = zi;
        seg4Index[stageCount] = trainIndex;
        int[] c = ALL_POINTS;
        int idx = nearestIn(c, zr, zi);
        dr = c[2 * idx];
        di = c[2 * idx + 1];
        mu = 0.005;
        trainIndex++;
        if (++stageCount == V17Tables.SEG4_SYMBOLS) {
          if (shortTrain && segment2Continues()) {
            // a long training where a short one was expected: back into segment 2
            shortTrain = false;
            trainIndex = seg4Index[V17Tables.SEG4_SYMBOLS - 1];
            stage = Stage.SEGMENT_2_CDBA;
            break;
          }
          recogniseRate();
          for (int k = 0; k < V17Tables.SEG4_SYMBOLS; k++) {
            slicer.slice(seg4Re[k], seg4Im[k], subDist, subPoint);
            viterbi(seg4Index[k]);
          }
          stage = Stage.DATA;
          eqTrained = true;
        }
        break;
      }
      case DATA: {
        int idx = slicer.slice(zr, zi, subDist, subPoint);
        dr = constellation[2 * idx];
        di = constellation[2 * idx + 1];
        mu = 0.005;
        viterbi(trainIndex);
        trainIndex++;
        break;
      }
      default:
        return;
    }
    if (stage == Stage.SEGMENT_1_ABAB && symbols <= PHASE_SYMBOLS) {
      // also on fill-in (its symbols are near 0 and add nothing), so a lost packet cannot skip the
      // symbol at which the phase is set
      acquirePhase(zr, zi);
      phase += freq;
      return;
    }
    if (fill) {
      return;
    }
    // decision-directed PLL
    double pe = (zi * dr - zr * di) / (dr * dr + di * di);
    // fast while training, narrower in the data (less phase jitter at low SNR)
    boolean narrow = stage == Stage.DATA;
    phase += (narrow ? 0.01 : 0.05) * pe + freq;
    freq += (narrow ? 0.0001 : 0.0005) * pe;
    if (phase > Math.PI) {
      phase -= 2 * Math.PI;
    } else if (phase < -Math.PI) {
      phase += 2 * Math.PI;
    }
    if (mu == 0.0) {
      return;
    }
    // LMS: error rotated back into the equaliser's output frame
    double er = dr - zr;
    double ei = di - zi;
    eq.adapt((er * cs - ei * sn) * mu * LMS_SCALE, (ei * cs + er * sn) * mu * LMS_SCALE);
  }

  /**
   * The carrier phase from the first ABAB symbols, before the decision-directed PLL takes over: A
   * and B are a quarter turn apart, so their fourth powers are the same point and their sum turns
   * by four times the phase error (a quarter-turn ambiguity, which the differential code does not
   * mind). A PLL started from an error near 45 degrees hangs between two quadrants' decisions
   * and winds up a false frequency; a short training's 256 ABAB symbols did not undo it.
   */
  private void acquirePhase(double zr, double zi) {
    double ar = zr * zr - zi * zi;
    double ai = 2 * zr * zi;
    p4Re += ar * ar - ai * ai;
    p4Im += 2 * ar * ai;
    if (symbols == PHASE_SYMBOLS) {
      // A = -6 - 2j: A^4 = 448 + 1536j
      double e = Math.atan2(p4Im * 448 - p4Re * 1536, p4Re * 448 + p4Im * 1536) / 4;
      phase += e;
    }
  }

  private static int quadrant(double zr, double zi) {
    // quarter turns from A = (-6, -2): rotate z by conj(A) and pick the nearest axis
    double rr = -6 * zr - 2 * zi;
    double ri = 2 * zr - 6 * zi;
    if (Math.abs(rr) >= Math.abs(ri)) {
      return rr >= 0 ? 0 : 2;
    }
    return ri >= 0 ? 1 : 3;
  }

  private static int nearestIn(int[] c, double zr, double zi) {
    int best = 0;
    double bd = Double.MAX_VALUE;
    for (int i = 0; i < c.length / 2; i++) {
      double a = zr - c[2 * i];
      double b = zi - c[2 * i + 1];
      double d = a * a + b * b;
      if (d < bd) {
        bd = d;
        best = i;
      }
    }
    return best;
  }

  /** Whether the symbols kept as segment 4 are in fact segment 2 of a long training going on. */
  private boolean segment2Continues() {
    int matches = 0;
    int prev = quadrant(seg4Re[0], seg4Im[0]);
    for (int k = 1; k < V17Tables.SEG4_SYMBOLS; k++) {
      int q = quadrant(seg4Re[k], seg4Im[k]);
      int i = seg4Index[k];
      if (((q - prev) & 3) == ((TRAIN[i] - TRAIN[i - 1]) & 3)) {
        matches++;
      }
      prev = q;
    }
    return matches >= V17Tables.SEG4_SYMBOLS - 8;
  }

  /**
   * Rate recognition: the four V.17 constellations lie on disjoint lattices (14400 odd/even,
   * 12000 odd/odd, 9600 and 7200 even/even with x + y = 2 and 0 mod 4), so the 48 symbols of
   * segment 4 tell which one the far end uses. The receiver adopts it when it fits far better
   * than the configured rate.
   */
  private void recogniseRate() {
    int bestRate = bitRate;
    double bestErr = Double.MAX_VALUE;
    double configuredErr = 0;
    for (int r = 0; r < RATES.length; r++) {
      int[] c = V17Tables.constellation(RATES[r]);
      double err = 0;
      for (int k = 0; k < V17Tables.SEG4_SYMBOLS; k++) {
        int i = nearestIn(c, seg4Re[k], seg4Im[k]);
        double a = seg4Re[k] - c[2 * i];
        double b = seg4Im[k] - c[2 * i + 1];
        err += a * a + b * b;
      }
      if (RATES[r] == bitRate) {
        configuredErr = err;
      }
      if (err < bestErr) {
        bestErr = err;
        bestRate = RATES[r];
      }
    }
    // in noise a denser lattice fits any signal about as well: keep the configured rate unless
    // another one fits far better (a clean wrong guess is off by about 1 unit, the right one by 0),
    // and better than half of what that lattice fits to points anywhere (at 13-14 dB SNR a 7200
    // signal fitted the 14400 lattice, 1/3 per symbol for any point, 0.3 times its own: one
    // training in ten of spandsp's signals was taken for 14400, with half the bits wrong)
    if (bestRate != bitRate && bestErr < 0.3 * configuredErr
        && bestErr < 0.5 * V17Tables.SEG4_SYMBOLS * anywhereFit(bestRate)) {
      bitRate = bestRate;
      constellation = V17Tables.constellation(bestRate);
      slicer = V17Slicer.of(bestRate);
      bitsPerSymbol = V17Tables.bitsPerSymbol(bestRate);
    }
  }

  /** {@link #anywhereFit} by rate (in {@link #RATES} order). */
  private static final double[] ANYWHERE_FIT = new double[RATES.length];

  static {
    for (int r = 0; r < RATES.length; r++) {
      ANYWHERE_FIT[r] = meanFitOverPlane(V17Tables.constellation(RATES[r]));
    }
  }

  /**
   * The mean squared distance to the nearest point of the rate's constellation from points spread
   * evenly over its inner part: what the constellation fits to noise, or to another lattice.
   */
  static double anywhereFit(int rate) {
    for (int r = 0; r < RATES.length; r++) {
      if (RATES[r] == rate) {
        return ANYWHERE_FIT[r];
      }
    }
    throw new IllegalArgumentException("no V.17 rate " + rate);
  }

  private static double meanFitOverPlane(int[] c) {
    double sum = 0;
    int n = 0;
    // a 1/8-unit grid over [-4, 4)^2: whole periods of every V.17 lattice, inside the outline
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 64; j++) {
        double x = -4 + (i + 0.5) / 8;
        double y = -4 + (j + 0.5) / 8;
        int k = nearestIn(c, x, y);
        double a = x - c[2 * k];
        double b = y - c[2 * k + 1];
        sum += a * a + b * b;
        n++;
      }
    }
    return sum / n;
  }

  /** The bit rate: as restarted, or as recognised from the last training. */
  public int bitRate() {
    return bitRate;
  }

  private void trainingSymbol(int quad) {
    symbols++;

    if (stage == Stage.SEGMENT_1_ABAB) {
      if (prevQuad >= 0) {
        int d = (quad - prevQuad) & 3;
        if (--stepPos < 0) {
          stepPos = MATCH_W - 1;
        }
        steps[stepPos] = d;
        steps[stepPos + MATCH_W] = d;
      }
      prevQuad = quad;
      if (symbols > MATCH_W + 8 && matchesSegment2()) {
        trainIndex = V17Tables.SEG1_SYMBOLS + MATCH_W - 1;
        stage = Stage.SEGMENT_2_CDBA;
      } else if (symbols > V17Tables.SEG1_SYMBOLS + 64) {
        // no segment 2 where it should be (the timing came from noise): look for segment 1 again,
        // a few times, then give up until the carrier drops
        if (++retries > 3) {
          stage = Stage.TRAINING_FAILED;
          sink.status(ModemStatus.TRAINING_FAILED);
          return;
        }
        stage = Stage.SEGMENT_1_TIMING;
        halfCount = 0;
        timingPass = 0;
        pRe = pIm = mRe = mIm = accPow = 0;
      }
      return;
    }
    trainIndex++;
    int seg2End = V17Tables.SEG1_SYMBOLS + (shortTrain ? V17Tables.SEG2_SHORT_SYMBOLS : V17Tables.SEG2_SYMBOLS);
    if (stage == Stage.SEGMENT_2_CDBA && trainIndex == seg2End - 1) {
      if (shortTrain) {
        startSegment4();
      } else {
        stage = Stage.SEGMENT_3_BRIDGE;
      }
    } else if (stage == Stage.SEGMENT_3_BRIDGE && trainIndex == seg2End + V17Tables.SEG3_SYMBOLS - 1) {
      startSegment4();
    }
  }

  private boolean matchesSegment2() {
    // the newest step is at training index 256 + W - 1
    int errors = 0;
    int last = V17Tables.SEG1_SYMBOLS + MATCH_W - 1;
    for (int j = 0; j < MATCH_W; j++) {
      int i = last - j;
      int e = (TRAIN[i] - TRAIN[i - 1]) & 3;
      if (steps[stepPos + j] != e && ++errors > MATCH_MAX_ERRORS) {
        return false;
      }
    }
    return true;
  }

  private void startSegment4() {
    stage = Stage.SEGMENT_4_ONES;
    stageCount = 0;
    trainIndex++; // the training index of the next symbol, the first of segment 4
    dataStart = trainIndex + V17Tables.SEG4_SYMBOLS;
    java.util.Arrays.fill(metric, 0);
    vitCount = 0;
    vitSlot = 0;
    prevY = 0;
    descrambler = 0;
  }

  /** One trellis step on the subset distances in {@link #subDist} and {@link #subPoint}. */
  private void viterbi(int index) {
    int base = 8 * vitSlot;
    System.arraycopy(subPoint, 0, tbSub, base, 8);
    double[] d = subDist;
    double[] m = metric;
    double m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7];
    double d0 = d[0], d1 = d[1], d2 = d[2], d3 = d[3], d4 = d[4], d5 = d[5], d6 = d[6], d7 = d[7];
    // the trellis unrolled (PRED_STATE, PRED_SUB): next state, then its four predecessors and
    // their branches' subsets in (state, Y2Y1) order
    // the new metrics as bit patterns (see acs), kept in registers
    long n0 = acs(0, base, m0 + d0, m2 + d6, m4 + d2, m6 + d4);
    long n1 = acs(1, base, m0 + d6, m2 + d0, m4 + d4, m6 + d2);
    long n2 = acs(2, base, m0 + d2, m2 + d4, m4 + d0, m6 + d6);
    long n3 = acs(3, base, m0 + d4, m2 + d2, m4 + d6, m6 + d0);
    long n4 = acs(4, base, m1 + d1, m3 + d3, m5 + d7, m7 + d5);
    long n5 = acs(5, base, m1 + d5, m3 + d7, m5 + d3, m7 + d1);
    long n6 = acs(6, base, m1 + d7, m3 + d5, m5 + d1, m7 + d3);
    long n7 = acs(7, base, m1 + d3, m3 + d1, m5 + d5, m7 + d7);
    // the least metric (a tree of selects on the bit patterns); the best state is looked for only
    // at traceback: the first whose normalised metric is 0 (x - bm == 0 only for x == bm)
    double bm = Double.longBitsToDouble(min(min(min(n0, n1), min(n2, n3)), min(min(n4, n5), min(n6, n7))));
    m[0] = Double.longBitsToDouble(n0) - bm;
    m[1] = Double.longBitsToDouble(n1) - bm;
    m[2] = Double.longBitsToDouble(n2) - bm;
    m[3] = Double.longBitsToDouble(n3) - bm;
    m[4] = Double.longBitsToDouble(n4) - bm;
    m[5] = Double.longBitsToDouble(n5) - bm;
    m[6] = Double.longBitsToDouble(n6) - bm;
    m[7] = Double.longBitsToDouble(n7) - bm;
    tbIndex[vitSlot] = index;
    int slot = vitSlot;
    vitSlot = (vitSlot + 1) & (RING - 1);
    if (++vitCount < TB - 1 + TB_BLOCK) {
      return;
    }
    // the best path from the newest symbol back: the TB_BLOCK oldest pending symbols on it, the
    // newest of them TB - 1 symbols back, are decided
    int st = 0;
    while (st < 7 && m[st] != 0.0) {
      st++;
    }
    for (int k = 0; k < TB - 1; k++) {
      st = tbPrev[8 * slot + st];
      slot = (slot - 1) & (RING - 1);
    }
    for (int k = 0; k < TB_BLOCK; k++) {
      flushPoint[k] = pointOf(slot, st);
      flushIndex[k] = tbIndex[slot];
      st = tbPrev[8 * slot + st];
      slot = (slot - 1) & (RING - 1);
    }
    for (int k = TB_BLOCK - 1; k >= 0; k--) {
      decoded(flushPoint[k], flushIndex[k]);
    }
    vitCount -= TB_BLOCK;
  }

  /**
   * Add-compare-select for next state t from the candidate metrics v0..v3 of its four
   * predecessors (in PRED_STATE order: states 0, 2, 4, 6 for t < 4, else 1, 3, 5, 7): a
   * tournament that picks the first of equal metrics, as a scan in order would. The metrics are
   * not negative, so their IEEE bit patterns order as they do; the selects are arithmetic on those
   * (Java compiles double selects into branches, which mispredict here).
   */
  private long acs(int t, int base, double v0, double v1, double v2, double v3) {
    long k0 = Double.doubleToRawLongBits(v0);
    long k1 = Double.doubleToRawLongBits(v1);
    long k2 = Double.doubleToRawLongBits(v2);
    long k3 = Double.doubleToRawLongBits(v3);
    long c01 = (k1 - k0) >> 63; // all ones when v1 < v0
    long c23 = (k3 - k2) >> 63;
    long b01 = k0 ^ ((k0 ^ k1) & c01);
    long b23 = k2 ^ ((k2 ^ k3) & c23);
    int i01 = (int) -c01;
    int i23 = 2 - (int) c23;
    long c = (b23 - b01) >> 63;
    int j = i01 ^ ((i01 ^ i23) & (int) c);
    tbPrev[base + t] = 2 * j + (t >> 2);
    return b01 ^ ((b01 ^ b23) & c);
  }

  /** The lesser of two non-negative doubles' bit patterns, without a branch. */
  private static long min(long a, long b) {
    return a ^ ((a ^ b) & ((b - a) >> 63));
  }

  /** The point on the survivor of state st at traceback slot: its branch's subset's nearest point. */
  private int pointOf(int slot, int st) {
    int j = tbPrev[8 * slot + st] >> 1; // the predecessor is 2 j + (st >> 2)
    return tbSub[8 * slot + PRED_SUB[4 * st + j]];
  }

  /** Delivers the symbols still inside the traceback window, along the best path. */
  private void flushViterbi() {
    int pending = vitCount;
    int best = 0;
    for (int s = 1; s < 8; s++) {
      if (metric[s] < metric[best]) {
        best = s;
      }
    }
    int slot = (vitSlot - 1) & (RING - 1);
    int st = best;
    for (int k = 0; k < pending; k++) {
      flushPoint[k] = pointOf(slot, st);
      flushIndex[k] = tbIndex[slot];
      st = tbPrev[8 * slot + st];
      slot = (slot - 1) & (RING - 1);
    }
    for (int k = pending - 1; k >= 0; k--) {
      decoded(flushPoint[k], flushIndex[k]);
    }
    vitCount = 0;
  }

  private void decoded(int idx, int index) {
    int y = (idx >> 1) & 3;
    int q = ((y - prevY) & 3) | ((idx >> 3) << 2);
    prevY = y;
    boolean deliver = index >= dataStart;
    if (deliver && !succeeded) {
      succeeded = true;
      sink.status(ModemStatus.TRAINING_SUCCEEDED);
    }
    for (int i = 0; i < bitsPerSymbol; i++) {
      int in = (q >> i) & 1;
      int out = in ^ ((descrambler >>> 17) & 1) ^ ((descrambler >>> 22) & 1);
      descrambler = (descrambler << 1) | in;
      if (deliver) {
        sink.putBit(out);
      }
    }
  }

  private static double[][] matchedFilter() {
    double[][] t = new double[MF_PHASES][MF_ROW];
    for (int ph = 0; ph < MF_PHASES; ph++) {
      for (int k = 0; k < MF_TAPS; k++) {
        double dt = (MF_HALF - k) + (double) ph / MF_PHASES; // samples from the pulse centre
        t[ph][k] = FilterDesign.rootRaisedCosine(dt / SPS, V17Tx.ROLL_OFF) / SPS;
      }
    }
    return t;
  }

  private static double[][] shifted(int d) {
    double[][] t = new double[MF_PHASES][MF_ROW];
    for (int ph = 0; ph < MF_PHASES; ph++) {
      System.arraycopy(MF[ph], 0, t[ph], d, MF_TAPS);
    }
    return t;
  }

  private static int[] allPoints() {
    int n = 0;
    for (int r : RATES) {
      n += V17Tables.constellation(r).length;
    }
    int[] all = new int[n];
    int p = 0;
    for (int r : RATES) {
      int[] c = V17Tables.constellation(r);
      System.arraycopy(c, 0, all, p, c.length);
      p += c.length;
    }
    return all;
  }

  private static int[] trainingSequence() {
    int total = V17Tables.SEG1_SYMBOLS + V17Tables.SEG2_SYMBOLS + V17Tables.SEG3_SYMBOLS;
    int[] t = new int[total];
    int reg = V17Tables.SCRAMBLER_SEED;
    int abcd = 0;
    for (int i = 0; i < total; i++) {
      if (i < V17Tables.SEG1_SYMBOLS) {
        abcd = i & 1;
      } else if (i < V17Tables.SEG1_SYMBOLS + V17Tables.SEG2_SYMBOLS) {
        int b1 = V17Tables.scramble(reg, 1);
        reg = (reg << 1) | b1;
        int b2 = V17Tables.scramble(reg, 1);
        reg = (reg << 1) | b2;
        abcd = V17Tables.CDBA_TO_ABCD[(b1 << 1) | b2];
      } else {
        int shift = ((i - V17Tables.SEG1_SYMBOLS - V17Tables.SEG2_SYMBOLS) & 7) << 1;
        int b1 = V17Tables.scramble(reg, V17Tables.BRIDGE_WORD >> shift);
        reg = (reg << 1) | b1;
        int b2 = V17Tables.scramble(reg, V17Tables.BRIDGE_WORD >> (shift + 1));
        reg = (reg << 1) | b2;
        abcd = (abcd + V17Tables.DIBIT_TO_STEP[(b1 << 1) | b2]) & 3;
      }
      t[i] = abcd;
    }
    return t;
  }
}
