package dev.faxgate.modem;

import dev.faxgate.hdlc.HdlcFrameHandler;
import dev.faxgate.hdlc.HdlcRx;
import dev.faxgate.hdlc.HdlcTx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Test line model and harness for V.21: frames through HdlcTx and V21Tx at a level and carrier
 * offset, silence around the burst, white Gaussian noise over the whole signal with faxpeer's SNR
 * definition (20 log10 of signal RMS over noise RMS, the signal RMS measured over the burst), then
 * V21Rx and HdlcRx in 160-sample blocks.
 */
final class V21Line {
  /** T.30 frames in line (LSB-first) order, 3..40 octets: NSF, CSI, DIS, TSI, DCS, CFR, MCF, DCN. */
  static final List<byte[]> T30_FRAMES = List.of(
      frame(0xFF, 0x03, 0x20, 0x00, 0x00, 0xAD, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B,
          0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D,
          0x1E, 0x1F, 0x20, 0x21, 0x22),
      frame(0xFF, 0x03, 0x40, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0C, 0x8C, 0x0C, 0x0C, 0x04,
          0xAC, 0xAC, 0xAC, 0x04, 0x8C, 0xD4),
      frame(0xFF, 0x13, 0x80, 0x00, 0xEE, 0xF8, 0x80, 0x80, 0x91, 0x80, 0x80, 0x80, 0x18),
      frame(0xFF, 0x03, 0x43, 0x04, 0x04, 0x04, 0x04, 0x0C, 0x0C, 0x0C, 0x0C, 0x2C, 0x04, 0x9C, 0xEC, 0x9C, 0x04,
          0x0C, 0x4C, 0x04, 0x2C, 0x2C, 0xD4),
      frame(0xFF, 0x13, 0x83, 0x00, 0xC6, 0xB8, 0x00, 0x00, 0x01),
      frame(0xFF, 0x13, 0x84),
      frame(0xFF, 0x13, 0x8C),
      frame(0xFF, 0x13, 0xFA));

  static byte[] frame(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  private V21Line() {}

  /** The modulated burst of {@code frames}, with {@code lead} samples of silence before and 200 ms after. */
  static short[] transmit(V21Channel ch, List<byte[]> frames, double levelDbm0, double offsetHz, int lead) {
    HdlcTx hdlc = new HdlcTx();
    int[] next = {0};
    hdlc.frameSource(t -> {
      if (next[0] < frames.size()) {
        byte[] f = frames.get(next[0]++);
        t.sendFrame(f, 0, f.length);
      } else {
        t.end();
      }
    });
    byte[] first = frames.get(next[0]++);
    hdlc.sendFrame(first, 0, first.length);
    V21Tx tx = new V21Tx(ch, hdlc);
    tx.power(levelDbm0);
    tx.frequencyOffset(offsetHz);
    short[] out = new short[lead + 60 * 8000];
    int n = lead;
    for (int got = 160; got == 160; ) {
      got = tx.tx(out, n, 160);
      n += got;
    }
    return Arrays.copyOf(out, n + 1600);
  }

  /** Adds noise at {@code snrDb} below the RMS of the non-zero part of {@code pcm}. */
  static short[] addNoise(short[] pcm, double snrDb, long seed) {
    int start = 0;
    while (start < pcm.length && pcm[start] == 0) {
      start++;
    }
    int end = pcm.length;
    while (end > start && pcm[end - 1] == 0) {
      end--;
    }
    double acc = 0;
    for (int i = start; i < end; i++) {
      acc += (double) pcm[i] * pcm[i];
    }
    double noiseRms = Math.sqrt(acc / (end - start)) / Math.pow(10, snrDb / 20);
    Random r = new Random(seed);
    short[] out = new short[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      long v = Math.round(pcm[i] + noiseRms * r.nextGaussian());
      out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }
    return out;
  }

  /** What the receive chain made of a signal. */
  static final class Result implements HdlcFrameHandler, BitSink {
    final List<byte[]> good = new ArrayList<>();
    int bad;
    final List<ModemStatus> events = new ArrayList<>();
    HdlcRx hdlc;

    @Override
    public void frame(byte[] frame, int len, boolean crcOk) {
      if (crcOk) {
        good.add(Arrays.copyOf(frame, len));
      } else {
        bad++;
      }
    }

    @Override
    public void status(ModemStatus status) {
      events.add(status);
    }

    @Override
    public void putBit(int bit) {
      hdlc.putBit(bit);
    }

    boolean allOf(List<byte[]> frames) {
      if (good.size() != frames.size()) {
        return false;
      }
      for (int i = 0; i < frames.size(); i++) {
        if (!Arrays.equals(frames.get(i), good.get(i))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return "good=" + good.size() + " bad=" + bad + " events=" + events;
    }
  }

  /** Receives {@code pcm} in 160-sample blocks. */
  static Result receive(V21Channel ch, short[] pcm, double cutoffDbm0) {
    Result r = new Result();
    r.hdlc = new HdlcRx(r);
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
    rx.signalCutoff(cutoffDbm0);
    for (int i = 0; i < pcm.length; i += 160) {
      rx.rx(pcm, i, Math.min(160, pcm.length - i));
    }
    return r;
  }
}
