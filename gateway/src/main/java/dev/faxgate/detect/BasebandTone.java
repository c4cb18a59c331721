package dev.faxgate.detect;

import dev.faxgate.dsp.DelayLine;
import dev.faxgate.dsp.Dsp;
import dev.faxgate.dsp.FilterDesign;
import dev.faxgate.dsp.IirCascade;
import dev.faxgate.dsp.Nco;

/**
 * The front end of the single-tone detectors: brings the band around {@code f0} to complex
 * baseband and measures, once per millisecond ("tick"), how much of the signal is a tone near
 * {@code f0} and at what frequency.
 *
 * <ol>
 *   <li>Mix with {@code e^(−j·2π·f0·n/fs)} (an NCO table lookup), and integrate-and-dump over
 *       {@link #DECIMATION} samples: a boxcar with nulls at multiples of 1 kHz, decimating to a
 *       1 kHz tick rate. The mean square of the input is summed alongside.</li>
 *   <li>Low-pass the baseband with a 4th-order Butterworth at {@link #LOWPASS_HZ} (run at the
 *       tick rate, so about 2.5 multiplies per input sample): {@code z}, whose magnitude is 4·A
 *       for a tone of amplitude A near f0.</li>
 *   <li>{@link #tonePower} ({@code |z|²/32}, the tone's own mean square) and {@link #totalPower}
 *       (the input's mean square, delayed by the low-pass's group delay so that both follow an
 *       envelope in step: ANSam's 15 Hz AM would otherwise swing their ratio by ±15 %), both
 *       smoothed over 8 ticks, give the purity of the tone: their ratio is 1 for a clean tone
 *       and falls with anything else in the channel.</li>
 *   <li>The frequency offset from f0 is the smoothed rotation of {@code z} per tick
 *       ({@code z·conj(z')}); the rotation of {@code z²} gives twice the offset and ignores
 *       180° phase reversals, which the answer tone has.</li>
 * </ol>
 *
 * <p>Denormals: a constant {@link #ANTI_DENORMAL} is added to the low-pass inputs and to the
 * power, so every recursive state settles on a normal number in digital silence instead of
 * decaying through denormals (see faxpeer's finding 8 about spandsp's detectors).
 */
final class BasebandTone {

  /** Input samples per tick. */
  static final int DECIMATION = 8;
  /** Ticks per second. */
  static final double TICK_RATE = (double) Dsp.SAMPLE_RATE / DECIMATION;
  /** Cut-off of the baseband low-pass, Hz: −0.01 dB at ±38 Hz, −9 dB at ±100 Hz, −34 dB at ±190 Hz. */
  static final double LOWPASS_HZ = 80.0;
  /** Power smoothing per tick (an 8 ms time constant). */
  private static final double POWER_SMOOTHING = 1.0 / 8.0;
  /** Smoothing of the rotation estimates per tick (16 ms). */
  private static final double ROTATION_SMOOTHING = 1.0 / 16.0;
  /** Keeps recursive states normal in digital silence. */
  static final double ANTI_DENORMAL = 1e-20;
  private static final double[] LOWPASS = FilterDesign.butterworthLowPass(4, LOWPASS_HZ, TICK_RATE);
  private static final double RADIANS_TO_HZ = TICK_RATE / (2.0 * Math.PI);
  /** The low-pass's group delay in ticks (5.2 ms): the total power is delayed to match it. */
  static final int LOWPASS_DELAY_TICKS = 5;

  private final double f0;
  private final int rate;
  private final IirCascade lowPassI = new IirCascade(LOWPASS);
  private final IirCascade lowPassQ = new IirCascade(LOWPASS);
  private final DelayLine powerDelay = new DelayLine(LOWPASS_DELAY_TICKS);
  private int phase;
  private int n;
  private double accI;
  private double accQ;
  private double accP;

  /** Baseband now and one tick ago. */
  double zi;
  double zq;
  double prevI;
  double prevQ;
  /** Smoothed mean square of the tone near f0, and of the whole input. */
  double tonePower;
  double totalPower;
  /** Smoothed z·conj(z') and z²·conj(z'²). */
  double rotI;
  double rotQ;
  double rot2I;
  double rot2Q;
  /** Completed ticks. */
  long ticks;
  /** Set when {@link #feed} completed a tick. */
  boolean ticked;

