// Exercises UdptlPacket with annotated datagrams: redundancy and FEC vectors from docs/dsp.md §2.4, faxpeer's udptl-selftest known answer and its tshark-decoded FEC capture, the 2-octet length form, and every error code.
package dev.faxgate.udptl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.t38.Hex;
import org.junit.jupiter.api.Test;

class UdptlPacketTest {
  private final UdptlPacket p = new UdptlPacket();

  private int decode(String hex) {
    byte[] b = Hex.bytes(hex);
    return p.decode(b, 0, b.length);
  }

  private String primary() {
    return Hex.of(p.buffer(), p.primaryOffset(), p.primaryLength());
  }

  private String secondary(int i) {
    return Hex.of(p.buffer(), p.secondaryOffset(i), p.secondaryLength(i));
  }

  private String fec(int i) {
    return Hex.of(p.buffer(), p.fecOffset(i), p.fecLength(i));
  }

  /** Decodes, checks the canonical re-encoding is the same octets. */
  private void decodeAndReencode(String hex) {
    assertEquals(UdptlPacket.OK, decode(hex), hex);
    byte[] out = new byte[2000];
    int n = p.encode(out, 0);
    assertEquals(Hex.norm(hex), Hex.of(out, 0, n));
  }

  @Test
  void noRecoveryCng() {
    // seq 0 | open type: length 1, IFP 02 (cng) | CHOICE 0 = secondary-ifp-packets | count 0
    decodeAndReencode("00 00 | 01 02 | 00 | 00");
    assertEquals(0, p.seq());
    assertEquals("02", primary());
    assertFalse(p.isFec());
    assertEquals(0, p.secondaryCount());
  }

  @Test
  void redundancyOneSecondary() {
    // seq 1 | length 8, V.21 hdlc-data FF C8 01 | secondary-ifp-packets | 1 | length 1, 06 (seq 0 = v21-preamble)
    decodeAndReencode("00 01 | 08 C0 01 80 00 02 FF C8 01 | 00 | 01 | 01 06");
    assertEquals(1, p.seq());
    assertEquals("C0 01 80 00 02 FF C8 01", primary());
    assertEquals(1, p.secondaryCount());
    assertEquals("06", secondary(0));
  }

  @Test
  void redundancyNewestFirst() {
    // seq 5 | 01 00 no-signal | secondaries: 2 | seq 4: 03 C0 01 20 (fcs-OK-sig-end, 2002)
    //                                            | seq 3: 06 C0 01 80 00 00 03 (hdlc-data 03)
    decodeAndReencode("00 05 | 01 00 | 00 | 02 | 03 C0 01 20 | 06 C0 01 80 00 00 03");
    assertEquals(5, p.seq());
    assertEquals("00", primary());
    assertEquals(2, p.secondaryCount());
    assertEquals("C0 01 20", secondary(0));
    assertEquals("C0 01 80 00 00 03", secondary(1));
  }

  @Test
  void fecOneEntryOfSpanThree() {
    // seq 3 | 01 06 v21-preamble | CHOICE 1 = fec-info (80) | fec-npackets: INTEGER length 1, value 3
    // | 1 entry | length 1: 00 ^ 02 ^ 04 = 06 (the IFPs of seq 0..2)
    decodeAndReencode("00 03 | 01 06 | 80 | 01 03 | 01 | 01 06");
    assertTrue(p.isFec());
    assertEquals(3, p.fecSpan());
    assertEquals(1, p.fecCount());
    assertEquals("06", fec(0));
  }

  @Test
  void fecFromFaxpeerCaptureAsTsharkDecodedIt() {
    // docs/testing.md "faxpeer findings" 3: seq 20, primary v21 hdlc-data 66, fec-npackets 3, 3 fec-data items
    decodeAndReencode("00 14 | 06 C0 01 80 00 00 66 | 80 | 01 03 | 03 "
        + "| 06 C0 01 80 00 00 E6 | 06 C0 01 80 00 00 76 | 06 C0 01 80 00 00 24");
    assertEquals(20, p.seq());
    assertEquals("C0 01 80 00 00 66", primary());
    assertEquals(3, p.fecSpan());
    assertEquals(3, p.fecCount());
    assertEquals("C0 01 80 00 00 E6", fec(0));
    assertEquals("C0 01 80 00 00 76", fec(1));
    assertEquals("C0 01 80 00 00 24", fec(2));
  }

