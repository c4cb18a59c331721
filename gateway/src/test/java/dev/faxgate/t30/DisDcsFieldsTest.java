// Exercises DisDcsFields decoding bit by bit on DIS and DCS byte vectors from faxpeer (spandsp) calls, real equipment and docs/dsp.md: rates and modems (DIS set vs DCS selection), ECM, codings, resolutions and their FAXOPT XxY form, width, length, scan time, extension octets.
package dev.faxgate.t30;

import static dev.faxgate.t30.T30Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.modem.FastModem;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisDcsFieldsTest {

  static DisDcsFields fields(String frameHex) {
    DisDcsFields d = DisDcsFields.of(T30Frame.decode(bytes(frameHex)));
    assertTrue(d != null, frameHex);
    return d;
  }

  /** spandsp's DIS, checked against spandsp's own decoding of it in the faxpeer -v log. */
  @Test
  void spandspDis() {
    DisDcsFields d = fields(Vectors.SPANDSP_DIS);
    assertEquals(Fcf.DIS, d.kind());
    assertTrue(d.isCapability());
    assertEquals(10, d.length());
    assertEquals(10, d.octetsRead(), "octets 3..9 all have their extension bit");
    // "  ..10 11..= Supported data signalling rates: V.27 ter, V.29, and V.17"
    assertEquals(0xB, d.rateCode());
    assertEquals(EnumSet.of(FastModem.V17, FastModem.V29, FastModem.V27TER), d.modems());
    assertEquals(14400, d.maxRate());
    assertTrue(d.isRateCodeValid());
    assertNull(d.dataRate(), "DIS selects nothing");
    assertNull(d.modem());
    assertEquals(0, d.bitRate());
    // "  ..0. ....= V.8 capabilities: Not set", "  .0.. ....= Preferred octets: 256 octets"
    assertFalse(d.v8());
    assertFalse(d.ecmFrame64());
    // "  .... ...0= Ready to transmit a fax document (polling)", "  .... ..1.= Can receive fax"
    assertFalse(d.readyToTransmit());
    assertTrue(d.receive());
    // "  .1.. ....= R8x7.7 ...: Set", "  1... ....= 2-D coding: Set"
    assertTrue(d.bit(15));
    assertTrue(d.mr());
    // "  .... ..00= Recording width: 215mm", "  .... 10..= Recording length: Unlimited"
    assertEquals(RecordingWidth.A4, d.width());
    assertEquals(RecordingLength.UNLIMITED, d.recordingLength());
    // "  .111 ....= Receiver's minimum scan line time: 0ms at 3.85 l/mm; T7.7 = T3.85"
    assertEquals(7, d.scanTimeCode());
    assertEquals(0, d.minScanLineMs());
    assertFalse(d.scanTimeHalvedAtFine());
    // "  .... .1..= Error correction mode (ECM): ECM", "  .1.. ....= T.6 coding: Set"
    assertTrue(d.ecm());
    assertTrue(d.t6());
    assertFalse(d.uncompressed());
    assertEquals(0, d.ecmFrameSize(), "frame size is a DCS choice");
    // "  .... ...1= R8x15.4lines/mm: Set", "  ...1 ....= Metric-based resolution preferred: Set"
    assertTrue(d.bit(41));
    assertTrue(d.has(T30Bit.METRIC_BASED));
    assertFalse(d.inchBased());
    assertEquals(List.of(Resolution.R8_STANDARD, Resolution.R8_FINE, Resolution.R8_SUPERFINE),
        d.resolutions());
    // "  .... 1...= North American Letter", "  ...1 ....= North American Legal"
    assertTrue(d.has(T30Bit.NA_LETTER));
    assertTrue(d.has(T30Bit.NA_LEGAL));
    assertFalse(d.t85());
    assertFalse(d.jpeg());
    assertFalse(d.t43());
    assertEquals(List.of(T30Bit.RECEIVE, T30Bit.FINE, T30Bit.MR_2D, T30Bit.ECM, T30Bit.T6,
        T30Bit.SUPERFINE, T30Bit.METRIC_BASED, T30Bit.NA_LETTER, T30Bit.NA_LEGAL), d.setBits());
  }

  /** Every bit of spandsp's DIS, 1..80, against the octets written out by hand. */
  @Test
  void spandspDisBitByBit() {
    DisDcsFields d = fields(Vectors.SPANDSP_DIS);
    int[] set = {10, 11, 12, 14, 15, 16, 20, 21, 22, 23, 24, 27, 31, 32, 40, 41, 45, 48, 56, 64,
        72, 76, 77};
    for (int n = 0; n <= 130; n++) {
      boolean expected = false;
      for (int s : set) {
        expected |= s == n;
      }
      assertEquals(expected, d.bit(n), "bit " + n);
    }
  }

  @Test
  void limitedDisFromFaxpeerReceivers() {
    DisDcsFields v27 = fields(Vectors.V27_DIS); // audio-recv --max-rate 4800
    assertEquals(DisModems.DIS_V27TER, v27.rateCode());
    assertEquals(EnumSet.of(FastModem.V27TER), v27.modems());
    assertEquals(4800, v27.maxRate());
    DisDcsFields v29 = fields(Vectors.V29_DIS); // audio-recv --max-rate 7200 or --modems v29
    assertEquals(DisModems.DIS_V27TER_V29, v29.rateCode());
    assertEquals(EnumSet.of(FastModem.V29, FastModem.V27TER), v29.modems());
    assertEquals(9600, v29.maxRate());
  }

  /** The DIS of real equipment (gofaxip issue #34): no 2-D, no ECM, scan time code 3. */
  @Test
  void realEquipmentDis() {
    DisDcsFields d = fields(Vectors.REAL_DIS);
    assertEquals(4, d.length());
    assertEquals(4, d.octetsRead());
    assertEquals(14400, d.maxRate());
    assertTrue(d.bit(15));
    assertFalse(d.mr());
    assertFalse(d.ecm());
    assertFalse(d.t6());
    assertEquals(RecordingLength.UNLIMITED, d.recordingLength());
    // spandsp: "Receiver's minimum scan line time: 20ms at 3.85 l/mm; T7.7 = 1/2 T3.85"
    assertEquals(3, d.scanTimeCode());
    assertEquals(20, d.minScanLineMs());
    assertTrue(d.scanTimeHalvedAtFine());
    assertTrue(d.bit(24), "octet 4 follows");
    assertFalse(d.bit(32), "and is the last");
    assertFalse(d.bit(27));
  }

  /** docs/dsp.md §5.3 DIS: A4+B4 (bit 19), 20 ms, ECM, T.6, no extension after octet 4. */
  @Test
  void factsDis() {
    DisDcsFields d = fields(Vectors.FACTS_DIS);
    assertEquals(RecordingLength.B4, d.recordingLength());
    assertEquals(RecordingWidth.A4, d.width());
    assertEquals(20, d.minScanLineMs());
    assertTrue(d.ecm());
    assertTrue(d.t6());
    assertEquals(4, d.octetsRead());
  }

  @Test
  void dcsSelections() {
    Object[][] cases = {
        // frame, rate, modem, bit/s, ecm, frame size, coding, resolution XxY
        {Vectors.ECM_DCS, DataRate.V17_14400, FastModem.V17, 14400, true, 256, "T.6", "204x196"},
        {Vectors.V29_DCS, DataRate.V29_9600, FastModem.V29, 9600, false, 0, "MR", "204x98"},
        {Vectors.SUPERFINE_DCS, DataRate.V17_14400, FastModem.V17, 14400, true, 256, "T.6", "204x391"},
        {Vectors.V27_DCS, DataRate.V27TER_4800, FastModem.V27TER, 4800, false, 0, "MR", "204x98"},
        {Vectors.V29_ECM_DCS, DataRate.V29_9600, FastModem.V29, 9600, true, 256, "T.6", "204x98"},
        {Vectors.FACTS_DCS, DataRate.V17_14400, FastModem.V17, 14400, false, 0, "MR", "204x196"},
    };
    for (Object[] c : cases) {
      DisDcsFields d = fields((String) c[0]);
      String at = (String) c[0];
      assertEquals(Fcf.DCS, d.kind(), at);
      assertFalse(d.isCapability(), at);
      assertEquals(c[1], d.dataRate(), at);
      assertEquals(c[2], d.modem(), at);
      assertEquals(c[3], d.bitRate(), at);
      assertEquals(c[3], d.maxRate(), at);
      assertEquals(EnumSet.of((FastModem) c[2]), d.modems(), at);
      assertEquals(c[4], d.ecm(), at);
      assertEquals(c[5], d.ecmFrameSize(), at);
      assertEquals(c[6], d.coding(), at);
      assertEquals(c[7], d.resolutionDpi(), at);
      assertTrue(d.receive(), at);
    }
    // FAXOPT rate / modem / resolution of the faxpeer "ecm" call
    DisDcsFields d = fields(Vectors.ECM_DCS);
    assertEquals("14400 V17 204x196",
        d.bitRate() + " " + d.modem().faxoptName() + " " + d.resolutionDpi());
    assertEquals("V27", fields(Vectors.V27_DCS).modem().faxoptName());
  }

  /** Bits 11-14 read differently in DIS and DCS: the same octets, two meanings. */
  @Test
  void sameRateBitsMeanDifferentThingsInDisAndDcs() {
    byte[] fif = bytes("00 2E 00"); // bits 10, 11, 12, 14: code 0xB
    DisDcsFields dis = DisDcsFields.parse(Fcf.DIS, fif);
    DisDcsFields dcs = DisDcsFields.parse(Fcf.DCS, fif);
    assertEquals(EnumSet.of(FastModem.V17, FastModem.V29, FastModem.V27TER), dis.modems());
    assertEquals(14400, dis.maxRate());
    assertEquals(DataRate.V17_7200, dcs.dataRate());
    assertEquals(7200, dcs.bitRate());
    byte[] v17 = bytes("00 22 00"); // bit 14 only: code 0x8
    assertFalse(DisDcsFields.parse(Fcf.DIS, v17).isRateCodeValid(), "DIS cannot offer V.17 alone");
    assertEquals(DataRate.V17_14400, DisDcsFields.parse(Fcf.DCS, v17).dataRate());
  }

  @Test
  void everyDcsRateCode() {
    int[][] codes = {{0x0, 2400}, {0x2, 4800}, {0x1, 9600}, {0x3, 7200}, {0x8, 14400},
        {0xA, 12000}, {0x9, 9600}, {0xB, 7200}};
    for (int[] c : codes) {
      byte[] fif = {0, (byte) (c[0] << 2), 0};
      assertEquals(c[1], DisDcsFields.parse(Fcf.DCS, fif).bitRate(), "code " + c[0]);
    }
    for (int code : new int[] {0x4, 0x5, 0x6, 0x7, 0xC, 0xD, 0xE, 0xF}) {
      DisDcsFields d = DisDcsFields.parse(Fcf.DCS, new byte[] {0, (byte) (code << 2), 0});
      assertNull(d.dataRate(), "code " + code);
      assertEquals(0, d.bitRate());
      assertTrue(d.describe().startsWith("DCS rate=reserved(0x"), d.describe());
    }
  }

  /** Resolution bits of a DCS and the FAXOPT form, metric and inch based. */
  @Test
  void dcsResolutions() {
    Object[][] cases = {
        // bits set, XxY
        {new int[] {}, "204x98"},
        {new int[] {15}, "204x196"},
        {new int[] {41}, "204x391"},
        {new int[] {43}, "408x391"},
        {new int[] {42}, "300x300"},
        {new int[] {44}, "200x100"},
        {new int[] {15, 44}, "200x200"},
        {new int[] {41, 44}, "200x400"},
        {new int[] {43, 44}, "400x400"},
        {new int[] {105}, "600x600"},
        {new int[] {106}, "1200x1200"},
        {new int[] {107}, "300x600"},
        {new int[] {108}, "400x800"},
        {new int[] {109}, "600x1200"},
        {new int[] {15, 41}, "204x391"},
    };
    for (Object[] c : cases) {
      byte[] fif = new byte[14];
      for (int i = 2; i < 13; i++) {
        fif[i] |= (byte) 0x80; // extension bits 24..104 so octets up to bit 112 are read
      }
      fif[1] = 0x02; // receive
      for (int n : (int[]) c[0]) {
        fif[(n - 1) >> 3] |= (byte) (1 << ((n - 1) & 7));
      }
      assertEquals(c[1], DisDcsFields.parse(Fcf.DCS, fif).resolutionDpi(), c[1].toString());
    }
  }

  @Test
  void widthsLengthsAndScanTimes() {
    // octet 3: bits 17-18 width, 19-20 length, 21-23 scan
    Object[][] cases = {
        {0x00, RecordingWidth.A4, RecordingLength.A4, 20, 20},
        {0x01, RecordingWidth.B4, RecordingLength.A4, 20, 20},
        {0x02, RecordingWidth.A3, RecordingLength.A4, 20, 20},
        {0x03, RecordingWidth.INVALID, RecordingLength.A4, 20, 20},
        {0x04, RecordingWidth.A4, RecordingLength.B4, 20, 20},
        {0x08, RecordingWidth.A4, RecordingLength.UNLIMITED, 20, 20},
        {0x0C, RecordingWidth.A4, RecordingLength.INVALID, 20, 20},
        {0x10, RecordingWidth.A4, RecordingLength.A4, 5, 5},
        {0x20, RecordingWidth.A4, RecordingLength.A4, 10, 10},
        {0x40, RecordingWidth.A4, RecordingLength.A4, 40, 40},
        {0x70, RecordingWidth.A4, RecordingLength.A4, 0, 0},
        {0x30, RecordingWidth.A4, RecordingLength.A4, 20, -1},
        {0x60, RecordingWidth.A4, RecordingLength.A4, 10, -1},
        {0x50, RecordingWidth.A4, RecordingLength.A4, 40, -1},
    };
    for (Object[] c : cases) {
      byte[] fif = {0, 0x02, (byte) (int) (Integer) c[0]};
      DisDcsFields dis = DisDcsFields.parse(Fcf.DIS, fif);
      DisDcsFields dcs = DisDcsFields.parse(Fcf.DCS, fif);
      String at = "octet3 " + Integer.toHexString((Integer) c[0]);
      assertEquals(c[1], dis.width(), at);
      assertEquals(c[1], dcs.width(), at);
      assertEquals(c[2], dis.recordingLength(), at);
      assertEquals(c[3], dis.minScanLineMs(), at + " DIS");
      assertEquals(c[4], dcs.minScanLineMs(), at + " DCS");
    }
  }

  /** Octets beyond the last one announced by an extension bit are kept but not read. */
  @Test
  void extensionChain() {
    DisDcsFields d = DisDcsFields.parse(Fcf.DIS, bytes("00 2E 00 | 44 | 01"));
    assertEquals(5, d.length());
    assertEquals(3, d.octetsRead(), "bit 24 is 0: octets 4 and 5 are not part of the FIF");
    assertFalse(d.ecm());
    assertFalse(d.bit(33));
    DisDcsFields e = DisDcsFields.parse(Fcf.DIS, bytes("00 2E 80 | 44 | 01"));
    assertEquals(4, e.octetsRead(), "bit 24 set, bit 32 clear");
    assertTrue(e.ecm());
    assertTrue(e.t6());
    assertFalse(e.bit(33));
  }

  @Test
  void dcsEcm64AndFlagsAndDtc() {
    DisDcsFields d = DisDcsFields.parse(Fcf.DCS, bytes("00 62 80 0C"));
    assertTrue(d.ecm());
    assertTrue(d.ecmFrame64());
    assertEquals(64, d.ecmFrameSize());
    assertEquals("DCS V.17 14400 ECM-64 MH 204x196 A4 A4 scan=20ms", d.describe());
    DisDcsFields dtc = fields("FF 13 81 | 20 EF F8 00");
    assertEquals(Fcf.DTC, dtc.kind());
    assertTrue(dtc.isCapability());
    assertTrue(dtc.v8());
    assertTrue(dtc.readyToTransmit());
    assertEquals("DTC V.17/V.29/V.27ter ≤14400 V.8 poll MR R8x7.7 A4 unlimited scan=0ms",
        dtc.describe());
    assertEquals("DIS rates=reserved(0x6) no-rx A4 A4 scan=20ms",
        DisDcsFields.parse(Fcf.DIS, bytes("00 18 00")).describe());
  }

  @Test
  void badArguments() {
    assertThrows(IllegalArgumentException.class, () -> DisDcsFields.parse(Fcf.CSI, new byte[3]));
    assertNull(DisDcsFields.of(T30Frame.decode(bytes(Vectors.MCF))));
    assertNull(DisDcsFields.of(null));
    DisDcsFields empty = DisDcsFields.parse(Fcf.DIS, null, 5, 9);
    assertEquals(0, empty.length());
    assertTrue(empty.isShort());
    assertFalse(empty.bit(10));
  }
}
