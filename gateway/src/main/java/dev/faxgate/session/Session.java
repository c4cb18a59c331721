package dev.faxgate.session;

import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptSnapshot;
import dev.faxgate.faxopt.FaxOptions;
import dev.faxgate.faxopt.FaxResult;
import dev.faxgate.faxopt.TerminalJob;
import dev.faxgate.faxfile.SpoolDirectory;
import dev.faxgate.faxopt.FaxStatus;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.faxopt.SessionTags;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One session's control state: its options, its FAXOPT values, the controller's tags, its results
 * and, once ended, its completion event. Owned by one {@link SessionManagerVerticle}; never touched from another thread.
 */
final class Session {
  private final String id;
  private final String node;
  private SessionMode mode;
  private final Map<String, LegOptions> legs;
  private final Instant createdAt;
  /** The controller's own identifiers, fixed at create, repeated on every event. */
  private final SessionTags tags;
  /** The controller asked for a packet capture of the session. */
  private final boolean capture;
  private final TerminalJob terminal;
  private FaxOptions options;
  private final FaxResult result = new FaxResult();
  private CompletionEvent completion;
  /** The media plane's view of each leg: local address while running, statistics once ended. */
  private JsonObject media = new JsonObject();

  Session(String id, String node, SessionOptions request, FaxOptions options, Instant createdAt) {
    this.id = id;
    this.node = node;
    this.mode = request.getMode();
    this.legs = new java.util.LinkedHashMap<>(request.getLegs());
    this.options = options;
    this.createdAt = createdAt;
    this.tags = request.getTags();
    this.capture = request.isCapture();
    TerminalJob job = request.getTerminal();
    if (job != null) { // FAXOPT filename/filenames read them back, as Asterisk's read SendFAX/ReceiveFAX's arguments
      result.setFilenames(job.files().isEmpty() ? List.of(SpoolDirectory.defaultReceiveName(id)) : job.files());
    }
    this.terminal = job;
  }

  /** What a terminal session sends or receives (null for other modes). */
  TerminalJob terminal() {
    return terminal;
  }

  boolean capture() {
    return capture;
  }

  String id() {
    return id;
  }

  SessionMode mode() {
    return mode;
  }

  SessionTags tags() {
    return tags;
  }

  /** The switch to T.38 made this session a gateway or a T.38 relay. */
  void switchMode(SessionMode next) {
    mode = next;
  }

  FaxOptions options() {
    return options;
  }

  void replaceOptions(FaxOptions next) {
    this.options = next;
  }

  /** The leg's options, or null. */
  LegOptions leg(String name) {
    return legs.get(name);
  }

  /** The controller moved a leg (e.g. to T.38): its new options. */
  void updateLeg(String name, LegOptions options) {
    legs.put(name, options);
  }

  void setMedia(JsonObject media) {
    this.media = media == null ? new JsonObject() : media;
  }

  boolean ended() {
    return completion != null;
  }

  CompletionEvent completion() {
    return completion;
  }

  FaxOptSnapshot snapshot() {
    return new FaxOptSnapshot(id, options, result);
  }

  /** Takes the T.30 score a gateway's processor kept (pages, rate, resolution, identities...). */
  void applyFaxReport(JsonObject fax) {
    result.setPages(fax.getInteger("pages", 0));
    result.setRate(fax.getInteger("rate"));
    result.setResolution(fax.getString("resolution"));
    result.setRemoteStationId(fax.getString("remoteStationId"));
    result.setEcmUsed(fax.getBoolean("ecmUsed"));
    result.setModem(fax.getString("modem"));
    result.setFailingPhase(fax.getString("failingPhase"));
  }

  /**
   * Ends the session. An outcome already found (by the fax itself) stands; otherwise the given one
   * is taken. Returns the completion event.
   */
  CompletionEvent end(FaxStatus status, String statusStr, String error, Instant now, JsonObject mediaStats,
      JsonObject t30Summary) {
    if (!result.isFinished()) {
      result.setOutcome(status, statusStr, error);
    }
    media = mediaStats;
    completion = CompletionEvent.of(id, node, mode, createdAt, now, options, result, legsJson(true, null), transport(),
        tags).withT30(t30Summary);
    return completion;
  }

  /** The T.38 version and error recovery of the first leg that speaks T.38 (empty when none does). */
  private JsonObject transport() {
    JsonObject t = new JsonObject();
    legs.values().stream().filter(l -> l.getUdptl() != null).findFirst().ifPresent(l ->
        t.put("t38Version", l.getT38Version()).put("errorRecovery", l.getEc().wireName()));
    return t;
  }

  /**
   * Each leg's options merged with what the media plane says of it ({@code live}, when given, over
   * what it said last); with packets: null where it carried none.
   */
  private JsonObject legsJson(boolean withPackets, JsonObject live) {
    JsonObject json = new JsonObject();
    legs.forEach((name, leg) -> {
      JsonObject l = leg.toJson();
      JsonObject m = media.getJsonObject(name);
      if (m != null) {
        l.mergeIn(m);
      }
      JsonObject now = live == null ? null : live.getJsonObject(name);
      if (now != null) {
        l.mergeIn(now);
      }
      if (withPackets && l.getValue("packets") == null) {
        l.putNull("packets");
      }
      json.put(name, l);
    });
    return json;
  }

  SessionInfo info() {
    return info(null);
  }

  /** The session, its legs showing {@code live} (the media plane's view of them now) when given. */
  SessionInfo info(JsonObject live) {
    JsonObject faxopt = new JsonObject();
    FaxOptSnapshot s = snapshot();
    dev.faxgate.faxopt.FaxOptItems.ALL.forEach(item -> faxopt.put(item.name(), item.read(s)));
    return new SessionInfo(id, node, mode, ended() ? SessionInfo.State.ENDED : SessionInfo.State.ACTIVE, createdAt,
        legsJson(false, live), faxopt, tags, completion);
  }
}
