package dev.faxgate.terminal;

import dev.faxgate.modem.ModemStatus;
import dev.faxgate.modem.TcfCheck;
import dev.faxgate.t30.ControlFrameTap;
import dev.faxgate.t30.DataRate;
import dev.faxgate.t30.DisDcsFields;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.t30.Fcf;
import dev.faxgate.t30.Ppr;
import dev.faxgate.t30.Pps;
import dev.faxgate.t30.StationId;
import dev.faxgate.t30.T30Frame;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.t30.T30Trace;
import java.util.List;
import java.util.function.Consumer;

/**
 * A T.30 fax terminal: the procedure of ITU-T T.30 from call set-up to release (phases A to E), as
 * the calling or the answering station, sending or receiving, without or with ECM (Annex A).
 *
 * <p><b>Driving it.</b> {@link #start()} once; {@link #tick()} every 20 ms (its timers); and what
 * the line reports: {@link #txDone()} when a send has gone, {@link #rxFrame} for each HDLC frame
 * (V.21, or ECM on the fast modem), {@link #rxTraining}, {@link #rxImage} and {@link
 * #rxCarrierDown} for the fast modem, {@link #rxPreamble} when V.21 flags start. It speaks through
 * a {@link T30Line}. One thread; no threads of its own; nothing is allocated per tick, and per
 * octet of image nothing either (a few objects per T.30 frame, a few dozen per fax).
 *
 * <p><b>The procedure</b> ({@link T30State} names the nodes):
 * <ul>
 *   <li>A: the caller sends CNG and waits up to T1 (35 s) for DIS; the answerer sends CED, then
 *       CSI and DIS, repeated every T4 until a DCS comes or T1 runs out.</li>
 *   <li>B: the sender answers DIS with TSI and DCS (the best rate both allow, ECM if both may,
 *       the best coding both have), then TCF: 1.5 s of zeros. The receiver checks the TCF
 *       ({@link TcfCheck}, the modems' own) and answers CFR, or FTT, and the sender falls back one rate
 *       (14400, 12000, 9600, 7200, 4800, 2400, within minrate/maxrate/modem) and tries again.</li>
 *   <li>C/D non-ECM: the page, then MPS (more pages) or EOP (the last); the receiver judges the
 *       page by its bad rows ({@link PageQuality}): MCF, RTP (kept, but retrain: DCS and TCF
 *       again) or RTN (refused: retrain and send it again, at most 3 times).</li>
 *   <li>C/D ECM: each page in blocks of up to 256 frames of 256 (or 64) octets, each block closed by
 *       three RCP and a PPS (NULL mid-page, else MPS/EOP); the receiver answers MCF or PPR with
 *       the frames it lacks, which the sender sends again; after the fourth PPR of a block CTC
 *       (one rate lower, answered CTR) or, at the lowest rate, EOR (answered ERR). RNR is
 *       answered with RR until the receiver is ready, within T5 (60 s).</li>
 *   <li>E: DCN. A command is sent at most 3 times when no response comes within T4 (3 s); a
 *       receiver waits T2 (6 s) for each command.</li>
 * </ul>
 *
 * <p><b>Result.</b> A watch-only {@link T30Supervisor} sees every frame both ways and keeps the
 * score (pages, rate, resolution, ECM, the far end's identity, the trace), exactly as the
 * gateway scores a fax; {@link #report()} adds how the terminal ended, in the same terms
 * ({@link T30Cause} when it failed, with the phase).
 */
public final class T30Terminal {
  /** The tick of the media clock, ms. */
  public static final int TICK_MS = 20;
  /** T1: the whole of phase A/B identification. */
  public static final int T1_MS = 35_000;
  /** T2: a receiver waiting for a command. */
  public static final int T2_MS = 6_000;
  /** T4: a sender waiting for a response. */
  public static final int T4_MS = 3_000;
  /** T5: a sender waiting for a receiver that keeps answering RNR. */
  public static final int T5_MS = 60_000;
  /** How often a command is sent before the terminal gives up. */
  public static final int MAX_TRIES = 3;
  /** TCF length, ms. */
  public static final int TCF_MS = 1500;
  /** PPRs for one block before CTC or EOR. */
  public static final int PPR_BEFORE_CTC = 4;
  /** RTNs for one page before the sender gives up. */
  public static final int MAX_RTN = 3;
  /** Frames in an ECM block at most. */
  public static final int BLOCK_FRAMES = 256;
  /** Copy quality: bad rows at most this per mille for MCF. */
  public static final int MCF_BAD_PER_MILLE = 20;
  /** Copy quality: bad rows at most this per mille for RTP (more: RTN). */
  public static final int RTP_BAD_PER_MILLE = 50;

  /** What follows when the line reports the current send done. */
  private enum AfterTx {
    /** Start the timer set with the send. */
    WAIT,
    /** The DIS follows the CED. */
    DIS,
    /** The TCF follows the DCS. */
    TCF,
    /** The post-page command follows the page. */
    POST_PAGE,
    /** The PPS follows the ECM block. */
    PPS,
    /** The call is over once the DCN has gone. */
    FINISH
  }

  private final TerminalOptions options;
  private final T30Line line;
  private final PageSource source;
  private final PageSink sink;
  private final Consumer<String> log;
  private final T30Supervisor score = T30Supervisor.watchOnly();
  private final ControlFrameTap localTap = score.tap(T30Supervisor.Side.LEG_A);
  private final ControlFrameTap remoteTap = score.tap(T30Supervisor.Side.LEG_B);
  private final FrameBurst control = new FrameBurst(4, 64);
  private final FrameBurst ecmBurst = new FrameBurst(BLOCK_FRAMES + 3, 4 + 256);
  private final byte[] tcf = new byte[14400 * TCF_MS / 8000];
  private final TcfCheck tcfCheck = new TcfCheck(14400);
  /**
   * X bit of the frames we send: 1 for the station that received the DIS, the calling one (the
   * sender, or a poller that receives), 0 for the station that sent it.
   */
  private final boolean x;

