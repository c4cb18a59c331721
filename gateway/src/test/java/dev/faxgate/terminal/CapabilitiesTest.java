package dev.faxgate.terminal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.modem.FastModem;
import dev.faxgate.t30.DataRate;
import dev.faxgate.t30.DisDcsFields;
import dev.faxgate.t30.Fcf;
import dev.faxgate.t30.RecordingWidth;
import dev.faxgate.t30.Resolution;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DIS a receiving terminal offers and the DCS a sender chooses, octet by octet (T.30 Table 2). */
class CapabilitiesTest {
  private static final HexFormat HEX = HexFormat.of();
  /** spandsp's DIS as faxpeer t38-recv sent it (ECM off): V.27ter/V.29/V.17, fine, MR, unlimited, 0 ms, superfine. */
  private static final DisDcsFields SPANDSP_DIS = DisDcsFields.parse(Fcf.DIS, HEX.parseHex("04eef880809180808018"));

  @Test
  void dcsForV17StandardMhWithoutEcm() {
    PageFormat f = new PageFormat(ImageCoding.MH, Resolution.R8_STANDARD, 1728, false, 0);
    byte[] dcs = Capabilities.dcsFif(DataRate.V17_14400, f, 0, SPANDSP_DIS, false);
    // bit 10, rate 0x8 in bits 11-14; bit 20 unlimited, bits 21-23 = 111 (0 ms), bit 24; bits 32, 40
    assertEquals("0022f8808000", HEX.formatHex(dcs));
    DisDcsFields parsed = DisDcsFields.parse(Fcf.DCS, dcs);
    assertEquals(DataRate.V17_14400, parsed.dataRate());
    assertEquals(RecordingWidth.A4, parsed.width());
    assertEquals(0, parsed.minScanLineMs());
    assertFalse(parsed.ecm());
    assertEquals("MH", parsed.coding());
  }

  @Test
  void dcsForFineMrEcm64AtB4() {
    PageFormat f = new PageFormat(ImageCoding.MMR, Resolution.R8_FINE, 2048, true, 0);
    DisDcsFields parsed = DisDcsFields.parse(Fcf.DCS, Capabilities.dcsFif(DataRate.V29_9600, f, 0, SPANDSP_DIS, true));
    assertEquals(DataRate.V29_9600, parsed.dataRate());
    assertEquals(RecordingWidth.B4, parsed.width());
    assertEquals(Resolution.R8_FINE, parsed.resolution());
    assertTrue(parsed.ecm());
    assertEquals(64, parsed.ecmFrameSize());
    assertEquals("T.6", parsed.coding());
  }

  /** A called station with a document to be polled: bit 9 set, bit 10 clear, the rest as a receiver's DIS. */
  @Test
  void aPollableDisSaysReadyToTransmitAndNotToReceive() {
    TerminalOptions o = TerminalOptions.polled("", true);
    byte[] receiver = Capabilities.disFif(o, EnumSet.allOf(ImageCoding.class));
    byte[] pollable = Capabilities.pollableDisFif(o);
    DisDcsFields dis = DisDcsFields.parse(Fcf.DIS, pollable);
    assertTrue(dis.bit(9));
    assertFalse(dis.bit(10));
    assertFalse(dis.receive());
    // only bits 9 and 10 differ: the modems, rates and the rest as a receiver's
    assertEquals(receiver.length, pollable.length);
    for (int i = 0; i < receiver.length; i++) {
      assertEquals((byte) (i == 1 ? receiver[i] ^ 0x03 : receiver[i]), pollable[i], "octet " + i);
    }
  }

  @Test
  void scanLineTimeComesFromTheDis() {
    DisDcsFields dis20 = DisDcsFields.parse(Fcf.DIS, HEX.parseHex("00ee0e")); // code 000: 20 ms
    PageFormat f = new PageFormat(ImageCoding.MH, Resolution.R8_STANDARD, 1728, false, 0);
    int scan = Capabilities.scanLineMs(dis20, false, Resolution.R8_STANDARD);
    assertEquals(20, scan);
    assertEquals(20, DisDcsFields.parse(Fcf.DCS, Capabilities.dcsFif(DataRate.V17_14400, f, scan, dis20, false))
        .minScanLineMs());
    assertEquals(0, Capabilities.scanLineMs(dis20, true, Resolution.R8_STANDARD));
  }

  @Test
  void disOffersWhatTheOptionsAllow() {
    DisDcsFields dis = DisDcsFields.parse(Fcf.DIS,
        Capabilities.disFif(TerminalOptions.of(false, "", true), EnumSet.allOf(ImageCoding.class)));
    assertEquals(EnumSet.allOf(FastModem.class), dis.modems());
    assertTrue(dis.receive() && dis.ecm() && dis.t6() && dis.mr());
    assertEquals(0, dis.minScanLineMs());
    assertEquals(RecordingWidth.A3, dis.width());
    assertEquals(List.of(Resolution.R8_STANDARD, Resolution.R8_FINE, Resolution.R8_SUPERFINE), dis.resolutions());
    assertFalse(dis.v8());

    DisDcsFields noEcm9600 = DisDcsFields.parse(Fcf.DIS, Capabilities.disFif(
        TerminalOptions.of(false, "", false).withRates(2400, 9600), EnumSet.of(ImageCoding.MH)));
    assertEquals(EnumSet.of(FastModem.V29, FastModem.V27TER), noEcm9600.modems());
    assertFalse(noEcm9600.ecm() || noEcm9600.t6() || noEcm9600.mr());
  }

  @Test
  void ratesFallBackWithinTheOptions() {
    assertEquals(List.of(DataRate.V17_14400, DataRate.V17_12000, DataRate.V17_9600, DataRate.V17_7200,
        DataRate.V27TER_4800, DataRate.V27TER_2400), Capabilities.rates(SPANDSP_DIS, TerminalOptions.of(true, "", true)));
    assertEquals(List.of(DataRate.V29_9600, DataRate.V29_7200, DataRate.V27TER_4800),
        Capabilities.rates(SPANDSP_DIS, TerminalOptions.of(true, "", true).withRates(4800, 9600)
            .withModems(EnumSet.of(FastModem.V29, FastModem.V27TER))));
    assertEquals(List.of(), Capabilities.rates(SPANDSP_DIS, TerminalOptions.of(true, "", true).withRates(14400, 14400)
        .withModems(EnumSet.of(FastModem.V29))));
  }
}
