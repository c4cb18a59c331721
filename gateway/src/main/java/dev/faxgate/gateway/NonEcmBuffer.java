package dev.faxgate.gateway;

import dev.faxgate.modem.BitSource;

/**
 * The rate-adapting buffer between T.38 {@code t4-non-ecm-data} and a fast modem's transmitter, for
 * TCF and non-ECM image data (the role of spandsp's {@code t38_non_ecm_buffer}; own code, bit- rather
 * than octet-granular). It is the modem's {@link BitSource}.
 *
 * <p>Octets come in as T.38 carries them: the first line bit in the MSB. The modem takes bits at its
 * own pace; when the T.38 leg lags (jitter), the buffer must make up bits without corrupting the
 * page:
 *
 * <ul>
 *   <li><b>TCF mode:</b> everything is released as it comes; on underflow the last bit sent is
 *       repeated (TCF is zeros; before the first bit, 1s).</li>
 *   <li><b>Image mode:</b> data is released only up to the start of the most recent complete EOL
 *       ({@code 000000000001}), so a row is never started before it has wholly arrived. When the
 *       modem catches up with that point, the fill goes right before the EOL's 11 zeros: 0 bits, the
 *       fill T.4 allows. Before the first EOL, underflow sends 1s. An EOL that follows the previous
 *       one with at most one bit between them (RTC, with or without MR tag bits) does not move the
 *       release point, so no fill ever lands between the EOLs of an RTC. Rows shorter than the
 *       minimum row bits (from the DCS scan-line time) are padded with 0s before their closing EOL,
 *       as they come in.</li>
 *   <li><b>End:</b> after {@link #finish()} everything held is released; in image mode at least
 *       40 ms of 0s follow (some receivers truncate otherwise); then {@link #END_OF_DATA}.</li>
 * </ul>
 *
 * <p>The store is a ring of bits of fixed capacity; bits that would overrun it are dropped and
 * counted. Nothing is allocated after construction. Not thread-safe.
 */
public final class NonEcmBuffer implements BitSource {
  /** Default capacity: 2^19 bits (64 KiB), 36 s at 14400 bit/s. */
  public static final int DEFAULT_CAPACITY_BITS = 1 << 19;
  /** Length of an EOL's run of zeros. */
  static final int EOL_ZEROS = 11;
  /** Zeros sent after the last data in image mode, ms. */
  public static final int TAIL_MS = 40;

  private final byte[] ring;
  private final long mask;

  private boolean tcf;
  private int bitRate;
  private int minRowBits;

  /** Bits written to the ring so far (input position) and taken out of it (output position). */
  private long in;
  private long out;
  /** The output may read up to here; beyond it, it fills. */
  private long release;
  /** Image mode: an EOL has been seen, so {@link #release} is the start of an EOL. */
  private boolean eolSeen;
  /** Zeros received but not yet written (written when the next 1 tells whether they end in an EOL). */
  private int pendingZeros;
  /** Where the current row began: just after the last EOL's 1. */
  private long rowStart;
  private boolean finished;
  private int tailLeft;
  private int lastBit;
  private boolean ended;

  private long fillBits;
  private long minRowFillBits;
  private long overflowBits;
  private long rows;
  private long inBits;
  private long outBits;

  /** A buffer of {@link #DEFAULT_CAPACITY_BITS}, in TCF mode at 9600 bit/s until {@link #restart}. */
  public NonEcmBuffer() {
    this(DEFAULT_CAPACITY_BITS);
  }

  /** @param capacityBits the ring size in bits, a power of two, at least 64 */
  public NonEcmBuffer(int capacityBits) {
    if (capacityBits < 64 || Integer.bitCount(capacityBits) != 1) {
      throw new IllegalArgumentException("capacityBits must be a power of two >= 64: " + capacityBits);
    }
    ring = new byte[capacityBits >>> 3];
    mask = capacityBits - 1;
    restart(true, 9600, 0);
  }

  /**
   * Makes this buffer as a new one: empty and zeroed, every counter 0, in TCF mode at 9600 bit/s.
   * For a media thread that reuses buffers from session to session ({@code dev.faxgate.relay.PartsPool}).
   */
  public NonEcmBuffer reset() {
    java.util.Arrays.fill(ring, (byte) 0);
    fillBits = 0;
    minRowFillBits = 0;
    overflowBits = 0;
    rows = 0;
    inBits = 0;
    outBits = 0;
    restart(true, 9600, 0);
    return this;
  }

  /** The ring's size in bits. */
  public int capacityBits() {
    return ring.length << 3;
  }

