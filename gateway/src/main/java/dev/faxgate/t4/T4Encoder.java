package dev.faxgate.t4;

import java.util.Arrays;

/**
 * Encodes a page row by row in MH, MR or MMR (T.4 §4.1, §4.2; T.6 §2) and keeps the code octets
 * until they are {@linkplain #read read}.
 *
 * <p>Rows are packed, {@code width / 8} octets, bit 7 of octet 0 the leftmost pixel, 1 = black.
 * Widths are multiples of 8 from 8 to 8192 (fax uses 1728, 2048 and 2432; 2592 and 3456 at 300
 * and 400 dpi).
 *
 * <p>Use: {@link #startPage()}, {@link #encodeRow} for every row, {@link #endPage()}; between and
 * after, {@link #read} takes the finished octets (all of them after {@code endPage}, whose last
 * octet is padded with zeros). What a page looks like depends on the {@link Form}:
 *
 * <ul>
 *   <li>{@link Form#TRANSMISSION} (T.4 §4.1.2, §4.1.4): an EOL before every row (MR: EOL + tag bit),
 *       zero fill before each EOL so that a row (EOL, data, fill) has at least
 *       {@link #minRowBits(int) minRowBits} bits (the minimum scan-line time times the bit rate,
 *       non-ECM only), and RTC (six EOLs, MR: each + 1) after the last row. MMR: the rows, then EOFB.
 *   <li>{@link Form#TIFF}: what a TIFF class F strip holds (libtiff with GROUP3OPT_FILLBITS, as
 *       {@code faxpeer make-tiff} writes): an EOL before every row, zero fill so that each EOL
 *       ends on an octet boundary, no RTC. MMR: the rows, then EOFB, as in transmission.
 * </ul>
 *
 * <p>The coding is canonical: for MMR, and for MH and MR in the TIFF form, the octets are the ones
 * libtiff writes for the same rows (K = 2 or 4 in MR, one 1-D row then K - 1 2-D rows); the MR
 * transmission form without fill is the bit stream spandsp's T.38 terminal sends (T4SpandspPagesTest).
 *
 * <p>Steady state allocates nothing: the octet buffer grows until it holds what the caller lets
 * accumulate, then is reused. Not thread-safe: one encoder per page stream.
 */
public final class T4Encoder {
  /** The two shapes a coded page takes; see the class comment. */
  public enum Form {
    TRANSMISSION,
    TIFF
  }

  /** EOL: eleven zeros and a one (T.4 §4.1.2). */
  private static final int EOL = 1;
  private static final int EOL_LENGTH = 12;
  private static final int RTC_EOLS = 6;

  private final T4Coding coding;
  private final int width;
  private final int k;
  private final int[] reference;
  private final int[] current;
  private int referenceCount;
  private Form form = Form.TRANSMISSION;
  private T4BitOrder bitOrder = T4BitOrder.MSB_FIRST;
  private int minRowBits;

  // pending bits, right-aligned, and their number (< 8 between calls)
  private long bits;
  private int bitCount;
  private long totalBits;
  private long rowStartBit;
  private int rowInPage;

  private byte[] out = new byte[4096];
  private int outStart;
  private int outEnd;

  private T4Encoder(T4Coding coding, int width, int k) {
    if (width < 8 || width > 8192 || width % 8 != 0) {
      throw new IllegalArgumentException("T.4 row width must be a multiple of 8 in 8..8192, not " + width);
    }
    if (coding == T4Coding.MR && (k < 1 || k > 64)) {
      throw new IllegalArgumentException("MR K must be 1..64 (2 standard, 4 fine), not " + k);
    }
    this.coding = coding;
    this.width = width;
    this.k = k;
    this.reference = ChangingElements.forWidth(width);
    this.current = ChangingElements.forWidth(width);
  }

  /** An MH (T.4 1-D) encoder for rows {@code width} pixels wide. */
  public static T4Encoder mh(int width) {
    return new T4Encoder(T4Coding.MH, width, 1);
  }

  /** An MR (T.4 2-D) encoder: one 1-D row then up to {@code k - 1} 2-D rows (K = 2 standard, 4 fine resolution). */
  public static T4Encoder mr(int width, int k) {
    return new T4Encoder(T4Coding.MR, width, k);
  }

