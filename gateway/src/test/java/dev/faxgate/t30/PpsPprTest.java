// Exercises Pps and Ppr, the ECM post-message frames: PPS from faxpeer ECM calls (FCF2 with X, page, block, frame count minus one), PPS-NULL, EOR's single octet, the PPR frame bit map, and short FIFs.
package dev.faxgate.t30;

import static dev.faxgate.t30.T30Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PpsPprTest {

  private static Pps pps(String frameHex) {
    T30Frame f = T30Frame.decode(bytes(frameHex));
    return Pps.parse(f.fif());
  }

  @Test
  void faxpeerPps() {
    Object[][] cases = {
        // frame, post-message, page, block, frames
        {Vectors.ECM_PPS_EOP, Fcf.EOP, 0, 0, 66},
        {Vectors.SUPERFINE_PPS, Fcf.EOP, 0, 0, 101},
        {Vectors.E2_PPS_MPS, Fcf.MPS, 0, 0, 48},
        {Vectors.E2_PPS_EOP, Fcf.EOP, 1, 0, 50},
    };
    for (Object[] c : cases) {
      Pps p = pps((String) c[0]);
      assertEquals(c[1], p.postMessage(), (String) c[0]);
      assertFalse(p.isNull());
      assertEquals(c[2], p.page());
      assertEquals(c[3], p.block());
      assertEquals(c[4], p.frames());
    }
    assertEquals(0x2F, pps(Vectors.ECM_PPS_EOP).fcf2Octet(), "FCF2 keeps its X bit");
  }

  @Test
  void nullAndOtherFcf2() {
    Pps p = Pps.parse(bytes("00 03 01 FF"));
    assertTrue(p.isNull());
    assertNull(p.postMessage());
    assertEquals(256, p.frames());
    assertEquals("PPS-NULL page=3 block=1 frames=256", p.describe("PPS"));
    assertEquals("PPS-PRI-EOM page=0 block=0 frames=1", Pps.parse(bytes("9F 00 00 00")).toString());
    assertEquals("PPS-0x8C page=0 block=0 frames=1", Pps.parse(bytes("8C 00 00 00")).toString(),
        "MCF is no post-message command");
    Pps eor = Pps.parse(bytes("4F"));
    assertEquals(Fcf.MPS, eor.postMessage());
    assertEquals(-1, eor.page());
    assertEquals(-1, eor.frames());
    assertEquals("EOR-MPS", eor.describe("EOR"));
    assertEquals("PPS-?", Pps.parse(null).toString());
  }

  @Test
  void pprMap() {
    byte[] map = new byte[32];
    map[0] = 0x05; // frames 0 and 2
    map[8] = (byte) 0x80; // frame 71
    Ppr p = Ppr.parse(map);
    assertTrue(p.requested(0));
    assertFalse(p.requested(1));
    assertTrue(p.requested(2));
    assertTrue(p.requested(71));
    assertFalse(p.requested(256));
    assertFalse(p.requested(-1));
    assertEquals(3, p.count());
    assertEquals(32, p.length());
    assertEquals("PPR frames=3 [0 2 71]", p.describe());
    byte[] all = new byte[32];
    java.util.Arrays.fill(all, (byte) 0xFF);
    assertEquals("PPR frames=256 [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 ...]", Ppr.parse(all).describe());
    assertEquals("PPR frames=0", Ppr.parse(null).describe());
    assertEquals(1, Ppr.parse(bytes("01"), 0, 1).count());
  }
}
