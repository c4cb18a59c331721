package dev.faxgate.modem;

import dev.faxgate.dsp.FilterDesign;
import dev.faxgate.dsp.Nco;
import dev.faxgate.dsp.PowerMeter;

/**
 * V.27ter modulator: 4800 bit/s (1600 baud, 8-phase DPSK, tribits) and 2400 bit/s (1200 baud,
 * 4-phase DPSK, dibits) on an 1800 Hz carrier (after spandsp's {@code v27ter_tx}, same segment
 * lengths, scrambler seed and bit-to-phase maps, so spandsp's receiver decodes it).
 *
 * <p>The sequence ({@link Stage}): optional segment 1 (unmodulated carrier), segment 2
 * (silence, 32 symbols), segment 3 (50 reversals), segment 4 (1074 symbols of 0/180 degrees from
 * every third bit of the scrambler fed with ones), segment 5 (8 symbols of scrambled ones), the
 * data, then 32 symbols of scrambled ones as turn-off and the filter tail; then {@link #tx} returns
 * fewer samples than asked and the source hears {@link ModemStatus#END_OF_DATA} and
 * {@link ModemStatus#SHUTDOWN_COMPLETE}.
 *
 * <p>Pulse shaping is root raised cosine (roll-off 0.5) at baseband, computed per output sample
 * from a polyphase table on a fine time grid (1 sample at 1600 baud, 1/3 sample at 1200 baud).
 * Nothing is allocated after construction.
 */
public final class V27terTx implements ModemTx {
  /**
   * The transmitter's stages: the segments of V.27ter's long training (V.27ter §2.5), in the order
   * they are sent, with their lengths in symbols as spandsp sends them, then the data and the
   * turn-off.
   */
  enum Stage {
    /** Segment 1: unmodulated carrier, talker echo protection (optional; off for fax by default). */
    SEGMENT_1_UNMODULATED_CARRIER(320),
    /** Segment 2: silence. */
    SEGMENT_2_SILENCE(32),
    /** Segment 3: continuous 180 degree phase reversals. */
    SEGMENT_3_REVERSALS(50),
    /** Segment 4: 0/180 degree phases from every third bit of the scrambler fed with ones. */
    SEGMENT_4_SCRAMBLED_REVERSALS(1074),
    /** Segment 5: scrambled ones at the data rate. */
    SEGMENT_5_SCRAMBLED_ONES(8),
    /** Data from the bit source. */
    DATA(0),
    /** Turn-off: scrambled ones after the data. */
    TURN_OFF_ONES(32),
    /** Turn-off: silence while the pulse-shaping filter's tail rings out, then nothing. */
    TURN_OFF_SILENCE(12);

    /** Length in symbols (0: as long as the data lasts). */
    final int symbols;

    Stage(int symbols) {
      this.symbols = symbols;
    }
  }

  /** spandsp's default transmit level for the fax modems, dBm0. */
  public static final double DEFAULT_LEVEL_DBM0 = -14.0;
  /** The carrier, Hz. */
  public static final double CARRIER_HZ = 1800.0;
  static final double ROLL_OFF = 0.5;
  /** Symbols spanned by the pulse-shaping filter. */
  static final int SPAN = 12;

  /** Unit circle points (radius sqrt(2) as spandsp's) of the 8 phase states, 45 degrees apart. */
  static final double[] POINT_RE = new double[8];
  static final double[] POINT_IM = new double[8];
  /** Phase steps (45 degree units) of a tribit (first bit in bit 2) and of a dibit (first bit in bit 1). */
  static final int[] STEP_4800 = {1, 0, 2, 3, 6, 7, 5, 4};
  static final int[] STEP_2400 = {0, 2, 6, 4};

  static {
    for (int i = 0; i < 8; i++) {
      POINT_RE[i] = Math.sqrt(2.0) * Math.cos(i * Math.PI / 4);
      POINT_IM[i] = Math.sqrt(2.0) * Math.sin(i * Math.PI / 4);
    }
  }

