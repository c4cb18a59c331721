// Exercises Nsf: T.35 country code in both bit orders (conforming MSB-first reads reversed in LSB-first octets, legacy LSB-first reads as is), the spandsp-style resolution of ambiguous codes, the extension code, vendor octets, and short FIFs.
package dev.faxgate.t30;

import static dev.faxgate.t30.T30Hex.bytes;
import static dev.faxgate.t30.T30Hex.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NsfTest {

  @Test
  void countryCodeInBothOrders() {
    Object[][] cases = {
        // first FIF octet (LSB-first), T.35 code, legacy order, name
        {"AD", 0xB5, false, "United States"}, // USA sent MSB first (T.30 2003)
        {"B5", 0xB5, true, "United States"}, // USA sent LSB first (older terminals)
        {"00", 0x00, false, "Japan"},
        {"20", 0x04, false, "Germany"},
        {"04", 0x04, true, "Germany"}, // also Canada sent MSB first: Germany wins, as in spandsp
        {"64", 0x26, false, "China"},
        {"86", 0x61, false, "Korea"},
        {"2D", 0xB4, false, "United Kingdom"},
        {"BC", 0x3D, false, "France"},
        {"9A", 0x59, false, "Italy"}, // bit-reversed 0x59
        {"59", 0x59, true, "Italy"}, // 0x9A (Seychelles) is not in the table: legacy reading
        {"A5", 0xA5, false, "Sweden"}, // a palindrome
        {"7F", 0xFE, false, "Taiwan"},
        {"C2", 0x43, false, "T.35 0x43"}, // neither reading in the table: the conforming one
    };
    for (Object[] c : cases) {
      Nsf n = Nsf.parse(bytes(c[0] + " 00 11"));
      String at = (String) c[0];
      assertEquals(Integer.parseInt(at, 16), n.rawCountryOctet(), at);
      assertEquals(c[1], n.countryCode(), at);
      assertEquals(c[2], n.legacyBitOrder(), at);
      assertEquals(c[3], n.countryName(), at);
    }
  }

  @Test
  void vendorAndData() {
    Nsf n = Nsf.parse(bytes("AD | 00 55 | 01 02 03"));
    assertEquals("00 55", of(n.vendorCode()));
    assertEquals("01 02 03", of(n.vendorData()));
    assertTrue(n.isComplete());
    assertEquals("United States vendor=00 55 +3 octets", n.describe());
    assertEquals("United States(lsb) vendor=00 6E", Nsf.parse(bytes("B5 00 6E")).describe());
  }

  @Test
  void extensionCode() {
    Nsf n = Nsf.parse(bytes("FF 12 | 34 56 | 78"));
    assertEquals(0xFF, n.countryCode());
    assertEquals(0x12, n.countryExtension());
    assertEquals("34 56", of(n.vendorCode()));
    assertEquals("T.35 extension 0x12 vendor=34 56 +1 octets", n.describe());
    // spandsp's gateway overwrites country and vendor with FF 00 00 (docs/dsp.md §5.5)
    Nsf masked = Nsf.parse(bytes("FF 00 00"));
    assertEquals(0, masked.countryExtension());
    assertFalse(masked.isComplete());
  }

  @Test
  void shortAndEmpty() {
    assertEquals(-1, Nsf.parse(new byte[0]).countryCode());
    assertEquals("empty", Nsf.parse(null).describe());
    assertEquals("none", Nsf.parse(null).countryName());
    Nsf one = Nsf.parse(bytes("AD"));
    assertFalse(one.isComplete());
    assertEquals("United States vendor=none", one.describe());
    assertEquals("00", of(Nsf.parse(bytes("AD 00")).vendorCode()));
    assertEquals(-1, Nsf.parse(bytes("AD 00 00")).countryExtension());
    assertEquals("Japan", Nsf.countryName(0x00));
  }

  @Test
  void inAFrame() {
    T30Frame f = T30Frame.decode(bytes("FF 03 20 | AD 00 55 | 48 59 4C 41"));
    assertEquals(Fcf.NSF, f.fcf());
    assertEquals("NSF United States vendor=00 55 +4 octets", f.describe());
    assertEquals("NSS United States vendor=00 55", T30Frame.decode(bytes("FF 13 23 AD 00 55")).describe());
    assertEquals("NSC Japan vendor=00 25", T30Frame.decode(bytes("FF 13 21 00 00 25")).describe());
  }
}
