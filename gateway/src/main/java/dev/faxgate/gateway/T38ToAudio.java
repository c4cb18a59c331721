package dev.faxgate.gateway;

import dev.faxgate.t30.ControlFrameTap;
import dev.faxgate.t30.Fcf;
import dev.faxgate.t30.FastModemPlan;

import dev.faxgate.dsp.Nco;
import dev.faxgate.dsp.PowerMeter;
import dev.faxgate.hdlc.HdlcRx;
import dev.faxgate.hdlc.HdlcTx;
import dev.faxgate.modem.BitSource;
import dev.faxgate.modem.ModemTx;
import dev.faxgate.modem.V17Tx;
import dev.faxgate.modem.V21Channel;
import dev.faxgate.modem.V21Tx;
import dev.faxgate.modem.V27terTx;
import dev.faxgate.modem.V29Tx;
import dev.faxgate.relay.PartsPool;
import dev.faxgate.t38.HdlcFrameAssembly;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38DataType;
import dev.faxgate.t38.T38FieldType;
import dev.faxgate.t38.T38Indicator;
import java.util.function.BooleanSupplier;

/**
 * The T.38-to-audio half of the gateway: plays the IFPs of the T.38 leg as fax signals on the audio
 * leg (the role of the T.38 receive side of spandsp's {@code t38_gateway}; own code).
 *
 * <ul>
 *   <li><b>Tones:</b> {@code cng} plays 1100 Hz, 0.5 s on / 3 s off, until another indicator;
 *       {@code ced} plays 200 ms of silence then 2.6 s of 2100 Hz.</li>
 *   <li><b>V.21:</b> {@code v21-preamble} starts V.21 channel 2 with HDLC flags, which go on until
 *       frames come and between them. {@code hdlc-data} octets (T.38 order, bit-reversed back to
 *       HDLC order) make up a frame ({@link HdlcFrameAssembly}, as the T.38 relay reads them);
 *       {@code hdlc-fcs-OK(-sig-end)} hands it to the
 *       {@link ControlFrameTap} (which may edit it) and queues it for the line, where a fresh FCS is
 *       added. A damaged frame ({@code hdlc-fcs-BAD(-sig-end)}, IFPs lost while it was assembled
 *       ({@link #missing}), or cut by the end of the burst) is played in its place with a wrong FCS
 *       ({@link HdlcTx#sendDamagedFrame}), unless the burst's final frame already went out: the T.30
 *       receiver then sees a bad command or response and waits for it again, instead of a carrier
 *       with flags and no frame, which spandsp takes as the far end having said nothing (T2 or T4
 *       "dropped", 200 ms; docs/impairment.md, cause 6). A sig-end ends the carrier once the
 *       queue has gone out; so do 2 s without an IFP, 1 s once frame data came
 *       ({@link #V21_STALL_SAMPLES}), after a damaged frame when none had played (cause 8). The
 *       one frame played that did not arrive: the sender's DCN, when T.30 allows nothing else and all after its preamble was lost
 *       ({@link #expectDcnWhen}).</li>
 *   <li><b>Fast modems:</b> a training indicator restarts V.27ter, V.29 or V.17 at that rate and
 *       training. With ECM ({@link FastModemPlan#ecm()} and not {@link FastModemPlan#tcf()}) it
 *       carries HDLC: 200 ms of flags (rate/40), then the frames; a damaged ECM frame is dropped (the
 *       receiver's PPR names it by its frame number and the sender sends it again). Otherwise
 *       {@code t4-non-ecm-data} goes through a {@link NonEcmBuffer} (TCF mode when the plan says
 *       TCF), which fills underflows legally; {@code t4-non-ecm-sig-end} (or {@code hdlc-sig-end},
 *       which some gateways send instead) ends the burst after the buffer drains.</li>
 *   <li><b>Sequencing:</b> every signal starts 75 ms after the previous one ended (or after its
 *       indicator came, when the line was quiet); an indicator that comes while a signal still
 *       plays waits for it, and ends it if it is open-ended (CNG, a V.21 or fast burst whose
 *       sig-end was lost). Repeated indicators (senders send each up to 3 times) are recognised.</li>
 * </ul>
 *
 * <p>Limitations: a fast training indicator that comes while the previous fast burst is still
 * playing cuts that burst (they share the modem and buffer; T.30 never sends two fast bursts
 * without a V.21 exchange between them). A v21-preamble that comes while the last V.21 burst still
 * plays fills a second HDLC transmitter, which starts its own carrier 75 ms after the first ends.
 * ECM frames are queued in the {@link HdlcTx} ({@value
 * HdlcTx#QUEUE_FRAMES} frames, about 1 s at 14400 bit/s); a sender that runs further ahead of the
 * line than that loses frames (counted in {@link #queueOverflows()}).
 *
 * <p>Nothing is allocated after construction. Not thread-safe: one media thread calls everything.
 */
