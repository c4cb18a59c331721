package dev.faxgate.modem;

/**
 * The V.29 signal space (V.29 §2, tables 1 and 2): eight phases at two amplitudes, indexed
 * {@code amplitude * 8 + phase} with the phase in 45° steps counter-clockwise from (3, 0). The
 * 0°/90°/180°/270° points are at radius 3 (low) or 5 (high), the 45° points at (±1, ±1) or
 * (±3, ±3). 9600 bit/s uses all 16 points, 7200 bit/s only the low ones.
 */
final class V29Constellation {
  static final double[] RE = {3, 1, 0, -1, -3, -1, 0, 1, 5, 3, 0, -3, -5, -3, 0, 3};
  static final double[] IM = {0, 1, 3, 1, 0, -1, -3, -1, 0, 3, 5, 3, 0, -3, -5, -3};

  /** Phase change in 45° steps for the tribit Q2 Q3 Q4 (Q2 the first bit, as the MSB). */
  static final int[] TRIBIT_TO_STEP = {1, 0, 2, 3, 6, 7, 5, 4};
  /** The inverse: the tribit for a phase change of 0..7 steps. */
  static final int[] STEP_TO_TRIBIT = new int[8];

  /** Training points A, B, C, D at 9600 (index 0) and 7200 (index 1) bit/s. */
  static final double[][] A = {{3, -3}, {1, -1}};
  static final double[][] B = {{-3, 0}, {-3, 0}};
  static final double[][] C = {{3, 0}, {3, 0}};
  static final double[][] D = {{-3, 3}, {-1, 1}};

  static {
    for (int t = 0; t < 8; t++) {
      STEP_TO_TRIBIT[TRIBIT_TO_STEP[t]] = t;
    }
  }

  private V29Constellation() {}

  /** 0 for 9600 bit/s, 1 for 7200 bit/s. */
  static int rateIndex(int bitRate) {
    if (bitRate == 9600) {
      return 0;
    }
    if (bitRate == 7200) {
      return 1;
    }
    throw new IllegalArgumentException("V.29 runs at 9600 or 7200 bit/s, not " + bitRate);
  }
}
