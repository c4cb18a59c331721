package dev.faxgate.modem;

import java.util.Arrays;

/**
 * A T/2-spaced complex LMS equaliser, as the V.29 and V.17 receivers use it: the input ring holds
 * the last T/2 samples (double-written, so tap k reads {@code pos + k} without a wrap; newest at
 * {@code pos}), and the output is the sum over the taps of c_k x_k.
 *
 * <p>A symbol's update c_k += g conj(x_k) (g: the step times the error, turned back into the
 * equaliser's frame) waits for the next output: that one's window is the same samples two T/2
 * places on, so one pass updates each tap and uses it, loading each input once. The ring has two
 * samples more than the taps for that. Any other next output (a half-symbol slip) applies the
 * update on its own first, as a third sample pushed before the next output does: the same sums in
 * the same order either way.
 *
 * <p>The loops run in threes (three partial sums: one chain of dependent adds was the limit), so
 * the taps are a multiple of three.
 */
final class T2Equaliser {
  private final int taps;
  private final int ring;
  private final double[] inRe;
  private final double[] inIm;
  private final double[] cRe;
  private final double[] cIm;
  private int pos;
  /** An update not applied yet: its step and the ring position of its window. */
  private boolean pending;
  private double gRe;
  private double gIm;
  private int pendingPos;
  /** Samples pushed since the update was scheduled: its window lasts two. */
  private int sincePending;
  /** The last {@link #output()}: real part. */
  double outRe;
  /** The last {@link #output()}: imaginary part. */
  double outIm;

  T2Equaliser(int taps) {
    if (taps < 3 || taps % 3 != 0) {
      throw new IllegalArgumentException("taps must be a positive multiple of 3: " + taps);
    }
    this.taps = taps;
    this.ring = taps + 2;
    inRe = new double[2 * ring];
    inIm = new double[2 * ring];
    cRe = new double[taps];
    cIm = new double[taps];
  }

  /** All taps 0 but {@code centre}, which is 1; a pending update is dropped. */
  void resetTaps(int centre) {
    pending = false;
    Arrays.fill(cRe, 0);
    Arrays.fill(cIm, 0);
    cRe[centre] = 1.0;
  }

  /** An empty input ring (a pending update is applied first: it belongs to the old samples). */
  void clearInput() {
    flush();
    Arrays.fill(inRe, 0);
    Arrays.fill(inIm, 0);
    pos = 0;
  }

  /** Multiplies what the ring holds by {@code g} (a gain found after the samples went in). */
  void scaleInput(double g) {
    flush();
    for (int k = 0; k < 2 * ring; k++) {
      inRe[k] *= g;
      inIm[k] *= g;
    }
  }

  /** The newest T/2 sample (a third since an update would overwrite its window: it is applied first). */
  void push(double re, double im) {
    if (pending && ++sincePending > 2) {
      flush();
    }
    if (--pos < 0) {
      pos = ring - 1;
    }
    inRe[pos] = re;
    inRe[pos + ring] = re;
    inIm[pos] = im;
    inIm[pos + ring] = im;
  }

  /** The output at the newest sample into {@link #outRe}, {@link #outIm} (a pending update first). */
  void output() {
    double[] xr = inRe;
    double[] xi = inIm;
    double[] cr = cRe;
    double[] ci = cIm;
    int p = pos;
    double yr0 = 0, yr1 = 0, yr2 = 0;
    double yi0 = 0, yi1 = 0, yi2 = 0;
    if (pending && pendingPos == (p + 2) % ring) {
      // tap k's input in the update's window is tap k + 2's in this one
      pending = false;
      double gr = gRe;
      double gi = gIm;
      double a0r = xr[p];
      double a0i = xi[p];
      double a1r = xr[p + 1];
      double a1i = xi[p + 1];
      for (int k = 0; k < taps; k += 3) {
        int j = p + k;
        double n0r = xr[j + 2];
        double n0i = xi[j + 2];
        double n1r = xr[j + 3];
        double n1i = xi[j + 3];
        double n2r = xr[j + 4];
        double n2i = xi[j + 4];
        double c0r = cr[k] + (gr * n0r + gi * n0i);
        double c0i = ci[k] + (gi * n0r - gr * n0i);
        double c1r = cr[k + 1] + (gr * n1r + gi * n1i);
        double c1i = ci[k + 1] + (gi * n1r - gr * n1i);
        double c2r = cr[k + 2] + (gr * n2r + gi * n2i);
        double c2i = ci[k + 2] + (gi * n2r - gr * n2i);
        cr[k] = c0r;
        ci[k] = c0i;
        cr[k + 1] = c1r;
        ci[k + 1] = c1i;
        cr[k + 2] = c2r;
        ci[k + 2] = c2i;
        yr0 += c0r * a0r - c0i * a0i;
        yi0 += c0r * a0i + c0i * a0r;
        yr1 += c1r * a1r - c1i * a1i;
        yi1 += c1r * a1i + c1i * a1r;
        yr2 += c2r * n0r - c2i * n0i;
        yi2 += c2r * n0i + c2i * n0r;
        a0r = n1r;
        a0i = n1i;
        a1r = n2r;
        a1i = n2i;
      }
    } else {
      flush();
      for (int k = 0; k < taps; k += 3) {
        int j = p + k;
        yr0 += cr[k] * xr[j] - ci[k] * xi[j];
        yi0 += cr[k] * xi[j] + ci[k] * xr[j];
        yr1 += cr[k + 1] * xr[j + 1] - ci[k + 1] * xi[j + 1];
        yi1 += cr[k + 1] * xi[j + 1] + ci[k + 1] * xr[j + 1];
        yr2 += cr[k + 2] * xr[j + 2] - ci[k + 2] * xi[j + 2];
        yi2 += cr[k + 2] * xi[j + 2] + ci[k + 2] * xr[j + 2];
      }
    }
    outRe = yr0 + yr1 + yr2;
    outIm = yi0 + yi1 + yi2;
  }

  /** Schedules c_k += g conj(x_k) over the window of the last output, for the next output to apply. */
  void adapt(double gr, double gi) {
    gRe = gr;
    gIm = gi;
    pendingPos = pos;
    pending = true;
    sincePending = 0;
  }

  /** Applies a pending update on its own (its samples are still in the ring). */
  void flush() {
    if (!pending) {
      return;
    }
    pending = false;
    double gr = gRe;
    double gi = gIm;
    for (int k = 0, p = pendingPos; k < taps; k++, p++) {
      double xr = inRe[p];
      double xi = inIm[p];
      cRe[k] += gr * xr + gi * xi;
      cIm[k] += gi * xr - gr * xi;
    }
  }
}
