package dev.faxgate.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.RtpPacer;
import dev.faxgate.rtp.RtpPacket;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38Indicator;
import dev.faxgate.udptl.UdptlSender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A leg that is only listened to: what a T.38 leg's IFPs show, and an RTP leg's audio played to the tap. */
class FaxListenerTest {
  private final UdptlSender sender = new UdptlSender();
  private final byte[] ifp = new byte[64];
  private final byte[] datagram = new byte[256];

  @Test
  void aT38LegShowsItsArrivalThenTheIndicatorsOfTheToneItCarries() {
    FaxListener listener = FaxListener.udptl(0);
    assertEquals(0, listener.t38Signals());
    send(listener, T38Indicator.NO_SIGNAL);
    assertEquals(FaxListener.T38_ARRIVED, listener.t38Signals());
    send(listener, T38Indicator.CNG);
    send(listener, T38Indicator.V21_PREAMBLE);
    assertEquals(FaxListener.T38_ARRIVED | FaxListener.T38_CNG | FaxListener.T38_V21_PREAMBLE, listener.t38Signals());
    listener.tick((leg, buf, off, len) -> {
      throw new AssertionError("a listener sends nothing");
    });
    assertEquals(3L, listener.legStats(MediaProcessor.LEG_A).get("received"));
  }

  @Test
  void garbageIsNotT38() {
    FaxListener listener = FaxListener.udptl(0);
    byte[] junk = {0, 0, 5, 1, 2, 3, 4, 5, 0, 0};
    listener.receive(MediaProcessor.LEG_A, junk, 0, junk.length, 0);
    assertEquals(0, listener.t38Signals());
  }

  @Test
  void anRtpLegIsPlayedToTheTapFrameByFrameAndNothingIsSent() {
    FaxListener listener = FaxListener.rtp(G711.PT_PCMU, 1);
    List<Byte> heard = new ArrayList<>();
    listener.tapAudio((leg, g711, off, len) -> {
      assertEquals(MediaProcessor.LEG_A, leg);
      assertEquals(160, len);
      heard.add(g711[off]);
    });
    RtpPacer pacer = new RtpPacer(7, G711.PT_PCMU, 100, 1000);
    byte[] packet = new byte[RtpPacket.HEADER_SIZE + 160];
    DatagramSink none = (leg, buf, off, len) -> {
      throw new AssertionError("a listener sends nothing");
    };
    for (int i = 0; i < 10; i++) {
      int header = pacer.next(packet, 0);
      java.util.Arrays.fill(packet, header, header + 160, (byte) (0x10 + i));
      listener.receive(MediaProcessor.LEG_A, packet, 0, header + 160, i * 160);
      listener.tick(none);
    }
    assertEquals(10, heard.size(), "one frame per tick");
    assertEquals((byte) 0x10, heard.get(1), "the first packet, after the one frame of playout delay");
    assertEquals(0, listener.t38Signals());
  }

  private void send(FaxListener listener, T38Indicator indicator) {
    int n = IfpCodec.encode(new IfpPacket().setIndicator(indicator), 0, ifp, 0);
    int d = sender.build(ifp, 0, n, datagram, 0);
    listener.receive(MediaProcessor.LEG_A, datagram, 0, d, 0);
  }
}
