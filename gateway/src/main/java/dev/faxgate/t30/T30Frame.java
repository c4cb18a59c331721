package dev.faxgate.t30;

import java.util.Arrays;

/**
 * A view over the octets of one T.30 HDLC frame, FCS removed, in LSB-first order (docs/dsp.md §0,
 * §5.1).
 *
 * <pre>
 *  +---------+---------+-----+----------------------+
 *  | address | control | FCF | FIF (0..n octets)    |
 *  |  0xFF   | 03 / 13 |     |                      |
 *  +---------+---------+-----+----------------------+
 *  control 0x03: not the last frame of the command/response, 0x13: final frame (P/F bit)
 *  FCF: see {@link Fcf}, its bit 0 is the X bit for most functions
 * </pre>
 *
 * <p>Example: DCN is {@code FF 13 FA} (X = 0) or {@code FF 13 FB}; in T.38 order ({@link
 * #decodeT38Order}) {@code FF C8 5F}.
 *
 * <p><b>Never throws on bad input.</b> Decoding always returns a frame; {@link #status()} says
 * what, if anything, is wrong, and {@link #describe()} still prints the raw octets. The frame refers
 * to the caller's array without copying (a packet view): it is valid while the array is unchanged,
 * and {@link #fif()} / {@link #toBytes()} return copies.
 */
public final class T30Frame {
  /** The HDLC address octet of every T.30 frame. */
  public static final int ADDRESS = 0xFF;
  /** Control octet of a frame that is not the last one of its command or response. */
  public static final int CONTROL_NON_FINAL = 0x03;
  /** Control octet of the final frame of a command or response (P/F bit set). */
  public static final int CONTROL_FINAL = 0x13;

  /** What {@link #decode} found, in the order it is checked: the first problem wins. */
  public enum Status {
    /** A known function with a FIF length T.30 allows. */
    OK,
    /** Fewer than 3 octets: no FCF. */
    TOO_SHORT,
    /** The address octet is not 0xFF. */
    BAD_ADDRESS,
    /** The control octet is neither 0x03 nor 0x13. */
    BAD_CONTROL,
    /** The FCF is no function {@link Fcf} knows. */
    UNKNOWN_FCF,
    /** A known function whose FIF is shorter or longer than T.30 allows ({@link Fcf#fifMin()}). */
    BAD_FIF_LENGTH
  }

  private static final byte[] EMPTY = new byte[0];

  private final byte[] buf;
  private final int off;
  private final int len;
  private final Status status;
  private final Fcf fcf;

  private T30Frame(byte[] buf, int off, int len) {
    this.buf = buf;
    this.off = off;
    this.len = len;
    this.fcf = len >= 3 ? Fcf.decode(buf[off + 2]) : null;
    this.status = check();
  }

