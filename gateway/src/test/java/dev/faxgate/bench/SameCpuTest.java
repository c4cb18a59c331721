package dev.faxgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SameCpuTest {
  @Test
  void readsTheProcessorFieldAfterACommandNameWithSpacesAndParentheses() {
    // a real line of /proc/PID/stat, with the name changed to one that splits naively
    String stat = "10447 (a (b) c) R 10442 10442 28127 0 -1 4194304 101 0 0 0 0 0 0 0 20 0 1 0 2992279 3133440 388 "
        + "18446744073709551615 94505348308992 94505348328873 140720673060944 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 "
        + "94505348344880 94505348346496 94505442553856 140720673065689 140720673065709 140720673065709 "
        + "140720673066987 0";
    assertEquals(OptionalInt.of(1), SameCpu.currentCpu(stat));
    assertEquals(OptionalInt.empty(), SameCpu.currentCpu("10447 (cat) R 1 2 3"));
  }

  @Test
  void notPinnedLeavesTheCommandAsItIs() {
    assertEquals(List.of("faxpeer", "bench-modem"), SameCpu.NONE.command(List.of("faxpeer", "bench-modem")));
  }

  /** On Linux with taskset: the thread's allowed CPUs become the one it named, and a child command is pinned there. */
  @Test
  void pinsTheCallingThreadAndItsChildren() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/thread-self")), "no /proc/thread-self (not Linux)");
    AtomicReference<String> allowed = new AtomicReference<>();
    AtomicReference<SameCpu> pinned = new AtomicReference<>();
    AtomicReference<String> childAllowed = new AtomicReference<>();
    Thread t = new Thread(() -> { // a thread of its own: the test runner's must stay free to use every CPU
      try {
        SameCpu cpu = SameCpu.pinCurrentThread();
        pinned.set(cpu);
        allowed.set(cpusAllowed(Files.readString(Path.of("/proc/thread-self/status"))));
        Process p = new ProcessBuilder(cpu.command(List.of("grep", "Cpus_allowed_list", "/proc/self/status")))
            .redirectErrorStream(true).start();
        childAllowed.set(cpusAllowed(new String(p.getInputStream().readAllBytes())));
        p.waitFor();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    t.start();
    t.join(20_000);
    assumeTrue(pinned.get() != null && pinned.get() != SameCpu.NONE, "taskset not available");
    assertNotEquals(-1, pinned.get().cpu());
    assertEquals(Integer.toString(pinned.get().cpu()), allowed.get());
    assertEquals(Integer.toString(pinned.get().cpu()), childAllowed.get());
  }

  private static String cpusAllowed(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("Cpus_allowed_list:")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return null;
  }
}
