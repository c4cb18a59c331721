package dev.faxgate.modem;

/**
 * The nearest point of each of the eight trellis subsets (point index mod 8) of one V.17
 * constellation, found from a grid of unit cells instead of a scan of every point. For each cell
 * and subset the table holds the few points that can be the nearest for some position in the cell
 * (the points whose least distance to the cell is not above the least greatest distance of any
 * point of the subset), in index order. A scan of those gives exactly what the full scan gives,
 * ties included (the lowest index of the least distance); outside the grid the full scan is used.
 */
final class V17Slicer {
  /** The grid covers [-LIM, LIM) in both coordinates. */
  private static final int LIM = 16;
  private static final int CELLS = 2 * LIM;
  /** Slack on the candidate test, so rounding in the distances cannot lose the nearest point. */
  private static final double SLACK = 1e-6;

  private final int[] points;
  private final int count;
  /** {@code start[8 * cell + s]} .. {@code start[8 * cell + s + 1]}: candidates in {@link #cand}. */
  private final int[] start;
  private final int[] cand;

  private static final V17Slicer S14400 = new V17Slicer(V17Tables.constellation(14400));
  private static final V17Slicer S12000 = new V17Slicer(V17Tables.constellation(12000));
  private static final V17Slicer S9600 = new V17Slicer(V17Tables.constellation(9600));
  private static final V17Slicer S7200 = new V17Slicer(V17Tables.constellation(7200));

  static V17Slicer of(int bitRate) {
    switch (bitRate) {
      case 14400: return S14400;
      case 12000: return S12000;
      case 9600: return S9600;
      case 7200: return S7200;
      default: throw new IllegalArgumentException("no V.17 rate " + bitRate);
    }
  }

  private V17Slicer(int[] points) {
    this.points = points;
    this.count = points.length / 2;
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
            bestMax = Math.min(bestMax, farthest(x0, y0, points[2 * i], points[2 * i + 1]));
          }
          start[8 * cell + s] = n;
          for (int i = s; i < count; i += 8) {
            if (nearest(x0, y0, points[2 * i], points[2 * i + 1]) <= bestMax + SLACK) {
              buf[n++] = i;
            }
          }
        }
      }
    }
    start[CELLS * CELLS * 8] = n;
    cand = java.util.Arrays.copyOf(buf, n);
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
    double fx = Math.floor(zr) + LIM;
    double fy = Math.floor(zi) + LIM;
    if (fx >= 0 && fx < CELLS && fy >= 0 && fy < CELLS) {
      int base = 8 * ((int) fy * CELLS + (int) fx);
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

  private int sliceAll(double zr, double zi, double[] dist, int[] point) {
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
