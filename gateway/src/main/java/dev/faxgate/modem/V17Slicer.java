package dev.faxgate.modem;

/**
 * The nearest point of each of the eight trellis subsets (point index mod 8) of one V.17
 * constellation, found from a grid of unit cells instead of a scan of every point. For each cell
 * and subset the table holds the few points that can be the nearest for some position in the cell
 * (the points whose least distance to the cell is not above the least greatest distance of any
 * point of the subset), in index order. A scan of those gives exactly what the full scan gives,
 * ties included (the lowest index of the least distance); outside the grid the full scan is used.
 * The distances are always measured in the constellation's own coordinates.
 */
final class V17Slicer {
  /** The grid covers [-LIM, LIM) in both coordinates. */
  private static final int LIM = 16;
  private static final int CELLS = 2 * LIM;
  /** Slack on the candidate test, so rounding in the distances cannot lose the nearest point. */
  private static final double SLACK = 1e-6;
  /** Distance from a cell's edges within which {@link #sliceOne} is not used. */
  private static final double EDGE = 1e-9;

  private final int[] points;
  private final int count;
  /**
   * Whether the grid's cells are laid out in the coordinates u = (x + y) / 2, v = (x - y) / 2 (a
   * 45-degree turn): at 12000 bit/s the subsets' boundaries run diagonally and split almost every
   * unit cell of the plain grid (8 of 196 had one candidate per subset), not the turned one.
   */
  private final boolean turned;
  /** {@code start[8 * cell + s]} .. {@code start[8 * cell + s + 1]}: candidates in {@link #cand}. */
  private final int[] start;
  private final int[] cand;
  /**
   * {@code one[8 * cell + s]}: the only candidate of subset s when every subset of the cell has
   * one (the common case, away from the outline's corners), else -1 at {@code one[8 * cell]}.
   */
  private final int[] one;
  /** The points' coordinates as doubles. */
  private final double[] px;
  private final double[] py;

  private static final V17Slicer S14400 = best(V17Tables.constellation(14400));
  private static final V17Slicer S12000 = best(V17Tables.constellation(12000));
  private static final V17Slicer S9600 = best(V17Tables.constellation(9600));
  private static final V17Slicer S7200 = best(V17Tables.constellation(7200));

  /** The grid (plain or turned) with more cells of one candidate per subset. */
  private static V17Slicer best(int[] points) {
    V17Slicer plain = new V17Slicer(points, false);
    V17Slicer turned = new V17Slicer(points, true);
    return turned.singleCells() > plain.singleCells() ? turned : plain;
  }

  /** Cells where every subset has one candidate. */
  int singleCells() {
    int n = 0;
    for (int cell = 0; cell < CELLS * CELLS; cell++) {
      if (one[8 * cell] >= 0) {
        n++;
      }
    }
    return n;
  }

  static V17Slicer of(int bitRate) {
    switch (bitRate) {
      case 14400: return S14400;
      case 12000: return S12000;
      case 9600: return S9600;
      case 7200: return S7200;
      default: throw new IllegalArgumentException("no V.17 rate " + bitRate);
    }
  }

