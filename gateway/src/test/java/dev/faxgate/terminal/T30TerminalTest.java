package dev.faxgate.terminal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.t30.DataRate;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.t30.Fcf;
import dev.faxgate.udptl.UdptlErrorCorrection;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The T.30 engine against itself: a sending and a receiving terminal joined in memory over their
 * T.38 transports ({@link TerminalPair}), on a simulated clock, with the 2-page MH document
 * faxpeer (spandsp) made as the pages. Non-ECM and ECM, a TCF damaged on the way (FTT, fall-back),
 * a lost response (the command repeated), a page with bad rows (RTN, sent again), ECM with loss
 * (PPR).
 */
class T30TerminalTest {
  static TiffPages doc;

  @BeforeAll
  static void pages() throws Exception {
    doc = new TiffPages(Path.of(T30TerminalTest.class.getResource("faxpeer-2pages-mh.tif").toURI()));
  }

  static TerminalOptions sender(boolean ecm) {
    return TerminalOptions.of(true, "+1 555 0100", ecm);
  }

  static TerminalOptions receiver(boolean ecm) {
    return TerminalOptions.of(false, "+1 555 0199", ecm);
  }

  private static void assertSuccess(TerminalPair pair, int pages) {
    FaxReport tx = pair.sender.faxReport();
    FaxReport rx = pair.receiver.faxReport();
    assertTrue(tx.over() && tx.success(), tx + "\n" + pair.logText());
    assertTrue(rx.over() && rx.success(), rx + "\n" + pair.logText());
    assertEquals(pages, tx.pages());
    assertEquals(pages, rx.pages());
    assertEquals("NO_ERROR", tx.error());
    assertEquals("+1 555 0199", tx.remoteStationId());
    assertEquals("+1 555 0100", rx.remoteStationId());
  }

  @Test
  void nonEcmTwoPagesArriveAsSent() {
    MemoryPageSink sink = new MemoryPageSink();
    TerminalPair pair = new TerminalPair(sender(false), doc, receiver(false), sink,
        TerminalPair.leg(0, UdptlErrorCorrection.REDUNDANCY), (s, d) -> true);
    double seconds = pair.run(300);
    assertSuccess(pair, 2);
    assertEquals(14400, pair.sender.faxReport().rate());
    assertEquals(Boolean.FALSE, pair.sender.faxReport().ecmUsed());
    assertEquals("204x98", pair.receiver.faxReport().resolution());
    assertEquals(2, sink.kept.size());
    for (int p = 0; p < 2; p++) {
      byte[] sent = doc.bytes(p);
      byte[] got = sink.kept.get(p);
      // the page, then the zero padding a T.38 terminal sends before the carrier drops
      assertArrayEquals(sent, Arrays.copyOf(got, sent.length), "page " + (p + 1));
      for (int i = sent.length; i < got.length; i++) {
        assertEquals(0, got[i], "padding after page " + (p + 1));
      }
      assertEquals(1143 + 6, MemoryPageSink.countEols(got)); // each row's EOL, then RTC
    }
    assertTrue(seconds < 60, "simulated seconds " + seconds);
  }

  @Test
  void ecmTwoPagesArriveExactly() {
    MemoryPageSink sink = new MemoryPageSink();
    TerminalPair pair = new TerminalPair(sender(true), doc, receiver(true), sink,
        TerminalPair.leg(3, UdptlErrorCorrection.FEC), (s, d) -> true);
    pair.run(300);
    assertSuccess(pair, 2);
    assertEquals(Boolean.TRUE, pair.receiver.faxReport().ecmUsed());
    assertEquals(2, sink.kept.size());
    assertArrayEquals(doc.bytes(0), sink.kept.get(0));
    assertArrayEquals(doc.bytes(1), sink.kept.get(1));
    assertEquals(0, TerminalPair.count(pair.receiver, "a", "PPR"));
  }

  @Test
  void ecmWith64OctetFrames() {
    MemoryPageSink sink = new MemoryPageSink();
    TerminalPair pair = new TerminalPair(sender(true).withEcmFrame64(true), doc, receiver(true), sink,
        TerminalPair.leg(0, UdptlErrorCorrection.REDUNDANCY), (s, d) -> true);
    pair.run(600);
    assertSuccess(pair, 2);
    assertArrayEquals(doc.bytes(0), sink.kept.get(0));
    assertArrayEquals(doc.bytes(1), sink.kept.get(1));
    // 24720 octets in 64-octet frames is 387 frames: two blocks per page
    assertTrue(TerminalPair.count(pair.sender, "a", "PPS") >= 4);
  }

