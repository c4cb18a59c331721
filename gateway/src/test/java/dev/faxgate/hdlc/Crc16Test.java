package dev.faxgate.hdlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** CRC-16/ITU as HDLC uses it: the catalogue check value, and T.30 frames with their FCS octets (docs/dsp.md §0, §3). */
class Crc16Test {
  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  @Test
  void checkValueOf123456789() {
    byte[] s = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0x906E, Crc16.fcs(s, 0, s.length));
    assertEquals(Crc16.CHECK, Crc16.fcs(s, 0, s.length));
  }

  @Test
  void dcnFrameHasFcsE713SentAs13E7() {
    // DCN in LSB-first (line) order: address FF, control 13 (final), FCF FA; T.38 order FF C8 5F
    byte[] dcn = bytes(0xFF, 0x13, 0xFA);
    assertEquals(0xE713, Crc16.fcs(dcn, 0, 3));
    // on the line, low octet first: FF 13 FA 13 E7; the residue over all five is 0xF0B8
    byte[] line = bytes(0xFF, 0x13, 0xFA, 0x13, 0xE7);
    assertEquals(Crc16.GOOD_RESIDUE, Crc16.update(Crc16.INIT, line, 0, 5));
    assertTrue(Crc16.check(line, 0, 5));
    line[2] ^= 0x01; // one bit wrong
    assertFalse(Crc16.check(line, 0, 5));
  }

  @Test
  void octetAtATimeEqualsBlock() {
    byte[] cfr = bytes(0xFF, 0x13, 0x84); // CFR, LSB first
    int crc = Crc16.INIT;
    for (byte b : cfr) {
      crc = Crc16.update(crc, b & 0xFF);
    }
    assertEquals(Crc16.update(Crc16.INIT, cfr, 0, 3), crc);
    int fcs = crc ^ 0xFFFF;
    byte[] line = bytes(0xFF, 0x13, 0x84, fcs & 0xFF, fcs >>> 8);
    assertTrue(Crc16.check(line, 0, line.length));
  }

  @Test
  void tooShortIsNeverGood() {
    assertFalse(Crc16.check(new byte[1], 0, 1));
    assertFalse(Crc16.check(new byte[0], 0, 0));
  }
}
