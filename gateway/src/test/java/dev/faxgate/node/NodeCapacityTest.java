package dev.faxgate.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.bench.SocketBench;
import dev.faxgate.media.PortAllocator;
import org.junit.jupiter.api.Test;

/** What a node can hold under its file-descriptor limit and port range, and what it says when sessions.max is more. */
class NodeCapacityTest {
  @Test
  void theDefaultsHoldTheirSessionsMaxWithAGenerousLimit() {
    NodeCapacity c = NodeCapacity.of(1_048_576, 300, 20000, 29999, 1000);
    assertEquals(2500, c.byPorts());
    assertFalse(c.isShort(), c.describe());
  }

  @Test
  void aLowDescriptorLimitIsNamedWithTheLimitThatWouldDo() {
    NodeCapacity c = NodeCapacity.of(1024 + 200 + 100, 200, 20000, 29999, 1000);
    assertEquals(50, c.sessions());
    assertTrue(c.isShort());
    assertTrue(c.describe().contains("raise the limit to at least 3224"), c.describe());
  }

  @Test
  void aNarrowPortRangeIsNamed() {
    NodeCapacity c = NodeCapacity.of(1_048_576, 300, 20000, 20999, 1000);
    assertEquals(250, c.byPorts());
    assertTrue(c.describe().contains("widen media.port_min..media.port_max to at least 4000 ports"), c.describe());
  }

  @Test
  void benchMediaSizesItsPortRangeForItsDocumentedSessions() {
    // bench-media documents 400 socket sessions: 800 RTP sockets on even ports must fit its range
    int range = SocketBench.portRange(400);
    PortAllocator ports = new PortAllocator(30000, 30000 + range - 1);
    for (int i = 0; i < 800; i++) {
      assertTrue(ports.take(true) >= 0, "even port " + i + " of 800 in a range of " + range);
    }
    assertTrue(NodeCapacity.of(-1, -1, 30000, 30000 + range - 1, 400).byPorts() >= 400);
  }
}
