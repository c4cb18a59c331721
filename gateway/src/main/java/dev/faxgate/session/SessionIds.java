package dev.faxgate.session;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Session ids name their node in a cluster: {@code <node.id>.<uuid>} (e.g. {@code gw-2.0b6f...}),
 * so any node can tell who holds a session without asking anyone, and knows at once when that node
 * is gone. A node id that is not a plain name (letters, digits, {@code . _ -}, at most 63) gives
 * bare UUIDs, as a single node does: requests about them simply go where the bus sends them.
 */
public final class SessionIds {
  private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final int UUID_LENGTH = 36;

  private SessionIds() {}

  /** A new id for a session of {@code node}; a bare UUID when the id is not to carry the node. */
  public static String next(String node, boolean clustered) {
    String uuid = UUID.randomUUID().toString();
    return clustered && NODE.matcher(node).matches() ? node + "." + uuid : uuid;
  }

  /** The node an id names, or {@code null} (a bare UUID, or not an id of ours). */
  public static String node(String sessionId) {
    int dot = sessionId.length() - UUID_LENGTH - 1;
    if (dot < 1 || sessionId.charAt(dot) != '.') {
      return null;
    }
    String node = sessionId.substring(0, dot);
    try {
      UUID.fromString(sessionId.substring(dot + 1));
    } catch (IllegalArgumentException notUuid) {
      return null;
    }
    return NODE.matcher(node).matches() ? node : null;
  }
}