public final class T38ToAudio {
  /** Silence between two signals: 75 ms. */
  public static final int GAP_SAMPLES = 600;
  /** Level of every signal, dBm0 (the modems' default). */
  public static final double LEVEL_DBM0 = V21Tx.DEFAULT_LEVEL_DBM0;
  /** Flags before the first V.21 frame (spandsp queues 32); more follow while no frame has come. */
  static final int V21_PREAMBLE_FLAGS = 32;
  /** Largest HDLC frame accepted from the T.38 leg, octets without FCS. */
  static final int MAX_FRAME = HdlcRx.DEFAULT_MAX_FRAME_LENGTH;

  static final int CNG_ON = 4000;
  static final int CNG_PERIOD = 28000;
  static final int CED_SILENCE = 1600;
  static final int CED_TONE = 20800;

  private enum Sig { NONE, CNG, CED, V21, FAST }

  private final ControlFrameTap tap;
  private final FastModemPlan plan;

  /** Two V.21 HDLC transmitters: a new burst fills one while the last one's frames still play from the other. */
  private final HdlcTx v21HdlcA;
  private final HdlcTx v21HdlcB;
  /** Where the frames of the latest V.21 burst go. */
  private HdlcTx v21Fill;
  /** What the V.21 modem sends. */
  private HdlcTx v21Play;
  private final V21Tx v21 = new V21Tx(V21Channel.CH2, () -> v21Play.getBit());
  private final HdlcTx fastHdlc;
  /** The biggest part (64 KiB): taken from the media thread's {@link PartsPool}, given back by {@link #recycle}. */
  private final NonEcmBuffer nonEcm;
  private boolean fastEcm;
  private final BitSource fastSource = this::fastBit;
  private final V17Tx v17 = new V17Tx(fastSource, 14400);
  private final V29Tx v29 = new V29Tx(9600, fastSource);
  private final V27terTx v27 = new V27terTx(4800, false, fastSource);
  private final Nco tone = new Nco(1100);
  private final double tonePeak = Math.sqrt(2.0 * PowerMeter.dbm0ToMeanSquare(LEVEL_DBM0));

  // what plays, what comes next
  private Sig playing = Sig.NONE;
  private Sig pending = Sig.NONE;
  /** The burst the latest indicator opened: where data goes. */
  private Sig burst = Sig.NONE;
  private T38Indicator lastIndicator;
  private boolean sinceIndicator;
  /** Samples played since the last IFP came, while a V.21 burst is open. */
  private int v21QuietSamples;
  /** V.21 bursts ended because the T.38 leg fell silent in them ({@link #V21_STALL_SAMPLES}). */
  private long v21Stalls;
  /** True while T.30 (the supervisor) says the V.21 burst now open can only carry the sender's DCN. */
  private BooleanSupplier dcnExpected = () -> false;
  private boolean v21MayBeDcn;
  /** The X bit (T.30 5.3.6.1) of the last V.21 frame played: the sender's, for a DCN in its name. */
  private int lastXBit;
  /** DCNs played for a sender whose own DCN was lost ({@link #DCN_STALL_SAMPLES}). */
  private long dcnsInferred;
  private final byte[] dcn = new byte[3];
  private int gapLeft;
  private ModemTx fastModem;
  private int fastRate;
  private boolean fastShort;
  private ModemTx pendingModem;
  private int pendingRate;
  private boolean pendingShort;
  private int toneCount;
  private boolean stopTone;

  /** The HDLC frame being assembled. */
  private final HdlcFrameAssembly frame = new HdlcFrameAssembly(MAX_FRAME);

