package dev.faxgate.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** faxpeer, the reference peer, as the benchmark commands run it beside their own figures. */
final class ReferencePeer {
  private ReferencePeer() {}

  /** The binary: {@code explicit} (--faxpeer) or $FAXPEER, if executable; null otherwise (no comparison). */
  static Path find(Path explicit) {
    Path fp = explicit;
    String env = System.getenv("FAXPEER");
    if (fp == null && env != null && !env.isEmpty()) {
      fp = Path.of(env);
    }
    return fp != null && Files.isExecutable(fp) ? fp : null;
  }

  /**
   * Runs {@code faxpeer ARGS...} on {@code cpu} and returns its JSON result line, or null if it printed none or failed
   * to run.
   */
  static JsonObject run(SameCpu cpu, Path faxpeer, String... args) {
    try {
      List<String> command = new ArrayList<>(List.of(faxpeer.toString()));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(cpu.command(command)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String last = null;
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.startsWith("{")) {
            last = line;
          }
        }
      }
      p.waitFor(600, TimeUnit.SECONDS);
      return last == null ? null : new JsonObject(last);
    } catch (Exception e) {
      return null;
    }
  }
}
