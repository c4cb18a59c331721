package dev.faxgate.t38;

/**
 * ASN.1 BASIC-ALIGNED PER codec for T.38 {@code IFPPacket}, both modules: version 0 is the 1998
 * ASN.1 ("pre-corrigendum"), versions 1..3 the 2002 ASN.1.
 *
 * <pre>
 *  first octet(s)                            bits, MSB of each octet first
 *  +---+---+---+---------------+---pad---+
 *  | D | C | E | root idx (4)  |         |   E=0: one octet
 *  +---+---+---+---+-----------+---------+
 *  | D | C | 1 | 0 | ext idx (6)  |  pad |   E=1: two octets (normally small number)
 *  D = data-field present, C = 0 t30-indicator / 1 t30-data, E = enum extension bit
 *
 *  if D: count of elements (length determinant, aligned: 0xxxxxxx or 10xxxxxx xxxxxxxx), then
 *  per element, packed bit after bit:
 *    P (field-data present), field-type:  1998: 3 bits          (no extension marker)
 *                                         2002: 0 + 3 bits, or 1 + 0 + 6 bits
 *    if P: pad to octet, 16 bits (length - 1), the octets
 *  pad to octet at the end
 * </pre>
 *
 * <p>The codec is strict X.691: an element without field-data is 4 (1998) or 5 (2002) bits and
 * the next element follows in the same octet, and an extended field-type is {@code 1 0 vvvvvv}.
 * spandsp 0.0.6 writes both differently (every element octet-aligned; one 0 bit too many before
 * an extended field-type) and, for versions 1..3, also reads them its way. The two agree, byte for
 * byte, on every IFP with one element, on elements without data placed last, and on every
 * field-type but jm-message, ci-message and v34rate; that covers what fax gateways send (one
 * element, or data followed by hdlc-fcs-OK). A sender that must reach spandsp-based peers at
 * version 1..3 should not put an element without data before another one. The ASN.1 has no extensible
 * SEQUENCE or CHOICE, so no extension addition is wrapped as an open type here; the open types
 * of T.38 are the IFPs inside a UDPTL packet (see {@code dev.faxgate.udptl.UdptlPacket}).
 *
 * <p>No method throws or allocates: every problem is a negative status code.
 */
public final class IfpCodec {
  /** Decoded: the whole input was one valid IFP. */
  public static final int OK = 0;
  /** The input ends inside the IFP. */
  public static final int ERR_TRUNCATED = -1;
  /** A length that cannot be right: more elements than the bits left, or a fragmented count. */
  public static final int ERR_BAD_LENGTH = -2;
  /** An enumeration index that no module defines. */
  public static final int ERR_UNKNOWN_ENUM = -3;
  /** A value that exists, but not in the requested version (2002 additions in version 0). */
  public static final int ERR_NOT_IN_VERSION = -4;
  /** Octets left after the IFP's encoding ended. */
  public static final int ERR_TRAILING = -5;
  /** More elements than the {@link IfpPacket} can hold. */
  public static final int ERR_TOO_MANY_FIELDS = -6;
  /** Encoding: the output has no room for the IFP. */
  public static final int ERR_NO_SPACE = -7;
  /** A null array, a range outside the array, or a packet that cannot be encoded. */
  public static final int ERR_BAD_ARGUMENT = -8;
  /** A version outside 0..3. */
  public static final int ERR_BAD_VERSION = -9;

  /** Highest T.38 version known. */
  public static final int MAX_VERSION = 3;

  private IfpCodec() {
  }

  /**
   * Decodes the IFP in {@code buf[off .. off+len)} into {@code out}, whose fields then refer
   * into {@code buf}. The IFP must fill the range exactly.
   *
   * @param version T.38 version 0..3 (0: 1998 ASN.1, else 2002)
   * @return {@link #OK} or a negative {@code ERR_*} code; on error {@code out} is reset
   */
  public static int decode(byte[] buf, int off, int len, int version, IfpPacket out) {
    if (out == null) {
      return ERR_BAD_ARGUMENT;
    }
    int n = parse(buf, off, len, version, out);
    if (n >= 0 && n != len) {
      n = ERR_TRAILING;
    }
    if (n < 0) {
      out.reset();
      return n;
    }
    return OK;
  }

  /**
   * Where the IFP that starts at {@code buf[off]} ends: its length in octets (at most {@code
   * len}), ignoring what follows it. Used to strip the zero padding of an IFP rebuilt from FEC.
   *
   * @return the length, or a negative {@code ERR_*} code
   */
  public static int measure(byte[] buf, int off, int len, int version) {
    return parse(buf, off, len, version, null);
  }

