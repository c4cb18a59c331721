package dev.faxgate.fuzz;

import java.lang.management.ManagementFactory;

/** Bytes the current thread has allocated so far (HotSpot's per-thread counter). */
final class Allocation {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocation() {
  }

  static long now() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /**
   * The fewest bytes one of up to three runs of {@code replay} allocated, stopping at the first
   * that allocated none. An allocation the code makes shows in every run; what the JVM itself
   * allocates now and then on the thread (deoptimisation rematerialising an object) does not.
   */
  static long leastOf3(Runnable replay) {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3 && least > 0; i++) {
      long before = now();
      replay.run();
      least = Math.min(least, now() - before);
    }
    return least;
  }
}
