package dev.faxgate.modem;

/**
 * The fax-modems receiver a gateway runs while it waits for the far end: V.21 channel 2 (T.30's
 * HDLC control channel) in parallel with the expected high-speed receiver (V.27ter, V.29 or V.17
 * at a rate), reporting which of them started (after spandsp's {@code fax_modems_v17_v21_rx},
 * {@code fax_modems_v29_v21_rx} and {@code fax_modems_v27ter_v21_rx} in {@code fax_modems.c}).
 *
 * <h2>Policy: both listen until one wins</h2>
 * <ul>
 *   <li><b>Both listen.</b> While nothing has started ({@link ActiveModem#NONE}), every block goes to
 *       the fast receiver and to the V.21 receiver. The V.21 bits and status changes go on to the
 *       V.21 sink (the caller's HDLC receiver needs the preamble flags to get in sync); the fast
 *       receiver's status changes go on to the fast sink.</li>
 *   <li><b>V.21 wins</b> when the V.21 bits hold {@code v21Flags} back-to-back HDLC flags
 *       (0x7E, 7 or 8 bits apart; default {@value #DEFAULT_V21_FLAGS}) before the fast receiver has
 *       trained. V.21 carrier alone is not enough: the fast modems' signals fall in V.21 channel 2's
 *       band and bring its carrier up too. spandsp switches to V.21 when its HDLC receiver has
 *       taken a frame ({@code rx_frame_received}, checked after each block); the flags come a frame earlier and are as safe
 *       (4 flags by chance in noise: about 2^-32 per bit).</li>
 *   <li><b>The fast receiver wins</b> when it reports {@link ModemStatus#TRAINING_SUCCEEDED} before
 *       V.21 has won, as in spandsp (its status handler switches to the fast modem alone).</li>
 *   <li><b>The loser is ignored.</b> The loser gets no more audio and none of its bits or status
 *       changes are passed on; if its sink had been told {@link ModemStatus#CARRIER_UP}, it is told
 *       {@link ModemStatus#CARRIER_DOWN} then (so an HDLC receiver drops a half frame).
 *       spandsp likewise switches its rx handler to the winner alone.</li>
 *   <li><b>Both listen again</b> when the winner's carrier goes down, or when the winner's signal
 *       power has stayed more than {@value #RELEASE_DB} dB below its peak since the win for at
 *       least {@value #RELEASE_SAMPLES} samples (a <i>release</i>; checked at the end of each
 *       block, the first block found quiet not counted, so the receiver's last bits are out).
 *       V21Rx, V29Rx and V27terRx keep their carrier up as long as the line noise is above their
 *       cut-off, so without this a noisy line would keep V.21 the winner through the TCF that
 *       follows the DCS, and the fast modem through the post-message command on V.21; spandsp does
 *       not need it because its T.30 restarts the pair after the last frame. On a release the
 *       winner's sink is told {@link ModemStatus#CARRIER_DOWN} and the winner is restarted (V.17
 *       for a short training, as V17Rx does itself when its carrier drops after a training).
 *       Then the loser is restarted
 *       (the fast one with the modem, rate and training set by {@link #restart(FastModem, int,
 *       boolean)}) and both get the audio again. In spandsp it is T.30 that restarts the pair; here
 *       the receiver does it itself, so a DCS on V.21 followed 75 ms later by TCF on the fast modem
 *       is reported as V.21, then the fast modem.</li>
 * </ul>
 * The listener hears {@link Listener#started} when one wins and {@link Listener#ended} when its
 * carrier goes down or it is released. No fast modem (null) runs V.21 alone. All receivers are made at
 * construction; nothing is allocated per block. Not thread-safe.
 */
public final class FaxModemsRx implements ModemRx {
  /** Which receiver has started. */
  public enum ActiveModem {
    /** Neither: both are listening. */
    NONE,
    /** V.21 (HDLC flags seen first). */
    V21,
    /** The fast receiver (its training succeeded first). */
    FAST
  }

  /**
   * Told which receiver started and when its carrier went down. Called on the receiving thread,
   * from inside {@link #rx}: do not call {@link #restart} from here; note what to do and restart
   * between blocks.
   */
  public interface Listener {
    /** {@code which} has won ({@link ActiveModem#V21} or {@link ActiveModem#FAST}); the other is ignored. */
    void started(ActiveModem which);

