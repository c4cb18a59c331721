package dev.faxgate.t4;

import java.util.Arrays;

/**
 * Decodes an MH, MR or MMR page from octets as they arrive, in any chunking, and hands each row
 * to a {@link RowSink}. Rows are packed, {@code width / 8} octets, bit 7 of octet 0 the leftmost
 * pixel, 1 = black (the encoder's format).
 *
 * <p>Use: {@link #startPage()}, then {@link #put} the page's octets as they come (in the
 * {@linkplain #bitOrder bit order} of their source); {@code put} returns true once the page has
 * ended: RTC (five consecutive EOLs are enough, so that a hit on the EOL that ends the last row
 * does not hide the end) or EOFB. When the data stops without either (the carrier dropped, or a
 * TIFF strip, which holds no RTC), call {@link #finish()}.
 *
 * <p><b>Bad rows (non-ECM, MH and MR).</b> A row is bad when its code does not decode, when its
 * runs pass the row's end, when an EOL comes before the end (a short row) or when something other
 * than fill and EOL follows its end. The decoder then looks for the next EOL and starts again
 * there (T.4 §4.1.2: the EOL is what lets a receiver resynchronise). A bad row is concealed: the
 * sink gets the previous row again (white before the first), flagged as concealed. In MR a 2-D
 * row is coded against the row above, so after a bad row every 2-D row is concealed too, up to
 * the next 1-D row. {@link #badRows()} and {@link #longestBadRun()} (consecutive bad rows) are
 * what T.30's copy-quality check needs. In MMR (ECM, error-free by construction) a coding error
 * ends the page with {@link PageEnd#DECODE_ERROR}: there is no EOL to resynchronise on.
 *
 * <p>Steady state allocates nothing. Not thread-safe: one decoder per page stream.
 */
public final class T4Decoder {
  /** Receives the decoded rows of a page, in order. */
  @FunctionalInterface
  public interface RowSink {
    /**
     * One row, in the decoder's own buffer ({@code width / 8} octets from 0): valid during the call
     * only, copy what you keep. {@code concealed}: the row was bad and this is the previous row again.
     */
    void row(byte[] row, boolean concealed);
  }

  /** How a page ended. */
  public enum PageEnd {
    /** Return to control (T.4 §4.1.4): five or six consecutive EOLs. */
    RTC,
    /** End of facsimile block (T.6 §2.4). */
    EOFB,
    /** {@link #finish()} before RTC or EOFB: the data stopped (a TIFF strip, a dropped carrier). */
    END_OF_DATA,
    /** MMR: the code did not decode; the rows after the error are lost. */
    DECODE_ERROR
  }

  /** Where the decoder is in the T.4 structure. */
  private enum State {
    /** Skipping bits up to the next EOL: at the start of a T.4 page, and after a bad row. */
    SYNC,
    /** MR: the tag bit after an EOL. */
    TAG,
    /** A 1-D row: run-length codes. */
    ONE_D,
    /** A 2-D row: mode codes. */
    TWO_D,
    /** A 2-D row inside horizontal mode: its two run lengths. */
    HORIZONTAL,
    /** The row has reached its width: fill, then an EOL must follow. */
    ROW_END,
    /** Zeros where a code should start: an EOL (or RTC) or an error. */
    ZEROS,
    /** The page has ended. */
    DONE
  }

  /** Consecutive EOLs that end a T.4 page (RTC is six). */
  private static final int RTC_EOLS = 5;
  /** An EOL is at least eleven zeros and a one. */
  private static final int EOL_ZEROS = 11;

  private final T4Coding coding;
  private final int width;
  private final RowSink sink;
  private T4BitOrder bitOrder = T4BitOrder.MSB_FIRST;

  private final byte[] row;
  private int[] reference;
  private int referenceCount;
  private int[] current;
  private int currentCount;

  // the bit stream: the next bit is bit 63 of acc; bits below the `have` valid ones are zero
  private long acc;
  private int have;

  private State state;
  private int a0;
  private int colour;
  private int refIndex;
  private int runTotal;
  private int horizontalRunsLeft;
  private int horizontalColour;
  private boolean rowHasCode;
  private boolean rowIsTwoD;
  private boolean referenceGood;
  private int zeros;
  private int consecutiveEols;
  private int eofbEols;