  private V17Slicer(int[] points, boolean turned) {
    this.points = points;
    this.count = points.length / 2;
    this.turned = turned;
    // the points where the grid sees them (distances scale by 1/2 when turned: the same order)
    double[] g = new double[points.length];
    for (int i = 0; i < count; i++) {
      double x = points[2 * i];
      double y = points[2 * i + 1];
      g[2 * i] = turned ? (x + y) / 2 : x;
      g[2 * i + 1] = turned ? (x - y) / 2 : y;
    }
    start = new int[CELLS * CELLS * 8 + 1];
    int[] buf = new int[CELLS * CELLS * count];
    int n = 0;
    for (int cy = 0; cy < CELLS; cy++) {
      for (int cx = 0; cx < CELLS; cx++) {
        double x0 = cx - LIM;
        double y0 = cy - LIM;
        int cell = cy * CELLS + cx;
        for (int s = 0; s < 8; s++) {
          double bestMax = Double.MAX_VALUE;
          for (int i = s; i < count; i += 8) {
            bestMax = Math.min(bestMax, farthest(x0, y0, g[2 * i], g[2 * i + 1]));
          }
          start[8 * cell + s] = n;
          for (int i = s; i < count; i += 8) {
            if (nearest(x0, y0, g[2 * i], g[2 * i + 1]) <= bestMax + SLACK) {
              buf[n++] = i;
            }
          }
        }
      }
    }
    start[CELLS * CELLS * 8] = n;
    cand = java.util.Arrays.copyOf(buf, n);
    one = new int[CELLS * CELLS * 8];
    for (int cell = 0; cell < CELLS * CELLS; cell++) {
      double x0 = cell % CELLS - LIM;
      double y0 = cell / CELLS - LIM;
      boolean single = true;
      for (int s = 0; s < 8; s++) {
        // the candidates that are the nearest on a part of the cell of some area
        int found = -1;
        int e = start[8 * cell + s + 1];
        for (int k = start[8 * cell + s]; k < e; k++) {
          if (regionArea(x0, y0, g, cand[k], cand, start[8 * cell + s], e) > 1e-9) {
            single &= found < 0;
            found = cand[k];
          }
        }
        one[8 * cell + s] = found;
      }
      if (!single) {
        one[8 * cell] = -1;
      }
    }
    px = new double[count];
    py = new double[count];
    for (int i = 0; i < count; i++) {
      px[i] = points[2 * i];
      py[i] = points[2 * i + 1];
    }
  }