  private T30State state = T30State.IDLE;
  private AfterTx afterTx = AfterTx.WAIT;
  private int timerAfterTx;
  private int timer;
  private int t1;
  private int t5;
  private int tries;
  private boolean txBusy;

  // negotiated
  private DisDcsFields remoteDis;
  private List<DataRate> rates = List.of();
  private int rateIndex;
  private DataRate rate;
  private PageFormat format;
  private int frameSize = 256;

  // sender
  private int page;
  private byte[] pageData;
  private int rtn;
  private boolean shortTrain;
  private int pageFrames;
  private int block;
  private int blockFirst;
  private int blockFrames;
  private final boolean[] resend = new boolean[BLOCK_FRAMES];
  private int ppr;

  // receiver
  private boolean pageOpen;
  private boolean imageSeen;
  private byte[] ecmData;
  private final int[] ecmLen = new int[BLOCK_FRAMES];
  private final boolean[] ecmGot = new boolean[BLOCK_FRAMES];
  private int confirmedPage = -1;
  private int confirmedBlock = -1;
  private final byte[] pprMap = new byte[Ppr.LENGTH];
  /** The most frames a PPS has counted for the block being received (0: no PPS yet). */
  private int blockFrameCount;
  private Fcf lastAnswer;
  /** The far end's CIG: who polled us (a called station that sends). */
  private String cig;
  /** The last page came with EOM and was kept: our DIS follows our answer, until a DCS comes. */
  private boolean afterEom;

  private int pagesDone;
  /** The procedure ran to its end: the last page answered, then DCN. */
  private boolean completed;
  private T30Cause cause;
  private String causeDetail;
  private T30Supervisor.Phase failingPhase;

  /**
   * @param source the pages to send (a sending terminal), else null
   * @param sink where received pages go (a receiving terminal), else null
   * @param log where the terminal says what it does (one line per T.30 step), e.g. the session's logger
   */
  public T30Terminal(TerminalOptions options, T30Line line, PageSource source, PageSink sink, Consumer<String> log) {
    if (options.sending() ? source == null : sink == null) {
      throw new IllegalArgumentException(options.sending() ? "a sending terminal needs pages" : "a receiving terminal needs a page sink");
    }
    this.options = options;
    this.line = line;
    this.source = source;
    this.sink = sink;
    this.log = log == null ? s -> { } : log;
    this.x = options.calling();
  }

  // ---- driving --------------------------------------------------------------------------------

  /** Phase A: CNG (calling) or CED (answering). */
  public void start() {
    if (state != T30State.IDLE) {
      return;
    }
    t1 = T1_MS;
    if (options.calling()) {
      state = T30State.T1_CALLING;
      line.sendCng();
    } else {
      state = T30State.ANSWERING;
      afterTx = AfterTx.DIS;
      txBusy = true;
      line.sendCed();
    }
  }

  /** One 20 ms tick: the timers. */
  public void tick() {
    score.tick();
    if (state == T30State.CALL_FINISHED || state == T30State.IDLE) {
      return;
    }
    if (t1 > 0 && (t1 -= TICK_MS) <= 0) {
      fail(T30Cause.T1_EXPIRED, state == T30State.T1_CALLING || state == T30State.B_AFTER_EOM ? "no DIS"
          : options.sending() && state == T30State.R ? "no DTC: nobody polled the document" : "no DCS");
      return;
    }
    if (t5 > 0 && (t5 -= TICK_MS) <= 0) {
      fail(T30Cause.T5_EXPIRED, "");
      return;
    }
    if (timer > 0 && (timer -= TICK_MS) <= 0) {
      timer = 0;
      timeout();
    }
  }

  /** The line has sent what was asked last. */
  public void txDone() {
    txBusy = false;
    if (state == T30State.CALL_FINISHED) {
      return; // the far end's DCN ended the call while this was going out
    }
    switch (afterTx) {
      case DIS -> sendDis();
      case TCF -> sendTcf();
      case POST_PAGE -> sendPostPage();
      case PPS -> sendPps();
      case FINISH -> {
        state = T30State.CALL_FINISHED;
        timer = 0;
        line.stop();
      }
      case WAIT -> timer = timerAfterTx;
    }
  }

  /** V.21 flags began: a frame is coming, so a response timer must not run out under it. */
  public void rxPreamble() {
    if (timer > 0 && timer < T4_MS) {
      timer = T4_MS;
    }
  }

  /** The far end's fast modem trained at {@code rate} (T.38: a training indicator). */
  public void rxTraining(DataRate r) {
    if (state == T30State.F_TCF) {
      tcfCheck.restart(rate != null ? rate.bitRate() : r.bitRate());
      tcfCheck.start(); // over T.38 the training indicator is the training's success
    } else if (state == T30State.F_DOC_ECM) {
      timer = T2_MS;
    } else if (state == T30State.F_DOC_NON_ECM && !pageOpen) {
      sink.startPage(format);
      pageOpen = true;
      imageSeen = false;
      timer = T2_MS;
    }
  }

