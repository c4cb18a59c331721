package dev.faxgate.detect;

import dev.faxgate.dsp.DelayLine;
import dev.faxgate.dsp.Goertzel;

/**
 * Detects the 2100 Hz answer tones: CED / ANS (plain), ANSam (15 Hz amplitude modulation, 20 %
 * in spandsp's generator), and either with 180° phase reversals every 450 ms (ANS/, ANSam/)
 * (V.25, V.8; docs/dsp.md §6.1), and reports each phase reversal.
 *
 * <h2>How</h2>
 * A {@link BasebandTone} front end at 2100 Hz says, every millisecond, whether the channel holds
 * a tone within {@link #TOLERANCE_HZ} of 2100 Hz (measured on the squared baseband, so phase
 * reversals do not disturb it) that carries at least {@link ToneGate#PURITY} of the power above
 * {@link ToneGate#FLOOR_DBM0}, at a steady frequency ({@link ToneTrack}). Drop-outs up to
 * {@link #GAP_MS} are bridged: a
 * reversal briefly empties the narrow band. The stages ({@link State}):
 * <pre>
 *   IDLE ──tone──▶ TONE_ON ──on for 500 ms──▶ DETECTED (report ANS or ANSAM)
 *   TONE_ON ──tone lost for > 40 ms──▶ IDLE (nothing reported)
 *   DETECTED ──tone lost for > 40 ms──▶ report END, IDLE
 * </pre>
 * spandsp reports ANS after 550 ms of unbroken tone, Asterisk after about 2.3 s; 500 ms here.
 *
 * <p><b>ANSam.</b> From 20 ms after the onset, the envelope |z|² feeds a Goertzel filter at 15 Hz
 * over 200 ms blocks (exactly 3 cycles). A block without reversals or drop-outs votes "AM" when
 * the 15 Hz component exceeds {@link #AM_DEPTH} of the mean (20 % AM gives about 0.4). The
 * report at 500 ms follows the votes of the first two blocks.
 *
 * <p><b>Phase reversals.</b> Each tick compares z now with z 16 ms ago, after removing the
 * rotation the measured frequency offset explains: a 180° difference, with both ends clear of
 * the reversal's dip, is a reversal, dated at the middle of the 16 ms. Reversals before the tone
 * is recognised are held and reported after the ANS/ANSAM event. Two reversals 400-500 ms apart
 * (V.25: 450 ± 25 ms) make the tone {@link ToneEvent#ANS_PR} or {@link ToneEvent#ANSAM_PR},
 * reported once.
 *
 * <p>Events ({@link DetectorEvents}): ANS or ANSAM, decided 500 ms into the tone, with the
 * tone's start, level and frequency; PHASE_REVERSAL with the reversal's own time; ANS_PR or
 * ANSAM_PR (with the tone's start); END, decided 40 ms after the tone is lost, with the tone's
 * end.
 */
public final class CedDetector implements ToneDetector {

  /** Nominal frequency, Hz. */
  public static final double FREQUENCY_HZ = 2100.0;
  /** Accepted deviation from 2100 Hz (V.25 allows ±15 Hz), Hz. */
  public static final double TOLERANCE_HZ = 25.0;
  /** Tone time before ANS/ANSAM is reported, ms. */
  public static final double RECOGNISE_MS = 500.0;
  /** A drop-out of the tone up to this long does not end it, ms. */
  public static final double GAP_MS = 40.0;
  /** 15 Hz envelope component, relative to the mean envelope power, that means ANSam. */
  public static final double AM_DEPTH = 0.2;
  /** Shortest interval between reversals that counts as ANS/ timing (V.25: 425 ms), ms. */
  public static final double REVERSAL_MIN_MS = 400.0;
  /** Longest interval between reversals that counts as ANS/ timing (V.25: 475 ms), ms. */
  public static final double REVERSAL_MAX_MS = 500.0;

  /** Stages of the answer-tone check. */
  enum State {
    /** No 2100 Hz. */
    IDLE,
    /** 2100 Hz present, not yet for {@link #RECOGNISE_MS}. */
    TONE_ON,
    /** The tone was reported; following it for reversals and its end. */
    DETECTED
  }

