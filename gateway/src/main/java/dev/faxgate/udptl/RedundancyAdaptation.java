package dev.faxgate.udptl;

/**
 * How much deeper than configured a UDPTL sender's redundancy should go, from the loss seen on the
 * same leg's incoming direction (network loss is usually symmetric, and the far end's datagrams are
 * the only loss a sender can observe without feedback).
 *
 * <p>Once per window (about a second of datagrams) the owner hands in its receiver's running
 * counts; the window's loss is the sequence numbers that did not arrive as primaries (recovered
 * from redundancy or FEC, or given up) over all sequence numbers it covered. A smoothed loss of
 * {@code p} asks for {@code ceil(p / 2%)} extra secondaries (1% -> 1, 5% -> 3, 10% -> 5; under 0.5%
 * none), up to the
 * configured ceiling: a burst of {@code n} losses in a row needs {@code n} secondaries to be
 * repaired, and bursts grow with the loss rate. The depth rises at once and falls one step per
 * {@value #CALM_WINDOWS} windows that ask for less, so a fax does not lose its margin between two
 * bursts. Plain arithmetic, no allocation; one thread.
 */
public final class RedundancyAdaptation {
  /** Loss each extra secondary answers for. */
  static final double LOSS_PER_STEP = 0.02;
  /** Smoothed loss below this asks for nothing extra. */
  static final double NEGLIGIBLE = 0.005;
  /** Windows with fewer sequence numbers than this (a quiet line) change nothing. */
  static final int MIN_WINDOW = 10;
  /** Windows asking for less before the extra depth falls by one. */
  static final int CALM_WINDOWS = 5;

  private final int maxExtra;
  private long lastReceived;
  private long lastMissing;
  private double loss;
  private boolean measured;
  private int extra;
  private int calm;
  private int maxUsed;

  /** @param maxExtra secondaries that may be added at most (0: never adapt) */
  public RedundancyAdaptation(int maxExtra) {
    if (maxExtra < 0) {
      throw new IllegalArgumentException("maxExtra must be >= 0: " + maxExtra);
    }
    this.maxExtra = maxExtra;
  }

  /**
   * One window's end: the receiver's running counts so far.
   *
   * @param received datagrams received (duplicates excluded)
   * @param missing sequence numbers not received as primaries: recovered by redundancy or FEC, or lost
   * @return the extra depth to use from now on
   */
  public int update(long received, long missing) {
    long r = received - lastReceived;
    long m = missing - lastMissing;
    if (r + m < MIN_WINDOW) {
      return extra; // too few to say anything; the counts carry over to the next window
    }
    lastReceived = received;
    lastMissing = missing;
    double windowLoss = (double) m / (r + m);
    loss = measured ? (loss + windowLoss) / 2 : windowLoss;
    measured = true;
    int wanted = loss < NEGLIGIBLE ? 0 : Math.min(maxExtra, (int) Math.ceil(loss / LOSS_PER_STEP - 1e-9));
    if (wanted > extra) {
      extra = wanted;
      calm = 0;
    } else if (wanted < extra && ++calm >= CALM_WINDOWS) {
      extra--;
      calm = 0;
    } else if (wanted == extra) {
      calm = 0;
    }
    maxUsed = Math.max(maxUsed, extra);
    return extra;
  }

  /** The extra depth in use. */
  public int extra() {
    return extra;
  }

  /** The most extra depth used so far (for the completion event). */
  public int maxUsed() {
    return maxUsed;
  }

  /** The smoothed incoming loss, 0..1 (0 before the first full window). */
  public double loss() {
    return loss;
  }
}
