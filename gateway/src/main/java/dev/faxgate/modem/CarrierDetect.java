package dev.faxgate.modem;

import dev.faxgate.dsp.PowerMeter;

/**
 * The carrier detect of the fax receivers (V21Rx, V27terRx, V29Rx, V17Rx): a power gate with
 * hysteresis on the receiver's own power meter.
 *
 * <ul>
 *   <li><b>Levels.</b> The on level is the mean square of the cut-off; the off level that of
 *       {@value #HYSTERESIS_DB} dB below it; both times the receiver's {@code scale} (the part of
 *       a carrier's mean square its meter reads: 1 for a meter on the line signal). A receiver may
 *       raise the off level for a burst ({@link #dropBelow}).</li>
 *   <li><b>Decisions.</b> Off: the carrier comes up once the power has been above the on level
 *       for {@code onHold} samples in a row. On: it goes down once the power has been below the
 *       off level for {@code offHold} samples in a row. A hold of 0 acts on the first reading. A
 *       reading may stand for several samples (a meter read at the T/2 instants).</li>
 * </ul>
 *
 * <p>Defaults: {@value #CUTOFF_DBM0} dBm0 for V.21 and V.29, and spandsp's
 * {@value #SPANDSP_CUTOFF_DBM0} dBm0 for V.27ter and V.17. Nothing is allocated. Not thread-safe.
 */
public final class CarrierDetect {
  /** The carrier goes down this many dB below the cut-off. */
  public static final double HYSTERESIS_DB = 3.0;
  /** The cut-off V21Rx and V29Rx start with, dBm0: weak enough for a -43 dBm0 signal. */
  public static final double CUTOFF_DBM0 = -45.0;
  /** spandsp's cut-off for its fax modems' receivers, dBm0: V27terRx and V17Rx start with it. */
  public static final double SPANDSP_CUTOFF_DBM0 = -45.5;

  private final double scale;
  private final boolean upAtOnLevel;
  private final int onHold;
  private final int offHold;
  /** The power must be above this to count towards carrier up. */
  private double onLevel;
  /** The cut-off's off level, and the level a burst set (0: none). */
  private double dropLevel;
  private double burstLevel;
  /** The greater of the two: the power must be below it to count towards carrier down. */
  private double offLevel;
  private boolean up;
  /** Samples in a row for the change of state. */
  private double count;

  /**
   * A detector at {@code cutoffDbm0}, carrier off.
   *
   * @param scale the part of a carrier's mean square the receiver's meter reads
   * @param upAtOnLevel whether a power exactly at the on level counts as above it (V.21's receiver
   *     asks for at least the level, the others for more)
   * @param onHold samples above the on level that bring the carrier up (0: at once)
   * @param offHold samples below the off level that take it down (0: at once)
   */
  public CarrierDetect(double cutoffDbm0, double scale, boolean upAtOnLevel, int onHold, int offHold) {
    this.scale = scale;
    this.upAtOnLevel = upAtOnLevel;
    this.onHold = onHold;
    this.offHold = offHold;
    cutoff(cutoffDbm0);
  }

  /** Sets the cut-off in dBm0 (the on level; the off level {@value #HYSTERESIS_DB} dB below it). */
  public void cutoff(double dBm0) {
    double on = PowerMeter.dbm0ToMeanSquare(dBm0) * scale;
    // p >= x is p > nextDown(x) for every p: one comparison for both kinds
    onLevel = upAtOnLevel ? Math.nextDown(on) : on;
    dropLevel = PowerMeter.dbm0ToMeanSquare(dBm0 - HYSTERESIS_DB) * scale;
    offLevel = Math.max(dropLevel, burstLevel);
  }

  /**
   * From now on the carrier also goes down when the power falls below {@code level} (on the
   * meter's scale; 0 takes the burst's level away again): V17Rx ends a burst in line noise this
   * way. Kept until changed, across {@link #reset}.
   */
  public void dropBelow(double level) {
    burstLevel = level;
    offLevel = Math.max(dropLevel, burstLevel);
  }

  /** Carrier off, no samples counted (the levels stay). */
  public void reset() {
    up = false;
    count = 0;
  }

  /** Forgets the samples counted towards a change of state. */
  public void clearHold() {
    count = 0;
  }

  /** Whether the carrier is up. */
  public boolean up() {
    return up;
  }

  /** One power reading for one sample; true if the carrier came up or went down with it. */
  public boolean update(double power) {
    return update(power, 1.0, true);
  }

  /**
   * One power reading standing for {@code samples} samples; true if the carrier came up or went
   * down with it ({@link #up} says which).
   *
   * @param mayRise false keeps the carrier off whatever the power (a receiver's own extra
   *     condition for carrier up)
   */
  public boolean update(double power, double samples, boolean mayRise) {
    if (!up) {
      if (mayRise && power > onLevel) {
        count += samples;
        if (count >= onHold) {
          up = true;
          count = 0;
          return true;
        }
      } else {
        count = 0;
      }
    } else if (power < offLevel) {
      count += samples;
      if (count >= offHold) {
        up = false;
        count = 0;
        return true;
      }
    } else {
      count = 0;
    }
    return false;
  }
}
