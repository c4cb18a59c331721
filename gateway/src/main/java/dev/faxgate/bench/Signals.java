package dev.faxgate.bench;

import dev.faxgate.dsp.Dsp;
import dev.faxgate.dsp.Nco;
import dev.faxgate.dsp.PowerMeter;

/**
 * Synthetic fax and non-fax signals for the detector benchmark and tests, at 8000 samples/s,
 * levels in dBm0 (see {@link PowerMeter}). These allocate their result: they are for setting up,
 * not for the media path.
 *
 * <p>The fax signals follow spandsp's generators ({@code modem_connect_tones_tx},
 * {@code fsk_tx}) as faxpeer's {@code bench-detect} uses them: CNG 0.5 s on / 3 s off at
 * -11 dBm0; CED 0.2 s of silence, 2.6 s of 2100 Hz, then 1 s off; V.21 channel 2 flags for 1 s
 * then 0.5 s off.
 */
public final class Signals {

  /** Mark (1) of V.21 channel 2. */
  public static final double V21_MARK_HZ = 1650.0;
  /** Space (0) of V.21 channel 2. */
  public static final double V21_SPACE_HZ = 1850.0;
  private static final char[] DTMF_KEYS = {
    '1', '2', '3', 'A', '4', '5', '6', 'B', '7', '8', '9', 'C', '*', '0', '#', 'D'};
  private static final double[] DTMF_ROWS = {697, 770, 852, 941};
  private static final double[] DTMF_COLUMNS = {1209, 1336, 1477, 1633};

  private Signals() {
  }

  /** Samples in {@code ms} milliseconds. */
  public static int samples(double ms) {
    return Dsp.msToSamples(ms);
  }

  /** Writes a sine of {@code hz} at {@code dbm0} into {@code out[off .. off+len)}. */
  public static void tone(short[] out, int off, int len, double hz, double dbm0) {
    new Nco(hz).generate(out, off, len, PowerMeter.dbm0ToSinePeak(dbm0));
  }

  /** A sine of {@code hz} at {@code dbm0} lasting {@code ms}. */
  public static short[] tone(double hz, double dbm0, double ms) {
    short[] s = new short[samples(ms)];
    tone(s, 0, s.length, hz, dbm0);
    return s;
  }

