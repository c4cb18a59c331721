package dev.faxgate.modem;

import dev.faxgate.dsp.PowerMeter;

/**
 * V.29 demodulator, 9600 and 7200 bit/s (structure after spandsp's {@code v29_rx}; own code).
 *
 * <h2>How it works</h2>
 * <ol>
 *   <li><b>Carrier detect.</b> A one-pole power meter (about 4 ms) against the cut-off (default
 *       {@value #DEFAULT_CUTOFF_DBM0} dBm0): up after {@value #ON_HOLD} samples above it, down after
 *       {@value #OFF_HOLD} samples more than {@value CarrierDetect#HYSTERESIS_DB} dB below it
 *       ({@link CarrierDetect}).</li>
 *   <li><b>Front end.</b> The signal is mixed to baseband by a 1700 Hz oscillator into a linear,
 *       double-written delay line; a polyphase root-raised-cosine matched filter (roll-off 0.25, 64
 *       phases) evaluated at the receiver's own T/2 instants (4800 Hz) acts as the interpolator.</li>
 *   <li><b>Symbol timing.</b> A Gardner detector on the T/2 samples moves the interpolation
 *       instants (fast on the A/B alternations of segment 2, slow afterwards).</li>
 *   <li><b>Rate recognition, AGC and coarse carrier.</b> Over symbols
 *       {@value #LOG_START}..{@value #DECIDE_AT} of segment 2 the even and odd symbols are averaged
 *       in two halves. The 225° turn from A to B tells which parity is A; the ratio |A|/|B|
 *       (1.41 at 9600, 0.47 at 7200) tells the rate; B = (-3, 0) fixes the gain (kept for the rest
 *       of the burst), the carrier phase, and, from the turn between the halves, the frequency
 *       offset.</li>
 *   <li><b>Equaliser.</b> A T/2 complex LMS equaliser of {@value #EQ_TAPS} taps (centre tap 1),
 *       followed by the carrier rotation (so there is no loop delay in the carrier loop). It trains
 *       on the known A/B points, then on C/D: the start of segment 3 is found when the outputs leave
 *       the A/B pattern, and pinned to the exact symbol by matching the decided C/D bits against the
 *       1 + x^-6 + x^-7 training sequence; from then on the targets are the known points. In data
 *       mode it adapts decision-directed at a tenth of the training step.</li>
 *   <li><b>Carrier recovery.</b> A proportional-integral phase loop on the equaliser output, against
 *       the known training points and later the decisions.</li>
 *   <li><b>Test of segment 4 and data.</b> The 48 symbols of scrambled 1s are decoded through the
 *       data path; if at least 75 % of the descrambled bits after the descrambler settled are 1,
 *       training has succeeded and every later bit goes to the sink (first data bit = the first bit
 *       after segment 4). Otherwise training failed and the receiver waits for the carrier to drop.</li>
 * </ol>
 * {@link #fillIn(int)} runs the clocks over zeros with every loop and adaptation frozen and the
 * carrier held, so a lost 20 ms packet costs its bits but not the lock. Nothing is allocated
 * after construction. Not thread-safe.
 */
public final class V29Rx implements ModemRx {
  /** The default carrier-detect cut-off, dBm0. */
  public static final double DEFAULT_CUTOFF_DBM0 = CarrierDetect.CUTOFF_DBM0;

  /** The receiver's stages, named after the ITU training segments. */
  public enum Stage {
    /** No carrier. */
    IDLE,
    /** Segment 2: locking the symbol clock on the A/B alternations. */
    SEGMENT_2_SYMBOL_ACQUISITION,
    /** Segment 2: averaging the A and B points for rate, gain, phase and frequency. */
    SEGMENT_2_LOG_ALTERNATIONS,
    /** Segment 2: training the equaliser on the known A/B points, watching for segment 3. */
    SEGMENT_2_TRAIN_ALTERNATIONS,
    /** Segment 3: training the equaliser on C/D. */
    SEGMENT_3_TRAIN_CD,
    /** Segment 4: checking the scrambled 1s. */
    SEGMENT_4_TEST_ONES,
    /** Data. */
    DATA,
    /** Training failed; waiting for the carrier to drop. */
    TRAINING_FAILED
  }

