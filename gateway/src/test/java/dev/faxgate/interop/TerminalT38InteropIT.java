package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.terminal.ImageCoding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faxgate's T.30 terminal over T.38 against spandsp's (faxpeer t38-recv, t38-send) over real UDPTL
 * on loopback: the T.38 rows of the pairwise matrix ({@link TerminalMatrix}), and an ECM fax
 * through 2 % loss. Every fax is started at once in {@link #startAll} (they are independent
 * real-time calls, so the class takes about as long as its longest fax); each test waits for its
 * own and checks it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TerminalT38InteropIT {
  @TempDir
  static Path dir;
  private static final Map<String, CompletableFuture<TerminalMatrix.Outcome>> running = new ConcurrentHashMap<>();
  private static final Map<String, String> table = new ConcurrentHashMap<>();

  /**
   * 2 % of what Faxgate sends is lost on the way to faxpeer; image data carries no redundancy, so
   * ECM's partial page requests repair it (control frames and indicators carry 3 copies, as the
   * categories allow). MH, 3 pages: enough frames (about 150) that the loss hits several.
   */
  static final TerminalMatrix.Fax LOSS = new TerminalMatrix.Fax("L1", TerminalMatrix.Pairing.SEND_T38, true, 14400,
      ImageCoding.MH, false, 3, null, 0, 2);

  static List<TerminalMatrix.Fax> matrix() {
    return TerminalMatrix.on(false);
  }

  @BeforeAll
  static void startAll() {
    Faxpeer.binary();
    for (TerminalMatrix.Fax f : matrix()) {
      running.put(f.name(), TerminalMatrix.start(dir, f));
    }
    running.put(LOSS.name(), TerminalMatrix.start(dir, LOSS));
  }

  @AfterAll
  static void printTable() {
    StringBuilder sb = new StringBuilder(TerminalMatrix.head("Faxgate's terminal on T.38 against spandsp's"));
    for (TerminalMatrix.Fax f : matrix()) {
      sb.append(table.getOrDefault(f.name(), f.describe() + " | (not run)")).append('\n');
    }
    sb.append(table.getOrDefault(LOSS.name(), LOSS.describe() + " | (not run)")).append(" (2 % loss)\n");
    System.out.println(sb);
  }

  private static TerminalMatrix.Outcome outcome(TerminalMatrix.Fax f) throws Exception {
    try {
      TerminalMatrix.Outcome o = running.get(f.name()).get(240, TimeUnit.SECONDS);
      table.put(f.name(), f.describe() + " | " + o.line());
      return o;
    } catch (java.util.concurrent.ExecutionException e) {
      table.put(f.name(), f.describe() + " | FAILED");
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void pairwise(TerminalMatrix.Fax f) throws Exception {
    outcome(f);
  }

  @Test
  void faxgateSendsEcmThroughLossAndTheLostFramesComeAgainOnPpr() throws Exception {
    TerminalMatrix.Outcome o = outcome(LOSS);
    System.out.println("[" + LOSS.name() + "] 2 % loss: faxpeer sent " + o.pprs() + " PPR(s); all pages identical");
    assertTrue(o.pprs() >= 1, "the loss made no PPR: " + o.line());
  }
}