  /** Non-ECM data on the fast modem (TCF or a page), LSB-first; only valid during the call. */
  public void rxImage(byte[] buf, int off, int len) {
    if (state == T30State.F_TCF) {
      if (tcfCheck.bits() == 0 && !tcfCheck.done()) {
        tcfCheck.start(); // data without an indicator before it
      }
      for (int i = off; i < off + len; i++) {
        int b = buf[i];
        for (int k = 0; k < 8; k++) {
          tcfCheck.putBit((b >> k) & 1); // LSB-first: bit 0 was first on the line
        }
      }
    } else if (state == T30State.F_DOC_NON_ECM) {
      if (!pageOpen) {
        sink.startPage(format);
        pageOpen = true;
      }
      imageSeen = true;
      sink.data(buf, off, len);
      timer = T2_MS;
    }
  }

  /** The far end's carrier dropped ({@code fast}: the image modem, else V.21). */
  public void rxCarrierDown(boolean fast) {
    if (!fast) {
      return;
    }
    if (state == T30State.F_TCF && tcfCheck.bits() > 0) {
      tcfCheck.status(ModemStatus.CARRIER_DOWN);
      boolean ok = tcfCheck.ok();
      log(tcfCheck + ": " + (ok ? "CFR" : "FTT"));
      if (ok) {
        answer(Fcf.CFR, format.ecm() ? T30State.F_DOC_ECM : T30State.F_DOC_NON_ECM);
      } else {
        answer(Fcf.FTT, T30State.R);
      }
    } else if (state == T30State.F_DOC_NON_ECM && pageOpen && imageSeen) {
      state = T30State.F_POST_DOC_NON_ECM;
      timer = T2_MS;
    }
  }

  /**
   * One HDLC frame, LSB-first without FCS ({@code fast}: ECM on the image modem, else V.21 control);
   * {@code fcsOk} false for a frame with a bad FCS or damaged on the way. Only valid during the call.
   */
  public void rxFrame(byte[] buf, int off, int len, boolean fcsOk, boolean fast) {
    if (state == T30State.CALL_FINISHED || state == T30State.IDLE) {
      return;
    }
    if (fast) {
      if (state == T30State.F_DOC_ECM || state == T30State.F_POST_DOC_ECM) {
        timer = T2_MS; // the carrier is there, good frames or not: no command is due yet
      }
      if (fcsOk) {
        ecmFrame(buf, off, len);
      }
      return;
    }
    remoteTap.frame(buf, off, len, fcsOk);
    if (!fcsOk) {
      return; // the timers see to it: the far end repeats, or we do
    }
    T30Frame f = T30Frame.decode(buf, off, len);
    if (!f.isOk()) {
      log("ignored " + f.describe());
      return;
    }
    if (!f.isFinal()) {
      if (f.fcf() == Fcf.CIG) {
        cig = StationId.decode(f.array(), f.offset() + 3, f.fifLength()); // the score keeps CSI and TSI only
      }
      return; // NSF, CSI, TSI ...: the score keeps the identities; the final frame acts
    }
    if (f.fcf() == Fcf.DCN) {
      if (state == T30State.F_POST_EOP || state == T30State.B_DCN) {
        completed = state == T30State.F_POST_EOP || completed;
        finishNow();
      } else {
        fail(T30Cause.UNEXPECTED_DCN, "in state " + state);
      }
      return;
    }
    if (options.sending()) {
      senderFrame(f);
    } else {
      receiverFrame(f);
    }
  }

  // ---- sender -------------------------------------------------------------------------------

  private void senderFrame(T30Frame f) {
    Fcf fcf = f.fcf();
    switch (state) {
      case R -> { // called, with a document to be polled: DIS sent (bit 9 set), waiting for DTC
        if (fcf == Fcf.DTC) {
          log("polled: the far end answers our DIS with DTC");
          negotiate(DisDcsFields.of(f));
        } else if (fcf == Fcf.DCS) {
          fail(T30Cause.INCOMPATIBLE, "the far end sends a DCS: it wants to send, and we have a document to be polled");
        } else {
          unexpected(f);
        }
      }
      case T1_CALLING, T, D -> {
        if (fcf == Fcf.DTC && state != T30State.T1_CALLING && !options.calling()) {
          retry(); // polled: our DCS was not heard, the poller repeats its DTC
        } else if (fcf == Fcf.DIS) {
          if (state == T30State.T1_CALLING || remoteDis == null) {
            negotiate(DisDcsFields.of(f));
          } else {
            retry(); // our DCS was not heard: the far end repeats its DIS
          }
        } else if (state == T30State.D && fcf == Fcf.CFR) {
          t1 = 0;
          tries = 0;
          log("CFR at " + rate);
          shortTrain = true;
          startPage();
        } else if (state == T30State.D && fcf == Fcf.FTT) {
          fallBack("FTT");
        } else if (fcf == Fcf.CRP) {
          retry();
        } else {
          unexpected(f);
        }
      }
      case B_AFTER_EOM -> {
        if (fcf == Fcf.DIS || fcf == Fcf.DTC) { // DTC when we were polled
          negotiate(DisDcsFields.of(f)); // a new DCS for the next page's width and resolution
        } else {
          unexpected(f); // e.g. the MCF again, answering an EOM repeated before ours was heard
        }
      }
      case II_Q -> postPageAnswer(f);
      case IV_PPS_Q, IV_RR -> ppsAnswer(f);
      case IV_CTC -> {
        if (fcf == Fcf.CTR) {
          tries = 0;
          ppr = 0;
          sendBlock(false);
        } else if (fcf == Fcf.CRP) {
          retry();
        } else {
          unexpected(f);
        }
      }
      case IV_EOR -> {
        if (fcf == Fcf.ERR) {
          tries = 0;
          blockDone();
        } else if (fcf == Fcf.CRP) {
          retry();
        } else {
          unexpected(f);
        }
      }
      default -> unexpected(f);
    }
  }

