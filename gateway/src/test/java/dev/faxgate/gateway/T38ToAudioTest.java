package dev.faxgate.gateway;

import dev.faxgate.t30.ControlFrameTap;
import dev.faxgate.t30.FastModemPlan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.hdlc.HdlcFrameHandler;
import dev.faxgate.hdlc.HdlcRx;
import dev.faxgate.modem.BitSink;
import dev.faxgate.modem.ModemRx;
import dev.faxgate.modem.ModemStatus;
import dev.faxgate.modem.V17Rx;
import dev.faxgate.modem.V21Channel;
import dev.faxgate.modem.V21Rx;
import dev.faxgate.modem.V27terRx;
import dev.faxgate.modem.V29Rx;
import dev.faxgate.t30.DataRate;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38DataType;
import dev.faxgate.t38.T38FieldType;
import dev.faxgate.t38.T38Indicator;
import dev.faxgate.testutil.SteadyStateAllocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * T38ToAudio driven like a gateway drives it: 160-sample ticks, IFPs delivered between ticks at the
 * times a T.38 terminal would send them (about 30 ms of data per IFP; indicators and end-of-data
 * sent three times), sometimes with network jitter. The audio is then demodulated with the
 * project's own receivers and compared with what was sent. No wall-clock timing anywhere.
 */
class T38ToAudioTest {
  static final int TICK = 160;

  /** One scheduled delivery. */
  record Event(long at, int order, Consumer<T38ToAudio> action) {}

  /** The T.38 leg (a schedule of IFPs) and the audio leg (everything tx produced). */
  static final class Line {
    final FastModemPlan plan = new FastModemPlan();
    final List<byte[]> tapped = new ArrayList<>();
    ControlFrameTap tap = (f, off, len, ok) -> tapped.add(Arrays.copyOfRange(f, off, off + len));
    final T38ToAudio g;
    final List<Event> events = new ArrayList<>();
    short[] audio = new short[8000 * 30];
    int samples;
    Random jitter;
    long lastDelivery;

    Line() {
      g = new T38ToAudio((f, off, len, ok) -> tap.frame(f, off, len, ok), plan);
    }

    /** Delivers at {@code t} (samples), plus 0..60 ms of jitter if on, never before an earlier IFP. */
    void at(long t, Consumer<T38ToAudio> a) {
      long d = t + (jitter == null ? 0 : jitter.nextInt(481));
      d = Math.max(d, lastDelivery);
      lastDelivery = d;
      events.add(new Event(d, events.size(), a));
    }

    void indicator(long t, T38Indicator ind) {
      for (int i = 0; i < 3; i++) {
        IfpPacket p = new IfpPacket().setIndicator(ind);
        at(t, g -> g.ifp(p));
      }
    }

    void data(long t, T38DataType type, T38FieldType field, byte[] d) {
      IfpPacket p = new IfpPacket().setData(type);
      if (d == null || d.length == 0) {
        p.addField(field);
      } else {
        p.addField(field, d, 0, d.length);
      }
      at(t, g -> g.ifp(p));
    }

    /** Runs the schedule until {@code end} samples of audio have been produced. */
    void run(long end) {
      events.sort((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Integer.compare(a.order, b.order));
      int e = 0;
      short[] block = new short[TICK];
      while (samples < end) {
        while (e < events.size() && events.get(e).at <= samples) {
          events.get(e++).action.accept(g);
        }
        g.tx(block, 0, TICK);
        if (samples + TICK > audio.length) {
          audio = Arrays.copyOf(audio, audio.length * 2);
        }
        System.arraycopy(block, 0, audio, samples, TICK);
        samples += TICK;
      }
      events.subList(0, e).clear();
    }

    short[] audio() {
      return Arrays.copyOf(audio, samples);
    }
  }

  static byte[] reverse(byte[] hdlcOrder) {
    byte[] t = new byte[hdlcOrder.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = (byte) (Integer.reverse(hdlcOrder[i]) >>> 24);
    }
    return t;
  }

  static byte[] hex(String s) {
    String[] p = s.trim().split("\\s+");
    byte[] b = new byte[p.length];
    for (int i = 0; i < p.length; i++) {
      b[i] = (byte) Integer.parseInt(p[i], 16);
    }
    return b;
  }

  /** How a frame ends on the T.38 leg. */
  enum Close { OK, BAD, OK_SIG_END, LOST_MIDDLE, OK_THEN_SIG_END }

