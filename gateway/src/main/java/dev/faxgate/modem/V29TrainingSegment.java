package dev.faxgate.modem;

/**
 * The segments of the V.29 transmit sequence (V.29 §10, figure 3), in the order they are sent, with
 * their lengths in symbols (2400 Bd). The transmitter walks through them; the receiver names its
 * own stages in {@link V29Rx}.
 */
public enum V29TrainingSegment {
  /** Segment 1: no transmitted energy, 48 symbols (20 ms). */
  SEGMENT_1_SILENCE(48),
  /** Segment 2: alternations of the points A and B, 128 symbols. */
  SEGMENT_2_ALTERNATIONS(128),
  /** Segment 3: the points C and D chosen by the 1 + x^-6 + x^-7 training scrambler, 384 symbols. */
  SEGMENT_3_EQUALIZER_CONDITIONING(384),
  /** Segment 4: scrambled binary 1s through the data path, 48 symbols. */
  SEGMENT_4_SCRAMBLED_ONES(48),
  /** The payload, as long as the bit source gives bits. */
  DATA(0),
  /** Turn-off: scrambled 1s after the last data bit, 32 symbols, then the pulse-shaper tail. */
  TURN_OFF(32),
  /** Nothing more is sent. */
  DONE(0);

  /** Length in symbols (0: open-ended). */
  public final int symbols;

  V29TrainingSegment(int symbols) {
    this.symbols = symbols;
  }
}