  /**
   * A DIS: the first, or the one the far end sends again after our EOM. The DCS is for the page
   * about to go ({@link #page}) and the pages after it of the same width and resolution; every
   * page still to go must be one the far end takes, or the fax fails now, not halfway.
   */
  private void negotiate(DisDcsFields dis) {
    remoteDis = dis;
    t1 = 0;
    rates = Capabilities.rates(dis, options);
    if (rates.isEmpty()) {
      fail(T30Cause.INCOMPATIBLE, "no common modem and rate within minrate/maxrate in " + dis.describe());
      return;
    }
    if (!dis.receive()) {
      fail(T30Cause.INCOMPATIBLE, "the far end cannot receive: " + dis.describe());
      return;
    }
    for (int p = page; p < source.pages(); p++) {
      int width = widthFor(p);
      if (!Capabilities.takes(dis, width, source.resolution(p, width))) {
        fail(T30Cause.INCOMPATIBLE, "the far end does not take page " + (p + 1) + ", " + width + " pixels at "
            + source.resolution(p, width) + ": " + dis.describe());
        return;
      }
    }
    boolean ecm = options.ecm() && dis.ecm();
    ImageCoding coding = Capabilities.coding(dis, ecm, source.codings());
    frameSize = ecm && options.ecmFrame64() ? 64 : 256;
    int width = widthFor(page);
    format = new PageFormat(coding, source.resolution(page, width), width, ecm, 0);
    rateIndex = 0;
    tries = 0;
    log("DIS: " + dis.describe() + "; rates " + rates);
    sendDcs();
  }

  private void sendDcs() {
    rate = rates.get(rateIndex);
    int scan = Capabilities.scanLineMs(remoteDis, format.ecm(), format.resolution());
    format = new PageFormat(format.coding(), format.resolution(), format.width(), format.ecm(),
        rate.bitRate() * scan / 1000);
    control.clear();
    if (!options.localStationId().isEmpty()) {
      control.add(T30Frame.encode(false, Fcf.TSI, x, StationId.encode(options.localStationId())));
    }
    control.add(T30Frame.encode(true, Fcf.DCS, x,
        Capabilities.dcsFif(rate, format, scan, remoteDis, frameSize == 64)));
    sendControl(T30State.T, AfterTx.TCF, 0);
  }

  private void sendTcf() {
    int n = rate.bitRate() * TCF_MS / 8000;
    afterTx = AfterTx.WAIT;
    timerAfterTx = T4_MS;
    txBusy = true;
    line.sendImage(rate, false, tcf, 0, n);
    state = T30State.D;
  }

  private void fallBack(String why) {
    if (rateIndex + 1 >= rates.size()) {
      fail(T30Cause.CANNOT_TRAIN, why + " at " + rate + ", the lowest rate allowed");
      return;
    }
    rateIndex++;
    tries = 0;
    log(why + " at " + rate + ": falling back to " + rates.get(rateIndex));
    sendDcs();
  }

  private void startPage() {
    pageData = source.page(page, format);
    if (format.ecm()) {
      pageFrames = Math.max(1, (pageData.length + frameSize - 1) / frameSize);
      block = 0;
      blockFirst = 0;
      ppr = 0;
      selectBlock();
      sendBlock(shortTrain);
      return;
    }
    log("page " + (page + 1) + " of " + source.pages() + ": " + pageData.length + " octets " + format.coding()
        + " at " + rate);
    afterTx = AfterTx.POST_PAGE;
    txBusy = true;
    state = T30State.I;
    timer = 0;
    line.sendImage(rate, shortTrain, pageData, 0, pageData.length);
  }

  /** The width page {@code p} goes out in to the far end of {@link #remoteDis}: its own, or A4 when that is wider than the far end takes. */
  private int widthFor(int p) {
    int own = source.width(p);
    return Capabilities.takesWidth(remoteDis, own) ? own : 1728;
  }

  /**
   * After page {@link #page}: EOP when it is the last, MPS when the next has the same width and
   * resolution, else EOM: back to phase B, where the far end's DIS is answered by a DCS for the next
   * page's format (a DCS holds one width and one resolution for every page it covers).
   */
  private Fcf postPageCommand() {
    if (page + 1 >= source.pages()) {
      return Fcf.EOP;
    }
    int width = widthFor(page + 1);
    return width == format.width() && source.resolution(page + 1, width) == format.resolution() ? Fcf.MPS : Fcf.EOM;
  }

  /**
   * The page that ended with EOM was confirmed: back to phase B. As at the start of the call the
   * far end sends DIS (within T1) and the next page's DCS answers it.
   */
  private void awaitDisAfterEom() {
    log("EOM confirmed: the next page is " + widthFor(page) + " pixels at " + source.resolution(page, widthFor(page))
        + ", waiting for the DIS to send a new DCS");
    tries = 0;
    state = T30State.B_AFTER_EOM;
    timer = 0;
    t1 = T1_MS;
  }

  private void sendPostPage() {
    tries = 0;
    control.clear().add(T30Frame.encode(true, postPageCommand(), x, null));
    sendControl(T30State.II_Q, AfterTx.WAIT, T4_MS);
  }

  private void postPageAnswer(T30Frame f) {
    Fcf fcf = f.fcf();
    boolean last = postPageCommand() == Fcf.EOP;
    switch (fcf) {
      case MCF, RTP -> {
        log("page " + (page + 1) + ": " + fcf);
        boolean eom = postPageCommand() == Fcf.EOM;
        page++;
        pagesDone++;
        rtn = 0;
        tries = 0;
        if (last) {
          completed = true;
          sendDcn();
        } else if (eom) {
          awaitDisAfterEom(); // RTP too: phase B trains again anyway
        } else if (fcf == Fcf.MCF) {
          shortTrain = true;
          startPage();
        } else {
          sendDcs(); // RTP: retrain, then the next page
        }
      }
      case RTN -> {
        if (++rtn >= MAX_RTN) {
          fail(T30Cause.PAGE_REFUSED, "page " + (page + 1));
          return;
        }
        log("page " + (page + 1) + ": RTN, retraining to send it again");
        tries = 0;
        sendDcs();
      }
      case PIN, PIP -> fail(T30Cause.PROCEDURE_INTERRUPT, fcf.label());
      case CRP -> retry();
      default -> unexpected(f);
    }
  }

