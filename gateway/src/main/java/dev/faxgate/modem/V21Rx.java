package dev.faxgate.modem;

import dev.faxgate.dsp.PowerMeter;

/**
 * V.21 FSK demodulator, 300 bit/s, channel 1 or 2, for T.30's HDLC control channel.
 *
 * <h2>How it works</h2>
 * <ol>
 *   <li><b>Tone products.</b> Each sample is multiplied by the complex conjugate of the mark and of
 *       the space tone, from integer tables one common period long (160 samples for channel 2, 400
 *       for channel 1), so the sums below are exact integers held in doubles and never drift.</li>
 *   <li><b>Bit timing.</b> The tone products are summed per half bit of the receiver's bit clock.
 *       A one-bit window of those sums gives a soft tone discriminator
 *       {@code D = (|Cm|^2 - |Cs|^2) / (|Cm|^2 + |Cs|^2)} in -1..1, independent of the level: at
 *       each bit end over the bit just ended, and half-way over the window straddling the last
 *       boundary (so no delay line is needed). A Gardner detector on those strobes, {@code e = D(mid) * (D(k) - D(k-1))}, pulls the clock
 *       onto the transitions (a fast gain for the first bits after the carrier comes up, then a
 *       slow one; the fast gain comes back when the in-band power jumps by 3 dB, as when a signal
 *       starts in noise that already holds the carrier up). Runs of equal bits give no error and
 *       no drift.</li>
 *   <li><b>Bit decisions over five bits.</b> spandsp decides each bit alone from the two one-bit
 *       correlations (non-coherent FSK). Here the mark and space correlations of each bit interval
 *       are kept for the last five bits, and the middle bit is decided by matching all 32
 *       phase-continuous five-bit waveforms (V.21's FSK is continuous-phase with a modulation index of
 *       2/3, so the phase left by one bit is known for the next): the bit of the best-matching
 *       waveform wins (the max-log form of Osborne and Luntz's non-coherent CPFSK detector). The
 *       waveform's own phase stays unknown, so no carrier recovery is needed and a frequency offset
 *       of tens of Hz costs little. The bits come out two bits (6.7 ms) late. On faxpeer's noisy
 *       files (V21InteropIT's sweep) this receiver still gets 90 % of the frames through at -4 dB
 *       SNR, where spandsp's gets about half of them at 0 dB.</li>
 *   <li><b>Carrier detect.</b> The in-band power (the signal mixed to baseband at the channel's
 *       centre and low-passed at 500 Hz) is compared with the cut-off (default
 *       {@value #DEFAULT_CUTOFF_DBM0} dBm0): the carrier comes up after 3 ms above it and goes down
 *       after 8 ms more than 3 dB below it. Bits are delivered only while the carrier is up, and
 *       not for bit intervals much weaker than the burst (the tail after the far end stops).</li>
 * </ol>
 * It costs about as much CPU as spandsp's {@code fsk_rx} (0.012 % of a core). Nothing is allocated
 * after construction. Not thread-safe.
 */
public final class V21Rx implements ModemRx {
  /** The only bit rate. */
  public static final int BIT_RATE = 300;
  /** The default carrier-detect cut-off, dBm0: weak enough for a -43 dBm0 signal. */
  public static final double DEFAULT_CUTOFF_DBM0 = CarrierDetect.CUTOFF_DBM0;

