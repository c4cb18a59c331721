package dev.faxgate.node;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Where a new session goes: the live node that is not draining with the smallest share of its
 * capacity in use; between equals, the one whose process uses less CPU, then by name (so the
 * choice is stable). Sessions are what a node's capacity is counted in (each holds sockets,
 * ports and a DSP share), so they come first; CPU only breaks ties, as it moves with what the
 * sessions are doing at that instant.
 */
public final class Placement {
  private static final Comparator<NodeLoad> LEAST_LOADED = Comparator.comparingDouble(NodeLoad::usage)
      .thenComparingDouble(l -> l.cpu() < 0 ? 1 : l.cpu())
      .thenComparing(NodeLoad::node);

  private Placement() {}

  /** The node to take the next session, or empty when none of {@code live} takes sessions. */
  public static Optional<NodeLoad> choose(Collection<NodeLoad> live) {
    return live.stream().filter(l -> !l.draining() && l.active() < l.capacity()).min(LEAST_LOADED);
  }
}
