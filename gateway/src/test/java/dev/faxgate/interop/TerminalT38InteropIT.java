package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.terminal.ImageCoding;
import dev.faxgate.terminal.MemoryPageSink;
import dev.faxgate.terminal.PageFormat;
import dev.faxgate.terminal.T38TerminalProcessor;
import dev.faxgate.terminal.TerminalOptions;
import dev.faxgate.terminal.TiffPages;
import dev.faxgate.udptl.UdptlErrorCorrection;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faxgate's T.30 terminal over T.38 against spandsp's (faxpeer) over real UDPTL on loopback, the
 * terminal driven by a 20 ms timer on a real socket ({@link UdpTerminal}), 2 pages of MH at
 * standard resolution made by faxpeer:
 *
 * <ul>
 *   <li>Faxgate sends, {@code faxpeer t38-recv} receives: both SUCCESS/OK, 2 pages, and {@code
 *       faxpeer compare} finds the received file identical to the one sent; without ECM (T.38
 *       version 0, redundancy) and with ECM (version 3, FEC);</li>
 *   <li>{@code faxpeer t38-send} sends, Faxgate receives: both succeed with 2 pages and the same
 *       rate; the received page octets (T.4/T.6 as the DCS chose; nothing here decodes them yet)
 *       are kept under {@code target/terminal-interop/} for the decoder to be checked on.</li>
 * </ul>
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class TerminalT38InteropIT {
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

  private static T38Relay.LegConfig leg(int version, UdptlErrorCorrection ec) {
    return new T38Relay.LegConfig(version, ec, 3, 3, 1, 3, 3, 1400);
  }

  private static List<String> log(String name) {
    List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    return lines;
  }

  private void faxgateSends(String name, boolean ecm, int version, String ec) throws Exception {
    faxgateSends(name, ecm, version, ec, 0);
  }

  private void faxgateSends(String name, boolean ecm, int version, String ec, int lossPercent) throws Exception {
    int ours = Faxpeer.freePort(false);
    int theirs = Faxpeer.freePort(false);
    Path out = dir.resolve(name + ".tif");
    List<String> lines = log(name);
    CompletableFuture<Faxpeer.Run> peer = Faxpeer.start(dir, 180, "t38-recv", "--local", "127.0.0.1:" + theirs,
        "--remote", "127.0.0.1:" + ours, "--out", out.toString(), "--t38-version", Integer.toString(version),
        "--ec", ec, ecm ? "--ecm" : "--no-ecm", "--ident", "faxpeer receiver", "--rx-loss",
        Integer.toString(lossPercent), "-v");
    // with loss, image data goes without redundancy (lost frames are ECM's to repair), control and indicators with 3
    T38Relay.LegConfig legConfig = lossPercent > 0
        ? new T38Relay.LegConfig(version, UdptlErrorCorrection.REDUNDANCY, 3, 3, 0, 3, 3, 1400)
        : leg(version, ec.equals("fec") ? UdptlErrorCorrection.FEC : UdptlErrorCorrection.REDUNDANCY);
    T38TerminalProcessor p = new T38TerminalProcessor(MediaProcessor.LEG_A, legConfig,
        TerminalOptions.of(true, "+1 555 0100", ecm), pages, null, lines::add);
    try (UdpTerminal t = new UdpTerminal(ours, theirs, MediaProcessor.LEG_A, p).start()) {
      t.done().get(170, TimeUnit.SECONDS);
    }
    Faxpeer.Run r = peer.get(60, TimeUnit.SECONDS);
    keepLogs(name, r, lines);
    FaxReport report = p.faxReport();
    String context = name + ": " + report + "\nfaxpeer (exit " + r.exit() + "): " + r.result() + "\n" + String.join("\n", lines)
        + "\nfaxpeer's log:\n" + tail(r.stderr());
    System.out.println("[" + name + "] faxgate " + report + "\n[" + name + "] faxpeer " + r.result().encode());
    assertTrue(report.success(), context);
    assertEquals(2, report.pages(), context);
    assertEquals(0, r.exit(), context + "\n" + r.stderr());
    JsonObject res = r.result();
    assertEquals("OK", res.getString("status"), context);
    assertEquals(2, res.getInteger("pages"), context);
    assertEquals(ecm, res.getBoolean("ecm"), context);
    assertEquals(res.getInteger("bit_rate"), report.rate(), context);
    assertEquals("+1 555 0100", res.getString("remote_ident"), context);
    assertEquals("faxpeer receiver", report.remoteStationId(), context);
    Faxpeer.Run cmp = Faxpeer.run(dir, "compare", document.toString(), out.toString());
    assertEquals(0, cmp.exit(), "faxpeer compare: " + cmp.result() + "\n" + context);
    assertTrue(cmp.result().getBoolean("identical"), cmp.result().encode());
    if (lossPercent > 0) {
      long pprs = p.engine().trace().frames().stream().filter(f -> f.from().equals("b") && f.fcf().equals("PPR")).count();
      assertTrue(pprs >= 1, "the loss made no PPR: " + context);
    }
  }

  private void faxgateReceives(String name, boolean ecm, int version, String ec) throws Exception {
    int ours = Faxpeer.freePort(false);
    int theirs = Faxpeer.freePort(false);
    List<String> lines = log(name);
    MemoryPageSink sink = new MemoryPageSink(EnumSet.allOf(ImageCoding.class));
    T38TerminalProcessor p = new T38TerminalProcessor(MediaProcessor.LEG_A,
        leg(version, ec.equals("fec") ? UdptlErrorCorrection.FEC : UdptlErrorCorrection.REDUNDANCY),
        TerminalOptions.of(false, "+1 555 0199", ecm), null, sink, lines::add);
    CompletableFuture<Faxpeer.Run> peer;
    try (UdpTerminal t = new UdpTerminal(ours, theirs, MediaProcessor.LEG_A, p).start()) {
      peer = Faxpeer.start(dir, 180, "t38-send", "--local", "127.0.0.1:" + theirs, "--remote", "127.0.0.1:" + ours,
          "--tiff", document.toString(), "--t38-version", Integer.toString(version), "--ec", ec,
          ecm ? "--ecm" : "--no-ecm", "--ident", "faxpeer sender", "-v");
      t.done().get(170, TimeUnit.SECONDS);
    }
    Faxpeer.Run r = peer.get(60, TimeUnit.SECONDS);
    keepLogs(name, r, lines);
    FaxReport report = p.faxReport();
    String context = name + ": " + report + "\nfaxpeer (exit " + r.exit() + "): " + r.result() + "\n" + String.join("\n", lines)
        + "\nfaxpeer's log:\n" + tail(r.stderr());
    System.out.println("[" + name + "] faxgate " + report + "\n[" + name + "] faxpeer " + r.result().encode());
    assertTrue(report.success(), context);
    assertEquals(2, report.pages(), context);
    assertEquals(0, r.exit(), context + "\n" + r.stderr());
    JsonObject res = r.result();
    assertEquals("OK", res.getString("status"), context);
    assertEquals(2, res.getInteger("pages"), context);
    assertEquals(ecm, res.getBoolean("ecm"), context);
    assertEquals(res.getInteger("bit_rate"), report.rate(), context);
    assertEquals("+1 555 0199", res.getString("remote_ident"), context);
    assertEquals("faxpeer sender", report.remoteStationId(), context);
    assertEquals(2, sink.kept.size(), context);
    Path keep = Path.of("target", "terminal-interop");
    Files.createDirectories(keep);
    for (int i = 0; i < sink.kept.size(); i++) {
      PageFormat f = sink.formats.get(i);
      byte[] page = sink.kept.get(i);
      assertTrue(page.length > 1000, "page " + (i + 1) + " has " + page.length + " octets");
      Files.write(keep.resolve(name + "-page" + (i + 1) + "-" + f.coding() + "-" + f.width() + "-"
          + f.resolution().dpi() + ".lsb-first"), page);
    }
  }

  /** Both ends' logs, under target/terminal-interop/, for when a fax goes wrong. */
  private static void keepLogs(String name, Faxpeer.Run r, List<String> lines) throws java.io.IOException {
    Path keep = Path.of("target", "terminal-interop");
    Files.createDirectories(keep);
    Files.writeString(keep.resolve(name + "-faxpeer.log"), r.stderr());
    Files.write(keep.resolve(name + "-faxgate.log"), new ArrayList<>(lines));
  }

  private static String tail(String s) {
    return s.length() > 20000 ? s.substring(s.length() - 20000) : s;
  }

  @Test
  void faxgateSendsNonEcm() throws Exception {
    faxgateSends("send-nonecm-v0-red", false, 0, "redundancy");
  }

  @Test
  void faxgateSendsEcm() throws Exception {
    faxgateSends("send-ecm-v3-fec", true, 3, "fec");
  }

  /**
   * 2 % of what Faxgate sends is lost; image data carries no redundancy, so ECM's partial page
   * requests repair it (control frames and indicators carry 3 copies, as the categories allow).
   */
  @Test
  void faxgateSendsEcmThroughLoss() throws Exception {
    faxgateSends("send-ecm-loss2", true, 0, "redundancy", 2);
  }

  @Test
  void faxgateReceivesNonEcm() throws Exception {
    faxgateReceives("recv-nonecm-v3-red", false, 3, "redundancy");
  }

  @Test
  void faxgateReceivesEcm() throws Exception {
    faxgateReceives("recv-ecm-v0-fec", true, 0, "fec");
  }
}