  private final BitSource source;
  private final boolean echoProtection;
  private final V27terScrambler scrambler = new V27terScrambler();
  /** Polyphase pulse tables per rate: [phase][k], phase in fine units since the newest symbol. */
  /** The polyphase pulse shapes and their energies: the same for every transmitter, designed once per class. */
  private static final double[][] PULSE_4800 = polyphase(5, 1);
  private static final double[][] PULSE_2400 = polyphase(20, 3);
  private static final double NORM_4800 = energyPerSymbol(PULSE_4800, 5);
  private static final double NORM_2400 = energyPerSymbol(PULSE_2400, 20);
  /** Symbol delay lines, linear and double-written. */
  private final double[] symRe = new double[2 * SPAN];
  private final double[] symIm = new double[2 * SPAN];
  private int symPos;

  private int bitRate;
  private double[][] pulse;
  private int period; // fine units per symbol
  private int stepUnits; // fine units per sample
  private int fine; // fine units since the newest symbol
  private double gain;
  private double level = DEFAULT_LEVEL_DBM0;
  private final int carrierRate = Nco.phaseRate(CARRIER_HZ);
  private int carrierPhase;
  private int offsetRate;

  private Stage stage;
  private int stageCount;
  private int state; // constellation state 0..7
  private boolean dataEnded;
  private boolean shutDown;

  /** A 4800 bit/s transmitter at the default level without segment 1. */
  public V27terTx(BitSource source) {
    this(4800, false, source);
  }

  /**
   * @param bitRate 2400 or 4800
   * @param echoProtection send segment 1 (unmodulated carrier) first
   */
  public V27terTx(int bitRate, boolean echoProtection, BitSource source) {
    this.source = source;
    this.echoProtection = echoProtection;
    restart(bitRate, false);
  }

  private static double[][] polyphase(int period, int unitsPerSample) {
    double fineRate = 8000.0 * unitsPerSample;
    double[] h = FilterDesign.raisedCosine(SPAN * period, fineRate / period, fineRate, ROLL_OFF, true);
    double[][] t = new double[period][SPAN];
    for (int p = 0; p < period; p++) {
      for (int k = 0; k < SPAN; k++) {
        t[p][k] = h[p + k * period];
      }
    }
    return t;
  }

  private static double energyPerSymbol(double[][] t, int period) {
    double e = 0;
    for (double[] row : t) {
      for (double v : row) {
        e += v * v;
      }
    }
    return e / period;
  }

  @Override
  public void restart(int bitRate, boolean shortTrain) {
    if (bitRate != 4800 && bitRate != 2400) {
      throw new IllegalArgumentException("V.27ter runs at 2400 or 4800 bit/s, not " + bitRate);
    }
    this.bitRate = bitRate;
    if (bitRate == 4800) {
      pulse = PULSE_4800;
      period = 5;
      stepUnits = 1;
    } else {
      pulse = PULSE_2400;
      period = 20;
      stepUnits = 3;
    }
    java.util.Arrays.fill(symRe, 0);
    java.util.Arrays.fill(symIm, 0);
    symPos = 0;
    fine = period - stepUnits; // the first sample fetches the first symbol
    scrambler.reset();
    carrierPhase = 0;
    state = 0;
    stage = echoProtection ? Stage.SEGMENT_1_UNMODULATED_CARRIER : Stage.SEGMENT_2_SILENCE;
    stageCount = 0;
    dataEnded = false;
    shutDown = false;
    power(level);
  }

  @Override
  public void power(double dBm0) {
    level = dBm0;
    // passband mean square = |baseband|^2 / 2, symbols of power 2
    double norm = bitRate == 2400 ? NORM_2400 : NORM_4800;
    gain = Math.sqrt(PowerMeter.dbm0ToMeanSquare(dBm0) / norm);
  }

  /** Shifts the carrier by {@code hz} (line simulation in tests; 0 for a real transmitter). */
  public void frequencyOffset(double hz) {
    offsetRate = Nco.phaseRate(CARRIER_HZ + hz) - carrierRate;
  }

  /** The bit rate in use. */
  public int bitRate() {
    return bitRate;
  }

  @Override
  public int tx(short[] amp, int off, int max) {
    if (shutDown) {
      return 0;
    }
    final double[][] p = pulse;
    for (int i = 0; i < max; i++) {
      fine += stepUnits;
      if (fine >= period) {
        fine -= period;
        if (!nextSymbol()) {
          return i;
        }
      }
      double[] c = p[fine];
      double re = 0;
      double im = 0;
      int base = symPos; // newest symbol at base, older at base+1 ...
      for (int k = 0; k < SPAN; k++) {
        re += c[k] * symRe[base + k];
        im += c[k] * symIm[base + k];
      }
      double v = re * Nco.cosOf(carrierPhase) - im * Nco.sinOf(carrierPhase);
      carrierPhase += carrierRate + offsetRate;
      long s = Math.round(v * gain);
      amp[off + i] = (short) (s > 32767 ? 32767 : s < -32768 ? -32768 : s);
    }
    return max;
  }