    /** {@code which} lost its carrier or was released; both receivers listen again. The default ignores it. */
    default void ended(ActiveModem which) {}
  }

  /** Back-to-back V.21 flags that make V.21 win. */
  public static final int DEFAULT_V21_FLAGS = 4;

  /** The winner is released when its power stays this many dB under its peak since the win... */
  public static final double RELEASE_DB = 10.0;
  /** ...for at least this many samples (15 ms) after the first block found quiet. */
  public static final int RELEASE_SAMPLES = 120;

  private static final int FLAG = 0x7E;

  private BitSink v21Out;
  private BitSink fastOut;
  private Listener listener;
  private int v21Flags;

  private final V21Rx v21;
  /** The fast receivers by {@link FastModem#ordinal()}, each made for the modem's fastest rate. */
  private final ModemRx[] fastRx = new ModemRx[FastModem.values().length];

  /** The high-speed modem expected beside V.21; null for V.21 alone. */
  private FastModem fastModem;
  private ModemRx fast;
  private int fastRate;
  private boolean fastShortTrain;

  private ActiveModem active = ActiveModem.NONE;
  private boolean v21CarrierTold;
  private boolean fastCarrierTold;

  // flag hunter on the V.21 bits
  private int shift;
  private int bitsSinceFlag;
  private int flagsInRow;

  /** The winner's peak power since it won, dBm0, and how long it has been far below it (-1: not yet). */
  private double peakDb;
  private int quietSamples;

  private long v21Starts;
  private long fastStarts;

  /**
   * A receiver that expects {@code modem} at {@code bitRate} (long training) beside V.21 channel 2;
   * a null {@code modem} runs V.21 alone.
   *
   * @param v21Sink where V.21 bits and status changes go (an {@code HdlcRx})
   * @param fastSink where the fast receiver's bits and status changes go
   * @param listener told which receiver started (may be null)
   */
  public FaxModemsRx(BitSink v21Sink, BitSink fastSink, Listener listener, FastModem modem, int bitRate) {
    this(v21Sink, fastSink, listener, modem, bitRate, DEFAULT_V21_FLAGS);
  }

  /** As above, with the number of back-to-back V.21 flags that make V.21 win (at least 1). */
  public FaxModemsRx(BitSink v21Sink, BitSink fastSink, Listener listener, FastModem modem, int bitRate,
      int v21Flags) {
    if (v21Flags < 1) {
      throw new IllegalArgumentException("v21Flags must be at least 1");
    }
    this.v21Out = v21Sink;
    this.fastOut = fastSink;
    this.listener = listener;
    this.v21Flags = v21Flags;
    this.v21 = new V21Rx(V21Channel.CH2, new V21Tap());
    BitSink tap = new FastTap();
    for (FastModem m : FastModem.values()) {
      fastRx[m.ordinal()] = m.rx(m.maxRate(), tap);
    }
    restart(modem, bitRate, false);
  }

  /**
   * Makes this receiver as a new one made with these arguments (and {@link #DEFAULT_V21_FLAGS}):
   * every receiver restarted from carrier off with a long training at its modem's fastest rate,
   * then for {@code modem} at {@code bitRate}; the counters 0. Its receivers (about 60 kB of filters
   * and delay lines) are kept, so a media thread can reuse it from session to session
   * ({@code dev.faxgate.relay.PartsPool}). The signal cut-off set by {@link #signalCutoff} stays.
   */
  public FaxModemsRx reset(BitSink v21Sink, BitSink fastSink, Listener listener, FastModem modem, int bitRate) {
    this.v21Out = v21Sink;
    this.fastOut = fastSink;
    this.listener = listener;
    this.v21Flags = DEFAULT_V21_FLAGS;
    for (FastModem m : FastModem.values()) {
      fastRx[m.ordinal()].restart(m.maxRate(), false);
    }
    peakDb = 0;
    quietSamples = 0;
    v21Starts = 0;
    fastStarts = 0;
    restart(modem, bitRate, false);
    return this;
  }

