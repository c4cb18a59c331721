package dev.faxgate.gateway;

import dev.faxgate.t30.ControlFrameTap;
import dev.faxgate.t30.FastModemPlan;

import dev.faxgate.detect.CedDetector;
import dev.faxgate.detect.CngDetector;
import dev.faxgate.detect.DetectorEvents;
import dev.faxgate.detect.ToneEvent;
import dev.faxgate.dsp.PowerMeter;
import dev.faxgate.hdlc.HdlcFrameHandler;
import dev.faxgate.hdlc.HdlcRx;
import dev.faxgate.modem.BitSink;
import dev.faxgate.modem.FaxModemsRx;
import dev.faxgate.modem.FaxModemsRx.ActiveModem;
import dev.faxgate.modem.ModemStatus;
import dev.faxgate.relay.PartsPool;
import dev.faxgate.t30.BitOrder;
import dev.faxgate.t30.DataRate;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38DataType;
import dev.faxgate.t38.T38FieldType;
import dev.faxgate.t38.T38Indicator;

/**
 * The audio-to-T.38 half of the gateway: demodulates the audio leg (linear 16-bit, 8 kHz) and
 * hands the IFPs that describe it to an {@link IfpOut} (docs/dsp.md §2.5, §2.6; the design follows
 * spandsp's {@code t38_gateway.c}, own code).
 *
 * <ul>
 *   <li>{@link #start()}: one {@code no-signal}.</li>
 *   <li>CNG ({@link CngDetector}) gives {@code cng}, once per run of bursts (not again while
 *       {@code cng} is the last indicator sent); CED/ANS ({@link CedDetector}) gives {@code ced}
 *       once per tone. Both detectors run only until V.21 has been seen.</li>
 *   <li>V.21 channel 2 runs in a {@link FaxModemsRx} beside the fast receiver the
 *       {@link FastModemPlan} expects. When V.21 wins: {@code v21-preamble}. Each frame its
 *       {@link HdlcRx} closes goes first to the {@link ControlFrameTap} (which may edit it in
 *       place), then out as two {@code v21} IFPs: {@code hdlc-data} (octets bit-reversed into T.38
 *       order) and {@code hdlc-fcs-OK} or {@code hdlc-fcs-BAD} (one field per IFP). When V.21 ends:
 *       {@code hdlc-sig-end} (if a frame went out) and {@code no-signal}.</li>
 *   <li>When the fast receiver trains: the training indicator of the plan's modem, rate and
 *       training (V.17 short/long), then, for TCF and non-ECM pages, the bits packed first line
 *       bit in the MSB as {@code t4-non-ecm-data} of about 30 ms each (rate &times; 0.03 / 8
 *       octets), and at carrier end {@code t4-non-ecm-sig-end} with the last whole octets; for
 *       ECM pages, the frames of a second {@link HdlcRx} as {@code hdlc-data} +
 *       {@code hdlc-fcs-OK/BAD} of the rate's data type, and at the end {@code hdlc-sig-end}.
 *       Then {@code no-signal}.</li>
 *   <li>The fast receiver follows the plan: before each block, if the plan's rate or training
 *       changed since the last restart, and neither receiver has won, the pair is restarted for
 *       it (never from inside the receivers' callbacks). Not after every burst: a restart for a
 *       long training clears V.17's equaliser, which the short training that follows TCF needs;
 *       after a long training V.17 expects a short one and still recognises a long one.</li>
 * </ul>
 *
 * <p>Frames are forwarded whole, when their closing flag arrives (the tap needs the whole frame
 * before a DIS/DCS edit), not octet by octet as spandsp streams them. Nothing is allocated per
 * block: one IFP holder and fixed buffers, reused (the {@link IfpOut} encodes each IFP at once).
 * Not thread-safe: one instance per session, on its media thread.
 */
public final class AudioToT38 {
  /** Milliseconds of fast-modem data per {@code t4-non-ecm-data} IFP (spandsp's pacing). */
  public static final int NON_ECM_MS = 30;

  private final IfpOut out;
  private final ControlFrameTap tap;
  private final FastModemPlan plan;

  private final IfpPacket ifp = new IfpPacket(2);
  private long quietBlocks;
  private final CngDetector cng;
  private final CedDetector ced;
  private final HdlcRx v21Hdlc;
  private final HdlcRx ecmHdlc;
  private final FaxModemsRx modems;
  private final FastSink fastSink = new FastSink();