  /** Concatenates signals. */
  public static short[] concat(short[]... parts) {
    int n = 0;
    for (short[] p : parts) {
      n += p.length;
    }
    short[] out = new short[n];
    int o = 0;
    for (short[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  /** Digital silence lasting {@code ms}. */
  public static short[] silence(double ms) {
    return new short[samples(ms)];
  }

  /**
   * CNG with its cadence for {@code seconds}: {@code onMs} of 1100 Hz, then {@code offMs} of
   * silence, repeating, starting with the tone (nominal: 500 and 3000 ms).
   */
  public static short[] cng(double seconds, double dbm0, double onMs, double offMs) {
    short[] s = new short[samples(seconds * 1000.0)];
    int on = samples(onMs);
    int period = on + samples(offMs);
    Nco nco = new Nco(1100.0);
    double peak = PowerMeter.dbm0ToSinePeak(dbm0);
    for (int start = 0; start < s.length; start += period) {
      nco.generate(s, start, Math.min(on, s.length - start), peak);
    }
    return s;
  }

  /**
   * A 2100 Hz answer tone of {@code ms}: amplitude modulated at 15 Hz by {@code amDepth}
   * (0 for plain ANS, 0.2 for spandsp's ANSam), with a 180° phase reversal every
   * {@code reversalMs} (0 for none; 450 for ANS/ and ANSam/), the first one {@code reversalMs}
   * after the start.
   */
  public static short[] answerTone(double dbm0, double ms, double amDepth, double reversalMs) {
    short[] s = new short[samples(ms)];
    Nco carrier = new Nco(2100.0);
    Nco am = new Nco(15.0);
    double peak = PowerMeter.dbm0ToSinePeak(dbm0);
    int hop = reversalMs > 0 ? samples(reversalMs) : Integer.MAX_VALUE;
    int untilHop = hop;
    for (int i = 0; i < s.length; i++) {
      if (--untilHop <= 0) {
        untilHop = hop;
        carrier.shiftPhase(Nco.HALF_CYCLE);
      }
      double a = peak * (1.0 + amDepth * am.nextSin());
      s[i] = Dsp.saturate(a * carrier.nextSin());
    }
    return s;
  }

  /**
   * faxpeer's CED bench signal for {@code seconds}: 0.2 s silence, 2.6 s of 2100 Hz at
   * {@code dbm0}, 1 s silence, repeating.
   */
  public static short[] cedBursts(double seconds, double dbm0) {
    short[] s = new short[samples(seconds * 1000.0)];
    int lead = samples(200);
    int on = samples(2600);
    int period = lead + on + samples(1000);
    for (int start = 0; start < s.length; start += period) {
      int from = start + lead;
      if (from < s.length) {
        tone(s, from, Math.min(on, s.length - from), 2100.0, dbm0);
      }
    }
    return s;
  }

  /**
   * Phase-continuous V.21 channel 2 FSK (1 = 1650 Hz, 0 = 1850 Hz) at 300 bit/s carrying
   * {@code bits} (each 0 or 1), at {@code dbm0}.
   */
  public static short[] v21(int[] bits, double dbm0) {
    int n = (int) Math.round(bits.length * (double) Dsp.SAMPLE_RATE / 300.0);
    short[] s = new short[n];
    Nco nco = new Nco(V21_MARK_HZ);
    double peak = PowerMeter.dbm0ToSinePeak(dbm0);
    for (int i = 0; i < n; i++) {
      int b = bits[Math.min(bits.length - 1, (int) ((long) i * 300 / Dsp.SAMPLE_RATE))];
      nco.setFrequency(b != 0 ? V21_MARK_HZ : V21_SPACE_HZ);
      s[i] = Dsp.saturate(peak * nco.nextSin());
    }
    return s;
  }

  /** The bits of {@code count} HDLC flags (0x7E, least significant bit first). */
  public static int[] flagBits(int count) {
    int[] bits = new int[8 * count];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = (0x7E >> (i & 7)) & 1;
    }
    return bits;
  }

  /** The bits of {@code octets}, least significant bit first, without stuffing. */
  public static int[] octetBits(int... octets) {
    int[] bits = new int[8 * octets.length];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = (octets[i >> 3] >> (i & 7)) & 1;
    }
    return bits;
  }

  /** Concatenates bit arrays. */
  public static int[] concatBits(int[]... parts) {
    int n = 0;
    for (int[] p : parts) {
      n += p.length;
    }
    int[] out = new int[n];
    int o = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  /** faxpeer's V.21 bench signal for {@code seconds}: 1 s of flags, 0.5 s off, repeating. */
  public static short[] v21Bursts(double seconds, double dbm0) {
    short[] s = new short[samples(seconds * 1000.0)];
    short[] burst = v21(flagBits(38), dbm0);
    int on = Math.min(burst.length, samples(1000));
    int period = samples(1500);
    for (int start = 0; start < s.length; start += period) {
      System.arraycopy(burst, 0, s, start, Math.min(on, s.length - start));
    }
    return s;
  }

  /** The 16 DTMF keys in keypad order. */
  public static char[] dtmfKeys() {
    return DTMF_KEYS.clone();
  }

  /**
   * A DTMF digit of {@code ms}: its row tone at {@code lowDbm0} and column tone at
   * {@code highDbm0} (standard: about -6 dBm0 and -4 dBm0, i.e. 2 dB of twist).
   */
  public static short[] dtmf(char key, double ms, double lowDbm0, double highDbm0) {
    int k = new String(DTMF_KEYS).indexOf(Character.toUpperCase(key));
    if (k < 0) {
      throw new IllegalArgumentException("not a DTMF key: " + key);
    }
    short[] s = new short[samples(ms)];
    Nco low = new Nco(DTMF_ROWS[k / 4]);
    Nco high = new Nco(DTMF_COLUMNS[k % 4]);
    double a = PowerMeter.dbm0ToSinePeak(lowDbm0);
    double b = PowerMeter.dbm0ToSinePeak(highDbm0);
    for (int i = 0; i < s.length; i++) {
      s[i] = Dsp.saturate(a * low.nextSin() + b * high.nextSin());
    }
    return s;
  }

  /** A linear sweep from {@code fromHz} to {@code toHz} over {@code ms}, at {@code dbm0}. */
  public static short[] sweep(double fromHz, double toHz, double dbm0, double ms) {
    short[] s = new short[samples(ms)];
    Nco nco = new Nco(fromHz);
    double peak = PowerMeter.dbm0ToSinePeak(dbm0);
    for (int i = 0; i < s.length; i++) {
      nco.setFrequency(fromHz + (toHz - fromHz) * i / s.length);
      s[i] = Dsp.saturate(peak * nco.nextSin());
    }
    return s;
  }

  /** A chord of sines at {@code hz}, each at {@code dbm0Each}, lasting {@code ms}. */
  public static short[] chord(double dbm0Each, double ms, double... hz) {
    short[] s = new short[samples(ms)];
    double peak = PowerMeter.dbm0ToSinePeak(dbm0Each);
    Nco[] ncos = new Nco[hz.length];
    for (int k = 0; k < hz.length; k++) {
      ncos[k] = new Nco(hz[k]);
    }
    for (int i = 0; i < s.length; i++) {
      double v = 0.0;
      for (Nco n : ncos) {
        v += peak * n.nextSin();
      }
      s[i] = Dsp.saturate(v);
    }
    return s;
  }
}