  /**
   * A V.21 burst as a T.38 terminal sends it: v21-preamble x3, 1 s of preamble, then each frame's
   * octets (T.38 order) 3 per IFP at 300 bit/s, its closing field after the FCS and flag time.
   *
   * @return the sample time after the burst
   */
  static long v21Burst(Line line, long t, byte[][] frames, Close[] close) {
    line.indicator(t, T38Indicator.V21_PREAMBLE);
    t += 8000;
    for (int f = 0; f < frames.length; f++) {
      byte[] d = reverse(frames[f]);
      int chunks = 0;
      boolean heldBack = false;
      for (int p = 0; p < d.length; p += 3) {
        byte[] c = Arrays.copyOfRange(d, p, Math.min(d.length, p + 3));
        t += c.length * 8 * 8000 / 300;
        boolean last = p + 3 >= d.length;
        if (close[f] == Close.LOST_MIDDLE && chunks == 1) {
          line.at(t, g -> g.missing(1)); // this chunk is lost: the next IFP arrives with a gap before it
        } else if (last && close[f] == Close.OK_SIG_END && c.length > 1) {
          // the last octet rides in the closing field (as Cisco/Commetrex do)
          line.data(t, T38DataType.V21, T38FieldType.HDLC_DATA, Arrays.copyOf(c, c.length - 1));
          heldBack = true;
        } else {
          line.data(t, T38DataType.V21, T38FieldType.HDLC_DATA, c);
        }
        chunks++;
      }
      t += 3 * 8 * 8000 / 300; // FCS and flag
      switch (close[f]) {
        case OK, LOST_MIDDLE -> line.data(t, T38DataType.V21, T38FieldType.HDLC_FCS_OK, null);
        case BAD -> line.data(t, T38DataType.V21, T38FieldType.HDLC_FCS_BAD, null);
        case OK_SIG_END -> {
          byte[] lastOctet = heldBack ? new byte[] {d[d.length - 1]} : null;
          for (int i = 0; i < 3; i++) {
            line.data(t, T38DataType.V21, T38FieldType.HDLC_FCS_OK_SIG_END, i == 0 ? lastOctet : null);
          }
        }
        case OK_THEN_SIG_END -> {
          line.data(t, T38DataType.V21, T38FieldType.HDLC_FCS_OK, null);
          for (int i = 0; i < 3; i++) {
            line.data(t, T38DataType.V21, T38FieldType.HDLC_SIG_END, null);
          }
        }
        default -> { }
      }
    }
    line.indicator(t + 80, T38Indicator.NO_SIGNAL);
    return t;
  }

  /** Training time a terminal's modem needs before it sends data, samples. */
  static int trainingSamples(T38Indicator ind) {
    String n = ind.asn1Name();
    if (n.startsWith("v17")) {
      return n.contains("short") ? 142 * 8 : 1393 * 8;
    }
    if (n.startsWith("v29")) {
      return 253 * 8;
    }
    return n.contains("4800") ? 708 * 8 : 943 * 8;
  }

  /**
   * A non-ECM burst (TCF or image): the training indicator x3, then after the training 30 ms of data
   * per IFP, the last octets in t4-non-ecm-sig-end (x3), then no-signal.
   */
  static long nonEcmBurst(Line line, long t, T38Indicator ind, T38DataType type, int rate, byte[] data) {
    line.indicator(t, ind);
    t += trainingSamples(ind);
    int per = rate * 30 / 8000;
    for (int p = 0; p < data.length; p += per) {
      byte[] c = Arrays.copyOfRange(data, p, Math.min(data.length, p + per));
      t += 240;
      boolean last = p + per >= data.length;
      line.data(t, type, last ? T38FieldType.T4_NON_ECM_SIG_END : T38FieldType.T4_NON_ECM_DATA, c);
      if (last) {
        line.data(t, type, T38FieldType.T4_NON_ECM_SIG_END, null);
        line.data(t, type, T38FieldType.T4_NON_ECM_SIG_END, null);
      }
    }
    line.indicator(t + 160, T38Indicator.NO_SIGNAL);
    return t;
  }

  /** Collects the bits of each trained burst of a fast receiver. */
  static final class Bursts implements BitSink {
    final List<byte[]> bursts = new ArrayList<>();
    byte[] cur;
    int n;

    @Override
    public void putBit(int bit) {
      if (cur != null) {
        if (n == cur.length) {
          cur = Arrays.copyOf(cur, cur.length * 2);
        }
        cur[n++] = (byte) (bit & 1);
      }
    }

    @Override
    public void status(ModemStatus s) {
      if (s == ModemStatus.TRAINING_SUCCEEDED) {
        end();
        cur = new byte[1 << 16];
        n = 0;
      } else if (s == ModemStatus.CARRIER_DOWN) {
        end();
      }
    }

    void end() {
      if (cur != null) {
        bursts.add(Arrays.copyOf(cur, n));
        cur = null;
      }
    }
  }

  static void demodulate(ModemRx rx, short[] audio) {
    for (int i = 0; i + TICK <= audio.length; i += TICK) {
      rx.rx(audio, i, TICK);
    }
  }

  /** HDLC frames received, good ones as copies, and the bad count. */
  static final class Frames implements HdlcFrameHandler {
    final List<byte[]> good = new ArrayList<>();
    int bad;

    @Override
    public void frame(byte[] frame, int len, boolean crcOk) {
      if (crcOk) {
        good.add(Arrays.copyOf(frame, len));
      } else {
        bad++;
      }
    }
  }

  static Frames v21Frames(short[] audio) {
    Frames f = new Frames();
    HdlcRx hdlc = new HdlcRx(f);
    demodulate(new V21Rx(V21Channel.CH2, hdlc), audio);
    return f;
  }

