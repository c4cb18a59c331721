package dev.faxgate.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.dsp.PowerMeter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * V.21 loop tests, both channels: transmitter -> line model -> receiver with T.30 frames. Clean, at
 * -10/-30/-43 dBm0, at 12/8/6 dB SNR (several seeds each), with a ±10 Hz carrier offset, with the
 * noise holding the carrier up for 5 s before the burst, with lost samples filled in; the transmitter's level and tones;
 * silence and weak noise raise no carrier.
 */
class V21ModemTest {
  private static final List<byte[]> FRAMES = V21Line.T30_FRAMES;

  @ParameterizedTest
  @EnumSource(V21Channel.class)
  void cleanLoop(V21Channel ch) {
    V21Line.Result r = V21Line.receive(ch, V21Line.transmit(ch, FRAMES, -14, 0, 800), V21Rx.DEFAULT_CUTOFF_DBM0);
    assertTrue(r.allOf(FRAMES), r.toString());
    assertEquals(0, r.bad);
    assertEquals(List.of(ModemStatus.CARRIER_UP, ModemStatus.FRAMING_OK, ModemStatus.CARRIER_DOWN), r.events);
  }

  @ParameterizedTest
  @EnumSource(V21Channel.class)
  void levels(V21Channel ch) {
    for (double level : new double[] {-6, -10, -30, -43}) {
      V21Line.Result r = V21Line.receive(ch, V21Line.transmit(ch, FRAMES, level, 0, 800), V21Rx.DEFAULT_CUTOFF_DBM0);
      assertTrue(r.allOf(FRAMES), level + " dBm0: " + r);
    }
  }