  /**
   * Empties the buffer for a new burst.
   *
   * @param tcf TCF (true) or image data (false)
   * @param bitRate the modem's bit rate (for the 40 ms tail)
   * @param minRowBits the least bits a row may take (0: no minimum)
   */
  public void restart(boolean tcf, int bitRate, int minRowBits) {
    this.tcf = tcf;
    this.bitRate = bitRate;
    this.minRowBits = Math.max(0, minRowBits);
    in = 0;
    out = 0;
    release = 0;
    eolSeen = false;
    pendingZeros = 0;
    rowStart = 0;
    finished = false;
    tailLeft = 0;
    lastBit = 1;
    ended = false;
  }

  /** Adds {@code len} octets of T.38 non-ECM data, the first line bit in each octet's MSB. */
  public void put(byte[] buf, int off, int len) {
    if (finished) {
      return; // data after the end of the burst has no place in it
    }
    for (int i = 0; i < len; i++) {
      int octet = buf[off + i];
      for (int b = 7; b >= 0; b--) {
        putBit((octet >> b) & 1);
      }
    }
  }

  /** Adds one line bit. */
  public void putBit(int bit) {
    if (finished) {
      return;
    }
    inBits++;
    if (tcf) {
      write(bit & 1);
      release = in;
      return;
    }
    if ((bit & 1) == 0) {
      pendingZeros++;
      return;
    }
    if (pendingZeros >= EOL_ZEROS) {
      eol();
    } else {
      writeZeros(pendingZeros);
    }
    pendingZeros = 0;
    write(1);
  }

  /** The 1 that ends an EOL has come; {@link #pendingZeros} >= 11 precede it. */
  private void eol() {
    int before = pendingZeros - EOL_ZEROS; // zeros that belong to the row (its last code, sender's fill)
    if (!eolSeen) {
      writeZeros(before);
      eolSeen = true;
      release = in;
    } else {
      long rowBits = in - rowStart + before;
      if (rowBits > 1) {
        // a real row (back-to-back EOLs of an RTC have 0 or 1 tag bit between them: no fill there)
        if (rowBits < minRowBits) {
          int pad = (int) (minRowBits - rowBits);
          before += pad;
          minRowFillBits += pad;
        }
        writeZeros(before);
        release = in;
        rows++;
      } else {
        writeZeros(before);
      }
    }
    writeZeros(EOL_ZEROS);
    rowStart = in + 1; // after the 1 written next
  }

  private void writeZeros(int n) {
    for (int i = 0; i < n; i++) {
      write(0);
    }
  }

  private void write(int bit) {
    if (in - out >= ring.length * 8L) {
      overflowBits++;
      return;
    }
    int idx = (int) ((in & mask) >>> 3);
    int m = 0x80 >>> (int) (in & 7);
    if (bit != 0) {
      ring[idx] |= (byte) m;
    } else {
      ring[idx] &= (byte) ~m;
    }
    in++;
  }

  /** The end of the burst (t4-non-ecm-sig-end): release everything, then the tail, then end. */
  public void finish() {
    if (finished) {
      return;
    }
    if (!tcf) {
      writeZeros(pendingZeros);
      pendingZeros = 0;
      tailLeft = Math.max(1, bitRate * TAIL_MS / 1000);
    }
    release = in;
    finished = true;
  }

  @Override
  public int getBit() {
    if (out < release) {
      int bit = (ring[(int) ((out & mask) >>> 3)] >>> (7 - (int) (out & 7))) & 1;
      out++;
      outBits++;
      lastBit = bit;
      return bit;
    }
    if (finished) {
      if (tailLeft > 0) {
        tailLeft--;
        return 0;
      }
      ended = true;
      return END_OF_DATA;
    }
    fillBits++;
    if (tcf) {
      return lastBit;
    }
    return eolSeen ? 0 : 1;
  }

  /** True in TCF mode. */
  public boolean tcf() {
    return tcf;
  }

  /** True once {@link #finish()} was called for this burst. */
  public boolean finished() {
    return finished;
  }

  /** True once {@link #getBit()} has returned {@link #END_OF_DATA} for this burst. */
  public boolean ended() {
    return ended;
  }

  /** Bits held (released or not), pending zeros included. */
  public long held() {
    return in - out + pendingZeros;
  }

  /** Bits held that the output may take now. */
  public long releasable() {
    return release - out;
  }

  /** Underflow fill bits sent (1s before the first EOL, 0s before an EOL, repeats in TCF), all bursts. */
  public long fillBits() {
    return fillBits;
  }

  /** 0s added to rows shorter than the minimum row bits, all bursts. */
  public long minRowFillBits() {
    return minRowFillBits;
  }

  /** Bits dropped because the ring was full, all bursts. */
  public long overflowBits() {
    return overflowBits;
  }

  /** Image rows closed by an EOL (RTC EOLs not counted), all bursts. */
  public long rows() {
    return rows;
  }

  /** Line bits received, all bursts. */
  public long inBits() {
    return inBits;
  }

  /** Buffered bits sent (fill and tail excluded), all bursts. */
  public long outBits() {
    return outBits;
  }
}
