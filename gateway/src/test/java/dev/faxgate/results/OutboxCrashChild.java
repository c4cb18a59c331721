package dev.faxgate.results;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link OutboxCrashTest}: opens an outbox (fsync on, small segments), appends
 * events and acknowledges some of them, and reports each only after the call returned (so after its
 * fsync): {@code appended <id> <seq>} and {@code acked <id>}. Then, depending on the mode, it
 * either dies at once with {@link Runtime#halt} (no close, no flush) or waits to be killed.
 *
 * <p>Arguments: directory, number of events, mode ({@code halt} or {@code wait}).
 */
public final class OutboxCrashChild {
  /** Small segments, so crashes also meet rollovers and deletions. */
  static final Outbox.Options OPTIONS = Outbox.Options.defaults().withSegmentBytes(2048);

  private OutboxCrashChild() {
  }

  /** The payload of event number {@code seq}. */
  static byte[] payload(long seq) {
    return ("{\"eventId\":\"crash-" + seq + "\",\"seq\":" + seq + ",\"status\":\"OK\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether the child acknowledges the record of event {@code seq} (three events later): most, but
   * every 40th stays, so some segments are deleted and others are pinned.
   */
  static boolean acknowledges(long seq) {
    return seq % 40 != 0;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    boolean halt = args[2].equals("halt");
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    Outbox outbox = Outbox.open(dir, OPTIONS);
    out.println("opened " + outbox.recovery().isClean());
    out.flush();
    long[] ids = new long[count + 1];
    for (int seq = 1; seq <= count; seq++) {
      ids[seq] = outbox.append(payload(seq));
      out.println("appended " + ids[seq] + " " + seq);
      out.flush();
      int old = seq - 3;
      if (old >= 1 && acknowledges(old)) {
        outbox.acknowledge(ids[old]);
        out.println("acked " + ids[old]);
        out.flush();
      }
    }
    out.println("done");
    out.flush();
    if (halt) {
      Runtime.getRuntime().halt(3);
    }
    Thread.sleep(Long.MAX_VALUE); // until killed; the outbox is never closed
  }
}