  @Test
  void aDamagedTcfMakesTheSenderFallBack() {
    MemoryPageSink sink = new MemoryPageSink();
    TerminalPair[] pair = new TerminalPair[1];
    pair[0] = new TerminalPair(sender(false), doc, receiver(false), sink,
        TerminalPair.leg(3, UdptlErrorCorrection.NONE), (fromSender, d) -> {
          if (fromSender && pair[0].sender.engine().rate() == DataRate.V17_14400
              && pair[0].sender.engine().state() == T30State.D) {
            damageImageData(d);
          }
          return true;
        });
    pair[0].run(300);
    assertSuccess(pair[0], 2);
    assertEquals(1, TerminalPair.count(pair[0].receiver, "a", "FTT"));
    assertEquals(2, TerminalPair.count(pair[0].sender, "a", "DCS"));
    assertEquals(12000, pair[0].sender.faxReport().rate());
    assertArrayEquals(doc.bytes(0), Arrays.copyOf(sink.kept.get(0), doc.bytes(0).length));
  }

  /** Sets an octet of a t4-non-ecm-data IFP's data to 0xFF (UDPTL primary with a 1-octet length). */
  static void damageImageData(byte[] d) {
    int ifp = 3;
    if (d.length < ifp + 16) {
      return;
    }
    boolean fastData = (d[ifp] & 0xC0) == 0xC0 && (d[ifp] & 0x3E) != 0;
    int fieldLen = ((d[ifp + 3] & 0xFF) << 8 | (d[ifp + 4] & 0xFF)) + 1;
    if (fastData && d.length > ifp + 5 + 10 && fieldLen > 10) {
      d[ifp + 5 + 10] = (byte) 0xFF;
    }
  }

  @Test
  void aLostResponseMakesTheCommandRepeat() {
    MemoryPageSink sink = new MemoryPageSink();
    TerminalPair[] pair = new TerminalPair[1];
    boolean[] dropping = {true};
    pair[0] = new TerminalPair(sender(false), doc, receiver(false), sink,
        TerminalPair.leg(0, UdptlErrorCorrection.NONE), (fromSender, d) -> {
          // every datagram of the receiver's first answer to EOP is lost
          if (!fromSender && dropping[0] && pair[0].receiver.engine().state() == T30State.F_POST_EOP) {
            return false;
          }
          if (fromSender && pair[0].sender.engine().state() == T30State.B_DCN) {
            dropping[0] = false;
          }
          if (fromSender && TerminalPair.count(pair[0].sender, "a", "EOP") == 2) {
            dropping[0] = false;
          }
          return true;
        });
    pair[0].run(300);
    assertSuccess(pair[0], 2);
    assertEquals(2, TerminalPair.count(pair[0].sender, "a", "EOP"), pair[0].logText());
    assertEquals(2, TerminalPair.count(pair[0].receiver, "a", "MCF") - 1); // MCF to MPS, MCF to EOP twice
  }

  @Test
  void aPageWithTooManyBadRowsIsRefusedAndSentAgain() {
    MemoryPageSink sink = new MemoryPageSink();
    sink.badPage = 0;
    sink.badRowsOnce = 200; // of 1150: RTN
    TerminalPair pair = new TerminalPair(sender(false), doc, receiver(false), sink,
        TerminalPair.leg(0, UdptlErrorCorrection.REDUNDANCY), (s, d) -> true);
    pair.run(300);
    assertSuccess(pair, 2);
    assertEquals(1, TerminalPair.count(pair.receiver, "a", "RTN"));
    assertEquals(1, sink.discarded);
    assertEquals(2, TerminalPair.count(pair.sender, "a", "DCS")); // retrained after RTN
    assertEquals(2, sink.kept.size());
  }

  @Test
  void aPageWithSomeBadRowsIsKeptWithRtp() {
    MemoryPageSink sink = new MemoryPageSink();
    sink.badPage = 0;
    sink.badRowsOnce = 40; // of 1150, 3.5 %: RTP
    TerminalPair pair = new TerminalPair(sender(false), doc, receiver(false), sink,
        TerminalPair.leg(0, UdptlErrorCorrection.REDUNDANCY), (s, d) -> true);
    pair.run(300);
    assertSuccess(pair, 2);
    assertEquals(1, TerminalPair.count(pair.receiver, "a", "RTP"));
    assertEquals(0, sink.discarded);
    assertEquals(2, TerminalPair.count(pair.sender, "a", "DCS"));
  }

