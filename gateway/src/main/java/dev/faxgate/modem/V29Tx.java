package dev.faxgate.modem;

import dev.faxgate.dsp.FilterDesign;
import dev.faxgate.dsp.PowerMeter;

/**
 * V.29 modulator, 9600 and 7200 bit/s (after spandsp's {@code v29_tx}).
 *
 * <p>Symbols at 2400 Bd go through a root-raised-cosine pulse shaper (roll-off 0.25, 12 symbols
 * long) at baseband, evaluated as a 10-phase polyphase filter: 2400 Bd × 10 = 3 × 8000 Hz, so each
 * output sample advances the symbol clock by 3/10 of a symbol. The complex baseband is then put on
 * the 1700 Hz carrier as {@code Re{x e^{jωt}}}.
 *
 * <p>The sequence is the V.29 long training ({@link Stage}): 48 symbols of silence,
 * 128 of A/B alternations, 384 of C/D from the 1 + x^-6 + x^-7 training scrambler (seed 0x2A), 48
 * of scrambled 1s, then the data (scrambler 1 + x^-18 + x^-23, register starting at 0; at 9600 the
 * first bit of each quadbit picks the amplitude, the other three the phase change as in V.27ter's
 * 4800 bit/s tribits). When the {@link BitSource} runs dry the symbol is completed with 1s, 32
 * symbols of scrambled 1s follow (turn-off), then the shaper's tail rings out and the transmitter
 * reports {@link ModemStatus#END_OF_DATA} and {@link ModemStatus#SHUTDOWN_COMPLETE}.
 */
public final class V29Tx implements ModemTx {
  /**
   * The transmitter's stages: the segments of the V.29 transmit sequence (V.29 §10, figure 3), in
   * the order they are sent, with their lengths in symbols (2400 Bd), then the data and the
   * turn-off. The receiver names its own stages in {@link V29Rx.Stage}.
   */
  public enum Stage {
    /** Segment 1: no transmitted energy, 48 symbols (20 ms). */
    SEGMENT_1_SILENCE(48),
    /** Segment 2: alternations of the points A and B, 128 symbols. */
    SEGMENT_2_ALTERNATIONS(128),
    /** Segment 3: the points C and D chosen by the 1 + x^-6 + x^-7 training scrambler, 384 symbols. */
    SEGMENT_3_EQUALIZER_CONDITIONING(384),
    /** Segment 4: scrambled binary 1s through the data path, 48 symbols. */
    SEGMENT_4_SCRAMBLED_ONES(48),
    /** The payload, as long as the bit source gives bits. */
    DATA(0),
    /** Turn-off: scrambled 1s after the last data bit, 32 symbols. */
    TURN_OFF_ONES(32),
    /** Turn-off: silence while the pulse shaper's tail rings out ({@value V29Tx#SPAN} symbol periods). */
    TURN_OFF_SILENCE(SPAN),
    /** Nothing more is sent. */
    DONE(0);

    /** Length in symbols (0: open-ended). */
    public final int symbols;

    Stage(int symbols) {
      this.symbols = symbols;
    }
  }

  /** spandsp's default transmit level for the fax modems, dBm0. */
  public static final double DEFAULT_LEVEL_DBM0 = -14.0;
  /** The carrier frequency, Hz. */
  public static final double CARRIER_HZ = 1700.0;

  private static final int SAMPLE_RATE = 8000;
  private static final int PHASES = 10;
  private static final int STEP = 3;
  private static final int SPAN = 12;
  private static final double ROLL_OFF = 0.25;
  /** coef[phase][j]: weight of the j-th newest symbol when the newest is phase/10 symbol old. */
  private static final double[][] COEF = shaper();
  /** Mean over the phases of the sum of the squared weights. */
  private static final double SHAPER_ENERGY = shaperEnergy();

  private final BitSource source;
  private int rate;
  private int rateIdx;
  private double level = DEFAULT_LEVEL_DBM0;
  private double gain;
  private double carrierHz = CARRIER_HZ;

  // symbol delay line, linear and double-written: the newest symbol at symPos and symPos + SPAN
  private final double[] symRe = new double[2 * SPAN];
  private final double[] symIm = new double[2 * SPAN];
  private int symPos;

  private int baudPhase;
  private int carrierPhase;
  private int carrierStep;
  private Stage stage;
  private int stageCount;
  private int trainingScrambler;
  private int scrambler;
  private int phaseState;
  private boolean sourceDry;

  /** A transmitter at {@code bitRate} (9600 or 7200) and {@link #DEFAULT_LEVEL_DBM0}. */
  public V29Tx(int bitRate, BitSource source) {
    this.source = source;
    restart(bitRate, false);
  }

  /** The bit rate now sent. */
  public int bitRate() {
    return rate;
  }

  /** The stage being sent now. */
  public Stage stage() {
    return stage;
  }

  /** Moves the carrier by {@code hz} (line simulation in tests; 0 for a real transmitter). */
  public void frequencyOffset(double hz) {
    carrierHz = CARRIER_HZ + hz;
    carrierStep = (int) Math.round(carrierHz / SAMPLE_RATE * 4294967296.0);
  }

  @Override
  public void restart(int bitRate, boolean shortTrain) {
    rateIdx = V29Constellation.rateIndex(bitRate);
    rate = bitRate;
    java.util.Arrays.fill(symRe, 0);
    java.util.Arrays.fill(symIm, 0);
    symPos = 0;
    baudPhase = 0;
    carrierPhase = 0;
    frequencyOffset(carrierHz - CARRIER_HZ);
    stage = Stage.SEGMENT_1_SILENCE;
    stageCount = 0;
    trainingScrambler = 0x2A;
    scrambler = 0;
    phaseState = 0;
    sourceDry = false;
    power(level);
  }

