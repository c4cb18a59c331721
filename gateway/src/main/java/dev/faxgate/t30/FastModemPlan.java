package dev.faxgate.t30;


/**
 * What the T.30 exchange says comes next on the fast (image) modem, kept up to date by the T.30
 * supervisor from the frames it has seen, read by both halves of the gateway (same thread).
 *
 * <ul>
 *   <li>{@link #rate()}: the modem and rate of the last DCS (or CTC); null before any.</li>
 *   <li>{@link #shortTrain()}: V.17 trains short next (after CFR, and in ECM after a block's
 *       MCF/PPR); long after DCS (TCF), FTT, RTN/RTP, CTC/CTR.</li>
 *   <li>{@link #ecm()}: the DCS selected ECM: image data is HDLC frames on the fast modem.</li>
 *   <li>{@link #tcf()}: the next fast burst is the TCF (a DCS was the last command): 1.5 s of zeros.</li>
 *   <li>{@link #minRowBits()}: the least bits a non-ECM row may take (rate x minimum scan-line time).</li>
 *   <li>{@link #fastSignals()}: trainings seen so far (the gateway's halves report them).</li>
 * </ul>
 */
public final class FastModemPlan {
  private DataRate rate;
  private boolean shortTrain;
  private boolean ecm;
  private boolean tcf;
  private int minRowBits;
  private long fastSignals;

  public DataRate rate() {
    return rate;
  }

  public boolean shortTrain() {
    return shortTrain;
  }

  public boolean ecm() {
    return ecm;
  }

  public boolean tcf() {
    return tcf;
  }

  public int minRowBits() {
    return minRowBits;
  }

  /** A DCS (or CTC) selected {@code rate}: TCF with long training follows (CTC: a long-trained block). */
  public void selected(DataRate rate, boolean ecm, int minScanLineMs, boolean tcfFollows) {
    this.rate = rate;
    this.ecm = ecm;
    this.tcf = tcfFollows;
    this.shortTrain = false;
    this.minRowBits = rate == null ? 0 : rate.bitRate() * minScanLineMs / 1000;
  }

  /** The next fast burst is image data with a short (true) or long (false) training. */
  public void imageNext(boolean shortTrain) {
    this.tcf = false;
    this.shortTrain = shortTrain;
  }

  /** A fast modem signal (a training) started, from either side: TCF or image is on its way. */
  public void fastSignal() {
    fastSignals++;
  }

  /** Fast modem signals so far: an unchanged count means no page went between two frames. */
  public long fastSignals() {
    return fastSignals;
  }

  @Override
  public String toString() {
    return rate == null ? "none" : rate + (shortTrain ? " short" : " long") + (tcf ? " TCF" : "") + (ecm ? " ECM" : "");
  }
}