  private boolean faxActivity;
  private long framesPlayed;
  private long framesDropped;
  private long framesDamaged;
  /**
   * True once the open V.21 burst has its last frame: its final frame (control field 0x13) went out,
   * or its sig-end came. What is lost after that is the burst's tail, not a frame.
   */
  private boolean v21Complete;
  /** Whether the open V.21 burst has queued a frame (good or damaged) since its preamble. */
  private boolean v21FrameQueued;
  /** A damaged frame of fewer than 3 octets goes out padded to 3, the shortest frame a receiver reports. */
  private final byte[] damagedStub = new byte[3];
  private long queueOverflows;
  private long ifpsMissing;
  private long signalsStarted;

  public T38ToAudio(ControlFrameTap tap, FastModemPlan plan) {
    this(tap, plan, PartsPool.NONE);
  }

  /** As above, its non-ECM buffer taken from {@code parts} (reset) when one is free there. */
  public T38ToAudio(ControlFrameTap tap, FastModemPlan plan, PartsPool parts) {
    this.tap = tap;
    this.plan = plan;
    v21HdlcA = hdlcTx(parts, V21_PREAMBLE_FLAGS);
    v21HdlcB = hdlcTx(parts, V21_PREAMBLE_FLAGS);
    v21Fill = v21HdlcA;
    v21Play = v21HdlcA;
    fastHdlc = hdlcTx(parts, 1);
    NonEcmBuffer free = parts.take(NonEcmBuffer.class);
    this.nonEcm = free != null && free.capacityBits() == NonEcmBuffer.DEFAULT_CAPACITY_BITS ? free.reset()
        : new NonEcmBuffer();
    v21.power(LEVEL_DBM0);
    v17.power(LEVEL_DBM0);
    v29.power(LEVEL_DBM0);
    v27.power(LEVEL_DBM0);
  }

  /** The fast modem's next bit: from the HDLC transmitter (ECM) or the non-ECM buffer. */
  private int fastBit() {
    return fastEcm ? fastHdlc.getBit() : nonEcm.getBit();
  }

  /** An HDLC transmitter for frames of up to {@link #MAX_FRAME} octets: a free one of {@code parts} reset, else a new one. */
  private static HdlcTx hdlcTx(PartsPool parts, int preambleFlags) {
    HdlcTx free = parts.take(HdlcTx.class);
    return free != null && free.maxFrameLength() == MAX_FRAME ? free.reset(preambleFlags)
        : new HdlcTx(preambleFlags, MAX_FRAME);
  }

  /** Gives the parts taken from a pool back to {@code parts}; this half is not used afterwards. */
  public void recycle(PartsPool parts) {
    parts.give(nonEcm);
    parts.give(v21HdlcA);
    parts.give(v21HdlcB);
    parts.give(fastHdlc);
  }

  /**
   * A V.21 burst open this long with no IFP from the T.38 leg is over: its rest (the frame data,
   * the sig-end, the no-signal) was lost, typically the last datagrams of a call, which no later
   * datagram carries as redundancy, or a burst of loss while the sender waits for an answer. Left
   * open, the flags would play until the far end's receiver gives up on a carrier that never stops
   * (spandsp: T2A, 3 s after it heard the flags, "An HDLC frame lasted too long"); a real sender's
   * IFPs come at least every second within a burst (1 s of preamble flags, then frame data as it is
   * demodulated), and UDPTL recovery holds an IFP at most 320 ms. A burst that played no frame ends
   * with a damaged one ({@link #playDamaged}), so the receiver waits for the command again.
   */
  static final int V21_STALL_SAMPLES = 2 * 8000;

  /**
   * Once frame data came (or were lost) in a V.21 burst, this long with no IFP ends it as {@link #V21_STALL_SAMPLES}
   * does: a sender's data then come without pause (at 300 bit/s, an octet every 27 ms, the flags
   * between frames included), so 1 s of nothing is loss. It must be shorter than the preamble's
   * bound: data begin about 1 s after the preamble's indicator, and the receiver's T2A runs from
   * the flags (3 s), so a burst whose data were cut after that second must end sooner (cause 8).
   */
  static final int V21_DATA_STALL_SAMPLES = 8000;