  private int rows;
  private int badRows;
  private int badRun;
  private int longestBadRun;
  private PageEnd pageEnd;

  /** A decoder for {@code coding} and rows {@code width} pixels wide (a multiple of 8, 8..8192). */
  public T4Decoder(T4Coding coding, int width, RowSink sink) {
    if (width < 8 || width > 8192 || width % 8 != 0) {
      throw new IllegalArgumentException("T.4 row width must be a multiple of 8 in 8..8192, not " + width);
    }
    this.coding = coding;
    this.width = width;
    this.sink = sink;
    this.row = new byte[width / 8];
    this.reference = ChangingElements.forWidth(width);
    this.current = ChangingElements.forWidth(width);
    startPage();
  }

  /**
   * A decoder that only checks and counts the rows ({@link #rows()}, {@link #badRows()},
   * {@link #pageEnd()}): it does not draw them, which is a good part of decoding (a receiver that
   * keeps the page as its coded octets needs no pixels).
   */
  public static T4Decoder countingRows(T4Coding coding, int width) {
    return new T4Decoder(coding, width, null);
  }

  /** The octet order of what {@link #put} gets (default {@link T4BitOrder#MSB_FIRST}). */
  public T4Decoder bitOrder(T4BitOrder order) {
    this.bitOrder = order;
    return this;
  }

  /** Starts a page: counters to zero, the row above the first white. */
  public void startPage() {
    Arrays.fill(row, (byte) 0);
    referenceCount = 0;
    Arrays.fill(reference, 0, ChangingElements.SENTINELS, width);
    referenceGood = true;
    acc = 0;
    have = 0;
    zeros = 0;
    consecutiveEols = 0;
    eofbEols = 0;
    rows = 0;
    badRows = 0;
    badRun = 0;
    longestBadRun = 0;
    pageEnd = null;
    if (coding == T4Coding.MMR) {
      startRow(true);
    } else {
      state = State.SYNC;
    }
  }

  /**
   * Decodes {@code len} octets from {@code buf[off..]}; returns true when the page has ended
   * (RTC or EOFB now or before; octets after the end are ignored).
   */
  public boolean put(byte[] buf, int off, int len) {
    int i = off;
    int end = off + len;
    boolean lsbFirst = bitOrder == T4BitOrder.LSB_FIRST;
    while (state != State.DONE) {
      while (have <= 56 && i < end) {
        int b = buf[i++] & 0xFF;
        acc |= (long) (lsbFirst ? T4BitOrder.reverse(b) : b) << (56 - have);
        have += 8;
      }
      decode();
      if (i >= end) {
        break;
      }
    }
    return state == State.DONE;
  }

  /**
   * The data has stopped. A row that reached its width is kept (a TIFF strip's last row has no
   * EOL after it); a row cut short is bad. The page ends with {@link PageEnd#END_OF_DATA} unless
   * it had already ended.
   */
  public void finish() {
    if (state == State.DONE) {
      return;
    }
    if (state == State.ROW_END) {
      rowDecoded();
    } else if (rowHasCode && (state == State.ONE_D || state == State.TWO_D || state == State.HORIZONTAL
        || state == State.ZEROS)) {
      badRow();
    }
    end(PageEnd.END_OF_DATA);
  }

  /** Rows handed to the sink so far in this page, concealed ones included. */
  public int rows() {
    return rows;
  }

  /** Rows that were bad and concealed. */
  public int badRows() {
    return badRows;
  }

  /** The most consecutive bad rows. */
  public int longestBadRun() {
    return longestBadRun;
  }

  /** How the page ended, or null while it goes on. */
  public PageEnd pageEnd() {
    return pageEnd;
  }

  public int width() {
    return width;
  }

  public T4Coding coding() {
    return coding;
  }

