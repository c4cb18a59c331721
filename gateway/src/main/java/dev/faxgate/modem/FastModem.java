package dev.faxgate.modem;

/**
 * The fast (image) fax modems, fastest first: the one list the fax stack keeps of them. T.30
 * negotiates them (t30's DIS/DCS tables and policy), {@link FaxModemsRx} listens for one beside
 * V.21, the gateway and the developer commands make their transmitters and receivers
 * ({@link #tx}, {@link #rx}). FAXOPT's own {@code dev.faxgate.faxopt.Modem} (the contract, in its
 * own module) is converted to this in one place on the service side.
 */
public enum FastModem {
  /** V.17: 7200 to 14400 bit/s, long or short training. */
  V17("V.17", (rate, source) -> new V17Tx(source, rate), (rate, sink) -> new V17Rx(sink, rate), 7200, 9600, 12000, 14400),
  /** V.29: 7200 or 9600 bit/s. */
  V29("V.29", V29Tx::new, V29Rx::new, 7200, 9600),
  /** V.27ter: 2400 or 4800 bit/s. */
  V27TER("V.27ter", (rate, source) -> new V27terTx(rate, false, source), V27terRx::new, 2400, 4800);

  private final String label;
  private final Tx tx;
  private final Rx rx;
  private final int[] rates;

  FastModem(String label, Tx tx, Rx rx, int... rates) {
    this.label = label;
    this.tx = tx;
    this.rx = rx;
    this.rates = rates;
  }

  private interface Tx {
    ModemTx make(int bitRate, BitSource source);
  }

  private interface Rx {
    ModemRx make(int bitRate, BitSink sink);
  }

  /** A transmitter at {@code bitRate} (long training, the default level; V.27ter without segment 1). */
  public ModemTx tx(int bitRate, BitSource source) {
    return tx.make(bitRate, source);
  }

  /** A receiver for {@code bitRate} (long training first, the default cut-off). */
  public ModemRx rx(int bitRate, BitSink sink) {
    return rx.make(bitRate, sink);
  }

  /** The ITU name, e.g. {@code V.27ter}. */
  public String label() {
    return label;
  }

  /** The fastest rate of the family in bit/s (V.17 14400, V.29 9600, V.27ter 4800). */
  public int maxRate() {
    return rates[rates.length - 1];
  }

  /** The bit rates the modem runs at, slowest first. */
  public int[] rates() {
    return rates.clone();
  }

  /** Whether the modem runs at {@code bitRate}. */
  public boolean supports(int bitRate) {
    for (int r : rates) {
      if (r == bitRate) {
        return true;
      }
    }
    return false;
  }

  /** The short name FAXOPT {@code modem} reads back: {@code V17}, {@code V29}, {@code V27}. */
  public String faxoptName() {
    return this == V27TER ? "V27" : name();
  }

  @Override
  public String toString() {
    return label;
  }
}
