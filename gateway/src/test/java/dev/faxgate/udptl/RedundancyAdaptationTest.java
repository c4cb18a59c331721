package dev.faxgate.udptl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The extra redundancy depth follows the incoming loss: up at once, down slowly, within its ceiling. */
class RedundancyAdaptationTest {
  private long received;
  private long missing;

  /** One window of {@code total} sequence numbers, {@code lost} of them missing. */
  private int window(RedundancyAdaptation a, int total, int lost) {
    received += total - lost;
    missing += lost;
    return a.update(received, missing);
  }

  @Test
  void noLossNoExtraDepth() {
    RedundancyAdaptation a = new RedundancyAdaptation(6);
    for (int i = 0; i < 20; i++) {
      assertEquals(0, window(a, 100, 0));
    }
    assertEquals(0, a.maxUsed());
  }

  @Test
  void theDepthRisesAtOnceWithTheLossAndStopsAtItsCeiling() {
    RedundancyAdaptation a = new RedundancyAdaptation(4);
    assertEquals(1, window(a, 100, 1), "1% loss: one more secondary");
    assertEquals(1, window(a, 100, 1));
    assertEquals(3, window(a, 100, 9), "the average of 1% and 9%: 5%");
    assertEquals(4, window(a, 100, 30), "capped at the ceiling");
    assertEquals(4, a.maxUsed());
  }

  @Test
  void itFallsOneStepPerCalmStretchSoAFaxKeepsItsMarginBetweenBursts() {
    RedundancyAdaptation a = new RedundancyAdaptation(8);
    assertEquals(5, window(a, 100, 10));
    int windows = 0;
    while (a.extra() > 0 && windows < 100) {
      window(a, 100, 0);
      windows++;
    }
    assertEquals(5 * RedundancyAdaptation.CALM_WINDOWS, windows, "one step down per " + RedundancyAdaptation.CALM_WINDOWS
        + " calm windows");
    assertEquals(5, a.maxUsed(), "the most used stays reported");
  }

  @Test
  void aQuietLineChangesNothingAndItsCountsCarryOver() {
    RedundancyAdaptation a = new RedundancyAdaptation(6);
    assertEquals(0, window(a, 5, 1), "5 sequence numbers say nothing yet");
    assertEquals(5, window(a, 5, 0), "with the next 5: 1 of 10 missing, 10%");
  }

  @Test
  void zeroCeilingNeverAdapts() {
    RedundancyAdaptation a = new RedundancyAdaptation(0);
    assertEquals(0, window(a, 100, 50));
    assertThrows(IllegalArgumentException.class, () -> new RedundancyAdaptation(-1));
  }
}
