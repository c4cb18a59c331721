package dev.faxgate.rtp;

/**
 * G.711 µ-law (PCMU) and A-law (PCMA) by table lookup, bit-exact with spandsp's
 * {@code linear_to_ulaw}/{@code ulaw_to_linear} and {@code linear_to_alaw}/{@code alaw_to_linear}
 * on a 16-bit linear scale.
 *
 * <ul>
 *   <li>Decoding: two 256-entry {@code short} tables. µ-law spans ±32124 and both 0x7F and 0xFF
 *       decode to 0; A-law spans ±32256 and has no zero: its idle code 0xD5 decodes to +8.</li>
 *   <li>Encoding: two 65536-entry {@code byte} tables indexed by the sample's 16 bits (64 KiB per
 *       law, built once). Encoding saturates: µ-law clips beyond ±32635 to 0x80/0x00, A-law
 *       beyond 32767/-32768 cannot occur.</li>
 *   <li>Transcoding: two 256-entry tables defined as decode-then-encode, so
 *       {@code ulawToAlaw(c) == linearToAlaw(ulawToLinear(c))} for every code.</li>
 * </ul>
 *
 * <p>The tables are built at class initialisation from the segment algorithm (bias 132 for
 * µ-law, the even-bit inversion 0x55 for A-law). Bulk methods take offsets and lengths and
 * allocate nothing.
 */
public final class G711 {

  /** RTP static payload type of µ-law. */
  public static final int PT_PCMU = 0;
  /** RTP static payload type of A-law. */
  public static final int PT_PCMA = 8;
  /** µ-law silence (idle) code; decodes to 0. */
  public static final byte ULAW_SILENCE = (byte) 0xFF;
  /** A-law silence (idle) code; decodes to +8, the smallest positive level (A-law has no 0). */
  public static final byte ALAW_SILENCE = (byte) 0xD5;

  private static final short[] ULAW_DECODE = new short[256];
  private static final short[] ALAW_DECODE = new short[256];
  private static final byte[] ULAW_ENCODE = new byte[65536];
  private static final byte[] ALAW_ENCODE = new byte[65536];
  private static final byte[] ULAW_TO_ALAW = new byte[256];
  private static final byte[] ALAW_TO_ULAW = new byte[256];

  static {
    for (int c = 0; c < 256; c++) {
      ULAW_DECODE[c] = (short) ulawDecode(c);
      ALAW_DECODE[c] = (short) alawDecode(c);
    }
    for (int x = -32768; x < 32768; x++) {
      ULAW_ENCODE[x & 0xFFFF] = (byte) ulawEncode(x);
      ALAW_ENCODE[x & 0xFFFF] = (byte) alawEncode(x);
    }
    for (int c = 0; c < 256; c++) {
      ULAW_TO_ALAW[c] = ALAW_ENCODE[ULAW_DECODE[c] & 0xFFFF];
      ALAW_TO_ULAW[c] = ULAW_ENCODE[ALAW_DECODE[c] & 0xFFFF];
    }
  }

  private G711() {
  }

  /** The idle code of a static G.711 payload type: {@link #ULAW_SILENCE} for 0, {@link #ALAW_SILENCE} for 8. */
  public static byte silence(int payloadType) {
    switch (payloadType) {
      case PT_PCMU: return ULAW_SILENCE;
      case PT_PCMA: return ALAW_SILENCE;
      default: throw new IllegalArgumentException("not a G.711 payload type: " + payloadType);
    }
  }

  // ---------------------------------------------------------------- one sample

  /** µ-law code (low 8 bits of {@code code} used) to a linear sample in -32124..32124. */
  public static short ulawToLinear(int code) {
    return ULAW_DECODE[code & 0xFF];
  }

  /** A-law code (low 8 bits of {@code code} used) to a linear sample in -32256..32256. */
  public static short alawToLinear(int code) {
    return ALAW_DECODE[code & 0xFF];
  }

  /** A 16-bit linear sample to its µ-law code. */
  public static byte linearToUlaw(short sample) {
    return ULAW_ENCODE[sample & 0xFFFF];
  }

