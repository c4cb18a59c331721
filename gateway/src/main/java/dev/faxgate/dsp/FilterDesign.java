package dev.faxgate.dsp;

/**
 * Design functions for every coefficient table Faxgate uses, so that no table is typed in by
 * hand (in the spirit of spandsp's {@code make_modem_filter.c}). Each function documents its
 * formula and the SciPy call it matches; {@code FilterDesignTest} holds SciPy's golden values.
 *
 * <ul>
 *   <li>{@link #lowPassFir} and {@link #bandPassFir}: windowed sinc, linear phase, normalised as
 *       {@code scipy.signal.firwin} does ({@code scale=True}).</li>
 *   <li>{@link #raisedCosine}: raised-cosine and root-raised-cosine pulses for the modems.</li>
 *   <li>{@link #butterworthLowPass} and {@link #butterworthHighPass}: Butterworth by the
 *       bilinear transform with pre-warping, as cascades of second-order sections
 *       ({@code scipy.signal.butter}).</li>
 *   <li>{@link #notch} and {@link #peak}: second-order notch and resonator
 *       ({@code scipy.signal.iirnotch}, {@code iirpeak}).</li>
 * </ul>
 *
 * <p>Second-order sections are returned flattened, five coefficients per section
 * {@code {b0, b1, b2, a1, a2}} with {@code a0 = 1}, ready for {@link IirCascade} or
 * {@link Biquad#Biquad(double[], int)}.
 */
public final class FilterDesign {

  /** Windows for the windowed-sinc designs, symmetric over the {@code taps} points. */
  public enum Window {
    /** No window (a truncated sinc). */
    RECTANGULAR,
    /** {@code 0.5 − 0.5·cos(2πn/(N−1))}. */
    HANN,
    /** {@code 0.54 − 0.46·cos(2πn/(N−1))}. */
    HAMMING,
    /** {@code 0.42 − 0.5·cos(2πn/(N−1)) + 0.08·cos(4πn/(N−1))}. */
    BLACKMAN;

    /** The window's value at point {@code n} of {@code taps}. */
    public double at(int n, int taps) {
      if (taps == 1) {
        return 1.0;
      }
      double x = 2.0 * Math.PI * n / (taps - 1);
      switch (this) {
        case HANN:
          return 0.5 - 0.5 * Math.cos(x);
        case HAMMING:
          return 0.54 - 0.46 * Math.cos(x);
        case BLACKMAN:
          return 0.42 - 0.5 * Math.cos(x) + 0.08 * Math.cos(2.0 * x);
        default:
          return 1.0;
      }
    }
  }

  private FilterDesign() {
  }

  /**
   * A linear-phase low-pass FIR: {@code h[n] = w[n]·2fc/fs·sinc(2fc/fs·(n − (taps−1)/2))},
   * scaled to a DC gain of exactly 1. Same as
   * {@code scipy.signal.firwin(taps, cutoffHz, fs=sampleRate, window=...)}.
   */
  public static double[] lowPassFir(int taps, double cutoffHz, double sampleRate, Window window) {
    checkFir(taps, cutoffHz, sampleRate);
    double[] h = sinc(taps, cutoffHz / sampleRate, window);
    double sum = 0.0;
    for (double v : h) {
      sum += v;
    }
    for (int n = 0; n < taps; n++) {
      h[n] /= sum;
    }
    return h;
  }

  /**
   * A linear-phase band-pass FIR: the difference of two windowed sincs (cut-offs
   * {@code lowHz} and {@code highHz}), scaled to a gain of exactly 1 at the centre frequency
   * {@code (lowHz + highHz)/2}. Same as
   * {@code scipy.signal.firwin(taps, [lowHz, highHz], pass_zero=False, fs=sampleRate, window=...)}.
   */
  public static double[] bandPassFir(int taps, double lowHz, double highHz, double sampleRate,
      Window window) {
    checkFir(taps, highHz, sampleRate);
    if (!(lowHz > 0 && lowHz < highHz)) {
      throw new IllegalArgumentException("need 0 < lowHz < highHz");
    }
    double[] hi = sinc(taps, highHz / sampleRate, window);
    double[] lo = sinc(taps, lowHz / sampleRate, window);
    double centre = 2.0 * Math.PI * 0.5 * (lowHz + highHz) / sampleRate;
    double mid = 0.5 * (taps - 1);
    double gain = 0.0;
    for (int n = 0; n < taps; n++) {
      hi[n] -= lo[n];
      gain += hi[n] * Math.cos(centre * (n - mid));
    }
    for (int n = 0; n < taps; n++) {
      hi[n] /= gain;
    }
    return hi;
  }

  private static double[] sinc(int taps, double fc, Window window) {
    double[] h = new double[taps];
    double mid = 0.5 * (taps - 1);
    for (int n = 0; n < taps; n++) {
      double t = n - mid;
      double v = (t == 0.0) ? 2.0 * fc : Math.sin(2.0 * Math.PI * fc * t) / (Math.PI * t);
      h[n] = v * window.at(n, taps);
    }
    return h;
  }

