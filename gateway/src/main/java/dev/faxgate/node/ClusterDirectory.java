package dev.faxgate.node;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import dev.faxgate.control.ClusterView;
import dev.faxgate.faxopt.BusAddresses;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.FaxOptMessages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every clustered node's view of the cluster. Each node publishes its load once a second on
 * {@link BusAddresses#NODE_LOAD} (a bus publish, not a shared map: every node keeps the table
 * locally, so placing a session or checking a session's node costs no cluster round trip, and
 * nothing needs migrating when a node dies, which is exactly when the table is read). A node is
 * gone when Hazelcast removes its member (membership event) or when it has not reported for
 * {@link #SILENT_MS}, whichever comes first; it is back when it reports again (a restart, with a
 * new member id).
 */
public final class ClusterDirectory implements ClusterView {
  private static final Logger log = LoggerFactory.getLogger(ClusterDirectory.class);
  static final long REPORT_MS = 1000;
  /**
   * Three missed reports: longer than a GC pause or a busy second, far shorter than the bus's
   * 10 s timeout or Hazelcast's heartbeat timeout. A node wrongly taken as gone (a longer stall)
   * is back at its next report; meanwhile its sessions answer NODE_GONE and creates go elsewhere.
   */
  static final long SILENT_MS = 3 * REPORT_MS;

  private final Vertx vertx;
  private final String self;
  private final String member;
  private final long capacity;
  private final IntSupplier active;
  private final BooleanSupplier draining;
  private final Map<String, Known> nodes = new ConcurrentHashMap<>();
  private MessageConsumer<JsonObject> consumer;
  private long timer = -1;

  /** What is known of one node: its last report, when it came (System.nanoTime), why it is gone (null: it is not). */
  private record Known(NodeLoad load, long heardNanos, String goneReason) {}

  public ClusterDirectory(Vertx vertx, HazelcastClusterManager cluster, String self, long capacity, IntSupplier active,
      BooleanSupplier draining) {
    this.vertx = vertx;
    this.self = self;
    this.member = cluster.getNodeId();
    this.capacity = capacity;
    this.active = active;
    this.draining = draining;
    cluster.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {}

      @Override
      public void memberRemoved(MembershipEvent event) {
        memberLeft(event.getMember().getUuid().toString());
      }
    });
  }

  /** Starts reporting and listening; completes once this node's consumer is registered cluster-wide. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(BusAddresses.NODE_LOAD, m -> {
      try {
        heard(NodeLoad.fromJson(m.body()));
      } catch (IllegalArgumentException | ClassCastException e) {
        log.warn("a node load report of the wrong shape was ignored: {}", FaxOptMessages.quote(String.valueOf(m.body())));
      }
    });
    return consumer.completion().onSuccess(v -> {
      report();
      timer = vertx.setPeriodic(REPORT_MS, t -> report());
    });
  }

  public Future<Void> close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** Publishes this node's load now (also when it starts draining, so the others stop placing at once). */
  public void report() {
    NodeLoad load = new NodeLoad(self, member, active.getAsInt(), capacity, processCpu(), draining.getAsBoolean());
    heard(load); // the publish comes back too, but this node's own entry must never look stale
    vertx.eventBus().publish(BusAddresses.NODE_LOAD, load.toJson());
  }

  private void heard(NodeLoad load) {
    Known before = nodes.put(load.node(), new Known(load, System.nanoTime(), null));
    if (before == null || before.goneReason() != null) {
      log.info("cluster: node {} is {} ({} active of {}{})", load.node(), before == null ? "here" : "back",
          load.active(), load.capacity(), load.draining() ? ", draining" : "");
    }
  }

  private void memberLeft(String leftMember) {
    nodes.replaceAll((node, known) -> {
      if (known.goneReason() == null && known.load().member().equals(leftMember)) {
        log.warn("cluster: node {} left the cluster (Hazelcast member {} removed); requests about its sessions answer"
            + " NODE_GONE until it returns", node, leftMember);
        return new Known(known.load(), known.heardNanos(), "left the cluster (its Hazelcast member was removed)");
      }
      return known;
    });
  }

  /** Why the node is gone, or null; a node silent for {@link #SILENT_MS} is marked gone here. */
  private String goneReason(String node) {
    Known known = nodes.get(node);
    if (known == null) {
      return null;
    }
    if (known.goneReason() != null) {
      return known.goneReason();
    }
    long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - known.heardNanos());
    if (!node.equals(self) && silentMs > SILENT_MS) {
      String reason = "has not reported its load for " + silentMs / 1000 + " s";
      log.warn("cluster: node {} {}; requests about its sessions answer NODE_GONE until it returns", node, reason);
      nodes.replace(node, known, new Known(known.load(), known.heardNanos(), reason));
      return reason;
    }
    return null;
  }

  @Override
  public String place(String requested) {
    if (requested != null) {
      Known known = nodes.get(requested);
      if (known == null) {
        throw new FaxOptException(FaxOptError.NO_SUCH_SESSION, "no node " + FaxOptMessages.quote(requested)
            + " in the cluster; nodes: " + String.join(", ", liveNodes()));
      }
      String gone = goneReason(requested);
      if (gone != null) {
        throw new FaxOptException(FaxOptError.NODE_GONE, "node " + requested + " " + gone);
      }
      if (known.load().draining()) {
        throw new FaxOptException(FaxOptError.DRAINING, "node " + requested + " is draining (stopping): create the session on"
            + " another node, or leave \"node\" out to let the cluster place it");
      }
      return requested;
    }
    List<NodeLoad> live = new ArrayList<>();
    for (String node : nodes.keySet()) {
      if (goneReason(node) == null) {
        live.add(nodes.get(node).load());
      }
    }
    return Placement.choose(live).map(NodeLoad::node).orElseThrow(() -> live.stream().allMatch(NodeLoad::draining)
        ? new FaxOptException(FaxOptError.DRAINING, "every node of the cluster is draining")
        : new FaxOptException(FaxOptError.AT_CAPACITY, "every node of the cluster is at its capacity or draining"));
  }

  @Override
  public void placed(String node) {
    nodes.computeIfPresent(node, (n, known) ->
        new Known(known.load().withActive(known.load().active() + 1), known.heardNanos(), known.goneReason()));
  }

  @Override
  public String gone(String node) {
    String reason = goneReason(node);
    return reason == null ? null : "node " + node + " " + reason;
  }

  @Override
  public long heardAt(String node) {
    Known known = nodes.get(node);
    return known == null ? Long.MAX_VALUE : known.heardNanos();
  }

  @Override
  public List<String> liveNodes() {
    return nodes.keySet().stream().filter(n -> goneReason(n) == null).sorted().toList();
  }

  @Override
  public JsonArray describe() {
    JsonArray array = new JsonArray();
    nodes.keySet().stream().sorted().forEach(node -> {
      String gone = goneReason(node);
      NodeLoad load = nodes.get(node).load();
      JsonObject json = new JsonObject().put("node", node)
          .put("state", gone != null ? "GONE" : load.draining() ? "DRAINING" : "UP")
          .put("active", load.active()).put("capacity", load.capacity()).put("cpu", load.cpu());
      if (gone != null) {
        json.put("reason", gone);
      }
      array.add(json);
    });
    return array;
  }

  private static double processCpu() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      double load = os.getProcessCpuLoad();
      return load < 0 ? -1 : Math.round(load * 1000) / 1000.0;
    }
    return -1;
  }
}
