package dev.faxgate.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.interop.Faxpeer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faxgate gateway} as an operator runs it, between spandsp's terminals: t38-send -> the
 * command -> audio-recv, 2 pages, A-law, FAXOPT ecm=no and maxrate=9600 given on the command line;
 * it ends by itself after the fax, exits 0, and prints one JSON line with every FAXOPT item.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class GatewayCommandIT {
  @TempDir
  Path dir;

  @Test
  void oneFaxThroughTheCommandPrintsEveryFaxoptItem() throws Exception {
    Faxpeer.binary();
    Path doc = dir.resolve("doc2.tif");
    assertEquals(0, Faxpeer.run(dir, "make-tiff", doc.toString(), "--pages", "2").exit());
    int rtpLocal = Faxpeer.freeEvenPort();
    int rtpFar = Faxpeer.freeEvenPort();
    int udptlLocal = Faxpeer.freeEvenPort();
    int udptlFar = Faxpeer.freeEvenPort();
    Path jar = Path.of(System.getProperty("faxgate.jar", "target/faxgate.jar"));
    Path out = dir.resolve("gateway.out");
    Process gateway = new ProcessBuilder("java", "-jar", jar.toString(), "gateway",
        "--rtp", "127.0.0.1:" + rtpLocal + ",127.0.0.1:" + rtpFar, "--law", "alaw",
        "--udptl", "127.0.0.1:" + udptlLocal + ",127.0.0.1:" + udptlFar, "--t38-version", "3", "--ec", "fec",
        "--faxopt", "ecm=no", "--faxopt", "maxrate=9600")
        .redirectOutput(out.toFile()).redirectError(dir.resolve("gateway.err").toFile()).start();
    Path received = dir.resolve("rx.tif");
    CompletableFuture<Faxpeer.Run> receiver = Faxpeer.start(dir, 180, "audio-recv", "--local", "127.0.0.1:" + rtpFar,
        "--remote", "127.0.0.1:" + rtpLocal, "--out", received.toString(), "--law", "alaw", "--timeout", "150");
    Faxpeer.Run sender = Faxpeer.start(dir, 180, "t38-send", "--local", "127.0.0.1:" + udptlFar, "--remote",
        "127.0.0.1:" + udptlLocal, "--tiff", doc.toString(), "--t38-version", "3", "--ec", "fec", "--timeout", "150")
        .get(200, TimeUnit.SECONDS);
    Faxpeer.Run got = receiver.get(60, TimeUnit.SECONDS);
    assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the command did not end after the fax");
    String err = Files.readString(dir.resolve("gateway.err"), StandardCharsets.UTF_8);
    assertEquals("OK", sender.result().getString("status"), sender.result() + "\n" + err);
    assertEquals("OK", got.result().getString("status"), got.result().encode());
    assertEquals(0, gateway.exitValue(), err);
    String stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
    assertEquals(1, stdout.lines().count(), stdout);
    JsonObject faxopt = new JsonObject(stdout).getJsonObject("faxopt");
    assertEquals("SUCCESS", faxopt.getString("status"), stdout);
    assertEquals("2", faxopt.getString("pages"));
    assertEquals("9600", faxopt.getString("rate"));
    assertEquals("no", faxopt.getString("ecm"));
    assertEquals("204x98", faxopt.getString("resolution"));
    assertEquals(sender.result().getString("remote_ident"), faxopt.getString("remotestationid"), "the called machine's CSI");
    assertEquals(Boolean.FALSE, got.result().getBoolean("ecm"));
    assertEquals(dev.faxgate.faxopt.FaxOptItems.ALL.size(), faxopt.size(), "every FAXOPT item: " + faxopt.fieldNames());
    assertEquals(0, Faxpeer.run(dir, "compare", doc.toString(), received.toString()).exit(), "pages differ");
  }
}
