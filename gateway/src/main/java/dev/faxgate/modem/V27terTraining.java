package dev.faxgate.modem;

/**
 * The segments of V.27ter's long training (V.27ter §2.5), in the order they are sent, with their
 * lengths in symbols as spandsp sends them.
 */
enum V27terTraining {
  /** Segment 1: unmodulated carrier, talker echo protection (optional; off for fax by default). */
  SEGMENT_1_UNMODULATED_CARRIER(320),
  /** Segment 2: silence. */
  SEGMENT_2_SILENCE(32),
  /** Segment 3: continuous 180 degree phase reversals. */
  SEGMENT_3_REVERSALS(50),
  /** Segment 4: 0/180 degree phases from every third bit of the scrambler fed with ones. */
  SEGMENT_4_SCRAMBLED_REVERSALS(1074),
  /** Segment 5: scrambled ones at the data rate. */
  SEGMENT_5_SCRAMBLED_ONES(8),
  /** Data from the bit source. */
  DATA(0),
  /** Turn-off: scrambled ones after the data. */
  TURN_OFF(32),
  /** The pulse-shaping filter's tail, then nothing. */
  FLUSH(12);

  /** Length in symbols (0: as long as the data lasts). */
  final int symbols;

  V27terTraining(int symbols) {
    this.symbols = symbols;
  }

  /** Phase steps (in 45 degree units, 0 or 4) of segment 4, and the scrambler state after segment 5 at the given rate. */
  static int[] segment4Steps(V27terScrambler afterSegment5, int bitsPerSymbol) {
    V27terScrambler s = new V27terScrambler();
    int[] steps = new int[SEGMENT_4_SCRAMBLED_REVERSALS.symbols];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = s.scramble(1) << 2;
      s.scramble(1);
      s.scramble(1);
    }
    for (int i = 0; i < SEGMENT_5_SCRAMBLED_ONES.symbols * bitsPerSymbol; i++) {
      s.scramble(1);
    }
    afterSegment5.copyFrom(s);
    return steps;
  }
}