  /**
   * A V.21 burst that may only be the sender's DCN (see {@link #expectDcnWhen}) and has had no IFP
   * for 2 s lost its frame: a sender's frame data follow its preamble indicator after 1 s of flags
   * (T.30 5.3.1: 1 s ± 15%), and UDPTL recovery holds an IFP at most 320 ms. 2 s leaves the DCN
   * time to go out before a receiver gives up on flags without a frame (spandsp's T4-flagged: 3 s).
   */
  static final int DCN_STALL_SAMPLES = 2 * 8000;

  /**
   * Lets the gateway play a DCN the T.38 sender sent but the network lost. {@code onlyDcnNext} is
   * asked when a V.21 preamble opens a burst: true when T.30 allows that sender nothing but DCN now
   * (the receiver's MCF has just confirmed its EOP: {@code T30Supervisor#dcnExpectedFrom}). Such a
   * burst that then loses everything after its preamble (no IFP for {@link #DCN_STALL_SAMPLES}, no
   * frame, any octets that came those of a DCN) ends with a DCN played in the sender's name, rather
   * than flags and no frame, which leave the audio receiver waiting for a DCN that never comes
   * (issue 18; docs/impairment.md, cause 2). Counted in {@link #dcnsInferred()}.
   */
  public void expectDcnWhen(BooleanSupplier onlyDcnNext) {
    this.dcnExpected = onlyDcnNext;
  }

  /** One IFP from the T.38 leg, in sequence order (UDPTL recovery already done). Valid only during the call. */
  public void ifp(IfpPacket ifp) {
    v21QuietSamples = 0;
    if (ifp.isIndicator()) {
      indicator(ifp.indicator());
      return;
    }
    T38DataType type = ifp.dataType();
    if (type == T38DataType.V21) {
      if (burst != Sig.V21) {
        indicator(T38Indicator.V21_PREAMBLE); // its indicator was lost
      }
    } else {
      T38Indicator training = trainingOf(type);
      if (training == null) {
        return; // V.8, V.34, V.33: not relayed
      }
      if (burst != Sig.FAST) {
        indicator(training);
      }
    }
    sinceIndicator = true;
    faxActivity = true;
    boolean nonEcmBurst = burst == Sig.FAST && !fastEcm;
    for (int i = 0; i < ifp.fieldCount(); i++) {
      T38FieldType ft = ifp.fieldType(i);
      byte[] buf = ifp.fieldArray(i);
      int off = ifp.fieldOffset(i);
      int len = ifp.fieldLength(i);
      if (nonEcmBurst) {
        switch (ft) {
          case T4_NON_ECM_DATA -> nonEcm.put(buf, off, len);
          case T4_NON_ECM_SIG_END, HDLC_SIG_END -> {
            nonEcm.put(buf, off, len);
            nonEcm.finish();
          }
          default -> { } // HDLC fields in a non-ECM burst: nothing to do with them
        }
        continue;
      }
      switch (ft) {
        case HDLC_DATA -> append(buf, off, len);
        case HDLC_FCS_OK -> {
          append(buf, off, len);
          closeFrame(true);
        }
        case HDLC_FCS_BAD -> {
          append(buf, off, len);
          closeFrame(false);
        }
        case HDLC_FCS_OK_SIG_END -> {
          append(buf, off, len);
          closeFrame(true);
          endHdlc();
        }
        case HDLC_FCS_BAD_SIG_END -> {
          append(buf, off, len);
          closeFrame(false);
          endHdlc();
        }
        case HDLC_SIG_END -> {
          append(buf, off, len);
          if (burst == Sig.V21 && v21MayBeDcn && mayBeDcn()) {
            playLostDcn(); // the carrier ended with no frame, where only a DCN could be
            continue;
          }
          endDamagedFrame(); // cut by the end of the carrier
          resetFrame();
          endHdlc();
        }
        default -> { } // non-ECM data in an HDLC burst
      }
    }
  }

  /** V.21 bursts ended because the T.38 leg fell silent in them. */
  public long v21Stalls() {
    return v21Stalls;
  }

  /** n IFPs were lost for good before the next one: the HDLC frame being assembled is corrupt (drop it). */
  public void missing(int n) {
    if (n <= 0) {
      return;
    }
    ifpsMissing += n;
    frame.corrupt();
  }

