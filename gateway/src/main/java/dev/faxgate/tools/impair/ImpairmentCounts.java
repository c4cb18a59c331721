package dev.faxgate.tools.impair;

import java.util.Locale;

/** What one direction of an impairment proxy did, datagram by datagram. */
public final class ImpairmentCounts {
  /** Datagrams that arrived. */
  public long received;
  /** Copies sent on (a duplicated datagram counts twice). */
  public long forwarded;
  /** Lost by independent loss. */
  public long lostAlone;
  /** Lost inside a burst. */
  public long lostInBursts;
  /** Bursts begun. */
  public long bursts;
  /** Datagrams sent twice. */
  public long duplicated;
  /** Copies held back by jitter. */
  public long delayed;
  /** Copies that left before a datagram that had arrived before them. */
  public long reordered;
  /** Datagrams dropped because the proxy's datagram bound was reached. */
  public long overBound;

  /** All datagrams lost, by either kind of loss. */
  public long lost() {
    return lostAlone + lostInBursts;
  }

  /** The fraction of arrived datagrams lost. */
  public double lossRate() {
    return received == 0 ? 0 : (double) lost() / received;
  }

  /** The mean length of the bursts so far. */
  public double meanBurst() {
    return bursts == 0 ? 0 : (double) lostInBursts / bursts;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "received %d, forwarded %d, lost %d (%.1f%%: %d alone, %d in %d bursts), "
        + "duplicated %d, delayed %d, reordered %d, over bound %d", received, forwarded, lost(), 100 * lossRate(), lostAlone,
        lostInBursts, bursts, duplicated, delayed, reordered, overBound);
  }
}
