package dev.faxgate.t4;

/**
 * The code words of T.4 (the run-length tables of §4.1.1, Tables 1 to 3, and the 2-D mode codes
 * of §4.2.2, Table 4), shared by T.6. Written as bit strings so that they can be read against the
 * Recommendation line by line; turned once into the encoder's code/length arrays and the
 * decoder's lookup tables.
 *
 * <p>Decoder tables are indexed by the next {@link #RUN_PEEK} (run codes) or {@link #MODE_PEEK}
 * (mode codes) bits of the stream, first bit in the MSB of the index, and hold
 * {@code length << 16 | kind << 12 | value}. A code shorter than the peek fills every index it
 * prefixes. An index of 8 (run) or 7 (mode) leading zeros is {@link #ZEROS}: no code starts that
 * way, only fill and EOL.
 */
final class RunCodes {
  /** Run-code lookups peek this many bits: the longest run code (black make-up) has 13. */
  static final int RUN_PEEK = 13;
  /** Mode lookups peek this many bits: the longest mode code (VR3, VL3) has 7. */
  static final int MODE_PEEK = 7;

  /** Table entry kinds (bits 12..15). 0: no code starts with these bits. */
  static final int INVALID = 0;
  static final int TERMINATING = 1;
  static final int MAKE_UP = 2;
  /** Fill or an EOL: zeros that no code starts with. */
  static final int ZEROS = 3;

  /** Mode values (bits 0..11 of a mode entry); vertical modes are V0 + offset, -3..3. */
  static final int PASS = 1;
  static final int HORIZONTAL = 2;
  static final int V0 = 10;
  /** The uncompressed-mode extension, 0000001xxx: not supported, treated as a coding error. */
  static final int EXTENSION = 20;

  // T.4 Table 1: terminating codes, run lengths 0..63.
  private static final String[] WHITE_TERMINATING = {
      "00110101", "000111", "0111", "1000", "1011", "1100", "1110", "1111",
      "10011", "10100", "00111", "01000", "001000", "000011", "110100", "110101",
      "101010", "101011", "0100111", "0001100", "0001000", "0010111", "0000011", "0000100",
      "0101000", "0101011", "0010011", "0100100", "0011000", "00000010", "00000011", "00011010",
      "00011011", "00010010", "00010011", "00010100", "00010101", "00010110", "00010111", "00101000",
      "00101001", "00101010", "00101011", "00101100", "00101101", "00000100", "00000101", "00001010",
      "00001011", "01010010", "01010011", "01010100", "01010101", "00100100", "00100101", "01011000",
      "01011001", "01011010", "01011011", "01001010", "01001011", "00110010", "00110011", "00110100"};
  private static final String[] BLACK_TERMINATING = {
      "0000110111", "010", "11", "10", "011", "0011", "0010", "00011",
      "000101", "000100", "0000100", "0000101", "0000111", "00000100", "00000111", "000011000",
      "0000010111", "0000011000", "0000001000", "00001100111", "00001101000", "00001101100", "00000110111", "00000101000",
      "00000010111", "00000011000", "000011001010", "000011001011", "000011001100", "000011001101", "000001101000",
      "000001101001",
      "000001101010", "000001101011", "000011010010", "000011010011", "000011010100", "000011010101", "000011010110",
      "000011010111",
      "000001101100", "000001101101", "000011011010", "000011011011", "000001010100", "000001010101", "000001010110",
      "000001010111",
      "000001100100", "000001100101", "000001010010", "000001010011", "000000100100", "000000110111", "000000111000",
      "000000100111",
      "000000101000", "000001011000", "000001011001", "000000101011", "000000101100", "000001011010", "000001100110",
      "000001100111"};
  // T.4 Table 2: make-up codes, run lengths 64, 128, ... 1728 (index 1..27 = run / 64).
  private static final String[] WHITE_MAKE_UP = {
      "11011", "10010", "010111", "0110111", "00110110", "00110111", "01100100", "01100101",
      "01101000", "01100111", "011001100", "011001101", "011010010", "011010011", "011010100", "011010101",
      "011010110", "011010111", "011011000", "011011001", "011011010", "011011011", "010011000", "010011001",
      "010011010", "011000", "010011011"};
  private static final String[] BLACK_MAKE_UP = {
      "0000001111", "000011001000", "000011001001", "000001011011", "000000110011", "000000110100", "000000110101",
      "0000001101100", "0000001101101", "0000001001010", "0000001001011", "0000001001100", "0000001001101",
      "0000001110010", "0000001110011", "0000001110100", "0000001110101", "0000001110110", "0000001110111",
      "0000001010010", "0000001010011", "0000001010100", "0000001010101", "0000001011010", "0000001011011",
      "0000001100100", "0000001100101"};
  // T.4 Table 3: extended make-up codes for both colours, 1792 ... 2560 (index 28..40).
  private static final String[] EXTENDED_MAKE_UP = {
      "00000001000", "00000001100", "00000001101", "000000010010", "000000010011", "000000010100", "000000010101",
      "000000010110", "000000010111", "000000011100", "000000011101", "000000011110", "000000011111"};

