package dev.faxgate.t30;

import dev.faxgate.modem.FastModem;
import java.util.EnumSet;
import java.util.Set;

/**
 * Watches the T.30 exchange passing through a gateway or a relay, edits what the session's FAXOPT
 * says it must (gateway only), and keeps the score the session reports (docs/dsp.md §5.5).
 *
 * <p>A gateway's supervisor ({@link #T30Supervisor(Policy, FastModemPlan)}) edits. A relay's
 * ({@link #watchOnly()}) only scores: it changes no octet of any frame and never ends the fax
 * itself (no minrate), since a relay passes the bytes it receives unchanged. Both score the same
 * way, from the same code, so a relay reports a fax exactly as a gateway would.
 *
 * <p><b>Edits</b>, on good frames in either direction, in place (lengths never change):
 * <ul>
 *   <li>DIS/DTC: the V.8 bit cleared (no V.34 relay); without ECM (FAXOPT {@code ecm=no}) ECM and
 *       everything that needs it (T.6...) cleared; the modems limited to FAXOPT {@code modem} and
 *       {@code maxrate}.</li>
 *   <li>NSF/NSC/NSS by the {@link NsxPolicy}: passed, suppressed (the country and vendor octets
 *       overwritten with {@code FF 00 00}, as spandsp does), or rewritten with a configured
 *       T.35 code. The frame itself always passes, so T.30's timing is unchanged.</li>
 * </ul>
 *
 * <p><b>Score</b>: the DCS gives the rate, resolution and ECM; CSI and TSI the identities; a page
 * counts when MCF (or RTP) answers a post-page command (MPS/EOM/EOP, or in ECM a PPS carrying
 * one). The fax succeeded when the EOP was confirmed (a DCN lost after that, or a call dropped
 * before it, transfers nothing more). The phase follows T.30: A before
 * any frame, B from DIS to CFR, C the image, D the post-message exchange, E after DCN.
 *
 * <p>It also keeps the {@link FastModemPlan} both halves of the gateway read: which fast modem
 * and training come next. One thread; a frame's edits and score happen in the tap call.
 */
public final class T30Supervisor {
  /**
   * Where a frame came from: the gateway's audio or T.38 half, or a relay's leg a or b. The side
   * only counts frames ({@link #frames(Side)}); the score does not depend on it.
   */
  public enum Side {
    AUDIO,
    T38,
    LEG_A,
    LEG_B
  }

  /** What happens to NSF, NSC and NSS frames. */
  public enum NsxPolicy {
    PASS,
    SUPPRESS,
    REWRITE
  }

  /** The T.30 phases. */
  public enum Phase {
    A("call set-up"),
    B("pre-message procedure"),
    C("message transmission"),
    D("post-message procedure"),
    E("call release");

    private final String description;