  /**
   * Decodes {@code len} octets at {@code off} (LSB-first, no FCS). Never throws: a null array,
   * a negative length or an offset outside the array give an empty ({@link Status#TOO_SHORT})
   * frame, and a length running past the array is cut at its end.
   */
  public static T30Frame decode(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || off > buf.length || len <= 0) {
      return new T30Frame(EMPTY, 0, 0);
    }
    return new T30Frame(buf, off, Math.min(len, buf.length - off));
  }

  /** {@link #decode(byte[], int, int)} of a whole array. */
  public static T30Frame decode(byte[] frame) {
    return decode(frame, 0, frame == null ? 0 : frame.length);
  }

  /**
   * Decodes octets in T.38 order (as T.38 {@code hdlc-data} carries them): they are bit-reversed
   * into a new array first, so the result does not refer to {@code buf}.
   */
  public static T30Frame decodeT38Order(byte[] buf, int off, int len) {
    return decode(BitOrder.reversedCopy(buf, off, len));
  }

  /**
   * The octets of a frame with this function: {@code FF}, {@code 13} or {@code 03}, the FCF with
   * the X bit {@code x} (ignored for functions without one), then {@code fif} (may be null).
   */
  public static byte[] encode(boolean finalFrame, Fcf fcf, boolean x, byte[] fif) {
    int n = fif == null ? 0 : fif.length;
    byte[] out = new byte[3 + n];
    out[0] = (byte) ADDRESS;
    out[1] = (byte) (finalFrame ? CONTROL_FINAL : CONTROL_NON_FINAL);
    out[2] = (byte) fcf.octet(x);
    if (n > 0) {
      System.arraycopy(fif, 0, out, 3, n);
    }
    return out;
  }

  private Status check() {
    if (len < 3) {
      return Status.TOO_SHORT;
    }
    if ((buf[off] & 0xFF) != ADDRESS) {
      return Status.BAD_ADDRESS;
    }
    int control = buf[off + 1] & 0xFF;
    if (control != CONTROL_NON_FINAL && control != CONTROL_FINAL) {
      return Status.BAD_CONTROL;
    }
    if (fcf == null) {
      return Status.UNKNOWN_FCF;
    }
    int fif = len - 3;
    if (fif < fcf.fifMin() || fif > fcf.fifMax()) {
      return Status.BAD_FIF_LENGTH;
    }
    return Status.OK;
  }

  /** What decoding found. */
  public Status status() {
    return status;
  }

  /** True if {@link #status()} is {@link Status#OK}. */
  public boolean isOk() {
    return status == Status.OK;
  }

  /** The function, or null when the frame is too short or its FCF is unknown. */
  public Fcf fcf() {
    return fcf;
  }

  /** The raw FCF octet (0..255), or -1 when the frame has none. */
  public int fcfOctet() {
    return len >= 3 ? buf[off + 2] & 0xFF : -1;
  }

  /** The X bit: bit 0 of the FCF, for functions that carry one (false otherwise). */
  public boolean xBit() {
    return fcf != null && fcf.hasXBit() && (buf[off + 2] & 1) != 0;
  }

  /** True if the control octet has the final (P/F) bit, 0x10. */
  public boolean isFinal() {
    return len >= 2 && (buf[off + 1] & 0x10) != 0;
  }

  /** The address octet, or -1. */
  public int address() {
    return len >= 1 ? buf[off] & 0xFF : -1;
  }

  /** The control octet, or -1. */
  public int control() {
    return len >= 2 ? buf[off + 1] & 0xFF : -1;
  }

  /** Number of octets in the frame. */
  public int length() {
    return len;
  }

  /** Number of FIF octets (0 when the frame has no FCF). */
  public int fifLength() {
    return Math.max(0, len - 3);
  }

  /** FIF octet {@code i} (0..255), or -1 outside the FIF. */
  public int fifOctet(int i) {
    return i >= 0 && i < fifLength() ? buf[off + 3 + i] & 0xFF : -1;
  }

  /** A copy of the FIF. */
  public byte[] fif() {
    return len <= 3 ? EMPTY.clone() : Arrays.copyOfRange(buf, off + 3, off + len);
  }

  /** A copy of the whole frame. */
  public byte[] toBytes() {
    return Arrays.copyOfRange(buf, off, off + len);
  }

  /** The array this view reads (not a copy). */
  public byte[] array() {
    return buf;
  }

  /** Where the frame starts in {@link #array()}. */
  public int offset() {
    return off;
  }

  // ---- printing ------------------------------------------------------------------------------

  /**
   * One line for logs: {@code DIS V.17/V.29/V.27ter ≤14400 ECM MR T.6 R8x7.7 A4 unlimited
   * scan=0ms}, {@code TSI "+1 555 0100"}, {@code MCF}, {@code PPS-EOP page=0 block=0 frames=66}.
   * A frame that is not {@link Status#OK} says so and shows its octets, e.g.
   * {@code UNKNOWN_FCF FF 13 5C} or {@code CSI BAD_FIF_LENGTH "123" [FF 03 40 33 32 31]}.
   */
  public String describe() {
    if (fcf == null) {
      return status + (len == 0 ? "" : " " + hex(0, len));
    }
    StringBuilder sb = new StringBuilder();
    int n = fifLength();
    int fifOff = off + 3;
    if (fcf.hasCapabilityBits()) {
      sb.append(DisDcsFields.parse(fcf, buf, fifOff, n).describe());
    } else if (fcf.isIdentity()) {
      sb.append(fcf.label()).append(" \"").append(StationId.decode(buf, fifOff, n)).append('"');
    } else if (fcf.isNonStandard()) {
      sb.append(fcf.label()).append(' ').append(Nsf.parse(buf, fifOff, n).describe());
    } else if (fcf == Fcf.PPS || fcf == Fcf.EOR) {
      sb.append(Pps.parse(buf, fifOff, n).describe(fcf.label()));
    } else if (fcf == Fcf.PPR) {
      sb.append(Ppr.parse(buf, fifOff, n).describe());
    } else if (fcf == Fcf.CTC) {
      sb.append("CTC");
      if (n >= 2) {
        DataRate r = DataRate.fromDcsCode((buf[fifOff + 1] >> 2) & 0xF);
        sb.append(' ').append(r == null ? "rate=reserved" : r.toString());
      }
    } else if (fcf == Fcf.FCD) {
      sb.append("FCD #").append(n >= 1 ? buf[fifOff] & 0xFF : -1)
          .append(' ').append(Math.max(0, n - 1)).append(" octets");
    } else {
      sb.append(fcf.label());
      if (n > 0) {
        sb.append(" FIF=").append(hex(3, Math.min(n, 16))).append(n > 16 ? " ..." : "");
      }
    }
    if (status != Status.OK) {
      sb.append(' ').append(status).append(" [").append(hex(0, Math.min(len, 24)))
          .append(len > 24 ? " ...]" : "]");
    }
    return sb.toString();
  }

  private String hex(int from, int count) {
    StringBuilder sb = new StringBuilder(count * 3);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      int b = buf[off + from + i] & 0xFF;
      sb.append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
          .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
