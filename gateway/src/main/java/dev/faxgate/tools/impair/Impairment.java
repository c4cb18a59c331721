package dev.faxgate.tools.impair;

import java.util.Locale;

/**
 * What one direction of an {@link ImpairmentProxy} does to the datagrams that pass: independent
 * loss, bursty loss (Gilbert–Elliott: loss-event rate and mean burst length), jitter (uniform in
 * [0, jitterMs], or normal with mean jitterMs/2 and the given standard deviation, cut at 0 and
 * jitterMs), with or without reordering, and duplication. Rates are fractions (0.05 = 5%).
 *
 * <p>The text form, for command lines and test names: comma-separated {@code loss=0.05},
 * {@code burst=0.03x3} (events x mean length), {@code jitter=40} (uniform ms) or
 * {@code jitter=normal:40:10} (range:sd ms), {@code reorder}, {@code dup=0.01}; {@code none} passes everything.
 */
public record Impairment(double loss, double burstEvents, double meanBurst, Jitter jitter, int jitterMs, double jitterSdMs,
    boolean reorder, double duplicate) {

  /** How delays are drawn. */
  public enum Jitter {
    NONE,
    UNIFORM,
    NORMAL
  }

  /** Passes every datagram at once, once. */
  public static final Impairment NONE = new Impairment(0, 0, 1, Jitter.NONE, 0, 0, false, 0);

  public Impairment {
    if (loss < 0 || loss >= 1 || duplicate < 0 || duplicate > 1 || jitterMs < 0 || jitterMs > 10_000 || jitterSdMs < 0) {
      throw new IllegalArgumentException("impairment out of range: loss " + loss + ", duplicate " + duplicate + ", jitter "
          + jitterMs + " ms");
    }
    if (meanBurst < 1 || burstEvents < 0 || burstEvents * meanBurst >= 1) {
      throw new IllegalArgumentException("bursty loss needs mean burst >= 1 and events x mean burst < 1, not "
          + burstEvents + " x " + meanBurst);
    }
    if (jitter == null) {
      throw new IllegalArgumentException("jitter kind missing");
    }
  }

  /** Independent loss of {@code rate} of the datagrams. */
  public Impairment withLoss(double rate) {
    return new Impairment(rate, burstEvents, meanBurst, jitter, jitterMs, jitterSdMs, reorder, duplicate);
  }

  /** Bursty loss: {@code events} bursts per datagram, {@code meanLength} datagrams each on average. */
  public Impairment withBursts(double events, double meanLength) {
    return new Impairment(loss, events, meanLength, jitter, jitterMs, jitterSdMs, reorder, duplicate);
  }

  /** Uniform delay in [0, ms]; {@code reorderAllowed}: a datagram may overtake one held longer. */
  public Impairment withUniformJitter(int ms, boolean reorderAllowed) {
    return new Impairment(loss, burstEvents, meanBurst, ms == 0 ? Jitter.NONE : Jitter.UNIFORM, ms, 0, reorderAllowed,
        duplicate);
  }

  /** Normal delay, mean ms/2 and standard deviation {@code sdMs}, cut to [0, ms]. */
  public Impairment withNormalJitter(int ms, double sdMs, boolean reorderAllowed) {
    return new Impairment(loss, burstEvents, meanBurst, Jitter.NORMAL, ms, sdMs, reorderAllowed, duplicate);
  }

  /** A second copy of {@code rate} of the datagrams. */
  public Impairment withDuplicates(double rate) {
    return new Impairment(loss, burstEvents, meanBurst, jitter, jitterMs, jitterSdMs, reorder, rate);
  }

  /** The long-run fraction of datagrams lost, both kinds of loss together. */
  public double expectedLoss() {
    double bursty = burstEvents * meanBurst;
    return 1 - (1 - loss) * (1 - bursty);
  }

  /** Parses the text form (see the class comment). */
  public static Impairment parse(String text) {
    Impairment i = NONE;
    if (text == null || text.isBlank() || text.trim().equals("none")) {
      return i;
    }
    for (String part : text.split(",")) {
      String p = part.trim();
      String value = p.contains("=") ? p.substring(p.indexOf('=') + 1).trim() : "";
      try {
        if (p.startsWith("loss=")) {
          i = i.withLoss(Double.parseDouble(value));
        } else if (p.startsWith("burst=")) {
          String[] ex = value.split("x");
          i = i.withBursts(Double.parseDouble(ex[0]), Double.parseDouble(ex[1]));
        } else if (p.startsWith("jitter=normal:")) {
          String[] ms = value.substring("normal:".length()).split(":");
          i = i.withNormalJitter(Integer.parseInt(ms[0]), Double.parseDouble(ms[1]), i.reorder);
        } else if (p.startsWith("jitter=")) {
          i = i.withUniformJitter(Integer.parseInt(value), i.reorder);
        } else if (p.equals("reorder")) {
          i = new Impairment(i.loss, i.burstEvents, i.meanBurst, i.jitter, i.jitterMs, i.jitterSdMs, true, i.duplicate);
        } else if (p.startsWith("dup=")) {
          i = i.withDuplicates(Double.parseDouble(value));
        } else {
          throw new IllegalArgumentException("unknown impairment '" + p + "'");
        }
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new IllegalArgumentException("bad impairment '" + p + "' in '" + text + "'", e);
      }
    }
    return i;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (loss > 0) {
      sb.append(String.format(Locale.ROOT, "loss=%s,", trim(loss)));
    }
    if (burstEvents > 0) {
      sb.append(String.format(Locale.ROOT, "burst=%sx%s,", trim(burstEvents), trim(meanBurst)));
    }
    if (jitter == Jitter.UNIFORM) {
      sb.append("jitter=").append(jitterMs).append(',');
    } else if (jitter == Jitter.NORMAL) {
      sb.append("jitter=normal:").append(jitterMs).append(':').append(trim(jitterSdMs)).append(',');
    }
    if (reorder) {
      sb.append("reorder,");
    }
    if (duplicate > 0) {
      sb.append("dup=").append(trim(duplicate)).append(',');
    }
    return sb.length() == 0 ? "none" : sb.substring(0, sb.length() - 1);
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
