package dev.faxgate.modem;

/**
 * The V.27ter scrambler and descrambler, 1 + x^-6 + x^-7, with the guard against repeating patterns
 * (the output is inverted when the pattern check has held for 33 bits; the check looks at delays 8,
 * 9 and 12, as spandsp does). Both directions keep the transmitted (scrambled) bits in the
 * register, so a descrambler with the transmitter's state decodes from the first bit.
 */
final class V27terScrambler {
  /** The transmitter's register at restart (spandsp's value). */
  static final int INITIAL_REGISTER = 0x3C;
  private static final int GUARD_RUN = 33;

  int register;
  int patternCount;

  V27terScrambler() {
    reset();
  }

  void reset() {
    register = INITIAL_REGISTER;
    patternCount = 0;
  }

  void copyFrom(V27terScrambler other) {
    register = other.register;
    patternCount = other.patternCount;
  }

  /** Scrambles one data bit; returns the line bit. */
  int scramble(int in) {
    int out = (in ^ (register >> 5) ^ (register >> 6)) & 1;
    if (patternCount >= GUARD_RUN) {
      out ^= 1;
      patternCount = 0;
    } else {
      guard(out);
    }
    register = (register << 1) | out;
    return out;
  }

  /** Descrambles one line bit; returns the data bit. */
  int descramble(int line) {
    int raw = line & 1;
    if (patternCount >= GUARD_RUN) {
      raw ^= 1;
      patternCount = 0;
    } else {
      guard(raw);
    }
    int in = (raw ^ (register >> 5) ^ (register >> 6)) & 1;
    register = (register << 1) | (line & 1);
    return in;
  }

  private void guard(int bit) {
    if ((((register >> 7) ^ bit) & ((register >> 8) ^ bit) & ((register >> 11) ^ bit) & 1) != 0) {
      patternCount = 0;
    } else {
      patternCount++;
    }
  }
}
