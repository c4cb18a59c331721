package dev.faxgate.detect;

/**
 * Detects the calling fax tone CNG: 1100 Hz ± 38 Hz, on for 0.5 s ± 15 %, off for 3 s ± 15 %
 * (T.30; docs/dsp.md §6.1).
 *
 * <h2>How</h2>
 * A {@link BasebandTone} front end at 1100 Hz says, every millisecond, whether the channel holds
 * a tone within {@link #TOLERANCE_HZ} of 1100 Hz that carries at least {@link ToneGate#PURITY} of
 * the power, above {@link ToneGate#FLOOR_DBM0}, at a steady frequency (drift under 10 Hz since its
 * onset: {@link ToneTrack}).
 * The cadence is then checked by an explicit state machine ({@link State}):
 * <pre>
 *   IDLE ──tone──▶ TONE_ON ──tone lost for > 20 ms, on-time in [400, 700] ms──▶ OFF_CONFIRM
 *                    │  └─tone lost, on-time too short──▶ IDLE
 *                    └─on-time reaches 700 ms──▶ TOO_LONG ──tone lost──▶ IDLE
 *   OFF_CONFIRM ──200 ms without the tone──▶ report CNG, IDLE
 *   OFF_CONFIRM ──tone back──▶ TONE_ON (a new burst)
 * </pre>
 *
 * <h2>The cadence decision</h2>
 * spandsp ({@code modem_connect_tones_rx}, FAX_CNG) reports CNG after 415 ms of 1100 Hz and
 * Asterisk ({@code dsp.c}, {@code tone_detect} with a 500 ms duration) after about 21 blocks of
 * 20 ms; neither bounds the tone's length nor looks at the silence after it, so both report a
 * continuous 1100 Hz (a test tone, a held note) as CNG once. Faxgate does not: a burst counts
 * only if it lasts 400-700 ms (T.30's 425-575 ms with room for the detector's edges) and is
 * followed by 200 ms without the tone. A continuous 1100 Hz, or a burst of 1 s, is never CNG.
 * The price is latency: CNG is reported about 0.72 s after the burst starts, against 0.42 s for
 * spandsp, well inside a gateway's needs (the far end hears CNG again every 3.5 s). The 3 s
 * off-time itself is not awaited: a second burst would cost another 3.5 s. Every valid burst is
 * reported; {@link #bursts()} counts them.
 *
 * <p>Events ({@link DetectorEvents}): {@link ToneEvent#CNG}, decided where the off-time was
 * confirmed, with the burst's start, mean level and mean frequency.
 */
public final class CngDetector implements ToneDetector {

  /** Nominal frequency, Hz. */
  public static final double FREQUENCY_HZ = 1100.0;
  /** Accepted deviation from 1100 Hz (T.30 allows ±38 Hz), Hz. */
  public static final double TOLERANCE_HZ = 45.0;
  /** Shortest burst accepted, ms (T.30: 425 ms). */
  public static final double MIN_ON_MS = 400.0;
  /** Longest burst accepted, ms (T.30: 575 ms). */
  public static final double MAX_ON_MS = 700.0;
  /** Silence (no 1100 Hz) needed after the burst before CNG is reported, ms. */
  public static final double OFF_CONFIRM_MS = 200.0;
  /** A drop-out of the tone up to this long does not end a burst, ms. */
  public static final double GAP_MS = 20.0;

  /** Stages of the cadence check. */
  enum State {
    /** No 1100 Hz. */
    IDLE,
    /** A burst is on; its length is being measured. */
    TONE_ON,
    /** The tone lasted longer than {@link #MAX_ON_MS}: waiting for it to end, no report. */
    TOO_LONG,
    /** A burst of the right length ended: waiting for {@link #OFF_CONFIRM_MS} of no tone. */
    OFF_CONFIRM
  }

  private static final int MIN_ON_TICKS = BasebandTone.ticks(MIN_ON_MS);
  private static final int MAX_ON_TICKS = BasebandTone.ticks(MAX_ON_MS);
  private static final int OFF_TICKS = BasebandTone.ticks(OFF_CONFIRM_MS);
  private static final int GAP_TICKS = BasebandTone.ticks(GAP_MS);

  private final BasebandTone tone = new BasebandTone(FREQUENCY_HZ);
  private final ToneTrack track = new ToneTrack(tone, TOLERANCE_HZ, false);
  private final DetectorEvents events = new DetectorEvents();
  private State state = State.IDLE;
  private long samples;
  private long longestTicks;
  private long onsetTick;
  private long lastToneTick;
  private long bursts;

  /** A detector in its initial state. */
  public CngDetector() {
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
    // Within a burst and just after it (where its decaying tail must not count as the tone coming
    // back) the tick is judged against the burst's level and frequency; in IDLE against nothing.
    boolean present = track.present(state != State.IDLE);
    switch (state) {
      case IDLE:
        if (present) {
          startBurst(tick);
        }
        break;
      case TONE_ON:
        if (present) {
          lastToneTick = tick;
          measure(tick);
          if (tick - onsetTick + 1 > MAX_ON_TICKS) {
            state = State.TOO_LONG;
          }
        } else if (tick - lastToneTick > GAP_TICKS) {
          long on = lastToneTick - onsetTick + 1;
          state = on >= MIN_ON_TICKS ? State.OFF_CONFIRM : State.IDLE;
        }
        break;
      case TOO_LONG:
        if (present) {
          lastToneTick = tick;
        } else if (tick - lastToneTick > GAP_TICKS) {
          state = State.IDLE;
        }
        break;
      case OFF_CONFIRM:
        if (present) {
          startBurst(tick);
        } else if (tick - lastToneTick >= OFF_TICKS) {
          report(sample);
          state = State.IDLE;
        }
        break;
      default:
        throw new IllegalStateException(state.toString());
    }
  }

  private void startBurst(long tick) {
    state = State.TONE_ON;
    onsetTick = tick;
    lastToneTick = tick;
    track.start();
  }

  private void measure(long tick) {
    longestTicks = Math.max(longestTicks, tick - onsetTick + 1);
    if (tick - onsetTick >= ToneTrack.SETTLE_TICKS) {
      track.measure();
    }
  }

  private void report(long sample) {
    bursts++;
    long onset = Math.max(0, (onsetTick - ToneTrack.ONSET_LATENCY_TICKS) * BasebandTone.DECIMATION);
    events.add(ToneEvent.CNG, sample, onset, track.level(), track.frequency());
  }

  /** Valid CNG bursts reported since the last reset. */
  public long bursts() {
    return bursts;
  }

  /** The longest run of tone seen since the last reset, ms (a diagnostic: how close anything came). */
  double longestToneMs() {
    return longestTicks * 1000.0 / BasebandTone.TICK_RATE;
  }

  /** The cadence stage (for tests and diagnostics). */
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
    state = State.IDLE;
    samples = 0;
    longestTicks = 0;
    onsetTick = 0;
    lastToneTick = 0;
    track.start();
    bursts = 0;
  }
}
