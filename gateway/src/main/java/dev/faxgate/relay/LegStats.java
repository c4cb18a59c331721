package dev.faxgate.relay;

import dev.faxgate.rtp.RtpStats;
import dev.faxgate.udptl.UdptlReceiver;
import dev.faxgate.udptl.UdptlSender;
import java.util.LinkedHashMap;
import java.util.Map;

/** One leg's packet statistics as the completion event carries them, the same keys for every processor. */
public final class LegStats {
  private LegStats() {}

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
    m.put("late", 0L);
    m.put("duplicates", r.duplicates());
    m.put("malformed", r.malformed());
    m.put("restarts", r.restarts());
    m.put("sent", s.sent());
    m.put("secondariesShed", s.secondariesShed());
    m.put("fecEntriesShed", s.fecEntriesShed());
    return m;
  }
}