  @Test
  void ecmLossIsRepairedByPartialPageRequests() {
    MemoryPageSink sink = new MemoryPageSink();
    int[] n = {0};
    TerminalPair pair = new TerminalPair(sender(true), doc, receiver(true), sink,
        TerminalPair.leg(0, UdptlErrorCorrection.NONE), (fromSender, d) -> {
          // every 23rd datagram of fast-modem data is lost on the way
          boolean fastData = (d[3] & 0xC0) == 0xC0 && (d[3] & 0x3E) != 0;
          return !(fromSender && fastData && ++n[0] % 23 == 0);
        });
    pair.run(600);
    assertSuccess(pair, 2);
    assertTrue(TerminalPair.count(pair.receiver, "a", "PPR") >= 1, pair.logText());
    assertArrayEquals(doc.bytes(0), sink.kept.get(0));
    assertArrayEquals(doc.bytes(1), sink.kept.get(1));
  }

  @Test
  void fourPartialPageRequestsBringCtcAndALowerRate() {
    MemoryPageSink sink = new MemoryPageSink();
    int[] n = {0};
    TerminalPair[] pair = new TerminalPair[1];
    pair[0] = new TerminalPair(sender(true), doc, receiver(true), sink,
        TerminalPair.leg(0, UdptlErrorCorrection.NONE), (fromSender, d) -> {
          // at 14400 every 4th datagram of image data is lost, so every retransmission loses frames again
          boolean fastData = (d[3] & 0xC0) == 0xC0 && (d[3] & 0x3E) != 0;
          return !(fromSender && fastData && pair[0].sender.engine().rate() == DataRate.V17_14400 && ++n[0] % 4 == 0);
        });
    pair[0].run(900);
    assertSuccess(pair[0], 2);
    assertEquals(4, TerminalPair.count(pair[0].receiver, "a", "PPR"), pair[0].logText());
    assertEquals(1, TerminalPair.count(pair[0].sender, "a", "CTC"));
    assertEquals(1, TerminalPair.count(pair[0].receiver, "a", "CTR"));
    assertEquals(12000, pair[0].sender.faxReport().rate());
    assertArrayEquals(doc.bytes(0), sink.kept.get(0));
    assertArrayEquals(doc.bytes(1), sink.kept.get(1));
  }

  @Test
  void atTheLowestRateFourPartialPageRequestsBringEor() {
    MemoryPageSink sink = new MemoryPageSink();
    int[] n = {0};
    TerminalPair pair = new TerminalPair(sender(true).withRates(14400, 14400), doc, receiver(true), sink,
        TerminalPair.leg(0, UdptlErrorCorrection.NONE), (fromSender, d) -> {
          boolean fastData = (d[3] & 0xC0) == 0xC0 && (d[3] & 0x3E) != 0;
          return !(fromSender && fastData && ++n[0] % 4 == 0);
        });
    pair.run(900);
    assertSuccess(pair, 2);
    assertEquals(2, TerminalPair.count(pair.sender, "a", "EOR"), pair.logText());
    assertEquals(2, TerminalPair.count(pair.receiver, "a", "ERR"));
    assertEquals(0, TerminalPair.count(pair.sender, "a", "CTC"));
    assertTrue(sink.kept.get(0).length < doc.bytes(0).length, "page 1 went with frames missing");
  }

  @Test
  void aSilentFarEndEndsWithT1() {
    TerminalPair pair = new TerminalPair(sender(false), doc, receiver(false), new MemoryPageSink(),
        TerminalPair.leg(0, UdptlErrorCorrection.REDUNDANCY), (fromSender, d) -> false);
    pair.run(60);
    FaxReport tx = pair.sender.faxReport();
    assertTrue(tx.over());
    assertFalse(tx.success());
    assertEquals("T1_EXPIRED", tx.error());
    assertEquals("A", tx.failingPhase());
    FaxReport rx = pair.receiver.faxReport();
    assertEquals("T1_EXPIRED", rx.error());
  }

  @Test
  void noCommonRateFails() {
    TerminalPair pair = new TerminalPair(sender(false).withRates(14400, 14400)
        .withModems(EnumSet.of(dev.faxgate.modem.FastModem.V17)), doc,
        receiver(false).withModems(EnumSet.of(dev.faxgate.modem.FastModem.V29, dev.faxgate.modem.FastModem.V27TER)),
        new MemoryPageSink(), TerminalPair.leg(0, UdptlErrorCorrection.REDUNDANCY), (s, d) -> true);
    pair.run(120);
    assertEquals("INCOMPATIBLE", pair.sender.faxReport().error());
    assertEquals("UNEXPECTED_DCN", pair.receiver.faxReport().error());
  }

