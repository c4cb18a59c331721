package dev.faxgate.dsp;

/**
 * A numerically controlled oscillator (direct digital synthesis): a 32-bit phase accumulator,
 * where 2³² is one cycle, and a sine table.
 *
 * <p>The table holds one full cycle in {@link #TABLE_SIZE} floats (16 KiB, shared by every
 * instance), read by the top {@link #TABLE_BITS} bits of the phase without interpolation: the
 * phase truncation spurs sit about 66 dB below the carrier, which is below what G.711 itself
 * adds (about 38 dB SNR). The phase wraps for free through int overflow; a 180° phase reversal
 * is {@code shiftPhase(0x80000000)}.
 */
public final class Nco {

  /** log2 of the table size. */
  public static final int TABLE_BITS = 12;
  /** Entries in the sine table (one full cycle). */
  public static final int TABLE_SIZE = 1 << TABLE_BITS;
  /** A quarter cycle of phase: adding it turns a sine lookup into a cosine. */
  public static final int QUARTER_CYCLE = 0x40000000;
  /** Half a cycle of phase (a 180° reversal). */
  public static final int HALF_CYCLE = 0x80000000;

  private static final int SHIFT = 32 - TABLE_BITS;
  private static final float[] SINE = new float[TABLE_SIZE];

  static {
    for (int i = 0; i < TABLE_SIZE; i++) {
      SINE[i] = (float) Math.sin(2.0 * Math.PI * i / TABLE_SIZE);
    }
  }

  private int phase;
  private int rate;

  /** An oscillator at {@code hz} (at {@link Dsp#SAMPLE_RATE}), starting at phase 0. */
  public Nco(double hz) {
    this.rate = phaseRate(hz);
  }

  /** The per-sample phase increment of {@code hz} at {@link Dsp#SAMPLE_RATE}. */
  public static int phaseRate(double hz) {
    return (int) Math.round(hz / Dsp.SAMPLE_RATE * 4294967296.0);
  }

  /** The frequency of a per-sample phase increment. */
  public static double frequencyOf(int phaseRate) {
    return phaseRate * (double) Dsp.SAMPLE_RATE / 4294967296.0;
  }

  /** The sine of a phase (2³² per cycle). */
  public static double sinOf(int phase) {
    return SINE[phase >>> SHIFT];
  }

  /** The cosine of a phase (2³² per cycle). */
  public static double cosOf(int phase) {
    return SINE[(phase + QUARTER_CYCLE) >>> SHIFT];
  }

  /** The sine at the current phase. */
  public double sin() {
    return SINE[phase >>> SHIFT];
  }

  /** The cosine at the current phase. */
  public double cos() {
    return SINE[(phase + QUARTER_CYCLE) >>> SHIFT];
  }

  /** Advances the phase by one sample. */
  public void step() {
    phase += rate;
  }

  /** The sine at the current phase, then advances by one sample. */
  public double nextSin() {
    double v = SINE[phase >>> SHIFT];
    phase += rate;
    return v;
  }

  /** Writes {@code len} samples of {@code amplitude·sin} into {@code out}, rounded and saturated. */
  public void generate(short[] out, int off, int len, double amplitude) {
    for (int i = off, end = off + len; i < end; i++) {
      out[i] = Dsp.saturate(amplitude * SINE[phase >>> SHIFT]);
      phase += rate;
    }
  }

  /** Adds {@code len} samples of {@code amplitude·sin} to {@code out} (saturating). */
  public void addTo(short[] out, int off, int len, double amplitude) {
    for (int i = off, end = off + len; i < end; i++) {
      out[i] = Dsp.saturate(out[i] + amplitude * SINE[phase >>> SHIFT]);
      phase += rate;
    }
  }

  /** Sets the frequency, keeping the phase (continuous-phase switching, as FSK needs). */
  public void setFrequency(double hz) {
    rate = phaseRate(hz);
  }

  /** Sets the per-sample phase increment directly. */
  public void setPhaseRate(int phaseRate) {
    rate = phaseRate;
  }

  /** The per-sample phase increment. */
  public int phaseRate() {
    return rate;
  }

  /** The frequency in Hz. */
  public double frequency() {
    return frequencyOf(rate);
  }

  /** The current phase (2³² per cycle). */
  public int phase() {
    return phase;
  }

  /** Sets the phase. */
  public void setPhase(int phase) {
    this.phase = phase;
  }

  /** Adds {@code delta} to the phase ({@link #HALF_CYCLE} reverses it). */
  public void shiftPhase(int delta) {
    phase += delta;
  }
}