  /** Milliseconds to whole ticks (rounded). */
  static int ticks(double ms) {
    return (int) Math.round(ms * TICK_RATE / 1000.0);
  }

  BasebandTone(double f0) {
    this.f0 = f0;
    this.rate = Nco.phaseRate(f0);
  }

  /** The centre frequency. */
  double centre() {
    return f0;
  }

  /**
   * Feeds samples {@code in[from..to)} until one completes a tick or the range ends; returns the
   * index after the last sample consumed. When a tick completed, {@link #ticked} is set and the
   * fields hold the new tick (the caller clears the flag).
   */
  int feed(short[] in, int from, int to) {
    int p = phase;
    int k = n;
    double ai = accI;
    double aq = accQ;
    double ap = accP;
    int i = from;
    while (i < to) {
      double x = in[i++];
      ai += x * Nco.cosOf(p);
      aq -= x * Nco.sinOf(p);
      ap += x * x;
      p += rate;
      if (++k == DECIMATION) {
        phase = p;
        n = 0;
        tick(ai, aq, ap);
        return i;
      }
    }
    phase = p;
    n = k;
    accI = ai;
    accQ = aq;
    accP = ap;
    return i;
  }

  private void tick(double sumI, double sumQ, double sumP) {
    double i = lowPassI.filter(sumI + ANTI_DENORMAL);
    double q = lowPassQ.filter(sumQ + ANTI_DENORMAL);
    double p = powerDelay.push(sumP * (1.0 / DECIMATION) + ANTI_DENORMAL);
    accI = 0.0;
    accQ = 0.0;
    accP = 0.0;
    ticked = true;
    prevI = zi;
    prevQ = zq;
    zi = i;
    zq = q;
    tonePower += ((i * i + q * q) * (1.0 / 32.0) - tonePower) * POWER_SMOOTHING;
    totalPower += (p - totalPower) * POWER_SMOOTHING;
    // z·conj(z')
    double ri = i * prevI + q * prevQ;
    double rq = q * prevI - i * prevQ;
    rotI += (ri - rotI) * ROTATION_SMOOTHING;
    rotQ += (rq - rotQ) * ROTATION_SMOOTHING;
    // z²·conj(z'²), with z² = (i² − q², 2iq)
    double ai = i * i - q * q;
    double aq = 2.0 * i * q;
    double bi = prevI * prevI - prevQ * prevQ;
    double bq = 2.0 * prevI * prevQ;
    rot2I += (ai * bi + aq * bq - rot2I) * ROTATION_SMOOTHING;
    rot2Q += (aq * bi - ai * bq - rot2Q) * ROTATION_SMOOTHING;
    ticks++;
  }

  /** |z|², the instantaneous tone power (scaled by 32). */
  double magnitude2() {
    return zi * zi + zq * zq;
  }

  /**
   * Frequency offset from f0 in Hz from the rotation of z, or NaN when it is beyond ±125 Hz
   * (no division by a near-zero rotation, no atan2 per tick).
   */
  double offsetHz() {
    return offset(rotI, rotQ, 1.0);
  }

  /** Frequency offset from the rotation of z² (ignores phase reversals), or NaN beyond ±62 Hz. */
  double offsetHzSquared() {
    return offset(rot2I, rot2Q, 0.5);
  }

  private static double offset(double re, double im, double scale) {
    if (!(re > 0.0) || Math.abs(im) > re) {
      return Double.NaN;
    }
    double r = im / re;
    // atan for |r| <= 1 to within 0.0015 rad (0.25 Hz here).
    double ar = Math.abs(r);
    double a = Math.PI / 4.0 * r - r * (ar - 1.0) * (0.2447 + 0.0663 * ar);
    return a * RADIANS_TO_HZ * scale;
  }

  void reset() {
    lowPassI.reset();
    lowPassQ.reset();
    powerDelay.reset();
    phase = 0;
    n = 0;
    accI = 0.0;
    accQ = 0.0;
    accP = 0.0;
    zi = 0.0;
    zq = 0.0;
    prevI = 0.0;
    prevQ = 0.0;
    tonePower = 0.0;
    totalPower = 0.0;
    rotI = 0.0;
    rotQ = 0.0;
    rot2I = 0.0;
    rot2Q = 0.0;
    ticks = 0;
    ticked = false;
  }
}