  private static final int SAMPLE_RATE = 8000;
  /** Bit clock advance per sample, in bits. */
  private static final double BIT_STEP = (double) BIT_RATE / SAMPLE_RATE;
  /** Integer scale of the tone tables. */
  private static final double TABLE_SCALE = 16384.0;
  /** Bits in the decision window, and the position of the decided bit in it. */
  private static final int SPAN = 5;
  private static final int MIDDLE = SPAN / 2;
  private static final int PATTERNS = 1 << SPAN;
  /** Timing loop gains: while acquiring (the first {@link #ACQUIRE_BITS} bits after carrier up), then tracking. */
  private static final double GAIN_ACQUIRE = 0.08;
  private static final double GAIN_TRACK = 0.02;
  private static final int ACQUIRE_BITS = 48;
  /**
   * A signal that starts while noise already holds the carrier up: the in-band power over about
   * 5 bits (17 ms) rising above {@link #STEP_RATIO} times its average over about 64 bits (210 ms)
   * starts the fast timing gain again. Updated once per bit.
   */
  private static final double MID_ALPHA = 0.2;
  private static final double SLOW_ALPHA = 1.0 / 64;
  private static final double STEP_RATIO = 2.0;
  /** Carrier detect: the low-pass corner, the power smoothing, and the hold times. */
  private static final double LOWPASS_HZ = 500.0;
  private static final double POWER_ALPHA = 0.05;
  private static final int ON_HOLD_SAMPLES = 24;
  private static final int OFF_HOLD_SAMPLES = 64;
  /** A bit interval is delivered only if its energy is above this fraction of the burst's average. */
  private static final double WEAK_BIT_FRACTION = 0.1;

  private final V21Channel channel;
  private final BitSink sink;

  // tables, one common period of the mark, space and centre tones
  private final int period;
  private final double[] markRe;
  private final double[] markIm;
  private final double[] spaceRe;
  private final double[] spaceIm;
  private final double[] centreRe;
  private final double[] centreIm;
  /** exp(-j (w_mark - w_space) n): the phase step a mark-to-space transition at sample n leaves. */
  private final double[] turnRe;
  private final double[] turnIm;
  private int tableIndex;

  // correlations of the current half bit, of the first half of the current bit, and of the
  // second half of the previous bit
  private double halfMr;
  private double halfMi;
  private double halfSr;
  private double halfSi;
  private double firstMr;
  private double firstMi;
  private double firstSr;
  private double firstSi;
  private double lastMr;
  private double lastMi;
  private double lastSr;
  private double lastSi;
  private double segEnergy;
  private double segTurnRe;
  private double segTurnIm;

  // the last SPAN bit intervals, oldest first
  private final double[] hMr = new double[SPAN];
  private final double[] hMi = new double[SPAN];
  private final double[] hSr = new double[SPAN];
  private final double[] hSi = new double[SPAN];
  private final double[] hEnergy = new double[SPAN];
  private final double[] hTurnRe = new double[SPAN];
  private final double[] hTurnIm = new double[SPAN];
  // the waveform tree of decide(): sums and accumulated phase turns, one slot per node of a level
  private final double[] treeAccRe = new double[PATTERNS];
  private final double[] treeAccIm = new double[PATTERNS];
  private final double[] treeTurnRe = new double[PATTERNS];
  private final double[] treeTurnIm = new double[PATTERNS];

  // bit clock
  private double bitPhase;
  private boolean midTaken;
  private double dMid;
  private double dLast;
  private int acquireBits;

  // carrier detect
  private final double lowpassAlpha;
  private final double lowpassGain;
  private double lp1r;
  private double lp1i;
  private double lp2r;
  private double lp2i;
  private double power;
  private double midPower;
  private double slowPower;
  /** Up after {@value #ON_HOLD_SAMPLES} samples at or above the cut-off: bits are delivered only then. */
  private final CarrierDetect carrier =
      new CarrierDetect(DEFAULT_CUTOFF_DBM0, 1.0, true, ON_HOLD_SAMPLES, OFF_HOLD_SAMPLES);
  private double burstEnergy;

