package dev.faxgate.detect;

import dev.faxgate.dsp.PowerMeter;

/**
 * The first test every detector makes of the channel: its power is above the floor,
 * {@value #FLOOR_DBM0} dBm0, and the signal looked for carries at least a set share of it
 * ({@link CngDetector} and {@link CedDetector}: {@value #PURITY} of the mean square, through
 * {@link ToneTrack}; {@link V21PreambleDetector}: its carrier ratio of a window's energy).
 * Nothing is allocated. Not thread-safe.
 */
public final class ToneGate {
  /** Weakest channel level considered, dBm0 (detection is specified down to -43 dBm0; spandsp's V.21 detector cuts off at -45.5). */
  public static final double FLOOR_DBM0 = -47.0;
  /** Share of the channel's power a single tone (CNG, CED) must carry: 0.85 is the tone 7.5 dB above the rest. */
  public static final double PURITY = 0.85;

  private final double floor;
  private final double share;

  /**
   * A gate asking for {@code share} of the channel's power.
   *
   * @param scale how the detector measures power: 1 for a mean square, N for the energy of N samples
   */
  ToneGate(double share, double scale) {
    this.floor = PowerMeter.dbm0ToMeanSquare(FLOOR_DBM0) * scale;
    this.share = share;
  }

  /** True when the channel's power {@code total} is above the floor and {@code wanted} is at least the share of it. */
  boolean open(double total, double wanted) {
    return total > floor && wanted >= share * total;
  }
}
