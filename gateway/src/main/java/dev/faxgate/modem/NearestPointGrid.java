package dev.faxgate.modem;

/**
 * The nearest of a small set of constellation points, found from a grid of square cells instead
 * of a scan of every point. Each cell lists, in index order, the points that can be the nearest
 * somewhere in it (those whose least distance to the cell is not above the least greatest distance
 * of any point), most cells only one: a scan of those gives exactly what the full scan gives, ties
 * included (the lowest index of the least distance). Outside the grid the full scan is used.
 * Nothing is allocated after construction.
 */
final class NearestPointGrid {
  /** Slack on the candidate test, so rounding in the distances cannot lose the nearest point. */
  private static final double SLACK = 1e-6;

  private final double[] re;
  private final double[] im;
  private final int count;
  /** The grid covers [-lim, lim) in both coordinates, in cells of 1 / perUnit. */
  private final int lim;
  private final int perUnit;
  private final int cells;
  /** {@code start[cell]} .. {@code start[cell + 1]}: the cell's candidates in {@link #cand}. */
  private final int[] start;
  private final int[] cand;

  /**
   * A grid over [-lim, lim)^2, {@code perUnit} cells per unit, for the first {@code count} points of
   * {@code re}/{@code im}.
   */
  NearestPointGrid(double[] re, double[] im, int count, int lim, int perUnit) {
    this.re = java.util.Arrays.copyOf(re, count);
    this.im = java.util.Arrays.copyOf(im, count);
    this.count = count;
    this.lim = lim;
    this.perUnit = perUnit;
    this.cells = 2 * lim * perUnit;
    double side = 1.0 / perUnit;
    start = new int[cells * cells + 1];
    int[] buf = new int[cells * cells * count];
    int n = 0;
    for (int cy = 0; cy < cells; cy++) {
      for (int cx = 0; cx < cells; cx++) {
        double x0 = cx * side - lim;
        double y0 = cy * side - lim;
        double bestMax = Double.MAX_VALUE;
        for (int i = 0; i < count; i++) {
          double dx = Math.max(Math.abs(re[i] - x0), Math.abs(re[i] - x0 - side));
          double dy = Math.max(Math.abs(im[i] - y0), Math.abs(im[i] - y0 - side));
          bestMax = Math.min(bestMax, dx * dx + dy * dy);
        }
        start[cy * cells + cx] = n;
        for (int i = 0; i < count; i++) {
          double dx = re[i] < x0 ? x0 - re[i] : re[i] > x0 + side ? re[i] - x0 - side : 0;
          double dy = im[i] < y0 ? y0 - im[i] : im[i] > y0 + side ? im[i] - y0 - side : 0;
          if (dx * dx + dy * dy <= bestMax + SLACK) {
            buf[n++] = i;
          }
        }
      }
    }
    start[cells * cells] = n;
    cand = java.util.Arrays.copyOf(buf, n);
  }

  /** The index of the nearest point to (x, y): the lowest index of equally near ones. */
  int nearest(double x, double y) {
    double fx = Math.floor((x + lim) * perUnit);
    double fy = Math.floor((y + lim) * perUnit);
    if (fx >= 0 && fx < cells && fy >= 0 && fy < cells) {
      int cell = (int) fy * cells + (int) fx;
      int s = start[cell];
      int e = start[cell + 1];
      int best = cand[s];
      if (e - s == 1) {
        return best;
      }
      double a = x - re[best];
      double b = y - im[best];
      double bd = a * a + b * b;
      for (int k = s + 1; k < e; k++) {
        int i = cand[k];
        a = x - re[i];
        b = y - im[i];
        double d = a * a + b * b;
        if (d < bd) {
          bd = d;
          best = i;
        }
      }
      return best;
    }
    return scan(x, y);
  }

  /** The nearest point by a scan of every point. */
  int scan(double x, double y) {
    int best = 0;
    double bd = Double.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      double a = x - re[i];
      double b = y - im[i];
      double d = a * a + b * b;
      if (d < bd) {
        bd = d;
        best = i;
      }
    }
    return best;
  }

  /** Cells with one candidate, of all (a measure of how often no search is needed). */
  int singleCells() {
    int n = 0;
    for (int c = 0; c < cells * cells; c++) {
      if (start[c + 1] - start[c] == 1) {
        n++;
      }
    }
    return n;
  }
}