  /** A receiver with the default cut-off, {@value #DEFAULT_CUTOFF_DBM0} dBm0. */
  public V21Rx(V21Channel channel, BitSink sink) {
    this.channel = channel;
    this.sink = sink;
    this.period = commonPeriod(channel.markHz, channel.spaceHz);
    markRe = new double[period];
    markIm = new double[period];
    spaceRe = new double[period];
    spaceIm = new double[period];
    centreRe = new double[period];
    centreIm = new double[period];
    turnRe = new double[period];
    turnIm = new double[period];
    for (int n = 0; n < period; n++) {
      double m = 2 * Math.PI * channel.markHz * (double) n / SAMPLE_RATE;
      double s = 2 * Math.PI * channel.spaceHz * (double) n / SAMPLE_RATE;
      double c = 2 * Math.PI * channel.centreHz() * (double) n / SAMPLE_RATE;
      markRe[n] = Math.rint(TABLE_SCALE * Math.cos(m));
      markIm[n] = -Math.rint(TABLE_SCALE * Math.sin(m));
      spaceRe[n] = Math.rint(TABLE_SCALE * Math.cos(s));
      spaceIm[n] = -Math.rint(TABLE_SCALE * Math.sin(s));
      centreRe[n] = Math.cos(c);
      centreIm[n] = -Math.sin(c);
      turnRe[n] = Math.cos(m - s);
      turnIm[n] = -Math.sin(m - s);
    }
    lowpassAlpha = 1.0 - Math.exp(-2 * Math.PI * LOWPASS_HZ / SAMPLE_RATE);
    // two one-pole sections: |H|^2 at the tones, 100 Hz off the centre
    double w = 2 * Math.PI * (channel.spaceHz - channel.markHz) / 2.0 / SAMPLE_RATE;
    double pole = 1.0 - lowpassAlpha;
    double h2 = lowpassAlpha * lowpassAlpha / (1 - 2 * pole * Math.cos(w) + pole * pole);
    lowpassGain = h2 * h2;
    restart(BIT_RATE, false);
  }

  /** The channel this receiver listens to. */
  public V21Channel channel() {
    return channel;
  }

  /** The smallest number of samples holding a whole number of cycles of both tones (and of the centre). */
  private static int commonPeriod(int markHz, int spaceHz) {
    int p = 1;
    while ((long) markHz * p % SAMPLE_RATE != 0 || (long) spaceHz * p % SAMPLE_RATE != 0
        || (long) (markHz + spaceHz) * p % (2L * SAMPLE_RATE) != 0) {
      p++;
    }
    return p;
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
  public void restart(int bitRate, boolean shortTrain) {
    if (bitRate != BIT_RATE) {
      throw new IllegalArgumentException("V.21 runs at 300 bit/s, not " + bitRate);
    }
    tableIndex = 0;
    firstMr = firstMi = firstSr = firstSi = 0;
    lastMr = lastMi = lastSr = lastSi = 0;
    java.util.Arrays.fill(hMr, 0);
    java.util.Arrays.fill(hMi, 0);
    java.util.Arrays.fill(hSr, 0);
    java.util.Arrays.fill(hSi, 0);
    java.util.Arrays.fill(hEnergy, 0);
    java.util.Arrays.fill(hTurnRe, 1);
    java.util.Arrays.fill(hTurnIm, 0);
    startSegment();
    bitPhase = 0;
    midTaken = false;
    dMid = dLast = 0;
    acquireBits = ACQUIRE_BITS;
    lp1r = lp1i = lp2r = lp2i = 0;
    power = 0;
    midPower = 0;
    slowPower = 0;
    carrier.reset();
    burstEnergy = 0;
  }

  @Override
  public int rx(short[] amp, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      sample(amp[i], true);
    }
    return len;
  }

  @Override
  public void fillIn(int len) {
    for (int i = 0; i < len; i++) {
      sample(0, false);
    }
  }

