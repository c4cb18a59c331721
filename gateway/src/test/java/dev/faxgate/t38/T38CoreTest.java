// Exercises T38Core's receive ordering: repeats and late IFPs dropped, gaps reported with their size, 16-bit rollover, a 30000 jump taken as a restart, undecodable IFPs counted.
package dev.faxgate.t38;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class T38CoreTest {
  private static final byte[] CNG = Hex.bytes("02");
  private static final byte[] HDLC = Hex.bytes("C0 01 80 00 02 FF C8 01");

  private final List<String> events = new ArrayList<>();
  private final T38Core core = new T38Core(0, new T38Core.Listener() {
    @Override
    public void onIfp(int seq, IfpPacket ifp) {
      events.add(seq + ":" + ifp);
    }

    @Override
    public void onMissing(int firstMissing, int seq, int count) {
      events.add("missing " + firstMissing + ".." + seq + " " + count);
    }

    @Override
    public void onRestart(int expected, int seq) {
      events.add("restart " + expected + "->" + seq);
    }

    @Override
    public void onMalformed(int seq, int status) {
      events.add("malformed " + seq + " " + IfpCodec.describe(status));
    }
  });

  private int rx(int seq) {
    return core.rxIfp(seq, CNG, 0, 1);
  }

  @Test
  void inOrderIsDelivered() {
    assertEquals(T38Core.DELIVERED, rx(7)); // the first number is taken as it comes
    assertEquals(T38Core.DELIVERED, core.rxIfp(8, HDLC, 0, HDLC.length));
    assertEquals(List.of("7:cng", "8:v21 [hdlc-data(3)]"), events);
    assertEquals(9, core.expectedSeq());
    assertEquals(2, core.delivered());
  }

  @Test
  void repeatsAndLatePacketsAreDropped() {
    rx(10);
    rx(11);
    rx(12);
    assertEquals(T38Core.DUPLICATE, rx(12)); // spandsp sends indicators x3 as repeats
    assertEquals(T38Core.LATE, rx(10));
    assertEquals(T38Core.LATE, rx(11));
    assertEquals(T38Core.DELIVERED, rx(13));
    assertEquals(List.of("10:cng", "11:cng", "12:cng", "13:cng"), events);
    assertEquals(1, core.duplicates());
    assertEquals(2, core.late());
    assertEquals(0, core.missing());
  }

  @Test
  void gapsAreReportedWithTheirSize() {
    rx(100);
    rx(101);
    rx(104); // 102, 103 missing
    rx(105);
    rx(1105); // 106..1104 = 999 missing: still a loss, not a restart
    assertEquals(List.of("100:cng", "101:cng", "missing 102..104 2", "104:cng", "105:cng",
        "missing 106..1105 999", "1105:cng"), events);
    assertEquals(2 + 999, core.missing());
    assertEquals(2, core.gaps());
    assertEquals(0, core.restarts());
  }

  @Test
  void sequenceNumbersRollOver() {
    rx(65534);
    rx(65535);
    rx(0);
    rx(1);
    assertEquals(T38Core.DUPLICATE, rx(1));
    assertEquals(T38Core.LATE, rx(65535)); // 3 behind the expected 2, across the wrap
    rx(3); // 2 missing
    assertEquals(List.of("65534:cng", "65535:cng", "0:cng", "1:cng", "missing 2..3 1", "3:cng"), events);
    events.clear();
    rx(65533); // 7 behind the expected 4: late
    rx(4);
    assertEquals(List.of("4:cng"), events);
    assertEquals(1, core.missing());
    assertEquals(0, core.restarts());
  }

  @Test
  void gapAcrossTheWrapIsCountedOnce() {
    rx(65530);
    rx(2); // 65531..65535, 0, 1 = 7 missing
    assertEquals(List.of("65530:cng", "missing 65531..2 7", "2:cng"), events);
    assertEquals(7, core.missing());
  }

  @Test
  void jumpOf30000IsARestartNotALoss() {
    rx(500);
    rx(30501); // +30000 from the expected 501
    rx(30502);
    rx(501); // -30002: also a jump, another restart
    assertEquals(List.of("500:cng", "restart 501->30501", "30501:cng", "30502:cng",
        "restart 30503->501", "501:cng"), events);
    assertEquals(2, core.restarts());
    assertEquals(0, core.missing());
    assertEquals(0, core.gaps());
    // a jump of exactly the window is a restart too, one less is a loss
    rx(502 + T38Core.WINDOW);
    rx(503 + 2 * T38Core.WINDOW - 1);
    assertEquals(3, core.restarts());
    assertEquals(T38Core.WINDOW - 1, core.missing());
  }

  @Test
  void undecodableIfpIsCountedAndStillTakesItsNumber() {
    rx(1);
    assertEquals(T38Core.MALFORMED, core.rxIfp(2, Hex.bytes("C0 01 80 00"), 0, 4));
    rx(3);
    assertEquals(List.of("1:cng", "malformed 2 truncated", "3:cng"), events);
    assertEquals(1, core.malformed());
    assertEquals(0, core.missing());
    // the version decides how field types are read: 20 is hdlc-fcs-OK in 1998 ...
    core.rxIfp(4, Hex.bytes("C0 01 20"), 0, 3);
    core.setVersion(3);
    core.rxIfp(5, Hex.bytes("C0 01 20"), 0, 3); // ... and hdlc-fcs-OK-sig-end in 2002
    assertEquals("4:v21 [hdlc-fcs-OK]", events.get(3));
    assertEquals("5:v21 [hdlc-fcs-OK-sig-end]", events.get(4));
  }

  @Test
  void restartForgetsTheExpectedNumber() {
    rx(40);
    core.restart();
    rx(9);
    assertEquals(List.of("40:cng", "9:cng"), events);
    assertEquals(0, core.restarts());
  }
}
