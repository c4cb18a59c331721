package dev.faxgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A clustered session's id names its node; anything else names none. */
class SessionIdsTest {
  @Test
  void aClusteredIdNamesItsNode() {
    String id = SessionIds.next("gw-2", true);
    assertTrue(id.startsWith("gw-2."), id);
    assertEquals("gw-2", SessionIds.node(id));
    String dotted = SessionIds.next("ip-10-0-0-1.ec2.internal", true);
    assertEquals("ip-10-0-0-1.ec2.internal", SessionIds.node(dotted));
  }

  @Test
  void aSingleNodeOrAStrangeNodeNameGivesABareUuid() {
    String single = SessionIds.next("gw-1", false);
    UUID.fromString(single);
    assertNull(SessionIds.node(single));
    String odd = SessionIds.next("node/with slash", true);
    UUID.fromString(odd);
    assertNull(SessionIds.node(odd));
  }

  @Test
  void whatIsNotOneOfOurIdsNamesNoNode() {
    for (String id : new String[] {"", "nobody", "gw-1.", "gw-1.not-a-uuid-at-all-but-36-chars-long",
        "." + UUID.randomUUID(), "a b." + UUID.randomUUID(), "%zz." + UUID.randomUUID()}) {
      assertNull(SessionIds.node(id), id);
    }
  }
}
