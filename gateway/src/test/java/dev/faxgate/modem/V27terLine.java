package dev.faxgate.modem;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Helpers of the V.27ter tests: payloads, transmitting to a buffer, receiving from one. */
final class V27terLine {
  private V27terLine() {}

  static byte[] payload(int bytes, long seed) {
    byte[] p = new byte[bytes];
    new Random(seed).nextBytes(p);
    return p;
  }

  /** A source that sends {@code payload} LSB first per byte. */
  static BitSource source(byte[] payload) {
    return new PayloadBits(payload);
  }

  /** Runs a transmitter to its end in 160-sample blocks, then {@code tailSamples} of silence. */
  static short[] transmit(V27terTx tx, int tailSamples) {
    short[] buf = new short[16000];
    int len = 0;
    while (true) {
      if (buf.length - len < 160) {
        buf = java.util.Arrays.copyOf(buf, buf.length * 2);
      }
      int k = tx.tx(buf, len, 160);
      len += k;
      if (k < 160) {
        break;
      }
    }
    return java.util.Arrays.copyOf(buf, len + tailSamples);
  }

  /** What a receiver delivered. */
  static final class Result implements BitSink {
    final List<Integer> bits = new ArrayList<>();
    final List<ModemStatus> events = new ArrayList<>();

    @Override
    public void putBit(int bit) {
      bits.add(bit);
    }

    @Override
    public void status(ModemStatus status) {
      events.add(status);
    }

    /** Bit errors against {@code payload} (missing bits count as errors). */
    int bitErrors(byte[] payload) {
      int errors = 0;
      for (int i = 0; i < payload.length * 8; i++) {
        int want = (payload[i >> 3] >> (i & 7)) & 1;
        if (i >= bits.size() || bits.get(i) != want) {
          errors++;
        }
      }
      return errors;
    }
  }

  static Result receive(int rate, short[] signal, int block) {
    Result r = new Result();
    V27terRx rx = new V27terRx(rate, r);
    for (int i = 0; i < signal.length; i += block) {
      rx.rx(signal, i, Math.min(block, signal.length - i));
    }
    return r;
  }
}