  private static int parse(byte[] buf, int off, int len, int version, IfpPacket out) {
    if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
      return ERR_BAD_ARGUMENT;
    }
    if (version < 0 || version > MAX_VERSION) {
      return ERR_BAD_VERSION;
    }
    final long end = (long) len * 8;
    long pos = 0;
    if (end < 7) {
      return ERR_TRUNCATED;
    }
    boolean dataField = bits(buf, off, 0, 1) == 1;
    boolean dataMsg = bits(buf, off, 1, 1) == 1;
    boolean ext = bits(buf, off, 2, 1) == 1;
    pos = 3;
    int ordinal;
    if (!ext) {
      int idx = bits(buf, off, pos, 4);
      pos += 4;
      if (dataMsg) {
        T38DataType t = T38DataType.fromPer(false, idx);
        if (t == null) {
          return ERR_UNKNOWN_ENUM;
        }
        ordinal = t.ordinal();
      } else {
        ordinal = T38Indicator.fromPer(false, idx).ordinal();
      }
    } else {
      if (end < 10) {
        return ERR_TRUNCATED;
      }
      if (bits(buf, off, pos, 1) == 1) {
        return ERR_UNKNOWN_ENUM; // an extension index >= 64: none is defined
      }
      int idx = bits(buf, off, pos + 1, 6);
      pos += 7;
      Enum<?> v = dataMsg ? T38DataType.fromPer(true, idx) : T38Indicator.fromPer(true, idx);
      if (v == null) {
        return ERR_UNKNOWN_ENUM;
      }
      if (version == 0) {
        return ERR_NOT_IN_VERSION;
      }
      ordinal = v.ordinal();
    }
    pos = align(pos);
    if (out != null) {
      out.decodedHeader(dataMsg, ordinal, dataField);
    }
    if (!dataField) {
      return (int) (pos >>> 3);
    }
    // SEQUENCE OF: unconstrained length determinant, octet aligned
    if (pos + 8 > end) {
      return ERR_TRUNCATED;
    }
    int count = bits(buf, off, pos, 8);
    pos += 8;
    if ((count & 0x80) != 0) {
      if ((count & 0x40) != 0) {
        return ERR_BAD_LENGTH; // fragmented (16K elements or more)
      }
      if (pos + 8 > end) {
        return ERR_TRUNCATED;
      }
      count = ((count & 0x3F) << 8) | bits(buf, off, pos, 8);
      pos += 8;
    }
    final int itemBits = version == 0 ? 4 : 5;
    if ((long) count * itemBits > end - pos) {
      return ERR_BAD_LENGTH;
    }
    if (out != null && count > out.maxFields()) {
      return ERR_TOO_MANY_FIELDS;
    }
    for (int i = 0; i < count; i++) {
      if (pos + itemBits > end) {
        return ERR_TRUNCATED;
      }
      boolean present = bits(buf, off, pos, 1) == 1;
      pos++;
      T38FieldType type;
      if (version == 0 || bits(buf, off, pos++, 1) == 0) {
        type = T38FieldType.fromPer(false, bits(buf, off, pos, 3));
        pos += 3;
      } else {
        if (pos + 7 > end) {
          return ERR_TRUNCATED;
        }
        if (bits(buf, off, pos, 1) == 1) {
          return ERR_UNKNOWN_ENUM;
        }
        type = T38FieldType.fromPer(true, bits(buf, off, pos + 1, 6));
        pos += 7;
        if (type == null) {
          return ERR_UNKNOWN_ENUM;
        }
      }
      int dataLen = 0;
      if (present) {
        pos = align(pos);
        if (pos + 16 > end) {
          return ERR_TRUNCATED;
        }
        dataLen = bits(buf, off, pos, 16) + 1;
        pos += 16;
        if (pos + (long) dataLen * 8 > end) {
          return ERR_TRUNCATED;
        }
      }
      if (out != null) {
        out.decodedField(type.ordinal(), buf, off + (int) ((pos + 7) >>> 3), dataLen);
      }
      pos += (long) dataLen * 8;
    }
    return (int) (align(pos) >>> 3);
  }

  /**
   * Encodes {@code in} for T.38 version {@code version} into {@code out} from {@code off}.
   *
   * @return the number of octets written, or a negative {@code ERR_*} code: {@link
   *     #ERR_NOT_IN_VERSION} for a 2002 value in version 0, {@link #ERR_NO_SPACE} when the
   *     array is too short (its contents from {@code off} are then undefined)
   */
  public static int encode(IfpPacket in, int version, byte[] out, int off) {
    if (in == null || out == null || off < 0 || off > out.length) {
      return ERR_BAD_ARGUMENT;
    }
    if (version < 0 || version > MAX_VERSION) {
      return ERR_BAD_VERSION;
    }
    final long end = (long) (out.length - off) * 8;
    boolean ext;
    int idx;
    if (in.isData()) {
      T38DataType t = in.dataType();
      ext = t.isExtension();
      idx = t.perIndex();
    } else {
      T38Indicator t = in.indicator();
      ext = t.isExtension();
      idx = t.perIndex();
    }
    if (ext && version == 0) {
      return ERR_NOT_IN_VERSION;
    }
    if (end < (ext ? 16 : 8)) {
      return ERR_NO_SPACE;
    }
    long pos = 0;
    pos = put(out, off, pos, 1, in.hasDataField() ? 1 : 0);
    pos = put(out, off, pos, 1, in.isData() ? 1 : 0);
    pos = ext ? put(out, off, pos, 8, 0x80 | idx) : put(out, off, pos, 5, idx);
    pos = align(pos);
    if (!in.hasDataField()) {
      return (int) (pos >>> 3);
    }
    int count = in.fieldCount();
    int countOctets = count < 0x80 ? 1 : 2;
    if (pos + countOctets * 8L > end) {
      return ERR_NO_SPACE;
    }
    pos = countOctets == 1 ? put(out, off, pos, 8, count) : put(out, off, pos, 16, 0x8000 | count);
    for (int i = 0; i < count; i++) {
      T38FieldType type = in.fieldType(i);
      int dataLen = in.fieldLength(i);
      if (type.isExtension() && version == 0) {
        return ERR_NOT_IN_VERSION;
      }
      int headBits = version == 0 ? 4 : type.isExtension() ? 9 : 5;
      if (pos + headBits > end) {
        return ERR_NO_SPACE;
      }
      pos = put(out, off, pos, 1, dataLen > 0 ? 1 : 0);
      if (version == 0) {
        pos = put(out, off, pos, 3, type.perIndex());
      } else if (type.isExtension()) {
        pos = put(out, off, pos, 8, 0x80 | type.perIndex());
      } else {
        pos = put(out, off, pos, 4, type.perIndex());
      }
      if (dataLen > 0) {
        pos = align(pos);
        if (pos + 16 + dataLen * 8L > end) {
          return ERR_NO_SPACE;
        }
        pos = put(out, off, pos, 16, dataLen - 1);
        System.arraycopy(in.fieldArray(i), in.fieldOffset(i), out, off + (int) (pos >>> 3), dataLen);
        pos += dataLen * 8L;
      }
    }
    return (int) (align(pos) >>> 3);
  }

  /** A short English name for a status code, for logs. */
  public static String describe(int status) {
    switch (status) {
      case OK: return "ok";
      case ERR_TRUNCATED: return "truncated";
      case ERR_BAD_LENGTH: return "impossible length";
      case ERR_UNKNOWN_ENUM: return "unknown enumeration index";
      case ERR_NOT_IN_VERSION: return "value not in this T.38 version";
      case ERR_TRAILING: return "trailing octets";
      case ERR_TOO_MANY_FIELDS: return "too many data-field elements";
      case ERR_NO_SPACE: return "no space";
      case ERR_BAD_ARGUMENT: return "bad argument";
      case ERR_BAD_VERSION: return "bad T.38 version";
      default: return status >= 0 ? "ok (" + status + ")" : "error " + status;
    }
  }

  private static long align(long pos) {
    return (pos + 7) & ~7L;
  }

  /** {@code n} (<= 16) bits MSB first from bit {@code pos} after {@code buf[off]}; caller checks bounds. */
  private static int bits(byte[] buf, int off, long pos, int n) {
    int v = 0;
    for (int i = 0; i < n; i++, pos++) {
      v = (v << 1) | ((buf[off + (int) (pos >>> 3)] >> (7 - (int) (pos & 7))) & 1);
    }
    return v;
  }

  /** Writes {@code n} bits MSB first, clearing each octet as it is entered; returns the new position. */
  private static long put(byte[] out, int off, long pos, int n, int value) {
    for (int i = n - 1; i >= 0; i--, pos++) {
      int o = off + (int) (pos >>> 3);
      int shift = 7 - (int) (pos & 7);
      if (shift == 7) {
        out[o] = 0;
      }
      out[o] |= (byte) (((value >>> i) & 1) << shift);
    }
    return pos;
  }
}
