package dev.faxgate.rtp;

import dev.faxgate.detect.DetectorEvents;
import dev.faxgate.detect.ToneEvent;
import dev.faxgate.detect.ToneGate;
import dev.faxgate.detect.V21PreambleDetector;
import dev.faxgate.dsp.PowerMeter;

/**
 * How long a {@link JitterBuffer} holds a leg's audio before playing it, and the only moments it
 * may change: before the leg's fax starts, in silence, and only upwards.
 *
 * <p><b>Bounds.</b> A leg starts at {@code start} frames (the node's {@code media.jitter_ms}) and
 * never goes below it; an adaptive leg may grow up to {@code max} frames
 * ({@code media.jitter_max_ms}). With {@code max <= start} the delay is fixed, as it always was.
 * The bounds travel through the processors as the one {@code int} they already pass down for the
 * delay ({@link #bounds}): a plain frame count is a fixed delay.
 *
 * <p><b>Measure.</b> Every packet placed tells how long before its first sample was due it
 * arrived: its slack ({@code start - cursor} samples; negative when it was late). The delay wanted
 * leaves the tightest packet seen at least {@value #MARGIN_FRAMES} frame of slack, for the
 * lateness not seen yet: a packet with less asks for as many frames more as make up the
 * difference. So a packet that only just made it counts as well as one that missed: whether a
 * packet of a jittery stream is late depends on when the first packet (the anchor) happened to
 * arrive and be read, up to a frame's worth of tick phase, and the delay must not wait for bad
 * luck to learn the jitter. The largest wish, capped at {@code max}, is the delay wanted. A packet
 * later than even {@code max} would hold is a path change or a stray, not jitter the buffer could
 * cover: it does not count.
 *
 * <p><b>Grow.</b> One frame at a time, by playing a frame of silence without advancing the
 * sender's timeline (the buffer holds one frame more), and only in silence: the last frame
 * received and played was quiet (every 5 ms of it below {@link ToneGate#FLOOR_DBM0}, where no fax
 * detector hears anything) and so is the frame due next, or it has not arrived. So a tone (CNG,
 * CED) or a voice is never cut; at worst a signal starts 20 ms later.
 *
 * <p><b>Freeze.</b> At the first V.21 preamble heard in what the leg plays
 * ({@link V21PreambleDetector}: 5 HDLC flags), the delay is frozen for the rest of the call: fax
 * modems cannot survive a time warp, and T.30 opens every fax, on each side and in every mode
 * (gateway, audio-relay, terminal on audio), with V.21 before any fast-modem signal. The quiet rule
 * covers the 130-odd ms the detector needs. Frozen or fixed, nothing is decoded any more: the
 * steady state costs nothing.
 *
 * <p><b>Never shrink:</b> shrinking means dropping samples, and a delay of up to {@code max} costs
 * nothing a fax notices (T.30's timers count seconds). Allocation-free after construction;
 * one thread, the buffer's.
 */
public final class PlayoutDelay {
  /** Frames of slack the delay wanted leaves the tightest packet seen. */
  public static final int MARGIN_FRAMES = 1;
  private static final int FRAME = JitterBuffer.FRAME_SAMPLES;
  private static final int MARGIN_SAMPLES = MARGIN_FRAMES * FRAME;
  /** Samples per quiet check: 5 ms. */
  private static final int BLOCK = 40;
  /** Sum of squares of a {@link #BLOCK} at {@link ToneGate#FLOOR_DBM0}: a louder block is a signal. */
  private static final double LOUD_BLOCK_ENERGY = PowerMeter.dbm0ToMeanSquare(ToneGate.FLOOR_DBM0) * BLOCK;

  private final V21PreambleDetector v21 = new V21PreambleDetector();
  private final short[] linear = new short[FRAME];
  private int start;
  private int max;
  private int frames;
  private int wanted;
  private boolean frozen;
  private boolean lastHeardLoud;
  private boolean detecting;

  /** For {@code bounds} as {@link #bounds} makes them. */
  PlayoutDelay(int bounds) {
    reset(bounds);
  }

  // ---------------------------------------------------------------- bounds in one int

  /**
   * The bounds of an adaptive delay as the one int the processors pass down: {@code start} frames
   * at first and at least, up to {@code max}. {@code max <= start} gives {@code start}, a fixed delay.
   *
   * @throws IllegalArgumentException when either is not in 0..{@value JitterBuffer#MAX_DELAY_FRAMES}
   */
  public static int bounds(int start, int max) {
    check(start, "start");
    check(max, "max");
    return max <= start ? start : start | max << 8;
  }

  /** The starting (and smallest) delay of {@code bounds}, in frames. */
  public static int startFrames(int bounds) {
    return bounds & 0xFF;
  }

