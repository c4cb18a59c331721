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
 * {@code faxgate send} and {@code faxgate receive} as a user runs them, against spandsp at the same
 * time: send a 2-page TIFF over T.38 (version 3) to {@code faxpeer t38-recv} without ECM; receive
 * {@code faxpeer audio-send}'s fax over A-law audio into a file given by its own path. Each command
 * ends by itself, exits 0 and prints one JSON line; faxpeer compare finds the pages identical.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TerminalCommandIT {
  @TempDir
  Path dir;

  @Test
  void sendAndReceiveAgainstSpandsp() throws Exception {
    Faxpeer.binary();
    Path doc = dir.resolve("doc2.tif");
    assertEquals(0, Faxpeer.run(dir, "make-tiff", doc.toString(), "--pages", "2").exit());
    int udptlLocal = Faxpeer.freePort(false);
    int udptlFar = Faxpeer.freePort(false);
    int rtpLocal = Faxpeer.freeEvenPort();
    int rtpFar = Faxpeer.freeEvenPort();
    Path jar = Path.of(System.getProperty("faxgate.jar", "target/faxgate.jar"));
    Process send = new ProcessBuilder("java", "-jar", jar.toString(), "send",
        "--udptl", "127.0.0.1:" + udptlLocal + ",127.0.0.1:" + udptlFar, "--t38-version", "3",
        "--tiff", doc.toString(), "--faxopt", "ecm=no", "--faxopt", "localstationid=+1 555 0100")
        .redirectOutput(dir.resolve("send.out").toFile()).redirectError(dir.resolve("send.err").toFile()).start();
    Path received = dir.resolve("in").resolve("received.tif");
    Files.createDirectories(received.getParent());
    Process receive = new ProcessBuilder("java", "-jar", jar.toString(), "receive",
        "--rtp", "127.0.0.1:" + rtpLocal + ",127.0.0.1:" + rtpFar, "--law", "alaw", "--out", received.toString())
        .redirectOutput(dir.resolve("receive.out").toFile()).redirectError(dir.resolve("receive.err").toFile()).start();
    Path fromFaxgate = dir.resolve("from-faxgate.tif");
    CompletableFuture<Faxpeer.Run> t38Receiver = Faxpeer.start(dir, 180, "t38-recv", "--local", "127.0.0.1:" + udptlFar,
        "--remote", "127.0.0.1:" + udptlLocal, "--out", fromFaxgate.toString(), "--t38-version", "3", "--no-ecm",
        "--timeout", "150");
    CompletableFuture<Faxpeer.Run> audioSender = Faxpeer.start(dir, 180, "audio-send", "--local", "127.0.0.1:" + rtpFar,
        "--remote", "127.0.0.1:" + rtpLocal, "--tiff", doc.toString(), "--law", "alaw", "--timeout", "150");
    Faxpeer.Run rx = t38Receiver.get(200, TimeUnit.SECONDS);
    Faxpeer.Run tx = audioSender.get(60, TimeUnit.SECONDS);
    assertTrue(send.waitFor(30, TimeUnit.SECONDS), "faxgate send did not end after the fax");
    assertTrue(receive.waitFor(30, TimeUnit.SECONDS), "faxgate receive did not end after the fax");
    String sendErr = Files.readString(dir.resolve("send.err"), StandardCharsets.UTF_8);
    String receiveErr = Files.readString(dir.resolve("receive.err"), StandardCharsets.UTF_8);
    assertEquals("OK", rx.result().getString("status"), rx.result() + "\n" + sendErr);
    assertEquals("OK", tx.result().getString("status"), tx.result() + "\n" + receiveErr);
    assertEquals(0, send.exitValue(), sendErr);
    assertEquals(0, receive.exitValue(), receiveErr);
    JsonObject sent = oneLine(dir.resolve("send.out")).getJsonObject("faxopt");
    JsonObject got = oneLine(dir.resolve("receive.out")).getJsonObject("faxopt");
    assertEquals("SUCCESS", sent.getString("status"), sent.encode());
    assertEquals("2", sent.getString("pages"));
    assertEquals("no", sent.getString("ecm"));
    assertEquals(doc.toString().substring(1), sent.getString("filename"), "the file, as the node's spool (/) names it");
    assertEquals("+1 555 0100", rx.result().getString("remote_ident"), "faxpeer saw our TSI");
    assertEquals("SUCCESS", got.getString("status"), got.encode());
    assertEquals("2", got.getString("pages"));
    assertEquals(0, Faxpeer.run(dir, "compare", doc.toString(), fromFaxgate.toString()).exit(), "sent pages differ");
    assertEquals(0, Faxpeer.run(dir, "compare", doc.toString(), received.toString()).exit(), "received pages differ");
  }

  private static JsonObject oneLine(Path out) throws Exception {
    String stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
    assertEquals(1, stdout.lines().count(), stdout);
    return new JsonObject(stdout);
  }
}
