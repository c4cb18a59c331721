// Exercises Fcf: every control function round-trips through its octet with and without the X bit, the codes match docs/dsp.md §5.2 in both bit orders, and the fixed-first-bit group (DTC, CIG ...) is never mistaken for DIS/CSI with X.
package dev.faxgate.t30;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FcfTest {

  @Test
  void everyFunctionRoundTripsWithAndWithoutX() {
    for (Fcf f : Fcf.values()) {
      for (boolean x : new boolean[] {false, true}) {
        int octet = f.octet(x);
        assertSame(f, Fcf.decode(octet), f + " x=" + x);
        assertEquals(x && f.hasXBit(), Fcf.xBitOf(octet), f + " x=" + x);
        // and as a whole frame with a FIF of the smallest legal length
        byte[] frame = T30Frame.encode(true, f, x, new byte[f.fifMin()]);
        T30Frame d = T30Frame.decode(frame);
        assertSame(f, d.fcf(), f + " frame");
        assertEquals(x && f.hasXBit(), d.xBit(), f + " frame x");
        assertEquals(T30Frame.Status.OK, d.status(), f + " frame status");
      }
    }
  }

  @Test
  void codesAreDistinctAndXFreeCodesHaveBitZeroAsDefined() {
    Set<Integer> seen = new HashSet<>();
    for (Fcf f : Fcf.values()) {
      assertTrue(seen.add(f.code()), "duplicate code " + f);
      if (f.hasXBit()) {
        assertEquals(0, f.code() & 1, f + " X-bit codes are listed with X = 0");
        assertTrue(seen.add(f.code() | 1), "X=1 form of " + f + " collides");
      }
    }
  }

  /** docs/dsp.md §5.2, both columns: LSB-first and T.38 order (X = 0). */
  @Test
  void codesMatchTheFactsTableInBothOrders() {
    Object[][] table = {
        {Fcf.DIS, 0x80, 0x01}, {Fcf.CSI, 0x40, 0x02}, {Fcf.NSF, 0x20, 0x04},
        {Fcf.DTC, 0x81, 0x81}, {Fcf.CIG, 0x41, 0x82}, {Fcf.NSC, 0x21, 0x84},
        {Fcf.DCS, 0x82, 0x41}, {Fcf.TSI, 0x42, 0x42}, {Fcf.NSS, 0x22, 0x44},
        {Fcf.CTC, 0x12, 0x48}, {Fcf.CFR, 0x84, 0x21}, {Fcf.FTT, 0x44, 0x22},
        {Fcf.CTR, 0xC4, 0x23}, {Fcf.DCN, 0xFA, 0x5F}, {Fcf.CRP, 0x1A, 0x58},
        {Fcf.FCD, 0x06, 0x60}, {Fcf.RCP, 0x86, 0x61}, {Fcf.EOM, 0x8E, 0x71},
        {Fcf.MPS, 0x4E, 0x72}, {Fcf.EOP, 0x2E, 0x74}, {Fcf.EOS, 0x1E, 0x78},
        {Fcf.PRI_EOM, 0x9E, 0x79}, {Fcf.PRI_MPS, 0x5E, 0x7A}, {Fcf.PRI_EOP, 0x3E, 0x7C},
        {Fcf.PPS, 0xBE, 0x7D}, {Fcf.EOR, 0xCE, 0x73}, {Fcf.RR, 0x6E, 0x76},
        {Fcf.MCF, 0x8C, 0x31}, {Fcf.RTN, 0x4C, 0x32}, {Fcf.RTP, 0xCC, 0x33},
        {Fcf.PIN, 0x2C, 0x34}, {Fcf.PIP, 0xAC, 0x35}, {Fcf.PPR, 0xBC, 0x3D},
        {Fcf.RNR, 0xEC, 0x37}, {Fcf.ERR, 0x1C, 0x38},
    };
    for (Object[] row : table) {
      Fcf f = (Fcf) row[0];
      assertEquals(row[1], f.code(), f + " LSB-first");
      assertEquals(row[2], f.t38Code(), f + " T.38 order");
      assertSame(f, Fcf.decode(BitOrder.reverse((Integer) row[2])), f + " from T.38 order");
    }
  }

  /** Wireshark packet-t30.c T30_FC_* (T.38 order) for the functions the facts table leaves out. */
  @Test
  void remainingCodesMatchWiresharksTable() {
    Object[][] table = {
        {Fcf.PWD, 0x83}, {Fcf.SEP, 0x85}, {Fcf.PSA, 0x86}, {Fcf.CIA, 0x87}, {Fcf.ISP, 0x88},
        {Fcf.SUB, 0x43}, {Fcf.SID, 0x45}, {Fcf.TSA, 0x46}, {Fcf.IRA, 0x47}, {Fcf.CSA, 0x24},
        {Fcf.FDM, 0x3F}, {Fcf.FNV, 0x53}, {Fcf.TNR, 0x57}, {Fcf.TR, 0x56}, {Fcf.PID, 0x36},
    };
    for (Object[] row : table) {
      assertEquals(row[1], ((Fcf) row[0]).t38Code(), row[0].toString());
    }
  }

  @Test
  void fixedFirstBitFunctionsAreNotXVariantsOfInitialIdentification() {
    assertSame(Fcf.DIS, Fcf.decode(0x80));
    assertSame(Fcf.DTC, Fcf.decode(0x81), "81 is DTC, not DIS with X");
    assertSame(Fcf.CIG, Fcf.decode(0x41), "41 is CIG, not CSI with X");
    assertSame(Fcf.NSC, Fcf.decode(0x21), "21 is NSC, not NSF with X");
    assertFalse(Fcf.xBitOf(0x81));
    assertSame(Fcf.DCS, Fcf.decode(0x83));
    assertTrue(Fcf.xBitOf(0x83));
    assertSame(Fcf.DCS, Fcf.decode(0x82));
    assertFalse(Fcf.xBitOf(0x82));
  }

  @Test
  void unknownOctetsDecodeToNull() {
    int known = 0;
    for (int o = 0; o < 256; o++) {
      Fcf f = Fcf.decode(o);
      if (f == null) {
        assertFalse(Fcf.xBitOf(o));
      } else {
        known++;
        assertEquals(o, f.octet(Fcf.xBitOf(o)), "octet " + o + " re-encodes");
      }
    }
    assertEquals(Fcf.values().length * 2 - countWithoutX(), known);
    assertNull(Fcf.decode(0x00), "NULL is only an FCF2 value");
    assertNull(Fcf.decode(0x5C));
  }

  private static int countWithoutX() {
    int n = 0;
    for (Fcf f : Fcf.values()) {
      n += f.hasXBit() ? 0 : 1;
    }
    return n;
  }

  @Test
  void commandsAndResponses() {
    for (Fcf f : new Fcf[] {Fcf.DIS, Fcf.DTC, Fcf.DCS, Fcf.EOP, Fcf.MPS, Fcf.EOM, Fcf.PPS,
        Fcf.EOR, Fcf.RR, Fcf.CTC, Fcf.DCN, Fcf.TSI, Fcf.CSI, Fcf.NSF}) {
      assertTrue(f.isCommand(), f.label());
    }
    for (Fcf f : new Fcf[] {Fcf.CFR, Fcf.FTT, Fcf.MCF, Fcf.RTN, Fcf.RTP, Fcf.PIP, Fcf.PIN,
        Fcf.PPR, Fcf.RNR, Fcf.ERR, Fcf.CTR, Fcf.CRP, Fcf.FNV}) {
      assertTrue(f.isResponse(), f.label());
    }
    assertEquals(Fcf.Role.DATA, Fcf.FCD.role());
    assertEquals(Fcf.Role.DATA, Fcf.RCP.role());
    assertEquals("PRI-EOP", Fcf.PRI_EOP.label());
  }
}