  // ECM sender

  private void selectBlock() {
    blockFrames = Math.min(BLOCK_FRAMES, pageFrames - blockFirst);
    java.util.Arrays.fill(resend, 0, BLOCK_FRAMES, false);
    java.util.Arrays.fill(resend, 0, blockFrames, true);
  }

  private boolean lastBlock() {
    return blockFirst + blockFrames >= pageFrames;
  }

  /** The frames of the block still wanted, three RCP after them, on the fast modem. */
  private void sendBlock(boolean shortTraining) {
    ecmBurst.clear();
    int sent = 0;
    for (int k = 0; k < blockFrames; k++) {
      if (!resend[k]) {
        continue;
      }
      int from = (blockFirst + k) * frameSize;
      int n = Math.max(0, Math.min(frameSize, pageData.length - from));
      byte[] s = ecmBurst.slot(4 + n);
      s[0] = (byte) T30Frame.ADDRESS;
      s[1] = (byte) T30Frame.CONTROL_NON_FINAL;
      s[2] = (byte) Fcf.FCD.octet(false);
      s[3] = (byte) k;
      System.arraycopy(pageData, from, s, 4, n);
      ecmBurst.commit(4 + n);
      sent++;
    }
    for (int i = 0; i < 3; i++) {
      byte[] s = ecmBurst.slot(3);
      s[0] = (byte) T30Frame.ADDRESS;
      s[1] = (byte) T30Frame.CONTROL_NON_FINAL;
      s[2] = (byte) Fcf.RCP.octet(false);
      ecmBurst.commit(3);
    }
    log("page " + (page + 1) + " block " + block + ": " + sent + " of " + blockFrames + " frames at " + rate
        + (ppr > 0 ? " (again, after PPR " + ppr + ")" : ""));
    afterTx = AfterTx.PPS;
    txBusy = true;
    state = T30State.IV;
    timer = 0;
    line.sendEcm(rate, shortTraining, ecmBurst);
  }

  private int fcf2() {
    if (!lastBlock()) {
      return 0;
    }
    return postPageCommand().octet(x);
  }

  private void sendPps() {
    tries = 0;
    byte[] fif = {(byte) fcf2(), (byte) page, (byte) block, (byte) (blockFrames - 1)};
    control.clear().add(T30Frame.encode(true, Fcf.PPS, x, fif));
    sendControl(T30State.IV_PPS_Q, AfterTx.WAIT, T4_MS);
  }

  private void ppsAnswer(T30Frame f) {
    Fcf fcf = f.fcf();
    switch (fcf) {
      case MCF -> {
        t5 = 0;
        tries = 0;
        blockDone();
      }
      case PPR -> {
        t5 = 0;
        tries = 0;
        Ppr map = Ppr.parse(f.array(), f.offset() + 3, f.fifLength());
        int wanted = 0;
        for (int k = 0; k < BLOCK_FRAMES; k++) {
          resend[k] = k < blockFrames && map.requested(k);
          wanted += resend[k] ? 1 : 0;
        }
        if (wanted == 0) {
          blockDone(); // an empty PPR asks for nothing: as good as MCF
          return;
        }
        if (++ppr >= PPR_BEFORE_CTC) {
          continueToCorrect();
        } else {
          sendBlock(true);
        }
      }
      case RNR -> {
        if (t5 == 0) {
          t5 = T5_MS;
        }
        tries = 0;
        control.clear().add(T30Frame.encode(true, Fcf.RR, x, null));
        sendControl(T30State.IV_RR, AfterTx.WAIT, T4_MS);
      }
      case PIN, PIP -> fail(T30Cause.PROCEDURE_INTERRUPT, fcf.label());
      case CRP -> retry();
      default -> unexpected(f);
    }
  }

  /** The fourth PPR of a block: CTC one rate lower, or EOR at the lowest. */
  private void continueToCorrect() {
    tries = 0;
    if (rateIndex + 1 < rates.size()) {
      rateIndex++;
      rate = rates.get(rateIndex);
      log(ppr + " PPRs for block " + block + ": CTC at " + rate);
      byte[] fif = {0, (byte) (rate.dcsCode() << 2)};
      control.clear().add(T30Frame.encode(true, Fcf.CTC, x, fif));
      sendControl(T30State.IV_CTC, AfterTx.WAIT, T4_MS);
    } else {
      log(ppr + " PPRs for block " + block + " at the lowest rate: EOR");
      control.clear().add(T30Frame.encode(true, Fcf.EOR, x, new byte[] {(byte) fcf2()}));
      sendControl(T30State.IV_EOR, AfterTx.WAIT, T4_MS);
    }
  }

  private void blockDone() {
    ppr = 0;
    if (!lastBlock()) {
      blockFirst += blockFrames;
      block++;
      selectBlock();
      sendBlock(true);
      return;
    }
    log("page " + (page + 1) + " confirmed (" + (block + 1) + " block(s))");
    Fcf post = postPageCommand();
    page++;
    pagesDone++;
    if (post == Fcf.EOP) {
      completed = true;
      sendDcn();
    } else if (post == Fcf.EOM) {
      awaitDisAfterEom();
    } else {
      shortTrain = true;
      startPage();
    }
  }

