package dev.faxgate.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faxgate.bench.RecordedFax;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's capture read back by tshark's own dissectors: a real fax's RTP (IPv4 leg) and UDPTL
 * (IPv6 leg) datagrams, both directions, every one dissected as RTP or T.38, with Wireshark checking
 * the IP and UDP checksums and reporting no expert error.
 */
class PacketCaptureTest {
  private static final InetSocketAddress AUDIO_FAR = new InetSocketAddress("127.0.0.1", 40000);
  private static final InetSocketAddress AUDIO_LOCAL = new InetSocketAddress("127.0.0.1", 20000);
  private static final InetSocketAddress T38_FAR = new InetSocketAddress("::1", 5000);
  private static final InetSocketAddress T38_LOCAL = new InetSocketAddress("::1", 20002);
  @TempDir
  Path dir;

  private static List<String> tshark(Path file, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-d", "udp.port==20000,rtp",
        "-d", "udp.port==20002,t38", "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"));
    command.addAll(List.of(args));
    Path err = Files.createTempFile("tshark-", ".err"); // tshark's notes (running as root...), not packets
    Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "tshark failed: " + out + Files.readString(err));
    Files.delete(err);
    return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
  }

  @Test
  void tsharkDissectsEveryPacketAsRtpOrT38WithGoodChecksumsAndNoExpertError() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark missing: pcap check skipped (.ci/run installs it)");
    RecordedFax fax = RecordedFax.load("audio-to-t38-v17");
    PacketCapture capture = new PacketCapture(16 << 20);
    int rtp = 0;
    int t38 = 0;
    for (int i = 0; i < fax.size() && rtp + t38 < 3000; i++) {
      ByteBuffer data = ByteBuffer.wrap(fax.payload(i));
      if (fax.leg(i) == RecordedFax.AUDIO) {
        capture.packet(AUDIO_FAR, AUDIO_LOCAL, data);
        rtp++;
      } else {
        capture.packet(T38_FAR, T38_LOCAL, data);
        capture.packet(T38_LOCAL, T38_FAR, data.duplicate()); // both directions, the same bytes
        t38 += 2;
      }
      assertEquals(0, data.position(), "the datagram is left as it was");
    }
    assertTrue(rtp > 100 && t38 > 100, rtp + " RTP, " + t38 + " UDPTL");
    assertEquals(rtp + t38, capture.packets());
    Path file = dir.resolve("s.pcap");
    capture.write(file);

    List<String> protocols = tshark(file, "-T", "fields", "-e", "frame.protocols");
    assertEquals(rtp + t38, protocols.size());
    assertEquals(rtp, protocols.stream().filter(p -> p.equals("raw:ip:udp:rtp")).count(), protocols.get(0));
    assertEquals(t38, protocols.stream().filter(p -> p.startsWith("raw:ipv6:udp:t38")).count(),
        () -> new java.util.TreeSet<>(protocols).toString());
    assertTrue(protocols.stream().anyMatch(p -> p.equals("raw:ipv6:udp:t38:t30")), "T.30 frames dissected inside T.38");
    List<String> errors = tshark(file, "-Y", "_ws.expert.severity >= error || ip.checksum.status == \"Bad\" "
        + "|| udp.checksum.status == \"Bad\"", "-T", "fields", "-e", "frame.number", "-e", "_ws.expert.message");
    assertEquals(List.of(), errors, "frames with an expert error or a bad checksum");
    List<String> good = tshark(file, "-Y", "udp.checksum.status == \"Good\"", "-T", "fields", "-e", "frame.number");
    assertEquals(rtp + t38, good.size(), "every UDP checksum was checked and is good");
  }

  @Test
  void pastItsBoundPacketsAreCountedNotKept() {
    PacketCapture capture = new PacketCapture(24 + 2 * (16 + 20 + 8 + 100));
    byte[] payload = new byte[100];
    for (int i = 0; i < 5; i++) {
      capture.packet(AUDIO_FAR, AUDIO_LOCAL, ByteBuffer.wrap(payload));
    }
    assertEquals(2, capture.packets());
    assertEquals(3, capture.dropped());
    assertEquals(24 + 2 * 144, capture.bytes().length);
  }

  /** A capture of {@code packets} 100-byte datagrams bound for {@code file}. */
  private static PacketCapture captured(Path file, int maxFiles, PacketCapture.Keep keep, int packets) {
    PacketCapture capture = new PacketCapture(1 << 20, file, maxFiles, keep);
    for (int i = 0; i < packets; i++) {
      capture.packet(AUDIO_FAR, AUDIO_LOCAL, ByteBuffer.wrap(new byte[100]));
    }
    return capture;
  }

  @Test
  void captureFailedKeepsTheFileOfAFailedSessionOnlyAndASuccessNeverPushesAnOlderFailureOut() throws Exception {
    Path older = dir.resolve("older.pcap");
    assertTrue(captured(older, 2, PacketCapture.Keep.IF_FAILED, 1).settle(true), "a failure is written");
    Files.setLastModifiedTime(older, java.nio.file.attribute.FileTime.fromMillis(1_000));
    Path old = dir.resolve("old.pcap");
    assertTrue(captured(old, 2, PacketCapture.Keep.IF_FAILED, 1).settle(true));
    Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(2_000));

    Path success = dir.resolve("success.pcap");
    assertFalse(captured(success, 2, PacketCapture.Keep.IF_FAILED, 3).settle(false), "a success is not written");
    assertFalse(Files.exists(success));
    assertTrue(Files.exists(older) && Files.exists(old), "and prunes nothing: the folder is as it was");

    Path failure = dir.resolve("failure.pcap");
    PacketCapture failed = captured(failure, 2, PacketCapture.Keep.IF_FAILED, 3);
    assertTrue(failed.settle(true));
    assertArrayEquals(failed.bytes(), Files.readAllBytes(failure), "the file holds the session's packets");
    assertFalse(Files.exists(older), "capture.max_files: the oldest goes");
    assertTrue(Files.exists(old));
    assertEquals(List.of(), listTemporaries(), "no temporary file is left");

    Path asked = dir.resolve("asked.pcap");
    assertTrue(captured(asked, 2, PacketCapture.Keep.ALWAYS, 1).settle(false), "asked for at create: kept on success too");
    assertTrue(Files.exists(asked));
  }

  private List<Path> listTemporaries() throws Exception {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}
