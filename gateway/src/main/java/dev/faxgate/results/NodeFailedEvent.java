package dev.faxgate.results;

import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxError;
import dev.faxgate.faxopt.FaxOptions;
import dev.faxgate.faxopt.FaxResult;
import dev.faxgate.faxopt.FaxStatus;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionTags;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import io.vertx.core.json.JsonObject;

/**
 * The completion event of a session its node left running (SIGKILL, OOM, power): {@code FAILED},
 * error {@code NODE_FAILED}, with what the {@link OutboxSessionLog} knew last (pages, rate,
 * remote station id, mode; the legs and FAXOPT items as they were at the start). Its end time is
 * the moment the restarted node found it, since nobody saw the real end.
 */
final class NodeFailedEvent {
  private NodeFailedEvent() {}

  static CompletionEvent of(OutboxSessionLog.Unfinished session, Instant foundAt) {
    JsonObject s = session.state();
    String node = s.getString("node", "");
    FaxResult result = new FaxResult()
        .setPages(s.getInteger("pages", 0))
        .setRate(s.getInteger("rate"))
        .setRemoteStationId(s.getString("remotestationid"));
    result.setOutcome(FaxStatus.FAILED, "node " + node + " stopped while the session ran (killed, out of memory or"
        + " power lost); reported when it started again", FaxError.NODE_FAILED.name());
    Instant start = foundAt;
    try {
      start = Instant.parse(s.getString("startTime", ""));
    } catch (DateTimeParseException e) {
      // an unreadable start time: the event still goes out, with the time it was found
    }
    FaxOptions options;
    try {
      options = new FaxOptions(s.getJsonObject("faxopt", new JsonObject()));
    } catch (RuntimeException e) {
      options = new FaxOptions();
    }
    JsonObject legs = new JsonObject();
    JsonObject transport = new JsonObject();
    s.getJsonObject("legs", new JsonObject()).forEach(entry -> {
      if (entry.getValue() instanceof JsonObject leg) {
        JsonObject l = leg.copy();
        l.putNull("packets"); // the statistics died with the node
        legs.put(entry.getKey(), l);
        if (l.getString("udptl") != null && !transport.containsKey("t38Version")) {
          transport.put("t38Version", l.getInteger("t38Version")).put("errorRecovery", l.getString("ec"));
        }
      }
    });
    SessionMode mode = SessionMode.fromWireName(s.getString("mode"));
    Instant end = foundAt.isBefore(start) ? start : foundAt;
    SessionTags tags;
    try {
      tags = SessionTags.fromJson(s.getJsonObject("tags", new JsonObject()));
    } catch (RuntimeException e) {
      tags = SessionTags.NONE; // a journal from before tags, or unreadable: the event still goes out
    }
    return CompletionEvent.of(session.sessionId(), node, mode, start, end, options, result, legs, transport, tags);
  }
}
