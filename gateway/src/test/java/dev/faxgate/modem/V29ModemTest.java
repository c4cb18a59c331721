package dev.faxgate.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.dsp.PowerMeter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** V.29 loop tests: V29Tx -> V29Rx clean, with noise, levels, a carrier offset and a lost frame. */
class V29ModemTest {
  @ParameterizedTest
  @ValueSource(ints = {9600, 7200})
  void cleanLoop(int rate) {
    byte[] data = V29Line.payload(2000, rate);
    V29Line.Result r = V29Line.receive(rate, V29Line.transmit(rate, data, -14, 0, 100), 160, -1);
    System.out.println("V29 clean " + rate + ": " + r + " errors " + r.bitErrors(data));
    assertEquals(0, r.bitErrors(data), r.toString());
    assertEquals(rate, r.rate);
    assertEquals(ModemStatus.CARRIER_UP, r.events.get(0));
    assertTrue(r.events.contains(ModemStatus.TRAINING_SUCCEEDED), r.toString());
    assertEquals(ModemStatus.CARRIER_DOWN, r.events.get(r.events.size() - 1), r.toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {9600, 7200})
  void rateRecognisedWhateverWasExpected(int rate) {
    byte[] data = V29Line.payload(500, 7);
    int other = rate == 9600 ? 7200 : 9600;
    V29Line.Result r = V29Line.receive(other, V29Line.transmit(rate, data, -14, 0, 50), 1, -1);
    assertEquals(rate, r.rate, r.toString());
    assertEquals(0, r.bitErrors(data), r.toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {9600, 7200})
  void levelsAndCarrierOffset(int rate) {
    byte[] data = V29Line.payload(1000, 3);
    for (double level : new double[] {-10, -26, -43}) {
      for (double off : new double[] {-7, 0, 7}) {
        V29Line.Result r = V29Line.receive(rate, V29Line.transmit(rate, data, level, off, 100), 160, -1);
        System.out.println("V29 " + rate + " level " + level + " offset " + off + ": errors " + r.bitErrors(data));
        assertEquals(0, r.bitErrors(data), level + " dBm0 " + off + " Hz: " + r);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {9600, 7200})
  void sampleClockOffset(int rate) {
    byte[] data = V29Line.payload(6000, 21);
    for (double ppm : new double[] {-100, 100}) {
      short[] s = V29Line.clockOffset(V29Line.transmit(rate, data, -14, 5, 100), ppm);
      V29Line.Result r = V29Line.receive(rate, s, 160, -1);
      System.out.println("V29 " + rate + " clock " + ppm + " ppm, +5 Hz: " + r + " errors " + r.bitErrors(data));
      assertEquals(0, r.bitErrors(data), ppm + " ppm: " + r);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {9600, 7200})
  void noise(int rate) {
    byte[] data = V29Line.payload(3000, 11);
    short[] clean = V29Line.transmit(rate, data, -14, 0, 100);
    StringBuilder table = new StringBuilder("V29 " + rate + " BER vs SNR:");
    int errAt25 = -1;
    for (int snr : new int[] {30, 25, 22, 20, 18, 16, 14, 12}) {
      long bits = 0;
      long errs = 0;
      int failed = 0;
      for (int seed = 1; seed <= 3; seed++) {
        V29Line.Result r = V29Line.receive(rate, V29Line.addNoise(clean, snr, seed * 77L + snr), 160, -1);
        if (!r.events.contains(ModemStatus.TRAINING_SUCCEEDED)) {
          failed++;
          continue;
        }
        bits += data.length * 8L;
        errs += r.bitErrors(data);
      }
      if (snr == 25) {
        errAt25 = (int) errs + failed * 1000000;
      }
      table.append(String.format(" | %d dB: BER %.2e (%d/%d, %d trainings failed)", snr,
          bits == 0 ? 1.0 : (double) errs / bits, errs, bits, failed));
    }
    System.out.println(table);
    assertEquals(0, errAt25, table.toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {9600, 7200})
  void lostFrameKeepsLock(int rate) {
    byte[] data = V29Line.payload(4000, 5);
    short[] s = V29Line.transmit(rate, data, -14, 0, 100);
    int lost = 800 + 2400 + 8000; // one 20 ms frame well inside the payload
    V29Line.Result r = V29Line.receive(rate, s, 160, lost);
    int errs = r.bitErrors(data);
    System.out.println("V29 " + rate + " lost frame: " + r + " errors " + errs);
    assertTrue(r.events.contains(ModemStatus.TRAINING_SUCCEEDED), r.toString());
    assertEquals(1, r.events.stream().filter(e -> e == ModemStatus.CARRIER_DOWN).count(), r.toString());
    // the gap costs its own bits and a few after it, no more
    assertTrue(errs < 20 * rate / 1000 + 400, "errors " + errs);
    assertEquals(data.length * 8, Math.min(r.bits.size(), data.length * 8));
  }

  @Test
  void noiseAndSilenceDeliverNothing() {
    short[] s = new short[24000];
    V29Line.Result quiet = V29Line.receive(9600, s, 160, -1);
    assertTrue(quiet.events.isEmpty(), quiet.toString());
    new dev.faxgate.dsp.AwgnGenerator(5, Math.sqrt(PowerMeter.dbm0ToMeanSquare(-30))).addTo(s, 0, s.length);
    V29Line.Result noisy = V29Line.receive(9600, s, 160, -1);
    assertTrue(!noisy.events.contains(ModemStatus.TRAINING_SUCCEEDED) && noisy.bits.isEmpty(), noisy.toString());
  }
}
