package dev.faxgate.modem;

import dev.faxgate.dsp.FilterDesign;
import dev.faxgate.dsp.PowerMeter;

/**
 * V.17 modulator: 2400 Bd on an 1800 Hz carrier, trellis-coded QAM at 7200, 9600, 12000 or 14400
 * bit/s (after spandsp's {@code v17_tx}).
 *
 * <p>Each symbol takes 3..6 bits from the {@link BitSource}, scrambles them (1 + x^-18 + x^-23),
 * differentially encodes Q2Q1 into Y2Y1, adds the redundant bit Y0 of the 8-state convolutional
 * encoder and maps [Q..Q3 Y2 Y1 Y0] onto the rate's constellation. Before the data comes the long
 * training (segments 1 to 4: 256 + 2976 + 64 + 48 symbols) or the short one (256 + 38 + 48); after
 * it the turn-off (32 symbols of scrambled 1s, then 48 of silence). Symbols are shaped by a
 * root-raised-cosine pulse (roll-off 0.25, 12 symbols long), evaluated at the exact offset of each
 * output sample from each symbol (the symbol rate is 3/10 of the sample rate, so 10 pulse phases),
 * then modulated onto the carrier, which repeats every 40 samples.
 */
public final class V17Tx implements ModemTx {
  /** The transmitter's stages: the ITU training segments, then the data and the turn-off. */
  public enum Stage {
    /** Segment 1: alternations ABAB. */
    SEGMENT_1_ABAB,
    /** Segment 2: scrambled 1s mapped on CDBA. */
    SEGMENT_2_CDBA,
    /** Segment 3: the bridge (long training only). */
    SEGMENT_3_BRIDGE,
    /** Segment 4: scrambled 1s on the data constellation. */
    SEGMENT_4_ONES,
    /** User data. */
    DATA,
    /** Turn-off: scrambled 1s. */
    TURN_OFF_ONES,
    /** Turn-off: silence. */
    TURN_OFF_SILENCE,
    /** Nothing more to send. */
    DONE
  }

  /** spandsp's default transmit level for the fax modems, dBm0. */
  public static final double DEFAULT_LEVEL_DBM0 = -14.0;

  static final double ROLL_OFF = 0.25;
  /** Pulse length in symbols. */
  static final int SPAN = 12;
  private static final int PHASES = 10;
  private static final double[][] PULSE = pulse();
  private static final double[] CAR_COS = new double[40];
  private static final double[] CAR_SIN = new double[40];

  static {
    for (int i = 0; i < 40; i++) {
      CAR_COS[i] = Math.cos(2 * Math.PI * i * 9 / 40.0);
      CAR_SIN[i] = Math.sin(2 * Math.PI * i * 9 / 40.0);
    }
  }

  private final BitSource source;
  private int bitRate;
  private int bitsPerSymbol;
  private int[] constellation;
  private boolean shortTrain;
  private double gain;

  private Stage stage;
  private int stageCount;
  private int scrambler;
  private int diff;
  private int conv;
  private int abcd;
  private boolean endReported;

  /** Symbol delay lines, double-written: newest at {@code pos}, older above it. */
  private final double[] symRe = new double[2 * SPAN];
  private final double[] symIm = new double[2 * SPAN];
  private int pos;
  /** 3 × sample index − 10 × symbol index of the newest symbol (0..9). */
  private int baudPhase;
  private int carrier;

  /** A transmitter at 14400 bit/s with long training, at {@link #DEFAULT_LEVEL_DBM0}. */
  public V17Tx(BitSource source) {
    this(source, 14400);
  }

  /** A transmitter at {@code bitRate} with long training, at {@link #DEFAULT_LEVEL_DBM0}. */
  public V17Tx(BitSource source, int bitRate) {
    this.source = source;
    power(DEFAULT_LEVEL_DBM0);
    restart(bitRate, false);
  }

  @Override
  public void restart(int bitRate, boolean shortTrain) {
    this.constellation = V17Tables.constellation(bitRate);
    this.bitRate = bitRate;
    this.bitsPerSymbol = V17Tables.bitsPerSymbol(bitRate);
    this.shortTrain = shortTrain;
    stage = Stage.SEGMENT_1_ABAB;
    stageCount = 0;
    scrambler = V17Tables.SCRAMBLER_SEED;
    diff = shortTrain ? 0 : 1;
    conv = 0;
    abcd = 0;
    endReported = false;
    java.util.Arrays.fill(symRe, 0.0);
    java.util.Arrays.fill(symIm, 0.0);
    pos = 0;
    baudPhase = PHASES - 3; // the first symbol enters at sample 0
    carrier = 0;
  }

  /** The rate set by the last restart. */
  public int bitRate() {
    return bitRate;
  }

  /** The current stage. */
  public Stage stage() {
    return stage;
  }

  @Override
  public void power(double dBm0) {
    // the pulse has unit energy per symbol, so the baseband power is E|a|^2; the training points
    // (|a|^2 = 40) set the scale, the data constellations have about the same power
    gain = Math.sqrt(2.0 * PowerMeter.dbm0ToMeanSquare(dBm0) / 40.0);
  }

