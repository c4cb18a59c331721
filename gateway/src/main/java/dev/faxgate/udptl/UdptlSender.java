package dev.faxgate.udptl;

import java.util.Arrays;
import java.util.Objects;

/**
 * Builds outgoing UDPTL datagrams, one per IFP, from a history of the IFPs already sent.
 *
 * <p><b>Redundancy.</b> Each {@link IfpCategory} has a depth: an IFP of that category rides as a
 * secondary in the next {@code depth} datagrams. Secondaries are positional (seq-1, seq-2, ...),
 * so a datagram carries {@code k} secondaries, {@code k} being the largest {@code i} for which
 * the IFP {@code i} back has a depth of at least {@code i}; the IFPs in between ride along. With
 * every depth equal this is plain redundancy of that depth.
 *
 * <p><b>Tiny IFPs.</b> Optionally ({@link #setTinyIfpDepth}) an IFP of at most {@link #TINY_IFP_OCTETS}
 * octets — an indicator, an {@code hdlc-fcs-OK}, a sig-end, a short frame such as RCP — rides deeper
 * than its category says. They are the IFPs whose loss costs a phase of the fax, they come in runs
 * sent within one tick (so a burst loss or a reordering of more than the depth takes several at
 * once), and carrying them costs a few octets.
 *
 * <p><b>FEC.</b> With span {@code S} and {@code E} entries, the datagram of IFP {@code n} carries
 * entry {@code m = 0..E-1} = XOR of the IFPs {@code n - S*E + m + j*E}, {@code j = 0..S-1}, each
 * zero padded to the longest, as Asterisk, spandsp and the faxpeer do. While fewer than {@code
 * S*E} IFPs have been sent it winds up with {@code E' = sent / S} entries (span 0 and no entry
 * while {@code E' = 0}), so no entry refers to an IFP before the first.
 *
 * <p><b>Size.</b> No datagram exceeds {@link #maxDatagram()} (the peer's T38FaxMaxDatagram):
 * the oldest secondaries are shed first, or FEC uses fewer entries (recomputed for the smaller
 * interleave), until it fits; shedding is counted. When even the primary with empty error
 * recovery does not fit, {@link #build} returns {@link #ERR_PRIMARY_TOO_LARGE}, sends nothing and
 * uses no sequence number.
 *
 * <p>Allocation-free in steady state (history slots grow only when a longer IFP comes); not
 * thread-safe.
 */
public final class UdptlSender {
  /** {@link #build}: the primary alone does not fit in the maximum datagram. */
  public static final int ERR_PRIMARY_TOO_LARGE = -1;
  /** {@link #build}: an empty or over-long IFP, or a bad range. */
  public static final int ERR_BAD_ARGUMENT = -2;

  /** IFPs remembered; at least the deepest redundancy and the widest FEC cover. */
  public static final int HISTORY = 64;
  /** Deepest redundancy allowed for any category. */
  public static final int MAX_DEPTH = 32;
  /** The longest IFP {@link #setTinyIfpDepth} applies to, octets. */
  public static final int TINY_IFP_OCTETS = 8;
  /** Default redundancy depth of every category (as faxpeer's {@code --redundancy}). */
  public static final int DEFAULT_DEPTH = 3;
  /** Default FEC span and entries. */
  public static final int DEFAULT_FEC_SPAN = 3;
  public static final int DEFAULT_FEC_ENTRIES = 3;
  /** Default maximum datagram, octets. */
  public static final int DEFAULT_MAX_DATAGRAM = 1400;

  private static final int HMASK = HISTORY - 1;
  private static final int MIN_SLOT = 64;

  private final byte[][] hist = new byte[HISTORY][];
  private final int[] histLen = new int[HISTORY];
  private final int[] histDepth = new int[HISTORY];
  private final int[] depth = new int[IfpCategory.values().length];
  private final int[] entryLen = new int[UdptlPacket.MAX_FEC_ENTRIES];
  private UdptlErrorCorrection mode = UdptlErrorCorrection.REDUNDANCY;
  private int fecSpan = DEFAULT_FEC_SPAN;
  private int fecEntries = DEFAULT_FEC_ENTRIES;
  private int maxDatagram = DEFAULT_MAX_DATAGRAM;
  private int tinyDepth;
  private int nextSeq;
  private long sent;
  private long secondariesSent;
  private long secondariesShed;
  private long fecEntriesShed;
  private long primaryTooLarge;

  /** A sender with redundancy {@link #DEFAULT_DEPTH} for every category, starting at sequence 0. */
  public UdptlSender() {
    Arrays.fill(depth, DEFAULT_DEPTH);
    for (int i = 0; i < HISTORY; i++) {
      hist[i] = new byte[MIN_SLOT];
    }
  }