  /** Bit-reversed copy of the frame being sent (the HDLC receivers keep at most 402 octets). */
  private final byte[] frameOut = new byte[HdlcRx.DEFAULT_MAX_FRAME_LENGTH + 2];
  /** Non-ECM octets waiting to go out: at most 54 (14400 bit/s). */
  private final byte[] nonEcm = new byte[64];

  // what the fast receiver was last restarted for
  private DataRate rxRate;
  private boolean rxShortTrain;

  // repeats of the no-signal that ends a signal (repeatSignalEnds)
  private int repeatMaxGap;
  private int repeatForBlocks;
  /** Blocks since the last signal ended while its repeats run; -1: none running. */
  private int sinceEnd = -1;
  private int repeatGap;
  private int repeatWait;
  private long noSignalRepeated;

  private boolean toneDetectors = true;
  private boolean faxActivity;
  private T38Indicator lastIndicator;

  // the V.21 burst
  private boolean v21Burst;
  private boolean v21FramesSent;

  // the fast burst
  private boolean fastBurst;
  private boolean ecmBurst;
  private T38DataType fastType;
  private int chunkOctets;
  private int nonEcmLen;
  private int octet;
  private int octetBits;
  private boolean ecmFramesSent;

  // counters
  private long ifpsSent;
  private long indicatorsSent;
  private long trainingIndicatorsSent;
  private long controlFramesGood;
  private long controlFramesBad;
  private long ecmFramesGood;
  private long ecmFramesBad;
  private long nonEcmOctets;
  private long nonEcmBursts;
  private long ecmBursts;
  private long cngDetected;
  private long cedDetected;

  /**
   * @param out where the IFPs go, in order
   * @param tap sees (and may edit) each V.21 control frame before it is sent
   * @param plan what T.30 says the fast modem is next (read before each block)
   */
  public AudioToT38(IfpOut out, ControlFrameTap tap, FastModemPlan plan) {
    this(out, tap, plan, PartsPool.NONE);
  }

  /** As above, its modem receivers taken from {@code parts} (reset) when free ones are there. */
  public AudioToT38(IfpOut out, ControlFrameTap tap, FastModemPlan plan, PartsPool parts) {
    this.out = out;
    this.tap = tap;
    this.plan = plan;
    this.v21Hdlc = new HdlcRx(new V21Frames());
    this.ecmHdlc = new HdlcRx(new EcmFrames());
    CngDetector freeCng = parts.take(CngDetector.class);
    CedDetector freeCed = parts.take(CedDetector.class);
    if (freeCng != null) {
      freeCng.reset(); // a detector's reset is its initial state (its constructor calls it)
    }
    if (freeCed != null) {
      freeCed.reset();
    }
    this.cng = freeCng != null ? freeCng : new CngDetector();
    this.ced = freeCed != null ? freeCed : new CedDetector();
    FaxModemsRx free = parts.take(FaxModemsRx.class);
    this.modems = free != null ? free.reset(v21Hdlc, fastSink, new Modems(), null, 0) // V.21 alone until a DCS
        : new FaxModemsRx(v21Hdlc, fastSink, new Modems(), null, 0);
  }

  /** Gives the parts taken from a pool back to {@code parts}; this half is not used afterwards. */
  public void recycle(PartsPool parts) {
    parts.give(modems);
    parts.give(cng);
    parts.give(ced);
  }

  /**
   * Sends the {@code no-signal} that ends each signal again, as new IFPs: 1 block (20 ms) after it,
   * then at gaps that double up to {@code maxGap} blocks, until the far end speaks ({@link
   * #farEndSpoke}), the audio side starts its next signal, or {@code forBlocks} blocks have passed.
   *
   * <p>Why: the last IFPs of a signal are followed by nothing until one side speaks again, often
   * seconds later, so a burst of loss that takes them (the last frame's end, the sig-end, the
   * no-signal) leaves no later datagram to bring them back as redundancy, and the T.38 end waits
   * for a carrier that has ended (spandsp: "The HDLC carrier did not stop in a timely manner", or
   * it sits in phase D until the audio side gives up). A fixed number of repeats is not enough: a
   * burst longer than the repeats takes them all (docs/impairment.md, cause 5). Each repeat carries
   * the IFPs before it as its redundancy, and a no-signal after a V.21 preamble is itself the end of
   * the carrier to a T.38 terminal; T.38 receivers ignore an indicator that repeats the current one.
   * The far end answering is the acknowledgement: in T.30 the side that did not send the signal
   * speaks next. {@code forBlocks} 0: no repeats (the default).
   */
  public AudioToT38 repeatSignalEnds(int maxGap, int forBlocks) {
    if (maxGap < 1 || forBlocks < 0) {
      throw new IllegalArgumentException("signal end repeats: max gap " + maxGap + ", for " + forBlocks + " blocks");
    }
    repeatMaxGap = maxGap;
    repeatForBlocks = forBlocks;
    sinceEnd = -1;
    return this;
  }