  /** Ticks from the true end of a tone to the last tick that still sees it (measured). */
  static final int END_LATENCY_TICKS = 14;
  /** Ticks after a tone during which a tone must match it to count (its tail is not a new tone). */
  static final int TAIL_TICKS = 100;
  /** Ticks between the two baseband values compared for a reversal. */
  static final int REVERSAL_SPAN = 16;
  /** Ticks from a reversal to the first tick that sees it (measured). */
  static final int REVERSAL_DELAY_TICKS = 8;
  /** Ticks after a reversal during which no other is looked for. */
  static final int REVERSAL_HOLDOFF = 100;
  /** Ticks per AM measurement block (3 cycles of 15 Hz). */
  static final int AM_BLOCK = 200;
  private static final int MAX_PENDING = 8;

  private static final int RECOGNISE_TICKS = BasebandTone.ticks(RECOGNISE_MS);
  private static final int GAP_TICKS = BasebandTone.ticks(GAP_MS);
  private static final int REVERSAL_MIN_TICKS = BasebandTone.ticks(REVERSAL_MIN_MS);
  private static final int REVERSAL_MAX_TICKS = BasebandTone.ticks(REVERSAL_MAX_MS);

  private final BasebandTone tone = new BasebandTone(FREQUENCY_HZ);
  private final ToneTrack track = new ToneTrack(tone, TOLERANCE_HZ, true);
  private final DetectorEvents events = new DetectorEvents();
  private final DelayLine historyI = new DelayLine(REVERSAL_SPAN);
  private final DelayLine historyQ = new DelayLine(REVERSAL_SPAN);
  private final Goertzel am = new Goertzel(15.0, BasebandTone.TICK_RATE);
  private final long[] pendingReversals = new long[MAX_PENDING];
  private State state = State.IDLE;
  private long samples;
  private long longestTicks;
  private long onsetTick;
  private long lastToneTick;
  private double slowMagnitude2;
  private int holdoff;
  private long lastReversalTick;
  private int goodIntervals;
  private boolean reversalsReported;
  private int pending;
  private double amSum;
  private boolean amClean;
  private int amYes;
  private int amNo;
  private boolean modulated;

  /** A detector in its initial state. */
  public CedDetector() {
    reset();
  }

  @Override
  public int process(short[] in, int off, int len) {
    events.clear();
    int end = off + len;
    int i = off;
    while (i < end) {
      i = tone.feed(in, i, end);
      if (tone.ticked) {
        tone.ticked = false;
        step(samples + (i - 1 - off));
      }
    }
    samples += len;
    return events.count();
  }

  private void step(long sample) {
    long tick = tone.ticks;
    double oldI = historyI.push(tone.zi);
    double oldQ = historyQ.push(tone.zq);
    // Within a tone, and for TAIL_TICKS after it (where its decaying tail must not count as a new
    // tone), the tick is judged against the tone's level and frequency.
    boolean present = track.present(state != State.IDLE || tick - lastToneTick <= TAIL_TICKS);
    switch (state) {
      case IDLE:
        if (present) {
          startTone(tick);
        }
        break;
      case TONE_ON:
      case DETECTED:
        if (present) {
          lastToneTick = tick;
          measure(tick);
        } else if (tick - lastToneTick > GAP_TICKS) {
          if (state == State.DETECTED) {
            events.add(ToneEvent.END, sample, toSample(lastToneTick + 1 - END_LATENCY_TICKS),
                track.level(), Double.NaN);
          }
          state = State.IDLE;
          break;
        } else {
          amClean = false;
        }
        checkReversal(tick, sample, oldI, oldQ);
        if (state == State.TONE_ON && present && tick - onsetTick + 1 >= RECOGNISE_TICKS) {
          recognise(sample);
        }
        break;
      default:
        throw new IllegalStateException(state.toString());
    }
  }

  private void startTone(long tick) {
    state = State.TONE_ON;
    onsetTick = tick;
    lastToneTick = tick;
    track.start();
    slowMagnitude2 = tone.magnitude2();
    holdoff = 0;
    lastReversalTick = Long.MIN_VALUE;
    goodIntervals = 0;
    reversalsReported = false;
    pending = 0;
    am.reset();
    amSum = 0.0;
    amClean = true;
    amYes = 0;
    amNo = 0;
    modulated = false;
  }

  private void measure(long tick) {
    longestTicks = Math.max(longestTicks, tick - onsetTick + 1);
    double m2 = tone.magnitude2();
    slowMagnitude2 += (m2 - slowMagnitude2) * (1.0 / 32.0);
    long age = tick - onsetTick;
    if (age < ToneTrack.SETTLE_TICKS) {
      return;
    }
    track.measure();
    // ANSam: the 15 Hz component of the envelope, per block of AM_BLOCK ticks.
    am.update(m2);
    amSum += m2;
    if (am.count() == AM_BLOCK) {
      if (amClean && amSum > 0.0) {
        double depth = 2.0 * Math.sqrt(am.energy()) / amSum;
        if (depth > AM_DEPTH) {
          amYes++;
        } else {
          amNo++;
        }
      }
      am.reset();
      amSum = 0.0;
      amClean = true;
    }
  }

