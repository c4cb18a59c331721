package dev.faxgate.modem;

/**
 * The two V.21 channels (300 bit/s FSK). Mark (binary 1) is the lower tone: channel 1 is
 * 1080 ± 100 Hz (mark 980, space 1180), channel 2 is 1750 ± 100 Hz (mark 1650, space 1850).
 * T.30 sends its control frames on channel 2.
 */
public enum V21Channel {
  /** The calling modem's channel: mark 980 Hz, space 1180 Hz. */
  CH1(980, 1180),
  /** The answering modem's channel, used by T.30: mark 1650 Hz, space 1850 Hz. */
  CH2(1650, 1850);

  /** The tone for binary 1, Hz. */
  public final int markHz;
  /** The tone for binary 0, Hz. */
  public final int spaceHz;

  V21Channel(int markHz, int spaceHz) {
    this.markHz = markHz;
    this.spaceHz = spaceHz;
  }

  /** The nominal centre frequency, Hz. */
  public int centreHz() {
    return (markHz + spaceHz) / 2;
  }
}
