package dev.faxgate.dsp;

/**
 * Line impairments for simulated lines (faxgate modem-tx, the modem tests), applied to a clean
 * signal before any noise.
 *
 * <ul>
 *   <li><b>Carrier (frequency) offset</b>: the analytic signal a = x + j·H{x} is formed with a
 *       255-tap Blackman-windowed Hilbert FIR (x delayed by its 127-sample group delay, so the
 *       output is not delayed), and y = Re(a·e^{j2πft}) = x·cos(2πft) − H{x}·sin(2πft). Every
 *       component at f0 moves to f0 + f: exact for the passband fax modems (the FIR's ripple is
 *       far below the noise between about 100 and 3900 Hz).</li>
 *   <li><b>Sample-clock offset</b>: y[k] = x(k·(1 + ppm·1e-6)), a sender whose clock runs ppm fast
 *       (the file gets shorter for ppm &gt; 0), interpolated by a 32-tap Kaiser-windowed (β = 8)
 *       sinc, low-passed at 0.97 of Nyquist when decimating.</li>
 * </ul>
 */
public final class LineImpairment {
  private static final int HILBERT_TAPS = 255;
  private static final int SINC_HALF = 16;

  private LineImpairment() {}

  /** The first {@code n} samples of {@code pcm}, shifted by {@code hz} and then resampled by {@code ppm}. */
  public static short[] apply(short[] pcm, int n, double hz, double ppm) {
    double[] x = new double[n];
    for (int k = 0; k < n; k++) {
      x[k] = pcm[k];
    }
    if (hz != 0) {
      x = frequencyShift(x, hz);
    }
    if (ppm != 0) {
      x = resample(x, ppm);
    }
    short[] out = new short[x.length];
    for (int k = 0; k < x.length; k++) {
      out[k] = Dsp.saturate(x[k]);
    }
    return out;
  }

  /** x shifted in frequency by {@code hz} (the analytic signal mixed with e^{j2πft}). */
  public static double[] frequencyShift(double[] x, double hz) {
    int mid = HILBERT_TAPS / 2;
    double[] h = new double[HILBERT_TAPS];
    for (int i = 0; i < HILBERT_TAPS; i++) {
      int m = i - mid;
      if ((m & 1) != 0) {
        double w = 0.42 - 0.5 * Math.cos(2 * Math.PI * i / (HILBERT_TAPS - 1))
            + 0.08 * Math.cos(4 * Math.PI * i / (HILBERT_TAPS - 1));
        h[i] = 2.0 / (Math.PI * m) * w;
      }
    }
    double[] y = new double[x.length];
    double w = 2 * Math.PI * hz / Dsp.SAMPLE_RATE;
    for (int k = 0; k < x.length; k++) {
      double q = 0;
      for (int i = 0; i < HILBERT_TAPS; i++) {
        int j = k + mid - i; // centred: no delay
        if (j >= 0 && j < x.length) {
          q += h[i] * x[j];
        }
      }
      double ph = w * k;
      y[k] = x[k] * Math.cos(ph) - q * Math.sin(ph);
    }
    return y;
  }

  /** y[k] = x(k·(1 + ppm·1e-6)), windowed-sinc interpolation. */
  public static double[] resample(double[] x, double ppm) {
    double ratio = 1 + ppm * 1e-6;
    int n = (int) Math.floor((x.length - 1) / ratio) + 1;
    double cut = Math.min(1.0, 1.0 / ratio) * 0.97;
    double i0b = besselI0(8.0);
    double[] y = new double[n];
    for (int k = 0; k < n; k++) {
      double t = k * ratio;
      int base = (int) Math.floor(t);
      double acc = 0;
      for (int j = base - SINC_HALF + 1; j <= base + SINC_HALF; j++) {
        if (j < 0 || j >= x.length) {
          continue;
        }
        double d = t - j;
        double r = d / SINC_HALF;
        if (Math.abs(r) >= 1) {
          continue;
        }
        double win = besselI0(8.0 * Math.sqrt(1 - r * r)) / i0b;
        double a = Math.PI * cut * d;
        double sinc = Math.abs(a) < 1e-12 ? 1 : Math.sin(a) / a;
        acc += x[j] * cut * sinc * win;
      }
      y[k] = acc;
    }
    return y;
  }

  private static double besselI0(double v) {
    double sum = 1;
    double term = 1;
    double q = v * v / 4;
    for (int k = 1; k < 40; k++) {
      term *= q / ((double) k * k);
      sum += term;
    }
    return sum;
  }
}
