package dev.faxgate.fuzz;

import dev.faxgate.bench.RecordedFax;
import dev.faxgate.t38.HdlcFrameAssembly;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38FieldType;
import dev.faxgate.udptl.UdptlPacket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the seed corpus of the fuzz targets from real bytes: the recorded faxes the benchmarks
 * replay ({@link RecordedFax}, spandsp terminals through spandsp's gateway) and the FEC datagram
 * faxpeer sent (docs/testing.md "faxpeer findings" 3). Run once from the repository root:
 * {@code java -cp <test class path> dev.faxgate.fuzz.FuzzSeeds gateway/src/test/resources}; the
 * files are committed, so CI replays exactly these (plus any crash regressions beside them).
 */
public final class FuzzSeeds {
  /** faxpeer's T.38 call with FEC: sequence 20, a V.21 HDLC IFP, span 3, 3 entries. */
  static final String FAXPEER_FEC = "001406c0018000006680010303" + "06c001800000e6" + "06c00180000076" + "06c00180000024";

  private final Path root;

  private FuzzSeeds(Path root) {
    this.root = root.resolve("dev/faxgate/fuzz");
  }

  public static void main(String[] args) throws IOException {
    new FuzzSeeds(Path.of(args.length > 0 ? args[0] : "gateway/src/test/resources")).write();
  }

  private void write() throws IOException {
    // RTP: runs of consecutive packets (a call's start, a page in V.17) and single packets
    RecordedFax a17 = RecordedFax.load("audio-to-t38", "v17");
    RecordedFax relay = RecordedFax.load("audio-relay-v17");
    List<byte[]> rtp = leg(a17, RecordedFax.AUDIO);
    seed("Rtp", "rtp", "call-start-v17", Chunks.join(rtp.subList(0, 20)));
    seed("Rtp", "rtp", "page-v17", Chunks.join(rtp.subList(rtp.size() / 2, rtp.size() / 2 + 20)));
    seed("Rtp", "rtp", "one-packet", Chunks.join(rtp.subList(100, 101)));
    List<byte[]> rtpB = leg(relay, RecordedFax.LEG_B);
    seed("Rtp", "rtp", "relay-leg-b", Chunks.join(rtpB.subList(0, 12)));

    // UDPTL: windows of the T.38 terminal's datagrams, with the redundancy spandsp sends
    for (String modem : new String[] {"v17", "v29", "v27ter"}) {
      List<byte[]> t38 = leg(RecordedFax.load("t38-to-audio", modem), RecordedFax.T38);
      seed("Udptl", "udptl", "t38-start-" + modem, Chunks.join(t38.subList(0, 40)));
      int hdlc = firstWith(t38, T38FieldType.HDLC_FCS_OK);
      seed("Udptl", "udptl", "t38-hdlc-" + modem, Chunks.join(t38.subList(Math.max(0, hdlc - 20), hdlc + 10)));
      int image = firstWith(t38, T38FieldType.T4_NON_ECM_DATA);
      seed("Udptl", "udptl", "t38-image-" + modem, Chunks.join(t38.subList(image, image + 30)));
    }
    List<byte[]> relayA = leg(RecordedFax.load("t38-relay-v17"), RecordedFax.LEG_A);
    seed("Udptl", "udptl", "t38-relay-leg-a", Chunks.join(relayA.subList(0, 40)));
    seed("Udptl", "udptl", "faxpeer-fec", Chunks.join(List.of(HexFormat.of().parseHex(FAXPEER_FEC))));

    // IFP: one of each kind of primary IFP in a recording, as version 0 and version 2
    Map<String, byte[]> kinds = new LinkedHashMap<>();
    for (String modem : new String[] {"v17", "v29", "v27ter"}) {
      for (byte[] d : leg(RecordedFax.load("t38-to-audio", modem), RecordedFax.T38)) {
        byte[] ifp = primary(d);
        IfpPacket p = new IfpPacket();
        if (ifp != null && IfpCodec.decode(ifp, 0, ifp.length, 0, p) == IfpCodec.OK) {
          kinds.putIfAbsent(p.toString().replaceAll("\\(\\d+\\)", ""), ifp);
        }
      }
    }
    int k = 0;
    for (byte[] ifp : kinds.values()) {
      for (int version : new int[] {0, 2}) {
        byte[] in = new byte[ifp.length + 1];
        in[0] = (byte) version;
        System.arraycopy(ifp, 0, in, 1, ifp.length);
        seed("Ifp", "ifp", String.format("recorded-%02d-v%d", k, version), in);
      }
      k++;
    }

    // HDLC and T.30: the control frames of each recorded fax, in HDLC order
    for (String modem : new String[] {"v17", "v29", "v27ter"}) {
      List<byte[]> frames = t30Frames(leg(RecordedFax.load("t38-to-audio", modem), RecordedFax.T38));
      seed("T30", "t30", "exchange-" + modem, Chunks.join(frames));
      byte[] frameList = Chunks.join(frames.subList(0, Math.min(4, frames.size())));
      byte[] hdlc = new byte[2 + frameList.length];
      hdlc[0] = 4; // 5 framing flags, frames up to 400 octets
      System.arraycopy(frameList, 0, hdlc, 2, frameList.length);
      seed("Hdlc", "hdlc", "frames-" + modem, hdlc);
    }
    // junk before the frames: a PCMU payload's octets read as line bits
    byte[] payload = Arrays.copyOfRange(rtp.get(300), 12, 12 + 24);
    byte[] frames = Chunks.join(t30Frames(leg(RecordedFax.load("t38-to-audio", "v29"), RecordedFax.T38)).subList(0, 2));
    byte[] junky = new byte[2 + payload.length + frames.length];
    junky[0] = 0x04;
    junky[1] = (byte) payload.length;
    System.arraycopy(payload, 0, junky, 2, payload.length);
    System.arraycopy(frames, 0, junky, 2 + payload.length, frames.length);
    seed("Hdlc", "hdlc", "audio-then-frames", junky);
  }

  private static List<byte[]> leg(RecordedFax fax, int leg) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < fax.size(); i++) {
      if (fax.leg(i) == leg) {
        out.add(fax.payload(i));
      }
    }
    return out;
  }

  private static byte[] primary(byte[] datagram) {
    UdptlPacket u = new UdptlPacket();
    if (u.decode(datagram, 0, datagram.length) != UdptlPacket.OK) {
      return null;
    }
    return Arrays.copyOfRange(datagram, u.primaryOffset(), u.primaryOffset() + u.primaryLength());
  }

  private static int firstWith(List<byte[]> datagrams, T38FieldType type) {
    for (int i = 0; i < datagrams.size(); i++) {
      byte[] ifp = primary(datagrams.get(i));
      IfpPacket p = new IfpPacket();
      if (ifp != null && IfpCodec.decode(ifp, 0, ifp.length, 0, p) == IfpCodec.OK) {
        for (int f = 0; f < p.fieldCount(); f++) {
          if (p.fieldType(f) == type) {
            return i;
          }
        }
      }
    }
    throw new IllegalStateException("no " + type + " in the recording");
  }

  /** The HDLC frames the primaries carry, closed by hdlc-fcs-OK, in HDLC order. */
  private static List<byte[]> t30Frames(List<byte[]> datagrams) {
    List<byte[]> frames = new ArrayList<>();
    HdlcFrameAssembly frame = new HdlcFrameAssembly(400);
    for (byte[] d : datagrams) {
      byte[] ifp = primary(d);
      IfpPacket p = new IfpPacket();
      if (ifp == null || IfpCodec.decode(ifp, 0, ifp.length, 0, p) != IfpCodec.OK) {
        continue;
      }
      for (int f = 0; f < p.fieldCount(); f++) {
        T38FieldType type = p.fieldType(f);
        if (type == T38FieldType.HDLC_DATA) {
          frame.append(p.fieldArray(f), p.fieldOffset(f), p.fieldLength(f));
        } else if (type == T38FieldType.HDLC_FCS_OK || type == T38FieldType.HDLC_FCS_OK_SIG_END) {
          if (frame.isUsable()) {
            frames.add(Arrays.copyOf(frame.array(), frame.length()));
          }
          frame.reset();
        }
      }
    }
    return frames;
  }

  private void seed(String target, String method, String name, byte[] content) throws IOException {
    Path dir = root.resolve(target + "FuzzTestInputs").resolve(method);
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), content);
  }
}
