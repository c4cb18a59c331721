// Evidence for where a leg's fax starts: real spandsp faxes replayed through the adaptive playout delay, on every RTP path.
package dev.faxgate.rtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.bench.RecordedFax;
import dev.faxgate.hdlc.HdlcRx;
import dev.faxgate.modem.V21Channel;
import dev.faxgate.modem.V21Rx;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/*
 * What this exercises: where PlayoutDelay decides that a leg's fax started, on the RTP legs of
 * real faxes between spandsp terminals (the recordings bench-media replays): the calling terminal
 * (CNG, then DCS, TCF and the pages: the gateway's audio leg when audio sends, an audio relay's
 * leg a) and the answering one (CED, then DIS, CFR, MCF: the gateway's audio leg when audio
 * receives, an audio relay's leg b). The terminal on audio runs the same gateway on the same leg.
 * Each leg's packets are replayed at their recorded arrival times into an adaptive buffer
 * (60..200 ms), ticked every 20 ms; what it plays goes through the project's V.21 receiver and
 * HDLC receiver as a reference.
 *  - The delay freezes before the leg's first T.30 frame is complete, hence before any fast-modem
 *    signal (T.30 sends those only after V.21 frames), and within 1.5 s of it: in its preamble.
 *  - The leg played tones (CNG or CED) for a while before, unfrozen: they are not the fax's start.
 */
class PlayoutFreezeOnRecordedFaxesTest {
  private static final int F = JitterBuffer.FRAME_SAMPLES;

  @ParameterizedTest
  @CsvSource({"audio-to-t38-v17,0", "audio-to-t38-v29,0", "audio-to-t38-v27ter,0", "t38-to-audio-v17,0",
      "t38-to-audio-v29,0", "t38-to-audio-v27ter,0", "audio-relay-v17,0", "audio-relay-v17,1"})
  void freezesInTheLegsFirstV21Preamble(String recording, int leg) throws Exception {
    RecordedFax fax = RecordedFax.load(recording);
    RtpStats stats = new RtpStats();
    JitterBuffer jb = new JitterBuffer(G711.PT_PCMU, PlayoutDelay.bounds(3, 10), stats);
    long[] firstFrameTick = {-1};
    long[] tick = {0};
    HdlcRx hdlc = new HdlcRx((frame, len, crcOk) -> {
      if (crcOk && firstFrameTick[0] < 0) {
        firstFrameTick[0] = tick[0];
      }
    });
    V21Rx v21 = new V21Rx(V21Channel.CH2, hdlc);
    byte[] out = new byte[F];
    short[] linear = new short[F];
    int frozenTick = -1;
    int loudBeforeFreeze = 0;
    int next = 0;
    int ticks = fax.durationMillis() / 20 + 20;
    for (int k = 0; k < ticks && (frozenTick < 0 || firstFrameTick[0] < 0); k++) {
      tick[0] = k;
      while (next < fax.size() && fax.millis(next) <= k * 20) {
        if (fax.leg(next) == leg) {
          byte[] p = fax.payload(next);
          jb.put(p, 0, p.length, fax.millis(next) * 8);
        }
        next++;
      }
      jb.playout(out, 0);
      G711.ulawToLinear(out, 0, linear, 0, F);
      v21.rx(linear, 0, F);
      if (frozenTick < 0 && jb.playoutDelay().isFrozen()) {
        frozenTick = k;
      }
      if (frozenTick < 0 && peak(linear) > 1000) {
        loudBeforeFreeze++;
      }
    }
    String where = recording + " leg " + leg + ": frozen at tick " + frozenTick + ", first T.30 frame at tick "
        + firstFrameTick[0] + ", " + loudBeforeFreeze + " loud frames before, delay " + jb.delayFrames() * 20 + " ms";
    System.out.println("PlayoutFreezeOnRecordedFaxesTest: " + where);
    assertTrue(firstFrameTick[0] > 0 && frozenTick > 0, where);
    assertTrue(frozenTick < firstFrameTick[0] && frozenTick > firstFrameTick[0] - 75, where);
    assertTrue(loudBeforeFreeze >= 20, where + ": no CNG or CED before the fax");
  }

  private static int peak(short[] x) {
    int p = 0;
    for (short s : x) {
      p = Math.max(p, Math.abs(s));
    }
    return p;
  }
}
