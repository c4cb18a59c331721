package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.bench.RecordedFax;
import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.node.TestNode;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38DataType;
import dev.faxgate.t38.T38FieldType;
import dev.faxgate.t38.T38Indicator;
import dev.faxgate.udptl.UdptlPacket;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway session that hostile peers attack over real sockets, then a real fax through it.
 *
 * <p>Before the fax, its own far ends (the very addresses the session sends to) feed both legs
 * random and mutated datagrams built from a recorded fax: RTP with sequence numbers and timestamps
 * jumping, SSRC and payload type changing, CSRC lists, extensions and padding running past the end,
 * absurd lengths; UDPTL with sequence numbers jumping, length determinants of 16383 and fragmented,
 * secondary counts beyond the holder, FEC spans and entry counts beyond the window, and every IFP type
 * (each indicator, each data type with each field type) in both ASN.1 modules. The session stays
 * active and counts what it could not use. Then faxpeer sends a page audio -> Faxgate -> T.38 (FEC)
 * while strangers on other source ports flood both legs with the same kinds of datagrams: the fax
 * succeeds, and every stranger datagram is counted on its leg ({@code packets.strangers}) and dropped.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostilePeerIT {
  private static final long SEED = 0x4057_11E5L;
  private static final int STRANGER_DATAGRAMS = 600;
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @TempDir
  Path dir;

  @Test
  void aGatewaySessionSurvivesHostileFarEndsAndStrangersAndStillCarriesAFax() throws Exception {
    Faxpeer.binary();
    RecordedFax recorded = RecordedFax.load("audio-to-t38", "v17");
    List<byte[]> rtp = new ArrayList<>();
    List<byte[]> udptl = new ArrayList<>();
    for (int i = 0; i < recorded.size(); i++) {
      (recorded.leg(i) == RecordedFax.AUDIO ? rtp : udptl).add(recorded.payload(i));
    }
    try (TestNode node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "47000")
        .with(ConfigKey.MEDIA_PORT_MAX, "47999"))) {
      FaxOptClient client = new FaxOptClient(node.node.vertx());
      Path document = dir.resolve("doc.tif");
      Faxpeer.Run made = Faxpeer.run(dir, "make-tiff", document.toString(), "--pages", "1");
      assertEquals(0, made.exit(), made.stderr());
      int audioPort = Faxpeer.freeEvenPort();
      int t38Port = Faxpeer.freePort(false);
      SessionInfo session = client.create(new SessionOptions().setMode(SessionMode.GATEWAY)
          .setLeg("a", new LegOptions().setRtp("127.0.0.1:" + audioPort))
          .setLeg("b", new LegOptions(new JsonObject().put("udptl", "127.0.0.1:" + t38Port).put("t38Version", 0)
              .put("ec", "fec")))
          .setFaxopt(new JsonObject().put("gateway", "yes")))
          .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      String id = session.sessionId();
      InetSocketAddress audioLocal = address(session.legs().getJsonObject("a").getString("local"));
      InetSocketAddress t38Local = address(session.legs().getJsonObject("b").getString("local"));

      // 1. the far ends themselves, before the fax
      SplittableRandom random = new SplittableRandom(SEED);
      List<byte[]> hostileRtp = hostileRtp(random, rtp);
      List<byte[]> hostileUdptl = hostileUdptl(random, udptl);
      send(new InetSocketAddress(LOOPBACK, audioPort), audioLocal, hostileRtp);
      send(new InetSocketAddress(LOOPBACK, t38Port), t38Local, hostileUdptl);
      JsonObject a = null;
      JsonObject b = null;
      String previous = "";
      for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; Thread.sleep(300)) {
        SessionInfo now = client.describe(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(SessionInfo.State.ACTIVE, now.state(), "the session lives on: " + now.toJson().encode());
        a = now.legs().getJsonObject("a").getJsonObject("packets");
        b = now.legs().getJsonObject("b").getJsonObject("packets");
        String counts = a.getLong("received", 0L) + a.getLong("malformed", 0L) + "/"
            + (b.getLong("received", 0L) + b.getLong("malformed", 0L));
        if (counts.equals(previous) && a.getLong("received", 0L) + a.getLong("malformed", 0L) == hostileRtp.size()) {
          break; // everything taken in: the counters stand still
        }
        previous = counts;
      }
      System.out.println("HostilePeerIT: after " + hostileRtp.size() + " hostile RTP and " + hostileUdptl.size()
          + " hostile UDPTL datagrams from the far ends: leg a " + a.encode() + ", leg b " + b.encode());
      assertEquals(hostileRtp.size(), a.getLong("received", 0L) + a.getLong("malformed", 0L),
          "every RTP datagram of the far end taken in and counted: " + a);
      assertTrue(a.getLong("malformed", 0L) > 0 && b.getLong("malformed", 0L) > 0,
          "the far ends' garbage reached the legs and was counted malformed: a " + a + ", b " + b);
      assertEquals(0L, a.getLong("strangers"), "the far end is no stranger");
      assertEquals(0L, b.getLong("strangers"), "the far end is no stranger");

      // 2. a real fax, with strangers flooding both legs while it runs
      CompletableFuture<Faxpeer.Run> receiver = Faxpeer.start(dir, 150, "t38-recv", "--local", "127.0.0.1:" + t38Port,
          "--remote", t38Local.getHostString() + ":" + t38Local.getPort(), "--t38-version", "0", "--ec", "fec",
          "--out", dir.resolve("received.tif").toString(), "--timeout", "120");
      CompletableFuture<Faxpeer.Run> sender = Faxpeer.start(dir, 150, "audio-send", "--local", "127.0.0.1:" + audioPort,
          "--remote", audioLocal.getHostString() + ":" + audioLocal.getPort(), "--tiff", document.toString(),
          "--timeout", "120");
      List<byte[]> strangerRtp = hostileRtp(random, rtp).subList(0, STRANGER_DATAGRAMS);
      List<byte[]> strangerUdptl = hostileUdptl(random, udptl).subList(0, STRANGER_DATAGRAMS);
      CompletableFuture<Void> floodA = CompletableFuture.runAsync(() -> flood(audioLocal, strangerRtp));
      CompletableFuture<Void> floodB = CompletableFuture.runAsync(() -> flood(t38Local, strangerUdptl));
      floodA.get(60, TimeUnit.SECONDS);
      floodB.get(60, TimeUnit.SECONDS);
      long strangersA = 0;
      long strangersB = 0;
      for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(100)) {
        SessionInfo now = client.describe(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(SessionInfo.State.ACTIVE, now.state(), "the fax is still running when the flood ends");
        strangersA = now.legs().getJsonObject("a").getJsonObject("packets").getLong("strangers");
        strangersB = now.legs().getJsonObject("b").getJsonObject("packets").getLong("strangers");
        if (strangersA >= STRANGER_DATAGRAMS && strangersB >= STRANGER_DATAGRAMS) {
          break;
        }
      }
      assertEquals(STRANGER_DATAGRAMS, strangersA, "every stranger datagram counted on leg a");
      assertEquals(STRANGER_DATAGRAMS, strangersB, "every stranger datagram counted on leg b");

      Faxpeer.Run sent = sender.get(150, TimeUnit.SECONDS);
      Faxpeer.Run got = receiver.get(60, TimeUnit.SECONDS);
      assertEquals("OK", sent.result().getString("status"), sent.result().encode() + "\n" + sent.stderr());
      assertEquals("OK", got.result().getString("status"), got.result().encode() + "\n" + got.stderr());
      assertEquals(1, got.result().getInteger("pages"), got.result().encode());
      CompletionEvent event = null;
      for (long end = System.nanoTime() + 60_000_000_000L; event == null && System.nanoTime() < end; Thread.sleep(100)) {
        event = node.results.stream().filter(e -> e.sessionId().equals(id)).findFirst().orElse(null);
      }
      assertTrue(event != null, "no completion event");
      assertEquals("SUCCESS", event.status().name(), event.toJson().encode());
      assertEquals(1, event.toJson().getInteger("pages"), event.toJson().encode());
      System.out.println("HostilePeerIT: the fax succeeded; strangers counted and dropped: leg a " + strangersA
          + ", leg b " + strangersB + "; event " + event.toJson().getJsonObject("legs").encode());
    }
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return new InetSocketAddress(hostPort.substring(0, colon).replace("[", "").replace("]", ""),
        Integer.parseInt(hostPort.substring(colon + 1)));
  }

  /** Sends from {@code from} (the far end's own address), in bursts the kernel buffers take. */
  private static void send(InetSocketAddress from, InetSocketAddress to, List<byte[]> datagrams) throws Exception {
    try (DatagramSocket socket = new DatagramSocket(from)) {
      socket.setSendBufferSize(1 << 20);
      int i = 0;
      for (byte[] d : datagrams) {
        socket.send(new DatagramPacket(d, d.length, to));
        if (++i % 50 == 0) {
          Thread.sleep(20);
        }
      }
    }
  }

  /** A stranger: several sockets on other ports, each sending its share, paced. */
  private static void flood(InetSocketAddress to, List<byte[]> datagrams) {
    List<DatagramSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        sockets.add(new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)));
      }
      int i = 0;
      for (byte[] d : datagrams) {
        sockets.get(i % sockets.size()).send(new DatagramPacket(d, d.length, to));
        if (++i % 20 == 0) {
          Thread.sleep(20);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      sockets.forEach(DatagramSocket::close);
    }
  }

  /** Random and mutated RTP from real packets. */
  static List<byte[]> hostileRtp(SplittableRandom r, List<byte[]> real) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      byte[] p = real.get(r.nextInt(real.size())).clone();
      switch (i % 12) {
        case 0 -> p = random(r, r.nextInt(0, 1500));
        case 1 -> rtpSeq(p, r.nextInt(65536)); // sequence number anywhere
        case 2 -> { // timestamp leaps
          int ts = r.nextInt();
          p[4] = (byte) (ts >>> 24);
          p[5] = (byte) (ts >>> 16);
          p[6] = (byte) (ts >>> 8);
          p[7] = (byte) ts;
        }
        case 3 -> p[8 + r.nextInt(4)] ^= (byte) (1 + r.nextInt(255)); // another SSRC
        case 4 -> p[1] = (byte) r.nextInt(256); // marker and payload type
        case 5 -> p[0] = (byte) (0x80 | 0x0F); // 15 CSRCs
        case 6 -> { // an extension of 65535 words
          p[0] |= 0x10;
          p[12] = 0;
          p[13] = 0;
          p[14] = (byte) 0xFF;
          p[15] = (byte) 0xFF;
        }
        case 7 -> { // padding longer than the payload
          p[0] |= 0x20;
          p[p.length - 1] = (byte) 0xFF;
        }
        case 8 -> p[0] = (byte) (r.nextInt(3) << 6); // version 0, 1 or 2... mostly wrong
        case 9 -> p = Arrays.copyOf(p, r.nextInt(0, 13)); // shorter than a header
        case 10 -> p = Arrays.copyOf(p, r.nextBoolean() ? 1400 : 9000); // absurd lengths
        default -> {
          rtpSeq(p, (((p[2] & 0xFF) << 8 | (p[3] & 0xFF)) + r.nextInt(-200, 4000)) & 0xFFFF);
          p[12 + r.nextInt(p.length - 12)] ^= (byte) r.nextInt(256);
        }
      }
      out.add(p);
    }
    return out;
  }

  /** Random and mutated UDPTL from real datagrams, and every IFP type. */
  static List<byte[]> hostileUdptl(SplittableRandom r, List<byte[]> real) {
    List<byte[]> out = new ArrayList<>();
    int seq = r.nextInt(65536);
    // every IFP type, in both ASN.1 modules, with and without redundancy
    for (int version : new int[] {0, 3}) {
      IfpPacket p = new IfpPacket();
      for (T38Indicator ind : T38Indicator.values()) {
        addIfp(out, p.setIndicator(ind), version, seq++, r);
      }
      for (T38DataType type : T38DataType.values()) {
        for (T38FieldType field : T38FieldType.values()) {
          byte[] data = random(r, r.nextInt(1, 40));
          addIfp(out, p.setData(type).addField(field, data, 0, field.ordinal() % 2 == 0 ? data.length : 0), version,
              seq++, r);
        }
      }
    }
    for (int i = 0; i < 1200; i++) {
      byte[] d = real.get(r.nextInt(real.size())).clone();
      switch (i % 10) {
        case 0 -> d = random(r, r.nextInt(0, 600));
        case 1 -> udptlSeq(d, r.nextInt(65536));
        case 2 -> d = Arrays.copyOf(d, r.nextInt(0, d.length + 1)); // truncated
        case 3 -> d = concat(new byte[] {(byte) r.nextInt(256), (byte) r.nextInt(256), (byte) 0xBF, (byte) 0xFF},
            random(r, r.nextInt(0, 300))); // a primary of 16383 octets that is not there
        case 4 -> d = concat(new byte[] {(byte) (seq >> 8), (byte) seq++, (byte) 0xC1}, random(r, 50)); // fragmented length
        case 5 -> d = concat(new byte[] {(byte) (seq >> 8), (byte) seq++, 1, 0, 0, (byte) 0xBF, (byte) 0xFF},
            random(r, 40)); // 16383 secondaries
        case 6 -> d = fec(seq++, r, 127, 1); // FEC span beyond any window
        case 7 -> d = fec(seq++, r, 3, 40); // span x entries beyond the window
        case 8 -> d = fec(seq++, r, 1 + r.nextInt(32), 1 + r.nextInt(3)); // parity for packets never sent
        default -> {
          udptlSeq(d, (((d[0] & 0xFF) << 8 | (d[1] & 0xFF)) + r.nextInt(-100, 2000)) & 0xFFFF);
          d[2 + r.nextInt(Math.max(1, d.length - 2))] ^= (byte) r.nextInt(256);
        }
      }
      out.add(d);
    }
    return out;
  }

  private static void addIfp(List<byte[]> out, IfpPacket p, int version, int seq, SplittableRandom r) {
    byte[] ifp = new byte[200];
    int n = IfpCodec.encode(p, version, ifp, 0);
    if (n <= 0) {
      return; // a 2002 value in version 0
    }
    byte[] d = new byte[400];
    int q = UdptlPacket.writeHeader(d, 0, d.length, seq & 0xFFFF, ifp, 0, n);
    q = UdptlPacket.writeSecondaryCount(d, q, d.length, 1);
    q = UdptlPacket.writeOctets(d, q, d.length, ifp, 0, n); // itself again as the "previous" IFP
    out.add(Arrays.copyOf(d, q));
  }

  private static byte[] fec(int seq, SplittableRandom r, int span, int entries) {
    byte[] d = new byte[2000];
    byte[] primary = {0x00}; // the no-signal indicator
    int q = UdptlPacket.writeHeader(d, 0, d.length, seq & 0xFFFF, primary, 0, 1);
    q = UdptlPacket.writeFecInfo(d, q, d.length, span, entries);
    for (int i = 0; i < entries; i++) {
      byte[] parity = random(r, r.nextInt(0, 20));
      q = UdptlPacket.writeOctets(d, q, d.length, parity, 0, parity.length);
    }
    return Arrays.copyOf(d, q);
  }

  private static void rtpSeq(byte[] p, int seq) {
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
  }

  private static void udptlSeq(byte[] d, int seq) {
    d[0] = (byte) (seq >> 8);
    d[1] = (byte) seq;
  }

  private static byte[] random(SplittableRandom r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
