package dev.faxgate.bench;

import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.JitterBuffer;
import dev.faxgate.rtp.RtpPacket;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38DataType;
import dev.faxgate.t38.T38FieldType;
import dev.faxgate.udptl.UdptlSender;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The traffic the benchmarks put through the media path, built with the gateway's own codecs
 * so that it is exactly what a conforming far end sends.
 *
 * <ul>
 *   <li>RTP: 172-octet PCMU packets (12-octet header, 160 samples = 20 ms) of a 1100 Hz tone,
 *       CNG's frequency: 22 whole cycles per frame, so one payload serves every frame and the
 *       stream is continuous.</li>
 *   <li>UDPTL: a cycle of {@value #IFP_CYCLE} T.38 version 0 IFPs as a V.17 14400 page sends
 *       them, t4-non-ecm-data of 40 to 200 octets, every eighth an ECM frame (hdlc-data of 40
 *       to 200 octets, then hdlc-fcs-OK), in datagrams with redundancy 3 built by
 *       {@link UdptlSender}.</li>
 * </ul>
 */
final class FaxTraffic {
  /** Octets of one RTP packet: header and 20 ms of G.711. */
  static final int RTP_PACKET = RtpPacket.HEADER_SIZE + JitterBuffer.FRAME_SAMPLES;
  /** Packets per second of one 20 ms stream. */
  static final int PACKETS_PER_SECOND = 50;
  /** Samples per packet (the RTP timestamp step). */
  static final int SAMPLES = JitterBuffer.FRAME_SAMPLES;
  /** IFPs in the UDPTL cycle. */
  static final int IFP_CYCLE = 64;
  /** Redundancy depth of the UDPTL traffic. */
  static final int REDUNDANCY = 3;
  /** T.38 version of the UDPTL traffic. */
  static final int VERSION = 0;

  private FaxTraffic() {
  }

  /** A PCMU packet with the given header fields and the tone as payload. */
  static byte[] rtpPacket(int ssrc, int seq, int timestamp) {
    byte[] p = new byte[RTP_PACKET];
    RtpPacket.writeHeader(p, 0, false, G711.PT_PCMU, seq, timestamp, ssrc);
    for (int i = 0; i < SAMPLES; i++) {
      double x = 10000 * Math.sin(2 * Math.PI * 1100 * i / 8000.0);
      p[RtpPacket.HEADER_SIZE + i] = G711.linearToUlaw((short) Math.round(x));
    }
    return p;
  }

  /**
   * A V.21 channel 2 signal as 160-octet µ-law payloads, the watch's busiest state: a T.30
   * preamble of {@value #V21_FLAGS} flags (about 5 s: the V.21 carrier up, a bit decided every 3.3
   * ms, the HDLC receiver in flag sync) and a CFR (scored without parsing anything), then the
   * silence up to a whole frame.
   */
  static byte[][] v21Cycle() {
    byte[] cfr = {(byte) 0xFF, 0x13, (byte) 0x84};
    byte[] ulaw = V21Audio.ulawBurst(V21_FLAGS, cfr);
    byte[][] out = new byte[ulaw.length / SAMPLES][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Arrays.copyOfRange(ulaw, i * SAMPLES, (i + 1) * SAMPLES);
    }
    return out;
  }

  /** Flags in {@link #v21Cycle()}'s preamble. */
  static final int V21_FLAGS = 180;

  /** Sets the sequence number and timestamp of an RTP packet built by {@link #rtpPacket}. */
  static void stamp(byte[] rtp, int seq, int timestamp) {
    RtpPacket.setSequence(rtp, 0, seq & 0xFFFF);
    RtpPacket.setTimestamp(rtp, 0, timestamp);
  }

  /** The cycle of encoded IFPs, the same for every seed-free call. */
  static byte[][] ifps() {
    SplittableRandom random = new SplittableRandom(38);
    IfpPacket ifp = new IfpPacket();
    byte[] data = new byte[200];
    byte[] encoded = new byte[300];
    byte[][] out = new byte[IFP_CYCLE][];
    for (int i = 0; i < IFP_CYCLE; i++) {
      int len = 40 + (i * 37) % 161;
      for (int k = 0; k < len; k++) {
        data[k] = (byte) random.nextInt(256);
      }
      if (i % 8 == 7) {
        ifp.setData(T38DataType.V17_14400).addField(T38FieldType.HDLC_DATA, data, 0, len)
            .addField(T38FieldType.HDLC_FCS_OK);
      } else {
        ifp.setData(T38DataType.V17_14400).addField(T38FieldType.T4_NON_ECM_DATA, data, 0, len);
      }
      int n = IfpCodec.encode(ifp, VERSION, encoded, 0);
      if (n <= 0) {
        throw new IllegalStateException("IFP " + i + " did not encode: " + IfpCodec.describe(n));
      }
      out[i] = Arrays.copyOf(encoded, n);
    }
    return out;
  }

  /** A sender of the UDPTL traffic: redundancy {@value #REDUNDANCY} for every kind of IFP. */
  static UdptlSender udptlSender() {
    return new UdptlSender().setRedundancyDepth(REDUNDANCY);
  }

  /**
   * The UDPTL datagrams of one cycle, to be replayed with only their sequence number changed
   * ({@link #setUdptlSequence}): datagram {@code j} carries IFP {@code j} and, as secondaries,
   * IFPs {@code j-1 .. j-3} of the cycle, exactly what a sender sending the cycle over and over
   * sends (the cycle is built twice and the second round kept).
   */
  static byte[][] udptlCycle() {
    byte[][] ifps = ifps();
    UdptlSender sender = udptlSender();
    byte[] buf = new byte[2048];
    byte[][] out = new byte[IFP_CYCLE][];
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < IFP_CYCLE; i++) {
        int n = sender.build(ifps[i], 0, ifps[i].length, buf, 0);
        if (n <= 0) {
          throw new IllegalStateException("datagram " + i + " did not build: " + n);
        }
        out[i] = Arrays.copyOf(buf, n);
      }
    }
    return out;
  }

  /** Sets the sequence number of a UDPTL datagram (its first two octets). */
  static void setUdptlSequence(byte[] datagram, int seq) {
    datagram[0] = (byte) (seq >> 8);
    datagram[1] = (byte) seq;
  }
}
