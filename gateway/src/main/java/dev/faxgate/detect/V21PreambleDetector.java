package dev.faxgate.detect;

import dev.faxgate.dsp.DelayLine;
import dev.faxgate.dsp.Dsp;
import dev.faxgate.dsp.Nco;
import dev.faxgate.dsp.PowerMeter;

/**
 * Detects the V.21 channel 2 preamble: back-to-back HDLC flags (0x7E) at 300 bit/s, mark (1) at
 * 1650 Hz, space (0) at 1850 Hz (docs/dsp.md §3, §6.2). This is a detector, not a modem: it has
 * its own small demodulator and nothing else uses it (the V.21 receiver lives in {@code modem}).
 *
 * <h2>How</h2>
 * <ol>
 *   <li><b>Non-coherent FSK demodulation.</b> The input is correlated with complex exponentials
 *       at 1650 and 1850 Hz over a sliding window of one bit ({@link #WINDOW} samples): four
 *       running sums kept over linear, double-written {@link DelayLine}s. The soft bit is
 *       {@code |mark|² − |space|²}.</li>
 *   <li><b>Carrier.</b> Every 8 samples, the power the two correlators hold is compared with the
 *       window's total power: above {@link #CARRIER_RATIO} and {@link ToneGate#FLOOR_DBM0} for 8
 *       checks in a row, the carrier is up; below for 24, down.</li>
 *   <li><b>Bit timing.</b> A phase accumulator samples one bit per 26.67 samples; each change of
 *       sign of the soft bit pulls the phase a quarter of the way towards the mid-point between
 *       two samplings (spandsp nudges its bit phase in the same spirit).</li>
 *   <li><b>Flags.</b> The last 8 bits equal to 01111110 make a flag; {@link #flagsRequired()}
 *       flags exactly 8 bits apart (5 by default, spandsp's {@code HDLC_FRAMING_OK_THRESHOLD})
 *       with the carrier up make the preamble. Seven 1s (an abort) reset the count.</li>
 * </ol>
 *
 * <p>Events ({@link DetectorEvents}): {@link ToneEvent#V21_PREAMBLE} once per run of flags,
 * decided at the bit that completed the last required flag, with the estimated start of the first
 * flag; {@link ToneEvent#END} when the flags stop (the first octet of a frame, an abort, or the
 * carrier dropping), with the estimated end of the last flag.
 */
public final class V21PreambleDetector implements ToneDetector {

  /** Mark (binary 1) of V.21 channel 2, Hz. */
  public static final double MARK_HZ = 1650.0;
  /** Space (binary 0) of V.21 channel 2, Hz. */
  public static final double SPACE_HZ = 1850.0;
  /** Bit rate. */
  public static final int BAUD = 300;
  /** Correlation window: one bit period (26.67 samples) rounded up. */
  public static final int WINDOW = 27;
  /** Flags in a row that make a preamble by default. */
  public static final int DEFAULT_FLAGS = 5;
  /** Share of the window's power the two FSK correlators must hold for the carrier to be up. */
  public static final double CARRIER_RATIO = 0.55;

  /** Stages of the preamble check. */
  enum State {
    /** No V.21 carrier. */
    NO_CARRIER,
    /** Carrier up, counting flags. */
    CARRIER,
    /** Preamble reported; waiting for the flags to stop. */
    PREAMBLE
  }

  private static final int CHECK_EVERY = 8;
  private static final int CARRIER_ON_CHECKS = 8;
  private static final int CARRIER_OFF_CHECKS = 24;
  private static final int BIT_PERIOD = Dsp.SAMPLE_RATE;
  private static final int HALF_BIT = BIT_PERIOD / 2;
  private static final double SAMPLES_PER_BIT = (double) Dsp.SAMPLE_RATE / BAUD;

  private final int flagsRequired;
  private final int markRate = Nco.phaseRate(MARK_HZ);
  private final int spaceRate = Nco.phaseRate(SPACE_HZ);
  private final DelayLine markI = new DelayLine(WINDOW);
  private final DelayLine markQ = new DelayLine(WINDOW);
  private final DelayLine spaceI = new DelayLine(WINDOW);
  private final DelayLine spaceQ = new DelayLine(WINDOW);
  private final DelayLine power = new DelayLine(WINDOW);
  private final DetectorEvents events = new DetectorEvents();
  /** The carrier test: window energy above the floor, and the correlators' share of it. */
  private final ToneGate gate = new ToneGate(CARRIER_RATIO, WINDOW);
  private State state = State.NO_CARRIER;
  private long samples;
  private int mostFlags;
  private int markPhase;
  private int spacePhase;
  private double sumMarkI;
  private double sumMarkQ;
  private double sumSpaceI;
  private double sumSpaceQ;
  private double sumPower;
  private int checkCount;
  private int carrierRun;
  private boolean lastPositive;
  private int baudPhase;
  private int bits;
  private int bitsSinceFlag;
  private int flagsInRow;
  private double levelSum;
  private int levelCount;

  /** A detector that wants {@link #DEFAULT_FLAGS} flags. */
  public V21PreambleDetector() {
    this(DEFAULT_FLAGS);
  }

  /** A detector that wants {@code flags} back-to-back flags (1..64). */
  public V21PreambleDetector(int flags) {
    if (flags < 1 || flags > 64) {
      throw new IllegalArgumentException("flags must be 1..64: " + flags);
    }
    this.flagsRequired = flags;
    reset();
  }