    Phase(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  /** The session's FAXOPT as it bears on the exchange. */
  public record Policy(boolean ecmAllowed, Set<FastModem> modems, int minRate, int maxRate, NsxPolicy nsx,
      byte[] nsxCode) {
    /** spandsp's suppression octets: a country extension with no country and no vendor. */
    public static final byte[] SUPPRESSED = {(byte) 0xFF, 0, 0};

    /** Everything allowed, NSx suppressed. */
    public static Policy permissive() {
      return new Policy(true, EnumSet.allOf(FastModem.class), 2400, 14400, NsxPolicy.SUPPRESS, SUPPRESSED);
    }
  }

  /**
   * The parts of the {@link Policy} a controller may change while the fax runs (FAXOPT writes), each
   * with the last moment it can still act: what DIS/DTC offer ({@code ecm}, {@code modem},
   * {@code maxrate}) until the first DIS/DTC has been edited, since the far machine chooses its DCS
   * from that one; {@code minrate} until the first CFR, where it is checked.
   */
  public enum PolicyItem {
    ECM,
    MODEMS,
    MAX_RATE,
    MIN_RATE
  }

  /** How the fax ended, as the session reports it; {@code cause} is null on success. */
  public record Outcome(boolean success, String cause, String error, Phase failingPhase) {}

  private static final Side[] SIDES = Side.values();
  /** How the trace names each side. */
  private static final String[] TRACE_NAMES = {"audio", "t38", "a", "b"};

  private Policy policy;
  /** False for a relay's supervisor: watch and score only. */
  private final boolean edits;
  private final FastModemPlan plan;
  private final ControlFrameTap[] taps = new ControlFrameTap[SIDES.length];
  private final int[] frames = new int[SIDES.length];
  private final T30Trace trace = new T30Trace();

  private Phase phase = Phase.A;
  private DataRate rate;
  private String resolution;
  private Boolean ecmUsed;
  private String csi;
  private String tsi;
  private int pages;
  /** The post-page command awaiting its answer (null: none). */
  private Fcf pendingPostPage;
  /** The ECM page counter of the PPS awaiting its answer, and of the last page counted (-1: none). */
  private int pendingEcmPage = -1;
  private int countedEcmPage = -1;
  /** The plan's fast-signal count when the last page was confirmed (-1: none yet). */
  private long fastSignalsAtConfirm = -1;
  private boolean eopConfirmed;
  private boolean dcn;
  private boolean everCfr;
  /** True once a DIS or DTC has been edited: what it offered can no longer change. */
  private boolean disEdited;
  private int trainingFailures;
  private Outcome forced;
  /** Media ticks (20 ms) seen. */
  private long ticks;
  /**
   * The side whose DCN T.30 expects next: the other side's MCF has just confirmed an EOP (null: none
   * expected), and the tick of that MCF.
   */
  private Side dcnDueFrom;
  private long dcnDueSince;

  /**
   * How soon after the MCF that confirmed EOP a V.21 signal from the sender can only be its DCN:
   * 1 s. The DCN follows the MCF after T.30's 75 ms turnaround plus the network's round trip; a
   * sender that missed the MCF repeats its command only when its T4 (3 s ± 15%, from the end of that
   * command) expires, and the MCF itself took a V.21 preamble (1 s ± 15%) of that time, so a repeat
   * cannot come sooner than about 1.3 s after the MCF.
   */
  public static final int DCN_WINDOW_TICKS = 50;

  /** A gateway's supervisor: edits DIS/DTC and NSx per {@code policy}, ends the fax below its minrate. */
  public T30Supervisor(Policy policy, FastModemPlan plan) {
    this(policy, true, plan);
  }

  private T30Supervisor(Policy policy, boolean edits, FastModemPlan plan) {
    this.policy = policy;
    this.edits = edits;
    this.plan = plan;
    for (Side side : SIDES) {
      taps[side.ordinal()] = (frame, off, len, ok) -> frame(side, frame, off, len, ok);
    }
  }

  /**
   * A relay's supervisor: the same score, no edit (every frame passes as it came), and no FAXOPT
   * limit that could end the fax. Its {@link #plan()} is kept up to date like a gateway's.
   */
  public static T30Supervisor watchOnly() {
    return new T30Supervisor(Policy.permissive(), false, new FastModemPlan());
  }

  /** The tap for frames coming from {@code side}. */
  public ControlFrameTap tap(Side side) {
    return taps[side.ordinal()];
  }

  /** False for a {@link #watchOnly()} supervisor. */
  public boolean edits() {
    return edits;
  }

  public FastModemPlan plan() {
    return plan;
  }

  void frame(Side side, byte[] frame, int off, int len, boolean ok) {
    Fcf fcf = len >= 3 ? Fcf.decode(frame[off + 2] & 0xFF) : null;
    if (!ok || len < 3 || (frame[off] & 0xFF) != 0xFF) {
      trace.record(TRACE_NAMES[side.ordinal()], fcf, frame, off, len, false, ok);
      return;
    }
    frames[side.ordinal()]++;
    if (fcf == null) {
      trace.record(TRACE_NAMES[side.ordinal()], null, frame, off, len, false, true);
      return;
    }
    byte[] before = edits && fcf.editable() ? java.util.Arrays.copyOfRange(frame, off, off + len) : null;
    boolean confirmedBefore = eopConfirmed;
    score(fcf, frame, off, len);
    // the MCF that confirmed EOP leaves T.30 one next frame from the other side: DCN
    dcnDueFrom = !confirmedBefore && eopConfirmed ? opposite(side) : null;
    dcnDueSince = ticks;
    boolean edited = before != null && !java.util.Arrays.equals(before, 0, len, frame, off, off + len);
    trace.record(TRACE_NAMES[side.ordinal()], fcf, frame, off, len, edited, true);
  }

  /** A good frame's edits (gateway only) and its score. */
  private void score(Fcf fcf, byte[] frame, int off, int len) {
    int fif = off + 3;
    int fifLen = len - 3;
    switch (fcf) {
      case DIS, DTC -> {
        if (edits) {
          edit(fcf, frame, fif, fifLen);
          disEdited = true;
        }
        if (phase == Phase.A) {
          phase = Phase.B;
        }
      }
      case NSF, NSC, NSS -> {
        if (edits) {
          suppressNsx(frame, fif, fifLen);
        }
      }
      case CSI -> csi = StationId.decode(frame, fif, fifLen);
      case TSI -> tsi = StationId.decode(frame, fif, fifLen);
      case DCS -> {
        DisDcsFields dcs = DisDcsFields.parse(Fcf.DCS, frame, fif, fifLen);
        DataRate selected = dcs.dataRate();
        if (selected != null) {
          rate = selected;
          trace.rate(selected.bitRate());
          resolution = dcs.resolutionDpi();
          ecmUsed = dcs.ecm();
          plan.selected(selected, dcs.ecm(), dcs.minScanLineMs(), true);
        }
        phase = Phase.B;
      }
      case CFR -> {
        everCfr = true;
        phase = Phase.C;
        plan.imageNext(true);
        if (edits && rate != null && rate.bitRate() < policy.minRate() && forced == null) {
          forced = new Outcome(false, "the machines settled on " + rate + ", below minrate " + policy.minRate(),
              "RATE_BELOW_MINRATE", Phase.B);
        }
      }
      case FTT -> trainingFailures++;
      case CTC -> {
        DataRate next = fifLen >= 2 ? DataRate.fromDcsCode((frame[fif + 1] >> 2) & 0xF) : null;
        plan.selected(next != null ? next : plan.rate(), plan.ecm(), 0, false);
        if (next != null) {
          rate = next;
          trace.rate(next.bitRate());
        }
      }
      case CTR -> plan.imageNext(false);
      case MPS, EOM, EOP, EOS, PRI_MPS, PRI_EOM, PRI_EOP -> {
        // non-ECM: a command repeated because its MCF was lost comes with no page (no training) since
        // that MCF; the gateway's halves count the trainings in the plan (a relay's plan sees none)
        boolean repeat = fastSignalsAtConfirm >= 0 && plan.fastSignals() == fastSignalsAtConfirm
            && plan.fastSignals() > 0;
        pendingPostPage = repeat ? null : fcf;
        pendingEcmPage = -1;
        phase = Phase.D;
      }
      case PPS -> {
        Pps pps = Pps.parse(frame, fif, fifLen);
        pendingPostPage = pps.isNull() ? null : pps.postMessage();
        pendingEcmPage = pps.page();
        phase = Phase.D;
      }
      case MCF, RTP -> {
        // a PPS repeated because its MCF was lost on the way to the sender names the page counted
        // already, and the receiver answers it again
        boolean repeated = pendingEcmPage >= 0 && pendingEcmPage == countedEcmPage;
        if (pendingPostPage != null && !repeated) {
          pages++;
          countedEcmPage = pendingEcmPage;
          fastSignalsAtConfirm = plan.fastSignals();
          if (pendingPostPage == Fcf.EOP || pendingPostPage == Fcf.PRI_EOP) {
            eopConfirmed = true;
          }
        }
        pendingPostPage = null;
        pendingEcmPage = -1;
        phase = fcf == Fcf.RTP ? Phase.B : Phase.C;
        plan.imageNext(fcf == Fcf.MCF);
      }
      case RTN -> {
        pendingPostPage = null;
        phase = Phase.B;
        plan.imageNext(false);
      }
      case PPR -> {
        pendingPostPage = null;
        phase = Phase.C;
        plan.imageNext(true);
      }
      case DCN -> {
        dcn = true;
        if (eopConfirmed) {
          phase = Phase.E; // otherwise the phase stays where the call was cleared
        }
      }
      default -> {
      }
    }
  }

  /**
   * A FAXOPT write while the fax runs: {@code next} replaces the policy when {@code item} can still
   * act ({@link PolicyItem}). Returns null when it was applied, else why it is too late (naming the
   * phase), and the policy stays as it was. A {@link #watchOnly()} supervisor edits nothing, so
   * nothing can act on it.
   */
  public String update(Policy next, PolicyItem item) {
    if (!edits) {
      return "a relay passes the T.30 frames unedited, so nothing can change what they offer";
    }
    String passed = switch (item) {
      case ECM, MODEMS, MAX_RATE -> disEdited ? "the first DIS/DTC has been edited and passed" : null;
      case MIN_RATE -> everCfr ? "the rate was confirmed by CFR" : null;
    };
    if (passed != null) {
      return passed + " (now in phase " + phase + ", " + phase.description() + ")";
    }
    policy = next;
    return null;
  }

  /** The policy in force. */
  public Policy policy() {
    return policy;
  }

  /** DIS/DTC: V.8 off, ECM off when not allowed, modems and rates limited; written back in place. */
  private void edit(Fcf kind, byte[] frame, int fif, int fifLen) {
    DisDcsFields f = DisDcsFields.parse(kind, frame, fif, fifLen).withoutV8();
    if (!policy.ecmAllowed()) {
      f = f.withoutEcm();
    }
    f = f.limitRates(policy.modems(), policy.maxRate());
    byte[] edited = f.toBytes();
    System.arraycopy(edited, 0, frame, fif, Math.min(edited.length, fifLen));
  }

  private void suppressNsx(byte[] frame, int fif, int fifLen) {
    byte[] code = switch (policy.nsx()) {
      case PASS -> null;
      case SUPPRESS -> Policy.SUPPRESSED;
      case REWRITE -> policy.nsxCode();
    };
    if (code != null) {
      System.arraycopy(code, 0, frame, fif, Math.min(code.length, fifLen));
    }
  }

  /** One 20 ms tick of the media clock: the trace's time. */
  public void tick() {
    ticks++;
    trace.tick();
  }

  private static Side opposite(Side side) {
    return switch (side) {
      case AUDIO -> Side.T38;
      case T38 -> Side.AUDIO;
      case LEG_A -> Side.LEG_B;
      case LEG_B -> Side.LEG_A;
    };
  }

  /**
   * True when the only frame T.30 allows next from {@code side} is DCN, and a signal starting now
   * can only be it: the last good frame was the other side's MCF confirming an EOP (or PRI-EOP, or
   * a PPS carrying one), no more than {@link #DCN_WINDOW_TICKS} ago. The gateway uses it to play a
   * DCN whose V.21 preamble arrived but whose frame was lost (docs/impairment.md, cause 2).
   */
  public boolean dcnExpectedFrom(Side side) {
    return dcnDueFrom == side && !dcn && ticks - dcnDueSince <= DCN_WINDOW_TICKS;
  }

  /** The frames that passed, for the session's T.30 trace. */
  public T30Trace trace() {
    return trace;
  }

  /** True once the fax is over: DCN passed, or FAXOPT made it fail (minrate). */
  public boolean over() {
    return dcn || forced != null;
  }

  /** True once FAXOPT has ended the fax (e.g. below minrate): the gateway stops relaying. */
  public boolean aborted() {
    return forced != null;
  }

  /** How it ended, or how it stands if the call ended now ({@code dropped}: the media stopped). */
  public Outcome outcome(String dropped) {
    if (forced != null) {
      return forced;
    }
    if (eopConfirmed && pages > 0) {
      // every page confirmed, the last by MCF to EOP: what is left (DCN) transfers nothing, so a call
      // that ends without it (the DCN lost, the line dropped) still delivered the fax, as the
      // receiving terminal itself counts it (spandsp: t30_terminate after EOP is OK)
      return new Outcome(true, null, "NO_ERROR", null);
    }
    String where = "in phase " + phase + " (" + phase.description() + ")";
    String detail = switch (phase) {
      case A -> "no T.30 exchange was seen";
      case B -> everCfr ? "the machines did not agree on a new rate"
          : trainingFailures > 0 ? "training failed " + trainingFailures + " time(s), no CFR"
          : rate == null ? "no DCS" : "no CFR after the DCS for " + rate;
      case C -> "page " + (pages + 1) + " was not completed";
      case D -> pendingPostPage != null ? pendingPostPage.label() + " for page " + (pages + 1) + " was not answered"
          : "page " + (pages + 1) + " was not confirmed";
      case E -> "after " + pages + " page(s)";
    };
    String error = dcn ? "UNEXPECTED_DCN" : "CALL_DROPPED";
    String how = dcn ? "cleared by DCN " : dropped + " ";
    return new Outcome(false, how + where + ": " + detail, error, phase);
  }

  public Phase phase() {
    return phase;
  }

  public DataRate rate() {
    return rate;
  }

  public String resolution() {
    return resolution;
  }

  public Boolean ecmUsed() {
    return ecmUsed;
  }

  public int pages() {
    return pages;
  }

  /** The called machine's CSI, else the calling machine's TSI (null: neither seen). */
  public String remoteStationId() {
    return csi != null && !csi.isEmpty() ? csi : tsi;
  }

  public String csi() {
    return csi;
  }

  public String tsi() {
    return tsi;
  }

  public boolean dcnSeen() {
    return dcn;
  }

  /** Good control frames (address FF) seen from {@code side}. */
  public int frames(Side side) {
    return frames[side.ordinal()];
  }

  /** Good control frames seen from all sides: changes whenever the score may have. */
  public int frames() {
    int n = 0;
    for (int f : frames) {
      n += f;
    }
    return n;
  }

  public int framesFromAudio() {
    return frames(Side.AUDIO);
  }

  public int framesFromT38() {
    return frames(Side.T38);
  }

  /**
   * The score as a session reports it: with {@code o} as how it ended ({@code over}) or how it
   * stands. Made on request (rarely), never per tick.
   */
  public FaxReport report(Outcome o, boolean over) {
    return new FaxReport(over, o.success(), o.success() ? "OK" : o.cause(), o.error(),
        o.failingPhase() == null ? null : o.failingPhase().name(), pages,
        rate == null ? null : rate.bitRate(), resolution, remoteStationId(), ecmUsed,
        rate == null ? null : rate.modem().faxoptName());
  }
}