  private void indicator(T38Indicator ind) {
    if (ind == lastIndicator && !sinceIndicator) {
      return; // a repeat
    }
    lastIndicator = ind;
    sinceIndicator = false;
    boolean maybeLostDcn = ind == T38Indicator.NO_SIGNAL && burst == Sig.V21 && v21MayBeDcn;
    if (burst == Sig.V21 && !maybeLostDcn) {
      endDamagedFrame(); // the burst ends (its sig-end lost) on a frame that was not closed
    }
    resetFrame();
    if (ind != T38Indicator.NO_SIGNAL) {
      faxActivity = true;
    }
    switch (ind) {
      case NO_SIGNAL -> {
        if (burst == Sig.V21 && v21MayBeDcn && mayBeDcn()) {
          playLostDcn(); // the signal ended with no frame, where only a DCN could be
        }
        endPlaying();
        if (pending != Sig.NONE && !pendingHasContent()) {
          pending = Sig.NONE;
        } else {
          endPending();
        }
        burst = Sig.NONE;
      }
      case CNG -> next(Sig.CNG);
      case CED -> next(Sig.CED);
      case V21_PREAMBLE -> {
        v21MayBeDcn = dcnExpected.getAsBoolean();
        if (pending != Sig.V21) {
          // a new burst; if the last one still plays, its frames stay where they are
          v21Fill = playing == Sig.V21 && v21Play == v21HdlcA ? v21HdlcB : v21HdlcA;
          v21Fill.restart(V21_PREAMBLE_FLAGS);
        }
        v21Complete = false;
        v21FrameQueued = false;
        next(Sig.V21);
      }
      default -> {
        ModemTx m = modemOf(ind);
        if (m == null) {
          return; // V.8, V.34, V.33: not relayed
        }
        if (playing == Sig.FAST) {
          cut(); // shares the modem and buffer with the new burst
        }
        plan.fastSignal();
        pendingModem = m;
        pendingRate = rateOf(ind);
        pendingShort = shortOf(ind);
        fastEcm = plan.ecm() && !plan.tcf();
        if (fastEcm) {
          fastHdlc.restart(Math.max(1, pendingRate / 40));
        } else {
          nonEcm.restart(plan.tcf(), pendingRate, plan.tcf() ? 0 : plan.minRowBits());
        }
        next(Sig.FAST);
      }
    }
  }

  /** The signal of a new indicator: after what plays now (ended if open-ended), 75 ms, then this. */
  private void next(Sig s) {
    burst = s;
    if (playing == Sig.CNG && s == Sig.CNG) {
      pending = Sig.NONE; // it goes on
      stopTone = false;
      return;
    }
    endPlaying();
    if (pending != Sig.NONE && pending != s) {
      endPending(); // superseded before it started: it plays what it has, then ends
    }
    pending = s;
    if (playing == Sig.NONE && gapLeft == 0) {
      gapLeft = GAP_SAMPLES;
    }
  }

  private boolean pendingHasContent() {
    return switch (pending) {
      case V21 -> v21Fill.queued() > 0;
      case CED -> true;
      case FAST -> fastEcm ? fastHdlc.queued() > 0 : nonEcm.held() > 0;
      default -> false;
    };
  }

  /** Ends the playing signal gracefully if it is open-ended: what is queued still goes out. */
  private void endPlaying() {
    if (playing == Sig.V21) {
      v21Play.end();
    } else {
      endOpen(playing);
    }
  }

  /** Ends the pending signal's burst: when it plays, it plays what it has, then ends. */
  private void endPending() {
    if (pending == Sig.V21) {
      v21Fill.end();
    } else {
      endOpen(pending);
    }
  }

  private void endOpen(Sig s) {
    switch (s) {
      case CNG -> stopTone = true;
      case FAST -> {
        if (fastEcm) {
          fastHdlc.end();
        } else {
          nonEcm.finish();
        }
      }
      default -> { }
    }
  }

  private void cut() {
    playing = Sig.NONE;
    gapLeft = GAP_SAMPLES;
  }

  private void endHdlc() {
    if (burst == Sig.V21) {
      v21Complete = true;
      v21Fill.end();
    } else if (burst == Sig.FAST && fastEcm) {
      fastHdlc.end();
    }
  }

  private void append(byte[] buf, int off, int len) {
    frame.append(buf, off, len);
  }

