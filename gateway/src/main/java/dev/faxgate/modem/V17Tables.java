package dev.faxgate.modem;

/**
 * Tables shared by {@link V17Tx} and {@link V17Rx}: the V.17 constellations (the point index is
 * [Qn..Q3, Y2, Y1, Y0], as in the V.17 figures), the training points A B C D, the differential
 * encoder, the 8-state convolutional encoder, and the scrambler 1 + x^-18 + x^-23.
 */
final class V17Tables {
  private V17Tables() {}

  /** The training points A, B, C, D (B = jA, C = -A, D = -jA). */
  static final int[] ABCD_RE = {-6, 2, 6, -2};
  static final int[] ABCD_IM = {-2, -6, 2, 6};

  /** spandsp's initial scrambler register (the receiver self-synchronises). */
  static final int SCRAMBLER_SEED = 0x2ECDD5;
  /** The bridge word of training segment 3. */
  static final int BRIDGE_WORD = 0x8880;

  /** Segment lengths in symbols. */
  static final int SEG1_SYMBOLS = 256;
  static final int SEG2_SYMBOLS = 2976;
  static final int SEG2_SHORT_SYMBOLS = 38;
  static final int SEG3_SYMBOLS = 64;
  static final int SEG4_SYMBOLS = 48;
  static final int TURN_OFF_ONES = 32;
  static final int TURN_OFF_SILENCE = 48;

  /** Segment-2 scrambled dibit (first bit in the MSB) to A B C D index: 00 C, 01 D, 10 B, 11 A. */
  static final int[] CDBA_TO_ABCD = {2, 3, 1, 0};
  /** Bridge dibit to a phase step in quarter turns. */
  static final int[] DIBIT_TO_STEP = {1, 0, 2, 3};

  /** {@code CONV_NEXT[state][Y2Y1]}: the next encoder state; Y0 is bit 2 of it. */
  static final int[][] CONV_NEXT = convTable();

  static int scramble(int reg, int bit) {
    return (bit ^ (reg >>> 17) ^ (reg >>> 22)) & 1;
  }

  /** The constellation for a rate: interleaved re, im, by point index. */
  static int[] constellation(int bitRate) {
    switch (bitRate) {
      case 14400: return C14400;
      case 12000: return C12000;
      case 9600: return C9600;
      case 7200: return C7200;
      default: throw new IllegalArgumentException("V.17 runs at 7200, 9600, 12000 or 14400 bit/s, not " + bitRate);
    }
  }

  /** Data bits per symbol (without the trellis bit). */
  static int bitsPerSymbol(int bitRate) {
    constellation(bitRate);
    return bitRate / 2400;
  }

  private static int[][] convTable() {
    // S3' = S1; S2' = Y2^Y1^S3^((Y2^S2)&S1); S1' = Y2^S2^(Y1&S1); state bits: S1 bit0, S2 bit1, S3 bit2
    int[][] t = new int[8][4];
    for (int s = 0; s < 8; s++) {
      int s1 = s & 1, s2 = (s >> 1) & 1, s3 = (s >> 2) & 1;
      for (int y = 0; y < 4; y++) {
        int y1 = y & 1, y2 = (y >> 1) & 1;
        int n2 = y2 ^ y1 ^ s3 ^ ((y2 ^ s2) & s1);
        int n1 = y2 ^ s2 ^ (y1 & s1);
        t[s][y] = (s1 << 2) | (n2 << 1) | n1;
      }
    }
    return t;
  }

  private static final int[] C14400 = {
    -8, -3, 9, 2, 2, -9, -3, 8, 8, 3, -9, -2, -2, 9, 3, -8,
    -8, 1, 9, -2, -2, -9, 1, 8, 8, -1, -9, 2, 2, 9, -1, -8,
    -4, -3, 5, 2, 2, -5, -3, 4, 4, 3, -5, -2, -2, 5, 3, -4,
    -4, 1, 5, -2, -2, -5, 1, 4, 4, -1, -5, 2, 2, 5, -1, -4,
    4, -3, -3, 2, 2, 3, -3, -4, -4, 3, 3, -2, -2, -3, 3, 4,
    4, 1, -3, -2, -2, 3, 1, -4, -4, -1, 3, 2, 2, -3, -1, 4,
    0, -3, 1, 2, 2, -1, -3, 0, 0, 3, -1, -2, -2, 1, 3, 0,
    0, 1, 1, -2, -2, -1, 1, 0, 0, -1, -1, 2, 2, 1, -1, 0,
    8, -3, -7, 2, 2, 7, -3, -8, -8, 3, 7, -2, -2, -7, 3, 8,
    8, 1, -7, -2, -2, 7, 1, -8, -8, -1, 7, 2, 2, -7, -1, 8,
    -4, -7, 5, 6, 6, -5, -7, 4, 4, 7, -5, -6, -6, 5, 7, -4,
    -4, 5, 5, -6, -6, -5, 5, 4, 4, -5, -5, 6, 6, 5, -5, -4,
    4, -7, -3, 6, 6, 3, -7, -4, -4, 7, 3, -6, -6, -3, 7, 4,
    4, 5, -3, -6, -6, 3, 5, -4, -4, -5, 3, 6, 6, -3, -5, 4,
    0, -7, 1, 6, 6, -1, -7, 0, 0, 7, -1, -6, -6, 1, 7, 0,
    0, 5, 1, -6, -6, -1, 5, 0, 0, -5, -1, 6, 6, 1, -5, 0
  };

  private static final int[] C12000 = {
    7, 1, -5, -1, -1, 5, 1, -7, -7, -1, 5, 1, 1, -5, -1, 7,
    3, -3, -1, 3, 3, 1, -3, -3, -3, 3, 1, -3, -3, -1, 3, 3,
    7, -7, -5, 7, 7, 5, -7, -7, -7, 7, 5, -7, -7, -5, 7, 7,
    -1, -7, 3, 7, 7, -3, -7, 1, 1, 7, -3, -7, -7, 3, 7, -1,
    3, 5, -1, -5, -5, 1, 5, -3, -3, -5, 1, 5, 5, -1, -5, 3,
    -1, 1, 3, -1, -1, -3, 1, 1, 1, -1, -3, 1, 1, 3, -1, -1,
    -5, 5, 7, -5, -5, -7, 5, 5, 5, -5, -7, 5, 5, 7, -5, -5,
    -5, -3, 7, 3, 3, -7, -3, 5, 5, 3, -7, -3, -3, 7, 3, -5
  };

  private static final int[] C9600 = {
    -8, 2, -6, -4, -4, 6, 2, 8, 8, -2, 6, 4, 4, -6, -2, -8,
    0, 2, -6, 4, 4, 6, 2, 0, 0, -2, 6, -4, -4, -6, -2, 0,
    0, -6, 2, -4, -4, -2, -6, 0, 0, 6, -2, 4, 4, 2, 6, 0,
    8, 2, 2, 4, 4, -2, 2, -8, -8, -2, -2, -4, -4, 2, -2, 8
  };

  private static final int[] C7200 = {
    6, -6, -2, 6, 6, 2, -6, -6, -6, 6, 2, -6, -6, -2, 6, 6,
    -2, 2, 6, -2, -2, -6, 2, 2, 2, -2, -6, 2, 2, 6, -2, -2
  };
}
