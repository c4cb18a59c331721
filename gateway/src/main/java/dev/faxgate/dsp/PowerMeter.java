package dev.faxgate.dsp;

/**
 * A leaky mean-square meter, and the conversions between levels on the 16-bit scale and dBm0.
 *
 * <p><b>Reference level.</b> We use spandsp's ({@code telephony.h}, also what faxpeer reports as
 * {@code signal_dbm0}): {@code dBm0 = 10·log10(ms / 32768²) + 3.14 + 3.02}. The G.711 laws
 * overload at +3.14 dBm0 for a sine, so a full-scale sine (peak 32767, ms = 32767²/2) reads
 * about +3.14 dBm0 and a 0 dBm0 sine has an RMS of 16 123 (peak 22 802). dBov is the same mean square
 * against full scale: {@code 10·log10(ms / 32768²)}. {@link #FULL_SCALE} and {@link #DBM0_MAX_POWER}
 * are the fax stack's one definition of that reference: the modems, detectors, gateway and tools
 * convert levels with the methods below and write neither number out themselves.
 *
 * <p>The meter itself: {@code reading += (x² − reading) / 2^shift} per sample, the time constant
 * being 2^shift samples (spandsp's {@code power_meter_init(shift)} in floating point).
 */
public final class PowerMeter {

  /** dBm0 of a mean square equal to full scale squared (spandsp {@code DBM0_MAX_POWER}). */
  public static final double DBM0_MAX_POWER = 3.14 + 3.02;
  /** dBm0 of the largest sine G.711 carries (spandsp {@code DBM0_MAX_SINE_POWER}). */
  public static final double DBM0_MAX_SINE_POWER = 3.14;
  /** Full scale of the 16-bit sample range. */
  public static final double FULL_SCALE = 32768.0;
  /** What the conversions return for a zero level. */
  public static final double SILENCE_DB = -120.0;

  private final int shift;
  private final double alpha;
  private double reading;

  /** A meter with a time constant of 2^shift samples (shift 0..20). */
  public PowerMeter(int shift) {
    if (shift < 0 || shift > 20) {
      throw new IllegalArgumentException("shift must be 0..20: " + shift);
    }
    this.shift = shift;
    this.alpha = 1.0 / (1 << shift);
  }

  /** Feeds one sample; returns the new mean square. */
  public double update(double x) {
    double r = reading + (x * x - reading) * alpha;
    reading = r < Dsp.TINY ? 0.0 : r;
    return reading;
  }

  /** Feeds a block of samples; returns the new mean square. */
  public double update(short[] samples, int off, int len) {
    double r = reading;
    double a = alpha;
    for (int i = off, end = off + len; i < end; i++) {
      double x = samples[i];
      r += (x * x - r) * a;
    }
    reading = Dsp.flush(r);
    return reading;
  }

  /** The current mean square on the 16-bit scale. */
  public double meanSquare() {
    return reading;
  }

  /** The current level in dBm0. */
  public double dbm0() {
    return meanSquareToDbm0(reading);
  }

  /** The current level in dBov. */
  public double dbov() {
    return meanSquareToDbov(reading);
  }

  /** The time constant as a shift (2^shift samples). */
  public int shift() {
    return shift;
  }

  /** Clears the reading. */
  public void reset() {
    reading = 0.0;
  }

  /** dBm0 of a mean square on the 16-bit scale. */
  public static double meanSquareToDbm0(double meanSquare) {
    if (!(meanSquare > 0)) {
      return SILENCE_DB;
    }
    return Math.max(SILENCE_DB, meanSquareToDbov(meanSquare) + DBM0_MAX_POWER);
  }

  /**
   * dBm0 of a mean square on the 16-bit scale with no lower bound, and {@code silenceDb} for a
   * mean square of zero or less (the modems' {@code signalPower()} reads -99 there).
   */
  public static double meanSquareToDbm0(double meanSquare, double silenceDb) {
    return meanSquare <= 0 ? silenceDb : 10.0 * Math.log10(meanSquare / (FULL_SCALE * FULL_SCALE)) + DBM0_MAX_POWER;
  }

  /** dBov of a mean square on the 16-bit scale. */
  public static double meanSquareToDbov(double meanSquare) {
    if (!(meanSquare > 0)) {
      return SILENCE_DB;
    }
    return Math.max(SILENCE_DB, 10.0 * Math.log10(meanSquare / (FULL_SCALE * FULL_SCALE)));
  }

  /** dBm0 of an RMS value on the 16-bit scale. */
  public static double rmsToDbm0(double rms) {
    return meanSquareToDbm0(rms * rms);
  }

  /** The mean square of a signal at {@code dbm0}. */
  public static double dbm0ToMeanSquare(double dbm0) {
    return FULL_SCALE * FULL_SCALE * Math.pow(10.0, (dbm0 - DBM0_MAX_POWER) / 10.0);
  }

  /** The RMS of a signal at {@code dbm0}. */
  public static double dbm0ToRms(double dbm0) {
    return FULL_SCALE * Math.pow(10.0, (dbm0 - DBM0_MAX_POWER) / 20.0);
  }

  /** The peak amplitude of a sine at {@code dbm0}. */
  public static double dbm0ToSinePeak(double dbm0) {
    return dbm0ToRms(dbm0) * Math.sqrt(2.0);
  }
}
