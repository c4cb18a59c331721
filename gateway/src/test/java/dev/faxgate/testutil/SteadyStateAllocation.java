package dev.faxgate.testutil;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * What the current thread allocates while a step runs again and again, after a warm-up.
 *
 * <p>The bytes are counted in several consecutive windows. An allocation of the code under test recurs at every step, so
 * it shows in every window (one 16-byte object per step is 16 bytes times the window's steps); a one-off event of the
 * JVM shows in one window only. CI once counted 2216 bytes in a single 5000-step window of a loop that allocates
 * nothing even when interpreted (-Xint), and 50 local runs never did; so one window of the three may go over a bound.
 * An allocation every few thousand steps still reaches at least two windows.
 */
public final class SteadyStateAllocation {
  private static final int WINDOWS = 3;

  private final long[] bytes;
  private final int stepsPerWindow;

  private SteadyStateAllocation(long[] bytes, int stepsPerWindow) {
    this.bytes = bytes;
    this.stepsPerWindow = stepsPerWindow;
  }

  /** Runs {@code step} {@code warmUpSteps} times (the JIT compiles the loops), then three windows of {@code stepsPerWindow}. */
  public static SteadyStateAllocation measure(Runnable step, int warmUpSteps, int stepsPerWindow) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    if (!mx.isThreadAllocatedMemorySupported()) {
      throw new IllegalStateException("this JVM does not count a thread's allocated bytes");
    }
    mx.setThreadAllocatedMemoryEnabled(true);
    for (int i = 0; i < warmUpSteps; i++) {
      step.run();
    }
    long thread = Thread.currentThread().getId();
    long[] bytes = new long[WINDOWS];
    for (int w = 0; w < WINDOWS; w++) {
      long before = mx.getThreadAllocatedBytes(thread);
      for (int i = 0; i < stepsPerWindow; i++) {
        step.run();
      }
      bytes[w] = mx.getThreadAllocatedBytes(thread) - before;
    }
    return new SteadyStateAllocation(bytes, stepsPerWindow);
  }

  /** Whether every window but at most one allocated fewer than {@code bound} bytes. */
  public boolean allButOneWindowBelow(long bound) {
    return Arrays.stream(bytes).filter(b -> b >= bound).count() <= 1;
  }

  /** All steps measured (the windows', not the warm-up's). */
  public int measuredSteps() {
    return WINDOWS * stepsPerWindow;
  }

  @Override
  public String toString() {
    return "allocated " + Arrays.toString(bytes) + " bytes in windows of " + stepsPerWindow + " steps";
  }
}
