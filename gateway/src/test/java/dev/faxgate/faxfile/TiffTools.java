package dev.faxgate.faxfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** libtiff's command-line tools (Debian libtiff-tools) and faxpeer, run on files the tests wrote. */
final class TiffTools {
  private TiffTools() {}

  /** The output of a finished command and its exit status. */
  record Result(int exit, String output) {}

  /** True when {@code tool} is on the PATH; prints a SKIPPED line when it is not. */
  static boolean present(String tool, String what) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    System.out.println("SKIPPED " + what + ": " + tool + " is not installed (Debian package libtiff-tools)");
    return false;
  }

  /** Runs a command to its end (60 s at most), stdout and stderr together. */
  static Result run(Path dir, String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "tool-", ".out");
    Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor();
      throw new IllegalStateException(String.join(" ", command) + " did not end within 60 s");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }
}