  private static final int SAMPLE_RATE = 8000;
  private static final double SPS = SAMPLE_RATE / 2400.0;
  private static final double HALF_STEP = SAMPLE_RATE / 4800.0;
  private static final int MF_TAPS = 28;
  private static final int MF_PHASES = 64;
  private static final double[][] MF = matchedFilter();
  private static final int EQ_TAPS = 33;
  private static final int EQ_CENTRE = EQ_TAPS / 2;
  /** Symbols by which the equaliser output lags the newest on-time sample. */
  private static final int EQ_DELAY = EQ_CENTRE / 2;
  private static final int ON_HOLD = 24;
  private static final int OFF_HOLD = 40;
  private static final double POWER_ALPHA = 1.0 / 32;
  private static final int LOG_START = 40;
  private static final int LOG_HALF = 32;
  private static final int DECIDE_AT = LOG_START + 2 * LOG_HALF;
  private static final int CD_SYMBOLS = 384;
  private static final int ONES_SYMBOLS = 48;
  private static final int ALIGN_AT = 40;
  private static final int ALIGN_WINDOW = 32;
  private static final int ALIGN_RANGE = 10;
  private static final double EQ_STEP_TRAIN = 0.12;
  private static final double EQ_STEP_DATA = 0.012;
  /** The segment 3 bit sequence (0: C, 1: D) from the training scrambler's seed 0x2A. */
  private static final byte[] CD_BITS = cdBits();

  private final BitSink sink;
  private int expectedRate;
  private int rate;
  private int rateIdx;
  private final CarrierDetect carrier = new CarrierDetect(DEFAULT_CUTOFF_DBM0, 1.0, false, ON_HOLD, OFF_HOLD);

  // front end
  private final double[] cosTab = new double[4096];
  private int ncoPhase;
  private final int ncoStep = (int) Math.round(1700.0 / SAMPLE_RATE * 4294967296.0);
  private final double[] bbRe = new double[2 * MF_TAPS];
  private final double[] bbIm = new double[2 * MF_TAPS];
  private int bbPos;
  private double tcount;
  private boolean onTime;
  private double power;
  private boolean frozen;
  private int refCount;
  private double refPower;
  private static final int REF_SETTLE = 64;
  private static final double JUMP_RATIO = 4.0;

  // timing
  private double prevRe;
  private double prevIm;
  private double midRe;
  private double midIm;
  private double tPower;
  private double timingGain;
  /** The integral part of the timing loop: the clock offset, samples per symbol. */
  private double timingRate;
  private double timingKi;

  private final T2Equaliser eq = new T2Equaliser(EQ_TAPS);
  private double agc;
  private double eqMu;

  // carrier loop
  private double theta;
  private double omega;
  private double kp;
  private double ki;

  // training
  private Stage stage;
  private int symbols;
  private double e1r, e1i, o1r, o1i, e2r, e2i, o2r, o2i;
  private double pSum;
  private double logPower;
  private int parityA;
  private int deviations;
  private int cdIndex;
  private boolean aligned;
  private final byte[] cdDecided = new byte[CD_SYMBOLS + 64];
  private int onesCount;
  private int onesSeen;
  private int prevPhase;
  private int descrambler;

  /** A receiver for {@code bitRate} (9600 or 7200; the rate actually sent is recognised from the training). */
  public V29Rx(int bitRate, BitSink sink) {
    this.sink = sink;
    for (int i = 0; i < cosTab.length; i++) {
      cosTab[i] = Math.cos(2 * Math.PI * i / cosTab.length);
    }
    restart(bitRate, false);
  }

  @Override
  public void restart(int bitRate, boolean shortTrain) {
    rateIdx = V29Constellation.rateIndex(bitRate);
    expectedRate = bitRate;
    rate = bitRate;
    ncoPhase = 0;
    java.util.Arrays.fill(bbRe, 0);
    java.util.Arrays.fill(bbIm, 0);
    bbPos = 0;
    power = 0;
    carrier.reset();
    resetBurst();
  }

  private void resetBurst() {
    stage = Stage.IDLE;
    refCount = 0;
    refPower = 0;
    tcount = 0;
    onTime = false;
    prevRe = prevIm = midRe = midIm = 0;
    tPower = 0;
    timingRate = 0;
    timingKi = 0;
    eq.clearInput();
    eq.resetTaps(EQ_CENTRE);
    agc = 1;
    theta = omega = 0;
    symbols = 0;
    e1r = e1i = o1r = o1i = e2r = e2i = o2r = o2i = 0;
    logPower = 0;
    pSum = 0;
    deviations = 0;
    cdIndex = 0;
    aligned = false;
    onesCount = onesSeen = 0;
    prevPhase = 0;
    descrambler = 0;
  }