  /** Flags in a row that make a preamble. */
  public int flagsRequired() {
    return flagsRequired;
  }

  @Override
  public int process(short[] in, int off, int len) {
    events.clear();
    for (int i = off, end = off + len; i < end; i++) {
      double x = in[i];
      double a = x * Nco.cosOf(markPhase);
      double b = x * Nco.sinOf(markPhase);
      double c = x * Nco.cosOf(spacePhase);
      double d = x * Nco.sinOf(spacePhase);
      markPhase += markRate;
      spacePhase += spaceRate;
      sumMarkI += a - markI.push(a);
      sumMarkQ += b - markQ.push(b);
      sumSpaceI += c - spaceI.push(c);
      sumSpaceQ += d - spaceQ.push(d);
      double p = x * x;
      sumPower += p - power.push(p);
      double mark = sumMarkI * sumMarkI + sumMarkQ * sumMarkQ;
      double space = sumSpaceI * sumSpaceI + sumSpaceQ * sumSpaceQ;
      long sample = samples + (i - off);
      if (++checkCount == CHECK_EVERY) {
        checkCount = 0;
        checkCarrier(mark + space, sample);
      }
      boolean positive = mark > space;
      if (positive != lastPositive) {
        lastPositive = positive;
        baudPhase += (HALF_BIT - baudPhase) >> 2;
      }
      baudPhase += BAUD;
      if (baudPhase >= BIT_PERIOD) {
        baudPhase -= BIT_PERIOD;
        bit(positive ? 1 : 0, sample);
      }
    }
    samples += len;
    return events.count();
  }

  private void checkCarrier(double inBand, long sample) {
    // A tone filling the window gives |corr|² = (N·A/2)², i.e. 2·|corr|²/N = its energy N·A²/2.
    double energy = sumPower;
    boolean ok = gate.open(energy, 2.0 * inBand / WINDOW);
    if (ok) {
      carrierRun = carrierRun < 0 ? 1 : carrierRun + 1;
      levelSum += energy / WINDOW;
      levelCount++;
      if (state == State.NO_CARRIER && carrierRun >= CARRIER_ON_CHECKS) {
        state = State.CARRIER;
        flagsInRow = 0;
        levelSum = energy / WINDOW;
        levelCount = 1;
      }
    } else {
      carrierRun = carrierRun > 0 ? -1 : carrierRun - 1;
      if (state != State.NO_CARRIER && -carrierRun >= CARRIER_OFF_CHECKS) {
        if (state == State.PREAMBLE) {
          // The carrier has been failing for CARRIER_OFF_CHECKS checks of CHECK_EVERY samples.
          events.add(ToneEvent.END, sample,
              Math.max(0, sample - (long) CARRIER_OFF_CHECKS * CHECK_EVERY), Double.NaN, Double.NaN);
        }
        state = State.NO_CARRIER;
        flagsInRow = 0;
      }
    }
  }

  private void bit(int bit, long sample) {
    bits = ((bits << 1) | bit) & 0xFF;
    if (bitsSinceFlag <= 8) {
      bitsSinceFlag++;
    }
    if (bits == 0x7E) {
      flagsInRow = (bitsSinceFlag == 8) ? flagsInRow + 1 : 1;
      if (state != State.NO_CARRIER && flagsInRow > mostFlags) {
        mostFlags = flagsInRow;
      }
      bitsSinceFlag = 0;
      if (state == State.CARRIER && flagsInRow >= flagsRequired) {
        state = State.PREAMBLE;
        long onset = Math.max(0,
            sample - Math.round(flagsInRow * 8 * SAMPLES_PER_BIT) - WINDOW / 2);
        double level = levelCount > 0 ? PowerMeter.meanSquareToDbm0(levelSum / levelCount) : Double.NaN;
        events.add(ToneEvent.V21_PREAMBLE, sample, onset, level, Double.NaN);
      }
    } else if ((bits & 0x7F) == 0x7F || bitsSinceFlag > 8) {
      // Seven 1s (abort or idle), or a non-flag octet: the run of flags is over.
      if (state == State.PREAMBLE) {
        // The last flag ended bitsSinceFlag bits ago.
        events.add(ToneEvent.END, sample,
            Math.max(0, sample - Math.round(bitsSinceFlag * SAMPLES_PER_BIT) - WINDOW / 2),
            Double.NaN, Double.NaN);
        state = State.CARRIER;
      }
      flagsInRow = 0;
    }
  }

  /** The most back-to-back flags seen with the carrier up since the last reset (a diagnostic). */
  int mostFlags() {
    return mostFlags;
  }

  /** The stage (for tests and diagnostics). */
  State state() {
    return state;
  }

  @Override
  public DetectorEvents events() {
    return events;
  }

  @Override
  public long samplesProcessed() {
    return samples;
  }

  @Override
  public void reset() {
    markI.reset();
    markQ.reset();
    spaceI.reset();
    spaceQ.reset();
    power.reset();
    events.resetAll();
    state = State.NO_CARRIER;
    samples = 0;
    mostFlags = 0;
    markPhase = 0;
    spacePhase = 0;
    sumMarkI = 0.0;
    sumMarkQ = 0.0;
    sumSpaceI = 0.0;
    sumSpaceQ = 0.0;
    sumPower = 0.0;
    checkCount = 0;
    carrierRun = 0;
    lastPositive = false;
    baudPhase = 0;
    bits = 0;
    bitsSinceFlag = 0;
    flagsInRow = 0;
    levelSum = 0.0;
    levelCount = 0;
  }
}