  @Override
  public int tx(short[] amp, int off, int max) {
    for (int i = 0; i < max; i++) {
      if (stage == Stage.DONE) {
        return i;
      }
      baudPhase += 3;
      if (baudPhase >= PHASES) {
        baudPhase -= PHASES;
        nextSymbol();
        if (stage == Stage.DONE) {
          source.status(ModemStatus.SHUTDOWN_COMPLETE);
          return i;
        }
      }
      double[] h = PULSE[baudPhase];
      double re = 0;
      double im = 0;
      int p = pos;
      for (int j = 0; j < SPAN; j++) {
        re += h[j] * symRe[p + j];
        im += h[j] * symIm[p + j];
      }
      double v = (re * CAR_COS[carrier] - im * CAR_SIN[carrier]) * gain;
      if (++carrier == 40) {
        carrier = 0;
      }
      amp[off + i] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
    }
    return max;
  }

  private void push(int re, int im) {
    if (--pos < 0) {
      pos = SPAN - 1;
    }
    symRe[pos] = re;
    symRe[pos + SPAN] = re;
    symIm[pos] = im;
    symIm[pos + SPAN] = im;
  }

  private int scrambleBit(int bit) {
    int out = V17Tables.scramble(scrambler, bit);
    scrambler = (scrambler << 1) | out;
    return out;
  }

  private void nextSymbol() {
    switch (stage) {
      case SEGMENT_1_ABAB: {
        abcd = stageCount & 1;
        push(V17Tables.ABCD_RE[abcd], V17Tables.ABCD_IM[abcd]);
        if (++stageCount == V17Tables.SEG1_SYMBOLS) {
          enter(Stage.SEGMENT_2_CDBA);
        }
        return;
      }
      case SEGMENT_2_CDBA: {
        int bits = scrambleBit(1) << 1;
        bits |= scrambleBit(1);
        abcd = V17Tables.CDBA_TO_ABCD[bits];
        push(V17Tables.ABCD_RE[abcd], V17Tables.ABCD_IM[abcd]);
        stageCount++;
        if (shortTrain && stageCount == V17Tables.SEG2_SHORT_SYMBOLS) {
          enter(Stage.SEGMENT_4_ONES);
        } else if (stageCount == V17Tables.SEG2_SYMBOLS) {
          enter(Stage.SEGMENT_3_BRIDGE);
        }
        return;
      }
      case SEGMENT_3_BRIDGE: {
        int shift = (stageCount & 7) << 1;
        int bits = scrambleBit(V17Tables.BRIDGE_WORD >> shift) << 1;
        bits |= scrambleBit(V17Tables.BRIDGE_WORD >> (shift + 1));
        abcd = (abcd + V17Tables.DIBIT_TO_STEP[bits]) & 3;
        push(V17Tables.ABCD_RE[abcd], V17Tables.ABCD_IM[abcd]);
        if (++stageCount == V17Tables.SEG3_SYMBOLS) {
          enter(Stage.SEGMENT_4_ONES);
        }
        return;
      }
      case SEGMENT_4_ONES:
        dataSymbol(false);
        if (++stageCount == V17Tables.SEG4_SYMBOLS) {
          enter(Stage.DATA);
        }
        return;
      case DATA:
        dataSymbol(true);
        return;
      case TURN_OFF_ONES:
        dataSymbol(false);
        if (++stageCount == V17Tables.TURN_OFF_ONES) {
          enter(Stage.TURN_OFF_SILENCE);
        }
        return;
      case TURN_OFF_SILENCE:
        if (stageCount == V17Tables.TURN_OFF_SILENCE) {
          enter(Stage.DONE); // all 48 silent symbol periods have been sent
          return;
        }
        push(0, 0);
        stageCount++;
        return;
      default:
        return;
    }
  }

  private void enter(Stage s) {
    stage = s;
    stageCount = 0;
  }

  private void dataSymbol(boolean fromSource) {
    int q = 0;
    for (int i = 0; i < bitsPerSymbol; i++) {
      int bit = 1;
      if (fromSource && stage == Stage.DATA) {
        bit = source.getBit();
        if (bit == BitSource.END_OF_DATA) {
          bit = 1;
          if (!endReported) {
            endReported = true;
            source.status(ModemStatus.END_OF_DATA);
          }
          // the rest of this symbol is 1s, and it counts as the first turn-off symbol
          enter(Stage.TURN_OFF_ONES);
        } else {
          bit &= 1;
        }
      }
      q |= scrambleBit(bit) << i;
    }
    diff = (diff + q) & 3;
    conv = V17Tables.CONV_NEXT[conv][diff];
    int idx = ((q << 1) & 0x78) | (diff << 1) | (conv >> 2);
    push(constellation[2 * idx], constellation[2 * idx + 1]);
    if (stage == Stage.TURN_OFF_ONES && fromSource) {
      stageCount = 1;
    }
  }

  private static double[][] pulse() {
    double[][] t = new double[PHASES][SPAN];
    // output sample at offset o/10 symbol after the newest symbol; tap j = symbol j older
    double[] fine = FilterDesign.raisedCosine(SPAN * PHASES + 1, 2400.0, 24000.0, ROLL_OFF, true);
    int mid = SPAN * PHASES / 2;
    for (int o = 0; o < PHASES; o++) {
      for (int j = 0; j < SPAN; j++) {
        int k = o + PHASES * j - mid; // in tenths of a symbol from the pulse centre
        t[o][j] = fine[mid + k];
      }
    }
    return t;
  }
}