  // ---- receiver -----------------------------------------------------------------------------

  /**
   * Phase B's opening, then waiting in R (for DCS, or, polled, for DTC): an answering receiver's
   * CSI and DIS; an answering sender's CSI and DIS with "ready to transmit" (bit 9: a document to be
   * polled); a poller's CIG and DTC (its receive capabilities, as a DIS would give them).
   */
  private void sendDis() {
    control.clear();
    boolean poller = options.calling();
    if (!options.localStationId().isEmpty()) {
      control.add(T30Frame.encode(false, poller ? Fcf.CIG : Fcf.CSI, x, StationId.encode(options.localStationId())));
    }
    byte[] fif = options.sending() ? Capabilities.pollableDisFif(options) : Capabilities.disFif(options, sink.codings());
    control.add(T30Frame.encode(true, poller ? Fcf.DTC : Fcf.DIS, x, fif));
    sendControl(T30State.R, AfterTx.WAIT, T4_MS);
  }

  /**
   * A poller (calling, receiving) hears the called station's DIS: DTC when it has a document to be
   * polled (bit 9), which makes it the sender; else the fax fails, there is nothing to poll.
   */
  private void pollDis(DisDcsFields dis) {
    if (!options.calling()) {
      log("unexpected DIS: we are the called station");
      return;
    }
    if (state != T30State.T1_CALLING && state != T30State.R) {
      log("unexpected DIS in state " + state + ": ignored");
      return;
    }
    if (!dis.bit(9)) {
      fail(T30Cause.NOTHING_TO_POLL, dis.describe());
      return;
    }
    log((state == T30State.R ? "DIS again (our DTC was not heard): " : "DIS with a document to be polled: ")
        + dis.describe() + "; DTC");
    sendDis();
  }

  private void receiverFrame(T30Frame f) {
    Fcf fcf = f.fcf();
    switch (fcf) {
      case DIS -> pollDis(DisDcsFields.of(f));
      case DCS -> dcs(DisDcsFields.of(f));
      case MPS, EOP, EOM -> postPage(fcf);
      case PPS -> pps(f);
      case EOR -> eor(f);
      case CTC -> {
        if (f.fifLength() >= 2) {
          DataRate r = DataRate.fromDcsCode((f.fifOctet(1) >> 2) & 0xF);
          if (r != null) {
            rate = r;
          }
        }
        log("CTC: continuing at " + rate);
        answer(Fcf.CTR, T30State.F_DOC_ECM);
      }
      case RR -> answer(lastAnswer == null ? Fcf.MCF : lastAnswer, state);
      case CRP -> retry();
      default -> unexpected(f);
    }
  }

  private void dcs(DisDcsFields dcs) {
    DataRate r = dcs.dataRate();
    if (r == null) {
      log("DCS with a reserved rate code: " + dcs.describe());
      return;
    }
    t1 = 0;
    afterEom = false;
    rate = r;
    ImageCoding coding = dcs.t6() ? ImageCoding.MMR : dcs.mr() ? ImageCoding.MR : ImageCoding.MH;
    int width = switch (dcs.width()) {
      case B4 -> 2048;
      case A3 -> 2432;
      default -> 1728;
    };
    frameSize = dcs.ecmFrameSize() == 64 ? 64 : 256;
    int scan = Math.max(0, dcs.minScanLineMs());
    format = new PageFormat(coding, dcs.resolution(), width, dcs.ecm(), r.bitRate() * scan / 1000);
    log("DCS: " + dcs.describe());
    state = T30State.F_TCF;
    tcfCheck.restart(r.bitRate());
    timer = T2_MS;
  }

  private void postPage(Fcf cmd) {
    boolean answered = lastAnswer == Fcf.MCF || lastAnswer == Fcf.RTP || lastAnswer == Fcf.RTN;
    if (answered && !pageOpen
        && (state == T30State.F_POST_EOP || state == T30State.F_DOC_NON_ECM || state == T30State.R)) {
      // our answer was lost: the sender repeats its command
      if (afterEom) {
        answerThenDis(lastAnswer);
      } else {
        answer(lastAnswer, state);
      }
      return;
    }
    if (state != T30State.F_POST_DOC_NON_ECM && !(state == T30State.F_DOC_NON_ECM && pageOpen)) {
      log("unexpected " + cmd + " in state " + state);
      return;
    }
    PageQuality q = sink.endPage();
    score.trace().badRows(q.badRows()); // for the completion event's T.30 summary
    pageOpen = false;
    Fcf verdict = copyQuality(q);
    log("page received: " + q.rows() + " rows, " + q.badRows() + " bad (longest run " + q.longestBadRun() + "): "
        + verdict);
    if (verdict == Fcf.RTN) {
      sink.discardPage();
      answer(Fcf.RTN, T30State.R);
      return;
    }
    sink.keepPage();
    pagesDone++;
    if (cmd == Fcf.EOM) {
      answerThenDis(verdict); // RTP too: phase B trains again anyway
      return;
    }
    T30State next = cmd == Fcf.EOP ? T30State.F_POST_EOP
        : verdict == Fcf.RTP ? T30State.R : T30State.F_DOC_NON_ECM;
    answer(verdict, next);
  }

  /** MCF, RTP or RTN for a non-ECM page by its bad rows. */
  static Fcf copyQuality(PageQuality q) {
    if (q.rows() <= 0) {
      return Fcf.RTN;
    }
    long perMille = (long) q.badRows() * 1000 / q.rows();
    if (perMille <= MCF_BAD_PER_MILLE) {
      return Fcf.MCF;
    }
    return perMille <= RTP_BAD_PER_MILLE ? Fcf.RTP : Fcf.RTN;
  }

