package dev.faxgate.tools.impair;

import java.util.SplittableRandom;

/**
 * The decisions for one direction of an {@link ImpairmentProxy}, apart from any socket so they can
 * be tested alone: for each datagram in arrival order, whether it is lost, how many copies go on and
 * when each leaves. Loss, bursts, jitter and duplication draw from separate streams split from one
 * seed, so the same seed loses the same datagrams whatever the jitter, and reruns decide alike.
 */
public final class ImpairmentPath {
  private final Impairment impairment;
  private final SplittableRandom lossRandom;
  private final GilbertElliott bursts;
  private final SplittableRandom jitterRandom;
  private final SplittableRandom duplicateRandom;
  private final ImpairmentCounts counts = new ImpairmentCounts();
  private long latestDeparture = Long.MIN_VALUE;
  private boolean inBurst;

  public ImpairmentPath(Impairment impairment, long seed) {
    this.impairment = impairment;
    SplittableRandom root = new SplittableRandom(seed);
    this.lossRandom = root.split();
    this.bursts = new GilbertElliott(impairment.burstEvents(), impairment.meanBurst(), root.split());
    this.jitterRandom = root.split();
    this.duplicateRandom = root.split();
  }

  public Impairment impairment() {
    return impairment;
  }

  /** What was done so far (a live view: read it when the path is idle, or accept a racy snapshot). */
  public ImpairmentCounts counts() {
    return counts;
  }

  /**
   * Decides for the next datagram, which arrived at {@code arrivalNanos}: writes the departure time
   * of each copy to send into {@code departures} (length at least 2) and returns how many (0: lost).
   */
  public synchronized int decide(long arrivalNanos, long[] departures) {
    counts.received++;
    // both loss draws happen for every datagram, so each stream's n-th draw belongs to the n-th datagram
    boolean lostAlone = impairment.loss() > 0 && lossRandom.nextDouble() < impairment.loss();
    boolean lostInBurst = impairment.burstEvents() > 0 && bursts.lose();
    if (lostInBurst && !inBurst) {
      counts.bursts++;
    }
    inBurst = lostInBurst;
    boolean duplicated = impairment.duplicate() > 0 && duplicateRandom.nextDouble() < impairment.duplicate();
    long delay = delayNanos();
    long secondDelay = duplicated ? delayNanos() : 0;
    if (lostInBurst) {
      counts.lostInBursts++;
      return 0;
    }
    if (lostAlone) {
      counts.lostAlone++;
      return 0;
    }
    departures[0] = depart(arrivalNanos, delay);
    if (!duplicated) {
      counts.forwarded++;
      return 1;
    }
    departures[1] = impairment.reorder() ? depart(arrivalNanos, secondDelay) : departures[0];
    counts.forwarded += 2;
    counts.duplicated++;
    return 2;
  }

  private long depart(long arrivalNanos, long delay) {
    long at = arrivalNanos + delay;
    if (delay > 0) {
      counts.delayed++;
    }
    if (at < latestDeparture) {
      if (impairment.reorder()) {
        counts.reordered++; // leaves before a datagram that arrived earlier
      } else {
        at = latestDeparture; // held behind the one before: order kept, delay a little longer
      }
    }
    latestDeparture = Math.max(latestDeparture, at);
    return at;
  }

  private long delayNanos() {
    int ms = impairment.jitterMs();
    switch (impairment.jitter()) {
      case UNIFORM:
        return (long) (jitterRandom.nextDouble() * ms * 1_000_000L);
      case NORMAL:
        double d = ms / 2.0 + jitterRandom.nextGaussian() * impairment.jitterSdMs();
        return (long) (Math.max(0, Math.min(ms, d)) * 1_000_000L);
      default:
        return 0;
    }
  }
}