  static int longestZeroRun(byte[] bits) {
    int best = 0;
    int run = 0;
    for (byte b : bits) {
      run = b == 0 ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  }

  // ---- V.21 control frames ----

  static final byte[] CSI = hex("FF 03 40 34 33 32 31 20 35 35 35 20 31 2B 20 20 20 20 20 20 20 20 20");
  static final byte[] DIS_V8 = hex("FF 13 80 20 EE 84 44 00");
  static final byte[] DIS_EDITED = hex("FF 13 80 00 EE 84 44 00");
  static final byte[] NSF = hex("FF 03 20 AD 00 36 11 22 33 44 55 66 77");
  static final byte[] JUNK = hex("FF 03 55 66 77 88 99");

  @Test
  void v21FramesPlayedWithGoodFcsAndTapEditsBadAndLostPlayedWithABadFcs() {
    Line line = new Line();
    line.tap = (f, off, len, ok) -> {
      line.tapped.add(Arrays.copyOfRange(f, off, off + len));
      if (len > 3 && f[off + 2] == (byte) 0x80) {
        f[off + 3] &= (byte) ~0x20; // DIS: clear bit 6 (V.8)
      }
    };
    byte[][] frames = {NSF, JUNK, CSI, JUNK, DIS_V8};
    Close[] close = {Close.OK, Close.BAD, Close.OK, Close.LOST_MIDDLE, Close.OK_SIG_END};
    long end = v21Burst(line, 800, frames, close);
    line.run(end + 8000);
    Frames got = v21Frames(line.audio());
    assertEquals(3, got.good.size(), "frames received");
    assertArrayEquals(NSF, got.good.get(0));
    assertArrayEquals(CSI, got.good.get(1));
    assertArrayEquals(DIS_EDITED, got.good.get(2), "the tap's edit is on the line");
    assertEquals(2, got.bad, "the fcs-BAD frame and the one hit by a loss, each with a bad FCS");
    assertEquals(3, line.tapped.size(), "the tap saw the good frames only");
    assertArrayEquals(DIS_V8, line.tapped.get(2), "the tap saw the frame as sent");
    assertEquals(3, line.g.framesPlayed());
    assertEquals(2, line.g.framesDamaged());
    assertEquals(0, line.g.framesDropped());
    assertEquals(1, line.g.ifpsMissing());
    assertTrue(line.g.faxActivity());
    assertFalse(line.g.busy(), "the carrier ended after sig-end");
  }

  @Test
  void v21FrameThenSeparateSigEnd() {
    Line line = new Line();
    long end = v21Burst(line, 0, new byte[][] {CSI, DIS_V8}, new Close[] {Close.OK, Close.OK_THEN_SIG_END});
    line.run(end + 8000);
    Frames got = v21Frames(line.audio());
    assertEquals(2, got.good.size());
    assertArrayEquals(CSI, got.good.get(0));
    assertArrayEquals(DIS_V8, got.good.get(1));
    assertFalse(line.g.busy());
  }

  /**
   * A V.21 burst whose rest never comes (a burst of loss took the command's data, its sig-end and
   * the no-signal): its flags stop 2 s after the last IFP, before spandsp's receiver gives up on a
   * carrier that lasts too long (T2A, 3 s), and end with one damaged frame, so the receiver waits
   * for the command again instead of taking flags without a frame as silence (cause 8: the audio
   * receiver failed "The HDLC carrier did not stop in a timely manner", bench-impairment burst3x3,
   * ECM t38->audio, seed 107).
   */
  @Test
  void aV21BurstWhoseRestIsLostEndsWithADamagedFrameBeforeTheReceiverGivesUp() {
    Line line = new Line();
    line.indicator(0, T38Indicator.V21_PREAMBLE);
    line.run(8000 * 7);
    short[] audio = line.audio();
    assertTrue(energy(audio, 8000, 7000) > 0, "flags play while the burst may still go on");
    assertEquals(0, energy(audio, 8000 * 3 - 800, 8000 * 4), "then the carrier stops, within 2.9 s");
    Frames got = v21Frames(audio);
    assertEquals(0, got.good.size());
    assertEquals(1, got.bad, "one damaged frame ends the burst");
    assertEquals(1, line.g.v21Stalls());
    assertFalse(line.g.busy());
  }

  /**
   * The same when the command's first octets came 1 s after the preamble and the rest was lost:
   * 1 s with no IFP after frame data ends the burst (2 s would let the receiver's T2A, 3 s from
   * the flags, run out first), with the cut frame played damaged.
   */
  @Test
  void aV21BurstCutAfterItsFirstOctetsEndsOneSecondAfterThem() {
    Line line = new Line();
    line.indicator(0, T38Indicator.V21_PREAMBLE);
    line.data(8000, T38DataType.V21, T38FieldType.HDLC_DATA, reverse(hex("FF 13 BF")));
    line.run(8000 * 6);
    short[] audio = line.audio();
    assertTrue(energy(audio, 8000 + 4000, 3000) > 0, "flags play on after the octets for a while");
    assertEquals(0, energy(audio, 8000 * 5 / 2, 8000 * 3), "then the carrier stops, within 2.5 s");
    Frames got = v21Frames(audio);
    assertEquals(0, got.good.size());
    assertEquals(1, got.bad, "the cut frame, damaged");
    assertEquals(1, line.g.v21Stalls());
  }

  static final byte[] PPS_EOP = hex("FF 13 BF 2F 01 00 31");
  static final byte[] DCN = hex("FF 13 FB");

  /** Every HDLC frame on the line in order: "good:HEX" or "bad" (all that V21Rx and HdlcRx saw). */
  static List<String> v21Sequence(short[] audio) {
    List<String> seq = new ArrayList<>();
    HdlcRx hdlc = new HdlcRx(new HdlcFrameHandler() {
      @Override
      public void frame(byte[] frame, int len, boolean crcOk) {
        seq.add(crcOk ? "good:" + java.util.HexFormat.of().formatHex(frame, 0, len) : "bad");
      }

      @Override
      public void status(ModemStatus status) {
      }
    });
    demodulate(new V21Rx(V21Channel.CH2, hdlc), audio);
    return seq;
  }

  /**
   * Issue 18 item 2: a V.21 command whose middle IFPs were lost (the PPS of seed 35's failing fax)
   * goes out as a frame with a bad FCS inside its burst, not as a burst of flags with no frame, which
   * spandsp's receiver takes as no command at all ("T2 expired while waiting for next fax page").
   */
  @Test
  void aV21CommandHitByLossIsPlayedWithABadFcsInItsBurst() {
    Line line = new Line();
    long end = v21Burst(line, 0, new byte[][] {PPS_EOP}, new Close[] {Close.LOST_MIDDLE}); // fcs-OK, no-signal
    line.run(end + 8000);
    assertEquals(List.of("bad"), v21Sequence(line.audio()));
    assertEquals(1, line.g.framesDamaged());
    assertEquals(0, line.g.framesPlayed());
    assertTrue(line.tapped.isEmpty(), "the supervisor does not see a frame that did not arrive");
    assertFalse(line.g.busy(), "the carrier ended after the damaged frame");
  }

  /** Its closing IFPs lost too (fcs-OK, sig-end): the no-signal after the gap ends the burst with the damaged frame. */
  @Test
  void aV21FrameWhoseEndWasLostGoesOutDamagedWhenTheBurstEnds() {
    Line line = new Line();
    line.indicator(0, T38Indicator.V21_PREAMBLE);
    line.data(8000, T38DataType.V21, T38FieldType.HDLC_DATA, reverse(hex("FF 13 BF")));
    line.at(8000 + 1000, g -> g.missing(3)); // the rest, its fcs-OK and sig-end lost
    line.indicator(8000 + 1000, T38Indicator.NO_SIGNAL);
    line.run(8000 * 4);
    assertEquals(List.of("bad"), v21Sequence(line.audio()));
    assertEquals(1, line.g.framesDamaged());
    assertFalse(line.g.busy());
  }

  /** Lost IFPs after the burst's final frame are its tail: nothing more goes out, and the frames before stay good. */
  @Test
  void lossAfterTheFinalFrameAddsNoDamagedFrame() {
    Line line = new Line();
    long end = v21Burst(line, 0, new byte[][] {CSI, DIS_V8}, new Close[] {Close.OK, Close.OK});
    line.at(end + 40, g -> g.missing(2)); // its sig-end lost, the no-signal after them came
    line.run(end + 8000);
    assertEquals(List.of("good:" + java.util.HexFormat.of().formatHex(CSI),
        "good:" + java.util.HexFormat.of().formatHex(DIS_V8)), v21Sequence(line.audio()));
    assertEquals(0, line.g.framesDamaged());
    assertEquals(0, line.g.framesDropped());
    assertFalse(line.g.busy());
  }

  /** A damaged optional frame before the final one: the receiver sees bad, then the good final frame. */
  @Test
  void aDamagedOptionalFrameKeepsItsPlaceBeforeTheFinalFrame() {
    Line line = new Line();
    long end = v21Burst(line, 0, new byte[][] {CSI, DIS_V8}, new Close[] {Close.LOST_MIDDLE, Close.OK_SIG_END});
    line.run(end + 8000);
    assertEquals(List.of("bad", "good:" + java.util.HexFormat.of().formatHex(DIS_V8)), v21Sequence(line.audio()));
  }

  /** A line whose sender has just had its PPS-EOP (X = 1) played and confirmed: T.30 allows it only DCN now. */
  private static Line afterPpsEop(long[] t) {
    Line line = new Line();
    boolean[] confirmed = {false};
    line.g.expectDcnWhen(() -> confirmed[0]);
    t[0] = v21Burst(line, 0, new byte[][] {PPS_EOP}, new Close[] {Close.OK_SIG_END});
    line.at(t[0] + 8000, g -> confirmed[0] = true); // the receiver's MCF has passed the other way
    t[0] += 8000 + 1600;
    return line;
  }

  @Test
  void aDcnWhosePreambleAloneArrivedIsPlayedInTheSendersName() {
    long[] t = new long[1];
    Line line = afterPpsEop(t);
    line.indicator(t[0], T38Indicator.V21_PREAMBLE); // the rest (data, sig-end, no-signal) lost
    line.run(t[0] + 8000 * 6);
    Frames got = v21Frames(line.audio());
    assertEquals(2, got.good.size());
    assertArrayEquals(PPS_EOP, got.good.get(0));
    assertArrayEquals(DCN, got.good.get(1), "DCN with the sender's X bit");
    assertEquals(1, line.g.dcnsInferred());
    assertEquals(0, line.g.v21Stalls(), "ended by the DCN, not by the stall");
    assertFalse(line.g.busy());
    // it went out within the burst, well before a receiver gives up on flags (3 s)
    short[] a = line.audio();
    assertEquals(0, energy(a, (int) t[0] + T38ToAudio.DCN_STALL_SAMPLES + 8000, 8000), "the carrier is off");
  }

  @Test
  void aDcnWhoseDataAndSigEndWereLostButNoSignalCameIsPlayedAtOnce() {
    long[] t = new long[1];
    Line line = afterPpsEop(t);
    line.indicator(t[0], T38Indicator.V21_PREAMBLE);
    line.indicator(t[0] + 8000 + 2000, T38Indicator.NO_SIGNAL);
    line.run(t[0] + 8000 * 6);
    Frames got = v21Frames(line.audio());
    assertEquals(2, got.good.size());
    assertArrayEquals(DCN, got.good.get(1));
    assertEquals(1, line.g.dcnsInferred());
  }

  @Test
  void aDcnThatArrivesIsPlayedOnceAndNothingIsInvented() {
    long[] t = new long[1];
    Line line = afterPpsEop(t);
    v21Burst(line, t[0], new byte[][] {DCN}, new Close[] {Close.OK_SIG_END});
    line.run(t[0] + 8000 * 6);
    Frames got = v21Frames(line.audio());
    assertEquals(2, got.good.size());
    assertArrayEquals(DCN, got.good.get(1));
    assertEquals(0, line.g.dcnsInferred());
  }

  @Test
  void noDcnIsPlayedWhenTheOctetsThatCameAreAnotherFrameOrT30AllowsMoreThanDcn() {
    // the octets that arrived are a PPS (the sender repeating its command): its loss stays a loss
    long[] t = new long[1];
    Line line = afterPpsEop(t);
    line.indicator(t[0], T38Indicator.V21_PREAMBLE);
    line.data(t[0] + 8000, T38DataType.V21, T38FieldType.HDLC_DATA, reverse(hex("FF 13 BF")));
    line.run(t[0] + 8000 * 6);
    assertEquals(1, v21Frames(line.audio()).good.size(), "the PPS-EOP only");
    assertEquals(0, line.g.dcnsInferred());
    assertEquals(1, line.g.v21Stalls());

    // no MCF to EOP before this preamble: it could be anything, so only the carrier stops
    Line other = new Line();
    other.g.expectDcnWhen(() -> false);
    other.indicator(0, T38Indicator.V21_PREAMBLE);
    other.run(8000 * 6);
    assertEquals(0, v21Frames(other.audio()).good.size());
    assertEquals(1, v21Frames(other.audio()).bad, "a damaged frame, not a DCN, ends it");
    assertEquals(0, other.g.dcnsInferred());
    assertEquals(1, other.g.v21Stalls());
  }

  private static long energy(short[] audio, int from, int len) {
    long e = 0;
    for (int i = from; i < from + len; i++) {
      e += (long) audio[i] * audio[i];
    }
    return e;
  }

  @Test
  void v21BurstThatArrivesWhileTheLastStillPlaysGetsItsOwnCarrier() {
    Line line = new Line();
    long t = v21Burst(line, 0, new byte[][] {CSI, DIS_V8}, new Close[] {Close.OK, Close.OK_SIG_END});
    // the next burst's preamble comes 50 ms after the first one's end: its DIS still plays then
    long t2 = v21Burst(line, t + 400, new byte[][] {NSF}, new Close[] {Close.OK_SIG_END});
    line.run(t + 2000);
    assertTrue(line.g.busy(), "the first burst still plays when the second is announced");
    line.run(t2 + 8000);
    short[] a = line.audio();
    Frames got = v21Frames(a);
    assertEquals(3, got.good.size());
    assertArrayEquals(CSI, got.good.get(0));
    assertArrayEquals(DIS_V8, got.good.get(1));
    assertArrayEquals(NSF, got.good.get(2));
    // two carriers: one stretch of silence (the 75 ms gap) between the first start and the last end
    int first = 0;
    while (a[first] == 0) {
      first++;
    }
    int last = a.length - 1;
    while (a[last] == 0) {
      last--;
    }
    int zeros = 0;
    for (int i = first; i <= last; i++) {
      zeros += a[i] == 0 ? 1 : 0;
    }
    assertEquals(T38ToAudio.GAP_SAMPLES, zeros, 30, "silent samples between the first V.21 start and the last end");
    assertFalse(line.g.busy());
  }

  // ---- TCF ----

  static byte[] tcfBurstBits(DataRate rate, T38Indicator ind, T38DataType type, java.util.function.Function<BitSink, ModemRx> rx) {
    Line line = new Line();
    line.plan.selected(rate, false, 20, true);
    byte[] zeros = new byte[rate.bitRate() * 3 / 16]; // 1.5 s
    long end = nonEcmBurst(line, 400, ind, type, rate.bitRate(), zeros);
    line.run(end + 8000);
    assertFalse(line.g.busy());
    Bursts b = new Bursts();
    demodulate(rx.apply(b), line.audio());
    b.end();
    assertEquals(1, b.bursts.size(), "one trained burst");
    return b.bursts.get(0);
  }

  @Test
  void tcfOnV17At14400() {
    byte[] bits = tcfBurstBits(DataRate.V17_14400, T38Indicator.V17_14400_LONG_TRAINING, T38DataType.V17_14400,
        s -> new V17Rx(s, 14400));
    int run = longestZeroRun(bits);
    System.out.println("TCF 14400: zero run " + run + " of " + bits.length + " bits");
    assertTrue(run >= 14400 * 14 / 10, "zero run " + run + " of " + bits.length + " bits");
  }

  @Test
  void tcfOnV29At9600() {
    byte[] bits = tcfBurstBits(DataRate.V29_9600, T38Indicator.V29_9600_TRAINING, T38DataType.V29_9600,
        s -> new V29Rx(9600, s));
    int run = longestZeroRun(bits);
    System.out.println("TCF 9600: zero run " + run + " of " + bits.length + " bits");
    assertTrue(run >= 9600 * 14 / 10, "zero run " + run + " of " + bits.length + " bits");
  }

  @Test
  void tcfOnV27terAt4800() {
    byte[] bits = tcfBurstBits(DataRate.V27TER_4800, T38Indicator.V27_4800_TRAINING, T38DataType.V27_4800,
        s -> new V27terRx(4800, s));
    int run = longestZeroRun(bits);
    System.out.println("TCF 4800: zero run " + run + " of " + bits.length + " bits");
    assertTrue(run >= 4800 * 14 / 10, "zero run " + run + " of " + bits.length + " bits");
  }

  // ---- non-ECM image with jitter ----

  @Test
  void v17ShortTrainedImageAfterTcfSurvivesJitter() {
    Line line = new Line();
    line.plan.selected(DataRate.V17_14400, false, 10, true);
    long t = nonEcmBurst(line, 400, T38Indicator.V17_14400_LONG_TRAINING, T38DataType.V17_14400,
        14400, new byte[14400 * 3 / 16]);
    line.run(t + 4000);
    // CFR went the other way; the page follows with a short training
    line.plan.imageNext(true);
    line.jitter = new Random(11);
    byte[] page = NonEcmBufferTest.pageBits(new Random(5), 150);
    t = nonEcmBurst(line, t + 16000, T38Indicator.V17_14400_SHORT_TRAINING, T38DataType.V17_14400, 14400,
        NonEcmBufferTest.octets(page));
    line.run(t + 16000);
    assertFalse(line.g.busy());
    Bursts b = new Bursts();
    demodulate(new V17Rx(b, 14400), line.audio());
    b.end();
    assertEquals(2, b.bursts.size(), "TCF and page");
    byte[] got = b.bursts.get(1);
    NonEcmBufferTest.Fill f = NonEcmBufferTest.compare(page, got, got.length);
    System.out.println("V.17 image: " + page.length + " bits, " + f + ", gateway fill " + line.g.nonEcmFillBits()
        + ", min-row fill " + line.g.nonEcmMinRowFillBits());
    assertTrue(f.zeroFill() > 0, "the jitter made the buffer fill before EOLs");
    assertEquals(line.g.nonEcmFillBits(), f.leadingOnes() + f.zeroFill(), "all the fill was legal fill");
    assertTrue(f.trailingZeros() >= 14400 * 40 / 1000, "40 ms of zeros after RTC");
    assertEquals(0, line.g.nonEcmOverflowBits());
    assertEquals(150, line.g.nonEcmRows());
  }

  @Test
  void v29ImageSurvivesJitter() {
    Line line = new Line();
    line.plan.selected(DataRate.V29_9600, false, 20, false);
    line.plan.imageNext(false);
    line.jitter = new Random(3);
    byte[] page = NonEcmBufferTest.pageBits(new Random(9), 100);
    long t = nonEcmBurst(line, 400, T38Indicator.V29_9600_TRAINING, T38DataType.V29_9600, 9600,
        NonEcmBufferTest.octets(page));
    line.run(t + 16000);
    assertFalse(line.g.busy());
    Bursts b = new Bursts();
    demodulate(new V29Rx(9600, b), line.audio());
    b.end();
    assertEquals(1, b.bursts.size());
    byte[] got = b.bursts.get(0);
    NonEcmBufferTest.Fill f = NonEcmBufferTest.compare(page, got, got.length);
    System.out.println("V.29 image: " + page.length + " bits, " + f + ", gateway fill " + line.g.nonEcmFillBits()
        + ", min-row fill " + line.g.nonEcmMinRowFillBits());
    assertTrue(f.zeroFill() > 0, "the jitter made the buffer fill before EOLs");
    assertEquals(line.g.nonEcmFillBits(), f.leadingOnes() + f.zeroFill(), "all the fill was legal fill");
    assertTrue(f.trailingZeros() >= 9600 * 40 / 1000, "40 ms of zeros after RTC");
    assertEquals(100, line.g.nonEcmRows());
  }

  // ---- ECM ----

  @Test
  void ecmFramesOnV17() {
    Line line = new Line();
    line.plan.selected(DataRate.V17_14400, true, 0, true);
    line.plan.imageNext(false);
    Random r = new Random(17);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      byte[] f = new byte[4 + 256];
      r.nextBytes(f);
      f[0] = (byte) 0xFF;
      f[1] = 0x03;
      f[2] = 0x06; // FCD
      f[3] = (byte) i;
      frames.add(f);
    }
    for (int i = 0; i < 3; i++) {
      frames.add(hex("FF 03 86")); // RCP
    }
    long t = 400;
    line.indicator(t, T38Indicator.V17_14400_LONG_TRAINING);
    t += trainingSamples(T38Indicator.V17_14400_LONG_TRAINING) + 200 * 8; // training, 200 ms of flags
    for (byte[] f : frames) {
      byte[] d = reverse(f);
      for (int p = 0; p < d.length; p += 54) {
        byte[] c = Arrays.copyOfRange(d, p, Math.min(d.length, p + 54));
        t += c.length * 8 * 8000 / 14400;
        line.data(t, T38DataType.V17_14400, T38FieldType.HDLC_DATA, c);
      }
      t += 3 * 8 * 8000 / 14400;
      line.data(t, T38DataType.V17_14400, T38FieldType.HDLC_FCS_OK, null);
    }
    for (int i = 0; i < 3; i++) {
      line.data(t + 80, T38DataType.V17_14400, T38FieldType.HDLC_SIG_END, null);
    }
    line.indicator(t + 160, T38Indicator.NO_SIGNAL);
    line.run(t + 16000);
    assertFalse(line.g.busy());
    Frames got = new Frames();
    demodulate(new V17Rx(new HdlcRx(got), 14400), line.audio());
    assertEquals(frames.size(), got.good.size(), "frames received, bad " + got.bad);
    for (int i = 0; i < frames.size(); i++) {
      assertArrayEquals(frames.get(i), got.good.get(i), "frame " + i);
    }
    assertEquals(0, line.g.framesDropped());
    assertTrue(line.tapped.isEmpty(), "ECM frames do not go through the control-frame tap");
  }