  /**
   * Starts again from carrier off, listening for V.21 and for {@code modem} at {@code bitRate}
   * (null: V.21 alone).
   *
   * @param shortTrain expect a short training (V.17 after a successful long one)
   * @throws IllegalArgumentException if the modem does not run at {@code bitRate}
   */
  public void restart(FastModem modem, int bitRate, boolean shortTrain) {
    fast = modem == null ? null : fastRx[modem.ordinal()];
    if (fast != null) {
      fast.restart(bitRate, shortTrain);
    }
    fastModem = modem;
    fastRate = bitRate;
    fastShortTrain = shortTrain;
    v21.restart(V21Rx.BIT_RATE, false);
    active = ActiveModem.NONE;
    v21CarrierTold = false;
    fastCarrierTold = false;
    resetHunter();
  }

  /** Restarts with the same fast modem at {@code bitRate}. */
  @Override
  public void restart(int bitRate, boolean shortTrain) {
    restart(fastModem, bitRate, shortTrain);
  }

  /** Which receiver has started now. */
  public ActiveModem active() {
    return active;
  }

  /** The fast modem expected (null: V.21 alone). */
  public FastModem fastModem() {
    return fastModem;
  }

  /** The fast receiver now in use (null for V.21 alone). */
  public ModemRx fastRx() {
    return fast;
  }

  /** The V.21 receiver. */
  public V21Rx v21Rx() {
    return v21;
  }

  /** How many times V.21 has won. */
  public long v21Starts() {
    return v21Starts;
  }

  /** How many times the fast receiver has won. */
  public long fastStarts() {
    return fastStarts;
  }

  @Override
  public int rx(short[] amp, int off, int len) {
    switch (active) {
      case V21 -> v21.rx(amp, off, len);
      case FAST -> fast.rx(amp, off, len);
      default -> {
        if (fast != null) {
          fast.rx(amp, off, len);
        }
        if (active != ActiveModem.FAST) {
          v21.rx(amp, off, len);
        }
      }
    }
    if (active != ActiveModem.NONE) {
      watchLevel(len);
    }
    return len;
  }

  /** Releases the winner when its power has fallen far below its peak since the win (see the class comment). */
  private void watchLevel(int len) {
    boolean isV21 = active == ActiveModem.V21;
    double p = isV21 ? v21.signalPower() : fast.signalPower();
    if (p > peakDb) {
      peakDb = p;
      quietSamples = -1;
    } else if (p < peakDb - RELEASE_DB) {
      if (quietSamples < 0) {
        quietSamples = 0; // the block in which the power fell is not counted
      } else {
        quietSamples += len;
      }
      if (quietSamples >= RELEASE_SAMPLES) {
        if (isV21) {
          if (v21CarrierTold) {
            v21CarrierTold = false;
            v21Out.status(ModemStatus.CARRIER_DOWN);
          }
          v21.restart(V21Rx.BIT_RATE, false);
          v21Ended();
        } else {
          if (fastCarrierTold) {
            fastCarrierTold = false;
            fastOut.status(ModemStatus.CARRIER_DOWN);
          }
          fast.restart(fastRate, fastModem == FastModem.V17 || fastShortTrain);
          fastEnded();
        }
      }
    } else {
      quietSamples = -1;
    }
  }

  private void startWatch(double powerDb) {
    peakDb = powerDb;
    quietSamples = -1;
  }

  private void fastEnded() {
    active = ActiveModem.NONE;
    v21.restart(V21Rx.BIT_RATE, false);
    resetHunter();
    if (listener != null) {
      listener.ended(ActiveModem.FAST);
    }
  }

  private void v21Ended() {
    resetHunter();
    active = ActiveModem.NONE;
    if (fast != null) {
      fast.restart(fastRate, fastShortTrain);
    }
    if (listener != null) {
      listener.ended(ActiveModem.V21);
    }
  }

  @Override
  public void fillIn(int len) {
    switch (active) {
      case V21 -> v21.fillIn(len);
      case FAST -> fast.fillIn(len);
      default -> {
        if (fast != null) {
          fast.fillIn(len);
        }
        if (active != ActiveModem.FAST) {
          v21.fillIn(len);
        }
      }
    }
  }