  @ParameterizedTest
  @EnumSource(V21Channel.class)
  void noise(V21Channel ch) {
    short[] clean = V21Line.transmit(ch, FRAMES, -14, 0, 800);
    for (double snr : new double[] {12, 8, 6}) {
      for (long seed = 1; seed <= 3; seed++) {
        V21Line.Result r = V21Line.receive(ch, V21Line.addNoise(clean, snr, seed), V21Rx.DEFAULT_CUTOFF_DBM0);
        assertTrue(r.allOf(FRAMES), snr + " dB seed " + seed + ": " + r);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(V21Channel.class)
  void signalStartingInNoise(V21Channel ch) {
    // 5 s of noise hold the carrier up before the burst starts: the timing must still be acquired
    short[] clean = V21Line.transmit(ch, FRAMES, -14, 0, 5 * 8000);
    for (long seed = 1; seed <= 2; seed++) {
      V21Line.Result r = V21Line.receive(ch, V21Line.addNoise(clean, 2, seed), V21Rx.DEFAULT_CUTOFF_DBM0);
      assertTrue(r.allOf(FRAMES), "seed " + seed + ": " + r);
    }
  }

  @ParameterizedTest
  @EnumSource(V21Channel.class)
  void weakAndNoisy(V21Channel ch) {
    short[] clean = V21Line.transmit(ch, FRAMES, -43, 0, 800);
    V21Line.Result r = V21Line.receive(ch, V21Line.addNoise(clean, 12, 7), V21Rx.DEFAULT_CUTOFF_DBM0);
    assertTrue(r.allOf(FRAMES), r.toString());
  }

  @ParameterizedTest
  @EnumSource(V21Channel.class)
  void frequencyOffset(V21Channel ch) {
    for (double offset : new double[] {-10, 10}) {
      short[] s = V21Line.transmit(ch, FRAMES, -14, offset, 800);
      V21Line.Result clean = V21Line.receive(ch, s, V21Rx.DEFAULT_CUTOFF_DBM0);
      assertTrue(clean.allOf(FRAMES), offset + " Hz: " + clean);
      V21Line.Result noisy = V21Line.receive(ch, V21Line.addNoise(s, 8, 3), V21Rx.DEFAULT_CUTOFF_DBM0);
      assertTrue(noisy.allOf(FRAMES), offset + " Hz at 8 dB: " + noisy);
    }
  }

  @Test
  void oneSampleBlocksGiveTheSameBits() {
    short[] s = V21Line.addNoise(V21Line.transmit(V21Channel.CH2, FRAMES, -20, 0, 333), 6, 11);
    StringBuilder big = new StringBuilder();
    StringBuilder small = new StringBuilder();
    V21Rx a = new V21Rx(V21Channel.CH2, bit -> big.append(bit));
    V21Rx b = new V21Rx(V21Channel.CH2, bit -> small.append(bit));
    a.rx(s, 0, s.length);
    for (int i = 0; i < s.length; i++) {
      b.rx(s, i, 1);
    }
    assertTrue(big.length() > 1400);
    assertEquals(big.toString(), small.toString());
  }

  @Test
  void fillInKeepsTheCarrierAndLosesOnlyTheHitFrame() {
    V21Channel ch = V21Channel.CH2;
    short[] s = V21Line.transmit(ch, FRAMES, -14, 0, 0);
    V21Line.Result r = new V21Line.Result();
    r.hdlc = new dev.faxgate.hdlc.HdlcRx(r);
    V21Rx rx = new V21Rx(ch, new BitSink() {
      @Override
      public void putBit(int bit) {
        r.hdlc.putBit(bit);
      }

      @Override
      public void status(ModemStatus status) {
        r.hdlc.status(status);
      }
    });
    // lose 160 samples (one RTP packet) in the middle of the first frame (the NSF, 40 octets)
    int gapAt = 37 * 8 * 8000 / 300 + 4000;
    rx.rx(s, 0, gapAt);
    rx.fillIn(160);
    assertTrue(rx.carrierUp());
    rx.rx(s, gapAt + 160, s.length - gapAt - 160);
    assertEquals(FRAMES.size() - 1, r.good.size(), r.toString());
    assertEquals(1, r.bad, r.toString());
    assertEquals(List.of(ModemStatus.CARRIER_UP, ModemStatus.FRAMING_OK, ModemStatus.CARRIER_DOWN), r.events);
  }

  @Test
  void silenceAndWeakNoiseRaiseNoCarrier() {
    short[] silence = new short[16000];
    V21Rx rx = new V21Rx(V21Channel.CH2, bit -> {
      throw new AssertionError("a bit from silence");
    });
    rx.rx(silence, 0, silence.length);
    assertFalse(rx.carrierUp());
    // white noise at -55 dBm0 (whole band): no carrier at the default cut-off
    short[] noise = new short[16000];
    java.util.Random random = new java.util.Random(5);
    double rms = Math.sqrt(PowerMeter.dbm0ToMeanSquare(-55));
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (short) Math.round(rms * random.nextGaussian());
    }
    rx.rx(noise, 0, noise.length);
    assertFalse(rx.carrierUp());
    assertTrue(rx.signalPower() < -55, "in-band power " + rx.signalPower());
  }

  @Test
  void cutoffAndHysteresis() {
    short[] s = V21Line.transmit(V21Channel.CH1, FRAMES, -43, 0, 0);
    V21Line.Result missed = V21Line.receive(V21Channel.CH1, s, -40);
    assertTrue(missed.good.isEmpty(), "a -43 dBm0 signal stays below a -40 cut-off");
    assertFalse(missed.events.contains(ModemStatus.CARRIER_UP));
  }

  @Test
  void transmitterLevelAndTones() {
    for (V21Channel ch : V21Channel.values()) {
      // all marks: the mark tone alone
      V21Tx tx = new V21Tx(ch, () -> 1);
      tx.power(-10);
      short[] s = new short[8000];
      assertEquals(8000, tx.tx(s, 0, 8000));
      double ms = 0;
      for (short v : s) {
        ms += (double) v * v;
      }
      assertEquals(-10.0, PowerMeter.meanSquareToDbm0(ms / s.length, ModemRx.SILENCE_DBM0), 0.05);
      assertEquals(ch.markHz, zeroCrossingFrequency(s), 1.0);
      V21Tx space = new V21Tx(ch, () -> 0);
      space.tx(s, 0, 8000);
      assertEquals(ch.spaceHz, zeroCrossingFrequency(s), 1.0);
    }
  }

  @Test
  void transmitterStopsAtEndOfData() {
    int[] bits = {40};
    List<ModemStatus> told = new java.util.ArrayList<>();
    V21Tx tx = new V21Tx(V21Channel.CH2, new BitSource() {
      @Override
      public int getBit() {
        return bits[0]-- > 0 ? 1 : END_OF_DATA;
      }

      @Override
      public void status(ModemStatus status) {
        told.add(status);
      }
    });
    short[] s = new short[8000];
    int n = tx.tx(s, 0, 8000);
    assertEquals(Math.ceil(40 * 8000 / 300.0), n, 1.0);
    assertEquals(0, tx.tx(s, 0, 160));
    assertEquals(List.of(ModemStatus.END_OF_DATA, ModemStatus.SHUTDOWN_COMPLETE), told);
    assertThrows(IllegalArgumentException.class, () -> tx.restart(2400, false));
  }

  private static double zeroCrossingFrequency(short[] s) {
    int first = -1;
    int last = -1;
    int count = 0;
    for (int i = 1; i < s.length; i++) {
      if (s[i - 1] < 0 && s[i] >= 0) {
        if (first < 0) {
          first = i;
        }
        last = i;
        count++;
      }
    }
    return (count - 1) * 8000.0 / (last - first);
  }
}