  /**
   * ECM data: a frame hit by lost IFPs is left out, the flags go on, and the frames after it keep
   * their numbers, so the receiver's PPR names the missing one (spandsp's receiver ignores bad frames
   * in phase C, so a bad FCS there would change nothing).
   */
  @Test
  void aDamagedEcmFrameIsLeftOutAndTheOthersArriveWithTheirNumbers() {
    Line line = new Line();
    line.plan.selected(DataRate.V17_14400, true, 0, true);
    line.plan.imageNext(false);
    Random r = new Random(18);
    long t = 400;
    line.indicator(t, T38Indicator.V17_14400_LONG_TRAINING);
    t += trainingSamples(T38Indicator.V17_14400_LONG_TRAINING) + 200 * 8;
    for (int i = 0; i < 6; i++) {
      byte[] f = new byte[4 + 256];
      r.nextBytes(f);
      f[0] = (byte) 0xFF;
      f[1] = 0x03;
      f[2] = 0x06;
      f[3] = (byte) i;
      byte[] d = reverse(f);
      for (int p = 0, chunk = 0; p < d.length; p += 54, chunk++) {
        byte[] c = Arrays.copyOfRange(d, p, Math.min(d.length, p + 54));
        t += c.length * 8 * 8000 / 14400;
        if (i == 2 && chunk == 1) {
          line.at(t, g -> g.missing(1));
        } else {
          line.data(t, T38DataType.V17_14400, T38FieldType.HDLC_DATA, c);
        }
      }
      t += 3 * 8 * 8000 / 14400;
      line.data(t, T38DataType.V17_14400, T38FieldType.HDLC_FCS_OK, null);
    }
    line.data(t + 80, T38DataType.V17_14400, T38FieldType.HDLC_SIG_END, null);
    line.indicator(t + 160, T38Indicator.NO_SIGNAL);
    line.run(t + 16000);
    Frames got = new Frames();
    demodulate(new V17Rx(new HdlcRx(got), 14400), line.audio());
    assertEquals(List.of(0, 1, 3, 4, 5), got.good.stream().map(f -> f[3] & 0xFF).toList());
    assertEquals(0, got.bad);
    assertEquals(1, line.g.framesDropped());
    assertEquals(0, line.g.framesDamaged());
  }

