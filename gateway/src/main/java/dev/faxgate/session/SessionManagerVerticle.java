package dev.faxgate.session;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.BusAddresses;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxDetectMode;
import dev.faxgate.faxopt.FaxDetectSetting;
import dev.faxgate.faxopt.FaxError;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.FaxOptItem;
import dev.faxgate.faxopt.FaxOptItems;
import dev.faxgate.faxopt.FaxOptMessages;
import dev.faxgate.faxopt.FaxOptMessages.Op;
import dev.faxgate.faxopt.FaxOptSnapshot;
import dev.faxgate.faxopt.FaxOptions;
import dev.faxgate.faxopt.FaxStatus;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.GatewaySetting;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.media.Endpoint;
import dev.faxgate.media.MediaLeg;
import dev.faxgate.media.MediaPlane;
import dev.faxgate.metrics.FaxgateMetrics;
import dev.faxgate.metrics.FaxgateMetrics.Operation;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, answers for and ends the sessions of this node. Each session gets its own consumer on
 * {@code faxopt.<sessionId>} (FAXOPT get and set, describe, end); the fixed session addresses
 * forward to it, so they work for a session on any node of the cluster. Every end — by request, by
 * a timeout, or by shutdown — produces exactly one completion event, handed to the
 * {@link ResultSink} and published on {@link BusAddresses#RESULTS}.
 */
public final class SessionManagerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SessionManagerVerticle.class);

  private final GatewayConfig config;
  private final FaxgateMetrics metrics;
  private final ResultSink resultSink;
  private final MediaPlane media;
  private final Clock clock;
  private final String node;
  /** Events each session keeps for controllers that poll instead of listening on the bus. */
  static final int EVENTS_KEPT = 256;
  private final Map<String, Entry> sessions = new LinkedHashMap<>();
  private int active;
  private EventBus bus;

  /** A session with its consumer, timers and, once ending, its completion. */
  private static final class Entry {
    final Session session;
    MessageConsumer<Object> consumer;
    long activityTimer = -1;
    long durationTimer = -1;
    boolean mediaOpen;
    boolean faxActive;
    /** The mode it was created in (its meters stay under it). */
    SessionMode createdMode;
    /** Switch to T.38: whether this session watches for V.21, the legs asked to move, and the wait. */
    boolean startsAsAudio;
    final java.util.Set<String> t38Requested = new java.util.LinkedHashSet<>();
    long t38Timer = -1;
    boolean switched;
    /** An outcome the session's flow fixed before its end (T38_NEG_ERROR, NATIVE_T38). */
    FaxStatus presetStatus;
    String presetStatusStr;
    String presetError;
    /** The session's recent events, oldest first. */
    final java.util.ArrayDeque<JsonObject> events = new java.util.ArrayDeque<>();
    Future<CompletionEvent> ending;
    /** When faxdetect was last set: its seconds count from here. */
    Instant faxDetectSince = Instant.EPOCH;

    Entry(Session session) {
      this.session = session;
    }
  }

  public SessionManagerVerticle(GatewayConfig config, FaxgateMetrics metrics, ResultSink resultSink, MediaPlane media,
      Clock clock) {
    this.config = config;
    this.metrics = metrics;
    this.resultSink = resultSink;
    this.media = media;
    this.clock = clock;
    this.node = config.nodeId();
  }

  @Override
  public Future<?> start() {
    bus = vertx.eventBus();
    List<Future<Void>> registered = List.of(
        bus.consumer(BusAddresses.SESSION_CREATE, this::onCreate).completion(),
        bus.consumer(BusAddresses.SESSION_END, m -> forward(m, Op.END, Operation.END)).completion(),
        bus.consumer(BusAddresses.SESSION_DESCRIBE, m -> forward(m, Op.DESCRIBE, Operation.DESCRIBE)).completion(),
        bus.consumer(BusAddresses.SESSION_LIST, this::onList).completion(),
        bus.<JsonObject>localConsumer(MediaPlane.silenceAddress(), this::onSilence).completion(),
        bus.<JsonObject>localConsumer(MediaPlane.detectionAddress(), this::onDetection).completion(),
        bus.<JsonObject>localConsumer(MediaPlane.activityAddress(), this::onFaxActivity).completion(),
        bus.<JsonObject>localConsumer(MediaPlane.preambleAddress(), this::onPreamble).completion(),
        bus.<JsonObject>localConsumer(MediaPlane.faxProgressAddress(), this::onFaxProgress).completion(),
        bus.<JsonObject>localConsumer(MediaPlane.faxEndAddress(), this::onFaxEnd).completion());
    return Future.all(registered);
  }

  /** Ends every active session as FAILED/HANGUP: the node is going away, and no result may be lost. */
  @Override
  public Future<?> stop() {
    List<Entry> running = sessions.values().stream().filter(e -> e.ending == null).toList();
    if (!running.isEmpty()) {
      log.info("shutting down: ending {} active session(s)", running.size());
    }
    List<Future<CompletionEvent>> ending = new ArrayList<>();
    for (Entry e : sessions.values()) {
      ending.add(e.ending != null ? e.ending : end(e, FaxStatus.FAILED, "gateway shutting down", FaxError.HANGUP.name()));
    }
    return Future.join(ending);
  }

  private void onCreate(Message<Object> msg) {
    try {
      if (active >= config.getInt(ConfigKey.SESSIONS_MAX)) {
        throw new FaxOptException(FaxOptError.AT_CAPACITY,
            "node " + node + " is at its cap of " + config.get(ConfigKey.SESSIONS_MAX) + " active sessions");
      }
      if (!resultSink.accepting()) {
        throw new FaxOptException(FaxOptError.AT_CAPACITY, "node " + node + " takes no sessions now: " + resultSink.refusal());
      }
      SessionOptions request = new SessionOptions(FaxOptMessages.requireObject(msg.body()));
      FaxOptions options = request.resolveFaxOptions(config.faxOptDefaults());
      Session session = new Session(UUID.randomUUID().toString(), node, request, options, clock.instant());
      Entry entry = new Entry(session);
      sessions.put(session.id(), entry);
      active++;
      Future<JsonObject> mediaOpened = MediaPlane.carriesMedia(session.mode(), request.getLegs())
          ? media.open(session.id(), session.mode(), request.getLegs(), options)
          : Future.succeededFuture(new JsonObject());
      entry.consumer = bus.consumer(BusAddresses.faxopt(session.id()), m -> onSessionMessage(entry, m));
      Future.all(entry.consumer.completion(), mediaOpened).onComplete(ready -> {
        if (ready.failed()) {
          sessions.remove(session.id());
          active--;
          entry.consumer.unregister();
          if (mediaOpened.succeeded()) {
            media.close(session.id());
          }
          FaxOptException e = FaxOptException.from(ready.cause(), BusAddresses.faxopt(session.id()));
          log.info("session create refused: {}", e.getMessage());
          fail(msg, Operation.CREATE, e);
          return;
        }
        entry.mediaOpen = MediaPlane.carriesMedia(session.mode(), request.getLegs());
        entry.createdMode = session.mode();
        entry.startsAsAudio = entry.mediaOpen && MediaPlane.startsAsAudio(session.mode(), request.getLegs(), options);
        session.setMedia(mediaOpened.result());
        metrics.sessionStarted(session.mode());
        scheduleTimers(entry);
        applyFaxDetect(entry);
        publish(entry, SessionEvents.created(session.id(), session.mode(), clock.instant()));
        log.info("session {} created: mode={} legs={} faxopt={}", session.id(), session.mode(),
            session.info().legs().encode(), request.getFaxopt().encode());
        metrics.operation(Operation.CREATE, null);
        msg.reply(session.info().toJson());
      });
    } catch (FaxOptException e) {
      log.info("session create refused: {}", e.getMessage());
      fail(msg, Operation.CREATE, e);
    } catch (RuntimeException e) {
      log.error("session create failed", e);
      fail(msg, Operation.CREATE, new FaxOptException(FaxOptError.INTERNAL, e.toString()));
    }
  }

  private void onList(Message<Object> msg) {
    JsonArray list = new JsonArray();
    sessions.values().forEach(e -> list.add(e.session.info().toJson()));
    metrics.operation(Operation.LIST, null);
    msg.reply(new JsonObject().put(FaxOptMessages.SESSIONS, list));
  }

  /** Forwards end and describe from the fixed address to the session's own, wherever it runs. */
  private void forward(Message<Object> msg, Op op, Operation counted) {
    String id;
    try {
      id = FaxOptMessages.string(FaxOptMessages.requireObject(msg.body()), FaxOptMessages.SESSION_ID, true);
    } catch (FaxOptException e) {
      fail(msg, counted, e);
      return;
    }
    String address = BusAddresses.faxopt(id);
    bus.<Object>request(address, FaxOptMessages.op(op)).onComplete(reply -> {
      if (reply.succeeded()) {
        msg.reply(reply.result().body());
      } else {
        FaxOptException e = FaxOptException.from(reply.cause(), address);
        if (e.error() == FaxOptError.NO_SUCH_SESSION) {
          fail(msg, counted, new FaxOptException(FaxOptError.NO_SUCH_SESSION, "no session " + id));
        } else {
          msg.fail(e.error().code(), e.getMessage()); // counted where the session answered
        }
      }
    });
  }

  private void onSessionMessage(Entry entry, Message<Object> msg) {
    Session session = entry.session;
    Operation counted = Operation.GET;
    try {
      JsonObject request = FaxOptMessages.requireObject(msg.body());
      Op op = FaxOptMessages.opOf(request);
      switch (op) {
        case GET -> {
          String name = FaxOptMessages.string(request, FaxOptMessages.ITEM, false);
          FaxOptSnapshot snapshot = session.snapshot();
          if (name == null) {
            counted = Operation.GET_ALL;
            JsonObject items = new JsonObject();
            FaxOptItems.ALL.forEach(item -> items.put(item.name(), item.read(snapshot)));
            msg.reply(new JsonObject().put(FaxOptMessages.ITEMS, items));
          } else {
            FaxOptItem<?> item = FaxOptItems.lookup(name);
            msg.reply(FaxOptMessages.itemReply(item.name(), item.read(snapshot)));
          }
        }
        case SET -> {
          counted = Operation.SET;
          FaxOptItem<?> item = FaxOptItems.lookup(FaxOptMessages.string(request, FaxOptMessages.ITEM, true));
          item.requireWritable();
          String value = FaxOptMessages.string(request, FaxOptMessages.VALUE, true);
          if (entry.ending != null) {
            throw new FaxOptException(FaxOptError.SESSION_ENDED,
                "session " + session.id() + " has ended; " + item.name() + " can no longer be written");
          }
          FaxOptions next = new FaxOptions(session.options());
          item.write(next, value);
          next.validate();
          session.replaceOptions(next);
          String readBack = item.read(session.snapshot());
          if (item == FaxOptItems.GATEWAY) {
            scheduleTimers(entry);
          } else if (item == FaxOptItems.FAX_DETECT) {
            applyFaxDetect(entry);
          }
          publish(entry, SessionEvents.optionChanged(session.id(), item.name(), readBack, clock.instant()));
          log.info("session {}: {}={}", session.id(), item.name(), readBack);
          msg.reply(FaxOptMessages.itemReply(item.name(), readBack));
        }
        case DESCRIBE -> {
          counted = Operation.DESCRIBE;
          msg.reply(session.info().toJson());
        }
        case EVENTS -> {
          counted = Operation.DESCRIBE;
          msg.reply(new JsonObject().put(FaxOptMessages.EVENTS, new JsonArray(new ArrayList<>(entry.events))));
        }
        case LEG -> {
          counted = Operation.LEG;
          updateLeg(entry, request);
          msg.reply(session.info().toJson());
        }
        case END -> {
          counted = Operation.END;
          end(entry, FaxStatus.FAILED, "session ended by request", FaxError.HANGUP.name()).onComplete(done -> {
            metrics.operation(Operation.END, null);
            msg.reply(done.result().toJson());
          });
          return;
        }
      }
      metrics.operation(counted, null);
    } catch (FaxOptException e) {
      fail(msg, counted, e);
    } catch (RuntimeException e) {
      log.error("session {}: request {} failed", session.id(), msg.body(), e);
      fail(msg, counted, new FaxOptException(FaxOptError.INTERNAL, e.toString()));
    }
  }

  /** Publishes a session event and keeps it for {@code GET /sessions/{id}/events} (the last {@value #EVENTS_KEPT}). */
  private void publish(Entry entry, JsonObject event) {
    if (entry.events.size() == EVENTS_KEPT) {
      entry.events.removeFirst();
    }
    entry.events.addLast(event);
    bus.publish(BusAddresses.sessionEvents(entry.session.id()), event);
  }

  private void fail(Message<?> msg, Operation op, FaxOptException e) {
    metrics.operation(op, e.error());
    msg.fail(e.error().code(), e.getMessage());
  }

  /** (Re)arms the no-fax-activity timeout (FAXOPT gateway=yes,N) and the session's maximum duration. */
  private void scheduleTimers(Entry entry) {
    Session session = entry.session;
    if (entry.activityTimer >= 0) {
      vertx.cancelTimer(entry.activityTimer);
      entry.activityTimer = -1;
    }
    GatewaySetting gateway = session.options().getGateway();
    if (gateway.enabled() && gateway.timeoutSeconds() > 0 && !entry.faxActive) {
      int seconds = gateway.timeoutSeconds();
      entry.activityTimer = vertx.setTimer(seconds * 1000L, t -> end(entry, FaxStatus.FAILED,
          "no fax activity after " + seconds + " s", FaxError.TIMEOUT.name()));
    }
    int maxSeconds = config.getInt(ConfigKey.SESSIONS_MAX_DURATION_SECONDS);
    if (entry.durationTimer < 0 && maxSeconds > 0) {
      entry.durationTimer = vertx.setTimer(maxSeconds * 1000L, t -> end(entry, FaxStatus.FAILED,
          "session exceeded sessions.max_duration_seconds (" + maxSeconds + " s)", FaxError.TIMEOUT.name()));
    }
  }

  /**
   * FAXOPT faxdetect on a session with audio legs: {@code cng} and {@code yes} run the tone
   * detectors (CNG, CED/ANSam, V.21 preamble) on every audio leg, for the optional seconds;
   * {@code no} and {@code t38} stop them ({@code t38} waits for a leg's switch to T.38).
   */
  private void applyFaxDetect(Entry entry) {
    entry.faxDetectSince = clock.instant();
    if (!entry.mediaOpen) {
      return;
    }
    FaxDetectSetting detect = entry.session.options().getFaxDetect();
    boolean audio = detect.mode() == FaxDetectMode.CNG || detect.mode() == FaxDetectMode.YES;
    long durationMs = !audio ? 0 : detect.timeoutSeconds() > 0 ? detect.timeoutSeconds() * 1000L : Long.MAX_VALUE;
    media.watchTones(entry.session.id(), durationMs);
  }

  /**
   * The controller's report that a leg changed (e.g. its far end was re-INVITEd to T.38). The leg's
   * options are replaced; with faxdetect {@code t38} or {@code yes} still running, a leg that
   * gains a UDPTL address is a T.38 detection. The media already running is not re-plumbed here:
   * switching an audio session to the gateway is the switch-to-T.38 flow's job.
   */
  private void updateLeg(Entry entry, JsonObject request) {
    Session session = entry.session;
    if (entry.ending != null) {
      throw new FaxOptException(FaxOptError.SESSION_ENDED, "session " + session.id() + " has ended");
    }
    String name = FaxOptMessages.string(request, FaxOptMessages.LEG, true);
    if (!SessionOptions.LEG_NAMES.contains(name)) {
      throw new FaxOptException(FaxOptError.MALFORMED_REQUEST, "unknown leg '" + name + "'; legs are a and b");
    }
    Object body = request.getValue(FaxOptMessages.OPTIONS);
    LegOptions next = new LegOptions(FaxOptMessages.requireObject(body == null ? new JsonObject() : body));
    LegOptions before = session.leg(name);
    session.updateLeg(name, next);
    Instant now = clock.instant();
    publish(entry, SessionEvents.legChanged(session.id(), name, next.toJson(), now));
    log.info("session {}: leg {} now {}", session.id(), name, next.toJson().encode());
    FaxDetectSetting detect = session.options().getFaxDetect();
    boolean watchesT38 = detect.mode() == FaxDetectMode.T38 || detect.mode() == FaxDetectMode.YES;
    boolean inTime = detect.timeoutSeconds() == 0
        || Duration.between(entry.faxDetectSince, now).getSeconds() < detect.timeoutSeconds();
    if (watchesT38 && inTime && next.getUdptl() != null && (before == null || before.getUdptl() == null)) {
      publish(entry, SessionEvents.detection(session.id(), "t38", name, now));
      metrics.detected(FaxgateMetrics.Tone.T38);
      log.info("session {}: t38 detected on leg {} (the controller switched it to T.38)", session.id(), name);
    }
    retargetMedia(entry, name, before, next);
    if (entry.t38Requested.contains(name) && next.getUdptl() != null && !entry.switched) {
      boolean allAnswered = entry.t38Requested.stream().allMatch(l -> session.leg(l).getUdptl() != null);
      if (allAnswered) {
        switchToT38(entry);
      }
    }
  }

  /**
   * A leg whose far address changed within the transport it carries (a re-INVITE to a new port):
   * its socket follows. A move to T.38 of an audio leg is the switch-to-T.38 flow's, not this.
   */
  private void retargetMedia(Entry entry, String name, LegOptions before, LegOptions next) {
    if (!entry.mediaOpen) {
      return;
    }
    MediaLeg.Transport transport = media.transport(entry.session.id(), name);
    String was = before == null ? null : transport == MediaLeg.Transport.UDPTL ? before.getUdptl() : before.getRtp();
    String now = transport == MediaLeg.Transport.UDPTL ? next.getUdptl() : transport == MediaLeg.Transport.RTP ? next.getRtp() : null;
    if (now != null && !now.equals(was)) {
      media.retarget(entry.session.id(), name, Endpoint.parse(now)).onComplete(r -> {
        if (r.failed()) {
          log.warn("session {}: leg {} could not move to {}: {}", entry.session.id(), name, now, r.cause().getMessage());
        }
      });
    }
  }

  /**
   * The switch-to-T.38 flow: V.21 was heard on a leg of a session that watches for it. The far leg
   * (both with negotiate_both) is asked to move to T.38; the controller has t38timeout ms to
   * report its UDPTL address.
   */
  private void onPreamble(Message<JsonObject> msg) {
    Entry entry = sessions.get(msg.body().getString("sessionId"));
    if (entry == null || entry.ending != null || !entry.startsAsAudio || !entry.t38Requested.isEmpty()) {
      return;
    }
    Session session = entry.session;
    entry.faxActive = true; // the flow's own t38timeout takes over from FAXOPT gateway=yes,N
    if (entry.activityTimer >= 0) {
      vertx.cancelTimer(entry.activityTimer);
      entry.activityTimer = -1;
    }
    String heard = msg.body().getString("leg");
    String far = heard.equals("a") ? "b" : "a";
    entry.t38Requested.add(far);
    if (session.options().isNegotiateBoth()) {
      entry.t38Requested.add(heard);
    }
    int timeoutMs = session.options().getT38TimeoutMs();
    Instant now = clock.instant();
    for (String leg : entry.t38Requested) {
      publish(entry, SessionEvents.t38Request(session.id(), leg, heard, timeoutMs, now));
    }
    log.info("session {}: V.21 heard on leg {}; asking the controller to move leg(s) {} to T.38 within {} ms",
        session.id(), heard, entry.t38Requested, timeoutMs);
    entry.t38Timer = vertx.setTimer(timeoutMs, t -> onT38Timeout(entry));
  }

  /** t38timeout passed: with one leg moved, the gateway takes it; with none, T38_NEG_ERROR and audio goes on. */
  private void onT38Timeout(Entry entry) {
    entry.t38Timer = -1;
    if (entry.ending != null || entry.switched) {
      return;
    }
    Session session = entry.session;
    java.util.List<String> moved = entry.t38Requested.stream().filter(l -> session.leg(l).getUdptl() != null).toList();
    if (!moved.isEmpty()) {
      switchToT38(entry);
      return;
    }
    int timeoutMs = session.options().getT38TimeoutMs();
    entry.presetStatus = FaxStatus.FAILED;
    entry.presetError = FaxError.T38_NEG_ERROR.name();
    entry.presetStatusStr = "error negotiating T.38: no UDPTL address for leg(s) " + String.join(",", entry.t38Requested)
        + " within " + timeoutMs + " ms; the fax went on as audio";
    publish(entry, SessionEvents.t38Timeout(session.id(), entry.t38Requested,
        clock.instant()));
    log.warn("session {}: {}", session.id(), entry.presetStatusStr);
  }

  /** Re-plumbs the media: one leg moved -> gateway; both -> T.38 relay (NATIVE_T38, as Asterisk reports it). */
  private void switchToT38(Entry entry) {
    Session session = entry.session;
    entry.switched = true;
    if (entry.t38Timer >= 0) {
      vertx.cancelTimer(entry.t38Timer);
      entry.t38Timer = -1;
    }
    LegOptions a = session.leg("a");
    LegOptions b = session.leg("b");
    SessionMode from = session.mode();
    Future<Void> done;
    SessionMode to;
    if (a.getUdptl() != null && b.getUdptl() != null) {
      to = SessionMode.T38_RELAY;
      done = media.switchToT38Relay(session.id(), a, b);
    } else {
      to = SessionMode.GATEWAY;
      String t38Leg = a.getUdptl() != null ? "a" : "b";
      done = media.switchToGateway(session.id(), t38Leg, session.leg(t38Leg), session.options());
    }
    done.onComplete(r -> {
      if (r.failed()) {
        log.error("session {}: the switch to {} failed: {}", session.id(), to, r.cause().getMessage());
        if (entry.ending == null) {
          end(entry, FaxStatus.FAILED, "the switch to T.38 failed: " + r.cause().getMessage(), FaxError.T38_NEG_ERROR.name());
        }
        return;
      }
      session.switchMode(to);
      if (to == SessionMode.T38_RELAY) {
        entry.presetStatus = FaxStatus.SUCCESS;
        entry.presetError = FaxError.NATIVE_T38.name();
        entry.presetStatusStr = "both legs switched to T.38: relayed natively, no gateway necessary";
      }
      publish(entry, SessionEvents.modeChanged(session.id(), from, to, clock.instant()));
      log.info("session {}: switched from {} to {}", session.id(), from, to);
    });
  }

  private void onDetection(Message<JsonObject> msg) {
    JsonObject d = msg.body();
    Entry entry = sessions.get(d.getString("sessionId"));
    if (entry == null || entry.ending != null) {
      return;
    }
    String id = entry.session.id();
    String tone = d.getString("tone");
    JsonObject event = SessionEvents.detection(id, tone, d.getString("leg"), clock.instant())
        .put("toneStartMs", d.getLong("toneStartMs")).put("detectedMs", d.getLong("detectedMs"))
        .put("levelDbm0", d.getDouble("levelDbm0"));
    publish(entry, event);
    metrics.detected(tone.equals("cng") ? FaxgateMetrics.Tone.CNG
        : tone.equals("v21-preamble") ? FaxgateMetrics.Tone.V21_PREAMBLE : FaxgateMetrics.Tone.CED);
    log.info("session {}: {} detected on leg {} (tone from {} ms, detected at {} ms, {} dBm0)", id, tone,
        d.getString("leg"), d.getLong("toneStartMs"), d.getLong("detectedMs"), d.getDouble("levelDbm0"));
  }

  /** Fax signals were seen: the no-fax-activity timeout (FAXOPT gateway=yes,N) has done its job. */
  private void onFaxActivity(Message<JsonObject> msg) {
    Entry entry = sessions.get(msg.body().getString("sessionId"));
    if (entry != null && entry.ending == null) {
      entry.faxActive = true;
      if (entry.activityTimer >= 0) {
        vertx.cancelTimer(entry.activityTimer);
        entry.activityTimer = -1;
      }
      log.info("session {}: fax activity seen", entry.session.id());
    }
  }

  /** The fax's score changed: FAXOPT pages, rate, resolution, remotestationid read it from now on. */
  private void onFaxProgress(Message<JsonObject> msg) {
    Entry entry = sessions.get(msg.body().getString("sessionId"));
    JsonObject fax = msg.body().getJsonObject("fax");
    if (entry != null && entry.ending == null && fax != null) {
      entry.session.applyFaxReport(fax.copy().putNull("failingPhase"));
    }
  }

  /** The fax ended by itself (DCN, a FAXOPT limit, a silent leg): the session ends with its outcome. */
  private void onFaxEnd(Message<JsonObject> msg) {
    Entry entry = sessions.get(msg.body().getString("sessionId"));
    JsonObject fax = msg.body().getJsonObject("fax");
    if (entry != null && entry.ending == null && fax != null) {
      boolean ok = fax.getBoolean("success", false);
      end(entry, ok ? FaxStatus.SUCCESS : FaxStatus.FAILED, fax.getString("statusStr"), fax.getString("error"));
    }
  }

  private void onSilence(Message<JsonObject> msg) {
    Entry entry = sessions.get(msg.body().getString("sessionId"));
    if (entry != null && entry.ending == null) {
      long seconds = msg.body().getLong("silentMs", 0L) / 1000;
      end(entry, FaxStatus.FAILED, "no media for " + seconds + " s; the fax outcome is not monitored in "
          + entry.session.mode() + " mode", FaxError.TIMEOUT.name());
    }
  }

  /**
   * Ends a session once: closes its media (collecting each leg's statistics), then builds its
   * completion event, hands it to the result sink and publishes it. Ending it again returns the
   * same future.
   */
  private Future<CompletionEvent> end(Entry entry, FaxStatus status, String statusStr, String error) {
    if (entry.ending != null) {
      return entry.ending;
    }
    Session session = entry.session;
    vertx.cancelTimer(entry.activityTimer);
    vertx.cancelTimer(entry.durationTimer);
    vertx.cancelTimer(entry.t38Timer);
    if (entry.presetStatus != null) {
      status = entry.presetStatus;
      statusStr = entry.presetStatusStr;
      error = entry.presetError;
    }
    FaxStatus finalStatus = status;
    String finalStatusStr = statusStr;
    String finalError = error;
    Instant now = clock.instant();
    Future<JsonObject> mediaClosed = entry.mediaOpen ? media.close(session.id()) : Future.succeededFuture(new JsonObject());
    entry.ending = mediaClosed.recover(e -> {
      log.error("session {}: closing its media failed; its packet statistics are lost", session.id(), e);
      return Future.succeededFuture(new JsonObject());
    }).compose(stats -> {
      JsonObject fax = (JsonObject) stats.remove(MediaPlane.FAX_REPORT);
      if (fax != null) {
        session.applyFaxReport(fax);
      }
      CompletionEvent event = session.end(finalStatus, finalStatusStr, finalError, now, stats);
      return resultSink.accept(event).recover(e -> {
        log.error("session {}: its completion event could not be stored for Kafka ({}); it is only in this log: {}",
            session.id(), e.getMessage(), event);
        return Future.succeededFuture();
      }).map(stored -> event);
    }).map(event -> {
      active--;
      SessionMode counted = entry.createdMode != null ? entry.createdMode : session.mode();
      metrics.sessionEnded(counted, event.status(), event.error());
      metrics.pages(counted, event.pages());
      JsonObject json = event.toJson();
      if (json.getInteger("rate") != null && json.getString("modem") != null) {
        metrics.negotiatedRate(dev.faxgate.faxopt.Modem.valueOf(json.getString("modem")), json.getInteger("rate"));
      }
      bus.publish(BusAddresses.RESULTS, event.toJson());
      publish(entry, SessionEvents.ended(event, now));
      log.info("session {} ended: {} {} ({}) after {} ms", session.id(), event.status(), event.error(),
          event.statusStr(), event.durationMs());
      long retain = Duration.ofSeconds(config.getInt(ConfigKey.SESSIONS_RETAIN_ENDED_SECONDS)).toMillis();
      if (retain > 0) {
        vertx.setTimer(retain, t -> forget(entry));
      } else {
        forget(entry);
      }
      return event;
    });
    return entry.ending;
  }

  private void forget(Entry entry) {
    sessions.remove(entry.session.id());
    if (entry.consumer != null) {
      entry.consumer.unregister();
    }
  }

  /** Active sessions on this node (for health and tests). */
  public int activeSessions() {
    return active;
  }

  /** Ids of every known session, active or recently ended. */
  public List<String> sessionIds() {
    return new ArrayList<>(sessions.keySet());
  }
}
