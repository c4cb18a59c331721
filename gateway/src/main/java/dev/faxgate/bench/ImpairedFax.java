package dev.faxgate.bench;

import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.tools.impair.ImpairmentProxy;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One fax of {@code faxgate bench-impairment}: two faxpeer terminals (spandsp) on either side of a
 * gateway — Faxgate's, a session on an in-process node, or spandsp's ({@code faxpeer gateway}) — with
 * an {@link ImpairmentProxy} on the T.38 leg and, when the condition says so, on the audio leg toward
 * the gateway. It succeeded when both terminals say OK and the received pages are the ones sent.
 */
final class ImpairedFax {
  static final long PROCESS_SECONDS = 330;

  /** Which gateway carries the fax. */
  enum Gateway {
    FAXGATE,
    SPANDSP
  }

  /** What one fax did. {@code detail}: why it failed, or the gateway's own outcome. */
  record Outcome(Gateway gateway, ImpairmentCondition condition, boolean ecm, boolean audioToT38, long seed, boolean ok,
      int pages, double seconds, String detail, String t38Counts) {}

  private final Path faxpeer;
  private final Path work;
  private final Path document;
  private final int pages;
  private final FaxOptClient client;
  private final Map<String, CompletableFuture<CompletionEvent>> events;
  /** The T.38 leg's error recovery at every end, "redundancy" or "fec" (3 deep, or span 3 with 3 entries). */
  private final String ec;

  ImpairedFax(Path faxpeer, Path work, Path document, int pages, FaxOptClient client,
      Map<String, CompletableFuture<CompletionEvent>> events, String ec) {
    if (!ec.equals("redundancy") && !ec.equals("fec")) {
      throw new IllegalArgumentException("error recovery is redundancy or fec, not " + ec);
    }
    this.ec = ec;
    this.faxpeer = faxpeer;
    this.work = work;
    this.document = document;
    this.pages = pages;
    this.client = client;
    this.events = events;
  }

  Outcome run(Gateway gateway, ImpairmentCondition c, boolean ecm, boolean audioToT38, long seed, String tag)
      throws Exception {
    List<Process> started = new ArrayList<>();
    try {
      return run(gateway, c, ecm, audioToT38, seed, tag, started);
    } finally {
      for (Process p : started) {
        p.destroyForcibly(); // only this fax's own processes, any still running
      }
    }
  }

  /** faxpeer's options for the T.38 leg's error recovery, the same as Faxgate's leg gets. */
  private List<String> faxpeerEc() {
    return ec.equals("fec") ? List.of("--ec", "fec", "--fec-span", "3", "--fec-entries", "3")
        : List.of("--ec", "redundancy", "--redundancy", "3");
  }

