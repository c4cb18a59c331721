package dev.faxgate.terminal;

import dev.faxgate.modem.FastModem;
import dev.faxgate.t30.DataRate;
import dev.faxgate.t30.DisDcsFields;
import dev.faxgate.t30.DisModems;
import dev.faxgate.t30.Fcf;
import dev.faxgate.t30.Resolution;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a terminal offers (its DIS) and what a sender chooses from the far end's DIS (its DCS and
 * the rates it may fall back through), by the bit map of T.30 Table 2 (docs/dsp.md §5.3). The
 * FIFs are 6 octets, LSB-first: bits 1-48, with the extension bits 24, 32 and 40 set.
 */
public final class Capabilities {
  /** The rates of the fall-back, fastest first: 14400, 12000, 9600, 7200, 4800, 2400. */
  private static final int[] FALLBACK = {14400, 12000, 9600, 7200, 4800, 2400};
  private static final int FIF_OCTETS = 6;

  private Capabilities() {}

  /**
   * The receiver's DIS FIF: can receive; the modems allowed, limited to {@code maxRate} as the
   * gateway limits a passing DIS; R8 x 3.85, 7.7 and 15.4; widths up to A3; unlimited length;
   * no minimum scan-line time (0 ms: the page goes to memory, not to paper); ECM (and T.6, if
   * the decoder takes it) when allowed; MR if the decoder takes it.
   */
  public static byte[] disFif(TerminalOptions o, Set<ImageCoding> decodable) {
    byte[] f = new byte[FIF_OCTETS];
    set(f, 10);
    f[1] |= (byte) (DisModems.toDisCode(o.modems()) << 2);
    set(f, 15);
    if (decodable.contains(ImageCoding.MR)) {
      set(f, 16);
    }
    set(f, 18); // 215, 255 and 303 mm
    set(f, 20); // unlimited length
    set(f, 21);
    set(f, 22);
    set(f, 23); // 0 ms scan line
    set(f, 24);
    if (o.ecm()) {
      set(f, 27);
      if (decodable.contains(ImageCoding.MMR)) {
        set(f, 31);
      }
    }
    set(f, 32);
    set(f, 40);
    set(f, 41); // R8 x 15.4
    return DisDcsFields.parse(Fcf.DIS, f).withoutV8().limitRates(o.modems(), o.maxRate()).toBytes();
  }

  /**
   * A called station's DIS when it has a document to be polled (and nothing to receive into): the
   * modems and rates of {@link #disFif}, bit 9 "ready to transmit a facsimile document (polling)"
   * set and bit 10 "receiver fax operation" clear. The poller's DTC then says what it receives.
   */
  public static byte[] pollableDisFif(TerminalOptions o) {
    byte[] f = disFif(o, java.util.EnumSet.allOf(ImageCoding.class));
    set(f, 9);
    f[1] &= (byte) ~2; // bit 10
    return f;
  }

  /**
   * The rates a sender may use with the far end's {@code dis}, fastest first, within the options'
   * modems and min/max rate: at each rate of 14400, 12000, 9600, 7200, 4800, 2400 the best modem
   * both have (V.17, then V.29, then V.27ter). Empty: nothing in common.
   */
  public static List<DataRate> rates(DisDcsFields dis, TerminalOptions o) {
    Set<FastModem> common = EnumSet.copyOf(dis.modems().isEmpty() ? EnumSet.of(FastModem.V27TER) : dis.modems());
    common.retainAll(o.modems());
    boolean only2400 = dis.rateCode() == DisModems.DIS_V27TER_FALLBACK;
    List<DataRate> out = new ArrayList<>();
    for (int bitRate : FALLBACK) {
      if (bitRate < o.minRate() || bitRate > o.maxRate() || (only2400 && bitRate > 2400)) {
        continue;
      }
      for (FastModem m : FastModem.values()) { // fastest family first
        DataRate r = rateOf(m, bitRate);
        if (r != null && common.contains(m)) {
          out.add(r);
          break;
        }
      }
    }
    return out;
  }

  private static DataRate rateOf(FastModem m, int bitRate) {
    for (DataRate r : DataRate.values()) {
      if (r.modem() == m && r.bitRate() == bitRate) {
        return r;
      }
    }
    return null;
  }

  /** The coding to send with: T.6 with ECM when both have it, else MR when both have it, else MH. */
  public static ImageCoding coding(DisDcsFields dis, boolean ecm, Set<ImageCoding> codable) {
    if (ecm && dis.t6() && codable.contains(ImageCoding.MMR)) {
      return ImageCoding.MMR;
    }
    if (dis.mr() && codable.contains(ImageCoding.MR)) {
      return ImageCoding.MR;
    }
    return ImageCoding.MH;
  }

  /** Whether the far end's {@code dis} takes a page of this width (pixels at R8) and resolution. */
  public static boolean takes(DisDcsFields dis, int width, Resolution resolution) {
    return takesWidth(dis, width) && dis.resolutions().contains(resolution);
  }

  /** Whether the far end's {@code dis} takes a page this wide (pixels at R8: 1728, 2048 or 2432). */
  public static boolean takesWidth(DisDcsFields dis, int width) {
    int widest = switch (dis.width()) {
      case A4 -> 1728;
      case B4 -> 2048;
      case A3 -> 2432;
      case INVALID -> 1728;
    };
    return width <= widest;
  }

  /**
   * The minimum scan-line time the far end's {@code dis} asks of a non-ECM page at this resolution,
   * in ms (0 with ECM, which has none).
   */
  public static int scanLineMs(DisDcsFields dis, boolean ecm, Resolution resolution) {
    if (ecm) {
      return 0;
    }
    int ms = Math.max(0, dis.minScanLineMs());
    return dis.scanTimeHalvedAtFine() && resolution != Resolution.R8_STANDARD ? ms / 2 : ms;
  }

  /** The sender's DCS FIF for the choices made. */
  public static byte[] dcsFif(DataRate rate, PageFormat format, int scanLineMs, DisDcsFields dis, boolean frame64) {
    byte[] f = new byte[FIF_OCTETS];
    set(f, 10);
    f[1] |= (byte) (rate.dcsCode() << 2);
    Resolution r = format.resolution();
    if (r == Resolution.R8_FINE || r == Resolution.INCH_200X200) {
      set(f, 15);
    }
    if (r == Resolution.R8_SUPERFINE) {
      set(f, 41);
    }
    if (format.coding() == ImageCoding.MR) {
      set(f, 16);
    }
    if (format.width() == 2048) {
      set(f, 17);
    } else if (format.width() == 2432) {
      set(f, 18);
    }
    if (dis.bit(20)) {
      set(f, 20);
    } else if (dis.bit(19)) {
      set(f, 19);
    }
    int code = switch (scanLineMs) {
      case 5 -> 1;
      case 10 -> 2;
      case 40 -> 4;
      case 0 -> 7;
      default -> 0; // 20 ms
    };
    f[2] |= (byte) (code << 4); // bits 21-23
    set(f, 24);
    if (format.ecm()) {
      set(f, 27);
      if (frame64) {
        set(f, 28);
      }
      if (format.coding() == ImageCoding.MMR) {
        set(f, 31);
      }
    }
    set(f, 32);
    set(f, 40);
    return f;
  }

  private static void set(byte[] f, int bit) {
    f[(bit - 1) >> 3] |= (byte) (1 << ((bit - 1) & 7));
  }
}
