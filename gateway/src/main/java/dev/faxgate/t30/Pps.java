package dev.faxgate.t30;

/**
 * The FIF of PPS (partial page signal, ECM, T.30 Annex A) and of EOR (end of retransmission,
 * whose FIF is the first octet only).
 *
 * <pre>
 *  octet 0  FCF2: the post-message command this block ends with, X bit included (MPS 0x4E|X,
 *           EOP 0x2E|X ...), or 0x00 "NULL": a partial page boundary, the page goes on
 *  octet 1  page counter, modulo 256, from 0
 *  octet 2  block counter within the page, modulo 256, from 0
 *  octet 3  number of frames in the block, minus 1
 * </pre>
 *
 * <p>spandsp {@code send_pps_frame}: {@code PPS | FCF2 | ecm_page | ecm_block | ecm_frames - 1};
 * a 66-frame last block of page 0 with X set is {@code FF 13 BF | 2F 00 00 41}.
 */
public final class Pps {
  private final int fcf2;
  private final int page;
  private final int block;
  private final int framesOctet;

  private Pps(int fcf2, int page, int block, int framesOctet) {
    this.fcf2 = fcf2;
    this.page = page;
    this.block = block;
    this.framesOctet = framesOctet;
  }

  /**
   * Decodes a PPS FIF (or EOR's single octet). Never throws: missing octets read as -1, a null
   * array as empty, out-of-range arguments are clamped.
   */
  public static Pps parse(byte[] buf, int off, int len) {
    int[] v = {-1, -1, -1, -1};
    if (buf != null) {
      int start = Math.max(0, Math.min(off, buf.length));
      int n = Math.max(0, Math.min(len, buf.length - start));
      for (int i = 0; i < Math.min(4, n); i++) {
        v[i] = buf[start + i] & 0xFF;
      }
    }
    return new Pps(v[0], v[1], v[2], v[3]);
  }

  /** {@link #parse(byte[], int, int)} of a whole array. */
  public static Pps parse(byte[] fif) {
    return parse(fif, 0, fif == null ? 0 : fif.length);
  }

  /** The raw FCF2 octet, -1 if absent. */
  public int fcf2Octet() {
    return fcf2;
  }

  /** True if FCF2 is NULL (0x00, or 0x01 with an X bit): a partial page boundary. */
  public boolean isNull() {
    return fcf2 == 0x00 || fcf2 == 0x01;
  }

  /**
   * The post-message command of FCF2 (EOM, MPS, EOP, EOS or a PRI- one), or null for NULL, an
   * absent octet, or an octet that is not one of these.
   */
  public Fcf postMessage() {
    Fcf f = fcf2 < 0 ? null : Fcf.decode(fcf2);
    if (f == Fcf.EOM || f == Fcf.MPS || f == Fcf.EOP || f == Fcf.EOS
        || f == Fcf.PRI_EOM || f == Fcf.PRI_MPS || f == Fcf.PRI_EOP) {
      return f;
    }
    return null;
  }

  /** Page counter (0..255), -1 if absent. */
  public int page() {
    return page;
  }

  /** Block counter (0..255), -1 if absent. */
  public int block() {
    return block;
  }

  /** Frames in the block (1..256): the octet plus one; -1 if absent. */
  public int frames() {
    return framesOctet < 0 ? -1 : framesOctet + 1;
  }

  /** The FCF2 part of the name: {@code EOP}, {@code NULL}, or {@code 0xNN} if unknown. */
  public String fcf2Label() {
    if (fcf2 < 0) {
      return "?";
    }
    if (isNull()) {
      return "NULL";
    }
    Fcf f = postMessage();
    return f != null ? f.label() : String.format("0x%02X", fcf2);
  }

  /** {@code <prefix>-EOP page=0 block=0 frames=66}, e.g. with prefix {@code PPS}. */
  public String describe(String prefix) {
    StringBuilder sb = new StringBuilder(prefix).append('-').append(fcf2Label());
    if (page >= 0) {
      sb.append(" page=").append(page);
    }
    if (block >= 0) {
      sb.append(" block=").append(block);
    }
    if (framesOctet >= 0) {
      sb.append(" frames=").append(frames());
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return describe("PPS");
  }
}
