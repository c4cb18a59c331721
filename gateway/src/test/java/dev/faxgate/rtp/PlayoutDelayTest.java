// Exercises PlayoutDelay through JitterBuffer: growth under 80 ms reordered jitter before the fax, frozen from the V.21 preamble on.
package dev.faxgate.rtp;

import static dev.faxgate.bench.Signals.cng;
import static dev.faxgate.bench.Signals.concat;
import static dev.faxgate.bench.Signals.concatBits;
import static dev.faxgate.bench.Signals.flagBits;
import static dev.faxgate.bench.Signals.octetBits;
import static dev.faxgate.bench.Signals.silence;
import static dev.faxgate.bench.Signals.v21;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.dsp.PowerMeter;
import dev.faxgate.detect.ToneGate;
import dev.faxgate.testutil.SteadyStateAllocation;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/*
 * What this exercises: the adaptive playout delay (PlayoutDelay) inside a JitterBuffer, fed a real
 * call in simulated time: 4.5 s of CNG (1100 Hz, 0.5 s on, 3 s off) then a V.21 preamble (1 s of
 * HDLC flags), a DIS-like frame and more flags, silence, a second V.21 burst; one 20 ms µ-law
 * packet per frame, each held by the network 0-80 ms (uniform, seeded, so packets overtake each
 * other; the first one, which anchors the timeline, is not held); the buffer ticked every 20 ms.
 *  - Before the fax the delay grows from 60 ms, only in silence, to one that holds every packet:
 *    none of the fax's packets is late under the same jitter (a fixed 60 ms loses dozens); also when
 *    the anchor itself was held, so that no packet was late before the fax, only nearly.
 *  - The first V.21 preamble freezes it: not the CNG, and within the preamble's first 300 ms.
 *  - Frozen, it does not move although the network gets worse (0-200 ms after the preamble), and the
 *    sender's timeline advances exactly one frame per tick: every frame received is played
 *    bit-exact at one constant offset (no time warp).
 *  - Fixed bounds (max <= start) behave as before; bounds are checked; the steady state allocates nothing.
 */
class PlayoutDelayTest {
  private static final int F = JitterBuffer.FRAME_SAMPLES;
  private static final double CNG_SECONDS = 4.5;
  /** Ticks are this far into each 20 ms: packets due on the tick may arrive a little before it. */
  private static final int TICK_PHASE = 40;

  /** The call the far end sends: CNG, then the fax (V.21 preamble, a frame, flags, silence, V.21 again). */
  private static final short[] CALL = concat(cng(CNG_SECONDS, -12, 500, 3000),
      v21(concatBits(flagBits(38), octetBits(0xFF, 0x13, 0x80, 0x00, 0xCE, 0xF4, 0x80), flagBits(40)), -12),
      silence(500), v21(flagBits(60), -12), silence(1000));
  private static final int FAX_FRAME = (int) Math.round(CNG_SECONDS * 8000) / F;
  private static final byte[][] FRAMES = frames(CALL);
  /** The frame from which {@link #uniform} holds packets longer: 1.2 s into the preamble. */
  private static final int LATER_FRAME = FAX_FRAME + 60;

  /** What one run did, tick by tick. */
  private record Run(JitterBuffer buffer, int[] delay, boolean[] frozen, long[] next, boolean[] real, byte[][] out,
      long[] lateBefore) {}

  private static byte[][] frames(short[] pcm) {
    int n = (pcm.length + F - 1) / F;
    byte[][] f = new byte[n][F];
    short[] padded = Arrays.copyOf(pcm, n * F);
    for (int i = 0; i < n; i++) {
      G711.linearToUlaw(padded, i * F, f[i], 0, F);
    }
    return f;
  }