  private Outcome run(Gateway gateway, ImpairmentCondition c, boolean ecm, boolean audioToT38, long seed, String tag,
      List<Process> started) throws Exception {
    InetAddress lo = InetAddress.getLoopbackAddress();
    int audioTerm = freePort(true);
    int gwRtp = freePort(true);
    int gwUdptl = freePort(false);
    int t38Term = freePort(false);
    long begun = System.nanoTime();
    try (ImpairmentProxy t38 = ImpairmentProxy.start(new InetSocketAddress(lo, t38Term), new InetSocketAddress(lo, gwUdptl),
        c.t38(), c.t38(), seed, 500_000, PROCESS_SECONDS + 30, "t38-" + tag);
        ImpairmentProxy rtp = ImpairmentProxy.start(new InetSocketAddress(lo, audioTerm), new InetSocketAddress(lo, gwRtp),
            c.rtpToGateway(), dev.faxgate.tools.impair.Impairment.NONE, seed + 1, 500_000, PROCESS_SECONDS + 30,
            "rtp-" + tag)) {
      String rtpFar = "127.0.0.1:" + rtp.portFacingB(); // where the gateway sends audio
      String udptlFar = "127.0.0.1:" + t38.portFacingB();
      CompletableFuture<JsonObject> spandspGateway = null;
      String session = null;
      if (gateway == Gateway.FAXGATE) {
        JsonObject faxopt = new JsonObject().put("gateway", "yes");
        if (!ecm) {
          faxopt.put("ecm", "no");
        }
        session = client.create(new SessionOptions().setMode(SessionMode.GATEWAY)
            .setLeg("a", new LegOptions().setLocal("127.0.0.1:" + gwRtp).setRtp(rtpFar))
            .setLeg("b", new LegOptions(new JsonObject().put("local", "127.0.0.1:" + gwUdptl).put("udptl", udptlFar)
                .put("t38Version", 0).put("ec", ec).put("ecDepth", 3).put("fecSpan", 3)))
            .setFaxopt(faxopt)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).sessionId();
        events.putIfAbsent(session, new CompletableFuture<>());
      } else {
        List<String> args = new ArrayList<>(List.of("gateway", "--rtp-local", "127.0.0.1:" + gwRtp, "--rtp-remote", rtpFar,
            "--udptl-local", "127.0.0.1:" + gwUdptl, "--udptl-remote", udptlFar, "--t38-version", "0", "--timeout", "280"));
        args.addAll(faxpeerEc());
        if (!ecm) {
          args.add("--no-ecm");
        }
        spandspGateway = start(tag + "-gw", args, started);
        Thread.sleep(300); // let it bind before the terminals send
      }
      Path received = work.resolve(tag + ".tif");
      List<String> audio = new ArrayList<>(List.of(audioToT38 ? "audio-send" : "audio-recv", "--local",
          "127.0.0.1:" + audioTerm, "--remote", "127.0.0.1:" + rtp.portFacingA(), "--ecm", "--timeout", "280", "-v"));
      List<String> fax = new ArrayList<>(List.of(audioToT38 ? "t38-recv" : "t38-send", "--local", "127.0.0.1:" + t38Term,
          "--remote", "127.0.0.1:" + t38.portFacingA(), "--ecm", "--t38-version", "0", "--timeout", "280", "-v"));
      fax.addAll(faxpeerEc()); // -v above: the T.30 flow and UDPTL losses in the .err files
      (audioToT38 ? audio : fax).addAll(List.of("--tiff", document.toString()));
      (audioToT38 ? fax : audio).addAll(List.of("--out", received.toString()));
      CompletableFuture<JsonObject> receiver = start(tag + "-recv", audioToT38 ? fax : audio, started);
      CompletableFuture<JsonObject> sender = start(tag + "-send", audioToT38 ? audio : fax, started);
      JsonObject sent = sender.get(PROCESS_SECONDS + 10, TimeUnit.SECONDS);
      JsonObject got = receiver.get(PROCESS_SECONDS + 10, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - begun) / 1e9;
      boolean ok = "OK".equals(sent.getString("status")) && "OK".equals(got.getString("status"))
          && Integer.valueOf(pages).equals(got.getInteger("pages"));
      String detail;
      if (ok) {
        JsonObject compare = start(tag + "-cmp", List.of("compare", document.toString(), received.toString()), started)
            .get(60, TimeUnit.SECONDS);
        ok = Boolean.TRUE.equals(compare.getBoolean("identical"));
        detail = ok ? "" : "pages differ: " + compare.encode();
      } else {
        detail = "sender " + sent.getString("status") + " '" + sent.getString("t30_text") + "' pages " + sent.getValue("pages")
            + "; receiver " + got.getString("status") + " '" + got.getString("t30_text") + "' pages " + got.getValue("pages");
      }
      if (session != null) {
        String said;
        try {
          CompletionEvent event;
          try {
            event = events.get(session).get(40, TimeUnit.SECONDS);
          } catch (java.util.concurrent.TimeoutException stillOpen) {
            event = client.end(session).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
          }
          said = event.status() + " " + event.statusStr();
        } catch (Exception e) {
          said = "no completion event: " + e;
        }
        detail += (detail.isEmpty() ? "" : "; ") + "session " + session + " " + said;
      } else {
        String status;
        try {
          status = spandspGateway.get(20, TimeUnit.SECONDS).getString("status");
        } catch (java.util.concurrent.TimeoutException stillRunning) {
          status = "still running after the terminals ended";
        }
        detail += (detail.isEmpty() ? "" : "; ") + "spandsp gateway " + status;
      }
      return new Outcome(gateway, c, ecm, audioToT38, seed, ok, got.getInteger("pages", 0), seconds, detail,
          t38.toString());
    }
  }

  /** Starts {@code faxpeer ARGS}; completes with its last JSON line ({} if none), killed after PROCESS_SECONDS. */
  private static final java.util.concurrent.ExecutorService WAITERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "faxpeer-wait");
    t.setDaemon(true);
    return t;
  });

  private CompletableFuture<JsonObject> start(String tag, List<String> args, List<Process> started) throws IOException {
    List<String> command = new ArrayList<>(List.of(faxpeer.toString()));
    command.addAll(args);
    Path out = work.resolve(tag + ".out");
    Path err = work.resolve(tag + ".err");
    Process p = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    started.add(p);
    return CompletableFuture.supplyAsync(() -> {
      try {
        if (!p.waitFor(PROCESS_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor();
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8).trim();
        String line = stdout.isEmpty() ? "{}" : stdout.substring(stdout.lastIndexOf('\n') + 1);
        return line.startsWith("{") ? new JsonObject(line) : new JsonObject();
      } catch (IOException | InterruptedException e) {
        p.destroyForcibly();
        return new JsonObject().put("status", "ERROR").put("t30_text", e.toString());
      }
    }, WAITERS);
  }

  /** A free UDP port on loopback, even if asked (RTP). */
  static int freePort(boolean even) throws IOException {
    for (int i = 0; i < 200; i++) {
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        if (!even || s.getLocalPort() % 2 == 0) {
          return s.getLocalPort();
        }
      }
    }
    throw new IOException("no free UDP port");
  }
}