  /**
   * T.4's K for MR at a vertical resolution (T.4 §4.2.1): 2 at 3.85 lines/mm (standard, 98 lpi),
   * 4 at 7.7 lines/mm and 200 lpi (fine), 6 at 300 lpi, 8 at 15.4 lines/mm and 400 lpi
   * (superfine). The receiver reads the tag bits, so K only bounds what a lost row can cost.
   */
  public static int k(double linesPerInch) {
    return linesPerInch < 150 ? 2 : linesPerInch < 250 ? 4 : linesPerInch < 350 ? 6 : 8;
  }

  /** An MMR (T.6) encoder. */
  public static T4Encoder mmr(int width) {
    return new T4Encoder(T4Coding.MMR, width, Integer.MAX_VALUE);
  }

  /** The page form (default {@link Form#TRANSMISSION}); set between pages. */
  public T4Encoder form(Form form) {
    this.form = form;
    return this;
  }

  /** The octet order of {@link #read} (default {@link T4BitOrder#MSB_FIRST}); set between pages. */
  public T4Encoder bitOrder(T4BitOrder order) {
    this.bitOrder = order;
    return this;
  }

  /**
   * The least bits of a coded row, EOL included, in the transmission form of MH and MR (0, the
   * default: no fill). The minimum scan-line time of DCS bits 21-23 times the bit rate, e.g. 20 ms
   * at 9600 bit/s = 192.
   */
  public T4Encoder minRowBits(int bits) {
    if (bits < 0) {
      throw new IllegalArgumentException("minRowBits must be >= 0, not " + bits);
    }
    this.minRowBits = bits;
    return this;
  }

  public T4Coding coding() {
    return coding;
  }

  public int width() {
    return width;
  }

  /** Starts a page: the row above the first is white, the first MR row is 1-D. */
  public void startPage() {
    referenceCount = 0;
    Arrays.fill(reference, 0, ChangingElements.SENTINELS, width);
    rowInPage = 0;
  }

  /** Encodes the packed row at {@code row[off .. off + width / 8)}. */
  public void encodeRow(byte[] row, int off) {
    int n = ChangingElements.fromRow(row, off, width, current);
    boolean twoD;
    if (coding == T4Coding.MMR) {
      twoD = true;
    } else {
      twoD = coding == T4Coding.MR && rowInPage % k != 0;
      endRowAndPutEol();
      if (coding == T4Coding.MR) {
        put(twoD ? 0 : 1, 1);
      }
    }
    if (twoD) {
      encode2d(n);
    } else {
      encode1d(n);
    }
    System.arraycopy(current, 0, reference, 0, n + ChangingElements.SENTINELS);
    referenceCount = n;
    rowInPage++;
  }

  /** Ends the page: RTC (transmission form of MH and MR) or EOFB (MMR), then zeros to the octet boundary. */
  public void endPage() {
    if (coding == T4Coding.MMR) {
      put(EOL, EOL_LENGTH);
      put(EOL, EOL_LENGTH);
    } else if (form == Form.TRANSMISSION) {
      padRow();
      for (int i = 0; i < RTC_EOLS; i++) {
        put(EOL, EOL_LENGTH);
        if (coding == T4Coding.MR) {
          put(1, 1);
        }
      }
    }
    if (bitCount > 0) {
      put(0, 8 - bitCount);
    }
  }

  /** Octets ready to {@link #read}. */
  public int available() {
    return outEnd - outStart;
  }

  /** Moves up to {@code len} finished octets to {@code dst[off..]}; returns how many. */
  public int read(byte[] dst, int off, int len) {
    int n = Math.min(len, outEnd - outStart);
    System.arraycopy(out, outStart, dst, off, n);
    outStart += n;
    if (outStart == outEnd) {
      outStart = 0;
      outEnd = 0;
    }
    return n;
  }

  /** All finished octets, removed from the encoder (allocates: for files and tests, not per row). */
  public byte[] readAll() {
    byte[] all = new byte[available()];
    read(all, 0, all.length);
    return all;
  }

