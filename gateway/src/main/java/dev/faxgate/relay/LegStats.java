package dev.faxgate.relay;

import dev.faxgate.rtp.RtpStats;
import dev.faxgate.udptl.UdptlReceiver;
import dev.faxgate.udptl.UdptlSender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One leg's packet statistics as the completion event carries them, the same keys for every
 * processor; and the outcome counters the node's meters total while a session runs, read into a
 * {@code long[]} without allocating (see {@link MediaProcessor#legCounters}).
 */
public final class LegStats {
  private LegStats() {}

  /** Index in a {@link MediaProcessor#legCounters} array. */
  public static final int LOST = 0;
  /** Index in a {@link MediaProcessor#legCounters} array. */
  public static final int LATE = 1;
  /** Index in a {@link MediaProcessor#legCounters} array. */
  public static final int DUPLICATES = 2;
  /** Index in a {@link MediaProcessor#legCounters} array. */
  public static final int MALFORMED = 3;
  /** Index in a {@link MediaProcessor#legCounters} array. */
  public static final int RECOVERED_REDUNDANCY = 4;
  /** Index in a {@link MediaProcessor#legCounters} array. */
  public static final int RECOVERED_FEC = 5;
  /** The keys of the metered counters in the statistics map, in index order. */
  public static final List<String> METERED = List.of("lost", "late", "duplicates", "malformed", "recoveredRedundancy",
      "recoveredFec");
  /** Length of a {@link MediaProcessor#legCounters} array. */
  public static final int METERED_COUNT = 6;

  /** An RTP leg's metered counters, as {@link #rtp(RtpStats, long)} reports them. */
  public static void rtp(RtpStats s, long[] into) {
    into[LOST] = s.lost();
    into[LATE] = s.late();
    into[DUPLICATES] = s.duplicated();
    into[MALFORMED] = s.malformed();
    into[RECOVERED_REDUNDANCY] = 0;
    into[RECOVERED_FEC] = 0;
  }

  /** A UDPTL leg's metered counters, as {@link #udptl(UdptlReceiver, UdptlSender)} reports them. */
  public static void udptl(UdptlReceiver r, long[] into) {
    into[LOST] = r.lost();
    into[LATE] = r.late();
    into[DUPLICATES] = r.duplicates();
    into[MALFORMED] = r.malformed();
    into[RECOVERED_REDUNDANCY] = r.recoveredByRedundancy();
    into[RECOVERED_FEC] = r.recoveredByFec();
  }

  /**
   * The metered counters of a statistics map (for a processor without a primitive reader; it
   * allocates, so the processors the node runs override {@link MediaProcessor#legCounters}).
   */
  public static void fromMap(Map<String, Object> stats, long[] into) {
    for (int i = 0; i < METERED_COUNT; i++) {
      into[i] = stats.get(METERED.get(i)) instanceof Number n ? n.longValue() : 0;
    }
  }

  /** An RTP leg: what its jitter buffer counted, and the packets sent to it. */
  public static Map<String, Object> rtp(RtpStats s, long sent) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("received", s.received());
    m.put("lost", s.lost());
    m.put("recovered", 0L);
    m.put("late", s.late());
    m.put("duplicates", s.duplicated());
    m.put("reordered", s.reordered());
    m.put("malformed", s.malformed());
    m.put("ignored", s.ignored());
    m.put("restarts", s.restarts());
    m.put("jitterMs", Math.round(s.jitterMillis() * 100) / 100.0);
    m.put("playoutMs", s.playoutMillis());
    m.put("sent", sent);
    return m;
  }

  /** A UDPTL leg: what its receiver recovered and lost, and what its sender sent and shed. */
  public static Map<String, Object> udptl(UdptlReceiver r, UdptlSender s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("received", r.received());
    m.put("lost", r.lost());
    m.put("recovered", r.recoveredByRedundancy() + r.recoveredByFec());
    m.put("recoveredRedundancy", r.recoveredByRedundancy());
    m.put("recoveredFec", r.recoveredByFec());
    m.put("late", r.late());
    m.put("duplicates", r.duplicates());
    m.put("malformed", r.malformed());
    m.put("restarts", r.restarts());
    m.put("sent", s.sent());
    m.put("secondariesShed", s.secondariesShed());
    m.put("fecEntriesShed", s.fecEntriesShed());
    return m;
  }
}