  /**
   * The far end (the T.38 side) has sent something other than a no-signal since the last signal
   * ended: it heard the end, so the repeats stop ({@link #repeatSignalEnds}).
   */
  public void farEndSpoke() {
    sinceEnd = -1;
  }

  /** Repeats of the no-signal that ends a signal, sent so far ({@link #repeatSignalEnds}). */
  public long noSignalRepeated() {
    return noSignalRepeated;
  }

  /** Sends the no-signal indicator that opens the T.38 stream (call once at session start). */
  public void start() {
    indicator(T38Indicator.NO_SIGNAL);
  }

  /** One block of linear 16-bit audio at 8 kHz from the audio leg (160 samples every 20 ms). */
  public void rx(short[] amp, int off, int len) {
    followPlan();
    if (toneDetectors) {
      detectTones(amp, off, len);
    }
    if (modems.active() == ActiveModem.NONE && !modems.carrierUp() && quiet(amp, off, len)) {
      quietBlocks++; // nothing to demodulate: the receivers wait for a signal at least 10 dB above this
    } else {
      modems.rx(amp, off, len);
    }
    repeatSignalEnd();
  }

  /** After each block: the next repeat of the last signal's end, when one is due ({@link #repeatSignalEnds}). */
  private void repeatSignalEnd() {
    if (sinceEnd < 0) {
      return;
    }
    if (++sinceEnd > repeatForBlocks || lastIndicator != T38Indicator.NO_SIGNAL || v21Burst || fastBurst) {
      sinceEnd = -1; // long enough, or a signal started: its own end will be repeated
      return;
    }
    if (--repeatWait > 0) {
      return;
    }
    noSignalRepeated++;
    indicator(T38Indicator.NO_SIGNAL);
    repeatGap = Math.min(repeatGap * 2, repeatMaxGap);
    repeatWait = repeatGap;
  }

  /** The no-signal that ends a signal has just gone out: its repeats start over. */
  private void signalEnded() {
    if (repeatForBlocks > 0) {
      sinceEnd = 0;
      repeatGap = 1;
      repeatWait = 2; // the block it ended in counts down too: the first repeat goes one block later
    }
  }

  /** Blocks below this level, while no receiver has its carrier, are not demodulated: the line is idle. */
  public static final double QUIET_DBM0 = -55.0;
  /** Mean square of {@value #QUIET_DBM0} dBm0. */
  private static final double QUIET_MEAN_SQUARE = PowerMeter.dbm0ToMeanSquare(QUIET_DBM0);

  private static boolean quiet(short[] amp, int off, int len) {
    long sum = 0;
    for (int i = off; i < off + len; i++) {
      sum += amp[i] * amp[i];
    }
    return sum < QUIET_MEAN_SQUARE * len;
  }

  /** Blocks skipped as idle line (below {@value #QUIET_DBM0} dBm0 with no carrier). */
  public long quietBlocks() {
    return quietBlocks;
  }

  /** {@code len} samples of audio were lost (a missing RTP packet): keep the receivers' clocks and lock. */
  public void fillIn(int len) {
    followPlan();
    // the tone detectors have no fill-in: they simply do not see the gap (a 20 ms gap shortens a
    // CNG burst by 20 ms, inside the cadence's tolerance)
    modems.fillIn(len);
    repeatSignalEnd();
  }

  /** True once any fax signal (CNG, CED, V.21 flags, a fast training) has been seen. */
  public boolean faxActivity() {
    return faxActivity;
  }

  /** Restarts the receiver pair for the plan when it changed, between blocks, while neither has won. */
  private void followPlan() {
    DataRate want = plan.rate();
    boolean shortTrain = plan.shortTrain();
    if (want == rxRate && shortTrain == rxShortTrain) {
      return;
    }
    if (modems.active() != ActiveModem.NONE) {
      return; // a burst is in progress: after it
    }
    rxRate = want;
    rxShortTrain = shortTrain;
    if (want == null) {
      modems.restart(null, 0, false); // V.21 alone
    } else {
      modems.restart(want.modem(), want.bitRate(), shortTrain);
    }
  }