  private void closeFrame(boolean fcsOk) {
    if (frame.isEmpty()) {
      return; // a repeated end-of-frame, or nothing to send
    }
    v21MayBeDcn = false; // a frame came: the burst is not silent after its preamble
    if (!fcsOk || !frame.isUsable()) {
      playDamaged(true);
    } else {
      HdlcTx tx = burst == Sig.V21 ? v21Fill : fastHdlc;
      if (burst == Sig.V21) {
        tap.frame(frame.array(), 0, frame.length(), true);
        if (frame.length() >= 3) {
          lastXBit = frame.array()[2] & 1;
        }
        v21Complete |= frame.length() >= 2 && frame.array()[1] == (byte) 0x13;
      }
      if (tx.sendFrame(frame.array(), 0, frame.length())) {
        framesPlayed++;
        v21FrameQueued = true;
      } else {
        queueOverflows++;
        framesDropped++;
      }
    }
    resetFrame();
  }

  private void resetFrame() {
    frame.reset();
  }

  /** The frame being assembled, if any octet came or IFPs were lost in it, goes out damaged ({@link #playDamaged}). */
  private void endDamagedFrame() {
    if (frame.length() > 0 || frame.isCorrupt()) {
      playDamaged(false);
    }
  }

  /**
   * A frame that cannot be played as it was sent. In a V.21 burst whose final frame has not gone
   * out it is played with a wrong FCS, at least 3 octets long, in its place among the others: the
   * T.30 receiver sees an invalid command or response (T.30 5.4.3.1: any frame with an FCS error
   * makes it invalid) and gets it again by CRP or by the sender's own repeat. spandsp's receiver
   * stops its T2 on a bad frame and waits for the repeat, where flags with no frame end in its
   * "T2 expired while waiting for next fax page" 200 ms after the carrier stops (bench-impairment
   * burst3x3, ECM t38->audio, seed 35). Anywhere else (ECM data, or the tail of a burst after its
   * final frame) it is dropped, and counted when it was a frame: closed by its fcs field
   * ({@code closed}) or with octets (lost IFPs alone after a burst's last frame are its tail).
   */
  private void playDamaged(boolean closed) {
    if (burst != Sig.V21 || v21Complete) {
      if (closed || frame.length() > 0) {
        framesDropped++;
      }
      return;
    }
    byte[] f = frame.array();
    int n = frame.length();
    if (n < damagedStub.length) {
      java.util.Arrays.fill(damagedStub, (byte) 0);
      System.arraycopy(f, 0, damagedStub, 0, n);
      f = damagedStub;
      n = damagedStub.length;
    }
    if (v21Fill.sendDamagedFrame(f, 0, n)) {
      framesDamaged++;
      v21FrameQueued = true;
    } else {
      queueOverflows++;
      framesDropped++;
    }
  }

  /** Produces exactly len samples of linear 16-bit audio (8 kHz) for the audio leg: silence when idle. */
  public void tx(short[] amp, int off, int len) {
    // frame data came (or were lost) in the open burst: a frame went out or one is being assembled
    int stall = v21FrameQueued || frame.length() > 0 || frame.isCorrupt() ? V21_DATA_STALL_SAMPLES : V21_STALL_SAMPLES;
    if (burst == Sig.V21 && v21MayBeDcn && v21QuietSamples + len >= Math.min(stall, DCN_STALL_SAMPLES) && mayBeDcn()) {
      playLostDcn();
    }
    if (burst == Sig.V21 && (v21QuietSamples += len) >= stall) {
      v21Stalls++;
      if (v21FrameQueued) {
        endDamagedFrame(); // cut by the loss of the rest of the burst
      } else {
        playDamaged(false); // all after the preamble lost: a bad frame, not flags with none (cause 8)
      }
      resetFrame();
      endHdlc(); // what is queued still plays, then the carrier stops
      burst = Sig.NONE;
    }
    int pos = off;
    int end = off + len;
    while (pos < end) {
      if (playing != Sig.NONE) {
        int want = end - pos;
        int n = play(amp, pos, want);
        pos += n;
        if (n < want) {
          if (playing != Sig.CNG) {
            gapLeft = GAP_SAMPLES; // CNG set its own: the silence of its off time counts
          }
          playing = Sig.NONE;
        }
        continue;
      }
      if (pending != Sig.NONE && gapLeft == 0) {
        start(pending);
        pending = Sig.NONE;
        continue;
      }
      int k = end - pos;
      if (gapLeft > 0) {
        k = Math.min(k, gapLeft);
        gapLeft -= k;
      }
      java.util.Arrays.fill(amp, pos, pos + k, (short) 0);
      pos += k;
    }
  }

