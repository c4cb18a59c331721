package dev.faxgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.faxgate.rtp.JitterBuffer;
import dev.faxgate.rtp.RtpPacket;
import dev.faxgate.rtp.RtpStats;
import java.util.Arrays;

/**
 * Coverage-guided fuzz target for the RTP receive path: {@link RtpPacket#validate} and a PCMU
 * {@link JitterBuffer} fed the input's datagrams ({@link Chunks}) one per 20 ms tick.
 *
 * <p>Properties: validation never throws and returns a payload inside the datagram or one of its
 * documented codes; a valid datagram rebuilt field by field from what the getters read is the same
 * octets; every put has a documented outcome and is counted once; every playout writes exactly 160
 * octets; and the same stream through the buffer again, after {@link JitterBuffer#reset}, gives the
 * same outcomes and frames and allocates nothing.
 */
class RtpFuzzTest {
  private static final int PCMU = 0;
  private static final int MAX_CHUNKS = 2000;

  @FuzzTest
  void rtp(byte[] input) {
    Chunks chunks = new Chunks(input);
    int n = 0;
    for (Chunks c = new Chunks(input); c.next() && n < MAX_CHUNKS; n++) {
      checkDatagram(c.array(), c.offset(), c.length());
    }
    RtpStats stats = new RtpStats();
    JitterBuffer jb = new JitterBuffer(PCMU, stats);
    byte[] frames = new byte[2 + n * JitterBuffer.FRAME_SAMPLES + 2];
    int[] outcomes = new int[n];
    stream(chunks, jb, outcomes, frames);
    long[] s = new long[RtpStats.SIZE];
    stats.snapshot(s);
    assertEquals(n, s[RtpStats.RECEIVED] + s[RtpStats.MALFORMED], "every datagram counted once");
    for (int i = 0; i < RtpStats.SIZE; i++) {
      assertTrue(s[i] >= 0, "counter " + i);
    }
    assertTrue(s[RtpStats.LOST] <= n, "at most one lost frame per tick");
    assertEquals(n, jb.framesPlayed(), "one frame per tick");
    assertTrue(frames[0] == 0x5A && frames[1] == 0x5A, "guard before the frames untouched");

    // the same stream again on the reset buffer: same result, nothing allocated
    RtpStats again = new RtpStats();
    int[] outcomes2 = new int[n];
    byte[] frames2 = new byte[frames.length];
    long allocated = Allocation.leastOf3(() -> {
      jb.reset(PCMU, JitterBuffer.DEFAULT_DELAY_FRAMES, again);
      stream(chunks, jb, outcomes2, frames2);
    });
    // compared outside the measured replay: the fuzzer's hooks on Arrays.equals may allocate
    assertArrayEquals(outcomes, outcomes2, "same outcomes on a replay");
    assertArrayEquals(frames, frames2, "same frames on a replay");
    assertEquals(0, allocated, "the jitter buffer allocated on a replay of " + n + " datagrams");
  }

  private static void stream(Chunks c, JitterBuffer jb, int[] outcomes, byte[] frames) {
    frames[0] = frames[1] = frames[frames.length - 2] = frames[frames.length - 1] = 0x5A;
    c.rewind();
    for (int i = 0; i < outcomes.length && c.next(); i++) {
      int r = jb.put(c.array(), c.offset(), c.length(), i * JitterBuffer.FRAME_SAMPLES);
      if (r < JitterBuffer.PLACED || r > JitterBuffer.MALFORMED) {
        throw new AssertionError("undocumented outcome " + r);
      }
      if ((r == JitterBuffer.MALFORMED) != (RtpPacket.validate(c.array(), c.offset(), c.length()) < 0)) {
        throw new AssertionError("MALFORMED exactly when validation fails");
      }
      outcomes[i] = r;
      jb.playout(frames, 2 + i * JitterBuffer.FRAME_SAMPLES);
    }
    if (frames[frames.length - 2] != 0x5A || frames[frames.length - 1] != 0x5A) {
      throw new AssertionError("a playout wrote past its 160 octets");
    }
  }

  /** One datagram: validation's result, and a field-by-field rebuild of a valid one. */
  static void checkDatagram(byte[] buf, int off, int len) {
    long v = RtpPacket.validate(buf, off, len);
    RtpPacket view = new RtpPacket();
    int w = view.wrap(buf, off, len);
    if (v < 0) {
      assertTrue(v >= RtpPacket.ERR_BAD_PADDING, "documented error code " + v);
      assertTrue(!"unknown".equals(RtpPacket.errorName(v)), "named error " + v);
      assertEquals(v, w, "wrap says what validate says");
      assertTrue(!view.isValid());
      return;
    }
    assertEquals(0, w);
    int pOff = RtpPacket.payloadOffset(v);
    int pLen = RtpPacket.payloadLength(v);
    assertTrue(pOff >= off + RtpPacket.HEADER_SIZE && pLen >= 0 && pOff + pLen <= off + len,
        "payload inside the datagram");
    assertEquals(pOff - off, RtpPacket.headerLength(buf, off), "payload starts after the header");

    // rebuild from the getters only
    byte[] b = new byte[len];
    RtpPacket.writeHeader(b, 0, view.marker(), view.payloadType(), view.sequence(), view.timestamp(),
        view.ssrc());
    RtpPacket.setPadding(b, 0, RtpPacket.padding(buf, off));
    RtpPacket.setExtension(b, 0, RtpPacket.extension(buf, off));
    RtpPacket.setCsrcCount(b, 0, view.csrcCount());
    for (int i = 0; i < view.csrcCount(); i++) {
      RtpPacket.setCsrc(b, 0, i, view.csrc(i));
    }
    int p = RtpPacket.HEADER_SIZE + 4 * view.csrcCount();
    if (RtpPacket.extension(buf, off)) {
      int words = RtpPacket.extensionLength(buf, off);
      int profile = RtpPacket.extensionProfile(buf, off);
      b[p] = (byte) (profile >>> 8);
      b[p + 1] = (byte) profile;
      b[p + 2] = (byte) (words >>> 8);
      b[p + 3] = (byte) words;
      System.arraycopy(buf, off + p + 4, b, p + 4, 4 * words);
      p += 4 + 4 * words;
    }
    assertEquals(pOff - off, p, "header length from the getters");
    System.arraycopy(buf, pOff, b, p, len - p); // payload and padding
    assertArrayEquals(Arrays.copyOfRange(buf, off, off + len), b, "rebuilt from its fields");
    assertEquals(v - ((long) off << 32), RtpPacket.validate(b, 0, len), "the rebuilt packet validates the same");
  }
}
