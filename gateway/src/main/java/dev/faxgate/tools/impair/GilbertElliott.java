package dev.faxgate.tools.impair;

import java.util.SplittableRandom;

/**
 * Bursty loss as a two-state Gilbert–Elliott chain: in the good state nothing is lost, in the bad
 * state everything is. It is set by what an operator can measure: the loss-event rate (the fraction
 * of datagrams that begin a burst) and the mean burst length (geometric, at least one datagram).
 * The long-run loss rate is then {@code eventRate * meanBurst}.
 */
public final class GilbertElliott {
  private final double goodToBad;
  private final double badToGood;
  private final SplittableRandom random;
  private boolean bad;

  /**
   * @param eventRate loss events per datagram, in [0, 1/meanBurst)
   * @param meanBurst mean datagrams lost per event, at least 1
   */
  public GilbertElliott(double eventRate, double meanBurst, SplittableRandom random) {
    if (meanBurst < 1 || eventRate < 0 || eventRate * meanBurst >= 1) {
      throw new IllegalArgumentException("bursty loss needs mean burst >= 1 and event rate x mean burst < 1, not "
          + eventRate + " x " + meanBurst);
    }
    this.badToGood = 1 / meanBurst;
    // events per datagram = P(good) * goodToBad and P(bad) = eventRate * meanBurst, so:
    this.goodToBad = eventRate == 0 ? 0 : eventRate / (1 - eventRate * meanBurst);
    this.random = random;
  }

  /** Whether the next datagram is lost. */
  public boolean lose() {
    if (bad) {
      // a burst has begun: each further datagram ends it with probability 1/meanBurst
      bad = random.nextDouble() >= badToGood;
      return bad;
    }
    bad = random.nextDouble() < goodToBad;
    return bad;
  }
}