  @Override
  public void signalCutoff(double dBm0) {
    v21.signalCutoff(dBm0);
    for (ModemRx rx : fastRx) {
      rx.signalCutoff(dBm0);
    }
  }

  /** The winner's signal power; while both listen, the stronger of the two. */
  @Override
  public double signalPower() {
    return switch (active) {
      case V21 -> v21.signalPower();
      case FAST -> fast.signalPower();
      default -> fast == null ? v21.signalPower() : Math.max(v21.signalPower(), fast.signalPower());
    };
  }

  /** The winner's carrier; while both listen, either's. */
  @Override
  public boolean carrierUp() {
    return switch (active) {
      case V21 -> v21.carrierUp();
      case FAST -> fast.carrierUp();
      default -> v21.carrierUp() || (fast != null && fast.carrierUp());
    };
  }

  private void resetHunter() {
    shift = 0;
    bitsSinceFlag = 0;
    flagsInRow = 0;
  }

  /** Counts back-to-back flags in the V.21 bits; true when V.21 should win. */
  private boolean hunt(int bit) {
    shift = ((shift << 1) | bit) & 0xFF;
    bitsSinceFlag++;
    if (shift == FLAG) {
      // 8 bits after the last flag, or 7 when two flags share their 0
      if (flagsInRow > 0 && (bitsSinceFlag == 8 || bitsSinceFlag == 7)) {
        flagsInRow++;
      } else {
        flagsInRow = 1;
      }
      bitsSinceFlag = 0;
      return flagsInRow >= v21Flags;
    }
    if (bitsSinceFlag > 8) {
      flagsInRow = 0;
    }
    return false;
  }

  private void v21Wins() {
    active = ActiveModem.V21;
    v21Starts++;
    startWatch(v21.signalPower());
    if (fastCarrierTold) {
      fastCarrierTold = false;
      fastOut.status(ModemStatus.CARRIER_DOWN);
    }
    if (listener != null) {
      listener.started(ActiveModem.V21);
    }
  }

  private void fastWins() {
    active = ActiveModem.FAST;
    fastStarts++;
    startWatch(fast.signalPower());
    if (v21CarrierTold) {
      v21CarrierTold = false;
      v21Out.status(ModemStatus.CARRIER_DOWN);
    }
    resetHunter();
    if (listener != null) {
      listener.started(ActiveModem.FAST);
    }
  }

  /** The V.21 receiver's sink: hunts flags, passes bits on unless the fast receiver has won. */
  private final class V21Tap implements BitSink {
    @Override
    public void putBit(int bit) {
      if (active == ActiveModem.FAST) {
        return;
      }
      if (active == ActiveModem.NONE && hunt(bit)) {
        v21Out.putBit(bit);
        v21Wins();
        return;
      }
      v21Out.putBit(bit);
    }

    @Override
    public void status(ModemStatus status) {
      if (active == ActiveModem.FAST) {
        return;
      }
      switch (status) {
        case CARRIER_UP -> {
          resetHunter();
          v21CarrierTold = true;
          v21Out.status(status);
        }
        case CARRIER_DOWN -> {
          resetHunter();
          if (v21CarrierTold) {
            v21CarrierTold = false;
            v21Out.status(status);
          }
          if (active == ActiveModem.V21) {
            v21Ended();
          }
        }
        default -> v21Out.status(status);
      }
    }
  }

  /** The fast receiver's sink: its training success makes it win; passes on unless V.21 has won. */
  private final class FastTap implements BitSink {
    @Override
    public void putBit(int bit) {
      if (active == ActiveModem.FAST) {
        fastOut.putBit(bit);
      }
    }

    @Override
    public void status(ModemStatus status) {
      if (active == ActiveModem.V21) {
        return;
      }
      switch (status) {
        case CARRIER_UP -> {
          fastCarrierTold = true;
          fastOut.status(status);
        }
        case TRAINING_SUCCEEDED -> {
          if (active == ActiveModem.NONE) {
            fastWins();
          }
          fastOut.status(status);
        }
        case CARRIER_DOWN -> {
          if (fastCarrierTold) {
            fastCarrierTold = false;
            fastOut.status(status);
          }
          if (active == ActiveModem.FAST) {
            fastEnded();
          }
        }
        default -> fastOut.status(status);
      }
    }
  }
}
