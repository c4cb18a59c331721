package dev.faxgate.faxopt;

/** The high-speed fax modems FAXOPT {@code modem} selects, in the order Asterisk prints them. */
public enum Modem {
  V17(14400),
  V27(4800),
  V29(9600);

  private final int maxRate;

  Modem(int maxRate) {
    this.maxRate = maxRate;
  }

  /** The highest signalling rate of the modem, bit/s. */
  public int maxRate() {
    return maxRate;
  }
}
