package dev.faxgate.modem;

/**
 * dBm0 on the 16-bit linear scale, as spandsp defines it: a full-scale sine (peak 32768) is
 * +3.14 dBm0, so 0 dBm0 is a mean square of {@code 32768^2 * 10^(-6.16/10)} (RMS 16118, a sine of peak 22794).
 */
final class Dbm0 {
  /** dBm0 of a signal whose RMS is full scale (32768): 3.14 + 3.02, spandsp's {@code DBM0_MAX_POWER}. */
  static final double MAX_POWER_DB = 3.14 + 3.02;

  private Dbm0() {}

  /** The mean square (in 16-bit units squared) of a signal at {@code dBm0}. */
  static double meanSquare(double dBm0) {
    return 32768.0 * 32768.0 * Math.pow(10.0, (dBm0 - MAX_POWER_DB) / 10.0);
  }

  /** The peak amplitude of a sine at {@code dBm0}. */
  static double sinePeak(double dBm0) {
    return Math.sqrt(2.0 * meanSquare(dBm0));
  }

  /** dBm0 of a mean square (-99 for silence). */
  static double of(double meanSquare) {
    return meanSquare <= 0 ? -99.0 : 10.0 * Math.log10(meanSquare / (32768.0 * 32768.0)) + MAX_POWER_DB;
  }
}
