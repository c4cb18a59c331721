// Exercises RtpPacer: steady +1 sequence / +160 timestamp headers, marker on the first packet, wraps.
package dev.faxgate.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RtpPacerTest {

  @Test
  void headersAdvanceSteadilyWithMarkerFirst() {
    RtpPacer p = new RtpPacer(0xCAFEBABE, G711.PT_PCMA, 65534, 0xFFFFFF60);
    byte[] b = new byte[12];
    assertEquals(12, p.next(b, 0));
    assertEquals(Hex.of(Hex.bytes("""
        80           # V=2 P=0 X=0 CC=0
        88           # M=1 (first packet) PT=8
        FF FE        # sequence 65534
        FF FF FF 60  # timestamp 4294967136
        CA FE BA BE  # SSRC
        """), 0, 12), Hex.of(b, 0, 12));
    p.next(b, 0);
    assertEquals(Hex.of(Hex.bytes("""
        80 08        # M=0 PT=8
        FF FF        # sequence 65535
        00 00 00 00  # timestamp wrapped: 0xFFFFFF60 + 160
        CA FE BA BE
        """), 0, 12), Hex.of(b, 0, 12));
    p.next(b, 0);
    assertEquals("80 08 00 00 00 00 00 A0", Hex.of(b, 0, 8));   // sequence wrapped to 0, timestamp 160
    assertEquals(3, p.packets());
  }

  @Test
  void skipAdvancesTimeNotSequenceAndMarkSetsTheMarkerOnce() {
    RtpPacer p = new RtpPacer(1, G711.PT_PCMU, 10, 0);
    byte[] b = new byte[20];
    p.next(b, 0);
    p.skip();
    p.mark();
    assertEquals(11, p.sequence());
    assertEquals(320, p.timestamp());
    p.next(b, 4);
    assertEquals(Hex.of(Hex.bytes("80 80 00 0B 00 00 01 40 00 00 00 01  # M=1 PT=0 seq 11 ts 320"), 0, 12),
        Hex.of(b, 4, 12));
    p.next(b, 4);
    assertEquals("80 00 00 0C 00 00 01 E0", Hex.of(b, 4, 8));
    assertEquals(1, p.ssrc());
    assertEquals(0, p.payloadType());
  }

  @Test
  void packetsValidateAndReadBack() {
    RtpPacer p = new RtpPacer(77, G711.PT_PCMU, 100, 5000, 80);       // 10 ms frames
    byte[] b = new byte[12 + 80];
    for (int i = 0; i < 5; i++) {
      p.next(b, 0);
      long r = RtpPacket.validate(b, 0, b.length);
      assertEquals(12, RtpPacket.payloadOffset(r));
      assertEquals(80, RtpPacket.payloadLength(r));
      assertEquals(100 + i, RtpPacket.sequence(b, 0));
      assertEquals(5000 + 80 * i, RtpPacket.timestamp(b, 0));
      assertEquals(i == 0, RtpPacket.marker(b, 0));
    }
  }

  @Test
  void configurationIsChecked() {
    assertThrows(IllegalArgumentException.class, () -> new RtpPacer(1, 128, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new RtpPacer(1, -1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new RtpPacer(1, 0, 0, 0, 0));
  }
}
