// Exercises UdptlSender: the datagrams of docs/dsp.md §2.4 and of faxpeer's FEC known answer, redundancy depth per IFP category, shedding of secondaries and FEC entries to honour the maximum datagram, and a primary that does not fit.
package dev.faxgate.udptl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.t38.Hex;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UdptlSenderTest {
  private final UdptlSender tx = new UdptlSender();
  private final byte[] out = new byte[2000];

  private String send(String ifpHex) {
    byte[] ifp = Hex.bytes(ifpHex);
    int n = tx.build(ifp, 0, ifp.length, out, 0);
    assertTrue(n > 0, "build " + n);
    return Hex.of(out, 0, n);
  }

  @Test
  void redundancyVectorsOfDspFacts() {
    tx.setRedundancyDepth(1);
    assertEquals(Hex.norm("00 00 | 01 06 | 00 | 00"), send("06"));
    assertEquals(Hex.norm("00 01 | 08 C0 01 80 00 02 FF C8 01 | 00 | 01 | 01 06"), send("C0 01 80 00 02 FF C8 01"));

    UdptlSender two = new UdptlSender().setRedundancyDepth(2).setNextSeq(3);
    byte[][] ifps = {Hex.bytes("C0 01 80 00 00 03"), Hex.bytes("C0 01 20"), Hex.bytes("00")};
    int n = 0;
    for (byte[] ifp : ifps) {
      n = two.build(ifp, 0, ifp.length, out, 0);
    }
    assertEquals(Hex.norm("00 05 | 01 00 | 00 | 02 | 03 C0 01 20 | 06 C0 01 80 00 00 03"), Hex.of(out, 0, n));
    assertEquals(6, two.nextSeq());
  }

  @Test
  void noErrorCorrectionSendsAnEmptySequence() {
    tx.setErrorCorrection(UdptlErrorCorrection.NONE);
    assertEquals(Hex.norm("00 00 01 02 00 00"), send("02"));
    assertEquals(Hex.norm("00 01 01 04 00 00"), send("04"));
    assertEquals(0, tx.secondariesSent());
  }

  @Test
  void fecVectorOfDspFacts() {
    tx.setErrorCorrection(UdptlErrorCorrection.FEC).setFec(3, 1);
    send("00");
    send("02");
    send("04");
    // entry 0 = 00 ^ 02 ^ 04 (seq 0..2)
    assertEquals(Hex.norm("00 03 | 01 06 | 80 | 01 03 | 01 | 01 06"), send("06"));
  }

  @Test
  void faxpeerFecKnownAnswer() {
    tx.setErrorCorrection(UdptlErrorCorrection.FEC).setFec(2, 2);
    String[] ifps = {"02", "06", "C0 01 80 00 01 AB CD", "08", "00", "02"};
    for (int i = 0; i < ifps.length; i++) {
      assertEquals(Hex.norm(UdptlPacketTest.FAXPEER_FEC_2X2[i]), send(ifps[i]), "seq " + i);
    }
  }

  @Test
  void sequenceNumbersWrap() {
    tx.setNextSeq(0xFFFF).setErrorCorrection(UdptlErrorCorrection.NONE);
    assertTrue(send("02").startsWith("FF FF"));
    assertTrue(send("02").startsWith("00 00"));
  }

  /** Secondary counts of the datagrams built for these IFPs. */
  private List<Integer> secondaryCounts(UdptlSender s, String... ifps) {
    List<Integer> counts = new ArrayList<>();
    UdptlPacket p = new UdptlPacket();
    List<byte[]> sent = new ArrayList<>();
    for (String hex : ifps) {
      byte[] ifp = Hex.bytes(hex);
      int n = s.build(ifp, 0, ifp.length, out, 0);
      assertEquals(UdptlPacket.OK, p.decode(out, 0, n));
      for (int i = 0; i < p.secondaryCount(); i++) { // secondary i is the IFP sent i+1 before
        assertEquals(Hex.of(sent.get(sent.size() - 1 - i)),
            Hex.of(p.buffer(), p.secondaryOffset(i), p.secondaryLength(i)));
      }
      sent.add(ifp);
      counts.add(p.secondaryCount());
    }
    return counts;
  }

  private static final String IND = "0E";                     // v29-9600-training
  private static final String CTRL = "C0 01 80 00 01 FF 13";  // V.21 hdlc-data
  private static final String IMG = "C8 01 B0 00 03 00 11 22 33"; // V.29 t4-non-ecm-data

  @Test
  void depthPerCategory() {
    tx.setRedundancyDepth(IfpCategory.INDICATOR, 4)
        .setRedundancyDepth(IfpCategory.CONTROL, 2)
        .setRedundancyDepth(IfpCategory.IMAGE, 0);
    // the indicator rides in the 4 datagrams after it (with the image IFPs between), then no more
    assertEquals(List.of(0, 1, 2, 3, 4, 0), secondaryCounts(tx, IND, IMG, IMG, IMG, IMG, IMG));
    // a control IFP rides in the 2 datagrams after it
    assertEquals(List.of(0, 1, 2, 0), secondaryCounts(tx, CTRL, IMG, IMG, IMG));
    // image IFPs with depth 0 never ride
    assertEquals(List.of(0, 0, 0), secondaryCounts(tx, IMG, IMG, IMG));
    assertEquals(4, tx.redundancyDepth(IfpCategory.INDICATOR));
  }

  @Test
  void equalDepthsArePlainRedundancy() {
    tx.setRedundancyDepth(3);
    assertEquals(List.of(0, 1, 2, 3, 3, 3, 3), secondaryCounts(tx, IND, CTRL, IMG, IMG, IND, CTRL, IMG));
  }

  @Test
  void categoriesComeFromTheIfp() {
    assertSame(IfpCategory.INDICATOR, cat("02"));
    assertSame(IfpCategory.INDICATOR, cat("21 80")); // v33-14400-training (extension)
    assertSame(IfpCategory.CONTROL, cat("C0 01 80 00 00 FF")); // v21
    assertSame(IfpCategory.CONTROL, cat("40")); // v21 without data-field
    assertSame(IfpCategory.CONTROL, cat("E0 00 01 00")); // v8 (extension 0)
    assertSame(IfpCategory.CONTROL, cat("E0 80 01 00")); // v34-CC-1200 (extension 2)
    assertSame(IfpCategory.IMAGE, cat("E0 40 01 00")); // v34-pri-rate (extension 1)
    assertSame(IfpCategory.IMAGE, cat("C8 01 38")); // v29-9600
    assertSame(IfpCategory.IMAGE, cat("D0 01 28")); // v17-14400
    assertSame(IfpCategory.IMAGE, cat("")); // nothing to read
  }

  private static IfpCategory cat(String hex) {
    byte[] b = Hex.bytes(hex);
    return IfpCategory.of(b, 0, b.length);
  }

  /** 21-octet image IFPs, each different. */
  private static byte[] image(int i) {
    byte[] ifp = Hex.bytes("D0 01 B0 00 0F 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    ifp[5] = (byte) i;
    ifp[20] = (byte) (i * 7);
    return ifp;
  }

  @Test
  void oldestSecondariesAreShedToFit() {
    // 2 seq + 1 len + 21 IFP + 1 CHOICE + 1 count = 26, each secondary 22: max 70 fits 2 of 3
    tx.setRedundancyDepth(3).setMaxDatagram(70);
    UdptlPacket p = new UdptlPacket();
    for (int i = 0; i < 10; i++) {
      int n = tx.build(image(i), 0, 21, out, 0);
      assertTrue(n <= 70);
      assertEquals(UdptlPacket.OK, p.decode(out, 0, n));
      assertEquals(Math.min(i, 2), p.secondaryCount());
      for (int k = 0; k < p.secondaryCount(); k++) { // the newest are kept
        assertEquals(Hex.of(image(i - 1 - k)), Hex.of(p.buffer(), p.secondaryOffset(k), 21));
      }
    }
    assertEquals(7, tx.secondariesShed()); // datagrams 3..9 each lost their oldest
    assertEquals(1 + 2 * 8, tx.secondariesSent());
  }

  @Test
  void outputArrayShorterThanMaxDatagramIsHonoured() {
    tx.setRedundancyDepth(3);
    byte[] small = new byte[48]; // room for one secondary
    for (int i = 0; i < 4; i++) {
      assertTrue(tx.build(image(i), 0, 21, small, 0) <= 48);
    }
    assertEquals(1 + 2, tx.secondariesShed()); // budget 48 - 25 = 23 octets: one secondary of 22
  }

  @Test
  void fecEntriesAreShedToFitAndRecomputed() {
    // FEC 2 x 3: 2 + 1 + 21 + 1 + 2 (01 span) + 1 (count) = 28, each entry 22: 3 entries = 94
    tx.setErrorCorrection(UdptlErrorCorrection.FEC).setFec(2, 3).setMaxDatagram(80);
    List<byte[]> ifps = new ArrayList<>();
    UdptlPacket p = new UdptlPacket();
    for (int i = 0; i < 12; i++) {
      ifps.add(image(i));
      int n = tx.build(image(i), 0, 21, out, 0);
      assertTrue(n <= 80);
      assertEquals(UdptlPacket.OK, p.decode(out, 0, n));
      int entries = p.fecCount();
      assertEquals(Math.min(2, i / 2), entries); // wind-up, then 2 instead of 3
      assertEquals(entries == 0 ? 0 : 2, p.fecSpan());
      for (int m = 0; m < entries; m++) { // entry m = XOR of IFPs i - 2*E + m + j*E
        byte[] x = new byte[21];
        for (int j = 0; j < 2; j++) {
          byte[] member = ifps.get(i - 2 * entries + m + j * entries);
          for (int k = 0; k < 21; k++) {
            x[k] ^= member[k];
          }
        }
        assertEquals(Hex.of(x), Hex.of(p.buffer(), p.fecOffset(m), p.fecLength(m)));
      }
    }
    assertEquals(6, tx.fecEntriesShed()); // datagrams 6..11 wanted 3
  }

  @Test
  void primaryTooLargeIsReportedAndUsesNoSequenceNumber() {
    tx.setMaxDatagram(30);
    byte[] big = new byte[26];
    big[0] = (byte) 0xC8;
    // 2 + 1 + 26 + 1 + 1 = 31 > 30
    assertEquals(UdptlSender.ERR_PRIMARY_TOO_LARGE, tx.build(big, 0, 26, out, 0));
    assertEquals(1, tx.primaryTooLarge());
    assertEquals(0, tx.nextSeq());
    assertEquals(0, tx.sent());
    assertEquals(30, tx.build(big, 0, 25, out, 0)); // one octet less fits, with no secondary
    assertEquals(1, tx.nextSeq());
    // FEC needs 2 more octets (01 span) than an empty secondary sequence
    tx.setErrorCorrection(UdptlErrorCorrection.FEC);
    assertEquals(UdptlSender.ERR_PRIMARY_TOO_LARGE, tx.build(big, 0, 24, out, 0));
    assertEquals(30, tx.build(big, 0, 23, out, 0));
    assertEquals(UdptlSender.ERR_BAD_ARGUMENT, tx.build(big, 0, 0, out, 0));
    assertEquals(UdptlSender.ERR_BAD_ARGUMENT, tx.build(big, 20, 10, out, 0));
    assertEquals(UdptlSender.ERR_BAD_ARGUMENT, tx.build(null, 0, 1, out, 0));
  }

  // the end of an ECM block as Faxgate's gateway sent it in a failing bench-impairment fax (docs/impairment.md):
  // a 260-octet frame is cut short here; then RCP x3 (data + fcs-OK each), sig-end, no-signal, v21-preamble
  private static final String BIG = "D0 01 80 01 03 FF C0 60 F4 FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF";
  private static final String FCS_OK = "D0 01 20";
  private static final String RCP = "D0 01 80 00 02 FF C0 61";
  private static final String SIG_END = "D0 01 10";
  private static final String[] BLOCK_END = {BIG, FCS_OK, RCP, FCS_OK, RCP, FCS_OK, RCP, FCS_OK, SIG_END, "00", "06"};

  @Test
  void tinyIfpsRideDeeperWhenAskedAndTheOthersAsTheirCategorySays() {
    assertEquals(0, tx.tinyIfpDepth(), "off unless asked: the byte vectors above are plain redundancy");
    tx.setRedundancyDepth(3).setTinyIfpDepth(7);
    // BIG (27 octets) rides 3 deep; the tiny IFPs after it 7 deep, BIG riding along while a tiny one behind it does
    assertEquals(List.of(0, 1, 2, 3, 3, 4, 5, 6, 7, 7, 7), secondaryCounts(tx, BLOCK_END));
    UdptlSender big = new UdptlSender().setRedundancyDepth(3).setTinyIfpDepth(7);
    assertEquals(List.of(0, 1, 2, 3, 3), secondaryCounts(big, BIG, BIG, BIG, BIG, BIG), "larger IFPs keep depth 3");
    UdptlSender none = new UdptlSender().setRedundancyDepth(0).setTinyIfpDepth(7);
    assertEquals(List.of(0, 0, 0), secondaryCounts(none, FCS_OK, SIG_END, "00"), "depth 0 (no redundancy) stays 0");
  }

  /**
   * The datagrams of BLOCK_END, the 3rd to 7th lost in one burst (5 in a row: a Gilbert-Elliott burst of mean 3
   * is 5 or longer 20% of the time): with depth 3 the receiver loses the RCPs and FCS of the burst, with tiny IFPs
   * riding 7 deep it recovers every one.
   */
  @Test
  void aBurstOfFiveLossesAmongTinyIfpsIsRecoveredOnlyWithTheTinyDepth() {
    for (int tiny : new int[] {0, 7}) {
      UdptlSender s = new UdptlSender().setRedundancyDepth(3).setTinyIfpDepth(tiny);
      List<String> got = new ArrayList<>();
      UdptlReceiver rx = new UdptlReceiver(0, (seq, buf, off, len) -> got.add(Hex.of(buf, off, len)));
      for (int i = 0; i < BLOCK_END.length; i++) {
        byte[] ifp = Hex.bytes(BLOCK_END[i]);
        int n = s.build(ifp, 0, ifp.length, out, 0);
        if (i < 2 || i > 6) {
          rx.rx(out, 0, n);
        }
      }
      rx.flush();
      List<String> all = new ArrayList<>();
      for (String hex : BLOCK_END) {
        all.add(Hex.norm(hex));
      }
      if (tiny == 0) {
        assertEquals(2, rx.lost(), "depth 3 covers 3 of the 5");
      } else {
        assertEquals(0, rx.lost());
        assertEquals(5, rx.recoveredByRedundancy());
        assertEquals(all, got);
      }
    }
  }
}
