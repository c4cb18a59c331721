package dev.faxgate.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.RtpPacket;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code faxgate relay} as an operator runs it: RTP from leg a comes out on leg b transcoded, and
 * SIGTERM ends it with one JSON line on stdout holding each leg's packet statistics.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RelayCommandIT {

  private static int freeEvenPort() throws Exception {
    while (true) {
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        if (s.getLocalPort() % 2 == 0) {
          return s.getLocalPort();
        }
      }
    }
  }

  @Test
  void relaysAndPrintsItsStatisticsOnSigterm() throws Exception {
    try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DatagramSocket b = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      b.setSoTimeout(5000);
      int localA = freeEvenPort();
      int localB = freeEvenPort();
      Path jar = Path.of(System.getProperty("faxgate.jar", "target/faxgate.jar"));
      Process relay = new ProcessBuilder("java", "-jar", jar.toString(), "relay",
          "--a-rtp", "127.0.0.1:" + localA + ",127.0.0.1:" + a.getLocalPort(),
          "--b-rtp", "127.0.0.1:" + localB + ",127.0.0.1:" + b.getLocalPort(), "--a-law", "ulaw", "--b-law", "alaw")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      List<String> stdout = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            stdout.add(line);
          }
        } catch (java.io.IOException ignored) {
          // the relay ended
        }
      });
      reader.start();
      try {
        byte[] packet = new byte[RtpPacket.HEADER_SIZE + 160];
        java.util.Arrays.fill(packet, RtpPacket.HEADER_SIZE, packet.length, G711.linearToUlaw((short) 500));
        DatagramPacket first = null;
        for (int seq = 0; seq < 500 && first == null; seq++) { // until the relay is up and answers
          RtpPacket.writeHeader(packet, 0, seq == 0, G711.PT_PCMU, seq, seq * 160, 7);
          a.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), localA));
          DatagramPacket in = new DatagramPacket(new byte[512], 512);
          b.setSoTimeout(seq < 100 ? 200 : 5000);
          try {
            b.receive(in);
            first = in;
          } catch (java.net.SocketTimeoutException notYet) {
            // the relay's JVM is still starting
          }
        }
        assertTrue(first != null, "leg b never heard the relay");
        assertEquals(G711.PT_PCMA, RtpPacket.payloadType(first.getData(), 0));
      } finally {
        relay.toHandle().destroy(); // SIGTERM
        assertTrue(relay.waitFor(30, TimeUnit.SECONDS));
        reader.join(5000);
      }
      assertEquals(1, stdout.size(), "exactly one line on stdout: " + stdout);
      JsonObject event = new JsonObject(stdout.get(0));
      assertEquals("audio-relay", event.getString("mode"));
      JsonObject packetsA = event.getJsonObject("legs").getJsonObject("a").getJsonObject("packets");
      JsonObject packetsB = event.getJsonObject("legs").getJsonObject("b").getJsonObject("packets");
      assertTrue(packetsA.getLong("received") > 0, packetsA.encode());
      assertTrue(packetsB.getLong("sent") > 0, packetsB.encode());
      assertEquals("127.0.0.1:" + localA, event.getJsonObject("legs").getJsonObject("a").getString("local"));
    }
  }
}
