package dev.faxgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.faxgate.hdlc.Crc16;
import dev.faxgate.hdlc.HdlcFrameHandler;
import dev.faxgate.hdlc.HdlcRx;
import dev.faxgate.hdlc.HdlcTx;
import dev.faxgate.modem.BitSource;
import dev.faxgate.modem.ModemStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzz target for HDLC deframing. Input: octet 0 configures the receiver (framing
 * flags 1..8, longest frame 8 or 400 octets), octet 1 is a count J, the next J octets are raw line
 * bits (LSB first) fed straight to an {@link HdlcRx}, and the rest is a list of frames
 * ({@link Chunks}) that an {@link HdlcTx} then sends to the same receiver, with no carrier event
 * between: the receiver has to find its way out of whatever the junk left it in.
 *
 * <p>Properties: no exception; every frame handed on is at most the longest frame; a frame called
 * good carries a correct FCS; the handler's counts match the receiver's counters; after the junk,
 * at most the one frame the first flag closes, then exactly the transmitted frames, good and in
 * order; and the same input again after {@link HdlcRx#reset} / {@link HdlcTx#reset} gives the same
 * frames and allocates nothing.
 */
class HdlcFuzzTest {
  private static final int MAX_FRAMES = 64;

  @FuzzTest
  void hdlc(byte[] input) {
    if (input.length < 2) {
      return;
    }
    int framingFlags = 1 + (input[0] & 7);
    int maxFrame = (input[0] & 0x08) != 0 ? 8 : HdlcRx.DEFAULT_MAX_FRAME_LENGTH;
    int junk = Math.min(input[1] & 0xFF, input.length - 2);
    List<byte[]> sent = frames(input, 2 + junk, maxFrame);

    Frames seen = new Frames(maxFrame, true);
    HdlcRx rx = new HdlcRx(seen, framingFlags, maxFrame);
    HdlcTx tx = new HdlcTx(framingFlags + 2, maxFrame);
    int afterJunk = run(input, junk, sent, rx, tx, seen);
    assertEquals(rx.goodFrames(), seen.good, "good frames counted");
    assertEquals(rx.badFrames(), seen.bad, "bad frames counted");
    List<byte[]> tail = seen.list.subList(afterJunk, seen.list.size());
    int extra = tail.size() - sent.size();
    assertTrue(extra == 0 || extra == 1, "after the junk: " + tail.size() + " frames for " + sent.size() + " sent");
    for (int i = 0; i < sent.size(); i++) {
      assertArrayEquals(sent.get(i), tail.get(extra + i), "frame " + i + " came through");
      assertTrue(seen.ok.get(afterJunk + extra + i), "frame " + i + " good");
    }

    Frames replay = new Frames(maxFrame, false);
    HdlcRx rx2 = new HdlcRx(replay, framingFlags, maxFrame);
    HdlcTx tx2 = new HdlcTx(framingFlags + 2, maxFrame);
    run(input, junk, sent, rx2, tx2, replay); // warm: grows nothing, but loads and links the code
    long allocated = Allocation.leastOf3(() -> {
      rx2.reset();
      tx2.reset(framingFlags + 2);
      replay.reset();
      run(input, junk, sent, rx2, tx2, replay);
      if (seen.hash != replay.hash) {
        throw new AssertionError("other frames on a replay");
      }
    });
    assertEquals(0, allocated, "HDLC allocated on a replay");
  }

  /** Feeds the junk, then transmits {@code sent}; returns how many frames the junk gave. */
  private static int run(byte[] input, int junk, List<byte[]> sent, HdlcRx rx, HdlcTx tx, Frames seen) {
    rx.status(ModemStatus.CARRIER_UP);
    for (int i = 0; i < junk; i++) {
      int octet = input[2 + i];
      for (int bit = 0; bit < 8; bit++) {
        rx.putBit((octet >> bit) & 1);
      }
    }
    int afterJunk = seen.count;
    int next = 0;
    int guard = 0;
    while (true) {
      while (next < sent.size() && tx.sendFrame(sent.get(next), 0, sent.get(next).length)) {
        next++;
      }
      if (next == sent.size()) {
        tx.end();
      }
      int bit = tx.getBit();
      if (bit == BitSource.END_OF_DATA) {
        break;
      }
      rx.putBit(bit);
      if (++guard > 10_000_000) {
        throw new AssertionError("the transmitter never ends");
      }
    }
    return afterJunk;
  }

  private static List<byte[]> frames(byte[] input, int from, int maxFrame) {
    List<byte[]> out = new ArrayList<>();
    Chunks c = new Chunks(Arrays.copyOfRange(input, from, input.length));
    while (c.next() && out.size() < MAX_FRAMES) {
      int n = Math.min(c.length(), maxFrame);
      if (n > 0) {
        out.add(Arrays.copyOfRange(c.array(), c.offset(), c.offset() + n));
      }
    }
    return out;
  }

  /** Checks each frame as it comes; keeps them (first pass) or only hashes them (replay). */
  private static final class Frames implements HdlcFrameHandler {
    final int maxFrame;
    final boolean keep;
    final List<byte[]> list = new ArrayList<>();
    final List<Boolean> ok = new ArrayList<>();
    int count;
    long good;
    long bad;
    long hash = 1;

    Frames(int maxFrame, boolean keep) {
      this.maxFrame = maxFrame;
      this.keep = keep;
    }

    void reset() {
      count = 0;
      good = bad = 0;
      hash = 1;
    }

    @Override
    public void frame(byte[] frame, int len, boolean crcOk) {
      if (len < 0 || len > maxFrame) {
        throw new AssertionError("frame of " + len + " octets, longest " + maxFrame);
      }
      if (crcOk && (len < 1 || !Crc16.check(frame, 0, len + 2))) {
        throw new AssertionError("a good frame with a bad FCS");
      }
      count++;
      if (crcOk) {
        good++;
      } else {
        bad++;
      }
      hash = 31 * hash + (crcOk ? len : -len - 1);
      for (int i = 0; i < len; i++) {
        hash = 31 * hash + frame[i];
      }
      if (keep) {
        list.add(Arrays.copyOf(frame, len));
        ok.add(crcOk);
      }
    }

    @Override
    public void status(ModemStatus status) {
      hash = 31 * hash + status.ordinal();
    }
  }
}