  private void sample(double x, boolean measurePower) {
    int t = tableIndex;
    double pMr = x * markRe[t];
    double pMi = x * markIm[t];
    double pSr = x * spaceRe[t];
    double pSi = x * spaceIm[t];

    // this half bit's correlations
    halfMr += pMr;
    halfMi += pMi;
    halfSr += pSr;
    halfSi += pSi;
    segEnergy += x * x;

    if (measurePower) {
      measure(x, t);
    }
    tableIndex = t + 1 == period ? 0 : t + 1;

    bitPhase += BIT_STEP;
    if (!midTaken && bitPhase >= 0.5) {
      // half way: the one-bit window straddling the boundary is the previous bit's second half
      // and this bit's first half
      midTaken = true;
      firstMr = halfMr;
      firstMi = halfMi;
      firstSr = halfSr;
      firstSi = halfSi;
      halfMr = halfMi = halfSr = halfSi = 0;
      dMid = discriminator(lastMr + firstMr, lastMi + firstMi, lastSr + firstSr, lastSi + firstSi);
    }
    if (bitPhase >= 1.0) {
      bitPhase -= 1.0;
      endOfBit();
    }
  }

  /** The soft tone decision of a one-bit window's correlations, -1 (space) .. +1 (mark), whatever the level. */
  private static double discriminator(double mr, double mi, double sr, double si) {
    double em = mr * mr + mi * mi;
    double es = sr * sr + si * si;
    return (em - es) / (em + es + 1.0);
  }

  private void measure(double x, int t) {
    double zr = x * centreRe[t];
    double zi = x * centreIm[t];
    double a = lowpassAlpha;
    lp1r += a * (zr - lp1r);
    lp1i += a * (zi - lp1i);
    lp2r += a * (lp1r - lp2r);
    lp2i += a * (lp1i - lp2i);
    // a real tone of mean square P gives |z|^2 = P/2 at baseband
    double ms = 2.0 * (lp2r * lp2r + lp2i * lp2i) / lowpassGain;
    power += POWER_ALPHA * (ms - power);
    if (carrier.update(power)) {
      if (carrier.up()) {
        acquireBits = ACQUIRE_BITS;
        burstEnergy = 0;
        slowPower = midPower = power;
        sink.status(ModemStatus.CARRIER_UP);
      } else {
        sink.status(ModemStatus.CARRIER_DOWN);
      }
    }
  }

  /** The sample just processed was the last of a bit interval. */
  private void endOfBit() {
    double segMr = firstMr + halfMr;
    double segMi = firstMi + halfMi;
    double segSr = firstSr + halfSr;
    double segSi = firstSi + halfSi;
    lastMr = halfMr;
    lastMi = halfMi;
    lastSr = halfSr;
    lastSi = halfSi;
    firstMr = firstMi = firstSr = firstSi = 0;

    // timing: Gardner's detector on the discriminator strobes
    double d = discriminator(segMr, segMi, segSr, segSi);
    double err = dMid * (d - dLast);
    dLast = d;
    midTaken = false;
    double gain = acquireBits > 0 ? GAIN_ACQUIRE : GAIN_TRACK;
    bitPhase += gain * err;
    midPower += MID_ALPHA * (power - midPower);
    slowPower += SLOW_ALPHA * (power - slowPower);
    if (carrier.up()) {
      if (midPower > STEP_RATIO * slowPower) {
        acquireBits = ACQUIRE_BITS; // a stronger signal came: acquire its timing afresh
        slowPower = midPower;
      } else if (acquireBits > 0) {
        acquireBits--;
      }
    }

    // keep this interval's correlations, oldest first
    for (int k = 0; k < SPAN - 1; k++) {
      hMr[k] = hMr[k + 1];
      hMi[k] = hMi[k + 1];
      hSr[k] = hSr[k + 1];
      hSi[k] = hSi[k + 1];
      hEnergy[k] = hEnergy[k + 1];
      hTurnRe[k] = hTurnRe[k + 1];
      hTurnIm[k] = hTurnIm[k + 1];
    }
    hMr[SPAN - 1] = segMr;
    hMi[SPAN - 1] = segMi;
    hSr[SPAN - 1] = segSr;
    hSi[SPAN - 1] = segSi;
    hEnergy[SPAN - 1] = segEnergy;
    hTurnRe[SPAN - 1] = segTurnRe;
    hTurnIm[SPAN - 1] = segTurnIm;
    startSegment();
    flushDenormals();

    if (carrier.up()) {
      double e = hEnergy[MIDDLE];
      if (burstEnergy == 0) {
        burstEnergy = e;
      }
      if (e >= WEAK_BIT_FRACTION * burstEnergy) {
        burstEnergy += 0.125 * (e - burstEnergy);
        sink.putBit(decide());
      }
    }
  }