  private void ecmFrame(byte[] buf, int off, int len) {
    if (state != T30State.F_DOC_ECM && state != T30State.F_POST_DOC_ECM) {
      return;
    }
    if (len < 3 || (buf[off] & 0xFF) != T30Frame.ADDRESS) {
      return;
    }
    Fcf fcf = Fcf.decode(buf[off + 2] & 0xFF);
    if (fcf == Fcf.FCD && len >= 4) {
      int k = buf[off + 3] & 0xFF;
      if (len - 4 > frameSize) {
        // longer than the DCS's frame size: it would spill into the next frame's place, so it
        // counts as missing and the PPR asks for it again
        log("ECM frame " + k + " has " + (len - 4) + " octets, more than " + frameSize + ": dropped");
        return;
      }
      int n = len - 4;
      if (ecmData == null) {
        ecmData = new byte[BLOCK_FRAMES * 256];
      }
      System.arraycopy(buf, off + 4, ecmData, k * frameSize, n);
      ecmLen[k] = n;
      ecmGot[k] = true;
      state = T30State.F_DOC_ECM;
      timer = T2_MS;
    } else if (fcf == Fcf.RCP) {
      state = T30State.F_POST_DOC_ECM;
      timer = T2_MS;
    }
  }

  private void pps(T30Frame f) {
    Pps pps = Pps.parse(f.array(), f.offset() + 3, f.fifLength());
    if (pps.page() == confirmedPage && pps.block() == confirmedBlock) {
      // our MCF was lost
      if (afterEom) {
        answerThenDis(Fcf.MCF);
      } else {
        answer(Fcf.MCF, state);
      }
      return;
    }
    // T.30 does not pin down what a PPS after a PPR counts: the block's frames or only the burst's.
    // spandsp counts the burst (one frame sent again: 1), so the block is as long as the largest
    // count heard for it; taking the last count would end the page after the burst's few frames.
    if (pps.frames() < blockFrameCount) {
      log("PPS page " + pps.page() + " block " + pps.block() + " counts " + pps.frames()
          + " frames (the burst sent again): the block has " + blockFrameCount);
    }
    blockFrameCount = Math.max(blockFrameCount, Math.max(0, pps.frames()));
    int frames = blockFrameCount;
    java.util.Arrays.fill(pprMap, (byte) 0);
    int missing = 0;
    for (int k = 0; k < frames; k++) {
      if (!ecmGot[k]) {
        pprMap[k >> 3] |= (byte) (1 << (k & 7));
        missing++;
      }
    }
    if (missing > 0) {
      log("PPS page " + pps.page() + " block " + pps.block() + ": " + missing + " of " + frames
          + " frames missing: PPR");
      control.clear().add(T30Frame.encode(true, Fcf.PPR, x, pprMap));
      lastAnswer = Fcf.PPR;
      sendControl(T30State.F_DOC_ECM, AfterTx.WAIT, T2_MS);
      return;
    }
    blockReceived(frames, pps, Fcf.MCF);
  }

  private void eor(T30Frame f) {
    Pps eor = Pps.parse(f.array(), f.offset() + 3, f.fifLength());
    int frames = 0;
    for (int k = 0; k < BLOCK_FRAMES; k++) {
      if (ecmGot[k]) {
        frames = k + 1;
      }
    }
    log("EOR: the block goes with the frames received");
    blockReceived(frames, eor, Fcf.ERR);
  }

  /** A block is complete (or given up by EOR): its frames go to the page, in order. */
  private void blockReceived(int frames, Pps pps, Fcf reply) {
    if (!pageOpen) {
      sink.startPage(format);
      pageOpen = true;
    }
    for (int k = 0; k < frames; k++) {
      if (ecmGot[k]) {
        sink.data(ecmData, k * frameSize, ecmLen[k]);
      }
    }
    java.util.Arrays.fill(ecmGot, false);
    blockFrameCount = 0;
    confirmedPage = pps.page();
    confirmedBlock = pps.block();
    Fcf post = pps.postMessage();
    T30State next = T30State.F_DOC_ECM;
    if (post != null) {
      score.trace().badRows(sink.endPage().badRows()); // ECM pages arrive whole: 0 unless the coding itself is bad
      sink.keepPage();
      pagesDone++;
      pageOpen = false;
      log("page " + (pps.page() + 1) + " received (ECM), " + post);
      if (post == Fcf.EOM || post == Fcf.PRI_EOM) {
        answerThenDis(reply);
        return;
      }
      next = post == Fcf.EOP || post == Fcf.PRI_EOP ? T30State.F_POST_EOP : T30State.F_DOC_ECM;
    }
    answer(reply, next);
  }

  /** A receiver's response, then waiting T2 for the next command in {@code next}. */
  private void answer(Fcf response, T30State next) {
    lastAnswer = response;
    control.clear().add(T30Frame.encode(true, response, x, response == Fcf.PPR ? pprMap : null));
    if (next == T30State.R) {
      t1 = T1_MS; // retraining, or a new document: a DCS must come within T1
    }
    sendControl(next, AfterTx.WAIT, T2_MS);
  }

  /**
   * The answer to EOM (MCF or RTP, or ERR, to a PPS or EOR carrying EOM): back to phase B. The
   * sender's next page has another width or resolution, so it needs a new DCS, and it waits for
   * our DIS to send one: the DIS goes as soon as the answer has gone, and again every T4 within T1
   * until the DCS comes. (spandsp's receiver waits T2 for the EOM to be repeated before its DIS;
   * a repeated EOM is answered again here whenever it comes.)
   */
  private void answerThenDis(Fcf response) {
    afterEom = true;
    lastAnswer = response;
    control.clear().add(T30Frame.encode(true, response, x, null));
    t1 = T1_MS;
    sendControl(T30State.R, AfterTx.DIS, 0);
  }

