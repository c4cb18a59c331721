package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.terminal.AudioTerminalProcessor;
import dev.faxgate.terminal.ImageCoding;
import dev.faxgate.terminal.MemoryPageSink;
import dev.faxgate.terminal.TerminalOptions;
import dev.faxgate.terminal.TiffPages;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faxgate's T.30 terminal on audio (the T.38 terminal joined in memory to Faxgate's gateway,
 * {@link AudioTerminalProcessor}) against spandsp's audio terminals (faxpeer) over G.711 RTP on
 * loopback: Faxgate sends to {@code faxpeer audio-recv} (compare: identical) and receives from
 * {@code faxpeer audio-send}.
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class TerminalAudioInteropIT {
  @TempDir
  static Path dir;
  private static Path document;
  private static TiffPages pages;

  @BeforeAll
  static void make() throws Exception {
    Faxpeer.binary();
    document = dir.resolve("doc2.tif");
    Faxpeer.Run made = Faxpeer.run(dir, "make-tiff", document.toString(), "--pages", "2");
    assertEquals(0, made.exit(), made.stderr());
    pages = new TiffPages(document);
  }

  private static void keepLogs(String name, Faxpeer.Run r, List<String> lines) throws java.io.IOException {
    Path keep = Path.of("target", "terminal-interop");
    Files.createDirectories(keep);
    Files.writeString(keep.resolve(name + "-faxpeer.log"), r.stderr());
    Files.write(keep.resolve(name + "-faxgate.log"), new ArrayList<>(lines));
  }

  @Test
  void faxgateSendsOnAudio() throws Exception {
    String name = "audio-send-ecm-ulaw";
    int ours = Faxpeer.freeEvenPort();
    int theirs = Faxpeer.freeEvenPort();
    Path out = dir.resolve(name + ".tif");
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Faxpeer.Run> peer = Faxpeer.start(dir, 180, "audio-recv", "--local", "127.0.0.1:" + theirs,
        "--remote", "127.0.0.1:" + ours, "--out", out.toString(), "--law", "ulaw", "--ecm",
        "--ident", "faxpeer receiver", "-v");
    AudioTerminalProcessor p = new AudioTerminalProcessor(MediaProcessor.LEG_A, 0, 3, 1,
        TerminalOptions.of(true, "+1 555 0100", true), pages, null, lines::add);
    try (UdpTerminal t = new UdpTerminal(ours, theirs, MediaProcessor.LEG_A, p).start()) {
      t.done().get(170, TimeUnit.SECONDS);
    }
    Faxpeer.Run r = peer.get(60, TimeUnit.SECONDS);
    keepLogs(name, r, lines);
    FaxReport report = p.faxReport();
    String context = name + ": " + report + "\nfaxpeer (exit " + r.exit() + "): " + r.result();
    System.out.println("[" + name + "] faxgate " + report + "\n[" + name + "] faxpeer " + r.result().encode());
    assertTrue(report.success(), context);
    assertEquals(2, report.pages(), context);
    JsonObject res = r.result();
    assertEquals("OK", res.getString("status"), context);
    assertEquals(2, res.getInteger("pages"), context);
    Faxpeer.Run cmp = Faxpeer.run(dir, "compare", document.toString(), out.toString());
    assertEquals(0, cmp.exit(), "faxpeer compare: " + cmp.result() + "\n" + context);
  }

  @Test
  void faxgateReceivesOnAudio() throws Exception {
    String name = "audio-recv-nonecm-alaw";
    int ours = Faxpeer.freeEvenPort();
    int theirs = Faxpeer.freeEvenPort();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    MemoryPageSink sink = new MemoryPageSink(EnumSet.allOf(ImageCoding.class));
    AudioTerminalProcessor p = new AudioTerminalProcessor(MediaProcessor.LEG_A, 8, 3, 2,
        TerminalOptions.of(false, "+1 555 0199", false), null, sink, lines::add);
    CompletableFuture<Faxpeer.Run> peer;
    try (UdpTerminal t = new UdpTerminal(ours, theirs, MediaProcessor.LEG_A, p).start()) {
      peer = Faxpeer.start(dir, 180, "audio-send", "--local", "127.0.0.1:" + theirs, "--remote",
          "127.0.0.1:" + ours, "--tiff", document.toString(), "--law", "alaw", "--no-ecm", "--ident", "faxpeer sender",
          "-v");
      t.done().get(170, TimeUnit.SECONDS);
    }
    Faxpeer.Run r = peer.get(60, TimeUnit.SECONDS);
    keepLogs(name, r, lines);
    FaxReport report = p.faxReport();
    String context = name + ": " + report + "\nfaxpeer (exit " + r.exit() + "): " + r.result();
    System.out.println("[" + name + "] faxgate " + report + "\n[" + name + "] faxpeer " + r.result().encode());
    assertTrue(report.success(), context);
    assertEquals(2, report.pages(), context);
    assertEquals("OK", r.result().getString("status"), context);
    assertEquals(2, sink.kept.size(), context);
  }
}