  private void checkReversal(long tick, long sample, double oldI, double oldQ) {
    if (holdoff > 0) {
      holdoff--;
      return;
    }
    if (tick - onsetTick < REVERSAL_SPAN + 4) {
      return;
    }
    double ni = tone.zi;
    double nq = tone.zq;
    double mNow = ni * ni + nq * nq;
    double mOld = oldI * oldI + oldQ * oldQ;
    double floor = 0.4 * slowMagnitude2;
    if (mNow < floor || mOld < floor) {
      return;
    }
    // The rotation over REVERSAL_SPAN ticks that the frequency offset explains:
    // (z²·conj(z'²))^(SPAN/2), the unit rotation of 2 offsets per tick, squared 3 times.
    double ui = tone.rot2I;
    double uq = tone.rot2Q;
    double u = Math.sqrt(ui * ui + uq * uq);
    if (!(u > 0.0)) {
      return;
    }
    ui /= u;
    uq /= u;
    for (int k = 0; k < 3; k++) {
      double t = ui * ui - uq * uq;
      uq = 2.0 * ui * uq;
      ui = t;
    }
    // d = z·conj(z_old)·conj(u)
    double di = ni * oldI + nq * oldQ;
    double dq = nq * oldI - ni * oldQ;
    double re = di * ui + dq * uq;
    if (re < 0.0 && re * re > 0.25 * mNow * mOld) {
      onReversal(tick - REVERSAL_DELAY_TICKS, sample);
      holdoff = REVERSAL_HOLDOFF;
      amClean = false;
    }
  }

  private void onReversal(long reversalTick, long sample) {
    long interval = reversalTick - lastReversalTick;
    if (lastReversalTick != Long.MIN_VALUE
        && interval >= REVERSAL_MIN_TICKS && interval <= REVERSAL_MAX_TICKS) {
      goodIntervals++;
    } else {
      goodIntervals = 0;
    }
    lastReversalTick = reversalTick;
    if (state == State.DETECTED) {
      events.add(ToneEvent.PHASE_REVERSAL, sample, toSample(reversalTick), track.level(), Double.NaN);
      reportReversalKind(sample);
    } else if (pending < MAX_PENDING) {
      pendingReversals[pending++] = reversalTick;
    }
  }

  private void recognise(long sample) {
    modulated = amYes > amNo;
    long onset = toSample(onsetTick - ToneTrack.ONSET_LATENCY_TICKS);
    events.add(modulated ? ToneEvent.ANSAM : ToneEvent.ANS, sample, onset, track.level(), track.frequency());
    state = State.DETECTED;
    for (int k = 0; k < pending; k++) {
      events.add(ToneEvent.PHASE_REVERSAL, sample, toSample(pendingReversals[k]), track.level(), Double.NaN);
    }
    pending = 0;
    reportReversalKind(sample);
  }

  private void reportReversalKind(long sample) {
    if (!reversalsReported && goodIntervals >= 1) {
      reversalsReported = true;
      events.add(modulated ? ToneEvent.ANSAM_PR : ToneEvent.ANS_PR, sample,
          toSample(onsetTick - ToneTrack.ONSET_LATENCY_TICKS), track.level(), track.frequency());
    }
  }

  private static long toSample(long tick) {
    return Math.max(0, tick * BasebandTone.DECIMATION);
  }

  /** True when the tone being followed was classified as amplitude modulated (ANSam). */
  public boolean modulated() {
    return modulated;
  }

  /** The longest run of tone seen since the last reset, ms (a diagnostic: how close anything came). */
  double longestToneMs() {
    return longestTicks * 1000.0 / BasebandTone.TICK_RATE;
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
    tone.reset();
    events.resetAll();
    historyI.reset();
    historyQ.reset();
    am.reset();
    state = State.IDLE;
    samples = 0;
    longestTicks = 0;
    onsetTick = 0;
    lastToneTick = 0;
    track.start();
    slowMagnitude2 = 0.0;
    holdoff = 0;
    lastReversalTick = Long.MIN_VALUE;
    goodIntervals = 0;
    reversalsReported = false;
    pending = 0;
    amSum = 0.0;
    amClean = true;
    amYes = 0;
    amNo = 0;
    modulated = false;
  }
}
