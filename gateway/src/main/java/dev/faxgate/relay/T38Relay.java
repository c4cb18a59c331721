package dev.faxgate.relay;

import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.udptl.IfpCategory;
import dev.faxgate.udptl.UdptlErrorCorrection;
import dev.faxgate.udptl.UdptlReceiver;
import dev.faxgate.udptl.UdptlSender;
import java.util.Map;

/**
 * UDPTL to UDPTL, for the t38-relay mode. Each leg's datagrams are received with recovery from
 * redundancy and FEC, their IFPs taken in sequence order, re-encoded in the other leg's T.38
 * version (1998 or 2002 ASN.1), and sent with the other leg's error recovery, each datagram
 * within that leg's maximum size. Datagrams go out on the tick that follows their arrival.
 */
public final class T38Relay implements MediaProcessor {
  /** Ticks (300 ms) without a datagram after which gaps still held are given up. */
  public static final int FLUSH_TICKS = 15;

  /** How one leg speaks T.38. */
  public record LegConfig(int version, UdptlErrorCorrection ec, int depthIndicator, int depthControl, int depthImage,
      int fecSpan, int fecEntries, int maxDatagram) {}

  private final int[] version = new int[2];
  private final UdptlReceiver[] receiver = new UdptlReceiver[2];
  private final UdptlSender[] sender = new UdptlSender[2];
  private final int[] quietTicks = new int[2];
  private final long[] untranslatable = new long[2];
  private final long[] tooLarge = new long[2];
  private final IfpPacket ifp = new IfpPacket();
  private final byte[] encoded = new byte[UdptlReceiver.DEFAULT_MAX_IFP + 64];
  private final byte[] datagram;
  private final DatagramQueue queue = new DatagramQueue();

  public T38Relay(LegConfig a, LegConfig b) {
    LegConfig[] legs = {a, b};
    datagram = new byte[Math.max(a.maxDatagram(), b.maxDatagram())];
    for (int leg = 0; leg < 2; leg++) {
      LegConfig c = legs[leg];
      version[leg] = c.version();
      int to = 1 - leg;
      receiver[leg] = new UdptlReceiver(c.version(), (seq, buf, off, len) -> forward(to, buf, off, len));
      UdptlSender s = new UdptlSender().setErrorCorrection(c.ec()).setMaxDatagram(c.maxDatagram());
      s.setRedundancyDepth(IfpCategory.INDICATOR, c.depthIndicator())
          .setRedundancyDepth(IfpCategory.CONTROL, c.depthControl())
          .setRedundancyDepth(IfpCategory.IMAGE, c.depthImage());
      if (c.ec() == UdptlErrorCorrection.FEC) {
        s.setFec(c.fecSpan(), c.fecEntries());
      }
      sender[leg] = s;
    }
  }

  @Override
  public void receive(int leg, byte[] buf, int off, int len, int arrival) {
    quietTicks[leg] = 0;
    receiver[leg].rx(buf, off, len);
  }

  /** An IFP from the other leg, in order: re-encode it for leg {@code to} and queue its datagram. */
  private void forward(int to, byte[] buf, int off, int len) {
    int from = 1 - to;
    byte[] ifpBytes = buf;
    int ifpOff = off;
    int ifpLen = len;
    if ((version[from] == 0) != (version[to] == 0)) {
      // 1998 and 2002 ASN.1 differ; versions 1 to 3 share the 2002 one, so their bytes pass as they are
      int status = IfpCodec.decode(buf, off, len, version[from], ifp);
      int n = status == IfpCodec.OK ? IfpCodec.encode(ifp, version[to], encoded, 0) : status;
      if (n <= 0) {
        untranslatable[from]++; // cannot be put into the other ASN.1: dropping beats passing it on garbled
        return;
      }
      ifpBytes = encoded;
      ifpOff = 0;
      ifpLen = n;
    }
    int d = sender[to].build(ifpBytes, ifpOff, ifpLen, datagram, 0);
    if (d > 0) {
      queue.add(to, datagram, 0, d);
    } else {
      tooLarge[to]++;
    }
  }

  @Override
  public void tick(DatagramSink out) {
    for (int leg = 0; leg < 2; leg++) {
      if (++quietTicks[leg] == FLUSH_TICKS) {
        receiver[leg].flush();
      }
    }
    queue.drainTo(out);
  }

  @Override
  public Map<String, Object> legStats(int leg) {
    Map<String, Object> m = LegStats.udptl(receiver[leg], sender[leg]);
    m.put("untranslatable", untranslatable[leg]);
    m.put("tooLarge", tooLarge[leg]);
    return m;
  }
}
