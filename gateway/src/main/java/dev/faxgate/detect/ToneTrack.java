package dev.faxgate.detect;

import dev.faxgate.dsp.PowerMeter;

/**
 * What {@link CngDetector} and {@link CedDetector} know of the tone they follow, from a
 * {@link BasebandTone} front end: each tick's verdict (the {@link ToneGate} at
 * {@link ToneGate#PURITY}, the frequency within the tolerance, and within a tone no drop below
 * its mean and no drift from its frequency), and the tone's mean level and frequency for the
 * events. Nothing is allocated. Not thread-safe.
 */
final class ToneTrack {
  /** Largest change of frequency during a tone, Hz (a sweep is not a fax tone). */
  static final double DRIFT_HZ = 10.0;
  /** The tone has ended when its power falls below this share of its mean so far (-6 dB). */
  static final double END_DROP = 0.25;
  /** Ticks after the onset before the frequency and level are measured (the low-pass settles). */
  static final int SETTLE_TICKS = 20;
  /** Ticks from the true start of a tone to the first tick that sees it (measured). */
  static final int ONSET_LATENCY_TICKS = 10;

  private final BasebandTone tone;
  private final double toleranceHz;
  private final boolean squared;
  private final ToneGate gate = new ToneGate(ToneGate.PURITY, 1.0);
  private double referenceOffset;
  private double referencePower;
  private double sumPower;
  private double sumOffset;
  private int measured;

  /**
   * Follows the tone {@code tone} sees within {@code toleranceHz} of its centre; {@code squared}
   * measures the frequency on the squared baseband (ignores 180° phase reversals).
   */
  ToneTrack(BasebandTone tone, double toleranceHz, boolean squared) {
    this.tone = tone;
    this.toleranceHz = toleranceHz;
    this.squared = squared;
    start();
  }

  /**
   * The tick's verdict: a pure enough tone near the nominal frequency; within a tone
   * ({@code following}) also no drop of 6 dB below its mean and no drift from its frequency.
   */
  boolean present(boolean following) {
    BasebandTone t = tone;
    if (!gate.open(t.totalPower, t.tonePower)) {
      return false;
    }
    double offset = offset();
    if (!(Math.abs(offset) <= toleranceHz)) {
      return false;
    }
    if (!following) {
      return true;
    }
    if (t.tonePower < END_DROP * referencePower) {
      return false;
    }
    return Double.isNaN(referenceOffset) || Math.abs(offset - referenceOffset) <= DRIFT_HZ;
  }

  /** A new tone: no reference and no means yet. */
  void start() {
    referenceOffset = Double.NaN;
    referencePower = 0.0;
    sumPower = 0.0;
    sumOffset = 0.0;
    measured = 0;
  }

  /** Takes this tick (a settled one) into the tone's reference and means. */
  void measure() {
    double offset = offset();
    if (Double.isNaN(referenceOffset)) {
      referenceOffset = offset;
    }
    sumPower += tone.tonePower;
    sumOffset += offset;
    measured++;
    referencePower = sumPower / measured;
  }

  /** The tone's mean level so far, dBm0 (NaN before a settled tick). */
  double level() {
    return measured > 0 ? PowerMeter.meanSquareToDbm0(sumPower / measured) : Double.NaN;
  }

  /** The tone's mean frequency so far, Hz (NaN before a settled tick). */
  double frequency() {
    return measured > 0 ? tone.centre() + sumOffset / measured : Double.NaN;
  }

  private double offset() {
    return squared ? tone.offsetHzSquared() : tone.offsetHz();
  }
}