  /** Decodes from the buffered bits until more are needed or the page ends. */
  private void decode() {
    while (true) {
      switch (state) {
        case SYNC -> {
          if (!zerosThenOne()) {
            return;
          }
          if (zeros >= EOL_ZEROS) {
            consecutiveEols = 1;
            afterEol();
          }
          zeros = 0;
        }
        case TAG -> {
          if (have < 1) {
            return;
          }
          boolean oneD = acc < 0;
          consume(1);
          startRow(!oneD);
        }
        case ONE_D -> {
          if (!runCode(colour)) {
            return;
          }
        }
        case HORIZONTAL -> {
          if (!runCode(horizontalColour)) {
            return;
          }
        }
        case TWO_D -> {
          if (!modeCode()) {
            return;
          }
        }
        case ROW_END -> {
          if (!zerosThenOne()) {
            return;
          }
          if (zeros >= EOL_ZEROS) {
            rowDecoded();
            consecutiveEols = 1;
            afterEol();
          } else {
            badRow(); // more than the row: a code where fill or an EOL should be
            state = State.SYNC;
          }
          zeros = 0;
        }
        case ZEROS -> {
          if (!zerosThenOne()) {
            return;
          }
          zerosEnded();
        }
        case DONE -> {
          return;
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
  }

  /** After zeros in place of a code: an EOL, part of EOFB (MMR), or an error. */
  private void zerosEnded() {
    boolean eol = zeros >= EOL_ZEROS;
    zeros = 0;
    if (coding == T4Coding.MMR) {
      if (eol && !rowHasCode && (eofbEols == 0 || eofbEols == 1)) {
        if (++eofbEols == 2) {
          end(PageEnd.EOFB);
        } else {
          state = State.ZEROS;
        }
      } else {
        codingError();
      }
      return;
    }
    if (!eol) {
      codingError();
      return;
    }
    if (rowHasCode) {
      badRow(); // an EOL before the row reached its width
      consecutiveEols = 1;
    } else {
      consecutiveEols++;
    }
    afterEol();
  }

  /** An EOL has been read: the page ends, or the next row starts (after its tag bit in MR). */
  private void afterEol() {
    if (consecutiveEols >= RTC_EOLS) {
      end(PageEnd.RTC);
    } else if (coding == T4Coding.MR) {
      rowHasCode = false;
      state = State.TAG;
    } else {
      startRow(false);
    }
  }

  private void startRow(boolean twoD) {
    rowIsTwoD = twoD;
    rowHasCode = false;
    currentCount = 0;
    colour = 0;
    runTotal = 0;
    refIndex = 0;
    a0 = twoD ? -1 : 0;
    state = twoD ? State.TWO_D : State.ONE_D;
  }

  /** One run code of {@code c}'s table; false when more bits are needed. */
  private boolean runCode(int c) {
    int entry = RunCodes.RUN_TABLE[c][(int) (acc >>> (64 - RunCodes.RUN_PEEK))];
    int kind = RunCodes.kind(entry);
    if (kind == RunCodes.ZEROS) {
      if (have < 8) {
        return false; // eight real zeros, not padding, say that no run code starts here
      }
      state = State.ZEROS;
      return true;
    }
    if (kind == RunCodes.INVALID) {
      if (have < RunCodes.RUN_PEEK) {
        return false; // the zeros below `have` may yet become a code
      }
      codingError();
      return true;
    }
    int len = RunCodes.length(entry);
    if (len > have) {
      return false;
    }
    consume(len);
    rowHasCode = true;
    runTotal += RunCodes.value(entry);
    if (kind == RunCodes.MAKE_UP) {
      if (Math.max(a0, 0) + runTotal > width) {
        codingError();
      }
      return true;
    }
    if (state == State.ONE_D) {
      int end = a0 + runTotal;
      if (end > width) {
        codingError();
        return true;
      }
      a0 = end;
      runTotal = 0;
      colour ^= 1;
      if (end < width) {
        addChange(end);
      } else {
        rowComplete();
      }
      return true;
    }
    // horizontal mode: a0a1 then a1a2
    int start = Math.max(a0, 0);
    int end = start + runTotal;
    if (end > width) {
      codingError();
      return true;
    }
    if (end < width) {
      addChange(end);
    }
    a0 = end;
    runTotal = 0;
    horizontalColour ^= 1;
    if (--horizontalRunsLeft == 0) {
      state = State.TWO_D;
      if (a0 >= width) {
        rowComplete();
      }
    }
    return true;
  }

  /** One 2-D mode code; false when more bits are needed. */
  private boolean modeCode() {
    int entry = RunCodes.MODE_TABLE[(int) (acc >>> (64 - RunCodes.MODE_PEEK))];
    if (RunCodes.kind(entry) == RunCodes.ZEROS) {
      if (have < RunCodes.MODE_PEEK) {
        return false;
      }
      state = State.ZEROS;
      return true;
    }
    int len = RunCodes.length(entry);
    if (entry == 0 || len > have) {
      if (have < RunCodes.MODE_PEEK) {
        return false;
      }
      codingError();
      return true;
    }
    int mode = RunCodes.value(entry);
    if (mode == RunCodes.EXTENSION) {
      codingError(); // uncompressed mode is never negotiated
      return true;
    }
    consume(len);
    rowHasCode = true;
    int[] ref = reference;
    while (refIndex < referenceCount && ref[refIndex] <= a0) {
      refIndex++;
    }
    int b1i = (refIndex & 1) == colour ? refIndex : refIndex + 1;
    int b1 = ref[b1i];
    int b2 = ref[b1i + 1];
    if (mode == RunCodes.PASS) {
      if (b2 >= width) {
        codingError();
        return true;
      }
      a0 = b2;
    } else if (mode == RunCodes.HORIZONTAL) {
      state = State.HORIZONTAL;
      horizontalRunsLeft = 2;
      horizontalColour = colour;
      runTotal = 0;
    } else {
      int a1 = b1 + mode - RunCodes.V0;
      if (a1 > width || a1 < 0 || (a0 >= 0 && a1 <= a0)) {
        codingError();
        return true;
      }
      if (a1 < width) {
        addChange(a1);
      }
      a0 = a1;
      colour ^= 1;
      if (a0 >= width) {
        rowComplete();
      }
    }
    return true;
  }

  /** A changing element; one at the same place as the last cancels it (a zero-length run). */
  private void addChange(int x) {
    if (currentCount > 0 && current[currentCount - 1] == x) {
      currentCount--;
    } else {
      current[currentCount++] = x;
    }
  }

  /** The row reached its width: MMR goes on with the next row, T.4 expects fill and an EOL. */
  private void rowComplete() {
    if (coding == T4Coding.MMR) {
      rowDecoded();
      startRow(true);
    } else {
      state = State.ROW_END;
      zeros = 0;
    }
  }

  /** A row decoded whole: render it and pass it on, unless it is 2-D against a concealed row. */
  private void rowDecoded() {
    if (rowIsTwoD && !referenceGood) {
      badRow();
      return;
    }
    Arrays.fill(current, currentCount, currentCount + ChangingElements.SENTINELS, width);
    if (sink != null) {
      ChangingElements.render(current, currentCount, width, row);
    }
    int[] t = reference;
    reference = current;
    current = t;
    referenceCount = currentCount;
    referenceGood = true;
    rows++;
    badRun = 0;
    if (sink != null) {
      sink.row(row, false);
    }
  }

  /** The row is lost: pass the previous one on again, flagged. */
  private void badRow() {
    rows++;
    badRows++;
    badRun++;
    longestBadRun = Math.max(longestBadRun, badRun);
    referenceGood = false;
    if (sink != null) {
      sink.row(row, true);
    }
  }

  private void codingError() {
    badRow();
    zeros = 0;
    if (coding == T4Coding.MMR) {
      end(PageEnd.DECODE_ERROR);
    } else {
      state = State.SYNC;
    }
  }

  private void end(PageEnd how) {
    pageEnd = how;
    state = State.DONE;
  }

  /**
   * Counts the zeros at the head of the stream into {@code zeros} and consumes the one after
   * them; false when the buffered bits are all zeros (all counted and consumed).
   */
  private boolean zerosThenOne() {
    if (have == 0) {
      return false;
    }
    int lz = Long.numberOfLeadingZeros(acc);
    if (lz >= have) {
      zeros = Math.min(zeros + have, 1 << 20);
      acc = 0;
      have = 0;
      return false;
    }
    zeros = Math.min(zeros + lz, 1 << 20);
    consume(lz + 1);
    return true;
  }

  private void consume(int n) {
    acc = n == 64 ? 0 : acc << n;
    have -= n;
  }
}
