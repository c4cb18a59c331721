// Exercises T30Frame on annotated byte vectors: every V.21 frame of real faxpeer (spandsp) calls decodes to the right function, X bit, final bit and one-line form; T.38-order input; and each malformed-frame status.
package dev.faxgate.t30;

import static dev.faxgate.t30.T30Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class T30FrameTest {

  private static T30Frame frame(String hex) {
    return T30Frame.decode(bytes(hex));
  }

  /** Function, X bit, final bit and printable form of each captured frame. */
  @Test
  void faxpeerCallFramesDecode() {
    Object[][] cases = {
        {Vectors.ECM_CSI, Fcf.CSI, false, false, "CSI \"555_0199\""},
        {Vectors.SPANDSP_DIS, Fcf.DIS, false, true,
            "DIS V.17/V.29/V.27ter ≤14400 ECM MR T.6 R8x7.7 R8x15.4 A4 unlimited scan=0ms"},
        {Vectors.ECM_TSI, Fcf.TSI, true, false, "TSI \"+1_555_0100\""},
        {Vectors.ECM_DCS, Fcf.DCS, true, true, "DCS V.17 14400 ECM T.6 204x196 A4 unlimited scan=0ms"},
        {Vectors.CFR, Fcf.CFR, false, true, "CFR"},
        {Vectors.FCD_0, Fcf.FCD, false, false, "FCD #0 9 octets"},
        {Vectors.RCP, Fcf.RCP, false, false, "RCP"},
        {Vectors.ECM_PPS_EOP, Fcf.PPS, true, true, "PPS-EOP page=0 block=0 frames=66"},
        {Vectors.MCF, Fcf.MCF, false, true, "MCF"},
        {Vectors.DCN_X, Fcf.DCN, true, true, "DCN"},
        {Vectors.V29_DCS, Fcf.DCS, true, true, "DCS V.29 9600 MR 204x98 A4 unlimited scan=0ms"},
        {Vectors.EOP_X, Fcf.EOP, true, true, "EOP"},
        {Vectors.MPS_X, Fcf.MPS, true, true, "MPS"},
        {Vectors.SUPERFINE_DCS, Fcf.DCS, true, true,
            "DCS V.17 14400 ECM T.6 204x391 A4 unlimited scan=0ms"},
        {Vectors.V27_DIS, Fcf.DIS, false, true,
            "DIS V.27ter ≤4800 ECM MR T.6 R8x7.7 R8x15.4 A4 unlimited scan=0ms"},
        {Vectors.V27_DCS, Fcf.DCS, true, true, "DCS V.27ter 4800 MR 204x98 A4 unlimited scan=0ms"},
        {Vectors.ID_CSI, Fcf.CSI, false, false, "CSI \"+44 20 7946 0000\""},
        {Vectors.ID_TSI, Fcf.TSI, true, false, "TSI \"+1 555 0100\""},
        {Vectors.V29_ECM_DCS, Fcf.DCS, true, true, "DCS V.29 9600 ECM T.6 204x98 A4 unlimited scan=0ms"},
        {Vectors.E2_PPS_MPS, Fcf.PPS, true, true, "PPS-MPS page=0 block=0 frames=48"},
        {Vectors.E2_PPS_EOP, Fcf.PPS, true, true, "PPS-EOP page=1 block=0 frames=50"},
        {Vectors.REAL_CSI_BLANK, Fcf.CSI, false, false, "CSI \"\""},
        {Vectors.REAL_DIS, Fcf.DIS, false, true,
            "DIS V.17/V.29/V.27ter ≤14400 R8x7.7 A4 unlimited scan=20/10ms"},
        {Vectors.REAL_TSI, Fcf.TSI, true, false, "TSI \"020 7063 8601\""},
    };
    for (Object[] c : cases) {
      String hex = (String) c[0];
      T30Frame f = frame(hex);
      assertEquals(T30Frame.Status.OK, f.status(), hex);
      assertSame(c[1], f.fcf(), hex);
      assertEquals(c[2], f.xBit(), hex + " X");
      assertEquals(c[3], f.isFinal(), hex + " final");
      assertEquals(c[4], f.describe(), hex);
      assertEquals(c[4], f.toString(), hex);
    }
  }

  @Test
  void viewFieldsOfADcs() {
    byte[] buf = bytes("AA BB | " + Vectors.ECM_DCS + " | CC");
    T30Frame f = T30Frame.decode(buf, 2, 7);
    assertTrue(f.isOk());
    assertEquals(0xFF, f.address());
    assertEquals(0x13, f.control());
    assertEquals(0x83, f.fcfOctet());
    assertEquals(7, f.length());
    assertEquals(4, f.fifLength());
    assertEquals(0x62, f.fifOctet(1));
    assertEquals(-1, f.fifOctet(4));
    assertEquals(-1, f.fifOctet(-1));
    assertArrayEquals(bytes("00 62 F8 44"), f.fif());
    assertArrayEquals(bytes(Vectors.ECM_DCS), f.toBytes());
    assertSame(buf, f.array(), "a view, not a copy");
    assertEquals(2, f.offset());
  }

  /** docs/dsp.md §0: DCN is FF 13 FA LSB-first, FF C8 5F in T.38 order; §5.3: DIS in T.38 order. */
  @Test
  void t38OrderInput() {
    T30Frame dcn = T30Frame.decodeT38Order(bytes(Vectors.FACTS_DCN_T38), 0, 3);
    assertSame(Fcf.DCN, dcn.fcf());
    assertFalse(dcn.xBit());
    assertTrue(dcn.isFinal());
    assertArrayEquals(bytes("FF 13 FA"), dcn.toBytes());

    T30Frame dis = T30Frame.decodeT38Order(bytes(Vectors.FACTS_DIS_T38), 0, 7);
    assertArrayEquals(bytes(Vectors.FACTS_DIS), dis.toBytes());
    assertEquals("DIS V.17/V.29/V.27ter ≤14400 ECM MR T.6 R8x7.7 A4 B4 scan=20ms", dis.describe());
  }

  @Test
  void encodeBuildsAddressControlFcfFif() {
    assertArrayEquals(bytes("FF 13 FB"), T30Frame.encode(true, Fcf.DCN, true, null));
    assertArrayEquals(bytes("FF 13 80"), T30Frame.encode(true, Fcf.DIS, true, new byte[0]),
        "DIS has no X bit: x is ignored");
    assertArrayEquals(bytes(Vectors.ID_TSI),
        T30Frame.encode(false, Fcf.TSI, true, StationId.encode("+1 555 0100")));
  }

  @Test
  void malformedFramesReportAStatusAndTheirOctets() {
    Object[][] cases = {
        {"", T30Frame.Status.TOO_SHORT, null, "TOO_SHORT"},
        {"FF 13", T30Frame.Status.TOO_SHORT, null, "TOO_SHORT FF 13"},
        {"FE 13 FB", T30Frame.Status.BAD_ADDRESS, Fcf.DCN, "DCN BAD_ADDRESS [FE 13 FB]"},
        {"FF 23 8C", T30Frame.Status.BAD_CONTROL, Fcf.MCF, "MCF BAD_CONTROL [FF 23 8C]"},
        {"FF 13 5C", T30Frame.Status.UNKNOWN_FCF, null, "UNKNOWN_FCF FF 13 5C"},
        {"FF 13 8C 01", T30Frame.Status.BAD_FIF_LENGTH, Fcf.MCF,
            "MCF FIF=01 BAD_FIF_LENGTH [FF 13 8C 01]"},
        {"FF 03 40 33 32 31", T30Frame.Status.BAD_FIF_LENGTH, Fcf.CSI,
            "CSI \"123\" BAD_FIF_LENGTH [FF 03 40 33 32 31]"},
        {"FF 13 80 00 EE", T30Frame.Status.BAD_FIF_LENGTH, Fcf.DIS,
            "DIS short(2 octets) V.17/V.29/V.27ter ≤14400 MR R8x7.7 A4 A4 scan=20ms"
                + " BAD_FIF_LENGTH [FF 13 80 00 EE]"},
        {"FF 13 BF 2F 00", T30Frame.Status.BAD_FIF_LENGTH, Fcf.PPS,
            "PPS-EOP page=0 BAD_FIF_LENGTH [FF 13 BF 2F 00]"},
    };
    for (Object[] c : cases) {
      T30Frame f = frame((String) c[0]);
      assertEquals(c[1], f.status(), (String) c[0]);
      assertSame(c[2], f.fcf(), (String) c[0]);
      assertFalse(f.isOk());
      assertEquals(c[3], f.describe(), (String) c[0]);
    }
  }

  @Test
  void outOfRangeArgumentsGiveAnEmptyOrCutFrame() {
    byte[] b = bytes(Vectors.ECM_DCS);
    assertEquals(T30Frame.Status.TOO_SHORT, T30Frame.decode(null).status());
    assertEquals(T30Frame.Status.TOO_SHORT, T30Frame.decode(b, -1, 3).status());
    assertEquals(T30Frame.Status.TOO_SHORT, T30Frame.decode(b, 8, 3).status());
    assertEquals(T30Frame.Status.TOO_SHORT, T30Frame.decode(b, 0, -5).status());
    T30Frame cut = T30Frame.decode(b, 0, 1000);
    assertEquals(7, cut.length());
    assertTrue(cut.isOk());
    assertNull(T30Frame.decode(b, 5, 3).fcf());
    assertEquals(-1, T30Frame.decode(null).fcfOctet());
  }

  @Test
  void otherFunctionsPrintTheirFif() {
    assertEquals("CTC", frame("FF 13 13").describe());
    assertEquals("CTC V.17 9600", frame("FF 13 13 | 00 24").describe(), "CTC bits 11-14 = DCS code 9");
    assertEquals("EOR-EOP", frame("FF 13 CF | 2F").describe());
    assertEquals("PPR frames=3 [0 9 255]",
        frame("FF 13 BD | 01 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
            + " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 80").describe());
    assertEquals("FNV FIF=01 00", frame("FF 13 CB | 01 00").describe());
    assertEquals("NSF United States vendor=00 55 +3 octets", frame("FF 03 20 | AD 00 55 01 02 03").describe());
  }
}
