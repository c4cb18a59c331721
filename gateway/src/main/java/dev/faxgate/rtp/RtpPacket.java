package dev.faxgate.rtp;

/**
 * An RTP packet (RFC 3550 §5.1) as a view over {@code (byte[] buf, int off, int len)}, plus static
 * helpers that read and write every header field in place. Nothing is copied and nothing is
 * allocated per packet: a leg keeps one {@code RtpPacket} and {@link #wrap re-wraps} it for each
 * datagram, or uses the static helpers directly.
 *
 * <pre>
 * octet   0               1               2               3
 *   bit   0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
 *        +---+-+-+-------+-+-------------+-------------------------------+
 *      0 | V |P|X|  CC   |M|     PT      |        sequence number        |
 *        +---+-+-+-------+-+-------------+-------------------------------+
 *      4 |                           timestamp                           |
 *        +---------------------------------------------------------------+
 *      8 |                             SSRC                              |
 *        +===============================================================+
 *     12 |             CSRC list: CC entries of 32 bits each             |
 *        |                             ....                              |
 *        +-------------------------------+-------------------------------+
 *      e |   extension profile (if X)    | extension length, in words    |
 *        +-------------------------------+-------------------------------+
 *        |           extension data: length x 32 bits (if X)             |
 *        +---------------------------------------------------------------+
 *        |                            payload                            |
 *        |                               +---------------+---------------+
 *        |                               |  padding ...  | pad count (P) |
 *        +-------------------------------+---------------+---------------+
 *
 *   e = 12 + 4 * CC; the pad count includes itself and is the last octet of the packet
 * </pre>
 *
 * <p>All multi-octet fields are big-endian. The 32-bit timestamp and SSRC are returned as raw
 * {@code int} bits (compare with {@link RtpSequence#timestampDiff}, print with
 * {@link Integer#toUnsignedString(int)}); the sequence number is returned as 0..65535.
 *
 * <p>{@link #validate} checks a datagram and never throws, whatever the input. The field getters
 * and setters do no checking: use them on a validated packet (or on a buffer you are writing).
 */
public final class RtpPacket {

  /** Size of the fixed header, in octets. */
  public static final int HEADER_SIZE = 12;
  /** The only RTP version there is. */
  public static final int VERSION = 2;

  /** Error: the buffer is null or {@code (off, len)} does not lie inside it. */
  public static final int ERR_BOUNDS = -1;
  /** Error: fewer than 12 octets. */
  public static final int ERR_TOO_SHORT = -2;
  /** Error: the version field is not 2. */
  public static final int ERR_BAD_VERSION = -3;
  /** Error: the CSRC list runs past the end of the packet. */
  public static final int ERR_CSRC_OVERFLOW = -4;
  /** Error: the header extension (or its 4-octet preamble) runs past the end of the packet. */
  public static final int ERR_EXTENSION_OVERFLOW = -5;
  /** Error: the P bit is set and the padding count is zero or larger than what follows the header. */
  public static final int ERR_BAD_PADDING = -6;

  private byte[] buf;
  private int off;
  private int len;
  private int payloadOff;
  private int payloadLen;

  /** An empty view; {@link #wrap} it over a datagram. */
  public RtpPacket() {
  }

  // ---------------------------------------------------------------- validation