  @Override
  public void power(double dBm0) {
    level = dBm0;
    double points = rateIdx == 0 ? 16 : 8;
    double meanSq = 0;
    for (int i = 0; i < points; i++) {
      meanSq += V29Constellation.RE[i] * V29Constellation.RE[i] + V29Constellation.IM[i] * V29Constellation.IM[i];
    }
    meanSq /= points;
    gain = Math.sqrt(PowerMeter.dbm0ToMeanSquare(dBm0) / (meanSq * SHAPER_ENERGY / 2.0));
  }

  @Override
  public int tx(short[] amp, int off, int max) {
    if (stage == Stage.DONE) {
      return 0;
    }
    for (int i = 0; i < max; i++) {
      baudPhase += STEP;
      if (baudPhase >= PHASES) {
        baudPhase -= PHASES;
        if (!nextSymbol()) {
          return i;
        }
      }
      double[] c = COEF[baudPhase];
      double xr = 0;
      double xi = 0;
      for (int j = 0, p = symPos; j < SPAN; j++, p++) {
        xr += c[j] * symRe[p];
        xi += c[j] * symIm[p];
      }
      int idx = carrierPhase >>> 20;
      double cos = COS[idx];
      double sin = COS[(idx - 1024) & 4095];
      carrierPhase += carrierStep;
      double v = gain * (xr * cos - xi * sin);
      amp[off + i] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
    }
    return max;
  }

  private static final double[] COS = cosTable();
  /** The stages in order, once: {@code values()} copies its array on every call. */
  private static final Stage[] STAGES = Stage.values();

  private static double[] cosTable() {
    double[] t = new double[4096];
    for (int i = 0; i < t.length; i++) {
      t[i] = Math.cos(2 * Math.PI * i / t.length);
    }
    return t;
  }

  /** Pushes the next symbol into the shaper; false once the tail has rung out. */
  private boolean nextSymbol() {
    double re = 0;
    double im = 0;
    switch (stage) {
      case SEGMENT_1_SILENCE:
        break;
      case SEGMENT_2_ALTERNATIONS: {
        double[] p = (stageCount & 1) == 0 ? V29Constellation.B[rateIdx] : V29Constellation.A[rateIdx];
        re = p[0];
        im = p[1];
        break;
      }
      case SEGMENT_3_EQUALIZER_CONDITIONING: {
        int bit = trainingScrambler & 1;
        trainingScrambler >>= 1;
        trainingScrambler |= ((bit ^ trainingScrambler) & 1) << 6;
        double[] p = bit == 0 ? V29Constellation.C[rateIdx] : V29Constellation.D[rateIdx];
        re = p[0];
        im = p[1];
        break;
      }
      case SEGMENT_4_SCRAMBLED_ONES:
      case DATA:
      case TURN_OFF_ONES: {
        int index = dataSymbol();
        re = V29Constellation.RE[index];
        im = V29Constellation.IM[index];
        break;
      }
      default: // the tail: zeros
        break;
    }
    stageCount++;
    advanceStage();
    if (stage == Stage.DONE) {
      source.status(ModemStatus.SHUTDOWN_COMPLETE);
      return false;
    }
    symPos = symPos == 0 ? SPAN - 1 : symPos - 1;
    symRe[symPos] = re;
    symRe[symPos + SPAN] = re;
    symIm[symPos] = im;
    symIm[symPos + SPAN] = im;
    return true;
  }

  private void advanceStage() {
    switch (stage) {
      case SEGMENT_1_SILENCE:
      case SEGMENT_2_ALTERNATIONS:
      case SEGMENT_3_EQUALIZER_CONDITIONING:
      case SEGMENT_4_SCRAMBLED_ONES:
      case TURN_OFF_ONES:
      case TURN_OFF_SILENCE:
        if (stageCount >= stage.symbols) {
          stage = STAGES[stage.ordinal() + 1];
          stageCount = 0;
        }
        break;
      case DATA:
        if (sourceDry) {
          stage = Stage.TURN_OFF_ONES;
          stageCount = 0;
        }
        break;
      default:
        break;
    }
  }

  /** One data-path symbol: scrambled bits (1s outside DATA) mapped to a constellation index. */
  private int dataSymbol() {
    int amp = 0;
    if (rateIdx == 0 && scrambledBit() != 0) {
      amp = 8;
    }
    int t = scrambledBit();
    t = (t << 1) | scrambledBit();
    t = (t << 1) | scrambledBit();
    phaseState = (phaseState + V29Constellation.TRIBIT_TO_STEP[t]) & 7;
    return amp | phaseState;
  }

  private int scrambledBit() {
    int bit = 1;
    if (stage == Stage.DATA && !sourceDry) {
      bit = source.getBit();
      if (bit == BitSource.END_OF_DATA) {
        sourceDry = true;
        source.status(ModemStatus.END_OF_DATA);
        bit = 1;
      }
    }
    int out = (bit ^ (scrambler >>> 17) ^ (scrambler >>> 22)) & 1;
    scrambler = (scrambler << 1) | out;
    return out;
  }

  private static double[][] shaper() {
    double[] h = FilterDesign.raisedCosine(PHASES * SPAN + 1, 2400, 24000, ROLL_OFF, true);
    double[][] c = new double[PHASES][SPAN];
    for (int b = 0; b < PHASES; b++) {
      for (int j = 0; j < SPAN; j++) {
        c[b][j] = h[b + PHASES * j];
      }
    }
    return c;
  }

  private static double shaperEnergy() {
    double e = 0;
    for (double[] row : COEF) {
      for (double v : row) {
        e += v * v;
      }
    }
    return e / PHASES;
  }
}
