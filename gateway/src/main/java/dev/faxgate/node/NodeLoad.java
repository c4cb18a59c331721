package dev.faxgate.node;

import io.vertx.core.json.JsonObject;

/**
 * One node's load as it publishes it on {@link dev.faxgate.faxopt.BusAddresses#NODE_LOAD}.
 *
 * @param node its {@code node.id}
 * @param member its Hazelcast member (= Vert.x cluster node) id: a membership event names this
 * @param active sessions running on it
 * @param capacity sessions it takes at most ({@code sessions.max}, or less when its ports or descriptors hold fewer)
 * @param cpu its process's CPU load, 0..1 (-1 when the JVM does not say)
 * @param draining it is stopping and takes no new session
 */
public record NodeLoad(String node, String member, int active, long capacity, double cpu, boolean draining) {

  /** Share of its capacity in use: what the placement compares, so a smaller node fills no faster. */
  public double usage() {
    return capacity <= 0 ? 1 : (double) active / capacity;
  }

  public NodeLoad withActive(int n) {
    return new NodeLoad(node, member, n, capacity, cpu, draining);
  }

  public JsonObject toJson() {
    return new JsonObject().put("node", node).put("member", member).put("active", active).put("capacity", capacity)
        .put("cpu", cpu).put("draining", draining);
  }

  /** @throws IllegalArgumentException for a message of another shape (it is then ignored, not believed) */
  public static NodeLoad fromJson(JsonObject json) {
    try {
      String node = json.getString("node");
      String member = json.getString("member");
      if (node == null || member == null) {
        throw new IllegalArgumentException("node and member are required");
      }
      return new NodeLoad(node, member, json.getInteger("active"), json.getLong("capacity"), json.getDouble("cpu"),
          json.getBoolean("draining"));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not a node load report: " + e.getMessage(), e);
    }
  }
}