  /** faxpeer udptl-selftest known answer: span 2, entries 2, IFPs 02 06 c00180...abcd 08 00 02. */
  static final String[] FAXPEER_FEC_2X2 = {
      "00 00 | 01 02 | 80 | 01 00 | 00",                               // span 0, no entry (wind-up)
      "00 01 | 01 06 | 80 | 01 00 | 00",
      "00 02 | 07 C0 01 80 00 01 AB CD | 80 | 01 02 | 01 | 01 04",     // p0^p1
      "00 03 | 01 08 | 80 | 01 02 | 01 | 07 C6 01 80 00 01 AB CD",     // p1^p2, p1 padded to 7
      "00 04 | 01 00 | 80 | 01 02 | 02 | 07 C2 01 80 00 01 AB CD | 01 0E", // p0^p2, p1^p3
      "00 05 | 01 02 | 80 | 01 02 | 02 | 01 0E | 07 C0 01 80 00 01 AB CD", // p1^p3, p2^p4
  };

  @Test
  void faxpeerKnownAnswerDecodes() {
    for (int i = 0; i < FAXPEER_FEC_2X2.length; i++) {
      decodeAndReencode(FAXPEER_FEC_2X2[i]);
      assertEquals(i, p.seq());
      assertEquals(i < 2 ? 0 : 2, p.fecSpan());
      assertEquals(i < 2 ? 0 : i < 4 ? 1 : 2, p.fecCount());
    }
  }

  @Test
  void twoOctetLengths() {
    byte[] ifp = new byte[200];
    ifp[0] = (byte) 0xC8;
    byte[] out = new byte[400];
    int e = UdptlPacket.writeHeader(out, 0, out.length, 0xABCD, ifp, 0, 200);
    e = UdptlPacket.writeSecondaryCount(out, e, out.length, 1);
    e = UdptlPacket.writeOctets(out, e, out.length, ifp, 0, 130);
    // AB CD | 80 C8 = 10 + 200 in 14 bits | 200 octets | 00 | 01 | 80 82 = 130 | 130 octets
    assertEquals(2 + 2 + 200 + 1 + 1 + 2 + 130, e);
    assertEquals("AB CD 80 C8 C8", Hex.of(out, 0, 5));
    assertEquals("00 01 80 82 C8", Hex.of(out, 204, 5));
    assertEquals(UdptlPacket.OK, p.decode(out, 0, e));
    assertEquals(0xABCD, p.seq());
    assertEquals(200, p.primaryLength());
    assertEquals(130, p.secondaryLength(0));
    // a non-minimal 2-octet length is read too
    assertEquals(UdptlPacket.OK, decode("00 09 | 80 01 02 | 00 | 80 00"));
    assertEquals("02", primary());
  }

