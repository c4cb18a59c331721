package dev.faxgate.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ready means results can be written: {@code kcat -C} against the results topic, started the
 * moment a node on a fresh data directory prints "ready", waits for events (it fails at once with
 * "Unknown topic or partition" when the topic does not exist yet) and receives the first one.
 * {@code /health} answers UP by then. Skipped, saying so, without kcat.
 */
@Timeout(value = 200, unit = TimeUnit.SECONDS)
class ReadyMeansReadyIT {
  private static final String TOPIC = "faxgate.results";

  @TempDir
  Path dir;

  private static Path kcat() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(d, "kcat");
      if (!d.isEmpty() && Files.isExecutable(p)) {
        return p;
      }
    }
    System.out.println("SKIPPED ready-means-ready test with kcat: kcat is not installed (apt-get install -y kcat;"
        + " .ci/run installs it)");
    assumeTrue(false, "kcat is not installed: ready-means-ready test skipped (.ci/run installs it)");
    return null;
  }

  @Test
  void aConsumerStartedOnReadyWaitsForEventsInsteadOfFailing() throws Exception {
    Path kcat = kcat();
    NodeProcess node = new NodeProcess(dir.resolve("fresh"), "ready-it");
    Process consumer = null;
    try {
      node.start(Map.of("FAXGATE_MEDIA_PORT_MIN", "46000", "FAXGATE_MEDIA_PORT_MAX", "46999"));
      String ready = node.awaitReady();
      Path out = dir.resolve("kcat.out");
      Path err = dir.resolve("kcat.err");
      consumer = new ProcessBuilder(kcat.toString(), "-C", "-b", node.bootstrap(), "-t", TOPIC, "-o", "beginning",
          "-c", "1", "-f", "%k %s\\n").redirectOutput(out.toFile()).redirectError(err.toFile()).start();

      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(node.http() + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), health.body());
      assertEquals("UP", new JsonObject(health.body()).getString("status"), health.body());

      HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(node.http() + "/sessions"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode(), created.body());
      String id = new JsonObject(created.body()).getString("sessionId");
      HttpResponse<String> ended = http.send(HttpRequest.newBuilder(URI.create(node.http() + "/sessions/" + id))
          .DELETE().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ended.statusCode(), ended.body());

      boolean exited = consumer.waitFor(90, TimeUnit.SECONDS);
      String got = Files.readString(out);
      String why = "kcat, started on \"" + ready.substring(Math.max(0, ready.indexOf("ready"))) + "\": exit "
          + (exited ? consumer.exitValue() : "none") + ", stdout: " + got + ", stderr: " + Files.readString(err);
      assertTrue(exited, why);
      assertEquals(0, consumer.exitValue(), why);
      assertTrue(got.startsWith(id + " "), why);
      assertEquals(id, new JsonObject(got.substring(got.indexOf(' ') + 1)).getString("sessionId"), why);
      node.stop();
    } finally {
      if (consumer != null) {
        consumer.toHandle().destroyForcibly();
      }
      node.destroy();
    }
  }
}
