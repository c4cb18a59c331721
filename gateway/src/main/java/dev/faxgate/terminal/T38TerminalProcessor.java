package dev.faxgate.terminal;

import dev.faxgate.relay.DatagramQueue;
import dev.faxgate.relay.DatagramSink;
import dev.faxgate.relay.LegStats;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.t30.BitOrder;
import dev.faxgate.t30.DataRate;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.t30.T30Trace;
import dev.faxgate.t38.HdlcFrameAssembly;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38DataType;
import dev.faxgate.t38.T38FieldType;
import dev.faxgate.t38.T38Indicator;
import dev.faxgate.udptl.AdaptiveRedundancy;
import dev.faxgate.udptl.IfpCategory;
import dev.faxgate.udptl.UdptlErrorCorrection;
import dev.faxgate.udptl.UdptlReceiver;
import dev.faxgate.udptl.UdptlSender;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A T.30 terminal on one UDPTL leg: the {@link T30Terminal} speaks IFPs directly, no modem
 * between (the terminal mode of a session whose far end talks T.38).
 *
 * <p><b>Sending</b> ({@link T30Line}), paced by the 20 ms tick as a T.38 terminal paces itself
 * (spandsp's t38_terminal in its paced mode does the same, docs/dsp.md §2.5-2.7): before each
 * signal 75 ms of {@code no-signal}; then the indicator ({@code cng}, {@code ced}, {@code
 * v21-preamble}, or the training of the modem and rate, long or short); then the time the
 * analogue signal would take (CED 3 s, V.21 flags 1 s, the modem's training, and 200 ms of flags
 * before ECM frames); then the data at the modem's bit rate, a tick's worth at a time: HDLC as
 * {@code hdlc-data} with {@code hdlc-fcs-OK} (the last frame {@code hdlc-fcs-OK-sig-end}), non-ECM
 * image and TCF as {@code t4-non-ecm-data} with 60 ms of zero padding and {@code
 * t4-non-ecm-sig-end}; then, after 100 ms (V.21) or 60 ms, {@code no-signal}. Octets are
 * bit-reversed into T.38 order. Each IFP goes out in its own datagram with the leg's T.38 version
 * and error recovery.
 *
 * <p><b>Receiving</b>: datagrams go through a {@link UdptlReceiver} (redundancy and FEC), IFPs in
 * sequence order are decoded and handed to the engine: indicators as preamble and training,
 * HDLC frames (a frame IFPs were lost from counts as a bad one), image octets, carrier drops.
 *
 * <p>No allocation per tick or per packet in steady state.
 */
public final class T38TerminalProcessor implements MediaProcessor, T30Line {
  /** Silence before each signal, ms. */
  static final int SILENCE_MS = 75;
  /** V.21 flags before the first frame, ms. */
  static final int V21_FLAGS_MS = 1000;
  /** Flags before ECM frames on the fast modem, ms. */
  static final int ECM_FLAGS_MS = 200;
  /** CED, ms (after 200 ms of silence). */
  static final int CED_MS = 3000;
  /** Zero padding after non-ECM data, ms (some ATAs lose the last rows without it). */
  static final int IMAGE_PAD_MS = 60;
  /** After the last V.21 frame, before no-signal, ms. */
  static final int HDLC_TAIL_MS = 100;

  private enum Job {
    NONE, CNG, CED, CONTROL, IMAGE, ECM
  }

  private enum Step {
    /** Nothing to send. */
    IDLE,
    /** no-signal, then a pause. */
    SILENCE,
    /** The indicator went; the training (or flags) time runs. */
    PREAMBLE,
    /** The data goes out at the rate. */
    DATA,
    /** Non-ECM: zero padding before the sig-end. */
    PAD,
    /** The signal ended; a pause before no-signal. */
    TAIL
  }

  private final int leg;
  private int version;
  private UdptlSender udptlTx;
  private UdptlReceiver udptlRx;
  private AdaptiveRedundancy adaptive;
  private final T30Terminal engine;
  private final Consumer<String> log;
  private final DatagramQueue queue = new DatagramQueue();
  private final IfpPacket txIfp = new IfpPacket(4);
  private final IfpPacket rxIfp = new IfpPacket();
  private final byte[] ifpBytes = new byte[UdptlReceiver.DEFAULT_MAX_IFP];
  private byte[] datagram;
  private final byte[] txChunk = new byte[1024];
  private final byte[] rxChunk = new byte[UdptlReceiver.DEFAULT_MAX_IFP];
  private final HdlcFrameAssembly rxHdlc = new HdlcFrameAssembly(512);

  // transmit
  private Job job = Job.NONE;
  private Step step = Step.IDLE;
  private int waitMs;
  private T38Indicator sentIndicator = T38Indicator.NO_SIGNAL;
  private DataRate rate;
  private boolean shortTrain;
  private FrameBurst frames;
  private int frameIndex;
  private int framePos;
  private byte[] data;
  private int dataOff;
  private int dataLen;
  private int dataPos;
  private int budgetBits;
  private Job nextJob = Job.NONE;
  private DataRate nextRate;
  private boolean nextShortTrain;
  private FrameBurst nextFrames;
  private byte[] nextData;
  private int nextOff;
  private int nextLen;

  // receive
  private boolean rxFast;
  private int expectedSeq = -1;
  private long ticks;
  private boolean started;
  private long ifpsSent;
  private long ifpsUndecodable;
  private long ifpsMissing;
  private long tooLarge;
  /** The far end's V.21 preamble has come (an audio terminal asks for T.38 on it). */
  private boolean farV21Heard;

  /**
   * @param leg the leg index ({@link #LEG_A} or {@link #LEG_B}) whose far end speaks T.38
   * @param t38 how that leg speaks T.38 (version, error recovery, maximum datagram)
   * @param source the pages to send, or null for a receiving terminal
   * @param sink where received pages go, or null for a sending terminal
   * @param log one line per T.30 step (the session's logger, naming the session)
   */
  public T38TerminalProcessor(int leg, T38Relay.LegConfig t38, TerminalOptions options, PageSource source,
      PageSink sink, Consumer<String> log) {
    this.leg = leg;
    this.version = t38.version();
    this.log = log == null ? s -> { } : log;
    speak(t38);
    this.engine = new T30Terminal(options, this, source, sink, this.log);
  }

  /** A new UDPTL sender and receiver for {@code t38} (version, error recovery, datagram size). */
  private void speak(T38Relay.LegConfig t38) {
    this.version = t38.version();
    this.udptlTx = new UdptlSender().setErrorCorrection(t38.ec()).setMaxDatagram(t38.maxDatagram())
        .setRedundancyDepth(IfpCategory.INDICATOR, t38.depthIndicator())
        .setRedundancyDepth(IfpCategory.CONTROL, t38.depthControl())
        .setRedundancyDepth(IfpCategory.IMAGE, t38.depthImage());
    if (t38.ec() == UdptlErrorCorrection.FEC) {
      udptlTx.setFec(t38.fecSpan(), t38.fecEntries());
    }
    this.udptlRx = new UdptlReceiver(t38.version(), this::onIfp);
    this.datagram = new byte[t38.maxDatagram()];
    this.adaptive = t38.adaptive();
  }

  /**
   * The leg's far end now speaks T.38 as {@code t38} says (an audio terminal's leg moved to T.38):
   * the engine and the signal it is sending go on, over new UDPTL state for the new far end; a
   * frame half received from the old one is dropped (T.30's retries recover it).
   */
  void moveTo(T38Relay.LegConfig t38) {
    speak(t38);
    expectedSeq = -1;
    rxFast = false;
    rxHdlc.reset();
  }

  /** Whether the far end's V.21 preamble has come in. */
  boolean farV21Heard() {
    return farV21Heard;
  }

  /** The engine (for tests and tools). */
  public T30Terminal engine() {
    return engine;
  }

  // ---- MediaProcessor ---------------------------------------------------------------------

  @Override
  public void receive(int fromLeg, byte[] buf, int off, int len, int arrival) {
    if (fromLeg == leg) {
      udptlRx.rx(buf, off, len);
    }
  }

  @Override
  public void tick(DatagramSink out) {
    ticks++;
    if (!started) {
      started = true;
      engine.start();
    }
    engine.tick();
    transmit();
    if ((ticks & 15) == 0) {
      udptlRx.flush(); // 320 ms: gaps past any redundancy or FEC window
    }
    adaptive.tick(udptlRx, udptlTx);
    queue.drainTo(out);
  }

  @Override
  public boolean faxActivity() {
    return started;
  }

  /** Over once the engine has finished and the last signal (the DCN) has gone. */
  @Override
  public boolean faxOver() {
    return engine.finished() && step == Step.IDLE && nextJob == Job.NONE;
  }

  @Override
  public long faxProgress() {
    return engine.score().frames();
  }

  @Override
  public FaxReport faxReport() {
    return engine.report();
  }

  /** The engine takes its T.30 options when it starts: a later write cannot act (TOO_LATE). */
  @Override
  public String updatePolicy(T30Supervisor.Policy next, T30Supervisor.PolicyItem item) {
    return "a terminal takes ecm, modem, minrate and maxrate when its media opens (set them at create)";
  }

  @Override
  public T30Trace t30Trace() {
    return engine.trace();
  }

  @Override
  public Map<String, Object> legStats(int l) {
    Map<String, Object> m = LegStats.udptl(udptlRx, udptlTx);
    m.put("malformed", udptlRx.malformed() + ifpsUndecodable);
    m.put("redundancyAdded", adaptive.maxAdded());
    m.put("ifpsMissing", ifpsMissing);
    m.put("ifpsSent", ifpsSent);
    m.put("tooLarge", tooLarge);
    m.put("t30Frames", engine.score().frames(dev.faxgate.t30.T30Supervisor.Side.LEG_B));
    return m;
  }

  @Override
  public void legCounters(int l, long[] into) {
    LegStats.udptl(udptlRx, into);
    into[LegStats.MALFORMED] += ifpsUndecodable;
  }

  // ---- T30Line: what the engine asks ------------------------------------------------------

  @Override
  public void sendCng() {
    queueJob(Job.CNG, null, false, null, null, 0, 0);
  }

  @Override
  public void sendCed() {
    queueJob(Job.CED, null, false, null, null, 0, 0);
  }

  @Override
  public void sendControl(FrameBurst burst) {
    queueJob(Job.CONTROL, null, false, burst, null, 0, 0);
  }

  @Override
  public void sendImage(DataRate r, boolean shortTraining, byte[] buf, int off, int len) {
    queueJob(Job.IMAGE, r, shortTraining, null, buf, off, len);
  }

  @Override
  public void sendEcm(DataRate r, boolean shortTraining, FrameBurst burst) {
    queueJob(Job.ECM, r, shortTraining, burst, null, 0, 0);
  }

  @Override
  public void stop() {
    if (step == Step.IDLE && job == Job.CNG) {
      job = Job.NONE;
      sendIndicator(T38Indicator.NO_SIGNAL);
    }
  }

  private void queueJob(Job j, DataRate r, boolean shortTraining, FrameBurst burst, byte[] buf, int off, int len) {
    if (step == Step.IDLE || job == Job.CNG) {
      begin(j, r, shortTraining, burst, buf, off, len);
      return;
    }
    if (nextJob != Job.NONE) {
      log.accept("T.38: a send of " + nextJob + " was replaced by " + j + " before it began");
    }
    nextJob = j;
    nextRate = r;
    nextShortTrain = shortTraining;
    nextFrames = burst;
    nextData = buf;
    nextOff = off;
    nextLen = len;
  }

  private void begin(Job j, DataRate r, boolean shortTraining, FrameBurst burst, byte[] buf, int off, int len) {
    job = j;
    rate = r;
    shortTrain = shortTraining;
    frames = burst;
    frameIndex = 0;
    framePos = 0;
    data = buf;
    dataOff = off;
    dataLen = len;
    dataPos = 0;
    budgetBits = 0;
    step = Step.SILENCE;
    waitMs = j == Job.CED || j == Job.CNG ? 200 : SILENCE_MS;
    if (sentIndicator != T38Indicator.NO_SIGNAL || j == Job.CED || j == Job.CNG) {
      sendIndicator(T38Indicator.NO_SIGNAL);
    }
  }

  // ---- pacing -----------------------------------------------------------------------------

  /** This tick's share of the current signal. */
  private void transmit() {
    switch (step) {
      case IDLE -> {
        return;
      }
      case SILENCE -> {
        if ((waitMs -= T30Terminal.TICK_MS) > 0) {
          return;
        }
        switch (job) {
          case CNG -> {
            sendIndicator(T38Indicator.CNG);
            step = Step.IDLE; // on until the next send
            return;
          }
          case CED -> {
            sendIndicator(T38Indicator.CED);
            waitMs = CED_MS;
          }
          case CONTROL -> {
            sendIndicator(T38Indicator.V21_PREAMBLE);
            waitMs = V21_FLAGS_MS;
          }
          default -> {
            sendIndicator(T38Indicator.training(rate, shortTrain));
            waitMs = trainingMs(rate, shortTrain) + (job == Job.ECM ? ECM_FLAGS_MS : 0);
          }
        }
        step = Step.PREAMBLE;
      }
      case PREAMBLE -> {
        if ((waitMs -= T30Terminal.TICK_MS) > 0) {
          return;
        }
        if (job == Job.CED) {
          finishSignal(0);
          return;
        }
        step = Step.DATA;
        budgetBits = 0;
        data();
      }
      case DATA -> data();
      case PAD -> {
        if (waitMs > 0) {
          waitMs -= T30Terminal.TICK_MS;
          java.util.Arrays.fill(txChunk, 0, chunkOctets(), (byte) 0);
          sendData(T38FieldType.T4_NON_ECM_DATA, chunkOctets(), null);
          return;
        }
        sendData(T38FieldType.T4_NON_ECM_SIG_END, 0, null);
        finishSignal(IMAGE_PAD_MS);
      }
      case TAIL -> {
        if ((waitMs -= T30Terminal.TICK_MS) > 0) {
          return;
        }
        sendIndicator(T38Indicator.NO_SIGNAL);
        step = Step.IDLE;
        job = Job.NONE;
        startNext();
      }
    }
  }

  private int chunkOctets() {
    return Math.max(1, rate.bitRate() * T30Terminal.TICK_MS / 8000);
  }

  /** A tick's worth of data at the rate. */
  private void data() {
    int bitRate = job == Job.CONTROL ? 300 : rate.bitRate();
    budgetBits += bitRate * T30Terminal.TICK_MS / 1000;
    if (job == Job.IMAGE) {
      int n = Math.min(budgetBits / 8, dataLen - dataPos);
      if (n > 0) {
        reverseInto(data, dataOff + dataPos, n);
        dataPos += n;
        budgetBits -= n * 8;
        sendData(T38FieldType.T4_NON_ECM_DATA, n, null);
      }
      if (dataPos >= dataLen) {
        step = Step.PAD;
        waitMs = IMAGE_PAD_MS;
      }
      return;
    }
    while (budgetBits >= 8 && frameIndex < frames.count()) {
      int remaining = frames.length(frameIndex) - framePos;
      int n = Math.min(budgetBits / 8, remaining);
      reverseInto(frames.frame(frameIndex), framePos, n);
      framePos += n;
      budgetBits -= n * 8;
      if (framePos < frames.length(frameIndex)) {
        sendData(T38FieldType.HDLC_DATA, n, null);
        return;
      }
      boolean last = frameIndex + 1 == frames.count();
      budgetBits -= 16; // the FCS, which T.38 does not carry, still takes its time on the line
      sendData(T38FieldType.HDLC_DATA, n, last ? T38FieldType.HDLC_FCS_OK_SIG_END : T38FieldType.HDLC_FCS_OK);
      frameIndex++;
      framePos = 0;
      if (last) {
        finishSignal(job == Job.CONTROL ? HDLC_TAIL_MS : IMAGE_PAD_MS);
        return;
      }
    }
  }

  /** The signal's last octet went: the engine hears it is done; no-signal follows after {@code tailMs}. */
  private void finishSignal(int tailMs) {
    step = Step.TAIL;
    waitMs = tailMs;
    engine.txDone();
  }

  private void startNext() {
    if (nextJob == Job.NONE) {
      return;
    }
    Job j = nextJob;
    nextJob = Job.NONE;
    begin(j, nextRate, nextShortTrain, nextFrames, nextData, nextOff, nextLen);
  }

  private void reverseInto(byte[] src, int off, int n) {
    for (int i = 0; i < n; i++) {
      txChunk[i] = (byte) BitOrder.reverse(src[off + i]);
    }
  }

  // ---- IFPs out ---------------------------------------------------------------------------

  private void sendIndicator(T38Indicator ind) {
    sentIndicator = ind;
    txIfp.setIndicator(ind);
    emit();
  }

  /** One data IFP: {@code field} with {@code n} octets of {@link #txChunk} (none if 0), then {@code closing} if any. */
  private void sendData(T38FieldType field, int n, T38FieldType closing) {
    txIfp.setData(job == Job.CONTROL ? T38DataType.V21 : dataType(rate));
    txIfp.addField(field, txChunk, 0, n);
    if (closing != null) {
      txIfp.addField(closing);
    }
    emit();
  }

  private void emit() {
    int n = IfpCodec.encode(txIfp, version, ifpBytes, 0);
    int d = n > 0 ? udptlTx.build(ifpBytes, 0, n, datagram, 0) : -1;
    if (d > 0) {
      ifpsSent++;
      queue.add(leg, datagram, 0, d);
    } else {
      tooLarge++;
    }
  }

  // ---- IFPs in ----------------------------------------------------------------------------

  private void onIfp(int seq, byte[] buf, int off, int len) {
    if (expectedSeq >= 0 && seq != expectedSeq) {
      int gap = (seq - expectedSeq) & 0xFFFF;
      if (gap < UdptlReceiver.RESTART_AHEAD) {
        ifpsMissing += gap;
        rxHdlc.corrupt(); // a frame being assembled has lost a part
      }
    }
    expectedSeq = (seq + 1) & 0xFFFF;
    if (IfpCodec.decode(buf, off, len, version, rxIfp) != IfpCodec.OK) {
      ifpsUndecodable++;
      return;
    }
    if (rxIfp.isIndicator()) {
      indicator(rxIfp.indicator());
      return;
    }
    T38DataType type = rxIfp.dataType();
    boolean fast = type != T38DataType.V21;
    for (int i = 0; i < rxIfp.fieldCount(); i++) {
      field(fast, rxIfp.fieldType(i), rxIfp.fieldArray(i), rxIfp.fieldOffset(i), rxIfp.fieldLength(i));
    }
  }

  private void indicator(T38Indicator ind) {
    switch (ind) {
      case V21_PREAMBLE -> {
        rxFast = false;
        rxHdlc.reset();
        farV21Heard = true;
        engine.rxPreamble();
      }
      case NO_SIGNAL, CNG, CED -> {
      }
      default -> {
        DataRate r = rateOf(ind);
        if (r != null) {
          rxFast = true;
          rxHdlc.reset();
          engine.rxTraining(r);
        }
      }
    }
  }

  private void field(boolean fast, T38FieldType type, byte[] buf, int off, int len) {
    switch (type) {
      case HDLC_DATA -> rxHdlc.append(buf, off, len);
      case HDLC_FCS_OK, HDLC_FCS_BAD, HDLC_FCS_OK_SIG_END, HDLC_FCS_BAD_SIG_END -> {
        if (len > 0) {
          rxHdlc.append(buf, off, len); // some gateways put the last octets here
        }
        boolean good = type == T38FieldType.HDLC_FCS_OK || type == T38FieldType.HDLC_FCS_OK_SIG_END;
        if (rxHdlc.length() > 0) {
          engine.rxFrame(rxHdlc.array(), 0, rxHdlc.length(), good && !rxHdlc.isCorrupt(), fast);
        }
        rxHdlc.reset();
        if (type == T38FieldType.HDLC_FCS_OK_SIG_END || type == T38FieldType.HDLC_FCS_BAD_SIG_END) {
          engine.rxCarrierDown(fast);
        }
      }
      case HDLC_SIG_END -> {
        rxHdlc.reset();
        engine.rxCarrierDown(fast); // also a non-ECM end from peers that send this instead
      }
      case T4_NON_ECM_DATA, T4_NON_ECM_SIG_END -> {
        if (len > 0) {
          int n = Math.min(len, rxChunk.length);
          for (int i = 0; i < n; i++) {
            rxChunk[i] = (byte) BitOrder.reverse(buf[off + i]);
          }
          engine.rxImage(rxChunk, 0, n);
        }
        if (type == T38FieldType.T4_NON_ECM_SIG_END) {
          engine.rxCarrierDown(true);
        }
      }
      default -> {
      }
    }
  }

  // ---- modem names ------------------------------------------------------------------------

  /** How long the training takes on an analogue line, ms (docs/dsp.md §2.7, with V.17's TEP-less figures). */
  static int trainingMs(DataRate r, boolean shortTraining) {
    return switch (r.modem()) {
      case V17 -> shortTraining ? 142 : 1393;
      case V29 -> 234;
      case V27TER -> r.bitRate() == 2400 ? 943 : 708;
    };
  }

  /** The data type of a rate's modem. */
  static T38DataType dataType(DataRate r) {
    return switch (r) {
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

  /** The rate a training indicator announces, or null for indicators that announce none. */
  static DataRate rateOf(T38Indicator ind) {
    return switch (ind) {
      case V17_14400_SHORT_TRAINING, V17_14400_LONG_TRAINING -> DataRate.V17_14400;
      case V17_12000_SHORT_TRAINING, V17_12000_LONG_TRAINING -> DataRate.V17_12000;
      case V17_9600_SHORT_TRAINING, V17_9600_LONG_TRAINING -> DataRate.V17_9600;
      case V17_7200_SHORT_TRAINING, V17_7200_LONG_TRAINING -> DataRate.V17_7200;
      case V29_9600_TRAINING -> DataRate.V29_9600;
      case V29_7200_TRAINING -> DataRate.V29_7200;
      case V27_4800_TRAINING -> DataRate.V27TER_4800;
      case V27_2400_TRAINING -> DataRate.V27TER_2400;
      default -> null;
    };
  }
}
