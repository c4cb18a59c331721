package dev.faxgate.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38DataType;
import dev.faxgate.t38.T38FieldType;
import dev.faxgate.t38.T38Indicator;
import dev.faxgate.udptl.UdptlErrorCorrection;
import dev.faxgate.udptl.UdptlPacket;
import dev.faxgate.udptl.UdptlReceiver;
import dev.faxgate.udptl.UdptlSender;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * T38Relay in memory: T.38 version 0 with redundancy in, version 3 with parity FEC out; a lost
 * datagram comes back from the redundancy, and every IFP leaves once, in order, with the same content.
 */
class T38RelayTest {

  private static List<IfpPacket> ifps() {
    byte[] dis = {(byte) 0xFF, 0x13, (byte) 0x80, 0x00, (byte) 0xEE, (byte) 0xF8, (byte) 0x80};
    byte[] image = new byte[120];
    Arrays.fill(image, (byte) 0x5A);
    return List.of(
        new IfpPacket().setIndicator(T38Indicator.CED),
        new IfpPacket().setIndicator(T38Indicator.V21_PREAMBLE),
        new IfpPacket().setData(T38DataType.V21).addField(T38FieldType.HDLC_DATA, dis, 0, dis.length),
        new IfpPacket().setData(T38DataType.V21).addField(T38FieldType.HDLC_FCS_OK_SIG_END),
        new IfpPacket().setIndicator(T38Indicator.V17_14400_LONG_TRAINING),
        new IfpPacket().setData(T38DataType.V17_14400).addField(T38FieldType.T4_NON_ECM_DATA, image, 0, image.length),
        new IfpPacket().setData(T38DataType.V17_14400).addField(T38FieldType.T4_NON_ECM_SIG_END, image, 0, 40),
        new IfpPacket().setIndicator(T38Indicator.NO_SIGNAL));
  }

  @Test
  void translatesVersionAndErrorRecoveryAndRecoversALoss() {
    T38Relay relay = new T38Relay(
        new T38Relay.LegConfig(0, UdptlErrorCorrection.REDUNDANCY, 3, 3, 3, 3, 3, 1400),
        new T38Relay.LegConfig(3, UdptlErrorCorrection.FEC, 3, 3, 3, 2, 2, 1400));
    List<IfpPacket> sent = ifps();
    UdptlSender farA = new UdptlSender().setErrorCorrection(UdptlErrorCorrection.REDUNDANCY).setRedundancyDepth(3);
    byte[] ifp = new byte[512];
    byte[] datagram = new byte[2048];
    List<byte[]> out = new ArrayList<>();
    DatagramSink sink = (leg, buf, off, len) -> {
      assertEquals(MediaProcessor.LEG_B, leg);
      out.add(Arrays.copyOfRange(buf, off, off + len));
    };
    for (int i = 0; i < sent.size(); i++) {
      int n = IfpCodec.encode(sent.get(i), 0, ifp, 0);
      int d = farA.build(ifp, 0, n, datagram, 0);
      if (i != 3) { // the fcs-OK-sig-end datagram is lost on the way
        relay.receive(MediaProcessor.LEG_A, datagram, 0, d, 0);
      }
      relay.tick(sink);
    }
    assertEquals(sent.size(), out.size(), "one datagram per IFP, the lost one included");
    List<IfpPacket> received = new ArrayList<>();
    UdptlReceiver farB = new UdptlReceiver(3, (seq, buf, off, len) -> {
      IfpPacket p = new IfpPacket();
      assertEquals(IfpCodec.OK, IfpCodec.decode(Arrays.copyOfRange(buf, off, off + len), 0, len, 3, p));
      received.add(p);
    });
    UdptlPacket view = new UdptlPacket(UdptlPacket.DEFAULT_MAX_SECONDARIES);
    for (byte[] d : out) {
      assertEquals(UdptlPacket.OK, view.decode(d, 0, d.length));
      assertTrue(view.isFec() || view.seq() < 2, "FEC on leg b (it winds up over the first datagrams)");
      farB.rx(d, 0, d.length);
    }
    farB.flush();
    assertEquals(sent.size(), received.size());
    for (int i = 0; i < sent.size(); i++) {
      assertTrue(sent.get(i).sameContent(received.get(i)), i + ": " + sent.get(i) + " vs " + received.get(i));
    }
    assertEquals(1L, relay.legStats(MediaProcessor.LEG_A).get("recoveredRedundancy"));
    assertEquals(0L, relay.legStats(MediaProcessor.LEG_A).get("lost"));
  }
}