  /**
   * Polling: the called station has the document (its DIS sets bit 9, "ready to transmit"), the
   * calling one answers with CIG and DTC instead of DCS and receives: the called station sends TSI,
   * DCS, TCF and the pages, with the X bit of the station that sent the DIS (0), and the poller's
   * frames carry 1. Each end reports the other's identity (CIG, TSI).
   */
  @Test
  void aPollerReceivesTheCalledStationsDocumentNonEcm() {
    polled(false);
  }

  @Test
  void aPollerReceivesTheCalledStationsDocumentEcm() {
    polled(true);
  }

  private void polled(boolean ecm) {
    MemoryPageSink sink = new MemoryPageSink();
    TerminalPair pair = new TerminalPair(TerminalOptions.polled("+1 555 0100", ecm), doc,
        TerminalOptions.poll("+1 555 0199", ecm), sink, TerminalPair.leg(3, UdptlErrorCorrection.REDUNDANCY),
        (s, d) -> true);
    pair.run(300);
    assertSuccess(pair, 2);
    assertArrayEquals(doc.bytes(0), Arrays.copyOf(sink.kept.get(0), doc.bytes(0).length));
    assertArrayEquals(doc.bytes(1), Arrays.copyOf(sink.kept.get(1), doc.bytes(1).length));
    assertEquals(1, TerminalPair.count(pair.receiver, "a", "DTC"), pair.logText());
    assertEquals(1, TerminalPair.count(pair.receiver, "a", "CIG"));
    assertEquals(0, TerminalPair.count(pair.receiver, "a", "DIS"));
    assertEquals(1, TerminalPair.count(pair.sender, "a", "DCS"));
    for (dev.faxgate.t30.T30Trace.Frame f : pair.sender.engine().trace().frames()) {
      int fcf = Integer.parseInt(f.hex().substring(4, 6), 16);
      if (f.fcf().equals("DIS")) {
        assertTrue(dev.faxgate.t30.DisDcsFields.parse(Fcf.DIS, hex(f.hex()), 3, hex(f.hex()).length - 3).bit(9),
            "the called station's DIS offers a document to be polled");
      }
      if (!f.fcf().equals("DTC") && !f.fcf().equals("CIG")) { // their X bit is fixed at 1
        assertEquals(f.from().equals("b"), Fcf.xBitOf(fcf), f.fcf() + " from " + f.from() + ": the X bit");
      }
    }
  }

  private static byte[] hex(String h) {
    return java.util.HexFormat.of().parseHex(h);
  }

  /** A poller calling a station that has nothing to be polled (an ordinary receiver: bit 9 clear) gives up at once. */
  @Test
  void pollingAStationWithNothingToPollFails() {
    TerminalPair pair = new TerminalPair(TerminalOptions.poll("+1 555 0199", false), null, new MemoryPageSink(),
        receiver(false), null, new MemoryPageSink(), TerminalPair.leg(3, UdptlErrorCorrection.REDUNDANCY),
        (s, d) -> true);
    pair.run(120);
    assertEquals("NOTHING_TO_POLL", pair.sender.faxReport().error(), pair.logText());
    assertEquals("UNEXPECTED_DCN", pair.receiver.faxReport().error());
  }

  /**
   * A sender calling a station that waits to be polled: that DIS says it cannot receive (bit 10
   * clear), so the sender gives up as incompatible.
   */
  @Test
  void aSenderCallingAStationThatWaitsToBePolledFails() {
    TerminalPair pair = new TerminalPair(sender(false), doc, null, TerminalOptions.polled("+1 555 0100", false),
        doc, null, TerminalPair.leg(3, UdptlErrorCorrection.REDUNDANCY), (s, d) -> true);
    pair.run(120);
    assertEquals("INCOMPATIBLE", pair.sender.faxReport().error(), pair.logText());
    assertTrue(pair.sender.faxReport().statusStr().contains("cannot receive"), pair.sender.faxReport().statusStr());
    assertEquals("UNEXPECTED_DCN", pair.receiver.faxReport().error());
  }

  @Test
  void copyQualityFollowsTheBadRows() {
    assertEquals(Fcf.MCF, T30Terminal.copyQuality(new PageQuality(1000, 0, 0)));
    assertEquals(Fcf.MCF, T30Terminal.copyQuality(new PageQuality(1000, 20, 3)));
    assertEquals(Fcf.RTP, T30Terminal.copyQuality(new PageQuality(1000, 21, 3)));
    assertEquals(Fcf.RTP, T30Terminal.copyQuality(new PageQuality(1000, 50, 3)));
    assertEquals(Fcf.RTN, T30Terminal.copyQuality(new PageQuality(1000, 51, 3)));
    assertEquals(Fcf.RTN, T30Terminal.copyQuality(new PageQuality(0, 0, 0)));
  }
}