  // ---- the 75 ms gap ----

  @Test
  void seventyFiveMsBetweenV21AndTheFastModem() {
    Line line = new Line();
    // DCS on V.21, then TCF announced 75 ms after the V.21 carrier dropped at the sender
    byte[] dcs = hex("FF 13 83 00 E2 00");
    long t = v21Burst(line, 0, new byte[][] {dcs}, new Close[] {Close.OK_SIG_END});
    line.plan.selected(DataRate.V17_14400, false, 20, true);
    t = nonEcmBurst(line, t + 600, T38Indicator.V17_14400_LONG_TRAINING, T38DataType.V17_14400, 14400,
        new byte[14400 * 3 / 16]);
    line.run(t + 8000);
    short[] a = line.audio();
    // find the V.21 start, then the longest quiet stretch before the V.17 signal
    int start = 0;
    while (a[start] == 0) {
      start++;
    }
    // the first quiet stretch longer than a few samples after the V.21 start is the gap
    int gapAt = -1;
    int gap = 0;
    for (int i = start; i < a.length; i++) {
      if (Math.abs(a[i]) < 64) {
        int j = i;
        while (j < a.length && Math.abs(a[j]) < 64) {
          j++;
        }
        if (j - i > 40) {
          gapAt = i;
          gap = j - i;
          break;
        }
        i = j;
      }
    }
    int bestLen = gap;
    int bestAt = gapAt;
    System.out.println("gap " + bestLen + " samples at " + bestAt + " (V.21 from " + start + ")");
    assertEquals(T38ToAudio.GAP_SAMPLES, bestLen, 24, "the silence between V.21 and V.17, samples");
    assertEquals(1, v21Frames(a).good.size());
    Bursts b = new Bursts();
    demodulate(new V17Rx(b, 14400), a);
    b.end();
    assertEquals(1, b.bursts.size());
    assertTrue(longestZeroRun(b.bursts.get(0)) >= 14400);
  }