  /** The largest delay of {@code bounds}, in frames ({@link #startFrames} when fixed). */
  public static int maxFrames(int bounds) {
    return Math.max(bounds & 0xFF, bounds >>> 8);
  }

  /** Checks {@code bounds} as {@link #bounds} makes them (a plain frame count included). */
  static void checkBounds(int bounds) {
    if (!valid(bounds)) {
      throw new IllegalArgumentException("delayFrames not in 0.." + JitterBuffer.MAX_DELAY_FRAMES + " (or bounds of "
          + "PlayoutDelay.bounds): " + bounds);
    }
  }

  /** Whether {@code bounds} are bounds {@link #bounds} could have made (a plain frame count included). */
  static boolean valid(int bounds) {
    return bounds >= 0 && (bounds & 0xFF) <= JitterBuffer.MAX_DELAY_FRAMES && bounds >>> 8 <= JitterBuffer.MAX_DELAY_FRAMES;
  }

  private static void check(int frames, String what) {
    if (frames < 0 || frames > JitterBuffer.MAX_DELAY_FRAMES) {
      throw new IllegalArgumentException(what + " frames not in 0.." + JitterBuffer.MAX_DELAY_FRAMES + ": " + frames);
    }
  }

  /** Back to a new leg's state for {@code bounds}. */
  void reset(int bounds) {
    checkBounds(bounds);
    start = startFrames(bounds);
    max = maxFrames(bounds);
    frames = start;
    wanted = start;
    frozen = false;
    lastHeardLoud = false;
    detecting = false;
    v21.reset();
  }

  // ---------------------------------------------------------------- the buffer's calls

  /** A packet placed: its first sample is due {@code slack} samples after it arrived (negative: that late). */
  void arrived(long slack) {
    if (slack >= MARGIN_SAMPLES || !adapting()) {
      return;
    }
    long need = frames + (MARGIN_SAMPLES - slack + FRAME - 1) / FRAME;
    if (need <= max + MARGIN_FRAMES && need > wanted) {
      wanted = (int) Math.min(need, max);
    }
  }

  /**
   * Whether to hold the timeline one frame now (and play silence): growth is wanted, the last
   * frame heard was quiet and the frame due next ({@code due[off..off+160)}, {@code dueHasSamples})
   * is quiet or empty. When it says yes the delay is one frame more.
   */
  boolean stretch(byte[] due, int off, boolean dueHasSamples, int payloadType) {
    if (wanted <= frames || frozen || lastHeardLoud) {
      return false;
    }
    if (dueHasSamples && loud(due, off, payloadType)) {
      return false;
    }
    frames++;
    return true;
  }

  /** The frame just played ({@code real}: received, not fill); listens for the fax's start. */
  void heard(byte[] frame, int off, boolean real, int payloadType) {
    if (!adapting()) {
      return;
    }
    boolean loud = loud(frame, off, payloadType);
    if (real) {
      lastHeardLoud = loud;
    }
    if (!loud) {
      if (detecting) {
        v21.reset();        // quiet frames are skipped: an idle leg costs one decode per tick
        detecting = false;
      }
      return;
    }
    detecting = true;
    int n = v21.process(linear, 0, FRAME);
    DetectorEvents events = v21.events();
    for (int i = 0; i < n; i++) {
      if (events.kind(i) == ToneEvent.V21_PREAMBLE) {
        frozen = true;
      }
    }
  }

  /** Decodes {@code g711[off..off+160)} into {@link #linear}; whether any 5 ms of it is above the floor. */
  private boolean loud(byte[] g711, int off, int payloadType) {
    if (payloadType == G711.PT_PCMA) {
      G711.alawToLinear(g711, off, linear, 0, FRAME);
    } else {
      G711.ulawToLinear(g711, off, linear, 0, FRAME);
    }
    boolean loud = false;
    for (int b = 0; b < FRAME; b += BLOCK) {
      double energy = 0;
      for (int i = b; i < b + BLOCK; i++) {
        energy += (double) linear[i] * linear[i];
      }
      loud |= energy > LOUD_BLOCK_ENERGY;
    }
    return loud;
  }

  private boolean adapting() {
    return max > start && !frozen;
  }

  // ---------------------------------------------------------------- reading

  /** The delay now, in frames. */
  public int frames() {
    return frames;
  }

  /** The starting and smallest delay, in frames. */
  public int startFrames() {
    return start;
  }

  /** The largest delay, in frames. */
  public int maxFrames() {
    return max;
  }

  /** The delay the slack seen so far asks for, in frames (at most {@link #maxFrames}). */
  public int wantedFrames() {
    return wanted;
  }

  /** Whether the leg's fax started (a V.21 preamble was heard): the delay will not move again. */
  public boolean isFrozen() {
    return frozen;
  }

  /** Whether the delay may grow (adaptive bounds, fax not started). */
  public boolean isAdapting() {
    return adapting();
  }
}
