// Exercises StationId: the 20-octet identities of CSI/TSI/CIG are stored reversed and space padded; decoding real faxpeer and real-equipment frames, the docs/dsp.md example in both bit orders, encoding, and odd input.
package dev.faxgate.t30;

import static dev.faxgate.t30.T30Hex.bytes;
import static dev.faxgate.t30.T30Hex.norm;
import static dev.faxgate.t30.T30Hex.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StationIdTest {

  private static String idOf(String frameHex) {
    T30Frame f = T30Frame.decode(bytes(frameHex));
    assertEquals(StationId.LENGTH, f.fifLength(), frameHex);
    return StationId.decode(f.array(), f.offset() + 3, f.fifLength());
  }

  @Test
  void realFrames() {
    assertEquals("555_0199", idOf(Vectors.ECM_CSI));
    assertEquals("+1_555_0100", idOf(Vectors.ECM_TSI));
    assertEquals("+44 20 7946 0000", idOf(Vectors.ID_CSI));
    assertEquals("+1 555 0100", idOf(Vectors.ID_TSI));
    assertEquals("020 7063 8601", idOf(Vectors.REAL_TSI));
    assertEquals("", idOf(Vectors.REAL_CSI_BLANK));
  }

  /** docs/dsp.md §5.4: "+1 555 1234", LSB-first (ASCII) and T.38 order. */
  @Test
  void factsExample() {
    String fif = "34 33 32 31 20 35 35 35 20 31 2B 20 20 20 20 20 20 20 20 20";
    assertEquals(norm(fif), of(StationId.encode("+1 555 1234")));
    assertEquals("+1 555 1234", StationId.decode(bytes(fif)));
    byte[] t38 = BitOrder.reversedCopy(bytes(fif));
    assertEquals("2C CC 4C 8C 04 AC AC AC 04 8C D4 04", of(java.util.Arrays.copyOf(t38, 12)));
    T30Frame csi = T30Frame.decodeT38Order(bytes("FF C0 02 " + of(t38)), 0, 23);
    assertEquals("CSI \"+1 555 1234\"", csi.describe());
  }

  @Test
  void encodeReversesAndPads() {
    for (String id : new String[] {"", "5", "+49 30 1234567", "12345678901234567890"}) {
      byte[] fif = StationId.encode(id);
      assertEquals(20, fif.length);
      assertEquals(id, StationId.decode(fif));
      for (int i = 0; i < id.length(); i++) {
        assertEquals(id.charAt(id.length() - 1 - i), (char) fif[i], id + " octet " + i);
      }
      for (int i = id.length(); i < 20; i++) {
        assertEquals(' ', (char) fif[i], id + " pad " + i);
      }
    }
    assertEquals("12345678901234567890", StationId.decode(StationId.encode("123456789012345678901")),
        "longer than 20: cut");
    assertEquals("a?b", StationId.decode(StationId.encode("a\u00e9b")));
  }

  @Test
  void decodeIsLenient() {
    assertEquals("", StationId.decode(null));
    assertEquals("?1", StationId.decode(bytes("31 07")), "non-printable shown as ?");
    assertEquals("1 2", StationId.decode(bytes("20 32 20 31 20")), "inner spaces kept, ends stripped");
    assertEquals("21", StationId.decode(bytes("31 32 33"), 0, 2));
    assertEquals("", StationId.decode(bytes("31 32"), 5, 2));
    assertEquals("2", StationId.decode(bytes("31 32"), 1, 99));
  }

  @Test
  void validIdentities() {
    assertTrue(StationId.isValid("+1 555 0100"));
    assertTrue(StationId.isValid(""));
    assertFalse(StationId.isValid("555_0199"));
    assertFalse(StationId.isValid("123456789012345678901"));
    assertFalse(StationId.isValid(null));
  }
}
