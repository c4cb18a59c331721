package dev.faxgate.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where the placement puts a session, from the loads the nodes published. */
class PlacementTest {
  private static NodeLoad load(String node, int active, long capacity, double cpu, boolean draining) {
    return new NodeLoad(node, "member-" + node, active, capacity, cpu, draining);
  }

  private static String chosen(NodeLoad... loads) {
    return Placement.choose(List.of(loads)).map(NodeLoad::node).orElse(null);
  }

  @Test
  void theSmallestShareOfCapacityInUseWins() {
    assertEquals("gw-2", chosen(load("gw-1", 2, 100, 0.1, false), load("gw-2", 0, 100, 0.9, false), load("gw-3", 1, 100, 0, false)));
    // 10 of 1000 is less loaded than 5 of 100
    assertEquals("gw-1", chosen(load("gw-1", 10, 1000, 0.5, false), load("gw-2", 5, 100, 0.0, false)));
  }

  @Test
  void cpuThenTheNameBreakTies() {
    assertEquals("gw-3", chosen(load("gw-2", 1, 100, 0.40, false), load("gw-3", 1, 100, 0.05, false)));
    assertEquals("gw-2", chosen(load("gw-3", 0, 100, 0.2, false), load("gw-2", 0, 100, 0.2, false)));
    assertEquals("gw-1", chosen(load("gw-1", 0, 100, 0.3, false), load("gw-2", 0, 100, -1, false)), "unknown CPU counts as busy");
  }

  @Test
  void drainingAndFullNodesTakeNothing() {
    assertEquals("gw-1", chosen(load("gw-1", 50, 100, 0.9, false), load("gw-2", 0, 100, 0, true)));
    assertEquals("gw-2", chosen(load("gw-1", 100, 100, 0, false), load("gw-2", 99, 100, 0.9, false)));
    assertEquals(Optional.empty(), Placement.choose(List.of(load("gw-1", 100, 100, 0, false), load("gw-2", 0, 100, 0, true))));
    assertEquals(Optional.empty(), Placement.choose(List.of()));
  }

  @Test
  void aLoadReportRoundTripsAndAStrangeOneIsRefused() {
    NodeLoad l = load("gw-1", 3, 75, 0.25, true);
    assertEquals(l, NodeLoad.fromJson(l.toJson()));
    for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("node", "x").put("member", "m"),
        l.toJson().put("active", "three"))) {
      try {
        NodeLoad.fromJson(bad);
        throw new AssertionError("accepted " + bad);
      } catch (IllegalArgumentException expected) {
        assertTrue(expected.getMessage().contains("node") || expected.getMessage().contains("load"), expected.getMessage());
      }
    }
  }
}