  // ---- tones ----

  @Test
  void cedAndCngTones() {
    Line line = new Line();
    line.indicator(0, T38Indicator.CED);
    line.run(8000 * 4);
    short[] a = line.audio();
    int first = 0;
    while (a[first] == 0) {
      first++;
    }
    int last = a.length - 1;
    while (a[last] == 0) {
      last--;
    }
    assertEquals(T38ToAudio.GAP_SAMPLES + 1600, first, 2, "75 ms + 200 ms of silence first");
    assertEquals(20800, last - first + 1, 2, "2.6 s of tone");
    assertEquals(2100, zeroCrossingHz(a, first, last + 1), 5);

    Line cng = new Line();
    cng.indicator(0, T38Indicator.CNG);
    cng.run(8000 * 8);
    a = cng.audio();
    // on 0.5 s, off 3 s, on again
    int on1 = T38ToAudio.GAP_SAMPLES;
    assertEquals(1100, zeroCrossingHz(a, on1, on1 + 4000), 5);
    for (int i = on1 + 4000; i < on1 + 28000; i++) {
      assertEquals(0, a[i], "off at " + i);
    }
    assertEquals(1100, zeroCrossingHz(a, on1 + 28000, on1 + 32000), 5);
    // another indicator stops it at its next off time
    cng.indicator(cng.samples, T38Indicator.NO_SIGNAL);
    cng.run(cng.samples + 8000 * 4);
    assertFalse(cng.g.busy());
  }

