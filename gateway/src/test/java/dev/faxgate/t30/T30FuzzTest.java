// Exercises every t30 decoder with garbage: 5000 seeded random frames (random octets, real frames truncated or with random octets flipped, T.38-order input, out-of-range offsets) never make decode, describe, the field decoders or the DIS edits throw, and everything they report stays inside the input.
package dev.faxgate.t30;

import static dev.faxgate.t30.T30Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.modem.FastModem;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random fuzzing, bounded in count: the same 5000 cases on every run; a failure names its
 * case index ("case N"), the N-th draw from the seed.
 */
class T30FuzzTest {
  private static final long SEED = 0x7330_F00DL;
  private static final int CASES = 5000;

  private static final String[] REAL = {
      Vectors.SPANDSP_DIS, Vectors.ECM_DCS, Vectors.ECM_TSI, Vectors.ECM_PPS_EOP, Vectors.REAL_DIS,
      Vectors.SUPERFINE_DCS, Vectors.V29_DCS, Vectors.ID_CSI, Vectors.FCD_0, Vectors.MCF,
      "FF 03 20 | AD 00 55 01 02 03",
  };

  @Test
  void garbageNeverThrows() {
    SplittableRandom r = new SplittableRandom(SEED);
    int ok = 0;
    for (int c = 0; c < CASES; c++) {
      byte[] frame = draw(r);
      int pad = r.nextInt(4);
      byte[] buf = new byte[frame.length + 2 * pad];
      java.util.Arrays.fill(buf, (byte) 0x5A);
      System.arraycopy(frame, 0, buf, pad, frame.length);
      int off = r.nextInt(10) == 0 ? r.nextInt(-3, buf.length + 3) : pad;
      int len = r.nextInt(10) == 0 ? r.nextInt(-3, 400) : frame.length;
      Set<FastModem> allowed = EnumSet.noneOf(FastModem.class);
      for (FastModem m : FastModem.values()) {
        if (r.nextBoolean()) {
          allowed.add(m);
        }
      }
      int maxRate = new int[] {2400, 4800, 7200, 9600, 12000, 14400}[r.nextInt(6)];
      String at = "case " + c + ": ";
      try {
        ok += exercise(at, buf, off, len, allowed, maxRate) ? 1 : 0;
      } catch (RuntimeException e) {
        throw new AssertionError(at + "threw " + e + " on " + T30Hex.of(buf) + " off " + off
            + " len " + len, e);
      }
    }
    assertTrue(ok > CASES / 10, "the mix includes well-formed frames: " + ok);
  }

  /** Random octets, a real frame (maybe truncated or with flipped octets), or a random T.30-looking frame. */
  private static byte[] draw(SplittableRandom r) {
    switch (r.nextInt(4)) {
      case 0: {
        byte[] b = new byte[r.nextInt(0, 60)];
        r.nextBytes(b);
        return b;
      }
      case 1: {
        byte[] b = bytes(REAL[r.nextInt(REAL.length)]);
        int flips = r.nextInt(4);
        for (int i = 0; i < flips && b.length > 0; i++) {
          b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        return java.util.Arrays.copyOf(b, r.nextBoolean() ? b.length : r.nextInt(b.length + 1));
      }
      default: {
        Fcf[] all = Fcf.values();
        Fcf f = all[r.nextInt(all.length)];
        int n = r.nextInt(3) == 0 ? r.nextInt(40) : Math.min(f.fifMin() + r.nextInt(4), 64);
        byte[] fif = new byte[n];
        r.nextBytes(fif);
        return T30Frame.encode(r.nextBoolean(), f, r.nextBoolean(), fif);
      }
    }
  }

  private static boolean exercise(String at, byte[] buf, int off, int len, Set<FastModem> allowed,
      int maxRate) {
    T30Frame f = T30Frame.decode(buf, off, len);
    assertNotNull(f.status(), at);
    assertTrue(f.length() >= 0 && f.length() <= buf.length, at + "length inside the array");
    assertTrue(f.fifLength() <= Math.max(0, f.length() - 3), at);
    String line = f.describe();
    assertNotNull(line, at);
    assertTrue(line.indexOf('\n') < 0, at + "one line");
    f.fif();
    f.toBytes();
    f.xBit();
    f.isFinal();
    if (f.fcf() != null) {
      assertEquals(f.fcf(), Fcf.decode(f.fcfOctet()), at);
    }

    // the same octets as T.38 order
    T30Frame t = T30Frame.decodeT38Order(buf, off, len);
    t.describe();

    // every field decoder on the FIF, whatever the function
    byte[] fif = f.fif();
    for (Fcf kind : new Fcf[] {Fcf.DIS, Fcf.DTC, Fcf.DCS}) {
      DisDcsFields d = DisDcsFields.parse(kind, buf, off + 3, len - 3);
      d.describe();
      d.modems();
      d.resolutions();
      d.resolution();
      d.minScanLineMs();
      d.setBits();
      DisDcsFields e = d.withoutEcm().withoutV8().limitRates(allowed, maxRate);
      assertEquals(d.length(), e.length(), at + "edits keep the length");
      e.toFrame(true, true);
      if (kind != Fcf.DCS && d.octetsRead() >= 2) {
        assertTrue(DisModems.isValidDisCode(e.rateCode()), at + "limited DIS has a valid rate code");
        assertTrue(e.maxRate() <= Math.max(maxRate, 2400), at + "rate limit honoured");
        assertTrue(!e.ecm() && !e.t6() && !e.v8(), at + "ECM, T.6, V.8 cleared");
      }
    }
    StationId.decode(fif);
    StationId.decode(buf, off, len);
    Nsf.parse(fif).describe();
    Nsf.parse(buf, off, len).vendorData();
    Pps.parse(fif).describe("PPS");
    Ppr.parse(fif).describe();
    BitOrder.reversedCopy(buf, off, len);
    return f.isOk();
  }
}
