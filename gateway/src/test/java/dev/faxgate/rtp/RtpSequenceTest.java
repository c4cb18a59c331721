// Exercises RtpSequence: 16/32-bit rollover arithmetic and the RFC 3550 A.1 extended-sequence tracker.
package dev.faxgate.rtp;

import static dev.faxgate.rtp.RtpSequence.ADVANCED;
import static dev.faxgate.rtp.RtpSequence.BEHIND;
import static dev.faxgate.rtp.RtpSequence.JUMP;
import static dev.faxgate.rtp.RtpSequence.PROBATION;
import static dev.faxgate.rtp.RtpSequence.RESTARTED;
import static dev.faxgate.rtp.RtpSequence.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RtpSequenceTest {

  @Test
  void sequenceDiffAcrossRollover() {
    assertEquals(1, RtpSequence.diff(0, 65535));
    assertEquals(-1, RtpSequence.diff(65535, 0));
    assertEquals(3, RtpSequence.diff(1, 65534));
    assertEquals(0, RtpSequence.diff(1234, 1234));
    assertEquals(32767, RtpSequence.diff(32767, 0));
    assertEquals(-32768, RtpSequence.diff(32768, 0));    // exactly half way: taken as behind
    assertTrue(RtpSequence.isNewer(0, 65535));
    assertFalse(RtpSequence.isNewer(65535, 0));
    assertFalse(RtpSequence.isNewer(7, 7));
    assertEquals(0, RtpSequence.next(65535));
    assertEquals(1, RtpSequence.next(0));
  }

  @Test
  void timestampDiffAcrossWrap() {
    assertEquals(160, RtpSequence.timestampDiff(0x00000060, 0xFFFFFFC0));   // 96 - (-64)
    assertEquals(-160, RtpSequence.timestampDiff(0xFFFFFFC0, 0x00000060));
    assertTrue(RtpSequence.isNewerTimestamp(0, 0xFFFFFF60));
    assertFalse(RtpSequence.isNewerTimestamp(0xFFFFFF60, 0));
    assertEquals(Integer.MIN_VALUE, RtpSequence.timestampDiff(0x80000000, 0));
  }

  @Test
  void firstPacketAcceptedAtOnceWithProbationOne() {
    RtpSequence s = new RtpSequence(1);
    assertEquals(STARTED, s.update(500));
    assertEquals(500, s.extended());
    assertEquals(1, s.expected());
    assertEquals(1, s.received());
    assertEquals(0, s.lost());
  }

  @Test
  void probationOfTwoPerRfc() {
    RtpSequence s = new RtpSequence();
    assertEquals(0, s.expected());
    assertEquals(PROBATION, s.update(10));
    assertEquals(PROBATION, s.update(20));     // not sequential: probation starts over from 20
    assertEquals(STARTED, s.update(21));
    assertEquals(ADVANCED, s.update(22));
    assertEquals(2, s.expected());             // base is 21
    assertEquals(2, s.received());
    assertThrows(IllegalArgumentException.class, () -> new RtpSequence(0));
  }

  @Test
  void rolloverAt65535AddsACycle() {
    RtpSequence s = new RtpSequence(1);
    s.update(65534);
    assertEquals(ADVANCED, s.update(65535));
    assertEquals(65535, s.extended());
    assertEquals(ADVANCED, s.update(0));
    assertEquals(65536, s.extended());
    assertEquals(ADVANCED, s.update(1));
    assertEquals(65537, s.extended());
    assertEquals(65537, s.extendedMax());
    assertEquals(1, s.maxSequence());
    assertEquals(4, s.expected());
    assertEquals(0, s.lost());
  }

  @Test
  void gapWithinDropoutIsLoss() {
    RtpSequence s = new RtpSequence(1);
    s.update(1);
    s.update(2);
    assertEquals(ADVANCED, s.update(5));       // 3 and 4 missing
    assertEquals(5, s.expected());
    assertEquals(2, s.lost());
    assertEquals(ADVANCED, s.update(5 + RtpSequence.MAX_DROPOUT - 1));  // the largest step still in stream
    assertEquals(3004, s.expected());          // 1..3004
    assertEquals(3000, s.lost());              // 3004 expected - 4 received
  }

  @Test
  void misorderAndDuplicateAreBehind() {
    RtpSequence s = new RtpSequence(1);
    s.update(100);
    assertEquals(ADVANCED, s.update(102));
    assertEquals(BEHIND, s.update(101));       // reordered
    assertEquals(101, s.extended());
    assertEquals(BEHIND, s.update(102));       // duplicate of the newest
    assertEquals(102, s.extended());
    assertEquals(BEHIND, s.update(101));       // duplicate of an older one
    assertEquals(102, s.extendedMax());
    assertEquals(3, s.expected());
    assertEquals(5, s.received());             // A.1 counts duplicates as received
    assertEquals(-2, s.lost());
  }

  @Test
  void misorderAcrossRolloverGetsThePreviousCycle() {
    RtpSequence s = new RtpSequence(1);
    s.update(65533);
    s.update(65534);
    s.update(0);                                // 65535 not yet here
    s.update(1);
    assertEquals(BEHIND, s.update(65535));
    assertEquals(65535, s.extended());
    assertEquals(65537, s.extendedMax());
  }

  @Test
  void misorderBeyondMaxMisorderIsAJump() {
    RtpSequence s = new RtpSequence(1);
    s.update(1000);
    assertEquals(BEHIND, s.update(1000 - RtpSequence.MAX_MISORDER + 1));   // 99 back
    assertEquals(JUMP, s.update(1000 - RtpSequence.MAX_MISORDER));         // 100 back
  }

  @Test
  void jumpOf30000IsARestartNot30000Lost() {
    RtpSequence s = new RtpSequence(1);
    s.update(100);
    s.update(101);
    assertEquals(JUMP, s.update(30101));        // not accepted yet
    assertEquals(101, s.extendedMax());
    assertEquals(0, s.lost());
    assertEquals(RESTARTED, s.update(30102));   // its successor confirms: the source restarted
    assertEquals(30102, s.extended());
    assertEquals(ADVANCED, s.update(30103));
    assertEquals(2, s.expected());
    assertEquals(0, s.lost());
  }

  @Test
  void unconfirmedJumpIsAStray() {
    RtpSequence s = new RtpSequence(1);
    s.update(100);
    assertEquals(JUMP, s.update(30100));        // a stray packet
    assertEquals(ADVANCED, s.update(101));      // the stream goes on
    assertEquals(JUMP, s.update(30200));
    assertEquals(JUMP, s.update(30300));        // not 30201: still no restart
    assertEquals(ADVANCED, s.update(102));
    assertEquals(3, s.expected());
    assertEquals(0, s.lost());
  }

  @Test
  void backwardJumpConfirmedIsARestart() {
    RtpSequence s = new RtpSequence(1);
    s.update(40000);
    assertEquals(JUMP, s.update(5));
    assertEquals(RESTARTED, s.update(6));
    assertEquals(6, s.extended());
  }

  @Test
  void resetForgetsTheSource() {
    RtpSequence s = new RtpSequence(1);
    s.update(100);
    s.reset();
    assertEquals(STARTED, s.update(60000));
    assertEquals(60000, s.extended());
    assertEquals(1, s.expected());
  }
}