  private void endRowAndPutEol() {
    if (rowInPage > 0) {
      padRow();
    }
    if (form == Form.TIFF) {
      // fill so that the EOL ends on an octet boundary (TIFF T4Options bit 2, "fill bits")
      int pad = (int) ((8 - ((totalBits + EOL_LENGTH) & 7)) & 7);
      put(0, pad);
    }
    rowStartBit = totalBits;
    put(EOL, EOL_LENGTH);
  }

  /**
   * Zero fill so that the row begun at {@code rowStartBit} (its EOL, tag bit and data) has at
   * least minRowBits: one EOL per row, so EOL to EOL is at least the minimum scan-line time.
   */
  private void padRow() {
    if (form == Form.TRANSMISSION && minRowBits > 0) {
      long have = totalBits - rowStartBit;
      for (long fill = minRowBits - have; fill > 0; fill -= 24) {
        put(0, (int) Math.min(24, fill));
      }
    }
  }

  private void encode1d(int n) {
    int colour = 0;
    int a0 = 0;
    for (int i = 0; i <= n; i++) {
      int a1 = current[i]; // current[n] is the width sentinel
      putRun(colour, a1 - a0);
      a0 = a1;
      colour ^= 1;
    }
  }

  /** T.4 §4.2.1.3.2 (T.6 §2.2.3): pass if b2 is left of a1, vertical if |a1 - b1| <= 3, else horizontal. */
  private void encode2d(int n) {
    int[] ref = reference;
    int[] cur = current;
    int a0 = -1; // the imaginary white element before the row
    int colour = 0;
    int ai = 0; // index of a1 in cur: the first element right of a0
    int bi = 0; // index of the first reference element right of a0
    while (a0 < width) {
      while (bi < referenceCount && ref[bi] <= a0) {
        bi++;
      }
      int b1i = (bi & 1) == colour ? bi : bi + 1; // b1 changes to the colour opposite a0's
      int b1 = ref[b1i];
      int b2 = ref[b1i + 1];
      int a1 = cur[ai];
      if (b2 < a1) {
        put(RunCodes.PASS_CODE, RunCodes.PASS_LENGTH);
        a0 = b2;
      } else if (a1 - b1 <= 3 && b1 - a1 <= 3) {
        put(RunCodes.VERTICAL_CODE[a1 - b1 + 3], RunCodes.VERTICAL_LENGTH[a1 - b1 + 3]);
        a0 = a1;
        colour ^= 1;
        ai++;
      } else {
        int a2 = cur[ai + 1];
        put(RunCodes.HORIZONTAL_CODE, RunCodes.HORIZONTAL_LENGTH);
        putRun(colour, a1 - Math.max(a0, 0));
        putRun(colour ^ 1, a2 - a1);
        a0 = a2;
        ai += 2;
      }
      if (ai > n) {
        ai = n; // past the last element: a1 and a2 stay on the width sentinels
      }
    }
  }

  private void putRun(int colour, int run) {
    while (run > RunCodes.MAX_MAKE_UP + 63) {
      put(RunCodes.MAKE_UP_CODE[colour][40], RunCodes.MAKE_UP_LENGTH[colour][40]);
      run -= RunCodes.MAX_MAKE_UP;
    }
    if (run >= 64) {
      int m = run >>> 6;
      put(RunCodes.MAKE_UP_CODE[colour][m], RunCodes.MAKE_UP_LENGTH[colour][m]);
      run &= 63;
    }
    put(RunCodes.TERMINATING_CODE[colour][run], RunCodes.TERMINATING_LENGTH[colour][run]);
  }

  /** Appends the {@code len} (0..24) low bits of {@code code}, first bit the most significant. */
  private void put(int code, int len) {
    bits = bits << len | code;
    bitCount += len;
    totalBits += len;
    while (bitCount >= 8) {
      bitCount -= 8;
      int octet = (int) (bits >>> bitCount) & 0xFF;
      if (outEnd == out.length) {
        makeRoom();
      }
      out[outEnd++] = (byte) (bitOrder == T4BitOrder.MSB_FIRST ? octet : T4BitOrder.reverse(octet));
    }
    bits &= (1L << bitCount) - 1;
  }

  private void makeRoom() {
    if (outStart > 0) {
      System.arraycopy(out, outStart, out, 0, outEnd - outStart);
      outEnd -= outStart;
      outStart = 0;
    } else {
      out = Arrays.copyOf(out, out.length * 2);
    }
  }
}