  /** A new bit interval starts with the next sample: note the phase step a transition there leaves. */
  private void startSegment() {
    halfMr = halfMi = halfSr = halfSi = 0;
    segEnergy = 0;
    segTurnRe = turnRe[tableIndex];
    segTurnIm = turnIm[tableIndex];
  }

  /**
   * The middle bit of the window: the bit of the phase-continuous 5-bit waveform that fits best.
   * The 32 waveforms are built as a tree, one bit interval per level, so each shares its prefix's
   * sum: 62 complex multiply-adds per bit instead of 160. Node {@code j} of level {@code k} holds the
   * waveform whose bits, oldest first, are the binary digits of {@code j}; a level is computed in
   * place from the top index down, since node {@code j}'s parent is {@code j >> 1}.
   */
  private int decide() {
    double[] aR = treeAccRe;
    double[] aI = treeAccIm;
    double[] fR = treeTurnRe;
    double[] fI = treeTurnIm;
    aR[0] = hSr[0];
    aI[0] = hSi[0];
    aR[1] = hMr[0];
    aI[1] = hMi[0];
    fR[0] = fR[1] = 1;
    fI[0] = fI[1] = 0;
    for (int k = 1; k < SPAN; k++) {
      double tR = hTurnRe[k];
      double tI = hTurnIm[k];
      double mR = hMr[k];
      double mI = hMi[k];
      double sR = hSr[k];
      double sI = hSi[k];
      for (int j = (2 << k) - 1; j >= 0; j--) {
        int parent = j >>> 1;
        int bit = j & 1;
        double pR = fR[parent];
        double pI = fI[parent];
        if (bit != (parent & 1)) {
          // mark -> space multiplies by the turn, space -> mark by its conjugate
          double t = bit == 0 ? tI : -tI;
          double r = pR * tR - pI * t;
          pI = pR * t + pI * tR;
          pR = r;
        }
        double cR = bit != 0 ? mR : sR;
        double cI = bit != 0 ? mI : sI;
        double accR = aR[parent] + pR * cR - pI * cI;
        double accI = aI[parent] + pR * cI + pI * cR;
        aR[j] = accR;
        aI[j] = accI;
        fR[j] = pR;
        fI[j] = pI;
      }
    }
    double best0 = 0;
    double best1 = 0;
    for (int j = 0; j < PATTERNS; j++) {
      double metric = aR[j] * aR[j] + aI[j] * aI[j];
      if (((j >>> (SPAN - 1 - MIDDLE)) & 1) != 0) {
        if (metric > best1) {
          best1 = metric;
        }
      } else if (metric > best0) {
        best0 = metric;
      }
    }
    return best1 >= best0 ? 1 : 0;
  }

  /** The low-pass state decays towards zero in silence; keep it out of the slow subnormal range. */
  private void flushDenormals() {
    if (Math.abs(lp1r) < 1e-30) {
      lp1r = 0;
    }
    if (Math.abs(lp1i) < 1e-30) {
      lp1i = 0;
    }
    if (Math.abs(lp2r) < 1e-30) {
      lp2r = 0;
    }
    if (Math.abs(lp2i) < 1e-30) {
      lp2i = 0;
    }
    if (power < 1e-30) {
      power = 0;
    }
    if (midPower < 1e-30) {
      midPower = 0;
    }
    if (slowPower < 1e-30) {
      slowPower = 0;
    }
  }
}