  /** True when the octets of the frame being assembled, if any, begin a DCN: nothing contradicts it. */
  private boolean mayBeDcn() {
    fillDcn();
    int n = frame.length();
    if (n == 0) {
      return true;
    }
    if (frame.isCorrupt() || n > dcn.length) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      // the X bit may be either: the sender's own
      int mask = i == 2 ? 0xFE : 0xFF;
      if (((frame.array()[i] ^ dcn[i]) & mask) != 0) {
        return false;
      }
    }
    return true;
  }

  /** DCN as the sender would send it, HDLC order: address, control with the final bit, FCF with its X bit. */
  private void fillDcn() {
    dcn[0] = (byte) 0xFF;
    dcn[1] = (byte) 0x13;
    dcn[2] = (byte) Fcf.DCN.octet(lastXBit == 1);
  }

  /** The open V.21 burst ends with a DCN in the sender's name, then its carrier stops. */
  private void playLostDcn() {
    v21MayBeDcn = false;
    resetFrame();
    fillDcn();
    if (v21Fill.sendFrame(dcn, 0, dcn.length)) {
      dcnsInferred++;
      framesPlayed++;
    } else {
      queueOverflows++;
    }
    endHdlc();
    burst = Sig.NONE;
  }

  /** DCNs the gateway played for a T.38 sender whose own DCN was lost after its preamble ({@link #expectDcnWhen}). */
  public long dcnsInferred() {
    return dcnsInferred;
  }

  private void start(Sig s) {
    signalsStarted++;
    playing = s;
    switch (s) {
      case CNG -> {
        tone.setFrequency(1100);
        tone.setPhase(0);
        toneCount = 0;
        stopTone = false;
      }
      case CED -> {
        tone.setFrequency(2100);
        tone.setPhase(0);
        toneCount = 0;
      }
      case V21 -> {
        v21Play = v21Fill;
        v21.restart(V21Tx.BIT_RATE, false);
      }
      case FAST -> {
        fastModem = pendingModem;
        fastRate = pendingRate;
        fastShort = pendingShort;
        fastModem.restart(fastRate, fastShort);
      }
      default -> { }
    }
  }

  private int play(short[] amp, int off, int len) {
    return switch (playing) {
      case CNG -> cng(amp, off, len);
      case CED -> ced(amp, off, len);
      case V21 -> v21.tx(amp, off, len);
      case FAST -> fastModem.tx(amp, off, len);
      default -> 0;
    };
  }

  private int cng(short[] amp, int off, int len) {
    for (int i = 0; i < len; i++) {
      int t = toneCount % CNG_PERIOD;
      if (t < CNG_ON) {
        amp[off + i] = (short) Math.round(tonePeak * tone.nextSin());
      } else {
        if (stopTone) {
          // stopped in the off time: the silence already sent counts towards the gap
          gapLeft = Math.max(0, GAP_SAMPLES - (t - CNG_ON));
          return i;
        }
        amp[off + i] = 0;
      }
      toneCount++;
    }
    return len;
  }

  private int ced(short[] amp, int off, int len) {
    for (int i = 0; i < len; i++) {
      if (toneCount >= CED_SILENCE + CED_TONE) {
        return i;
      }
      amp[off + i] = toneCount < CED_SILENCE ? 0 : (short) Math.round(tonePeak * tone.nextSin());
      toneCount++;
    }
    return len;
  }

  private ModemTx modemOf(T38Indicator ind) {
    return switch (ind) {
      case V27_2400_TRAINING, V27_4800_TRAINING -> v27;
      case V29_7200_TRAINING, V29_9600_TRAINING -> v29;
      case V17_7200_SHORT_TRAINING, V17_7200_LONG_TRAINING, V17_9600_SHORT_TRAINING, V17_9600_LONG_TRAINING,
          V17_12000_SHORT_TRAINING, V17_12000_LONG_TRAINING, V17_14400_SHORT_TRAINING,
          V17_14400_LONG_TRAINING -> v17;
      default -> null;
    };
  }

  private static int rateOf(T38Indicator ind) {
    return switch (ind) {
      case V27_2400_TRAINING -> 2400;
      case V27_4800_TRAINING -> 4800;
      case V29_7200_TRAINING, V17_7200_SHORT_TRAINING, V17_7200_LONG_TRAINING -> 7200;
      case V29_9600_TRAINING, V17_9600_SHORT_TRAINING, V17_9600_LONG_TRAINING -> 9600;
      case V17_12000_SHORT_TRAINING, V17_12000_LONG_TRAINING -> 12000;
      case V17_14400_SHORT_TRAINING, V17_14400_LONG_TRAINING -> 14400;
      default -> 0;
    };
  }

  private static boolean shortOf(T38Indicator ind) {
    return switch (ind) {
      case V17_7200_SHORT_TRAINING, V17_9600_SHORT_TRAINING, V17_12000_SHORT_TRAINING,
          V17_14400_SHORT_TRAINING -> true;
      default -> false;
    };
  }

  /** The training a fast data type implies when its indicator was lost (V.17: what the plan says). */
  private T38Indicator trainingOf(T38DataType type) {
    boolean s = plan.shortTrain();
    return switch (type) {
      case V27_2400 -> T38Indicator.V27_2400_TRAINING;
      case V27_4800 -> T38Indicator.V27_4800_TRAINING;
      case V29_7200 -> T38Indicator.V29_7200_TRAINING;
      case V29_9600 -> T38Indicator.V29_9600_TRAINING;
      case V17_7200 -> s ? T38Indicator.V17_7200_SHORT_TRAINING : T38Indicator.V17_7200_LONG_TRAINING;
      case V17_9600 -> s ? T38Indicator.V17_9600_SHORT_TRAINING : T38Indicator.V17_9600_LONG_TRAINING;
      case V17_12000 -> s ? T38Indicator.V17_12000_SHORT_TRAINING : T38Indicator.V17_12000_LONG_TRAINING;
      case V17_14400 -> s ? T38Indicator.V17_14400_SHORT_TRAINING : T38Indicator.V17_14400_LONG_TRAINING;
      default -> null;
    };
  }

  /** True once any fax signal has been received from the T.38 leg. */
  public boolean faxActivity() {
    return faxActivity;
  }

  /** HDLC frames (V.21 and ECM) accepted and queued for the line. */
  public long framesPlayed() {
    return framesPlayed;
  }

  /**
   * HDLC frames not played at all: ECM frames closed by fcs-BAD, hit by lost IFPs, cut by sig-end or
   * too long; damaged V.21 frames after the burst's final frame; frames that found no room.
   */
  public long framesDropped() {
    return framesDropped;
  }

  /** Damaged V.21 frames played with a wrong FCS ({@link #playDamaged}). */
  public long framesDamaged() {
    return framesDamaged;
  }

  /** Of {@link #framesDropped()}: frames that found the transmit queue full. */
  public long queueOverflows() {
    return queueOverflows;
  }

  /** IFPs reported lost through {@link #missing}. */
  public long ifpsMissing() {
    return ifpsMissing;
  }

  /** Non-ECM underflow fill bits sent (the buffer's legal fill), all bursts. */
  public long nonEcmFillBits() {
    return nonEcm.fillBits();
  }

  /** Non-ECM 0s added to rows shorter than the plan's minimum row bits, all bursts. */
  public long nonEcmMinRowFillBits() {
    return nonEcm.minRowFillBits();
  }

  /** Non-ECM bits dropped because the buffer was full, all bursts. */
  public long nonEcmOverflowBits() {
    return nonEcm.overflowBits();
  }

  /** Non-ECM image rows received, all bursts. */
  public long nonEcmRows() {
    return nonEcm.rows();
  }

  /** Signals (tones, V.21 and fast bursts) started on the audio leg. */
  public long signalsStarted() {
    return signalsStarted;
  }

  /** True while a signal plays or waits to play. */
  public boolean busy() {
    return playing != Sig.NONE || pending != Sig.NONE;
  }
}
