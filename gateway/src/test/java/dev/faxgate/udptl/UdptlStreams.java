package dev.faxgate.udptl;

import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38DataType;
import dev.faxgate.t38.T38FieldType;
import dev.faxgate.t38.T38Indicator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test helpers: fax-like IFP streams, their datagrams, and a receiver that records what it hands on. */
final class UdptlStreams {
  private UdptlStreams() {
  }

  /**
   * {@code n} encoded IFPs: indicators, V.21 HDLC pieces, data-less HDLC ends, and fast-modem
   * data of 1..60 octets, often ending in (or made only of) zero octets, which FEC padding must
   * not eat.
   */
  static List<byte[]> ifps(int n, int version, long seed) {
    Random r = new Random(seed);
    IfpPacket p = new IfpPacket();
    byte[] enc = new byte[100];
    byte[] data = new byte[60];
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 1 + r.nextInt(60);
      for (int k = 0; k < len; k++) {
        data[k] = r.nextInt(3) == 0 ? 0 : (byte) r.nextInt(256);
      }
      if (r.nextBoolean()) {
        java.util.Arrays.fill(data, len / 2, len, (byte) 0);
      }
      switch (r.nextInt(4)) {
        case 0 -> p.setIndicator(T38Indicator.fromPer(false, r.nextInt(16)));
        case 1 -> p.setData(T38DataType.V21).addField(T38FieldType.HDLC_DATA, data, 0, 1 + len % 8);
        case 2 -> p.setData(T38DataType.V21).addField(T38FieldType.fromPer(false, 1 + r.nextInt(5)));
        default -> p.setData(T38DataType.fromPer(false, 1 + r.nextInt(8)))
            .addField(T38FieldType.T4_NON_ECM_DATA, data, 0, len);
      }
      int m = IfpCodec.encode(p, version, enc, 0);
      out.add(java.util.Arrays.copyOf(enc, m));
    }
    return out;
  }

  /** The datagrams {@code tx} builds for {@code ifps}. */
  static List<byte[]> datagrams(UdptlSender tx, List<byte[]> ifps) {
    byte[] buf = new byte[2000];
    List<byte[]> out = new ArrayList<>();
    for (byte[] ifp : ifps) {
      int n = tx.build(ifp, 0, ifp.length, buf, 0);
      if (n < 0) {
        throw new AssertionError("build " + n);
      }
      out.add(java.util.Arrays.copyOf(buf, n));
    }
    return out;
  }

  /** Records (seq, IFP) pairs as they are handed on. */
  static final class Sink implements UdptlReceiver.IfpSink {
    final List<Integer> seqs = new ArrayList<>();
    final List<byte[]> ifps = new ArrayList<>();

    @Override
    public void onIfp(int seq, byte[] buf, int off, int len) {
      seqs.add(seq);
      ifps.add(java.util.Arrays.copyOfRange(buf, off, off + len));
    }
  }
}