  /**
   * The area of the part of the unit cell at (x0, y0) where point q is nearer than the other
   * candidates {@code cand[from..to)} (the cell clipped by their bisectors).
   */
  private static double regionArea(double x0, double y0, double[] c, int q, int[] cand, int from, int to) {
    double[] xs = {x0, x0 + 1, x0 + 1, x0};
    double[] ys = {y0, y0, y0 + 1, y0 + 1};
    int n = 4;
    double qx = c[2 * q];
    double qy = c[2 * q + 1];
    for (int k = from; k < to && n > 0; k++) {
      int p = cand[k];
      if (p == q) {
        continue;
      }
      double px = c[2 * p];
      double py = c[2 * p + 1];
      // keep |z - q|^2 <= |z - p|^2: f(z) = 2 z.(p - q) - (|p|^2 - |q|^2) <= 0
      double ax = 2 * (px - qx);
      double ay = 2 * (py - qy);
      double b = px * px + py * py - qx * qx - qy * qy;
      double[] nx = new double[n + 2];
      double[] ny = new double[n + 2];
      int m = 0;
      for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        double fi = ax * xs[i] + ay * ys[i] - b;
        double fj = ax * xs[j] + ay * ys[j] - b;
        if (fi <= 0) {
          nx[m] = xs[i];
          ny[m++] = ys[i];
        }
        if ((fi < 0 && fj > 0) || (fi > 0 && fj < 0)) {
          double t = fi / (fi - fj);
          nx[m] = xs[i] + t * (xs[j] - xs[i]);
          ny[m++] = ys[i] + t * (ys[j] - ys[i]);
        }
      }
      xs = nx;
      ys = ny;
      n = m;
    }
    double area = 0;
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      area += xs[i] * ys[j] - xs[j] * ys[i];
    }
    return Math.abs(area) / 2;
  }

  /** Squared distance from (px, py) to the nearest point of the unit cell at (x0, y0). */
  private static double nearest(double x0, double y0, double px, double py) {
    double dx = px < x0 ? x0 - px : px > x0 + 1 ? px - x0 - 1 : 0;
    double dy = py < y0 ? y0 - py : py > y0 + 1 ? py - y0 - 1 : 0;
    return dx * dx + dy * dy;
  }

  /** Squared distance from (px, py) to the farthest corner of the unit cell at (x0, y0). */
  private static double farthest(double x0, double y0, double px, double py) {
    double dx = Math.max(Math.abs(px - x0), Math.abs(px - x0 - 1));
    double dy = Math.max(Math.abs(py - y0), Math.abs(py - y0 - 1));
    return dx * dx + dy * dy;
  }

  /**
   * Fills {@code dist[s]} and {@code point[s]} (s = 0..7) with the squared distance to, and the
   * index of, the nearest point of each subset; returns the index of the nearest point of all
   * (the lowest index on a tie, as a scan in index order finds it).
   */
  int slice(double zr, double zi, double[] dist, int[] point) {
    int[] c = points;
    double gx = turned ? (zr + zi) * 0.5 : zr;
    double gy = turned ? (zr - zi) * 0.5 : zi;
    double flx = Math.floor(gx);
    double fly = Math.floor(gy);
    double fx = flx + LIM;
    double fy = fly + LIM;
    if (fx >= 0 && fx < CELLS && fy >= 0 && fy < CELLS) {
      int base = 8 * ((int) fy * CELLS + (int) fx);
      double ex = gx - flx;
      double ey = gy - fly;
      // a hair from the cell's edges, where a neighbour's point can tie, the candidates decide
      if (one[base] >= 0 & ex > EDGE & ex < 1 - EDGE & ey > EDGE & ey < 1 - EDGE) {
        return sliceOne(zr, zi, base, dist, point);
      }
      int[] st = start;
      int[] cd = cand;
      int best = -1;
      double bd = Double.MAX_VALUE;
      for (int s = 0; s < 8; s++) {
        int e = st[base + s + 1];
        int bi = cd[st[base + s]];
        double a = zr - c[2 * bi];
        double b = zi - c[2 * bi + 1];
        double sd = a * a + b * b;
        for (int k = st[base + s] + 1; k < e; k++) {
          int i = cd[k];
          a = zr - c[2 * i];
          b = zi - c[2 * i + 1];
          double d = a * a + b * b;
          if (d < sd) {
            sd = d;
            bi = i;
          }
        }
        dist[s] = sd;
        point[s] = bi;
        if (sd < bd || (sd == bd && bi < best)) {
          bd = sd;
          best = bi;
        }
      }
      return best;
    }
    return sliceAll(zr, zi, dist, point);
  }

  /**
   * {@link #slice} in a cell where each subset has one candidate: no search, and the least distance
   * (the lowest index of equal ones) is selected without branches, which would mispredict here. The
   * distances are not negative, so their IEEE bit patterns order as they do.
   */
  private int sliceOne(double zr, double zi, int base, double[] dist, int[] point) {
    int[] o = one;
    double[] x = px;
    double[] y = py;
    int best = 0;
    long bk = Long.MAX_VALUE;
    for (int s = 0; s < 8; s++) {
      int bi = o[base + s];
      double a = zr - x[bi];
      double b = zi - y[bi];
      double sd = a * a + b * b;
      dist[s] = sd;
      point[s] = bi;
      long k = Double.doubleToRawLongBits(sd);
      long diff = k - bk;
      // k < bk, or k == bk and a lower index
      long c = (diff >> 63) | (~((diff | -diff) >> 63) & ((long) (bi - best) >> 63));
      bk ^= (bk ^ k) & c;
      best ^= (best ^ bi) & (int) c;
    }
    return best;
  }

  int sliceAll(double zr, double zi, double[] dist, int[] point) {
    int[] c = points;
    java.util.Arrays.fill(dist, Double.MAX_VALUE);
    int best = 0;
    double bd = Double.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      double a = zr - c[2 * i];
      double b = zi - c[2 * i + 1];
      double d = a * a + b * b;
      int s = i & 7;
      if (d < dist[s]) {
        dist[s] = d;
        point[s] = i;
      }
      if (d < bd) {
        bd = d;
        best = i;
      }
    }
    return best;
  }
}