  private void detectTones(short[] amp, int off, int len) {
    if (cng.process(amp, off, len) > 0) {
      DetectorEvents ev = cng.events();
      for (int i = 0; i < ev.count(); i++) {
        if (ev.kind(i) == ToneEvent.CNG) {
          cngDetected++;
          faxActivity = true;
          if (lastIndicator != T38Indicator.CNG) {
            indicator(T38Indicator.CNG);
          }
        }
      }
    }
    if (ced.process(amp, off, len) > 0) {
      DetectorEvents ev = ced.events();
      for (int i = 0; i < ev.count(); i++) {
        ToneEvent k = ev.kind(i);
        // ANS or ANSAM is reported once per tone; ANS_PR / ANSAM_PR later name the same tone
        if (k == ToneEvent.ANS || k == ToneEvent.ANSAM) {
          cedDetected++;
          faxActivity = true;
          indicator(T38Indicator.CED);
        }
      }
    }
  }

  // ---------------------------------------------------------------- sending

  private void indicator(T38Indicator ind) {
    ifp.setIndicator(ind);
    lastIndicator = ind;
    indicatorsSent++;
    send();
  }

  private void field(T38DataType type, T38FieldType field, byte[] buf, int off, int len) {
    ifp.setData(type).addField(field, buf, off, len);
    send();
  }

  private void send() {
    ifpsSent++;
    out.send(ifp);
    ifp.reset(); // drop the reference to our buffers
  }

  /** A frame as hdlc-data (bit-reversed) then hdlc-fcs-OK/BAD, two IFPs of {@code type}. */
  private void sendFrame(T38DataType type, byte[] frame, int len, boolean crcOk) {
    for (int i = 0; i < len; i++) {
      frameOut[i] = (byte) BitOrder.reverse(frame[i]);
    }
    field(type, T38FieldType.HDLC_DATA, frameOut, 0, len);
    field(type, crcOk ? T38FieldType.HDLC_FCS_OK : T38FieldType.HDLC_FCS_BAD, frameOut, 0, 0);
  }

  private static T38DataType dataType(DataRate rate) {
    return switch (rate) {
      case V17_14400 -> T38DataType.V17_14400;
      case V17_12000 -> T38DataType.V17_12000;
      case V17_9600 -> T38DataType.V17_9600;
      case V17_7200 -> T38DataType.V17_7200;
      case V29_9600 -> T38DataType.V29_9600;
      case V29_7200 -> T38DataType.V29_7200;
      case V27TER_4800 -> T38DataType.V27_4800;
      case V27TER_2400 -> T38DataType.V27_2400;
    };
  }

  // ---------------------------------------------------------------- bursts

  private void v21Started() {
    faxActivity = true;
    toneDetectors = false; // T.30 is under way: CNG/CED are over
    v21Burst = true;
    v21FramesSent = false;
    indicator(T38Indicator.V21_PREAMBLE);
  }

  private void v21Ended() {
    if (!v21Burst) {
      return;
    }
    v21Burst = false;
    if (v21FramesSent) {
      field(T38DataType.V21, T38FieldType.HDLC_SIG_END, frameOut, 0, 0);
    }
    indicator(T38Indicator.NO_SIGNAL);
    signalEnded();
  }

  private void fastStarted() {
    faxActivity = true;
    DataRate rate = rxRate;
    if (rate == null) {
      return; // cannot happen: with no fast modem nothing trains
    }
    fastBurst = true;
    fastType = dataType(rate);
    ecmBurst = plan.ecm() && !plan.tcf();
    chunkOctets = Math.max(1, rate.bitRate() * NON_ECM_MS / 8000);
    nonEcmLen = 0;
    octet = 0;
    octetBits = 0;
    ecmFramesSent = false;
    if (ecmBurst) {
      ecmBursts++;
    } else {
      nonEcmBursts++;
    }
    trainingIndicatorsSent++;
    plan.fastSignal();
    indicator(T38Indicator.training(rate, rxShortTrain));
  }

  private void fastEnded() {
    if (!fastBurst) {
      return;
    }
    fastBurst = false;
    if (ecmBurst) {
      if (ecmFramesSent) {
        field(fastType, T38FieldType.HDLC_SIG_END, frameOut, 0, 0);
      }
    } else {
      nonEcmOctets += nonEcmLen;
      field(fastType, T38FieldType.T4_NON_ECM_SIG_END, nonEcm, 0, nonEcmLen);
      nonEcmLen = 0;
    }
    indicator(T38Indicator.NO_SIGNAL);
    signalEnded();
  }

