package dev.faxgate.modem;

import dev.faxgate.dsp.AwgnGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test helpers for V.17: payloads, transmit to samples, receive to bytes, PCM files, noise. */
final class V17Line {
  private V17Line() {}

  static byte[] payload(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Bits of {@code data}, LSB first per byte. */
  static BitSource source(byte[] data) {
    return new PayloadBits(data);
  }

  /** Long (or short) training, the payload, the turn-off, then {@code idleSamples} of silence. */
  static short[] transmit(int rate, boolean shortTrain, byte[] data, double level, int idleSamples) {
    V17Tx tx = new V17Tx(source(data), rate);
    tx.power(level);
    tx.restart(rate, shortTrain);
    List<short[]> chunks = new ArrayList<>();
    int total = 0;
    while (true) {
      short[] buf = new short[160];
      int n = tx.tx(buf, 0, buf.length);
      if (n > 0) {
        short[] c = new short[n];
        System.arraycopy(buf, 0, c, 0, n);
        chunks.add(c);
        total += n;
      }
      if (n < buf.length) {
        break;
      }
    }
    short[] out = new short[total + idleSamples];
    int p = 0;
    for (short[] c : chunks) {
      System.arraycopy(c, 0, out, p, c.length);
      p += c.length;
    }
    return out;
  }

  static short[] concat(short[]... parts) {
    int n = 0;
    for (short[] s : parts) {
      n += s.length;
    }
    short[] out = new short[n];
    int p = 0;
    for (short[] s : parts) {
      System.arraycopy(s, 0, out, p, s.length);
      p += s.length;
    }
    return out;
  }

  static short[] addNoise(short[] clean, double snrDb, long seed) {
    double sum = 0;
    int cnt = 0;
    for (short s : clean) {
      if (s != 0) {
        sum += (double) s * s;
        cnt++;
      }
    }
    double rms = Math.sqrt(sum / Math.max(1, cnt));
    AwgnGenerator g = new AwgnGenerator(seed, AwgnGenerator.rmsForSnr(rms, snrDb));
    short[] out = clean.clone();
    g.addTo(out, 0, out.length);
    return out;
  }

  /** Collects bits after each TRAINING_SUCCEEDED, packed LSB first. */
  static final class Sink implements BitSink {
    final List<ModemStatus> events = new ArrayList<>();
    final List<byte[]> bursts = new ArrayList<>();
    private byte[] cur;
    private int nbits;

    @Override
    public void putBit(int bit) {
      if (cur == null) {
        return;
      }
      if ((nbits >> 3) >= cur.length) {
        cur = java.util.Arrays.copyOf(cur, cur.length * 2);
      }
      if (bit != 0) {
        cur[nbits >> 3] |= (byte) (1 << (nbits & 7));
      }
      nbits++;
    }

    @Override
    public void status(ModemStatus s) {
      events.add(s);
      if (s == ModemStatus.TRAINING_SUCCEEDED) {
        finish();
        cur = new byte[1024];
        nbits = 0;
      } else if (s == ModemStatus.CARRIER_DOWN) {
        finish();
      }
    }

    void finish() {
      if (cur != null) {
        bursts.add(java.util.Arrays.copyOf(cur, nbits >> 3));
        cur = null;
      }
    }

    byte[] last() {
      finish();
      return bursts.isEmpty() ? new byte[0] : bursts.get(bursts.size() - 1);
    }
  }

  /** Bit errors between {@code expected} and the first expected.length bytes of {@code got}. */
  static int bitErrors(byte[] expected, byte[] got) {
    int e = 0;
    for (int i = 0; i < expected.length; i++) {
      int g = i < got.length ? got[i] : ~expected[i];
      e += Integer.bitCount((expected[i] ^ g) & 0xFF);
    }
    return e;
  }

  static void writePcm(Path p, short[] s) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short v : s) {
      b.putShort(v);
    }
    Files.write(p, b.array());
  }

  static short[] readPcm(Path p) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    short[] s = new short[b.remaining() / 2];
    for (int i = 0; i < s.length; i++) {
      s[i] = b.getShort();
    }
    return s;
  }

  /** Shifts the spectrum of a real signal by {@code hz} (single-sideband, Hilbert FIR). */
  static short[] shift(short[] x, double hz) {
    int half = 64;
    double[] h = new double[2 * half + 1];
    for (int k = -half; k <= half; k++) {
      if ((k & 1) != 0) {
        double w = 0.54 + 0.46 * Math.cos(Math.PI * k / half);
        h[k + half] = 2.0 / (Math.PI * k) * w;
      }
    }
    short[] out = new short[x.length];
    for (int n = 0; n < x.length; n++) {
      double q = 0;
      for (int k = -half; k <= half; k++) {
        int i = n - k;
        if (i >= 0 && i < x.length && h[k + half] != 0) {
          q += h[k + half] * x[i];
        }
      }
      double a = 2 * Math.PI * hz * n / 8000.0;
      double v = x[n] * Math.cos(a) - q * Math.sin(a);
      out[n] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
    }
    return out;
  }

  /** Resamples as if the sender's clock ran {@code ppm} fast (windowed-sinc interpolation). */
  static short[] clock(short[] x, double ppm) {
    double ratio = 1.0 + ppm * 1e-6; // input samples per output sample
    int outLen = (int) ((x.length - 40) / ratio);
    short[] out = new short[outLen];
    int half = 16;
    for (int n = 0; n < outLen; n++) {
      double t = n * ratio;
      int i0 = (int) Math.floor(t);
      double acc = 0;
      for (int k = i0 - half + 1; k <= i0 + half; k++) {
        if (k < 0 || k >= x.length) {
          continue;
        }
        double d = t - k;
        double sinc = Math.abs(d) < 1e-12 ? 1.0 : Math.sin(Math.PI * d) / (Math.PI * d);
        double w = 0.5 + 0.5 * Math.cos(Math.PI * d / half);
        acc += x[k] * sinc * w;
      }
      out[n] = (short) Math.max(-32768, Math.min(32767, Math.round(acc)));
    }
    return out;
  }
}