  @Test
  void errorCodes() {
    assertEquals(UdptlPacket.ERR_TRUNCATED, decode(""));
    assertEquals(UdptlPacket.ERR_TRUNCATED, decode("00"));
    assertEquals(UdptlPacket.ERR_TRUNCATED, decode("00 01"));
    assertEquals(UdptlPacket.ERR_TRUNCATED, decode("00 01 05 02 00"));       // IFP of 5, 2 present
    assertEquals(UdptlPacket.ERR_TRUNCATED, decode("00 01 01 02"));          // no error-recovery
    assertEquals(UdptlPacket.ERR_TRUNCATED, decode("00 01 01 02 00"));       // no count
    assertEquals(UdptlPacket.ERR_TRUNCATED, decode("00 01 01 02 00 01 03 06")); // secondary cut
    assertEquals(UdptlPacket.ERR_TRUNCATED, decode("00 01 01 02 00 81"));    // half a length
    assertEquals(UdptlPacket.ERR_TRUNCATED, decode("00 01 01 02 80 01"));    // fec-npackets cut
    assertEquals(UdptlPacket.ERR_TRUNCATED, decode("00 01 01 02 80 01 03 01 05 06")); // entry cut
    assertEquals(UdptlPacket.ERR_TRAILING, decode("00 00 01 02 00 00 00"));
    assertEquals(UdptlPacket.ERR_BAD_LENGTH, decode("00 00 00 00 00"));       // empty primary
    assertEquals(UdptlPacket.ERR_BAD_LENGTH, decode("00 00 01 02 00 02 00 01 06")); // empty secondary
    assertEquals(UdptlPacket.ERR_BAD_LENGTH, decode("00 00 C1 02 00 00"));    // fragmented length
    assertEquals(UdptlPacket.ERR_BAD_LENGTH, decode("00 00 01 02 00 05 01 06")); // 5 secondaries in 2 octets
    assertEquals(UdptlPacket.ERR_BAD_LENGTH, decode("00 00 01 02 80 00 00"));    // INTEGER of 0 octets
    assertEquals(UdptlPacket.ERR_BAD_LENGTH, decode("00 00 01 02 80 05 00 00 00 00 03 00"));
    assertEquals(UdptlPacket.ERR_BAD_LENGTH, decode("00 00 01 02 80 01 03 05 01 06")); // 5 entries, 2 octets
    // a redundancy count of 1000 (length 83 E8): refused before any entry is read
    assertEquals(UdptlPacket.ERR_TOO_MANY_SECONDARIES, decode("00 00 01 02 00 83 E8 01 06"));
    assertEquals(UdptlPacket.ERR_TOO_MANY_SECONDARIES, decode("00 00 01 02 00 21"));
    assertEquals(UdptlPacket.ERR_FEC_SPAN, decode("00 00 01 02 80 01 28 00"));       // span 40
    assertEquals(UdptlPacket.ERR_FEC_SPAN, decode("00 00 01 02 80 01 FF 00"));       // span -1
    assertEquals(UdptlPacket.ERR_FEC_SPAN, decode("00 00 01 02 80 02 FF FF 00"));    // span -1, 2 octets
    assertEquals(UdptlPacket.ERR_FEC_SPAN, decode("00 00 01 02 80 04 7F FF FF FF 01 01 06")); // 2^31-1
    assertEquals(UdptlPacket.ERR_FEC_SPAN, decode("00 00 01 02 80 01 09 08"));       // 9 x 8 > 64
    assertEquals(UdptlPacket.ERR_TOO_MANY_FEC_ENTRIES, decode("00 00 01 02 80 01 01 21"));
    assertEquals(UdptlPacket.ERR_BAD_ARGUMENT, p.decode(null, 0, 0));
    assertEquals(UdptlPacket.ERR_BAD_ARGUMENT, p.decode(new byte[4], 2, 3));
    // after an error the view is empty
    assertNull(p.buffer());
    assertEquals(0, p.secondaryCount());
    assertEquals(0, p.fecCount());
    assertEquals(UdptlPacket.ERR_BAD_ARGUMENT, p.encode(new byte[10], 0));
    // a smaller holder refuses more secondaries than it takes
    UdptlPacket two = new UdptlPacket(2);
    byte[] b = Hex.bytes("00 05 01 00 00 03 01 02 01 04 01 06");
    assertEquals(UdptlPacket.ERR_TOO_MANY_SECONDARIES, two.decode(b, 0, b.length));
    assertEquals(UdptlPacket.OK, p.decode(b, 0, b.length));
  }

  @Test
  void writersReportNoSpace() {
    byte[] out = new byte[6];
    byte[] ifp = Hex.bytes("C0 01 10");
    assertEquals(UdptlPacket.ERR_NO_SPACE, UdptlPacket.writeHeader(out, 0, 5, 1, ifp, 0, 3));
    assertEquals(6, UdptlPacket.writeHeader(out, 0, 6, 1, ifp, 0, 3));
    assertEquals(UdptlPacket.ERR_NO_SPACE, UdptlPacket.writeSecondaryCount(out, 6, 6, 0));
    assertEquals(UdptlPacket.ERR_NO_SPACE, UdptlPacket.writeFecInfo(out, 4, 6, 3, 0));
    assertEquals(UdptlPacket.ERR_BAD_ARGUMENT, UdptlPacket.writeLength(out, 0, 6, 16384));
    assertEquals(UdptlPacket.ERR_BAD_ARGUMENT, UdptlPacket.writeHeader(out, 0, 6, 1, ifp, 0, 0));
    decodeAndReencode("00 05 | 01 00 | 00 | 02 | 03 C0 01 20 | 06 C0 01 80 00 00 03");
    assertEquals(UdptlPacket.ERR_NO_SPACE, p.encode(new byte[12], 0));
  }
}