  /** The longest run one make-up code carries. */
  static final int MAX_MAKE_UP = 2560;

  /** Encoder arrays: [colour][run] for terminating codes, [colour][run / 64] for make-up codes (index 1..40). */
  static final int[][] TERMINATING_CODE = new int[2][64];
  static final int[][] TERMINATING_LENGTH = new int[2][64];
  static final int[][] MAKE_UP_CODE = new int[2][41];
  static final int[][] MAKE_UP_LENGTH = new int[2][41];

  /** Decoder tables: [colour] indexed by the next 13 bits; and the mode table by the next 7. */
  static final int[][] RUN_TABLE = new int[2][1 << RUN_PEEK];
  static final int[] MODE_TABLE = new int[1 << MODE_PEEK];

  /** 2-D mode codes (T.4 Table 4), as {code, length}: pass, horizontal, and vertical by offset + 3 (VL3 .. VR3). */
  static final int PASS_CODE = 0b0001;
  static final int PASS_LENGTH = 4;
  static final int HORIZONTAL_CODE = 0b001;
  static final int HORIZONTAL_LENGTH = 3;
  static final int[] VERTICAL_CODE = {0b0000010, 0b000010, 0b010, 0b1, 0b011, 0b000011, 0b0000011};
  static final int[] VERTICAL_LENGTH = {7, 6, 3, 1, 3, 6, 7};

  static {
    String[][] terminating = {WHITE_TERMINATING, BLACK_TERMINATING};
    String[][] makeUp = {WHITE_MAKE_UP, BLACK_MAKE_UP};
    for (int colour = 0; colour < 2; colour++) {
      for (int run = 0; run < 64; run++) {
        String s = terminating[colour][run];
        TERMINATING_CODE[colour][run] = Integer.parseInt(s, 2);
        TERMINATING_LENGTH[colour][run] = s.length();
        fill(RUN_TABLE[colour], RUN_PEEK, s, TERMINATING, run);
      }
      for (int i = 1; i <= 40; i++) {
        String s = i <= 27 ? makeUp[colour][i - 1] : EXTENDED_MAKE_UP[i - 28];
        MAKE_UP_CODE[colour][i] = Integer.parseInt(s, 2);
        MAKE_UP_LENGTH[colour][i] = s.length();
        fill(RUN_TABLE[colour], RUN_PEEK, s, MAKE_UP, i * 64);
      }
      fill(RUN_TABLE[colour], RUN_PEEK, "00000000", ZEROS, 0);
    }
    fill(MODE_TABLE, MODE_PEEK, "0001", 0, PASS);
    fill(MODE_TABLE, MODE_PEEK, "001", 0, HORIZONTAL);
    for (int d = -3; d <= 3; d++) {
      String s = Integer.toBinaryString(VERTICAL_CODE[d + 3]);
      s = "0".repeat(VERTICAL_LENGTH[d + 3] - s.length()) + s;
      fill(MODE_TABLE, MODE_PEEK, s, 0, V0 + d);
    }
    fill(MODE_TABLE, MODE_PEEK, "0000001", 0, EXTENSION);
    fill(MODE_TABLE, MODE_PEEK, "0000000", ZEROS, 0);
  }

  private RunCodes() {
  }

  /** Every index of {@code table} that starts with the bits {@code code} gets the entry. */
  private static void fill(int[] table, int peek, String code, int kind, int value) {
    int len = code.length();
    int first = Integer.parseInt(code, 2) << (peek - len);
    int entry = (kind == ZEROS ? 0 : len) << 16 | kind << 12 | value;
    for (int i = 0; i < 1 << (peek - len); i++) {
      if (table[first + i] != 0) {
        throw new IllegalStateException("T.4 code table: " + code + " is a prefix of another code");
      }
      table[first + i] = entry;
    }
  }

  /** The code of {@code s} bits as a string of length {@code len}, for messages and tests. */
  static String bits(int code, int len) {
    StringBuilder sb = new StringBuilder(len);
    for (int i = len - 1; i >= 0; i--) {
      sb.append((code >>> i & 1) == 0 ? '0' : '1');
    }
    return sb.toString();
  }

  static int length(int entry) {
    return entry >>> 16;
  }

  static int kind(int entry) {
    return entry >>> 12 & 0xF;
  }

  static int value(int entry) {
    return entry & 0xFFF;
  }
}
