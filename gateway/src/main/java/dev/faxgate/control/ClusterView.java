package dev.faxgate.control;

import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the HTTP API knows of the cluster: which nodes are there, how loaded, which are gone. A
 * single node is a cluster of one ({@link #single}); a clustered node's view is kept by the node
 * package from the load every node publishes and Hazelcast's membership events.
 */
public interface ClusterView {
  /**
   * The node a new session goes to: {@code requested} when it names a live node that takes
   * sessions, else (null) the least-loaded live node that is not draining.
   *
   * @throws FaxOptException NODE_GONE for a node that left, NO_SUCH_SESSION for a node never seen,
   *     DRAINING when it (or every node) drains
   */
  String place(String requested);

  /** A create on {@code node} succeeded: count it there until the node's next load report. */
  void placed(String node);

  /** Why {@code node} cannot be reached (it left the cluster), or {@code null} when it can or is not known. */
  String gone(String node);

  /**
   * When {@code node} last reported its load ({@link System#nanoTime}), or {@link Long#MAX_VALUE}
   * for a node this view does not follow (itself when not clustered, a node never heard of).
   */
  long heardAt(String node);

  /** The nodes believed alive, this one included. */
  List<String> liveNodes();

  /** Each known node: {@code node}, {@code state} (UP, DRAINING, GONE), {@code active}, {@code cpu}. */
  JsonArray describe();

  /** The view of a node that is not clustered: itself, always there. */
  static ClusterView single(String self, java.util.function.IntSupplier active,
      java.util.function.BooleanSupplier draining) {
    return new ClusterView() {
      @Override
      public String place(String requested) {
        if (requested != null && !requested.equals(self)) {
          throw new FaxOptException(FaxOptError.NO_SUCH_SESSION, "no node " + dev.faxgate.faxopt.FaxOptMessages.quote(requested)
              + ": this node (" + self + ") is not clustered");
        }
        return self;
      }

      @Override
      public void placed(String node) {}

      @Override
      public String gone(String node) {
        return null;
      }

      @Override
      public long heardAt(String node) {
        return Long.MAX_VALUE;
      }

      @Override
      public List<String> liveNodes() {
        return List.of(self);
      }

      @Override
      public JsonArray describe() {
        return new JsonArray().add(new JsonObject().put("node", self).put("state", draining.getAsBoolean() ? "DRAINING" : "UP")
            .put("active", active.getAsInt()));
      }
    };
  }
}