  private void nonEcmBit(int bit) {
    octet = (octet << 1) | (bit & 1);
    if (++octetBits == 8) {
      nonEcm[nonEcmLen++] = (byte) octet;
      octet = 0;
      octetBits = 0;
      if (nonEcmLen == chunkOctets) {
        nonEcmOctets += nonEcmLen;
        field(fastType, T38FieldType.T4_NON_ECM_DATA, nonEcm, 0, nonEcmLen);
        nonEcmLen = 0;
      }
    }
  }

  /** Which receiver won, and when it ended (called from inside {@link FaxModemsRx#rx}). */
  private final class Modems implements FaxModemsRx.Listener {
    @Override
    public void started(ActiveModem which) {
      if (which == ActiveModem.V21) {
        v21Started();
      } else if (which == ActiveModem.FAST) {
        fastStarted();
      }
    }

    @Override
    public void ended(ActiveModem which) {
      if (which == ActiveModem.V21) {
        v21Ended();
      } else if (which == ActiveModem.FAST) {
        fastEnded();
      }
    }
  }

  /** The fast receiver's bits: packed for non-ECM, or into the ECM HDLC receiver. */
  private final class FastSink implements BitSink {
    @Override
    public void putBit(int bit) {
      if (!fastBurst) {
        return;
      }
      if (ecmBurst) {
        ecmHdlc.putBit(bit);
      } else {
        nonEcmBit(bit);
      }
    }

    @Override
    public void status(ModemStatus status) {
      // TRAINING_SUCCEEDED resyncs the ECM receiver; CARRIER_DOWN drops a half frame
      ecmHdlc.status(status);
    }
  }

  /** V.21 frames: to the tap, then out. */
  private final class V21Frames implements HdlcFrameHandler {
    @Override
    public void frame(byte[] frame, int len, boolean crcOk) {
      if (!v21Burst) {
        return; // the HDLC receiver also hears the bits while both listen: only V.21's own frames count
      }
      if (crcOk) {
        controlFramesGood++;
      } else {
        controlFramesBad++;
      }
      if (len < 1) {
        return; // nothing to send: a broken flag's leftovers
      }
      tap.frame(frame, 0, len, crcOk);
      sendFrame(T38DataType.V21, frame, len, crcOk);
      v21FramesSent = true;
    }
  }

  /** ECM frames on the fast modem: out with the rate's data type (no tap). */
  private final class EcmFrames implements HdlcFrameHandler {
    @Override
    public void frame(byte[] frame, int len, boolean crcOk) {
      if (!fastBurst || !ecmBurst) {
        return;
      }
      if (crcOk) {
        ecmFramesGood++;
      } else {
        ecmFramesBad++;
      }
      if (len < 1) {
        return;
      }
      sendFrame(fastType, frame, len, crcOk);
      ecmFramesSent = true;
    }
  }

  // ---------------------------------------------------------------- counters

  /** IFPs handed to the {@link IfpOut}. */
  public long ifpsSent() {
    return ifpsSent;
  }

  /** Indicator IFPs among them. */
  public long indicatorsSent() {
    return indicatorsSent;
  }

  /** Training indicators sent (one per fast burst that trained). */
  public long trainingIndicatorsSent() {
    return trainingIndicatorsSent;
  }

  /** V.21 control frames forwarded with a good FCS. */
  public long controlFramesGood() {
    return controlFramesGood;
  }

  /** V.21 control frames with a bad FCS or a bad length (forwarded as fcs-BAD when they hold octets). */
  public long controlFramesBad() {
    return controlFramesBad;
  }

  /** ECM frames forwarded with a good FCS. */
  public long ecmFramesGood() {
    return ecmFramesGood;
  }

  /** ECM frames with a bad FCS or a bad length. */
  public long ecmFramesBad() {
    return ecmFramesBad;
  }

  /** Octets sent as t4-non-ecm-data and t4-non-ecm-sig-end. */
  public long nonEcmOctets() {
    return nonEcmOctets;
  }

  /** Fast bursts relayed as non-ECM data (TCF included). */
  public long nonEcmBursts() {
    return nonEcmBursts;
  }

  /** Fast bursts relayed as ECM frames. */
  public long ecmBursts() {
    return ecmBursts;
  }

  /** CNG bursts detected (each, though {@code cng} is sent once per run). */
  public long cngDetected() {
    return cngDetected;
  }

  /** CED/ANS tones detected. */
  public long cedDetected() {
    return cedDetected;
  }

  /** The receiver pair (for stats and tests: which modem is expected, which won). */
  public FaxModemsRx modems() {
    return modems;
  }

  /** The last indicator sent, or null. */
  public T38Indicator lastIndicator() {
    return lastIndicator;
  }
}