  // ---- both ---------------------------------------------------------------------------------

  private void sendControl(T30State next, AfterTx after, int timerMs) {
    for (int i = 0; i < control.count(); i++) {
      localTap.frame(control.frame(i), 0, control.length(i), true);
    }
    state = next;
    afterTx = after;
    timerAfterTx = timerMs;
    timer = 0;
    txBusy = true;
    line.sendControl(control);
  }

  private void timeout() {
    switch (state) {
      case R -> {
        if (lastAnswer == null || lastAnswer == Fcf.DIS || afterEom) {
          sendDis(); // DIS again, every T4, until T1
        } else {
          fail(T30Cause.T2_EXPIRED, "no DCS after " + lastAnswer);
        }
      }
      case D, II_Q, IV_PPS_Q, IV_RR, IV_CTC, IV_EOR -> retry();
      case F_TCF, F_DOC_NON_ECM, F_POST_DOC_NON_ECM, F_DOC_ECM, F_POST_DOC_ECM, F_POST_EOP ->
          fail(T30Cause.T2_EXPIRED, "in state " + state);
      default -> { }
    }
  }

  /** The last command again (T4 ran out, or CRP), at most {@link #MAX_TRIES} times in all. */
  private void retry() {
    if (++tries >= MAX_TRIES) {
      fail(T30Cause.NO_RESPONSE, "in state " + state);
      return;
    }
    log("no response in state " + state + ": try " + (tries + 1));
    switch (state) {
      case T, D -> sendDcs();
      case II_Q -> {
        int keep = tries;
        sendPostPage();
        tries = keep;
      }
      case IV_PPS_Q -> {
        int keep = tries;
        sendPps();
        tries = keep;
      }
      default -> sendControl(state, AfterTx.WAIT, options.sending() ? T4_MS : T2_MS);
    }
  }

  private void sendDcn() {
    timer = 0;
    control.clear().add(T30Frame.encode(true, Fcf.DCN, x, null));
    sendControl(T30State.B_DCN, AfterTx.FINISH, 0);
  }

  private void unexpected(T30Frame f) {
    log("unexpected " + f.describe() + " in state " + state + ": ignored");
  }

  private void fail(T30Cause c, String detail) {
    if (cause != null || state == T30State.CALL_FINISHED) {
      return;
    }
    cause = c;
    causeDetail = detail;
    failingPhase = state.phase();
    log("failed in phase " + failingPhase + ": " + c.text() + (detail.isEmpty() ? "" : " (" + detail + ")"));
    if (pageOpen) {
      sink.endPage();
      sink.discardPage();
      pageOpen = false;
    }
    if (c == T30Cause.UNEXPECTED_DCN) {
      finishNow();
    } else {
      sendDcn();
    }
  }

  private void finishNow() {
    state = T30State.CALL_FINISHED;
    timer = 0;
    t1 = 0;
    t5 = 0;
    line.stop();
  }

  /** The session ends the call now (hang-up): the fax fails unless it was already over. */
  public void hangUp() {
    if (state != T30State.CALL_FINISHED) {
      if (cause == null) {
        cause = T30Cause.CALL_DROPPED;
        causeDetail = "in state " + state;
        failingPhase = state.phase();
      }
      finishNow();
    }
  }

  private void log(String s) {
    log.accept(s);
  }

  // ---- what it reports ----------------------------------------------------------------------

  public T30State state() {
    return state;
  }

  /** True once the call is over (DCN sent or received, or given up). */
  public boolean finished() {
    return state == T30State.CALL_FINISHED;
  }

  /** True while a send the line has not reported done is going. */
  public boolean sending() {
    return txBusy;
  }

  /** The rate in use (null before DCS). */
  public DataRate rate() {
    return rate;
  }

  /** The format of the pages (null before DCS). */
  public PageFormat format() {
    return format;
  }

  /** Why it failed, or null. */
  public T30Cause cause() {
    return cause;
  }

  /** The score kept from every frame both ways. */
  public T30Supervisor score() {
    return score;
  }

  /** The T.30 frames both ways: {@code a} is this terminal, {@code b} the far end. */
  public T30Trace trace() {
    return score.trace();
  }

  /** Pages confirmed (MCF or RTP): sent and answered so, or received and answered so. */
  public int pages() {
    return pagesDone;
  }

  /**
   * The fax's result in the project's terms (FAXOPT pages, rate, resolution, remotestationid,
   * status, statusstr, error, the failing phase). Made on request, not per tick.
   */
  public FaxReport report() {
    boolean over = finished();
    T30Supervisor.Outcome o;
    if (cause != null) {
      o = new T30Supervisor.Outcome(false, cause.text() + (causeDetail.isEmpty() ? "" : " (" + causeDetail + ")")
          + " in phase " + failingPhase, cause.name(), failingPhase);
    } else if (completed && finished()) {
      o = new T30Supervisor.Outcome(true, null, "NO_ERROR", null);
    } else {
      o = score.outcome("the call ended");
    }
    FaxReport r = score.report(o, over);
    // the score sees both ends' frames: the far end is the one whose identity frame we did not send,
    // and a page counts once even when a lost response made its command and answer repeat
    String remote = options.sending() ? (options.calling() ? score.csi() : cig) : score.tsi();
    return new FaxReport(r.over(), r.success(), r.statusStr(), r.error(), r.failingPhase(), pagesDone, r.rate(),
        r.resolution(), remote, r.ecmUsed(), r.modem());
  }

}