  /** A 16-bit linear sample to its A-law code. */
  public static byte linearToAlaw(short sample) {
    return ALAW_ENCODE[sample & 0xFFFF];
  }

  /** µ-law code to the A-law code of the same level (decode then encode). */
  public static byte ulawToAlaw(int code) {
    return ULAW_TO_ALAW[code & 0xFF];
  }

  /** A-law code to the µ-law code of the same level (decode then encode). */
  public static byte alawToUlaw(int code) {
    return ALAW_TO_ULAW[code & 0xFF];
  }

  // ---------------------------------------------------------------- bulk

  /** Decodes {@code len} µ-law codes from {@code in[inOff..]} into {@code out[outOff..]}. */
  public static void ulawToLinear(byte[] in, int inOff, short[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = ULAW_DECODE[in[inOff + i] & 0xFF];
    }
  }

  /** Decodes {@code len} A-law codes from {@code in[inOff..]} into {@code out[outOff..]}. */
  public static void alawToLinear(byte[] in, int inOff, short[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = ALAW_DECODE[in[inOff + i] & 0xFF];
    }
  }

  /** Encodes {@code len} linear samples from {@code in[inOff..]} to µ-law in {@code out[outOff..]}. */
  public static void linearToUlaw(short[] in, int inOff, byte[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = ULAW_ENCODE[in[inOff + i] & 0xFFFF];
    }
  }

  /** Encodes {@code len} linear samples from {@code in[inOff..]} to A-law in {@code out[outOff..]}. */
  public static void linearToAlaw(short[] in, int inOff, byte[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = ALAW_ENCODE[in[inOff + i] & 0xFFFF];
    }
  }

  /** Transcodes {@code len} µ-law codes to A-law; {@code in} and {@code out} may be the same range. */
  public static void ulawToAlaw(byte[] in, int inOff, byte[] out, int outOff, int len) {
    transcode(ULAW_TO_ALAW, in, inOff, out, outOff, len);
  }

  /** Transcodes {@code len} A-law codes to µ-law; {@code in} and {@code out} may be the same range. */
  public static void alawToUlaw(byte[] in, int inOff, byte[] out, int outOff, int len) {
    transcode(ALAW_TO_ULAW, in, inOff, out, outOff, len);
  }

  private static void transcode(byte[] t, byte[] in, int inOff, byte[] out, int outOff, int len) {
    for (int i = 0; i < len; i++) {
      out[outOff + i] = t[in[inOff + i] & 0xFF];
    }
  }

  // ---------------------------------------------------------------- the algorithm (table builders)

  private static int topBit(int v) {
    return 31 - Integer.numberOfLeadingZeros(v);
  }

  /** µ-law: bias |x| by 132, segment from the top bit, 4-bit mantissa, all bits inverted. */
  private static int ulawEncode(int x) {
    int mask = 0xFF;
    if (x < 0) {
      x = -x;
      mask = 0x7F;
    }
    int biased = x + 0x84;
    int seg = topBit(biased | 0xFF) - 7;
    if (seg >= 8) {
      return 0x7F ^ mask;
    }
    return ((seg << 4) | ((biased >> (seg + 3)) & 0x0F)) ^ mask;
  }

  private static int ulawDecode(int code) {
    int u = ~code & 0xFF;
    int t = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
    return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
  }

  /** A-law: one's-complement magnitude, segment from the top bit, even bits inverted. */
  private static int alawEncode(int x) {
    int mask = 0xD5;
    if (x < 0) {
      x = -x - 1;
      mask = 0x55;
    }
    int seg = topBit(x | 0xFF) - 7;
    if (seg >= 8) {
      return 0x7F ^ mask;
    }
    return ((seg << 4) | ((x >> (seg != 0 ? seg + 3 : 4)) & 0x0F)) ^ mask;
  }

  private static int alawDecode(int code) {
    int a = (code ^ 0x55) & 0xFF;
    int i = (a & 0x0F) << 4;
    int seg = (a & 0x70) >> 4;
    i = seg != 0 ? (i + 0x108) << (seg - 1) : i + 8;
    return (a & 0x80) != 0 ? i : -i;
  }
}
