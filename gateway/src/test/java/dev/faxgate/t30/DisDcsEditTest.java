// Exercises the gateway edits of DisDcsFields bit by bit: ECM off clears ECM, T.6 and the other ECM-only bits (matching spandsp's t38_gateway output byte for byte), a maximum rate of 9600 removes V.17, the V.8 bit is cleared, and nothing else changes.
package dev.faxgate.t30;

import static dev.faxgate.t30.T30Hex.bytes;
import static dev.faxgate.t30.T30Hex.norm;
import static dev.faxgate.t30.T30Hex.of;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.modem.FastModem;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DisDcsEditTest {
  private static final Set<FastModem> ALL = EnumSet.allOf(FastModem.class);

  /** T.30 bit numbers that differ between two FIFs. */
  private static List<Integer> changedBits(byte[] a, byte[] b) {
    assertEquals(a.length, b.length, "edits never change the length");
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      int x = (a[i] ^ b[i]) & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        if ((x & (1 << bit)) != 0) {
          out.add(i * 8 + bit + 1);
        }
      }
    }
    return out;
  }

  private static DisDcsFields dis(String frameHex) {
    return DisDcsFields.of(T30Frame.decode(bytes(frameHex)));
  }

  /**
   * faxpeer gateway --no-ecm --max-rate 9600 relayed spandsp's DIS as GATEWAY_EDITED_DIS; the
   * same two edits here give the same octets.
   */
  @Test
  void sameOutputAsSpandspsGateway() {
    DisDcsFields in = dis(Vectors.SPANDSP_DIS);
    DisDcsFields out = in.withoutEcm().limitRates(ALL, 9600);
    assertEquals(norm(Vectors.GATEWAY_EDITED_DIS), of(out.toFrame(true, false)));
    assertEquals(List.of(14, 27, 31), changedBits(in.toBytes(), out.toBytes()));
  }

  @Test
  void ecmOffClearsEcmAndT6() {
    DisDcsFields in = dis(Vectors.SPANDSP_DIS);
    DisDcsFields out = in.withoutEcm();
    assertTrue(in.ecm());
    assertTrue(in.t6());
    assertFalse(out.ecm());
    assertFalse(out.t6());
    assertEquals(List.of(27, 31), changedBits(in.toBytes(), out.toBytes()));
    assertEquals("00 EE F8 80 80 91 80 80 80 18", of(out.toBytes()));
    assertEquals("DIS V.17/V.29/V.27ter ≤14400 MR R8x7.7 R8x15.4 A4 unlimited scan=0ms",
        out.describe());
    assertTrue(in.ecm(), "the original is unchanged");
  }

  /** Every bit that needs ECM goes; extension bits and everything else stay. */
  @Test
  void ecmOffClearsEveryEcmOnlyBitAndNothingElse() {
    byte[] all = new byte[16];
    java.util.Arrays.fill(all, (byte) 0xFF);
    DisDcsFields in = DisDcsFields.parse(Fcf.DIS, all);
    List<Integer> expected = new ArrayList<>(List.of(7, 27, 28, 31, 36, 38, 51, 53, 54, 55, 57,
        59, 60, 62, 65, 68, 78, 79, 92, 93, 94, 115, 116, 127));
    java.util.Collections.sort(expected);
    assertEquals(expected, changedBits(in.toBytes(), in.withoutEcm().toBytes()));
  }

  @Test
  void maxRate9600RemovesV17() {
    DisDcsFields in = dis(Vectors.SPANDSP_DIS);
    DisDcsFields out = in.limitRates(ALL, 9600);
    assertEquals(EnumSet.of(FastModem.V29, FastModem.V27TER), out.modems());
    assertEquals(9600, out.maxRate());
    assertEquals(List.of(14), changedBits(in.toBytes(), out.toBytes()));
    assertEquals(DisModems.DIS_V27TER_V29, out.rateCode());
    assertEquals(0xCE, out.toBytes()[1] & 0xFF);
  }

  @Test
  void v8BitCleared() {
    // spandsp's DIS with the V.8 capability (bit 6, 0x20 in octet 1) set, as a V.34 fax sends it
    DisDcsFields in = dis("FF 13 80 | 20 EE F8 C4 80 91 80 80 80 18");
    assertTrue(in.v8());
    DisDcsFields out = in.withoutV8();
    assertFalse(out.v8());
    assertEquals(List.of(6), changedBits(in.toBytes(), out.toBytes()));
    assertArrayEquals(bytes(Vectors.SPANDSP_DIS), out.toFrame(true, false));
    DisDcsFields none = dis(Vectors.SPANDSP_DIS).withoutV8();
    assertEquals(dis(Vectors.SPANDSP_DIS), none, "no V.8 bit: nothing to change");
  }

  /** limitRates over every DIS code, allowed set and rate a FAXOPT maxrate can give. */
  @Test
  void rateLimitTable() {
    Object[][] cases = {
        // input code, allowed, max rate, output code
        {0xB, ALL, 14400, 0xB},
        {0xB, ALL, 12000, 0x3},
        {0xB, ALL, 9600, 0x3},
        {0xB, ALL, 7200, 0x2},
        {0xB, ALL, 4800, 0x2},
        {0xB, ALL, 2400, 0x0},
        {0xB, EnumSet.of(FastModem.V27TER, FastModem.V29), 14400, 0x3},
        {0xB, EnumSet.of(FastModem.V27TER), 14400, 0x2},
        {0xB, EnumSet.of(FastModem.V29), 14400, 0x1},
        {0xB, EnumSet.of(FastModem.V17), 14400, 0x0},
        {0xB, EnumSet.of(FastModem.V17, FastModem.V29), 14400, 0x1},
        {0x3, ALL, 14400, 0x3},
        {0x2, ALL, 14400, 0x2},
        {0x0, ALL, 14400, 0x0},
        {0x1, ALL, 14400, 0x1},
        {0x1, EnumSet.of(FastModem.V27TER), 14400, 0x0},
        {0x6, ALL, 14400, 0x3},
        {0xF, ALL, 4800, 0x2},
    };
    for (Object[] c : cases) {
      int in = (Integer) c[0];
      @SuppressWarnings("unchecked")
      Set<FastModem> allowed = (Set<FastModem>) c[1];
      int max = (Integer) c[2];
      byte[] fif = {0x00, (byte) (0xC2 | (in << 2)), 0x00};
      DisDcsFields out = DisDcsFields.parse(Fcf.DIS, fif).limitRates(allowed, max);
      String at = "code " + in + " " + allowed + " " + max;
      assertEquals(c[3], out.rateCode(), at);
      assertEquals(0xC2, out.toBytes()[1] & 0xC3, at + ": bits 9, 10, 15, 16 kept");
      int offered = DisModems.maxRateOfDisCode(out.rateCode());
      assertTrue(offered <= Math.max(max, 2400), at + ": offers " + offered);
    }
  }

  @Test
  void dcsIsNotRateLimited() {
    DisDcsFields dcs = DisDcsFields.parse(Fcf.DCS, bytes("00 62 F8 44"));
    assertSame(dcs, dcs.limitRates(EnumSet.of(FastModem.V27TER), 4800));
    DisDcsFields noEcm = dcs.withoutEcm();
    assertFalse(noEcm.ecm());
    assertFalse(noEcm.t6());
    assertEquals("DCS V.17 14400 MH 204x196 A4 unlimited scan=0ms", noEcm.describe());
  }

  @Test
  void editsLeaveUnreadOctetsAlone() {
    // bit 24 clear: octet 4 (which would hold ECM and T.6) is not part of the FIF
    DisDcsFields in = DisDcsFields.parse(Fcf.DIS, bytes("20 EE 00 44"));
    assertEquals("20 EE 00 44", of(in.withoutEcm().toBytes()));
    assertEquals("00 EE 00 44", of(in.withoutV8().toBytes()));
  }

  @Test
  void toFrameCarriesTheX() {
    DisDcsFields dcs = DisDcsFields.parse(Fcf.DCS, bytes("00 62 F8 44"));
    assertEquals(norm(Vectors.ECM_DCS), of(dcs.toFrame(true, true)));
    assertEquals("FF 03 82 00 62 F8 44", of(dcs.toFrame(false, false)));
  }
}
