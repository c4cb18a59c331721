package dev.faxgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faxgate.cli.FaxgateCommand;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine;

/** Runs a {@code faxgate} command in this JVM and gives its one JSON line from stdout, with its exit code. */
record CommandJsonLine(int exit, JsonObject json) {
  static CommandJsonLine run(String... args) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit;
    System.setOut(new PrintStream(out, true));
    try {
      exit = new CommandLine(new FaxgateCommand()).execute(args);
    } finally {
      System.setOut(stdout);
    }
    List<String> lines = out.toString().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "one JSON line on stdout: " + out);
    return new CommandJsonLine(exit, new JsonObject(lines.get(0)));
  }
}
