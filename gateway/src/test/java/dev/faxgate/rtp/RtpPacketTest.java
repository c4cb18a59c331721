// Exercises RtpPacket: header field get/set and validation against annotated byte vectors (RFC 3550 §5.1).
package dev.faxgate.rtp;

import static dev.faxgate.rtp.RtpPacket.ERR_BAD_PADDING;
import static dev.faxgate.rtp.RtpPacket.ERR_BAD_VERSION;
import static dev.faxgate.rtp.RtpPacket.ERR_BOUNDS;
import static dev.faxgate.rtp.RtpPacket.ERR_CSRC_OVERFLOW;
import static dev.faxgate.rtp.RtpPacket.ERR_EXTENSION_OVERFLOW;
import static dev.faxgate.rtp.RtpPacket.ERR_TOO_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RtpPacketTest {

  private static void assertPayload(byte[] b, int off, int len, int payloadOff, int payloadLen) {
    long r = RtpPacket.validate(b, off, len);
    assertTrue(r >= 0, () -> "rejected: " + RtpPacket.errorName(r));
    assertEquals(payloadOff, RtpPacket.payloadOffset(r), "payload offset");
    assertEquals(payloadLen, RtpPacket.payloadLength(r), "payload length");
  }

  private static void assertError(int code, byte[] b) {
    assertError(code, b, 0, b.length);
  }

  private static void assertError(int code, byte[] b, int off, int len) {
    long r = RtpPacket.validate(b, off, len);
    assertEquals(code, r, () -> "expected " + RtpPacket.errorName(code) + ", got " + RtpPacket.errorName(r));
    RtpPacket view = new RtpPacket();
    assertEquals(code, view.wrap(b, off, len));
    assertFalse(view.isValid());
  }

  // ---------------------------------------------------------------- well-formed

  @Test
  void minimalPcmuPacket() {
    byte[] b = Hex.bytes("""
        80           # V=2 P=0 X=0 CC=0
        00           # M=0 PT=0 (PCMU)
        12 34        # sequence 0x1234 = 4660
        00 00 01 40  # timestamp 320
        DE AD BE EF  # SSRC
        FF 7F FF 7F  # payload: 4 mu-law octets
        """);
    assertPayload(b, 0, b.length, 12, 4);
    assertEquals(2, RtpPacket.version(b, 0));
    assertFalse(RtpPacket.padding(b, 0));
    assertFalse(RtpPacket.extension(b, 0));
    assertEquals(0, RtpPacket.csrcCount(b, 0));
    assertFalse(RtpPacket.marker(b, 0));
    assertEquals(0, RtpPacket.payloadType(b, 0));
    assertEquals(4660, RtpPacket.sequence(b, 0));
    assertEquals(320, RtpPacket.timestamp(b, 0));
    assertEquals(0xDEADBEEF, RtpPacket.ssrc(b, 0));
    assertEquals(12, RtpPacket.headerLength(b, 0));
  }

  @Test
  void packetInsideALargerBufferWithMarkerAndPcma() {
    byte[] b = Hex.bytes("""
        AA BB CC     # 3 unrelated octets before the packet
        80           # V=2 P=0 X=0 CC=0
        88           # M=1 PT=8 (PCMA)
        FF FF        # sequence 65535
        FF FF FF 60  # timestamp 4294967136 (-160 as int)
        00 00 00 01  # SSRC 1
        D5 D5        # payload: 2 A-law octets
        EE           # unrelated octet after the packet (not in len)
        """);
    assertPayload(b, 3, 14, 15, 2);
    assertTrue(RtpPacket.marker(b, 3));
    assertEquals(8, RtpPacket.payloadType(b, 3));
    assertEquals(65535, RtpPacket.sequence(b, 3));
    assertEquals(-160, RtpPacket.timestamp(b, 3));
    assertEquals("4294967136", Integer.toUnsignedString(RtpPacket.timestamp(b, 3)));
    assertEquals(1, RtpPacket.ssrc(b, 3));
  }

  @Test
  void csrcList() {
    byte[] b = Hex.bytes("""
        82           # V=2 P=0 X=0 CC=2
        00           # M=0 PT=0
        00 01        # sequence 1
        00 00 00 A0  # timestamp 160
        11 22 33 44  # SSRC
        AA AA AA AA  # CSRC[0]
        BB BB BB B0  # CSRC[1]
        01 02 03     # payload, 3 octets
        """);
    assertPayload(b, 0, b.length, 20, 3);
    assertEquals(2, RtpPacket.csrcCount(b, 0));
    assertEquals(0xAAAAAAAA, RtpPacket.csrc(b, 0, 0));
    assertEquals(0xBBBBBBB0, RtpPacket.csrc(b, 0, 1));
    assertEquals(20, RtpPacket.headerLength(b, 0));
  }

  @Test
  void headerExtension() {
    byte[] b = Hex.bytes("""
        90           # V=2 P=0 X=1 CC=0
        08           # M=0 PT=8
        00 02        # sequence 2
        00 00 01 40  # timestamp 320
        11 22 33 44  # SSRC
        BE DE        # extension profile 0xBEDE
        00 01        # extension length: 1 word
        10 AA 00 00  # extension data (one word)
        D5 D5 D5     # payload, 3 octets
        """);
    assertPayload(b, 0, b.length, 20, 3);
    assertTrue(RtpPacket.extension(b, 0));
    assertEquals(0xBEDE, RtpPacket.extensionProfile(b, 0));
    assertEquals(1, RtpPacket.extensionLength(b, 0));
    assertEquals(20, RtpPacket.headerLength(b, 0));
  }

  @Test
  void padding() {
    byte[] b = Hex.bytes("""
        A0           # V=2 P=1 X=0 CC=0
        00           # M=0 PT=0
        00 03        # sequence 3
        00 00 01 E0  # timestamp 480
        11 22 33 44  # SSRC
        01 02 03     # payload, 3 octets
        00 00 03     # padding: 3 octets, the last holding the count
        """);
    assertPayload(b, 0, b.length, 12, 3);
    assertTrue(RtpPacket.padding(b, 0));
  }

  @Test
  void paddingOnlyGivesEmptyPayload() {
    byte[] b = Hex.bytes("""
        A0 00 00 04 00 00 00 00 11 22 33 44  # header, P=1
        00 00 00 04                          # 4 padding octets, count 4
        """);
    assertPayload(b, 0, b.length, 12, 0);
  }

  @Test
  void everythingAtOnce() {
    byte[] b = Hex.bytes("""
        B1           # V=2 P=1 X=1 CC=1
        80           # M=1 PT=0
        AB CD        # sequence 43981
        12 34 56 78  # timestamp
        CA FE BA BE  # SSRC
        00 00 00 2A  # CSRC[0] = 42
        10 00        # extension profile 0x1000
        00 02        # extension length: 2 words
        01 02 03 04  # extension data, word 1
        05 06 07 08  # extension data, word 2
        7F FF        # payload, 2 octets
        00 02        # padding, count 2
        """);
    assertPayload(b, 0, b.length, 28, 2);
    RtpPacket p = new RtpPacket();
    assertEquals(0, p.wrap(b, 0, b.length));
    assertTrue(p.isValid());
    assertTrue(p.marker());
    assertEquals(0, p.payloadType());
    assertEquals(43981, p.sequence());
    assertEquals(0x12345678, p.timestamp());
    assertEquals(0xCAFEBABE, p.ssrc());
    assertEquals(1, p.csrcCount());
    assertEquals(42, p.csrc(0));
    assertEquals(28, p.payloadOffset());
    assertEquals(2, p.payloadLength());
    assertEquals(32, p.length());
    assertEquals(28, RtpPacket.headerLength(b, 0));
  }

  // ---------------------------------------------------------------- malformed

  @Test
  void tooShort() {
    assertError(ERR_TOO_SHORT, new byte[0]);
    assertError(ERR_TOO_SHORT, Hex.bytes("80 00 00 01 00 00 00 00 00 00 00  # 11 octets"));
    byte[] b = new byte[20];
    assertError(ERR_TOO_SHORT, b, 20, 0);          // empty range at the very end
    assertError(ERR_TOO_SHORT, b, 10, 10);         // a valid range, just too small
  }

  @Test
  void badVersion() {
    assertError(ERR_BAD_VERSION, Hex.bytes("00 00 00 01 00 00 00 00 00 00 00 00  # V=0"));
    assertError(ERR_BAD_VERSION, Hex.bytes("40 00 00 01 00 00 00 00 00 00 00 00  # V=1"));
    assertError(ERR_BAD_VERSION, Hex.bytes("C0 00 00 01 00 00 00 00 00 00 00 00  # V=3"));
  }

  @Test
  void csrcCountBeyondLength() {
    assertError(ERR_CSRC_OVERFLOW, Hex.bytes("""
        81 00 00 01 00 00 00 00 00 00 00 00  # CC=1 but nothing follows the fixed header
        """));
    assertError(ERR_CSRC_OVERFLOW, Hex.bytes("""
        82 00 00 01 00 00 00 00 00 00 00 00  # CC=2 needs 8 octets
        AA AA AA AA BB BB BB                 # only 7
        """));
    byte[] b = new byte[71];                            // CC=15 needs 12 + 60 = 72
    b[0] = (byte) 0x8F;
    assertError(ERR_CSRC_OVERFLOW, b);
  }

  @Test
  void extensionBeyondLength() {
    assertError(ERR_EXTENSION_OVERFLOW, Hex.bytes("""
        90 00 00 01 00 00 00 00 00 00 00 00  # X=1 and no room for the extension preamble
        """));
    assertError(ERR_EXTENSION_OVERFLOW, Hex.bytes("""
        90 00 00 01 00 00 00 00 00 00 00 00  # X=1
        BE DE 00                             # 3 of the 4 preamble octets
        """));
    assertError(ERR_EXTENSION_OVERFLOW, Hex.bytes("""
        90 00 00 01 00 00 00 00 00 00 00 00  # X=1
        BE DE 00 02                          # extension length 2 words = 8 octets
        01 02 03 04 05 06 07                 # only 7
        """));
    assertError(ERR_EXTENSION_OVERFLOW, Hex.bytes("""
        91 00 00 01 00 00 00 00 00 00 00 00  # X=1 CC=1
        AA AA AA AA                          # CSRC[0]
        BE DE FF FF                          # extension length 65535 words
        """));
  }

  @Test
  void paddingCountZeroOrBeyondPacket() {
    assertError(ERR_BAD_PADDING, Hex.bytes("""
        A0 00 00 01 00 00 00 00 11 22 33 44  # P=1
        01 02 00                             # last octet: padding count 0
        """));
    assertError(ERR_BAD_PADDING, Hex.bytes("""
        A0 00 00 01 00 00 00 00 11 22 33 44  # P=1
        01 05                                # padding count 5 but only 2 octets follow the header
        """));
    assertError(ERR_BAD_PADDING, Hex.bytes("""
        A0 00 00 01 00 00 00 00 11 22 33 05  # P=1, header only: the count would be inside the header
        """));
    assertError(ERR_BAD_PADDING, Hex.bytes("""
        B0 00 00 01 00 00 00 00 11 22 33 44  # P=1 X=1
        BE DE 00 00                          # empty extension
        02                                   # count 2 reaches back into the extension
        """));
  }

  @Test
  void rangeOutsideTheBuffer() {
    byte[] b = Hex.bytes("80 00 00 01 00 00 00 00 00 00 00 00 FF");
    assertError(ERR_BOUNDS, null, 0, 12);
    assertError(ERR_BOUNDS, b, -1, 12);
    assertError(ERR_BOUNDS, b, 0, -1);
    assertError(ERR_BOUNDS, b, 2, 12);                 // runs one past the end
    assertError(ERR_BOUNDS, b, 14, 0);                 // starts past the end
    assertError(ERR_BOUNDS, b, 1, Integer.MAX_VALUE);  // off + len overflows
    assertError(ERR_BOUNDS, b, Integer.MAX_VALUE, 1);
    assertEquals(ERR_BAD_VERSION, RtpPacket.validate(b, 1, 12)); // in range: now the data is judged
  }

  @Test
  void errorNamesAreDistinct() {
    assertEquals("ok", RtpPacket.errorName(0));
    assertEquals("bounds", RtpPacket.errorName(ERR_BOUNDS));
    assertEquals("too-short", RtpPacket.errorName(ERR_TOO_SHORT));
    assertEquals("bad-version", RtpPacket.errorName(ERR_BAD_VERSION));
    assertEquals("csrc-overflow", RtpPacket.errorName(ERR_CSRC_OVERFLOW));
    assertEquals("extension-overflow", RtpPacket.errorName(ERR_EXTENSION_OVERFLOW));
    assertEquals("bad-padding", RtpPacket.errorName(ERR_BAD_PADDING));
  }

  // ---------------------------------------------------------------- writing

  @Test
  void writeMinimalHeader() {
    byte[] b = new byte[16];
    assertEquals(12, RtpPacket.writeHeader(b, 2, true, 8, 0xBEEF, 0x01020304, 0xCAFEBABE));
    assertEquals(Hex.of(Hex.bytes("""
        00 00        # untouched
        80           # V=2 P=0 X=0 CC=0
        88           # M=1 PT=8
        BE EF        # sequence
        01 02 03 04  # timestamp
        CA FE BA BE  # SSRC
        00 00        # untouched
        """), 0, 16), Hex.of(b, 0, 16));
  }

  @Test
  void settersTouchOnlyTheirBits() {
    byte[] b = new byte[20];
    RtpPacket.setVersion(b, 0, 2);
    RtpPacket.setPadding(b, 0, true);
    RtpPacket.setExtension(b, 0, true);
    RtpPacket.setCsrcCount(b, 0, 1);
    RtpPacket.setMarker(b, 0, true);
    RtpPacket.setPayloadType(b, 0, 0x7F);
    RtpPacket.setSequence(b, 0, 0x10203);          // only the low 16 bits
    RtpPacket.setTimestamp(b, 0, 0xA0B0C0D0);
    RtpPacket.setSsrc(b, 0, 0x01020304);
    RtpPacket.setCsrc(b, 0, 0, 0x05060708);
    assertEquals(Hex.of(Hex.bytes("""
        B1           # V=2 P=1 X=1 CC=1
        FF           # M=1 PT=127
        02 03        # sequence 0x0203
        A0 B0 C0 D0  # timestamp
        01 02 03 04  # SSRC
        05 06 07 08  # CSRC[0]
        00 00 00 00  # untouched
        """), 0, 20), Hex.of(b, 0, 20));

    RtpPacket.setPadding(b, 0, false);
    RtpPacket.setExtension(b, 0, false);
    RtpPacket.setCsrcCount(b, 0, 0);
    RtpPacket.setMarker(b, 0, false);
    assertEquals("80 7F", Hex.of(b, 0, 2));
    RtpPacket.setPayloadType(b, 0, 8);
    RtpPacket.setMarker(b, 0, true);
    RtpPacket.setVersion(b, 0, 1);
    assertEquals("40 88", Hex.of(b, 0, 2));
  }
}