  /**
   * Sends every frame as packet i at 160·i samples (timestamp 160·i), held {@code heldMs(i)} by the
   * network, and ticks the buffer (made with {@code bounds}) every 160 samples; packets that have
   * arrived by a tick are put (in arrival order) before it plays.
   */
  private static Run run(int bounds, java.util.function.IntUnaryOperator heldMs) {
    int n = FRAMES.length;
    long[] arrival = new long[n];
    for (int i = 0; i < n; i++) {
      arrival[i] = (long) i * F + heldMs.applyAsInt(i) * 8L;
    }
    Integer[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingLong(i -> arrival[i])).toArray(Integer[]::new);
    RtpStats stats = new RtpStats();
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, bounds, stats);
    int ticks = n + 30;
    Run r = new Run(jb, new int[ticks], new boolean[ticks], new long[ticks], new boolean[ticks], new byte[ticks][F],
        new long[ticks]);
    byte[] pkt = new byte[RtpPacket.HEADER_SIZE + F];
    int sent = 0;
    for (int k = 0; k < ticks; k++) {
      long now = (long) k * F + TICK_PHASE;
      while (sent < n && arrival[order[sent]] <= now) {
        int i = order[sent++];
        RtpPacket.writeHeader(pkt, 0, false, G711.PT_PCMU, 1000 + i, i * F, 0x5EED);
        System.arraycopy(FRAMES[i], 0, pkt, RtpPacket.HEADER_SIZE, F);
        jb.put(pkt, 0, pkt.length, (int) arrival[i]);
      }
      r.lateBefore[k] = stats.late();
      r.next[k] = jb.nextTimestamp();
      r.real[k] = jb.playout(r.out[k], 0);
      r.delay[k] = jb.delayFrames();
      r.frozen[k] = jb.playoutDelay().isFrozen();
    }
    return r;
  }

  /**
   * Each packet held 0..{@code ms} (uniform), from the preamble's 1.2nd second on 0..{@code laterMs};
   * the first packet not at all: it anchors the timeline, the worst case for a fixed delay.
   */
  private static java.util.function.IntUnaryOperator uniform(long seed, int ms, int laterMs) {
    return uniform(seed, 0, ms, laterMs);
  }

  /** As {@link #uniform(long, int, int)}, the first packet held {@code anchorMs}. */
  private static java.util.function.IntUnaryOperator uniform(long seed, int anchorMs, int ms, int laterMs) {
    Random random = new Random(seed);
    int[] held = new int[FRAMES.length];
    held[0] = anchorMs;
    for (int i = 1; i < held.length; i++) {
      held[i] = random.nextInt((i < LATER_FRAME ? ms : laterMs) + 1);
    }
    return i -> held[i];
  }

  /** The tick that plays sender frame {@code frame} (received or not), not one that held the timeline before it. */
  private static int tickPlaying(Run r, int frame) {
    for (int k = 0; k < r.next.length; k++) {
      if (r.next[k] == (long) frame * F && (k + 1 == r.next.length || r.next[k + 1] != r.next[k])) {
        return k;
      }
    }
    throw new AssertionError("frame " + frame + " was never played");
  }

  private static boolean quiet(byte[] g711) {
    short[] x = new short[F];
    G711.ulawToLinear(g711, 0, x, 0, F);
    double floor = PowerMeter.dbm0ToMeanSquare(ToneGate.FLOOR_DBM0) * 40;
    for (int b = 0; b < F; b += 40) {
      double e = 0;
      for (int i = b; i < b + 40; i++) {
        e += (double) x[i] * x[i];
      }
      if (e > floor) {
        return false;
      }
    }
    return true;
  }

  @Test
  void growsBeforeTheFaxToHoldEightyMillisecondsOfReorderedJitter() {
    for (long seed = 1; seed <= 5; seed++) {
      Run adaptive = run(PlayoutDelay.bounds(3, 10), uniform(seed, 80, 80));
      Run fixed = run(3, uniform(seed, 80, 80));
      int faxTick = tickPlaying(adaptive, FAX_FRAME);
      String where = "seed " + seed + ": delay " + adaptive.delay[faxTick] + " frames at the fax";
      assertTrue(adaptive.delay[faxTick] > 3 && adaptive.delay[faxTick] <= 10, where);
      long lateInFax = adaptive.buffer.stats().late() - adaptive.lateBefore[faxTick];
      assertEquals(0, lateInFax, where + ": packets of the fax late");
      long fixedLateInFax = fixed.buffer.stats().late() - fixed.lateBefore[tickPlaying(fixed, FAX_FRAME)];
      assertTrue(fixedLateInFax > 20, "seed " + seed + ": a fixed 60 ms loses the fax's packets: " + fixedLateInFax);
      assertEquals(3, fixed.delay[fixed.delay.length - 1], "fixed bounds never move");
      assertEquals(adaptive.delay[faxTick] * 20, adaptive.buffer.stats().playoutMillis());
      System.out.printf("PlayoutDelayTest seed %d: 60 -> %d ms before the fax; packets of the fax late: adaptive %d, fixed 60 ms %d%n",
          seed, adaptive.delay[faxTick] * 20, lateInFax, fixedLateInFax);
    }
  }

  /**
   * The anchor itself held 20 ms: with the tick phase, 60 ms then holds every packet of 0-80 ms
   * jitter, none is late before the fax, and only packets that nearly were tell the jitter. The
   * delay must learn from them, or the fax's packets held up to 100 ms are late (as in the fixed run).
   */
  @Test
  void learnsFromPacketsThatNearlyMissedWhenNoneWasLate() {
    for (long seed = 1; seed <= 5; seed++) {
      Run adaptive = run(PlayoutDelay.bounds(3, 10), uniform(seed, 20, 80, 100));
      Run fixed = run(3, uniform(seed, 20, 80, 100));
      int faxTick = tickPlaying(adaptive, FAX_FRAME);
      int fixedFaxTick = tickPlaying(fixed, FAX_FRAME);
      String where = "seed " + seed + ": delay " + adaptive.delay[faxTick] + " frames at the fax";
      assertEquals(0, fixed.lateBefore[fixedFaxTick], where + ": no packet was late before the fax");
      assertTrue(adaptive.delay[faxTick] > 3, where);
      assertTrue(fixed.buffer.stats().late() > 0, where + ": the fax's later jitter makes packets late at 60 ms");
      assertEquals(0, adaptive.buffer.stats().late() - adaptive.lateBefore[faxTick], where + ": packets of the fax late");
    }
  }

  @Test
  void growsOnlyInSilenceAndFreezesAtTheFirstV21Preamble() {
    Run r = run(PlayoutDelay.bounds(3, 10), uniform(7, 80, 200));
    int faxTick = tickPlaying(r, FAX_FRAME);
    int grew = 0;
    for (int k = 1; k < r.delay.length; k++) {
      if (r.delay[k] > r.delay[k - 1]) {
        grew++;
        assertTrue(k < faxTick, "grew at tick " + k + ", after the fax started at " + faxTick);
        assertTrue(k + 1 == r.next.length || r.next[k + 1] == r.next[k], "a growth holds the timeline");
        int lastSent = (int) (r.next[k] / F) - 1;
        assertTrue(lastSent < 0 || quiet(FRAMES[lastSent]), "grew at tick " + k + " right after a loud frame");
      }
    }
    assertTrue(grew > 0, "the delay grew");
    assertFalse(r.frozen[faxTick - 1], "the CNG did not freeze the delay");
    int frozenAt = IntStream.range(0, r.frozen.length).filter(k -> r.frozen[k]).findFirst().orElseThrow();
    assertTrue(frozenAt >= faxTick && frozenAt <= faxTick + 15,
        "frozen within the preamble's first 300 ms: tick " + frozenAt + ", fax from " + faxTick);
    // frozen: one frame of the sender's timeline per tick, each frame received played as sent
    int delay = r.delay[frozenAt];
    long late = r.buffer.stats().late() - r.lateBefore[frozenAt];
    assertTrue(late > 0, "the worse network during the fax made packets late: " + late);
    for (int k = frozenAt; k < r.delay.length; k++) {
      assertEquals(delay, r.delay[k], "tick " + k + ": the delay moved after the fax started");
      if (k > frozenAt) {
        assertEquals(r.next[k - 1] + F, r.next[k], "tick " + k + ": the timeline warped");
      }
      int frame = (int) (r.next[k] / F);
      if (r.real[k] && frame < FRAMES.length && r.buffer.stats().late() == 0) {
        assertArrayEquals(FRAMES[frame], r.out[k], "tick " + k);
      }
    }
    for (int k = frozenAt; k < r.delay.length; k++) {
      int frame = (int) (r.next[k] / F);
      if (r.real[k] && frame < FRAMES.length && !quiet(r.out[k])) {
        // a received loud frame is the sender's frame at this place of the timeline (late ones never overwrite)
        assertArrayEquals(FRAMES[frame], r.out[k], "tick " + k + " plays frame " + frame);
      }
    }
  }

  @Test
  void fixedWhenTheMaximumIsNotAboveTheStart() {
    assertEquals(3, PlayoutDelay.bounds(3, 3));
    assertEquals(3, PlayoutDelay.bounds(3, 0));
    assertEquals(3, PlayoutDelay.startFrames(PlayoutDelay.bounds(3, 10)));
    assertEquals(10, PlayoutDelay.maxFrames(PlayoutDelay.bounds(3, 10)));
    assertEquals(3, PlayoutDelay.maxFrames(3));
    Run r = run(PlayoutDelay.bounds(3, 3), uniform(3, 80, 80));
    assertTrue(Arrays.stream(r.delay).allMatch(d -> d == 3));
    assertFalse(r.buffer.playoutDelay().isAdapting());
    assertThrows(IllegalArgumentException.class, () -> PlayoutDelay.bounds(3, JitterBuffer.MAX_DELAY_FRAMES + 1));
    assertThrows(IllegalArgumentException.class, () -> PlayoutDelay.bounds(-1, 10));
    assertThrows(IllegalArgumentException.class, () -> new JitterBuffer(G711.PT_PCMU, 3 | 51 << 8, new RtpStats()));
  }

  @Test
  void aBufferReusedForOtherBoundsStartsAfresh() {
    RtpStats stats = new RtpStats();
    Run r = run(PlayoutDelay.bounds(3, 10), uniform(7, 80, 80));
    JitterBuffer jb = r.buffer;
    assertTrue(jb.playoutDelay().isFrozen() && jb.delayFrames() > 3);
    assertTrue(jb.fits(PlayoutDelay.bounds(3, 10)) && jb.fits(3) && !jb.fits(PlayoutDelay.bounds(3, 50)));
    jb.reset(G711.PT_PCMU, PlayoutDelay.bounds(2, 10), stats);
    assertEquals(2, jb.delayFrames());
    assertEquals(40, stats.playoutMillis());
    assertTrue(jb.playoutDelay().isAdapting());
  }

  @Test
  void adaptingAllocatesNothingPerPacket() {
    RtpStats stats = new RtpStats();
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, PlayoutDelay.bounds(3, 10), stats);
    byte[] pkt = new byte[RtpPacket.HEADER_SIZE + F];
    byte[] out = new byte[F];
    Random random = new Random(11);
    int[] seq = {0};
    // CNG-like loud and quiet frames, never a V.21 preamble: the delay keeps adapting (decoding every frame)
    SteadyStateAllocation a = SteadyStateAllocation.measure(() -> {
      int i = seq[0]++;
      RtpPacket.writeHeader(pkt, 0, false, G711.PT_PCMU, i, i * F, 1);
      System.arraycopy(FRAMES[i % FAX_FRAME], 0, pkt, RtpPacket.HEADER_SIZE, F);
      if (random.nextInt(4) != 0) {
        jb.put(pkt, 0, pkt.length, i * F);
      }
      jb.playout(out, 0);
    }, 20_000, 10_000);
    assertTrue(jb.playoutDelay().isAdapting());
    assertTrue(a.allButOneWindowBelow(2048), a.toString());
  }
}
