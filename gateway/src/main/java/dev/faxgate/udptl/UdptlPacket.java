package dev.faxgate.udptl;

/**
 * One UDPTL datagram (T.38 clause 9.1), as a view: decoding records offsets into the datagram,
 * it copies nothing.
 *
 * <pre>
 * UDPTLPacket ::= SEQUENCE {
 *   seq-number          INTEGER (0..65535),
 *   primary-ifp-packet  TYPE-IDENTIFIER.&amp;Type(IFPPacket),               -- open type
 *   error-recovery      CHOICE {
 *     secondary-ifp-packets  SEQUENCE OF TYPE-IDENTIFIER.&amp;Type(IFPPacket),
 *     fec-info               SEQUENCE { fec-npackets INTEGER, fec-data SEQUENCE OF OCTET STRING } } }
 *
 * aligned PER on the wire:
 *  0                   1                   2
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
 * +-------------------------------+---------------+-- - - - - - --+
 * |          seq-number           |   L (1 or 2)  | primary IFP   |   L: 0xxxxxxx, or
 * +---------------+---------------+---------------+-- - - - - - --+      10xxxxxx xxxxxxxx
 * |C|  padding    |  C = 0: count L, then count x (L, IFP), newest first (seq-1, seq-2, ...)
 * +---------------+  C = 1: 01 nn (fec-npackets, unconstrained INTEGER), count L,
 *                           then count x (L, parity octets)
 * </pre>
 *
 * <p>Lengths of 16384 and more (fragmented) are never needed by T.38 and are rejected. An open
 * type is never empty (X.691 turns an empty encoding into one 0x00 octet), so a zero-length IFP
 * is rejected too. {@link #decode} never throws, never allocates and bounds every count before
 * use; the counts a datagram may carry are capped by the holder's capacities and by
 * {@link #MAX_FEC_SPAN} and {@link #FEC_WINDOW}.
 *
 * <p>The static {@code write*} helpers encode the pieces; {@link #encode} re-encodes a decoded
 * view.
 */
public final class UdptlPacket {
  /** Decoded. */
  public static final int OK = 0;
  /** The datagram ends inside a field. */
  public static final int ERR_TRUNCATED = -1;
  /** A length that cannot be right: fragmented, zero for an IFP, or more items than octets. */
  public static final int ERR_BAD_LENGTH = -2;
  /** Octets after the end of the packet. */
  public static final int ERR_TRAILING = -3;
  /** More secondary IFPs than the holder takes. */
  public static final int ERR_TOO_MANY_SECONDARIES = -4;
  /** fec-npackets negative, above {@link #MAX_FEC_SPAN}, or span x entries above {@link #FEC_WINDOW}. */
  public static final int ERR_FEC_SPAN = -5;
  /** More fec-data entries than the holder takes. */
  public static final int ERR_TOO_MANY_FEC_ENTRIES = -6;
  /** A null array or a range outside it. */
  public static final int ERR_BAD_ARGUMENT = -7;
  /** Encoding: no room left. */
  public static final int ERR_NO_SPACE = -8;

  /** The largest length a single length determinant can carry. */
  public static final int MAX_LENGTH = 16383;
  /** Secondary IFPs taken by {@link #UdptlPacket()}. */
  public static final int DEFAULT_MAX_SECONDARIES = 32;
  /** Largest fec-npackets accepted. */
  public static final int MAX_FEC_SPAN = 32;
  /** Most fec-data entries accepted. */
  public static final int MAX_FEC_ENTRIES = 32;
  /** Most packets one FEC packet may cover (span x entries): the receiver's window. */
  public static final int FEC_WINDOW = 64;

  private final int[] secOff;
  private final int[] secLen;
  private final int[] fecOff = new int[MAX_FEC_ENTRIES];
  private final int[] fecLen = new int[MAX_FEC_ENTRIES];
  private byte[] buf;
  private int seq;
  private int primaryOff;
  private int primaryLen;
  private boolean fec;
  private int secCount;
  private int fecSpan;
  private int fecCount;

  /** A holder for up to {@link #DEFAULT_MAX_SECONDARIES} secondary IFPs. */
  public UdptlPacket() {
    this(DEFAULT_MAX_SECONDARIES);
  }

  /** A holder for up to {@code maxSecondaries} secondary IFPs. */
  public UdptlPacket(int maxSecondaries) {
    if (maxSecondaries < 0) {
      throw new IllegalArgumentException("maxSecondaries " + maxSecondaries);
    }
    secOff = new int[maxSecondaries];
    secLen = new int[maxSecondaries];
  }

  /**
   * Decodes the datagram {@code b[off .. off+len)}; the holder then refers into {@code b}.
   *
   * @return {@link #OK} or a negative {@code ERR_*} code (the holder is then empty)
   */
  public int decode(byte[] b, int off, int len) {
    int r = parse(b, off, len);
    if (r != OK) {
      clear();
    }
    return r;
  }

  private void clear() {
    buf = null;
    seq = primaryOff = primaryLen = secCount = fecSpan = fecCount = 0;
    fec = false;
  }