  /** Pushes the next symbol into the delay line; false once the modem has shut down. */
  private boolean nextSymbol() {
    double re;
    double im;
    switch (stage) {
      case SEGMENT_1_UNMODULATED_CARRIER:
        re = POINT_RE[0];
        im = 0;
        break;
      case SEGMENT_2_SILENCE:
      case TURN_OFF_SILENCE:
        re = 0;
        im = 0;
        break;
      case SEGMENT_3_REVERSALS:
        state = (state + 4) & 7;
        re = POINT_RE[state];
        im = POINT_IM[state];
        break;
      case SEGMENT_4_SCRAMBLED_REVERSALS: {
        int b = scrambler.scramble(1) << 2;
        scrambler.scramble(1);
        scrambler.scramble(1);
        state = (state + b) & 7;
        re = POINT_RE[state];
        im = POINT_IM[state];
        break;
      }
      default: {
        int step;
        if (bitRate == 4800) {
          int b = scrambler.scramble(dataBit());
          b = (b << 1) | scrambler.scramble(dataBit());
          b = (b << 1) | scrambler.scramble(dataBit());
          step = STEP_4800[b];
        } else {
          int b = scrambler.scramble(dataBit());
          b = (b << 1) | scrambler.scramble(dataBit());
          step = STEP_2400[b];
        }
        state = (state + step) & 7;
        re = POINT_RE[state];
        im = POINT_IM[state];
        break;
      }
    }
    if (--symPos < 0) {
      symPos = SPAN - 1;
    }
    symRe[symPos] = re;
    symIm[symPos] = im;
    symRe[symPos + SPAN] = re;
    symIm[symPos + SPAN] = im;
    advanceStage();
    return !shutDown || stage != Stage.TURN_OFF_SILENCE;
  }

  private int dataBit() {
    if (stage != Stage.DATA || dataEnded) {
      return 1;
    }
    int b = source.getBit();
    if (b == BitSource.END_OF_DATA) {
      dataEnded = true;
      source.status(ModemStatus.END_OF_DATA);
      return 1;
    }
    return b & 1;
  }

  private void advanceStage() {
    stageCount++;
    if (stage == Stage.DATA) {
      if (dataEnded) {
        stage = Stage.TURN_OFF_ONES;
        stageCount = 1; // the symbol that ran dry counts as the first turn-off symbol
      }
      return;
    }
    if (stageCount < stage.symbols) {
      return;
    }
    stageCount = 0;
    switch (stage) {
      case SEGMENT_1_UNMODULATED_CARRIER -> stage = Stage.SEGMENT_2_SILENCE;
      case SEGMENT_2_SILENCE -> stage = Stage.SEGMENT_3_REVERSALS;
      case SEGMENT_3_REVERSALS -> stage = Stage.SEGMENT_4_SCRAMBLED_REVERSALS;
      case SEGMENT_4_SCRAMBLED_REVERSALS -> stage = Stage.SEGMENT_5_SCRAMBLED_ONES;
      case SEGMENT_5_SCRAMBLED_ONES -> stage = Stage.DATA;
      case TURN_OFF_ONES -> stage = Stage.TURN_OFF_SILENCE;
      case TURN_OFF_SILENCE -> {
        shutDown = true;
        source.status(ModemStatus.SHUTDOWN_COMPLETE);
      }
      default -> { }
    }
  }

  /** Phase steps (in 45 degree units, 0 or 4) of segment 4, and the scrambler state after segment 5 at the given rate. */
  static int[] segment4Steps(V27terScrambler afterSegment5, int bitsPerSymbol) {
    V27terScrambler s = new V27terScrambler();
    int[] steps = new int[Stage.SEGMENT_4_SCRAMBLED_REVERSALS.symbols];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = s.scramble(1) << 2;
      s.scramble(1);
      s.scramble(1);
    }
    for (int i = 0; i < Stage.SEGMENT_5_SCRAMBLED_ONES.symbols * bitsPerSymbol; i++) {
      s.scramble(1);
    }
    afterSegment5.copyFrom(s);
    return steps;
  }
}
