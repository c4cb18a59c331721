package dev.faxgate.modem;

import dev.faxgate.dsp.AwgnGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Helpers for the V.29 tests: payloads, the transmitter into a sample array, the receiver over one. */
final class V29Line {
  private V29Line() {}

  static byte[] payload(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Bits of {@code data}, LSB first per byte, then END_OF_DATA. */
  static BitSource source(byte[] data) {
    return new PayloadBits(data);
  }

  /** The burst for {@code data} at {@code rate}, with {@code leadMs} of silence before and 200 ms after. */
  static short[] transmit(int rate, byte[] data, double level, double freqOffset, int leadMs) {
    V29Tx tx = new V29Tx(rate, source(data));
    tx.power(level);
    tx.frequencyOffset(freqOffset);
    int lead = leadMs * 8;
    short[] buf = new short[lead + data.length * 8 * 8000 / rate + 8000 + 1600];
    int n = lead;
    int got;
    while ((got = tx.tx(buf, n, Math.min(160, buf.length - n))) > 0) {
      n += got;
    }
    short[] out = new short[n + 1600];
    System.arraycopy(buf, 0, out, 0, n);
    return out;
  }

  /** The samples resampled for a sample clock off by {@code ppm} (windowed-sinc interpolation, 32 taps). */
  static short[] clockOffset(short[] in, double ppm) {
    double step = 1.0 + ppm * 1e-6;
    int half = 16;
    int n = (int) ((in.length - half - 1) / step);
    short[] out = new short[n];
    for (int i = 0; i < n; i++) {
      double t = i * step;
      int k = (int) t;
      double acc = 0;
      for (int j = k - half + 1; j <= k + half; j++) {
        if (j < 0 || j >= in.length) {
          continue;
        }
        double d = t - j;
        double w = 0.5 * (1 + Math.cos(Math.PI * d / half));
        double sinc = Math.abs(d) < 1e-12 ? 1.0 : Math.sin(Math.PI * d) / (Math.PI * d);
        acc += in[j] * sinc * w;
      }
      out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(acc)));
    }
    return out;
  }

  static short[] addNoise(short[] in, double snrDb, long seed) {
    double ms = 0;
    int cnt = 0;
    for (short s : in) {
      if (s != 0) {
        ms += (double) s * s;
        cnt++;
      }
    }
    double rms = Math.sqrt(ms / Math.max(1, cnt));
    AwgnGenerator g = new AwgnGenerator(seed, AwgnGenerator.rmsForSnr(rms, snrDb));
    short[] out = in.clone();
    g.addTo(out, 0, out.length);
    return out;
  }

  /** What a receiver delivered. */
  static final class Result {
    final List<ModemStatus> events = new ArrayList<>();
    final List<Integer> bits = new ArrayList<>();
    int rate;

    /** Bit errors of the first {@code data.length * 8} bits (missing bits count as errors). */
    int bitErrors(byte[] data) {
      int err = 0;
      for (int i = 0; i < data.length * 8; i++) {
        int want = (data[i >> 3] >> (i & 7)) & 1;
        if (i >= bits.size() || bits.get(i) != want) {
          err++;
        }
      }
      return err;
    }

    byte[] bytes(int n) {
      byte[] b = new byte[n];
      for (int i = 0; i < n * 8 && i < bits.size(); i++) {
        b[i >> 3] |= (byte) (bits.get(i) << (i & 7));
      }
      return b;
    }

    @Override
    public String toString() {
      return "rate " + rate + " events " + events + " bits " + bits.size();
    }
  }

  static Result receive(int rate, short[] samples, int block, int lostFrameAt) {
    Result r = new Result();
    V29Rx[] holder = new V29Rx[1];
    BitSink sink = new BitSink() {
      @Override
      public void putBit(int bit) {
        r.bits.add(bit);
      }

      @Override
      public void status(ModemStatus s) {
        r.events.add(s);
        if (s == ModemStatus.TRAINING_SUCCEEDED) {
          r.rate = holder[0].bitRate();
        }
      }
    };
    V29Rx rx = new V29Rx(rate, sink);
    holder[0] = rx;
    for (int i = 0; i < samples.length; i += block) {
      int len = Math.min(block, samples.length - i);
      if (lostFrameAt >= 0 && i >= lostFrameAt && i < lostFrameAt + 160) {
        rx.fillIn(len);
      } else {
        rx.rx(samples, i, len);
      }
    }
    return r;
  }
}