  private static void checkFir(int taps, double cutoffHz, double sampleRate) {
    if (taps < 1) {
      throw new IllegalArgumentException("taps must be >= 1: " + taps);
    }
    if (!(cutoffHz > 0 && cutoffHz < sampleRate / 2)) {
      throw new IllegalArgumentException("cut-off must be in (0, fs/2): " + cutoffHz);
    }
  }

  /**
   * A raised-cosine ({@code root = false}) or root-raised-cosine ({@code root = true}) pulse of
   * {@code taps} samples centred on the middle tap, with roll-off {@code beta} (0 < beta <= 1),
   * for symbols at {@code symbolRate} sampled at {@code sampleRate}. With {@code t} in symbol
   * periods from the centre:
   *
   * <ul>
   *   <li>RC: {@code sinc(t)·cos(πβt)/(1 − (2βt)²)}, and {@code (π/4)·sinc(1/(2β))} at
   *       {@code |t| = 1/(2β)}; 1 at t = 0.</li>
   *   <li>RRC: {@code [sin(πt(1−β)) + 4βt·cos(πt(1+β))] / [πt(1 − (4βt)²)]}, with
   *       {@code 1 − β + 4β/π} at t = 0 and
   *       {@code (β/√2)[(1+2/π)·sin(π/(4β)) + (1−2/π)·cos(π/(4β))]} at {@code |t| = 1/(4β)}.</li>
   * </ul>
   *
   * <p>These are the continuous-time impulse responses times the symbol period, unnormalised:
   * scale them for the gain the modem needs. The RRC convolved with itself is the RC.
   */
  public static double[] raisedCosine(int taps, double symbolRate, double sampleRate, double beta,
      boolean root) {
    if (taps < 1 || !(beta > 0 && beta <= 1) || !(symbolRate > 0 && symbolRate < sampleRate)) {
      throw new IllegalArgumentException("bad raised-cosine parameters");
    }
    double sps = sampleRate / symbolRate;
    double mid = 0.5 * (taps - 1);
    double[] h = new double[taps];
    for (int n = 0; n < taps; n++) {
      double t = (n - mid) / sps;
      h[n] = root ? rrc(t, beta) : rc(t, beta);
    }
    return h;
  }

  private static final double EDGE = 1e-9;

  private static double rc(double t, double beta) {
    if (Math.abs(Math.abs(t) - 1.0 / (2.0 * beta)) < EDGE) {
      return Math.PI / 4.0 * sincPi(1.0 / (2.0 * beta));
    }
    double d = 2.0 * beta * t;
    return sincPi(t) * Math.cos(Math.PI * beta * t) / (1.0 - d * d);
  }

  /**
   * The root-raised-cosine pulse (roll-off {@code beta}) at {@code t} symbols from its centre, 1 -
   * beta + 4 beta / pi at 0: what {@link #raisedCosine} samples, for receivers that build their
   * matched filters at fractional instants.
   */
  public static double rootRaisedCosine(double t, double beta) {
    return rrc(t, beta);
  }

  private static double rrc(double t, double beta) {
    if (Math.abs(t) < EDGE) {
      return 1.0 - beta + 4.0 * beta / Math.PI;
    }
    if (Math.abs(Math.abs(t) - 1.0 / (4.0 * beta)) < EDGE) {
      double a = Math.PI / (4.0 * beta);
      return beta / Math.sqrt(2.0)
          * ((1.0 + 2.0 / Math.PI) * Math.sin(a) + (1.0 - 2.0 / Math.PI) * Math.cos(a));
    }
    double d = 4.0 * beta * t;
    return (Math.sin(Math.PI * t * (1.0 - beta)) + d * Math.cos(Math.PI * t * (1.0 + beta)))
        / (Math.PI * t * (1.0 - d * d));
  }

  private static double sincPi(double x) {
    return x == 0.0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
  }

  /**
   * A Butterworth low-pass of {@code order} (1..16) with its -3 dB point at {@code cutoffHz}:
   * analogue prototype poles {@code exp(jπ(2k+N+1)/(2N))} scaled by the pre-warped cut-off
   * {@code 2fs·tan(πfc/fs)}, mapped by the bilinear transform, all zeros at z = −1. Each section
   * has a DC gain of 1. The product of the sections equals
   * {@code scipy.signal.butter(order, cutoffHz, fs=sampleRate)}.
   */
  public static double[] butterworthLowPass(int order, double cutoffHz, double sampleRate) {
    return butterworth(order, cutoffHz, sampleRate, false);
  }

  /**
   * A Butterworth high-pass, the mirror of {@link #butterworthLowPass}: prototype poles
   * {@code ωc/p}, all zeros at z = +1, each section with a gain of 1 at fs/2. Equals
   * {@code scipy.signal.butter(order, cutoffHz, 'highpass', fs=sampleRate)}.
   */
  public static double[] butterworthHighPass(int order, double cutoffHz, double sampleRate) {
    return butterworth(order, cutoffHz, sampleRate, true);
  }

