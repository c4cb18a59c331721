package dev.faxgate.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code ./faxgate} launcher as an operator runs it: {@code run} says ready once results can be
 * written (and how long that took), serves the API, and on SIGTERM ends the open session with a
 * FAILED/HANGUP result.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherIT {
  private static final Pattern READY = Pattern.compile("ready (\\d+) ms after JVM start");

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void runServesTheApiAndEndsSessionsOnSigterm() throws Exception {
    int port = freePort();
    Path root = Path.of(System.getProperty("faxgate.root", "..")).toAbsolutePath().normalize();
    ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("faxgate").toString(), "run").redirectErrorStream(true);
    pb.environment().put("FAXGATE_HTTP_PORT", Integer.toString(port));
    pb.environment().put("FAXGATE_NODE_ID", "launcher-it");
    pb.environment().put("FAXGATE_NODE_DRAIN_SECONDS", "1"); // the open session never ends by itself: 1 s of drain, then HANGUP
    Path data = java.nio.file.Files.createTempDirectory("launcher-it");
    pb.environment().put("FAXGATE_OUTBOX_DIR", data.resolve("outbox").toString());
    pb.environment().put("FAXGATE_KAFKA_EMBEDDED_DIR", data.resolve("kafka").toString());
    pb.environment().put("FAXGATE_KAFKA_EMBEDDED_PORT", Integer.toString(freePort()));
    pb.environment().put("FAXGATE_KAFKA_EMBEDDED_CONTROLLER_PORT", Integer.toString(freePort()));
    Process process = pb.start();
    List<String> lines = new CopyOnWriteArrayList<>();
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
          if (READY.matcher(line).find()) {
            ready.countDown();
          }
        }
      } catch (java.io.IOException ignored) {
        // the process ended
      }
    });
    reader.start();
    try {
      assertTrue(ready.await(60, TimeUnit.SECONDS), "no ready line: " + lines);
      Matcher m = READY.matcher(lines.stream().filter(l -> READY.matcher(l).find()).findFirst().orElseThrow());
      assertTrue(m.find());
      // how long start-up took is reported, not asserted (a timing bound in a test only measures the machine it runs
      // on); what is asserted is the order: ready only once results can be written (the topic exists)
      System.out.println("LauncherIT: " + m.group());
      String readyLine = lines.stream().filter(l -> READY.matcher(l).find()).findFirst().orElseThrow();
      int writable = lines.indexOf(lines.stream().filter(l -> l.contains("results can be written")).findFirst()
          .orElseThrow(() -> new AssertionError("no 'results can be written' line before ready: " + lines)));
      assertTrue(writable < lines.indexOf(readyLine), "ready before results could be written: " + lines);
      assertTrue(readyLine.contains("embedded Kafka broker"), "the start-up line says an embedded broker runs: " + readyLine);

      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(5)).build();
      HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sessions"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"gateway\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode(), created.body());
      String id = new JsonObject(created.body()).getString("sessionId");

      process.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "faxgate did not stop on SIGTERM");
      reader.join(5000);
      String result = lines.stream().filter(l -> l.contains("\"sessionId\":\"" + id + "\"") && l.contains("\"schema\":" + dev.faxgate.faxopt.CompletionEvent.SCHEMA_VERSION))
          .findFirst().orElseThrow(() -> new AssertionError("no completion result for " + id + " in " + lines));
      JsonObject event = new JsonObject(result.substring(result.indexOf('{')));
      assertEquals("FAILED", event.getString("status"));
      assertEquals("HANGUP", event.getString("error"));
      assertEquals("gateway shutting down", event.getString("statusstr"));
      assertEquals("launcher-it", event.getString("node"));
    } finally {
      process.destroyForcibly();
    }
  }
}
