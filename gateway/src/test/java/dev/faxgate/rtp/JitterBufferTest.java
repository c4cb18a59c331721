// Exercises JitterBuffer: fixed-delay playout of RTP G.711 frames, loss, reorder, late, duplicate, rollover, restarts.
package dev.faxgate.rtp;

import static dev.faxgate.rtp.JitterBuffer.DUPLICATE;
import static dev.faxgate.rtp.JitterBuffer.IGNORED;
import static dev.faxgate.rtp.JitterBuffer.LATE;
import static dev.faxgate.rtp.JitterBuffer.MALFORMED;
import static dev.faxgate.rtp.JitterBuffer.PLACED;
import static dev.faxgate.rtp.JitterBuffer.REORDERED;
import static dev.faxgate.rtp.JitterBuffer.RESTARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class JitterBufferTest {

  private static final int SSRC = 0x5EED;
  private static final int FILL = -1;

  private final RtpStats stats = new RtpStats();
  private final byte[] pkt = new byte[12 + 480];
  private final byte[] out = new byte[160];
  private int tick;

  /** A recognisable payload octet per sequence number: never the silence code. */
  private static int code(int seq) {
    return 1 + (seq & 0x3F);
  }

  private int put(JitterBuffer jb, int seq, int ts) {
    return put(jb, SSRC, seq, ts, 160);
  }

  /** Puts a packet of {@code n} samples, all equal to code(seq). */
  private int put(JitterBuffer jb, int ssrc, int seq, int ts, int n) {
    RtpPacket.writeHeader(pkt, 0, false, G711.PT_PCMU, seq, ts, ssrc);
    Arrays.fill(pkt, 12, 12 + n, (byte) code(seq));
    return jb.put(pkt, 0, 12 + n, tick * 160);
  }

  /** Plays one frame; returns its (uniform) octet, or FILL if the buffer said fill. */
  private int play(JitterBuffer jb) {
    tick++;
    boolean real = jb.playout(out, 0);
    int first = out[0] & 0xFF;
    for (int i = 1; i < 160; i++) {
      assertEquals(first, out[i] & 0xFF, "frame not uniform at " + i);
    }
    if (!real) {
      assertEquals(0xFF, first, "fill must be mu-law silence");
      return FILL;
    }
    return first;
  }

  // ---------------------------------------------------------------- basics

  @Test
  void inOrderStreamPlaysAfterTheDelay() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, stats);
    assertEquals(3, jb.delayFrames());
    assertEquals(FILL, play(jb));                  // no stream yet: idle fill
    for (int t = 0; t < 50; t++) {
      assertEquals(PLACED, put(jb, 1000 + t, 7777 + 160 * t));
      int got = play(jb);
      assertEquals(t < 3 ? FILL : code(1000 + t - 3), got, "tick " + t);
    }
    assertEquals(50, stats.received());
    assertEquals(0, stats.lost());                 // priming is not loss
    assertEquals(0, stats.late() + stats.duplicated() + stats.reordered() + stats.restarts());
    assertEquals(51, jb.framesPlayed());
    assertEquals(4, jb.framesFilled());
  }

  @Test
  void zeroDelayPlaysOnTheNextTick() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, 0, stats);
    for (int t = 0; t < 5; t++) {
      put(jb, t, 160 * t);
      assertEquals(code(t), play(jb));
    }
  }

  @Test
  void lossBecomesCountedSilence() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, stats);
    for (int t = 0; t < 30; t++) {
      if (t != 10 && t != 11) {
        put(jb, t, 160 * t);
      }
      int got = play(jb);
      if (t == 13 || t == 14) {
        assertEquals(FILL, got, "tick " + t);
      } else if (t >= 3) {
        assertEquals(code(t - 3), got, "tick " + t);
      }
    }
    assertEquals(2, stats.lost());
    assertEquals(28, stats.received());
  }

  @Test
  void theTicksAfterAStreamEndedAreNotLoss() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, stats);
    for (int t = 0; t < 20; t++) {
      put(jb, t, 160 * t);
      play(jb);
    }
    for (int t = 0; t < 30; t++) {                  // the far end stopped: 3 frames still play, then fill
      int got = play(jb);
      assertEquals(t < 3 ? code(17 + t) : FILL, got, "tick " + t);
    }
    assertEquals(0, stats.lost());
  }

  @Test
  void aBurstLongerThanTheDelayIsCountedInFullWhenTheStreamResumes() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, stats);  // 3 frames of delay
    for (int t = 0; t < 40; t++) {
      if (t < 10 || t >= 20) {                      // 10 packets lost in a row
        put(jb, t, 160 * t);
      }
      int got = play(jb);
      if (t >= 13 && t < 23) {
        assertEquals(FILL, got, "tick " + t);
      }
      if (t == 19) {
        assertEquals(0, stats.lost(), "frames 10 to 16 played empty, but nothing later has come yet");
      }
    }
    assertEquals(10, stats.lost());
    assertEquals(30, stats.received());
  }

  @Test
  void reorderWithinTheDelayIsPlacedAndCounted() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, stats);
    int[] arrivals = {0, 1, 3, 2, 4, 6, 5, 7, 8, 9};   // 3 and 6 overtake their predecessors
    int[] expect = new int[10];
    for (int t = 0; t < 10; t++) {
      int seq = arrivals[t];
      int r = put(jb, seq, 160 * seq);
      assertEquals(seq == 2 || seq == 5 ? REORDERED : PLACED, r, "seq " + seq);
      expect[t] = play(jb);
    }
    for (int t = 3; t < 10; t++) {
      assertEquals(code(t - 3), expect[t], "tick " + t);
    }
    assertEquals(2, stats.reordered());
    assertEquals(0, stats.lost());
  }

  @Test
  void latePacketIsCountedAndDropped() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, stats);
    for (int t = 0; t < 12; t++) {
      if (t != 5) {
        put(jb, t, 160 * t);
      }
      if (t == 9) {
        assertEquals(LATE, put(jb, 5, 160 * 5));    // its slot was played at tick 8
      }
      int got = play(jb);
      if (t == 8) {
        assertEquals(FILL, got);
      } else if (t >= 3) {
        assertEquals(code(t - 3), got, "tick " + t);
      }
    }
    assertEquals(1, stats.late());
    assertEquals(1, stats.lost());                  // its frame was played as fill
    assertEquals(0, stats.reordered());
  }

  @Test
  void duplicatesAreCountedAndDropped() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, stats);
    for (int t = 0; t < 10; t++) {
      assertEquals(PLACED, put(jb, t, 160 * t));
      assertEquals(DUPLICATE, put(jb, t, 160 * t));       // immediate copy
      if (t >= 2) {
        assertEquals(DUPLICATE, put(jb, t - 2, 160 * (t - 2)));  // an older copy
      }
      int got = play(jb);
      if (t >= 3) {
        assertEquals(code(t - 3), got);
      }
    }
    assertEquals(18, stats.duplicated());
    assertEquals(28, stats.received());
    assertEquals(0, stats.reordered() + stats.late() + stats.lost());
  }

  @Test
  void sequenceAndTimestampRollOverTogether() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, stats);
    int seq0 = 65530;
    int ts0 = -160 * 4;                                     // 0xFFFFFD80: wraps after 4 frames
    for (int t = 0; t < 20; t++) {
      assertEquals(PLACED, put(jb, (seq0 + t) & 0xFFFF, ts0 + 160 * t), "t " + t);
      int got = play(jb);
      if (t >= 3) {
        assertEquals(code(seq0 + t - 3), got, "tick " + t);
      }
    }
    assertEquals(0, stats.lost() + stats.late() + stats.restarts());
    // reorder across the wrap: 65535 arrives after 0
    JitterBuffer jb2 = new JitterBuffer(G711.PT_PCMU, new RtpStats());
    put(jb2, 65534, -320);
    put(jb2, 0, 0);
    assertEquals(REORDERED, put(jb2, 65535, -160));
    for (int t = 0; t < 3; t++) {
      assertEquals(FILL, play(jb2));
    }
    assertEquals(code(65534), play(jb2));
    assertEquals(code(65535), play(jb2));
    assertEquals(code(0), play(jb2));
  }

  // ---------------------------------------------------------------- the output clock

  @Test
  void nTicksGiveExactlyNFramesWhateverArrives() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, 4, stats);
    Random rnd = new Random(42);
    byte[] guarded = new byte[200];
    int real = 0;
    int fill = 0;
    int nextSeq = 0;
    for (int t = 0; t < 3000; t++) {
      int burst = rnd.nextInt(3);                // 0..2 packets this tick: gaps and bursts
      for (int i = 0; i < burst; i++) {
        int s = rnd.nextInt(10) == 0 ? Math.max(0, nextSeq - rnd.nextInt(6)) : nextSeq++;
        put(jb, s & 0xFFFF, 160 * s);            // sometimes an old or duplicate one
      }
      Arrays.fill(guarded, (byte) 0x5A);
      if (jb.playout(guarded, 20)) {
        real++;
      } else {
        fill++;
      }
      for (int i = 0; i < 20; i++) {
        assertEquals(0x5A, guarded[i], "wrote before the frame");
        assertEquals(0x5A, guarded[180 + i], "wrote after the frame");
      }
    }
    assertEquals(3000, real + fill);
    assertEquals(3000, jb.framesPlayed());
    assertEquals(fill, jb.framesFilled());
    assertTrue(real > 0 && fill > 0);
  }

  @Test
  void packetDurationsOtherThan20msArePlacedBySample() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, 2, stats);
    // 30 ms packets (240 samples): frame k holds samples [160k, 160k+160)
    for (int p = 0; p < 4; p++) {
      put(jb, SSRC, p, 240 * p, 240);
    }
    play(jb);
    play(jb);                                    // two priming frames
    int[][] expect = {{0, 160}, {0, 80, 1, 160}, {1, 160}, {2, 160}, {2, 80, 3, 160}, {3, 160}};
    for (int[] e : expect) {
      assertTrue(jb.playout(out, 0));
      int from = 0;
      for (int k = 0; k < e.length; k += 2) {
        for (int i = from; i < e[k + 1]; i++) {
          assertEquals(code(e[k]), out[i] & 0xFF, "sample " + i);
        }
        from = e[k + 1];
      }
    }
    assertEquals(0, stats.lost());
  }

  @Test
  void partlyLatePacketKeepsItsFuturePart() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, 1, stats);
    put(jb, SSRC, 0, 0, 240);
    play(jb);                                    // priming
    assertTrue(jb.playout(out, 0));              // [0,160) from packet 0
    assertTrue(jb.playout(out, 0));              // [160,240) from packet 0, rest silence
    assertEquals(code(0), out[79] & 0xFF);
    assertEquals(0xFF, out[80] & 0xFF);
    // packet 1 covers [240, 480): [320, 480) is still to come
    assertEquals(LATE, put(jb, SSRC, 1, 240, 240));
    assertTrue(jb.playout(out, 0));
    assertEquals(code(1), out[0] & 0xFF);
    assertEquals(code(1), out[159] & 0xFF);
    assertEquals(1, stats.late());
  }

  // ---------------------------------------------------------------- restarts and bad input

  @Test
  void sequenceJumpOf30000RestartsKeepingTheBufferedFrames() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, stats);
    for (int t = 0; t < 10; t++) {
      put(jb, 100 + t, 160 * t);
      play(jb);
    }
    assertEquals(IGNORED, put(jb, 30110, 5_000_000));  // unconfirmed jump
    assertEquals(code(107), play(jb));
    assertEquals(RESTARTED, put(jb, 30111, 5_000_160)); // confirmed: new timeline
    assertEquals(code(108), play(jb));                  // what was buffered still plays
    assertEquals(code(109), play(jb));
    assertEquals(FILL, play(jb));                       // the gap between the streams
    for (int t = 0; t < 10; t++) {
      assertEquals(code(30111 + t), play(jb));
      put(jb, 30112 + t, 5_000_320 + 160 * t);
    }
    assertEquals(1, stats.restarts());
    assertEquals(1, stats.ignored());
    assertEquals(0, stats.lost());
  }

  @Test
  void newSsrcRestartsAtOnce() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, stats);
    for (int t = 0; t < 5; t++) {
      put(jb, t, 160 * t);
      play(jb);
    }
    assertEquals(RESTARTED, put(jb, 0x0BAD, 9000, 123_456, 160));
    assertEquals(PLACED, put(jb, 0x0BAD, 9001, 123_616, 160));
    assertEquals(code(2), play(jb));
    assertEquals(code(3), play(jb));
    assertEquals(code(4), play(jb));
    assertEquals(code(9000), play(jb));
    assertEquals(code(9001), play(jb));
    assertEquals(1, stats.restarts());
  }

  @Test
  void timestampLeapWithContinuousSequenceRestarts() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, stats);
    put(jb, 1, 0);
    play(jb);
    assertEquals(RESTARTED, put(jb, 2, 1_000_000));       // far beyond the ring
    assertEquals(RESTARTED, put(jb, 3, -2_000_000));      // far behind it
    assertEquals(2, stats.restarts());
    assertEquals(IGNORED, put(jb, 2, 3_000_000));         // an old one from the future: nonsense
    assertEquals(2, stats.restarts());
    assertEquals(1, stats.ignored());
  }

  @Test
  void persistentExtraDelayResyncsAfterARunOfLatePackets() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, stats);
    for (int t = 0; t < 10; t++) {
      put(jb, t, 160 * t);
      play(jb);
    }
    for (int t = 10; t < 20; t++) {
      play(jb);                                           // the network stalls, then stays 10 frames slower
    }
    int seq = 10;
    for (int i = 1; i < JitterBuffer.LATE_RESYNC; i++, seq++) {
      assertEquals(LATE, put(jb, seq, 160 * seq));
      play(jb);
    }
    assertEquals(RESTARTED, put(jb, seq, 160 * seq));
    assertEquals(JitterBuffer.LATE_RESYNC, stats.late());
    for (int i = 0; i < 3; i++) {
      assertEquals(FILL, play(jb));
      put(jb, ++seq, 160 * seq);
    }
    for (int i = 0; i < 10; i++) {
      assertEquals(code(seq - 3), play(jb));
      put(jb, ++seq, 160 * seq);
    }
  }

  @Test
  void foreignPayloadTypeAndMalformedAreDropped() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, stats);
    RtpPacket.writeHeader(pkt, 0, false, 101, 1, 0, SSRC);       // e.g. telephone-event
    assertEquals(IGNORED, jb.put(pkt, 0, 16, 0));
    assertEquals(MALFORMED, jb.put(pkt, 0, 11, 0));
    assertEquals(MALFORMED, jb.put(null, 0, 0, 0));
    assertEquals(MALFORMED, jb.put(pkt, 5, pkt.length, 0));
    pkt[0] = 0x40;
    assertEquals(MALFORMED, jb.put(pkt, 0, 172, 0));
    assertFalse(jb.isStarted());
    assertEquals(4, stats.malformed());
    assertEquals(1, stats.ignored());
    assertEquals(1, stats.received());
  }

  @Test
  void pcmaFillIsTheAlawIdleCode() {
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMA, 2, stats);
    assertFalse(jb.playout(out, 0));
    for (byte b : out) {
      assertEquals(G711.ALAW_SILENCE, b);
    }
    assertEquals(G711.ALAW_SILENCE, jb.silence());
  }

  @Test
  void configurationIsChecked() {
    assertThrows(IllegalArgumentException.class, () -> new JitterBuffer(G711.PT_PCMU, -1, stats));
    assertThrows(IllegalArgumentException.class,
        () -> new JitterBuffer(G711.PT_PCMU, JitterBuffer.MAX_DELAY_FRAMES + 1, stats));
    assertThrows(IllegalArgumentException.class, () -> new JitterBuffer(96, 3, stats));
    assertThrows(NullPointerException.class, () -> new JitterBuffer(G711.PT_PCMU, 3, null));
    assertEquals(64, new JitterBuffer(G711.PT_PCMU, 3, stats).slots());
    assertEquals(32, new JitterBuffer(G711.PT_PCMU, 0, stats).slots());
    assertEquals(128, new JitterBuffer(G711.PT_PCMU, 50, stats).slots());
  }

  @Test
  void steadyStateAllocatesNothing() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) mx;
    Assumptions.assumeTrue(tmx.isThreadAllocatedMemorySupported() && tmx.isThreadAllocatedMemoryEnabled());
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, stats);
    int seq = 0;
    for (; seq < 20_000; seq++) {                       // warm up (and let the JIT settle)
      put(jb, seq & 0xFFFF, 160 * seq);
      jb.playout(out, 0);
    }
    long before = tmx.getCurrentThreadAllocatedBytes();
    for (int end = seq + 10_000; seq < end; seq++) {
      RtpPacket.writeHeader(pkt, 0, false, 0, seq, 160 * seq, SSRC);
      jb.put(pkt, 0, 172, seq);
      jb.playout(out, 0);
    }
    long allocated = tmx.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 4096, "allocated " + allocated + " bytes over 10000 packets");
  }
}