  private static double[] butterworth(int order, double cutoffHz, double sampleRate, boolean high) {
    if (order < 1 || order > 16) {
      throw new IllegalArgumentException("order must be 1..16: " + order);
    }
    if (!(cutoffHz > 0 && cutoffHz < sampleRate / 2)) {
      throw new IllegalArgumentException("cut-off must be in (0, fs/2): " + cutoffHz);
    }
    double fs2 = 2.0 * sampleRate;
    double wc = fs2 * Math.tan(Math.PI * cutoffHz / sampleRate);
    int sections = (order + 1) / 2;
    double[] sos = new double[5 * sections];
    int s = 0;
    for (int k = 0; k < order / 2; k++) {
      // Prototype pole in the upper left half-plane; its conjugate is the pair's other pole.
      double theta = Math.PI * (2 * k + order + 1) / (2.0 * order);
      double pr = Math.cos(theta);
      double pi = Math.sin(theta);
      if (high) {
        // wc/p = wc·conj(p)/|p|², |p| = 1.
        pr = wc * pr;
        pi = -wc * pi;
      } else {
        pr = wc * pr;
        pi = wc * pi;
      }
      // z = (fs2 + p)/(fs2 − p)
      double nr = fs2 + pr;
      double dr = fs2 - pr;
      double den = dr * dr + pi * pi;
      double zr = (nr * dr - pi * pi) / den;
      double zi = (nr * pi + pi * dr) / den;
      double a1 = -2.0 * zr;
      double a2 = zr * zr + zi * zi;
      double g = high ? (1.0 - a1 + a2) / 4.0 : (1.0 + a1 + a2) / 4.0;
      sos[s] = g;
      sos[s + 1] = high ? -2.0 * g : 2.0 * g;
      sos[s + 2] = g;
      sos[s + 3] = a1;
      sos[s + 4] = a2;
      s += 5;
    }
    if (order % 2 == 1) {
      // The real prototype pole at −1 (−wc, or −wc for the high-pass too since wc/(−1) = −wc).
      double p = -wc;
      double z = (fs2 + p) / (fs2 - p);
      double g = high ? (1.0 + z) / 2.0 : (1.0 - z) / 2.0;
      sos[s] = g;
      sos[s + 1] = high ? -g : g;
      sos[s + 2] = 0.0;
      sos[s + 3] = -z;
      sos[s + 4] = 0.0;
    }
    return sos;
  }

  /**
   * A second-order notch at {@code f0} with quality {@code q} (-3 dB width {@code f0/q}):
   * {@code b = g·[1, −2cos ω0, 1]}, {@code a = [1, −2g·cos ω0, 2g − 1]},
   * {@code g = 1/(1 + tan(π·f0/(q·fs)))}. Same as {@code scipy.signal.iirnotch(f0, q, fs)}.
   */
  public static double[] notch(double f0, double q, double sampleRate) {
    double w0 = 2.0 * Math.PI * f0 / sampleRate;
    double g = notchGain(f0, q, sampleRate);
    double c = Math.cos(w0);
    return new double[] {g, -2.0 * g * c, g, -2.0 * g * c, 2.0 * g - 1.0};
  }

  /**
   * A second-order resonator (band-pass) at {@code f0} with quality {@code q}, unity gain at
   * {@code f0}: {@code b = (1 − g)·[1, 0, −1]}, {@code a = [1, −2g·cos ω0, 2g − 1]}, with
   * {@code g} as for {@link #notch}. Same as {@code scipy.signal.iirpeak(f0, q, fs)}.
   */
  public static double[] peak(double f0, double q, double sampleRate) {
    double w0 = 2.0 * Math.PI * f0 / sampleRate;
    double g = notchGain(f0, q, sampleRate);
    double c = Math.cos(w0);
    return new double[] {1.0 - g, 0.0, -(1.0 - g), -2.0 * g * c, 2.0 * g - 1.0};
  }

  private static double notchGain(double f0, double q, double sampleRate) {
    if (!(f0 > 0 && f0 < sampleRate / 2) || !(q > 0)) {
      throw new IllegalArgumentException("need 0 < f0 < fs/2 and q > 0");
    }
    double bw = Math.PI * (2.0 * f0 / sampleRate) / q;
    return 1.0 / (1.0 + Math.tan(bw / 2.0));
  }

  /**
   * The product of second-order sections as one transfer function: {@code {b, a}} with
   * {@code a[0] = 1}, each of length {@code 2·sections + 1} (for comparing with a direct-form
   * design).
   */
  public static double[][] toTransferFunction(double[] sos) {
    int sections = sos.length / 5;
    double[] b = {1.0};
    double[] a = {1.0};
    for (int k = 0; k < sections; k++) {
      int o = 5 * k;
      b = multiply(b, new double[] {sos[o], sos[o + 1], sos[o + 2]});
      a = multiply(a, new double[] {1.0, sos[o + 3], sos[o + 4]});
    }
    return new double[][] {b, a};
  }

  private static double[] multiply(double[] p, double[] q) {
    double[] r = new double[p.length + q.length - 1];
    for (int i = 0; i < p.length; i++) {
      for (int j = 0; j < q.length; j++) {
        r[i + j] += p[i] * q[j];
      }
    }
    return r;
  }
}