  private int parse(byte[] b, int off, int len) {
    clear();
    if (b == null || off < 0 || len < 0 || off > b.length - len) {
      return ERR_BAD_ARGUMENT;
    }
    final int end = off + len;
    if (len < 2) {
      return ERR_TRUNCATED;
    }
    buf = b;
    seq = ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    int p = off + 2;
    long lp = readLength(b, p, end);
    if (lp < 0) {
      return (int) lp;
    }
    p = pos(lp);
    primaryLen = value(lp);
    if (primaryLen == 0) {
      return ERR_BAD_LENGTH;
    }
    if (primaryLen > end - p) {
      return ERR_TRUNCATED;
    }
    primaryOff = p;
    p += primaryLen;
    if (p >= end) {
      return ERR_TRUNCATED;
    }
    fec = (b[p++] & 0x80) != 0;
    if (!fec) {
      lp = readLength(b, p, end);
      if (lp < 0) {
        return (int) lp;
      }
      p = pos(lp);
      int count = value(lp);
      if (count > secOff.length) {
        return ERR_TOO_MANY_SECONDARIES;
      }
      if (count * 2 > end - p) {
        return ERR_BAD_LENGTH; // every secondary takes at least 2 octets
      }
      for (int i = 0; i < count; i++) {
        lp = readLength(b, p, end);
        if (lp < 0) {
          return (int) lp;
        }
        p = pos(lp);
        int n = value(lp);
        if (n == 0) {
          return ERR_BAD_LENGTH;
        }
        if (n > end - p) {
          return ERR_TRUNCATED;
        }
        secOff[i] = p;
        secLen[i] = n;
        secCount = i + 1;
        p += n;
      }
    } else {
      // fec-npackets: unconstrained INTEGER = length determinant + two's complement octets
      lp = readLength(b, p, end);
      if (lp < 0) {
        return (int) lp;
      }
      p = pos(lp);
      int n = value(lp);
      if (n < 1 || n > 4) {
        return ERR_BAD_LENGTH;
      }
      if (n > end - p) {
        return ERR_TRUNCATED;
      }
      int span = b[p++]; // sign-extended first octet
      for (int i = 1; i < n; i++) {
        span = (span << 8) | (b[p++] & 0xFF);
      }
      if (span < 0 || span > MAX_FEC_SPAN) {
        return ERR_FEC_SPAN;
      }
      lp = readLength(b, p, end);
      if (lp < 0) {
        return (int) lp;
      }
      p = pos(lp);
      int count = value(lp);
      if (count > MAX_FEC_ENTRIES) {
        return ERR_TOO_MANY_FEC_ENTRIES;
      }
      if (span * count > FEC_WINDOW) {
        return ERR_FEC_SPAN;
      }
      if (count > end - p) {
        return ERR_BAD_LENGTH;
      }
      fecSpan = span;
      for (int i = 0; i < count; i++) {
        lp = readLength(b, p, end);
        if (lp < 0) {
          return (int) lp;
        }
        p = pos(lp);
        int m = value(lp);
        if (m > end - p) {
          return ERR_TRUNCATED;
        }
        fecOff[i] = p;
        fecLen[i] = m;
        fecCount = i + 1;
        p += m;
      }
    }
    return p == end ? OK : ERR_TRAILING;
  }

  /**
   * Re-encodes this view into {@code out} from {@code off} (the primary and secondaries are
   * copied from the decoded datagram), with canonical (shortest) lengths.
   *
   * @return octets written, or {@link #ERR_NO_SPACE} / {@link #ERR_BAD_ARGUMENT}
   */
  public int encode(byte[] out, int off) {
    if (out == null || off < 0 || off > out.length || buf == null) {
      return ERR_BAD_ARGUMENT;
    }
    final int end = out.length;
    int p = writeHeader(out, off, end, seq, buf, primaryOff, primaryLen);
    if (p >= 0) {
      p = fec ? writeFecInfo(out, p, end, fecSpan, fecCount) : writeSecondaryCount(out, p, end, secCount);
    }
    int count = fec ? fecCount : secCount;
    for (int i = 0; i < count && p >= 0; i++) {
      p = fec ? writeOctets(out, p, end, buf, fecOff[i], fecLen[i])
          : writeOctets(out, p, end, buf, secOff[i], secLen[i]);
    }
    return p < 0 ? p : p - off;
  }

  // ------------------------------------------------------------------ writing helpers

  /** Octets a length determinant for {@code n} (0..16383) takes. */
  public static int lengthSize(int n) {
    return n < 0x80 ? 1 : 2;
  }

  /** Writes a length determinant (0..16383) at {@code p}; returns the next position or a negative code. */
  public static int writeLength(byte[] out, int p, int end, int n) {
    if (n < 0 || n > MAX_LENGTH) {
      return ERR_BAD_ARGUMENT;
    }
    if (p < 0 || p + lengthSize(n) > end) {
      return ERR_NO_SPACE;
    }
    if (n < 0x80) {
      out[p++] = (byte) n;
    } else {
      out[p++] = (byte) (0x80 | (n >> 8));
      out[p++] = (byte) n;
    }
    return p;
  }

