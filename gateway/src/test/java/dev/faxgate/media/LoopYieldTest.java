package dev.faxgate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Work cut into slices with {@link LoopYield} lets a timer that came due during a slice run before
 * the next one: an order of events, not a duration, is checked. (Chained with
 * {@code runOnContext} instead, the same timer ran only after the tenth slice.)
 */
class LoopYieldTest {
  private static final int SLICES = 10;

  @Test
  void aTimerDueDuringASliceRunsBeforeTheNextSlice() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Context context = vertx.getOrCreateContext();
      CompletableFuture<int[]> done = new CompletableFuture<>();
      context.runOnContext(v -> {
        int[] sliceAndTimer = {0, -1, 0}; // slices run, the slice the timer followed, slices run elsewhere
        Thread loop = Thread.currentThread();
        vertx.setTimer(1, t -> sliceAndTimer[1] = sliceAndTimer[0]);
        LoopYield[] yield = new LoopYield[1];
        yield[0] = new LoopYield(context, x -> {
          if (Thread.currentThread() != loop || Vertx.currentContext() != context) {
            sliceAndTimer[2]++;
          }
          long start = System.nanoTime();
          while (System.nanoTime() - start < 2_000_000L) {
            Thread.onSpinWait(); // each slice outlasts the timer's 1 ms: it is due when the slice ends
          }
          if (++sliceAndTimer[0] < SLICES) {
            yield[0].later();
          } else {
            done.complete(sliceAndTimer);
          }
        });
        yield[0].later();
      });
      int[] result = done.get(10, TimeUnit.SECONDS);
      assertEquals(SLICES, result[0]);
      assertEquals(0, result[2], "slices run off the context's thread or context");
      assertTrue(result[1] >= 1 && result[1] <= 2, "the timer ran after slice " + result[1] + " of " + SLICES);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
