package dev.faxgate.udptl;

/**
 * One UDPTL leg's redundancy depth following the loss its receiver sees ({@link
 * RedundancyAdaptation}): every {@value #WINDOW_TICKS} media ticks (1 s) the receiver's counts go in,
 * and the sender's depth of every category becomes its configured depth plus the extra asked for.
 * A leg with FEC, or a ceiling of 0, keeps what it was configured with. No allocation per tick.
 */
public final class AdaptiveRedundancy {
  /** Media ticks (20 ms) per window. */
  public static final int WINDOW_TICKS = 50;

  private final RedundancyAdaptation adaptation;
  private final int indicator;
  private final int control;
  private final int image;
  private int ticks;

  /**
   * @param indicator the configured depth of indicators, likewise {@code control} and {@code image}
   * @param maxExtra secondaries the loss may add at most (0: off)
   */
  public AdaptiveRedundancy(int indicator, int control, int image, int maxExtra) {
    this.adaptation = new RedundancyAdaptation(maxExtra);
    this.indicator = indicator;
    this.control = control;
    this.image = image;
  }

  /** One media tick: at a window's end, {@code tx}'s depths follow what {@code rx} has lost. */
  public void tick(UdptlReceiver rx, UdptlSender tx) {
    if (++ticks < WINDOW_TICKS) {
      return;
    }
    ticks = 0;
    if (tx.errorCorrection() != UdptlErrorCorrection.REDUNDANCY) {
      return;
    }
    int before = adaptation.extra();
    int extra = adaptation.update(rx.received() - rx.duplicates(),
        rx.recoveredByRedundancy() + rx.recoveredByFec() + rx.lost());
    if (extra != before) {
      tx.setRedundancyDepth(IfpCategory.INDICATOR, deeper(indicator, extra));
      tx.setRedundancyDepth(IfpCategory.CONTROL, deeper(control, extra));
      tx.setRedundancyDepth(IfpCategory.IMAGE, deeper(image, extra));
    }
  }

  /** A category sent without redundancy (depth 0, as configured) stays so. */
  private static int deeper(int configured, int extra) {
    return configured == 0 ? 0 : Math.min(UdptlSender.MAX_DEPTH, configured + extra);
  }

  /** The secondaries added now. */
  public int added() {
    return adaptation.extra();
  }

  /** The most secondaries added so far (the completion event's {@code redundancyAdded}). */
  public int maxAdded() {
    return adaptation.maxUsed();
  }

  /** The smoothed incoming loss, 0..1. */
  public double loss() {
    return adaptation.loss();
  }
}