  /** Writes an open type or OCTET STRING: length determinant, then {@code src[off .. off+n)}. */
  public static int writeOctets(byte[] out, int p, int end, byte[] src, int off, int n) {
    p = writeLength(out, p, end, n);
    if (p < 0) {
      return p;
    }
    if (n > end - p) {
      return ERR_NO_SPACE;
    }
    System.arraycopy(src, off, out, p, n);
    return p + n;
  }

  /** Writes the sequence number and the primary IFP (open type) from {@code p}; returns the next position. */
  public static int writeHeader(byte[] out, int p, int end, int seq, byte[] ifp, int off, int n) {
    if (n < 1) {
      return ERR_BAD_ARGUMENT;
    }
    if (p < 0 || p + 2 > end) {
      return ERR_NO_SPACE;
    }
    out[p] = (byte) (seq >> 8);
    out[p + 1] = (byte) seq;
    return writeOctets(out, p + 2, end, ifp, off, n);
  }

  /** Writes the CHOICE octet of secondary-ifp-packets and their count; then {@link #writeOctets} each. */
  public static int writeSecondaryCount(byte[] out, int p, int end, int count) {
    if (p < 0 || p + 1 > end) {
      return ERR_NO_SPACE;
    }
    out[p] = 0x00;
    return writeLength(out, p + 1, end, count);
  }

  /** Writes the CHOICE octet of fec-info, fec-npackets ({@code span}, 0..127) and the entry count. */
  public static int writeFecInfo(byte[] out, int p, int end, int span, int count) {
    if (span < 0 || span > 127) {
      return ERR_BAD_ARGUMENT;
    }
    if (p < 0 || p + 3 > end) {
      return ERR_NO_SPACE;
    }
    out[p] = (byte) 0x80;
    out[p + 1] = 1;
    out[p + 2] = (byte) span;
    return writeLength(out, p + 3, end, count);
  }

  // Packed (position << 16 | value) result of readLength, or a negative code.
  private static long readLength(byte[] b, int p, int end) {
    if (p >= end) {
      return ERR_TRUNCATED;
    }
    int a = b[p] & 0xFF;
    if (a < 0x80) {
      return ((long) (p + 1) << 16) | a;
    }
    if ((a & 0xC0) != 0x80) {
      return ERR_BAD_LENGTH; // fragmented
    }
    if (p + 2 > end) {
      return ERR_TRUNCATED;
    }
    return ((long) (p + 2) << 16) | ((a & 0x3F) << 8) | (b[p + 1] & 0xFF);
  }

  private static int pos(long packed) {
    return (int) (packed >>> 16);
  }

  private static int value(long packed) {
    return (int) (packed & 0xFFFF);
  }

  // ------------------------------------------------------------------ view accessors

  /** The datagram the view refers into (null before a successful decode). */
  public byte[] buffer() {
    return buf;
  }

  /** seq-number, 0..65535. */
  public int seq() {
    return seq;
  }

  /** Offset of the primary IFP in {@link #buffer()}. */
  public int primaryOffset() {
    return primaryOff;
  }

  /** Length of the primary IFP (at least 1 after a successful decode). */
  public int primaryLength() {
    return primaryLen;
  }

  /** True if error-recovery is fec-info, false for secondary-ifp-packets. */
  public boolean isFec() {
    return fec;
  }

  /** How many secondary IFPs this holder can take. */
  public int maxSecondaries() {
    return secOff.length;
  }

  /** Number of secondary IFPs; secondary {@code i} is the IFP of {@code seq - 1 - i}. */
  public int secondaryCount() {
    return secCount;
  }

  /** Offset of secondary {@code i} in {@link #buffer()}. */
  public int secondaryOffset(int i) {
    return secOff[i];
  }

  /** Length of secondary {@code i}. */
  public int secondaryLength(int i) {
    return secLen[i];
  }

  /** fec-npackets (the span), 0..{@link #MAX_FEC_SPAN}; 0 unless {@link #isFec()}. */
  public int fecSpan() {
    return fecSpan;
  }

  /** Number of fec-data entries. */
  public int fecCount() {
    return fecCount;
  }

  /** Offset of fec-data entry {@code i} in {@link #buffer()}. */
  public int fecOffset(int i) {
    return fecOff[i];
  }

  /** Length of fec-data entry {@code i} (may be 0). */
  public int fecLength(int i) {
    return fecLen[i];
  }

  /** A short English name for a status code, for logs. */
  public static String describe(int status) {
    switch (status) {
      case OK: return "ok";
      case ERR_TRUNCATED: return "truncated";
      case ERR_BAD_LENGTH: return "impossible length";
      case ERR_TRAILING: return "trailing octets";
      case ERR_TOO_MANY_SECONDARIES: return "too many secondary IFPs";
      case ERR_FEC_SPAN: return "FEC span out of range";
      case ERR_TOO_MANY_FEC_ENTRIES: return "too many FEC entries";
      case ERR_BAD_ARGUMENT: return "bad argument";
      case ERR_NO_SPACE: return "no space";
      default: return "error " + status;
    }
  }
}
