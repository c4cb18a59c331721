package dev.faxgate.modem;

import dev.faxgate.dsp.PowerMeter;

/**
 * V.21 FSK modulator, 300 bit/s, channel 1 or 2 (after spandsp's {@code fsk_tx}).
 *
 * <p>Phase-continuous FSK from a 32-bit phase accumulator and a 4096-point sine table. A bit lasts
 * 8000/300 = 26.67 samples; where a bit boundary falls between two samples, that sample step
 * advances the phase partly at the old tone and partly at the new one, so the transitions keep
 * their exact timing instead of snapping to whole samples. The first bit starts at sample 0; when
 * the {@link BitSource} returns {@link BitSource#END_OF_DATA} the signal stops at that bit boundary
 * (no ramp, like spandsp) and the source hears {@link ModemStatus#END_OF_DATA} then
 * {@link ModemStatus#SHUTDOWN_COMPLETE}.
 */
public final class V21Tx implements ModemTx {
  /** The only bit rate. */
  public static final int BIT_RATE = 300;
  /** spandsp's default transmit level for the fax modems, dBm0. */
  public static final double DEFAULT_LEVEL_DBM0 = -14.0;

  private static final int SAMPLE_RATE = 8000;
  private static final int SINE_BITS = 12;
  private static final float[] SINE = sineTable();

  private final V21Channel channel;
  private final BitSource source;
  /** Phase steps per sample of the mark and space tones (2^32 = one cycle). */
  private int markStep;
  private int spaceStep;
  private int step;
  private int phase;
  /** Position inside the current bit, in 1/8000 of a bit (+300 per sample); a bit ends at 8000. */
  private int bitClock;
  private double peak;
  private double offsetHz;
  private boolean shutDown;

  /** A transmitter at {@link #DEFAULT_LEVEL_DBM0}. */
  public V21Tx(V21Channel channel, BitSource source) {
    this.channel = channel;
    this.source = source;
    power(DEFAULT_LEVEL_DBM0);
    setSteps();
    restart(BIT_RATE, false);
  }

  /** The channel this transmitter sends on. */
  public V21Channel channel() {
    return channel;
  }

  @Override
  public void restart(int bitRate, boolean shortTrain) {
    if (bitRate != BIT_RATE) {
      throw new IllegalArgumentException("V.21 runs at 300 bit/s, not " + bitRate);
    }
    phase = 0;
    bitClock = SAMPLE_RATE; // a boundary right at sample 0: the first bit is fetched at once
    step = markStep;
    shutDown = false;
  }

  @Override
  public void power(double dBm0) {
    peak = Math.sqrt(2.0 * PowerMeter.dbm0ToMeanSquare(dBm0)); // a sine's peak is sqrt(2) times its RMS
  }

  /**
   * Shifts both tones by {@code hz} (line simulation: a carrier frequency offset, as a test sets it;
   * 0 for a real transmitter).
   */
  public void frequencyOffset(double hz) {
    offsetHz = hz;
    setSteps();
  }

  private void setSteps() {
    markStep = phaseStep(channel.markHz + offsetHz);
    spaceStep = phaseStep(channel.spaceHz + offsetHz);
  }

  private static int phaseStep(double hz) {
    return (int) Math.round(hz / SAMPLE_RATE * 4294967296.0);
  }

  @Override
  public int tx(short[] amp, int off, int max) {
    if (shutDown) {
      return 0;
    }
    for (int i = 0; i < max; i++) {
      if (bitClock >= SAMPLE_RATE) {
        // the boundary fell exactly on this sample: the whole step is at the new tone
        bitClock -= SAMPLE_RATE;
        if (!nextBit()) {
          return i;
        }
      }
      amp[off + i] = (short) Math.round(peak * SINE[phase >>> (32 - SINE_BITS)]);
      int old = step;
      bitClock += BIT_RATE;
      if (bitClock > SAMPLE_RATE) {
        // a boundary inside the step to the next sample: split the phase advance at it
        int before = SAMPLE_RATE - (bitClock - BIT_RATE); // in 1/8000 bit, 1..299
        bitClock -= SAMPLE_RATE;
        if (!nextBit()) {
          return i + 1;
        }
        phase += (int) (((long) old * before + (long) step * (BIT_RATE - before)) / BIT_RATE);
      } else {
        phase += old;
      }
    }
    return max;
  }

  /** Fetches the next bit into {@link #step}; false (and shut down) at the end of the data. */
  private boolean nextBit() {
    int bit = source.getBit();
    if (bit == BitSource.END_OF_DATA) {
      shutDown = true;
      source.status(ModemStatus.END_OF_DATA);
      source.status(ModemStatus.SHUTDOWN_COMPLETE);
      return false;
    }
    step = (bit & 1) != 0 ? markStep : spaceStep;
    return true;
  }

  private static float[] sineTable() {
    float[] t = new float[1 << SINE_BITS];
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) Math.sin(2.0 * Math.PI * (i + 0.5) / t.length);
    }
    return t;
  }
}