  static double zeroCrossingHz(short[] a, int from, int to) {
    int crossings = 0;
    for (int i = from + 1; i < to; i++) {
      if ((a[i - 1] < 0) != (a[i] < 0)) {
        crossings++;
      }
    }
    return crossings / 2.0 * 8000.0 / (to - from);
  }

  // ---- allocation ----

  @Test
  void steadyStateNonEcmPlayoutAllocatesNothing() {
    FastModemPlan plan = new FastModemPlan();
    plan.selected(DataRate.V17_14400, false, 10, false);
    plan.imageNext(true);
    T38ToAudio g = new T38ToAudio((f, off, len, ok) -> { }, plan);
    // a cycle of whole rows, an exact number of octets (padded with fill before its last EOL)
    byte[] rows = NonEcmBufferTest.octets(NonEcmBufferTest.pageBits(new Random(1), 60));
    int per = 36; // 20 ms at 14400 bit/s
    IfpPacket ind = new IfpPacket().setIndicator(T38Indicator.V17_14400_SHORT_TRAINING);
    IfpPacket data = new IfpPacket();
    short[] block = new short[TICK];
    int[] pos = {0};
    Runnable tick = () -> {
      int n = Math.min(per, rows.length - pos[0]);
      data.setData(T38DataType.V17_14400).addField(T38FieldType.T4_NON_ECM_DATA, rows, pos[0], n);
      pos[0] = (pos[0] + n) % rows.length;
      g.ifp(data);
      g.tx(block, 0, TICK);
    };
    g.ifp(ind);
    for (int i = 0; i < 20; i++) {
      g.tx(block, 0, TICK); // training before any data, as a terminal's does
    }
    SteadyStateAllocation a = SteadyStateAllocation.measure(tick, 20_000, 5_000); // 400 s of page warm the JIT
    assertTrue(g.busy());
    assertTrue(g.nonEcmRows() > 1000, "rows " + g.nonEcmRows());
    assertEquals(0, g.nonEcmOverflowBits());
    assertTrue(a.allButOneWindowBelow(1024), a.toString());
  }
}