  /**
   * Checks that {@code (off, len)} in {@code buf} is a well-formed RTP packet. Never throws.
   *
   * @return when valid, a non-negative value packing the payload's absolute offset in {@code buf}
   *     and its length (padding excluded), unpacked by {@link #payloadOffset(long)} and
   *     {@link #payloadLength(long)}; otherwise one of the negative {@code ERR_*} codes. The
   *     payload range always lies inside {@code [off, off + len)}.
   */
  public static long validate(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
      return ERR_BOUNDS;
    }
    if (len < HEADER_SIZE) {
      return ERR_TOO_SHORT;
    }
    int b0 = buf[off] & 0xFF;
    if ((b0 >>> 6) != VERSION) {
      return ERR_BAD_VERSION;
    }
    int hdr = HEADER_SIZE + 4 * (b0 & 0x0F);
    if (hdr > len) {
      return ERR_CSRC_OVERFLOW;
    }
    if ((b0 & 0x10) != 0) {
      if (hdr + 4 > len) {
        return ERR_EXTENSION_OVERFLOW;
      }
      hdr += 4 + 4 * u16(buf, off + hdr + 2);
      if (hdr > len) {
        return ERR_EXTENSION_OVERFLOW;
      }
    }
    int payload = len - hdr;
    if ((b0 & 0x20) != 0) {
      int pad = buf[off + len - 1] & 0xFF;
      if (pad == 0 || pad > payload) {
        return ERR_BAD_PADDING;
      }
      payload -= pad;
    }
    return ((long) (off + hdr) << 32) | payload;
  }

  /** The payload's absolute offset in the buffer, from a non-negative {@link #validate} result. */
  public static int payloadOffset(long validated) {
    return (int) (validated >>> 32);
  }

  /** The payload's length without padding, from a non-negative {@link #validate} result. */
  public static int payloadLength(long validated) {
    return (int) validated;
  }

  /** A constant, human-readable name for a {@code ERR_*} code (for logs; allocates nothing). */
  public static String errorName(long code) {
    if (code >= 0) {
      return "ok";
    }
    switch ((int) code) {
      case ERR_BOUNDS: return "bounds";
      case ERR_TOO_SHORT: return "too-short";
      case ERR_BAD_VERSION: return "bad-version";
      case ERR_CSRC_OVERFLOW: return "csrc-overflow";
      case ERR_EXTENSION_OVERFLOW: return "extension-overflow";
      case ERR_BAD_PADDING: return "bad-padding";
      default: return "unknown";
    }
  }

  // ---------------------------------------------------------------- static field access

  /** V: the 2-bit version. */
  public static int version(byte[] b, int off) {
    return (b[off] & 0xFF) >>> 6;
  }

  /** Sets V. */
  public static void setVersion(byte[] b, int off, int v) {
    b[off] = (byte) ((b[off] & 0x3F) | (v & 3) << 6);
  }

  /** P: whether the last payload octet is a padding count. */
  public static boolean padding(byte[] b, int off) {
    return (b[off] & 0x20) != 0;
  }

  /** Sets P. */
  public static void setPadding(byte[] b, int off, boolean p) {
    b[off] = (byte) (p ? b[off] | 0x20 : b[off] & ~0x20);
  }

  /** X: whether a header extension follows the CSRC list. */
  public static boolean extension(byte[] b, int off) {
    return (b[off] & 0x10) != 0;
  }

  /** Sets X. */
  public static void setExtension(byte[] b, int off, boolean x) {
    b[off] = (byte) (x ? b[off] | 0x10 : b[off] & ~0x10);
  }

  /** CC: the number of CSRCs, 0..15. */
  public static int csrcCount(byte[] b, int off) {
    return b[off] & 0x0F;
  }

  /** Sets CC (does not move anything: write the list with {@link #setCsrc}). */
  public static void setCsrcCount(byte[] b, int off, int cc) {
    b[off] = (byte) ((b[off] & 0xF0) | (cc & 0x0F));
  }

  /** M: the marker bit (for audio, the first packet of a talkspurt). */
  public static boolean marker(byte[] b, int off) {
    return (b[off + 1] & 0x80) != 0;
  }

  /** Sets M. */
  public static void setMarker(byte[] b, int off, boolean m) {
    b[off + 1] = (byte) (m ? b[off + 1] | 0x80 : b[off + 1] & 0x7F);
  }

  /** PT: the 7-bit payload type (0 = PCMU, 8 = PCMA). */
  public static int payloadType(byte[] b, int off) {
    return b[off + 1] & 0x7F;
  }

  /** Sets PT, keeping M. */
  public static void setPayloadType(byte[] b, int off, int pt) {
    b[off + 1] = (byte) ((b[off + 1] & 0x80) | (pt & 0x7F));
  }

  /** The sequence number, 0..65535. */
  public static int sequence(byte[] b, int off) {
    return u16(b, off + 2);
  }

  /** Sets the sequence number (low 16 bits of {@code seq}). */
  public static void setSequence(byte[] b, int off, int seq) {
    b[off + 2] = (byte) (seq >>> 8);
    b[off + 3] = (byte) seq;
  }

  /** The timestamp, as raw 32 bits. */
  public static int timestamp(byte[] b, int off) {
    return i32(b, off + 4);
  }

  /** Sets the timestamp. */
  public static void setTimestamp(byte[] b, int off, int ts) {
    put32(b, off + 4, ts);
  }

  /** The SSRC, as raw 32 bits. */
  public static int ssrc(byte[] b, int off) {
    return i32(b, off + 8);
  }

  /** Sets the SSRC. */
  public static void setSsrc(byte[] b, int off, int ssrc) {
    put32(b, off + 8, ssrc);
  }

  /** The {@code i}-th CSRC (0-based), as raw 32 bits. */
  public static int csrc(byte[] b, int off, int i) {
    return i32(b, off + HEADER_SIZE + 4 * i);
  }

  /** Sets the {@code i}-th CSRC. */
  public static void setCsrc(byte[] b, int off, int i, int csrc) {
    put32(b, off + HEADER_SIZE + 4 * i, csrc);
  }

  /** The 16-bit profile-defined field of the header extension (valid only when X is set). */
  public static int extensionProfile(byte[] b, int off) {
    return u16(b, off + HEADER_SIZE + 4 * csrcCount(b, off));
  }

  /** The header extension's length in 32-bit words, preamble excluded (valid only when X is set). */
  public static int extensionLength(byte[] b, int off) {
    return u16(b, off + HEADER_SIZE + 4 * csrcCount(b, off) + 2);
  }

  /** The header's length in octets: 12, the CSRC list and the extension if present. Unchecked. */
  public static int headerLength(byte[] b, int off) {
    int hdr = HEADER_SIZE + 4 * csrcCount(b, off);
    return extension(b, off) ? hdr + 4 + 4 * u16(b, off + hdr + 2) : hdr;
  }

  /**
   * Writes a minimal 12-octet header (V=2, no padding, no extension, no CSRC) at {@code off}.
   *
   * @return {@link #HEADER_SIZE}, the offset of the payload relative to {@code off}
   */
  public static int writeHeader(byte[] b, int off, boolean marker, int payloadType, int seq,
      int timestamp, int ssrc) {
    b[off] = (byte) (VERSION << 6);
    b[off + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
    setSequence(b, off, seq);
    put32(b, off + 4, timestamp);
    put32(b, off + 8, ssrc);
    return HEADER_SIZE;
  }

  // ---------------------------------------------------------------- the view

  /**
   * Points this view at a datagram after {@link #validate validating} it. Never throws.
   *
   * @return 0 when the packet is valid, else the {@code ERR_*} code; on error the view is left
   *     empty ({@link #isValid()} false) and its field accessors must not be used
   */
  public int wrap(byte[] buf, int off, int len) {
    long r = validate(buf, off, len);
    if (r < 0) {
      this.buf = null;
      this.off = this.len = this.payloadOff = this.payloadLen = 0;
      return (int) r;
    }
    this.buf = buf;
    this.off = off;
    this.len = len;
    this.payloadOff = payloadOffset(r);
    this.payloadLen = payloadLength(r);
    return 0;
  }

  /** Whether the last {@link #wrap} succeeded. */
  public boolean isValid() {
    return buf != null;
  }

  /** The wrapped buffer. */
  public byte[] buffer() {
    return buf;
  }

  /** Offset of the packet in {@link #buffer()}. */
  public int offset() {
    return off;
  }

  /** Length of the whole packet. */
  public int length() {
    return len;
  }

  /** Absolute offset of the payload in {@link #buffer()}. */
  public int payloadOffset() {
    return payloadOff;
  }

  /** Length of the payload, padding excluded. */
  public int payloadLength() {
    return payloadLen;
  }

  /** @see #marker(byte[], int) */
  public boolean marker() {
    return marker(buf, off);
  }

  /** @see #payloadType(byte[], int) */
  public int payloadType() {
    return payloadType(buf, off);
  }

  /** @see #sequence(byte[], int) */
  public int sequence() {
    return sequence(buf, off);
  }

  /** @see #timestamp(byte[], int) */
  public int timestamp() {
    return timestamp(buf, off);
  }

  /** @see #ssrc(byte[], int) */
  public int ssrc() {
    return ssrc(buf, off);
  }

  /** @see #csrcCount(byte[], int) */
  public int csrcCount() {
    return csrcCount(buf, off);
  }

  /** @see #csrc(byte[], int, int) */
  public int csrc(int i) {
    return csrc(buf, off, i);
  }

  // ---------------------------------------------------------------- octets

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
  }

  private static int i32(byte[] b, int i) {
    return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
  }

  private static void put32(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }
}
