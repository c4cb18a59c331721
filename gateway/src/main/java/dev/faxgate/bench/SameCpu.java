package dev.faxgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a benchmark's measuring thread and the reference peer it compares with on one CPU.
 *
 * <p>On a virtual machine one CPU can be slower than the other for seconds at a time (a busy neighbour on the host).
 * Unpinned, the JVM's thread and faxpeer often ran on different CPUs: bench-modem v17 14400 then measured our receiver
 * at 800-890 µs per audio second in some runs and 550-650 in others, while spandsp's interleaved runs stayed at
 * 610-780. Pinned to one CPU, both sides meet the same machine and their slow phases coincide.
 *
 * <p>Linux only, through util-linux's {@code taskset}; elsewhere (or without it) nothing is pinned and callers say so.
 */
public final class SameCpu {
  /** Nothing pinned: commands run as they are. */
  public static final SameCpu NONE = new SameCpu(-1);

  private final int cpu;

  private SameCpu(int cpu) {
    this.cpu = cpu;
  }

  /** Pins the calling thread to the CPU it runs on now; {@link #NONE} if that is not possible here. */
  public static SameCpu pinCurrentThread() {
    try {
      Path self = Path.of("/proc/thread-self");
      String tid = Files.readSymbolicLink(self).getFileName().toString(); // "PID/task/TID"
      OptionalInt cpu = currentCpu(Files.readString(self.resolve("stat")));
      if (cpu.isEmpty()) {
        return NONE;
      }
      Process p = new ProcessBuilder("taskset", "-p", "-c", Integer.toString(cpu.getAsInt()), tid)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroy();
        return NONE;
      }
      return new SameCpu(cpu.getAsInt());
    } catch (Exception e) { // no /proc (not Linux), no taskset
      return NONE;
    }
  }

  /** The CPU a thread last ran on: field 39 of /proc/.../stat, counted after the command name's closing parenthesis. */
  static OptionalInt currentCpu(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return OptionalInt.empty();
    }
    String[] f = stat.substring(close + 2).trim().split(" ");
    int index = 39 - 3; // fields 1 and 2 (pid, comm) are before the parenthesis; f[0] is field 3
    return f.length > index ? OptionalInt.of(Integer.parseInt(f[index])) : OptionalInt.empty();
  }

  /** The CPU both sides run on, -1 if not pinned. */
  public int cpu() {
    return cpu;
  }

  /** {@code command} run on the same CPU (its children inherit it), or as it is if not pinned. */
  public List<String> command(List<String> command) {
    if (cpu < 0) {
      return command;
    }
    List<String> pinned = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu)));
    pinned.addAll(command);
    return pinned;
  }
}