  /**
   * Makes this sender as a new one (the defaults above, sequence 0, no history, every counter 0);
   * its history buffers stay, as grown: only their first {@code length} octets are ever read. For a
   * media thread that reuses senders from session to session ({@code dev.faxgate.relay.PartsPool}).
   */
  public UdptlSender reset() {
    Arrays.fill(histLen, 0);
    Arrays.fill(histDepth, 0);
    Arrays.fill(depth, DEFAULT_DEPTH);
    Arrays.fill(entryLen, 0);
    tinyDepth = 0;
    mode = UdptlErrorCorrection.REDUNDANCY;
    fecSpan = DEFAULT_FEC_SPAN;
    fecEntries = DEFAULT_FEC_ENTRIES;
    maxDatagram = DEFAULT_MAX_DATAGRAM;
    nextSeq = 0;
    sent = 0;
    secondariesSent = 0;
    secondariesShed = 0;
    fecEntriesShed = 0;
    primaryTooLarge = 0;
    return this;
  }

  /** Chooses what the error-recovery part carries. */
  public UdptlSender setErrorCorrection(UdptlErrorCorrection mode) {
    this.mode = Objects.requireNonNull(mode);
    return this;
  }

  /**
   * Redundancy depth (0..{@link #MAX_DEPTH}) of IFPs of {@code category}; applies to the IFPs
   * sent from now on.
   */
  public UdptlSender setRedundancyDepth(IfpCategory category, int depth) {
    if (depth < 0 || depth > MAX_DEPTH) {
      throw new IllegalArgumentException("redundancy depth " + depth);
    }
    this.depth[category.ordinal()] = depth;
    return this;
  }

  /**
   * The least depth (0..{@link #MAX_DEPTH}; 0, the default: none) of an IFP of at most {@link
   * #TINY_IFP_OCTETS} octets whose category has a depth above 0; applies from the next IFP.
   */
  public UdptlSender setTinyIfpDepth(int depth) {
    if (depth < 0 || depth > MAX_DEPTH) {
      throw new IllegalArgumentException("tiny IFP depth " + depth);
    }
    tinyDepth = depth;
    return this;
  }

  /** The least depth of a tiny IFP (0: none). */
  public int tinyIfpDepth() {
    return tinyDepth;
  }

  /** The same redundancy depth for every category. */
  public UdptlSender setRedundancyDepth(int depth) {
    for (IfpCategory c : IfpCategory.values()) {
      setRedundancyDepth(c, depth);
    }
    return this;
  }

  /**
   * FEC span (1..{@link UdptlPacket#MAX_FEC_SPAN}) and entries, with span x entries at most
   * {@link UdptlPacket#FEC_WINDOW}.
   */
  public UdptlSender setFec(int span, int entries) {
    if (span < 1 || span > UdptlPacket.MAX_FEC_SPAN || entries < 1
        || entries > UdptlPacket.MAX_FEC_ENTRIES || span * entries > UdptlPacket.FEC_WINDOW) {
      throw new IllegalArgumentException("FEC span " + span + " x entries " + entries);
    }
    fecSpan = span;
    fecEntries = entries;
    return this;
  }

  /** The peer's maximum datagram (T38FaxMaxDatagram), at least 6 octets. */
  public UdptlSender setMaxDatagram(int octets) {
    if (octets < 6) {
      throw new IllegalArgumentException("max datagram " + octets);
    }
    maxDatagram = octets;
    return this;
  }

  /** Sets the sequence number of the next datagram (T.38 starts at 0). */
  public UdptlSender setNextSeq(int seq) {
    nextSeq = seq & 0xFFFF;
    return this;
  }

  /**
   * Builds the datagram for the next IFP {@code ifp[off .. off+len)} into {@code out} from
   * {@code outOff}, never longer than {@link #maxDatagram()} nor than the array.
   *
   * @return the datagram's length, or {@link #ERR_PRIMARY_TOO_LARGE} / {@link #ERR_BAD_ARGUMENT}
   *     (then nothing is remembered and the sequence number is not used)
   */
  public int build(byte[] ifp, int off, int len, byte[] out, int outOff) {
    if (ifp == null || out == null || off < 0 || len < 1 || len > UdptlPacket.MAX_LENGTH
        || off > ifp.length - len || outOff < 0 || outOff > out.length) {
      return ERR_BAD_ARGUMENT;
    }
    final int room = Math.min(maxDatagram, out.length - outOff);
    final int end = outOff + room;
    final int base = 2 + UdptlPacket.lengthSize(len) + len + 1;
    final boolean useFec = mode == UdptlErrorCorrection.FEC;
    if (base + (useFec ? 3 : 1) > room) {
      primaryTooLarge++;
      return ERR_PRIMARY_TOO_LARGE;
    }
    int p = UdptlPacket.writeHeader(out, outOff, end, nextSeq, ifp, off, len);
    p = useFec ? fecInfo(out, p, end, room - base) : secondaries(out, p, end, room - base);
    remember(ifp, off, len);
    return p - outOff;
  }