  /** The rate recognised from the last training (the configured rate before any). */
  public int bitRate() {
    return rate;
  }

  /** The rate given to the constructor or the last {@link #restart}. */
  public int expectedBitRate() {
    return expectedRate;
  }

  /** The receiver's stage now. */
  public Stage stage() {
    return stage;
  }

  /** The carrier frequency offset the loop has found, Hz. */
  public double carrierOffsetHz() {
    return omega * 2400.0 / (2 * Math.PI);
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
    return stage != Stage.IDLE;
  }

  @Override
  public int rx(short[] amp, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      sample(amp[i]);
    }
    return len;
  }

  @Override
  public void fillIn(int len) {
    if (stage == Stage.IDLE) {
      ncoPhase += ncoStep * len;
      return;
    }
    frozen = true;
    for (int i = 0; i < len; i++) {
      sample(0);
    }
    frozen = false;
  }

  private void sample(int s) {
    double x = s;
    if (!frozen) {
      power += (x * x - power) * POWER_ALPHA;
      if (carrier.up() && restartOnJump()) {
        carrier.clearHold();
      } else if (carrier.update(power)) {
        if (carrier.up()) {
          carrierOn();
        } else {
          resetBurst();
          sink.status(ModemStatus.CARRIER_DOWN);
          return;
        }
      }
    }
    int idx = ncoPhase >>> 20;
    ncoPhase += ncoStep;
    bbPos = bbPos == 0 ? MF_TAPS - 1 : bbPos - 1;
    double re = x * cosTab[idx];
    double im = -x * cosTab[(idx - 1024) & 4095];
    bbRe[bbPos] = re;
    bbRe[bbPos + MF_TAPS] = re;
    bbIm[bbPos] = im;
    bbIm[bbPos + MF_TAPS] = im;
    if (stage == Stage.IDLE) {
      return;
    }
    tcount += 1.0;
    if (tcount >= HALF_STEP) {
      tcount -= HALF_STEP;
      double mu = tcount;
      if (mu < 0) {
        mu = 0;
      } else if (mu > 1) {
        mu = 1;
      }
      double[] h = MF[(int) (mu * MF_PHASES + 0.5)];
      double[] xr = bbRe;
      double[] xi = bbIm;
      // four partial sums: one chain of dependent adds was the limit
      double r0 = 0, r1 = 0, r2 = 0, r3 = 0;
      double i0 = 0, i1 = 0, i2 = 0, i3 = 0;
      for (int k = 0, p = bbPos; k < MF_TAPS; k += 4, p += 4) {
        r0 += h[k] * xr[p];
        i0 += h[k] * xi[p];
        r1 += h[k + 1] * xr[p + 1];
        i1 += h[k + 1] * xi[p + 1];
        r2 += h[k + 2] * xr[p + 2];
        i2 += h[k + 2] * xi[p + 2];
        r3 += h[k + 3] * xr[p + 3];
        i3 += h[k + 3] * xi[p + 3];
      }
      double yr = (r0 + r1) + (r2 + r3);
      double yi = (i0 + i1) + (i2 + i3);
      halfSymbol(yr, yi);
    }
  }

  /**
   * Noise (or a tail) can hold the carrier up before the training starts: a rise of the power by
   * more than 6 dB over its settled level starts the training again, until the equaliser trains.
   */
  private boolean restartOnJump() {
    if (refCount < REF_SETTLE) {
      if (++refCount == REF_SETTLE) {
        refPower = power;
      }
      return false;
    }
    boolean early = stage != Stage.DATA;
    if (early && power > JUMP_RATIO * refPower) {
      resetBurst();
      stage = Stage.SEGMENT_2_SYMBOL_ACQUISITION;
      timingGain = 0.15;
      sink.status(ModemStatus.TRAINING_IN_PROGRESS);
      return true;
    }
    return false;
  }

  private void carrierOn() {
    resetBurst();
    stage = Stage.SEGMENT_2_SYMBOL_ACQUISITION;
    timingGain = 0.15;
    sink.status(ModemStatus.CARRIER_UP);
    sink.status(ModemStatus.TRAINING_IN_PROGRESS);
  }

  private void halfSymbol(double yr, double yi) {
    yr *= agc;
    yi *= agc;
    eq.push(yr, yi);
    onTime = !onTime;
    if (!onTime) {
      midRe = yr;
      midIm = yi;
      return;
    }
    // Gardner timing error on the pre-equaliser samples
    double p = yr * yr + yi * yi;
    tPower += (p - tPower) * 0.05;
    if (!frozen && tPower > 0) {
      double e = ((yr - prevRe) * midRe + (yi - prevIm) * midIm) / tPower;
      timingRate += timingKi * e;
      double adj = timingGain * e + timingRate;
      if (adj > 0.1) {
        adj = 0.1;
      } else if (adj < -0.1) {
        adj = -0.1;
      }
      tcount += adj;
    }
    prevRe = yr;
    prevIm = yi;
    symbol(yr, yi);
  }

  private void symbol(double yr, double yi) {
    int n = symbols++;
    switch (stage) {
      case SEGMENT_2_SYMBOL_ACQUISITION:
        if (n + 1 >= LOG_START) {
          stage = Stage.SEGMENT_2_LOG_ALTERNATIONS;
          timingGain = 0.05;
        }
        return;
      case SEGMENT_2_LOG_ALTERNATIONS:
        logAlternation(n, yr, yi);
        if (n + 1 >= DECIDE_AT) {
          decide();
        }
        return;
      case TRAINING_FAILED:
        return;
      default:
        break;
    }
    // equaliser output, rotated by the carrier phase
    eq.output();
    double zr = eq.outRe;
    double zi = eq.outIm;
    double cos = FastTrig.cos(theta);
    double sin = FastTrig.sin(theta);
    double ur = zr * cos + zi * sin;
    double ui = zi * cos - zr * sin;
    double tr;
    double ti;
    switch (stage) {
      case SEGMENT_2_TRAIN_ALTERNATIONS: {
        double[] t = (n & 1) == parityA ? V29Constellation.A[rateIdx] : V29Constellation.B[rateIdx];
        double[] c = V29Constellation.C[rateIdx];
        double[] d = V29Constellation.D[rateIdx];
        double dt = dist(ur, ui, t);
        double dcd = Math.min(dist(ur, ui, c), dist(ur, ui, d));
        if (dcd < dt) {
          if (++deviations >= 2) {
            // segment 3 started at the first of the deviating symbols
            stage = Stage.SEGMENT_3_TRAIN_CD;
            // the first deviating symbol's decision is gone; the alignment does not need it
            cdDecided[0] = 0;
            boolean isD = dist(ur, ui, d) < dist(ur, ui, c);
            cdDecided[1] = (byte) (isD ? 1 : 0);
            t = isD ? d : c;
            cdIndex = 2;
          }
        } else {
          deviations = 0;
        }
        tr = t[0];
        ti = t[1];
        if (n > DECIDE_AT + 200) {
          fail();
          return;
        }
        break;
      }
      case SEGMENT_3_TRAIN_CD: {
        double[] c = V29Constellation.C[rateIdx];
        double[] d = V29Constellation.D[rateIdx];
        boolean isD;
        if (aligned) {
          isD = CD_BITS[cdIndex] != 0;
        } else {
          isD = dist(ur, ui, d) < dist(ur, ui, c);
          cdDecided[cdIndex] = (byte) (isD ? 1 : 0);
        }
        double[] t = isD ? d : c;
        tr = t[0];
        ti = t[1];
        cdIndex++;
        if (!aligned && cdIndex == ALIGN_AT) {
          align();
        }
        if (cdIndex >= CD_SYMBOLS) {
          stage = Stage.SEGMENT_4_TEST_ONES;
          prevPhase = 0;
          onesCount = onesSeen = 0;
                eqMu = EQ_STEP_DATA * 3 / (EQ_TAPS * pSum);
        }
        break;
      }
      default: {
        // data path: segment 4 and data
        int best = nearest(ur, ui);
        tr = V29Constellation.RE[best];
        ti = V29Constellation.IM[best];
        int ph = best & 7;
        int tribit = V29Constellation.STEP_TO_TRIBIT[(ph - prevPhase) & 7];
        prevPhase = ph;
        if (rateIdx == 0) {
          dataBit(best >> 3);
        }
        dataBit(tribit >> 2);
        dataBit((tribit >> 1) & 1);
        dataBit(tribit & 1);
        if (stage == Stage.SEGMENT_4_TEST_ONES && ++onesSeen >= ONES_SYMBOLS) {
          int total = (ONES_SYMBOLS - 12) * (rateIdx == 0 ? 4 : 3);
          if (onesCount >= total * 3 / 4) {
            stage = Stage.DATA;
            eqMu = EQ_STEP_DATA / (EQ_TAPS * pSum);
            kp = 0.05;
            ki = 0.0005;
            timingGain = 0.01;
            timingKi = 2e-5;
            sink.status(ModemStatus.TRAINING_SUCCEEDED);
          } else {
            fail();
            return;
          }
        }
        break;
      }
    }
    if (frozen) {
      return;
    }
    // carrier loop
    double er = tr - ur;
    double ei = ti - ui;
    double mag = tr * tr + ti * ti;
    if (mag > 0) {
      double pe = (ui * tr - ur * ti) / mag;
      omega += ki * pe;
      theta += omega + kp * pe;
    } else {
      theta += omega;
    }
    if (theta > Math.PI) {
      theta -= 2 * Math.PI;
    } else if (theta < -Math.PI) {
      theta += 2 * Math.PI;
    }
    // LMS, error rotated back to the equaliser's frame: applied with the next output pass
    eq.adapt((er * cos - ei * sin) * eqMu, (ei * cos + er * sin) * eqMu);
  }

  private void dataBit(int bit) {
    int out = (bit ^ (descrambler >>> 17) ^ (descrambler >>> 22)) & 1;
    descrambler = (descrambler << 1) | bit;
    if (stage == Stage.DATA) {
      sink.putBit(out);
    } else if (onesSeen >= 12) {
      onesCount += out;
    }
  }

  private void fail() {
    stage = Stage.TRAINING_FAILED;
    sink.status(ModemStatus.TRAINING_FAILED);
  }

  /** The nearest point of the rate's constellation (a grid lookup: the scan was a fifth of the cost). */
  private int nearest(double ur, double ui) {
    return (rateIdx == 0 ? NEAREST_9600 : NEAREST_7200).nearest(ur, ui);
  }

  static final NearestPointGrid NEAREST_9600 =
      new NearestPointGrid(V29Constellation.RE, V29Constellation.IM, 16, 8, 4);
  static final NearestPointGrid NEAREST_7200 =
      new NearestPointGrid(V29Constellation.RE, V29Constellation.IM, 8, 8, 4);

  private static double dist(double ur, double ui, double[] p) {
    double dr = ur - p[0];
    double di = ui - p[1];
    return dr * dr + di * di;
  }

  private void restartAcquisition() {
    stage = Stage.SEGMENT_2_LOG_ALTERNATIONS;
    symbols = LOG_START;
    e1r = e1i = o1r = o1i = e2r = e2i = o2r = o2i = 0;
    logPower = 0;
  }

  private void logAlternation(int n, double yr, double yi) {
    logPower += yr * yr + yi * yi;
    boolean even = (n & 1) == 0;
    boolean first = n < LOG_START + LOG_HALF;
    if (first) {
      if (even) {
        e1r += yr;
        e1i += yi;
      } else {
        o1r += yr;
        o1i += yi;
      }
    } else if (even) {
      e2r += yr;
      e2i += yi;
    } else {
      o2r += yr;
      o2i += yi;
    }
  }

  /** Rate, gain, phase and frequency from the logged alternations; starts the equaliser training. */
  private void decide() {
    double er = e1r + e2r;
    double ei = e1i + e2i;
    double or = o1r + o2r;
    double oi = o1i + o2i;
    // O * conj(E): -135° if E is A, +135° if E is B
    double ri = oi * er - or * ei;
    double b1r;
    double b1i;
    double b2r;
    double b2i;
    double ar;
    double ai;
    double br;
    double bi;
    // real alternations: the two averages far apart compared with the power of the samples
    int perParity = LOG_HALF;
    double sepR = (er - or) / perParity;
    double sepI = (ei - oi) / perParity;
    if ((sepR * sepR + sepI * sepI) < 0.8 * logPower / (2 * LOG_HALF)) {
      // not A/B (noise holding the carrier up, or the signal started mid-way): look again
      restartAcquisition();
      return;
    }
    if (ri < 0) {
      parityA = 0;
      ar = er;
      ai = ei;
      br = or;
      bi = oi;
      b1r = o1r;
      b1i = o1i;
      b2r = o2r;
      b2i = o2i;
    } else {
      parityA = 1;
      ar = or;
      ai = oi;
      br = er;
      bi = ei;
      b1r = e1r;
      b1i = e1i;
      b2r = e2r;
      b2i = e2i;
    }
    double magA = Math.hypot(ar, ai);
    double magB = Math.hypot(br, bi);
    if (magB <= 0) {
      fail();
      return;
    }
    rateIdx = magA / magB > 0.8 ? 0 : 1;
    rate = rateIdx == 0 ? 9600 : 7200;
    // gain: B is (-3, 0)
    double perHalf = LOG_HALF / 2.0;
    agc = 3.0 / (magB / (2 * perHalf));
    // frequency: turn of B between the halves, LOG_HALF symbols apart
    double dr = b2r * b1r + b2i * b1i;
    double di = b2i * b1r - b2r * b1i;
    omega = Math.atan2(di, dr) / LOG_HALF;
    // phase of B in the second half (centred at symbol LOG_START + 1.5 LOG_HALF), against (-3, 0)
    double phase2 = Math.atan2(-b2i, -b2r);
    int now = DECIDE_AT; // the next symbol's index
    theta = phase2 + omega * (now - (LOG_START + 1.5 * LOG_HALF) - EQ_DELAY);
    // scale what the equaliser already holds
    eq.scaleInput(agc);
    prevRe *= agc;
    prevIm *= agc;
    tPower *= agc * agc;
    double ms = 0;
    int pts = rateIdx == 0 ? 16 : 8;
    for (int i = 0; i < pts; i++) {
      ms += V29Constellation.RE[i] * V29Constellation.RE[i] + V29Constellation.IM[i] * V29Constellation.IM[i];
    }
    pSum = ms / pts / 2; // T/2 samples: about half the symbol power on the off-time ones
    eqMu = EQ_STEP_TRAIN / (EQ_TAPS * pSum);
    kp = 0.1;
    ki = 0.004;
    timingGain = 0.02;
    stage = Stage.SEGMENT_2_TRAIN_ALTERNATIONS;
    deviations = 0;
  }

  /** Pins the C/D position: the offset at which the decided bits best match the training sequence. */
  private void align() {
    int bestD = 0;
    int bestErr = Integer.MAX_VALUE;
    for (int d = -ALIGN_RANGE; d <= ALIGN_RANGE; d++) {
      int err = 0;
      for (int j = cdIndex - ALIGN_WINDOW; j < cdIndex; j++) {
        int r = j + d;
        if (r < 0 || r >= CD_SYMBOLS) {
          err += 1;
          continue;
        }
        err += CD_BITS[r] != cdDecided[j] ? 1 : 0;
      }
      if (err < bestErr) {
        bestErr = err;
        bestD = d;
      }
    }
    cdIndex += bestD;
    aligned = true;
  }

  private static byte[] cdBits() {
    byte[] b = new byte[CD_SYMBOLS + 64];
    int reg = 0x2A;
    for (int i = 0; i < b.length; i++) {
      int bit = reg & 1;
      reg >>= 1;
      reg |= ((bit ^ reg) & 1) << 6;
      b[i] = (byte) bit;
    }
    return b;
  }

  private static double[][] matchedFilter() {
    double[][] t = new double[MF_PHASES + 1][MF_TAPS];
    double centre = (MF_TAPS - 1) / 2.0;
    for (int p = 0; p <= MF_PHASES; p++) {
      double mu = (double) p / MF_PHASES;
      for (int k = 0; k < MF_TAPS; k++) {
        t[p][k] = rrcAt((k - mu - centre) / SPS) / 32768.0;
      }
    }
    return t;
  }

  private static double rrcAt(double t) {
    double beta = 0.25;
    if (Math.abs(t) < 1e-9) {
      return 1.0 - beta + 4.0 * beta / Math.PI;
    }
    if (Math.abs(Math.abs(t) - 1.0 / (4.0 * beta)) < 1e-9) {
      double a = Math.PI / (4.0 * beta);
      return beta / Math.sqrt(2.0) * ((1.0 + 2.0 / Math.PI) * Math.sin(a) + (1.0 - 2.0 / Math.PI) * Math.cos(a));
    }
    double d = 4.0 * beta * t;
    double w = 0.5 * (1 + Math.cos(Math.PI * t / 5.0)); // Hann taper over ±5 symbols
    if (Math.abs(t) > 5.0) {
      w = 0;
    }
    return w * (Math.sin(Math.PI * t * (1.0 - beta)) + d * Math.cos(Math.PI * t * (1.0 + beta)))
        / (Math.PI * t * (1.0 - d * d));
  }
}
