package dev.faxgate.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.dsp.LineImpairment;
import dev.faxgate.dsp.PowerMeter;
import dev.faxgate.testutil.SteadyStateAllocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** V.17 loop tests: V17Tx -> V17Rx, clean, short training, noise (BER printed), fill-in. */
class V17ModemTest {
  static V17Line.Sink receive(int rate, short[] pcm, int block) {
    V17Line.Sink sink = new V17Line.Sink();
    V17Rx rx = new V17Rx(sink, rate);
    for (int i = 0; i < pcm.length; i += block) {
      rx.rx(pcm, i, Math.min(block, pcm.length - i));
    }
    sink.finish();
    return sink;
  }

  @Test
  void tablesAreConsistent() {
    int[] expect = {0, 2, 3, 1, 4, 7, 5, 6, 1, 3, 2, 0, 7, 4, 6, 5, 2, 0, 1, 3, 6, 5, 7, 4, 3, 1, 0, 2, 5, 6, 4, 7};
    for (int s = 0; s < 8; s++) {
      for (int y = 0; y < 4; y++) {
        assertEquals(expect[4 * s + y], V17Tables.CONV_NEXT[s][y]);
      }
    }
    for (int rate : new int[] {7200, 9600, 12000, 14400}) {
      int[] c = V17Tables.constellation(rate);
      for (int i = 0; i < c.length / 2; i++) {
        // a quarter turn keeps the uncoded bits
        int rr = -c[2 * i + 1];
        int ri = c[2 * i];
        int found = -1;
        for (int k = 0; k < c.length / 2; k++) {
          if (c[2 * k] == rr && c[2 * k + 1] == ri) {
            found = k;
          }
        }
        assertTrue(found >= 0, rate + " point " + i);
        assertEquals(i >> 3, found >> 3, rate + " point " + i);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {7200, 9600, 12000, 14400})
  void cleanLoop(int rate) {
    byte[] data = V17Line.payload(2000, rate);
    V17Line.Sink sink = receive(rate, V17Line.transmit(rate, false, data, -14, 800), 160);
    byte[] got = sink.last();
    int errors = V17Line.bitErrors(data, got);
    System.out.printf("V17 loop %5d clean: %d bit errors, %d bytes, events %s%n", rate, errors, got.length, sink.events);
    assertEquals(0, errors);
    assertEquals(java.util.List.of(ModemStatus.CARRIER_UP, ModemStatus.TRAINING_IN_PROGRESS,
        ModemStatus.TRAINING_SUCCEEDED, ModemStatus.CARRIER_DOWN), sink.events);
  }

  @ParameterizedTest
  @ValueSource(ints = {7200, 9600, 12000, 14400})
  void noise(int rate) {
    byte[] data = V17Line.payload(4000, rate);
    short[] clean = V17Line.transmit(rate, false, data, -14, 800);
    StringBuilder sb = new StringBuilder();
    for (double snr : new double[] {30, 26, 24, 22, 20, 18, 16}) {
      long errors = 0;
      long bits = 0;
      for (long seed = 1; seed <= 2; seed++) {
        V17Line.Sink sink = receive(rate, V17Line.addNoise(clean, snr, seed), 160);
        errors += V17Line.bitErrors(data, sink.last());
        bits += data.length * 8L;
      }
      sb.append(String.format(" %4.0f dB: BER %.2e |", snr, (double) errors / bits));
      if (snr >= HIGH_SNR_CLEAN[rateIndex(rate)]) {
        assertEquals(0, errors, rate + " at " + snr + " dB");
      }
    }
    System.out.println("V17 loop " + rate + " noise:" + sb);
  }

  /** The SNR from which the loop must be error-free (2 x 32000 bits), per rate 7200..14400. */
  private static final double[] HIGH_SNR_CLEAN = {30, 30, 30, 30};

  private static int rateIndex(int rate) {
    return rate / 2400 - 3;
  }

  @ParameterizedTest
  @ValueSource(ints = {7200, 9600, 12000, 14400})
  void shortTrainAfterLong(int rate) {
    byte[] data = V17Line.payload(1000, 7 + rate);
    short[] pcm = V17Line.concat(V17Line.transmit(rate, false, new byte[0], -14, 600),
        V17Line.transmit(rate, true, data, -14, 800));
    V17Line.Sink sink = receive(rate, pcm, 160);
    int errors = V17Line.bitErrors(data, sink.last());
    System.out.printf("V17 loop %5d short train: %d bit errors, %d bursts%n", rate, errors, sink.bursts.size());
    assertEquals(2, sink.bursts.size());
    assertEquals(0, errors);
  }

  @ParameterizedTest
  @ValueSource(ints = {9600, 14400})
  void startsAfterNoise(int rate) {
    // noise raises the carrier 0.5 s before the training starts
    byte[] data = V17Line.payload(1000, 11 + rate);
    short[] pcm = V17Line.concat(new short[4000], V17Line.transmit(rate, false, data, -14, 800));
    V17Line.Sink sink = receive(rate, V17Line.addNoise(pcm, 30, 5), 160);
    int errors = V17Line.bitErrors(data, sink.last());
    System.out.printf("V17 loop %5d, 0.5 s of noise first: %d bit errors, events %s%n", rate, errors, sink.events);
    assertEquals(0, errors);
  }

  @ParameterizedTest
  @ValueSource(ints = {9600, 14400})
  void levelsAndFrequencyOffset(int rate) {
    byte[] data = V17Line.payload(1000, 13 + rate);
    for (double level : new double[] {-10, -30, -43}) {
      V17Line.Sink sink = receive(rate, V17Line.transmit(rate, false, data, level, 800), 160);
      int errors = V17Line.bitErrors(data, sink.last());
      System.out.printf("V17 loop %5d at %.0f dBm0: %d bit errors%n", rate, level, errors);
      assertEquals(0, errors, level + " dBm0");
    }
    for (double hz : new double[] {-8, 8}) {
      short[] pcm = V17Line.shift(V17Line.transmit(rate, false, data, -14, 800), hz);
      V17Line.Sink sink = receive(rate, pcm, 160);
      int errors = V17Line.bitErrors(data, sink.last());
      System.out.printf("V17 loop %5d with %+.0f Hz carrier offset: %d bit errors%n", rate, hz, errors);
      assertEquals(0, errors, hz + " Hz");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {9600, 14400})
  void fillInKeepsLock(int rate) {
    // a 20 ms frame is lost in the middle of the data: the carrier stays up and the bit count
    // stays right; bits in and around the gap may be wrong, the rest are exact
    byte[] data = V17Line.payload(3000, 17 + rate);
    short[] pcm = V17Line.transmit(rate, false, data, -14, 800);
    int gapAt = 8000 * 2; // 2 s: well inside the data
    V17Line.Sink sink = new V17Line.Sink();
    V17Rx rx = new V17Rx(sink, rate);
    rx.rx(pcm, 0, gapAt);
    rx.fillIn(160);
    assertTrue(rx.carrierUp());
    rx.rx(pcm, gapAt + 160, pcm.length - gapAt - 160);
    byte[] got = sink.last();
    int firstBad = -1;
    int lastBad = -1;
    for (int i = 0; i < data.length && i < got.length; i++) {
      if (data[i] != got[i]) {
        lastBad = i;
        if (firstBad < 0) {
          firstBad = i;
        }
      }
    }
    int errors = V17Line.bitErrors(data, got);
    System.out.printf("V17 loop %5d, 20 ms filled in: %d bit errors in bytes %d..%d of %d, events %s%n", rate,
        errors, firstBad, lastBad, data.length, sink.events);
    assertEquals(1, sink.bursts.size());
    assertTrue(got.length >= data.length);
    // after the gap the receiver is back in step: the last 500 bytes are exact
    for (int i = data.length - 500; i < data.length; i++) {
      assertEquals(data[i], got[i], "byte " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {9600, 14400})
  void sampleClockOffset(int rate) {
    byte[] data = V17Line.payload(4000, 19 + rate);
    short[] clean = V17Line.transmit(rate, false, data, -14, 800);
    for (double ppm : new double[] {-100, 100}) {
      V17Line.Sink sink = receive(rate, V17Line.clock(clean, ppm), 160);
      int errors = V17Line.bitErrors(data, sink.last());
      System.out.printf("V17 loop %5d with %+.0f ppm sample clock: %d bit errors%n", rate, ppm, errors);
      assertEquals(0, errors, ppm + " ppm");
    }
  }

  @Test
  void steadyStateAllocatesNothing() {
    BitSource ones = () -> 1;
    V17Tx tx = new V17Tx(ones, 14400);
    long[] bits = {0};
    V17Rx rx = new V17Rx(new BitSink() {
      @Override
      public void putBit(int bit) {
        bits[0]++;
      }
    }, 14400);
    short[] block = new short[160];
    int[] count = {0};
    Runnable tick = () -> {
      tx.tx(block, 0, 160);
      if (++count[0] % 500 == 450) {
        rx.fillIn(160); // a lost packet in each window
      } else {
        rx.rx(block, 0, 160);
      }
    };
    SteadyStateAllocation a = SteadyStateAllocation.measure(tick, 200, 500); // 4 s warm-up: into the data
    assertTrue(bits[0] > 0);
    assertTrue(a.allButOneWindowBelow(1024), a.toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {7200, 9600, 12000, 14400})
  void recognisesTheRate(int rate) {
    // the receiver is started for another rate; segment 4 tells it the real one
    byte[] data = V17Line.payload(1000, 23 + rate);
    int other = rate == 14400 ? 7200 : 14400;
    V17Line.Sink sink = new V17Line.Sink();
    V17Rx rx = new V17Rx(sink, other);
    short[] pcm = V17Line.transmit(rate, false, data, -14, 800);
    rx.rx(pcm, 0, pcm.length);
    int errors = V17Line.bitErrors(data, sink.last());
    System.out.printf("V17Rx started at %5d, signal at %5d: recognised %d, %d bit errors%n", other, rate, rx.bitRate(), errors);
    assertEquals(rate, rx.bitRate());
    assertEquals(0, errors);
  }

  /**
   * In noise a denser lattice fits any signal about as well: a 7200 signal at 12 dB SNR must not be
   * taken for 14400 (before the fix it was, for 9 of these 20 seeds; at 13 dB for one training in
   * ten of spandsp's signals in ModemSweepIT), and the
   * fits the recognition compares with are those of the lattices: a square lattice of cell area A
   * fits points anywhere with a mean squared distance of A/6 (14400: A = 2; 12000: 4; 9600: 8;
   * 7200: 16).
   */
  @Test
  void noisyTrainingKeepsTheConfiguredRate() {
    assertEquals(2.0 / 6, V17Rx.anywhereFit(14400), 0.01);
    assertEquals(4.0 / 6, V17Rx.anywhereFit(12000), 0.01);
    assertEquals(8.0 / 6, V17Rx.anywhereFit(9600), 0.02);
    assertEquals(16.0 / 6, V17Rx.anywhereFit(7200), 0.02);
    for (long seed = 1; seed <= 20; seed++) {
      byte[] data = V17Line.payload(500, seed);
      short[] pcm = V17Line.addNoise(V17Line.transmit(7200, false, data, -14, 800), 12, seed);
      V17Line.Sink sink = new V17Line.Sink();
      V17Rx rx = new V17Rx(sink, 7200);
      rx.rx(pcm, 0, pcm.length);
      assertEquals(7200, rx.bitRate(), "seed " + seed);
    }
  }

  @Test
  void blockSizesDoNotMatter() {
    int rate = 14400;
    byte[] data = V17Line.payload(500, 29);
    short[] ref = V17Line.transmit(rate, false, data, -14, 800);
    // the transmitter one sample per call gives the same samples
    V17Tx tx = new V17Tx(V17Line.source(data), rate);
    short[] one = new short[ref.length];
    int p = 0;
    while (p < one.length && tx.tx(one, p, 1) == 1) {
      p++;
    }
    assertEquals(ref.length - 800, p);
    for (int i = 0; i < p; i++) {
      assertEquals(ref[i], one[i], "sample " + i);
    }
    assertEquals(0, tx.tx(one, 0, 10));
    for (int block : new int[] {1, 37, 8000}) {
      V17Line.Sink sink = receive(rate, ref, block);
      assertEquals(0, V17Line.bitErrors(data, sink.last()), "block " + block);
    }
  }

  /**
   * The second burst's carrier phase is wherever the first left the receiver's: from some noise
   * seeds a PLL started at phase 0 hung near 45 degrees and wound up a false frequency, and at
   * 14400 bit/s one short-trained burst in three was lost (seeds 14 to 17 among these).
   */
  @Test
  void shortTrainInNoise() {
    for (int rate : new int[] {9600, 14400}) {
      byte[] data = V17Line.payload(1000, 31 + rate);
      short[] pcm = V17Line.concat(V17Line.transmit(rate, false, new byte[0], -14, 600),
          V17Line.transmit(rate, true, data, -14, 800));
      for (long seed = 9; seed <= 18; seed++) {
        V17Line.Sink sink = receive(rate, V17Line.addNoise(pcm, 26, seed), 160);
        int errors = V17Line.bitErrors(data, sink.last());
        System.out.printf("V17 loop %5d short train at 26 dB SNR, seed %d: %d bit errors, %d bursts, events %s%n", rate,
            seed, errors, sink.bursts.size(), sink.events);
        assertEquals(2, sink.bursts.size(), "rate " + rate + " seed " + seed);
        assertEquals(0, errors, "rate " + rate + " seed " + seed);
      }
    }
  }

  /**
   * A short training is too short to learn a carrier offset again: the receiver keeps the one its
   * long training found (the same far-end modem sends both), as it keeps the equaliser. Without
   * that, every short-trained burst at 14400 bit/s and +-8 Hz was lost (spandsp's receiver loses
   * them too).
   */
  @Test
  void shortTrainWithCarrierAndClockOffsets() {
    int rate = 14400;
    byte[] data = V17Line.payload(1000, 77);
    short[] pcm = V17Line.concat(V17Line.transmit(rate, false, new byte[0], -14, 600),
        V17Line.transmit(rate, true, data, -14, 800));
    for (int sign : new int[] {-1, 1}) {
      short[] line = LineImpairment.apply(pcm, pcm.length, 8.0 * sign, 100.0 * sign);
      for (long seed = 1; seed <= 3; seed++) {
        V17Line.Sink sink = receive(rate, V17Line.addNoise(line, 26, seed), 160);
        String what = (8 * sign) + " Hz, " + (100 * sign) + " ppm, seed " + seed;
        assertEquals(2, sink.bursts.size(), what);
        assertEquals(0, V17Line.bitErrors(data, sink.last()), what);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {9600, 14400})
  void longTrainWhereShortExpected(int rate) {
    // after a successful long training the receiver expects a short one; a long one still works
    byte[] first = V17Line.payload(300, 37 + rate);
    byte[] data = V17Line.payload(1000, 41 + rate);
    short[] pcm = V17Line.concat(V17Line.transmit(rate, false, first, -14, 600),
        V17Line.transmit(rate, false, data, -14, 800));
    V17Line.Sink sink = receive(rate, pcm, 160);
    int errors = V17Line.bitErrors(data, sink.last());
    System.out.printf("V17 loop %5d long train after long: %d bit errors, %d bursts%n", rate, errors, sink.bursts.size());
    assertEquals(2, sink.bursts.size());
    assertEquals(0, V17Line.bitErrors(first, sink.bursts.get(0)));
    assertEquals(0, errors);
  }

  @ParameterizedTest
  @ValueSource(ints = {7200, 9600, 12000, 14400})
  void transmitLevelAndLengths(int rate) {
    byte[] data = V17Line.payload(2400, 43);
    short[] pcm = V17Line.transmit(rate, false, data, -14, 0);
    double train = 0;
    for (int i = 0; i < 10000; i++) {
      train += pcm[i] * (double) pcm[i];
    }
    double dbm0 = PowerMeter.meanSquareToDbm0(train / 10000, ModemRx.SILENCE_DBM0);
    assertEquals(-14.0, dbm0, 0.3, "training level");
    // long training 3344 symbols, data, turn-off 32 + 48 symbols; 2400 bytes are a whole number of symbols
    int symbols = 3344 + 2400 * 8 / (rate / 2400) + 32 + 48;
    assertEquals(symbols * 10 / 3, pcm.length, 2.0, "samples");
    short[] shortPcm = V17Line.transmit(rate, true, data, -14, 0);
    assertEquals(pcm.length - (3344 - 342) * 10 / 3, shortPcm.length, 2.0, "short training samples");
    System.out.printf("V17Tx %5d: training at %.2f dBm0, %d samples (%d symbols)%n", rate, dbm0, pcm.length, symbols);
  }

  @ParameterizedTest
  @ValueSource(ints = {9600, 14400})
  void combinedImpairments(int rate) {
    // ±8 Hz carrier offset with ±100 ppm sample clock, at -43 dBm0, 26 dB SNR
    byte[] data = V17Line.payload(2000, 47 + rate);
    for (double hz : new double[] {-8, 8}) {
      for (double ppm : new double[] {-100, 100}) {
        short[] pcm = V17Line.addNoise(
            V17Line.clock(V17Line.shift(V17Line.transmit(rate, false, data, -43, 800), hz), ppm), 26, 7);
        V17Line.Sink sink = receive(rate, pcm, 160);
        int errors = V17Line.bitErrors(data, sink.last());
        System.out.printf("V17 loop %5d %+.0f Hz %+.0f ppm -43 dBm0 26 dB SNR: %d bit errors%n", rate, hz, ppm, errors);
        assertEquals(0, errors, hz + " Hz " + ppm + " ppm");
      }
    }
  }
}