  private int secondaries(byte[] out, int p, int end, int budget) {
    int k = 0;
    if (mode == UdptlErrorCorrection.REDUNDANCY) {
      int avail = (int) Math.min(sent, MAX_DEPTH);
      for (int i = 1; i <= avail; i++) {
        if (histDepth[slot(sent - i)] >= i) {
          k = i;
        }
      }
    }
    int size = 0;
    int fit = 0;
    for (int i = 1; i <= k; i++) {
      int n = histLen[slot(sent - i)];
      size += UdptlPacket.lengthSize(n) + n;
      if (UdptlPacket.lengthSize(i) + size > budget) {
        break;
      }
      fit = i;
    }
    secondariesShed += k - fit;
    secondariesSent += fit;
    p = UdptlPacket.writeSecondaryCount(out, p, end, fit);
    for (int i = 1; i <= fit; i++) {
      int s = slot(sent - i);
      p = UdptlPacket.writeOctets(out, p, end, hist[s], 0, histLen[s]);
    }
    return p;
  }

  private int fecInfo(byte[] out, int p, int end, int budget) {
    final int span = fecSpan;
    final int full = (int) Math.min(fecEntries, sent / span);
    int entries = full;
    for (; entries > 0; entries--) {
      int size = 2 + UdptlPacket.lengthSize(entries);
      for (int m = 0; m < entries; m++) {
        int l = 0;
        for (int j = 0; j < span; j++) {
          l = Math.max(l, histLen[slot(sent + m - (long) span * entries + (long) j * entries)]);
        }
        entryLen[m] = l;
        size += UdptlPacket.lengthSize(l) + l;
      }
      if (size <= budget) {
        break;
      }
    }
    fecEntriesShed += full - entries;
    p = UdptlPacket.writeFecInfo(out, p, end, entries == 0 ? 0 : span, entries);
    for (int m = 0; m < entries; m++) {
      int l = entryLen[m];
      p = UdptlPacket.writeLength(out, p, end, l);
      Arrays.fill(out, p, p + l, (byte) 0);
      for (int j = 0; j < span; j++) {
        int s = slot(sent + m - (long) span * entries + (long) j * entries);
        byte[] h = hist[s];
        for (int i = 0, n = histLen[s]; i < n; i++) {
          out[p + i] ^= h[i];
        }
      }
      p += l;
    }
    return p;
  }

  private void remember(byte[] ifp, int off, int len) {
    int s = slot(sent);
    if (hist[s].length < len) {
      hist[s] = new byte[Integer.highestOneBit(len - 1) << 1];
    }
    System.arraycopy(ifp, off, hist[s], 0, len);
    histLen[s] = len;
    int d = depth[IfpCategory.of(ifp, off, len).ordinal()];
    histDepth[s] = d > 0 && len <= TINY_IFP_OCTETS ? Math.max(d, tinyDepth) : d;
    sent++;
    nextSeq = (nextSeq + 1) & 0xFFFF;
  }

  private static int slot(long ifpIndex) {
    return (int) (ifpIndex & HMASK);
  }

  /** The error correction in use. */
  public UdptlErrorCorrection errorCorrection() {
    return mode;
  }

  /** The redundancy depth of {@code category}. */
  public int redundancyDepth(IfpCategory category) {
    return depth[category.ordinal()];
  }

  /** The maximum datagram size, octets. */
  public int maxDatagram() {
    return maxDatagram;
  }

  /** The sequence number the next datagram gets. */
  public int nextSeq() {
    return nextSeq;
  }

  /** IFPs sent (datagrams built). */
  public long sent() {
    return sent;
  }

  /** Secondary IFPs put into datagrams. */
  public long secondariesSent() {
    return secondariesSent;
  }

  /** Secondary IFPs left out to respect the maximum datagram. */
  public long secondariesShed() {
    return secondariesShed;
  }

  /** FEC entries left out to respect the maximum datagram. */
  public long fecEntriesShed() {
    return fecEntriesShed;
  }

  /** IFPs refused because even the primary alone did not fit. */
  public long primaryTooLarge() {
    return primaryTooLarge;
  }
}
