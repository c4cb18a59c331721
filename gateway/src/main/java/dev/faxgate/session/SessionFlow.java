package dev.faxgate.session;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxDetectMode;
import dev.faxgate.faxopt.FaxDetectSetting;
import dev.faxgate.faxopt.FaxError;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.FaxOptItem;
import dev.faxgate.faxopt.FaxOptItems;
import dev.faxgate.faxopt.FaxOptions;
import dev.faxgate.faxopt.FaxResult;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.FaxStatus;
import dev.faxgate.faxopt.GatewaySetting;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.media.Endpoint;
import dev.faxgate.media.MediaEvent;
import dev.faxgate.media.MediaLeg;
import dev.faxgate.media.MediaPlane;
import dev.faxgate.metrics.FaxgateMetrics;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.t30.T30Supervisor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's flow, from its media opening to its one completion event: the FAXOPT timers
 * ({@code gateway=yes,N}, the maximum duration), faxdetect, the controller's leg updates, the
 * switch to T.38 (V.21 heard, {@code t38-request}, t38timeout, the gateway or the T.38 relay), and
 * the end. Plain Java, one thread: the session manager calls it on its own context, and every
 * future its {@link SessionServices} return completes there too, so nothing here is shared.
 */
final class SessionFlow {
  private static final Logger log = LoggerFactory.getLogger(SessionFlow.class);
  /** Events each session keeps for controllers that poll instead of listening on the bus. */
  static final int EVENTS_KEPT = 256;

  private final Session session;
  private final SessionServices services;
  /** Told once, when the completion event is stored and the session counts as ended. */
  private final Runnable onEnded;
  /** The mode it was created in (its meters stay under it). */
  private final SessionMode createdMode;
  /** The session's recent events, oldest first. */
  private final ArrayDeque<JsonObject> events = new ArrayDeque<>();
  private boolean mediaOpen;
  /** Its packets are captured for capture.failed: the end decides whether the file is kept. */
  private boolean captureIfFailed;
  /** Audio relay watching for V.21 to switch to T.38 (null for sessions without the watch). */
  private T38Switch t38Switch;
  /** A terminal on audio asked the controller for T.38 (its t38timeout timer, -1 when none runs). */
  private boolean terminalAskedT38;
  private long terminalT38Timer = -1;
  private long activityTimer = -1;
  private long durationTimer = -1;
  private boolean faxActive;
  /** When faxdetect was last set: its seconds count from here. */
  private Instant faxDetectSince = Instant.EPOCH;
  /** The one leg of a detect session that only listens (null for other sessions), and its faxdetect deadline. */
  private String listeningLeg;
  private long noFaxTimer = -1;
  /** An outcome the flow fixed before the end (T38_NEG_ERROR, NATIVE_T38); it overrides the end's. */
  private Outcome preset;
  private Future<CompletionEvent> ending;
  /** The T.30 trace the media handed over at the end (null: none, or not ended). */
  private JsonObject endedTrace;
  /** The progress last told to the result sink. */
  private JsonObject lastNoted;
  /** The controller's leg updates, one after the other: each waits for the one before to be done or refused. */
  private Future<Void> legUpdates = Future.succeededFuture();

  /** How a session ended, before its completion event is built. */
  record Outcome(FaxStatus status, String statusStr, String error) {}

  /** The switch-to-T.38 flow's state: the legs asked to move, the t38timeout timer, whether it happened. */
  private static final class T38Switch {
    final Set<String> requested = new LinkedHashSet<>();
    long timer = -1;
    boolean switched;
    /** FAXOPT gateway=yes,N ran out: no switch any more, the audio relay goes on. */
    boolean steppedOut;
    /** V.21 was heard with gateway=no written before it: no switch, the audio relay goes on. */
    boolean declined;
  }

  SessionFlow(Session session, SessionServices services, Runnable onEnded) {
    this.session = session;
    this.services = services;
    this.onEnded = onEnded;
    this.createdMode = session.mode();
  }

  Session session() {
    return session;
  }

  /** True once the session is ending (its completion may still be on its way). */
  boolean ending() {
    return ending != null;
  }

  /** The completion under way, or null. */
  Future<CompletionEvent> completion() {
    return ending;
  }

  List<JsonObject> events() {
    return new ArrayList<>(events);
  }

  /**
   * Opens the session's media, when its mode and legs carry any, then has the result sink note the
   * start (so a crash of the node cannot lose the session's completion event). The future fails,
   * with nothing left open, when the media plane refuses or the start cannot be noted.
   */
  Future<JsonObject> openMedia(Map<String, LegOptions> legs) {
    if (MediaPlane.listensOnly(session.mode(), legs)) {
      if (session.options().getFaxDetect().mode() == FaxDetectMode.NO) {
        return Future.failedFuture(new FaxOptException(FaxOptError.INVALID_VALUE, "a detect session with one leg only"
            + " listens for fax signals: give it faxdetect cng, t38 or yes (with ,SECONDS to end it NO_FAX when none is heard)"));
      }
      listeningLeg = legs.keySet().iterator().next();
    }
    Future<JsonObject> opened = !MediaPlane.carriesMedia(session.mode(), legs) ? Future.succeededFuture(new JsonObject())
        : services.media().open(session.id(), session.mode(), legs, session.options(), session.terminal()).onSuccess(local -> {
          mediaOpen = true;
          if (MediaPlane.startsAsAudio(session.mode(), legs, session.options())) {
            t38Switch = new T38Switch();
          }
        });
    return opened.compose(local -> services.results().started(session.id(), startState()).transform(noted -> {
      if (noted.succeeded()) {
        return Future.succeededFuture(local);
      }
      log.error("session {}: its start could not be noted in the outbox; refused: {}", session.id(),
          noted.cause().getMessage());
      FaxOptException refused = new FaxOptException(FaxOptError.INTERNAL,
          "the session's start could not be stored (" + noted.cause().getMessage() + ")");
      if (!mediaOpen) {
        return Future.failedFuture(refused);
      }
      mediaOpen = false;
      return services.media().close(session.id()).transform(closed -> Future.failedFuture(refused));
    }));
  }

  /** What a NODE_FAILED completion event needs of this session if the node dies while it runs. */
  private JsonObject startState() {
    SessionInfo info = session.info();
    return new JsonObject().put("node", info.node()).put("mode", session.mode().wireName())
        .put("startTime", info.createdAt().toString()).put("legs", info.legs()).put("faxopt", session.options().toJson())
        .put("tags", session.tags().toJson()); // the recovered event is the one consumers most need to join to their CDRs
  }

  /** Tells the result sink what changed of pages, rate, remotestationid or mode (a few times per fax). */
  private void noteProgress() {
    FaxResult r = session.snapshot().result();
    JsonObject known = new JsonObject().put("pages", r.getPages()).put("rate", r.getRate())
        .put("remotestationid", r.getRemoteStationId()).put("mode", session.mode().wireName());
    if (!known.equals(lastNoted)) {
      lastNoted = known;
      services.results().progressed(session.id(), known);
    }
  }

  /** The session exists for the controller from now on: timers, faxdetect, the created event. */
  void started(JsonObject media) {
    session.setMedia(media);
    startCapture();
    services.metrics().sessionStarted(session.mode());
    scheduleTimers();
    applyFaxDetect();
    publish(SessionEvents.created(session.id(), session.mode(), now()));
  }

  /**
   * A packet capture of the session's legs: kept whatever happens when the controller asked for one
   * at create; else, with the node's {@code capture.failed}, kept only if the session does not end
   * SUCCESS ({@link #end} settles it).
   */
  private void startCapture() {
    boolean onlyIfFailed = !session.capture() && services.config().getBoolean(ConfigKey.CAPTURE_FAILED);
    if (!session.capture() && !onlyIfFailed) {
      return;
    }
    if (!mediaOpen) {
      if (session.capture()) {
        log.info("session {}: capture asked for, but the session carries no media", session.id());
      }
      return;
    }
    captureIfFailed = onlyIfFailed;
    services.media().capture(session.id(), onlyIfFailed).onComplete(file -> {
      if (file.failed()) {
        log.warn("session {}: its packets cannot be captured: {}", session.id(), file.cause().getMessage());
      } else if (onlyIfFailed) {
        log.debug("session {}: capturing its packets (capture.failed); they go to {} if it fails", session.id(),
            file.result());
      } else {
        log.info("session {}: capturing its packets; they go to {} when it ends", session.id(), file.result());
      }
    });
  }

  /**
   * Writes one FAXOPT item; the future holds the value as it now reads. {@code item} is writable: the
   * router checks that first, so a read-only item is refused before a missing value is. A write
   * that can no longer act on the running fax fails {@link FaxOptError#TOO_LATE} and changes
   * nothing ({@link #tooLate}; for the T.30 policy items the processor decides, on its own thread,
   * so the write and the frame it would edit cannot race).
   */
  Future<String> set(FaxOptItem<?> item, String value) {
    if (ending != null) {
      throw new FaxOptException(FaxOptError.SESSION_ENDED,
          "session " + session.id() + " has ended; " + item.name() + " can no longer be written");
    }
    FaxOptions next = new FaxOptions(session.options());
    item.write(next, value);
    next.validate();
    String late = tooLate(item, next);
    if (late != null) {
      return Future.failedFuture(tooLateError(item, late));
    }
    T30Supervisor.PolicyItem policyItem = policyItem(item);
    Future<String> acted = policyItem == null || !mediaOpen ? Future.succeededFuture(null)
        : services.media().updatePolicy(session.id(), next, policyItem);
    return acted.compose(refused -> {
      if (refused != null) {
        return Future.failedFuture(tooLateError(item, refused));
      }
      if (ending != null) {
        return Future.failedFuture(new FaxOptException(FaxOptError.SESSION_ENDED,
            "session " + session.id() + " has ended; " + item.name() + " can no longer be written"));
      }
      session.replaceOptions(next);
      String readBack = item.read(session.snapshot());
      if (item == FaxOptItems.GATEWAY) {
        scheduleTimers();
      } else if (item == FaxOptItems.FAX_DETECT) {
        applyFaxDetect();
      }
      publish(SessionEvents.optionChanged(session.id(), item.name(), readBack, now()));
      log.info("session {}: {}={}", session.id(), item.name(), readBack);
      return Future.succeededFuture(readBack);
    });
  }

  /** The T.30 policy part an item governs (the processor's to accept or refuse), or null. */
  private static T30Supervisor.PolicyItem policyItem(FaxOptItem<?> item) {
    if (item == FaxOptItems.ECM) {
      return T30Supervisor.PolicyItem.ECM;
    } else if (item == FaxOptItems.MODEM) {
      return T30Supervisor.PolicyItem.MODEMS;
    } else if (item == FaxOptItems.MAX_RATE) {
      return T30Supervisor.PolicyItem.MAX_RATE;
    } else if (item == FaxOptItems.MIN_RATE) {
      return T30Supervisor.PolicyItem.MIN_RATE;
    }
    return null;
  }

  /**
   * Why a write of {@code item} (giving {@code next}) can no longer act on this session's flow, or
   * null (see docs/faxopt.md, "takes effect"): {@code gateway}'s no-fax-activity clock stops at the
   * first fax activity; {@code t38timeout} and {@code negotiate_both} are read once, when V.21 is
   * heard and the switch to T.38 is requested. Whether a session's media is a gateway, an audio
   * relay that may become one, or a plain audio relay is fixed when its media opens: a write that
   * would change that afterwards cannot act either.
   */
  private String tooLate(FaxOptItem<?> item, FaxOptions next) {
    if ((item == FaxOptItems.HEADER_INFO || item == FaxOptItems.LOCAL_STATION_ID) && session.mode() == SessionMode.TERMINAL
        && mediaOpen) {
      return "a terminal takes headerinfo and localstationid when its media opens (set them at create)";
    }
    if (item == FaxOptItems.GATEWAY && mediaOpen && t38Switch == null && ending == null) {
      boolean gatewayNow = session.mode() == SessionMode.GATEWAY || session.mode() == SessionMode.T38_RELAY;
      boolean turnsOn = next.getGateway().enabled() && !session.options().getGateway().enabled();
      boolean turnsOff = !next.getGateway().enabled() && session.options().getGateway().enabled();
      if (!gatewayNow && turnsOn) {
        return "its " + session.mode().wireName() + " media opened without gateway=yes and does not watch for V.21 "
            + "to switch to T.38 (set gateway at create)";
      }
      if (gatewayNow && turnsOff) {
        return "its " + session.mode().wireName() + " media carries T.38 from the start, with no audio relay to fall "
            + "back to";
      }
    }
    if (item == FaxOptItems.GATEWAY && faxActive) {
      return "fax activity was seen, which stopped the gateway=yes,N clock";
    }
    if (item == FaxOptItems.GATEWAY && t38Switch != null && t38Switch.steppedOut) {
      return "the gateway stepped out after its seconds without fax activity";
    }
    if ((item == FaxOptItems.T38_TIMEOUT || item == FaxOptItems.NEGOTIATE_BOTH) && t38Switch != null
        && t38Switch.declined) {
      return "V.21 was heard with gateway=no, so no switch to T.38 will be asked for";
    }
    if ((item == FaxOptItems.T38_TIMEOUT || item == FaxOptItems.NEGOTIATE_BOTH)
        && t38Switch != null && !t38Switch.requested.isEmpty()) {
      return "V.21 was heard and the switch to T.38 was requested of leg(s) " + String.join(",", t38Switch.requested);
    }
    return null;
  }

  private FaxOptException tooLateError(FaxOptItem<?> item, String why) {
    log.info("session {}: {} not written: too late, {}", session.id(), item.name(), why);
    return new FaxOptException(FaxOptError.TOO_LATE, item.name() + " can no longer act on session " + session.id()
        + ": " + why + "; the value stays " + item.read(session.snapshot()));
  }

  /**
   * The session's T.30 trace ({@link dev.faxgate.t30.T30Trace#toMap()}): from the media while it
   * runs, as the media left it once it has ended; empty when its media watches no T.30.
   */
  Future<JsonObject> t30() {
    if (ending != null) {
      return ending.map(event -> endedTrace == null ? new JsonObject() : endedTrace.copy());
    }
    if (!mediaOpen) {
      return Future.succeededFuture(new JsonObject());
    }
    return services.media().t30(session.id()).map(trace -> trace == null ? new JsonObject() : trace);
  }

  /**
   * The controller's report that a leg changed (e.g. its far end was re-INVITEd to T.38). A new far
   * address within the leg's transport moves its socket first; a UDPTL address the switch to T.38
   * will use is resolved first. Only then are the leg's options replaced; with faxdetect {@code t38}
   * or {@code yes} still running, a leg that gains a UDPTL address is a T.38 detection; the last leg
   * the switch to T.38 waited for completes it. The future completes when all of that is done, so
   * the controller's answer means its packets go there; it fails with the leg left exactly as it
   * was when the new address cannot be used (400 {@code INVALID_VALUE}: it does not resolve, or the
   * socket cannot send there). Updates are applied one at a time, in the order they came.
   */
  Future<Void> updateLeg(String name, LegOptions next) {
    if (ending != null) {
      throw new FaxOptException(FaxOptError.SESSION_ENDED, "session " + session.id() + " has ended");
    }
    Future<Void> done = legUpdates.transform(previous -> moveLeg(name, next));
    legUpdates = done.otherwiseEmpty();
    return done;
  }

  private Future<Void> moveLeg(String name, LegOptions next) {
    if (ending != null) {
      return Future.failedFuture(new FaxOptException(FaxOptError.SESSION_ENDED, "session " + session.id() + " has ended"));
    }
    LegOptions before = session.leg(name);
    return prepareMove(name, before, next).recover(e -> {
      FaxOptException why = FaxOptException.from(e, "leg " + name);
      String message = "leg " + name + " cannot move to " + describeAddresses(next) + ": " + why.getMessage()
          + "; it stays " + (before == null ? "as it was" : "at " + describeAddresses(before));
      log.warn("session {}: {}", session.id(), message);
      return Future.failedFuture(new FaxOptException(why.error(), message));
    }).compose(v -> {
      if (ending != null) {
        return Future.failedFuture(new FaxOptException(FaxOptError.SESSION_ENDED, "session " + session.id()
            + " ended while leg " + name + " was moving"));
      }
      return applyLeg(name, before, next);
    });
  }

  /** The far addresses of a leg's options, for messages. */
  private static String describeAddresses(LegOptions leg) {
    List<String> parts = new ArrayList<>();
    if (leg.getRtp() != null) {
      parts.add("rtp " + leg.getRtp());
    }
    if (leg.getUdptl() != null) {
      parts.add("udptl " + leg.getUdptl());
    }
    return parts.isEmpty() ? "no far address" : String.join(", ", parts);
  }

  /** The leg's options are taken: events, T.38 detection, and the switch to T.38 when this was the last leg it waited for. */
  private Future<Void> applyLeg(String name, LegOptions before, LegOptions next) {
    session.updateLeg(name, next);
    Instant now = now();
    publish(SessionEvents.legChanged(session.id(), name, next.toJson(), now));
    log.info("session {}: leg {} now {}", session.id(), name, next.toJson().encode());
    FaxDetectSetting detect = session.options().getFaxDetect();
    boolean watchesT38 = detect.mode() == FaxDetectMode.T38 || detect.mode() == FaxDetectMode.YES;
    boolean inTime = detect.timeoutSeconds() == 0
        || Duration.between(faxDetectSince, now).getSeconds() < detect.timeoutSeconds();
    if (watchesT38 && inTime && next.getUdptl() != null && (before == null || before.getUdptl() == null)) {
      publish(SessionEvents.detection(session.id(), "t38", name, now));
      services.metrics().detected(FaxgateMetrics.Tone.T38);
      log.info("session {}: t38 detected on leg {} (the controller switched it to T.38)", session.id(), name);
      heard("t38", name, -1);
    }
    if (session.mode() == SessionMode.TERMINAL && mediaOpen && next.getUdptl() != null
        && (before == null || before.getUdptl() == null)
        && services.media().transport(session.id(), name) == MediaLeg.Transport.RTP) {
      services.timers().cancel(terminalT38Timer);
      terminalT38Timer = -1;
      return services.media().switchTerminalToT38(session.id(), name, next).transform(r -> {
        if (r.failed()) {
          log.error("session {}: the terminal could not move to T.38 on leg {}: {}", session.id(), name,
              r.cause().getMessage());
          end(new Outcome(FaxStatus.FAILED, "the move to T.38 failed: " + r.cause().getMessage(),
              FaxError.T38_NEG_ERROR.name()));
          return Future.failedFuture(new FaxOptException(FaxOptError.INTERNAL, "session " + session.id()
              + ": the terminal could not move to T.38 (" + r.cause().getMessage() + "); the session ended"));
        }
        log.info("session {}: the terminal goes on over T.38 on leg {} ({})", session.id(), name, next.getUdptl());
        noteProgress();
        return Future.succeededFuture();
      });
    }
    if (t38Switch != null && t38Switch.requested.contains(name) && next.getUdptl() != null && !t38Switch.switched
        && t38Switch.requested.stream().allMatch(l -> session.leg(l).getUdptl() != null)) {
      return switchToT38().transform(r -> r.succeeded() ? Future.succeededFuture()
          : Future.failedFuture(new FaxOptException(FaxOptError.INTERNAL, "session " + session.id()
              + ": the switch to T.38 failed (" + r.cause().getMessage() + "); the session ended")));
    }
    return Future.succeededFuture();
  }

  /**
   * What must happen before a leg's new options are taken: a far address that changed within the
   * transport the leg carries (a re-INVITE to a new port) moves its socket there; a new UDPTL
   * address on an RTP leg (one the switch to T.38 may use) is resolved, so a name that does not
   * resolve is refused now rather than failing the switch later.
   */
  private Future<Void> prepareMove(String name, LegOptions before, LegOptions next) {
    if (!mediaOpen) {
      return Future.succeededFuture();
    }
    MediaLeg.Transport transport = services.media().transport(session.id(), name);
    String was = before == null ? null : transport == MediaLeg.Transport.UDPTL ? before.getUdptl() : before.getRtp();
    String now = transport == MediaLeg.Transport.UDPTL ? next.getUdptl()
        : transport == MediaLeg.Transport.RTP ? next.getRtp() : null;
    if (now != null && !now.equals(was)) {
      return services.media().retarget(session.id(), name, Endpoint.parse(now));
    }
    String udptl = next.getUdptl();
    if (transport == MediaLeg.Transport.RTP && udptl != null && (before == null || !udptl.equals(before.getUdptl()))) {
      Endpoint far = Endpoint.parse(udptl);
      return Endpoint.literal(far.host()) != null ? Future.succeededFuture()
          : services.media().resolveFar(far).mapEmpty();
    }
    return Future.succeededFuture();
  }

  /**
   * Each leg as the media plane has it now (its packet statistics, local address and the far end
   * its socket sends to), for a describe; empty when the session has no media running.
   */
  Future<JsonObject> liveMedia() {
    return mediaOpen && ending == null ? services.media().describe(session.id()) : Future.succeededFuture(new JsonObject());
  }

  /** What the media plane reported about this session. */
  void onMediaEvent(MediaEvent event) {
    if (ending != null) {
      return;
    }
    if (event instanceof MediaEvent.Silence s && listeningLeg != null) {
      end(new Outcome(FaxStatus.FAILED, "no media for " + s.silentMs() / 1000 + " s, and no fax signal heard",
          FaxError.NO_FAX.name()));
    } else if (event instanceof MediaEvent.Silence s) {
      String unwatched = session.mode() == SessionMode.DETECT
          ? "; the fax outcome is not monitored in " + session.mode() + " mode"
          : t38Switch != null && !t38Switch.switched
          ? "; the fax outcome is not monitored while the session relays audio before a switch to T.38" : "";
      end(new Outcome(FaxStatus.FAILED, "no media for " + s.silentMs() / 1000 + " s" + unwatched, FaxError.TIMEOUT.name()));
    } else if (event instanceof MediaEvent.ToneDetected d) {
      toneDetected(d);
    } else if (event instanceof MediaEvent.T38Heard h) {
      t38Heard(h);
    } else if (event instanceof MediaEvent.FaxActivity) {
      faxActivity();
    } else if (event instanceof MediaEvent.V21Heard v) {
      v21Heard(v.leg());
    } else if (event instanceof MediaEvent.FaxProgress p) {
      session.applyFaxReport(reportJson(p.fax()).putNull("failingPhase"));
      noteProgress();
    } else if (event instanceof MediaEvent.FaxEnded f) {
      end(new Outcome(f.fax().success() ? FaxStatus.SUCCESS : FaxStatus.FAILED, f.fax().statusStr(), f.fax().error()));
    }
  }

  private static JsonObject reportJson(FaxReport report) {
    return new JsonObject(report.toMap());
  }

  private void toneDetected(MediaEvent.ToneDetected d) {
    String leg = listeningLeg != null ? listeningLeg : d.leg(); // a listening session's one leg is the media plane's first
    JsonObject event = SessionEvents.detection(session.id(), d.tone(), leg, now())
        .put("toneStartMs", d.toneStartMs()).put("detectedMs", d.detectedMs()).put("levelDbm0", d.levelDbm0());
    publish(event);
    services.metrics().detected(d.tone().equals("cng") ? FaxgateMetrics.Tone.CNG
        : d.tone().equals("v21-preamble") ? FaxgateMetrics.Tone.V21_PREAMBLE : FaxgateMetrics.Tone.CED);
    log.info("session {}: {} detected on leg {} (tone from {} ms, detected at {} ms, {} dBm0)", session.id(), d.tone(),
        leg, d.toneStartMs(), d.detectedMs(), d.levelDbm0());
    heard(d.tone(), leg, d.detectedMs());
  }

  /**
   * A T.38 leg that is only listened to showed a signal: its arrival counts for faxdetect {@code t38}
   * and {@code yes}, the CNG, CED and V.21 preamble indicators for {@code cng} and {@code yes} (they
   * are those tones, sent as T.38), within faxdetect's seconds.
   */
  private void t38Heard(MediaEvent.T38Heard h) {
    FaxDetectSetting detect = session.options().getFaxDetect();
    boolean arrival = h.signal().equals("t38");
    boolean wanted = detect.mode() == FaxDetectMode.YES
        || (arrival ? detect.mode() == FaxDetectMode.T38 : detect.mode() == FaxDetectMode.CNG);
    boolean inTime = detect.timeoutSeconds() == 0
        || Duration.between(faxDetectSince, now()).getSeconds() < detect.timeoutSeconds();
    if (listeningLeg == null || !wanted || !inTime) {
      return;
    }
    publish(SessionEvents.detection(session.id(), h.signal(), listeningLeg, now()).put("detectedMs", h.atMs()));
    services.metrics().detected(switch (h.signal()) {
      case "t38" -> FaxgateMetrics.Tone.T38;
      case "cng" -> FaxgateMetrics.Tone.CNG;
      case "ced" -> FaxgateMetrics.Tone.CED;
      default -> FaxgateMetrics.Tone.V21_PREAMBLE;
    });
    log.info("session {}: {} detected on T.38 leg {} at {} ms", session.id(), h.signal(), listeningLeg, h.atMs());
    heard(h.signal(), listeningLeg, h.atMs());
  }

  /** A detect session that only listens has done its job at the first fax signal: it ends saying what it heard. */
  private void heard(String signal, String leg, long atMs) {
    if (listeningLeg != null) {
      end(new Outcome(FaxStatus.SUCCESS, "fax heard: " + signal + " on leg " + leg
          + (atMs >= 0 ? " at " + atMs + " ms" : ""), FaxError.NO_ERROR.name()));
    }
  }

  /** Fax signals were seen: the no-fax-activity timeout (FAXOPT gateway=yes,N) has done its job. */
  private void faxActivity() {
    faxActive = true;
    cancelActivityTimer();
    log.info("session {}: fax activity seen", session.id());
  }

  /**
   * The switch-to-T.38 flow: V.21 was heard on a leg of a session that watches for it. The far leg
   * (both with negotiate_both) is asked to move to T.38; the controller has t38timeout ms to
   * report its UDPTL address.
   */
  private void v21Heard(String heard) {
    if (session.mode() == SessionMode.TERMINAL) {
      terminalAsksForT38(heard);
      return;
    }
    if (t38Switch == null || !t38Switch.requested.isEmpty() || t38Switch.steppedOut || t38Switch.declined) {
      return;
    }
    faxActive = true; // the flow's own t38timeout takes over from FAXOPT gateway=yes,N
    cancelActivityTimer();
    if (!session.options().getGateway().enabled()) {
      t38Switch.declined = true;
      log.info("session {}: V.21 heard on leg {}; gateway=no, so no switch to T.38 is asked for and the audio relay "
          + "goes on", session.id(), heard);
      return;
    }
    t38Switch.requested.add(heard.equals("a") ? "b" : "a");
    if (session.options().isNegotiateBoth()) {
      t38Switch.requested.add(heard);
    }
    int timeoutMs = session.options().getT38TimeoutMs();
    Instant now = now();
    for (String leg : t38Switch.requested) {
      publish(SessionEvents.t38Request(session.id(), leg, heard, timeoutMs, now));
    }
    log.info("session {}: V.21 heard on leg {}; asking the controller to move leg(s) {} to T.38 within {} ms",
        session.id(), heard, t38Switch.requested, timeoutMs);
    t38Switch.timer = services.timers().set(timeoutMs, this::t38Timeout);
  }

  /**
   * A terminal on audio heard the far end's V.21 preamble: like a gateway it asks the controller to
   * move that leg to T.38 within t38timeout; when nothing comes, the fax simply goes on over audio.
   */
  private void terminalAsksForT38(String leg) {
    if (terminalAskedT38 || session.leg(leg).getUdptl() != null) {
      return;
    }
    terminalAskedT38 = true;
    int timeoutMs = session.options().getT38TimeoutMs();
    publish(SessionEvents.t38Request(session.id(), leg, leg, timeoutMs, now()));
    log.info("session {}: V.21 heard on leg {}; asking the controller to move it to T.38 within {} ms (the terminal "
        + "goes on over audio meanwhile)", session.id(), leg, timeoutMs);
    terminalT38Timer = services.timers().set(timeoutMs, () -> {
      terminalT38Timer = -1;
      if (ending == null && session.leg(leg).getUdptl() == null) {
        publish(SessionEvents.t38Timeout(session.id(), Set.of(leg), now()));
        log.info("session {}: no UDPTL address for leg {} within {} ms; the terminal goes on over audio", session.id(),
            leg, timeoutMs);
      }
    });
  }

  /** t38timeout passed: with one leg moved, the gateway takes it; with none, T38_NEG_ERROR and audio goes on. */
  private void t38Timeout() {
    t38Switch.timer = -1;
    if (ending != null || t38Switch.switched) {
      return;
    }
    if (t38Switch.requested.stream().anyMatch(l -> session.leg(l).getUdptl() != null)) {
      switchToT38();
      return;
    }
    preset = new Outcome(FaxStatus.FAILED, "error negotiating T.38: no UDPTL address for leg(s) "
        + String.join(",", t38Switch.requested) + " within " + session.options().getT38TimeoutMs()
        + " ms; the fax went on as audio", FaxError.T38_NEG_ERROR.name());
    publish(SessionEvents.t38Timeout(session.id(), t38Switch.requested, now()));
    log.warn("session {}: {}", session.id(), preset.statusStr());
  }

  /**
   * Re-plumbs the media: one leg moved -> gateway; both -> T.38 relay (NATIVE_T38, as Asterisk
   * reports it). The future says whether it worked (when it did not, the session is ending).
   */
  private Future<Void> switchToT38() {
    t38Switch.switched = true;
    services.timers().cancel(t38Switch.timer);
    t38Switch.timer = -1;
    LegOptions a = session.leg("a");
    LegOptions b = session.leg("b");
    SessionMode from = session.mode();
    SessionMode to;
    Future<Void> done;
    if (a.getUdptl() != null && b.getUdptl() != null) {
      to = SessionMode.T38_RELAY;
      done = services.media().switchToT38Relay(session.id(), a, b);
    } else {
      to = SessionMode.GATEWAY;
      String t38Leg = a.getUdptl() != null ? "a" : "b";
      done = services.media().switchToGateway(session.id(), t38Leg, session.leg(t38Leg), session.options());
    }
    return done.onComplete(r -> {
      if (r.failed()) {
        log.error("session {}: the switch to {} failed: {}", session.id(), to, r.cause().getMessage());
        end(new Outcome(FaxStatus.FAILED, "the switch to T.38 failed: " + r.cause().getMessage(),
            FaxError.T38_NEG_ERROR.name()));
        return;
      }
      session.switchMode(to);
      if (to == SessionMode.T38_RELAY) {
        preset = new Outcome(FaxStatus.SUCCESS, "both legs switched to T.38: relayed natively, no gateway necessary",
            FaxError.NATIVE_T38.name());
      }
      publish(SessionEvents.modeChanged(session.id(), from, to, now()));
      noteProgress();
      log.info("session {}: switched from {} to {}", session.id(), from, to);
    });
  }

  /** (Re)arms the no-fax-activity timeout (FAXOPT gateway=yes,N) and the session's maximum duration. */
  private void scheduleTimers() {
    cancelActivityTimer();
    GatewaySetting gateway = session.options().getGateway();
    if (gateway.enabled() && gateway.timeoutSeconds() > 0 && !faxActive) {
      int seconds = gateway.timeoutSeconds();
      activityTimer = services.timers().set(seconds * 1000L, () -> noFaxActivity(seconds));
    }
    int maxSeconds = services.config().getInt(ConfigKey.SESSIONS_MAX_DURATION_SECONDS);
    if (durationTimer < 0 && maxSeconds > 0) {
      durationTimer = services.timers().set(maxSeconds * 1000L, () -> end(new Outcome(FaxStatus.FAILED,
          "session exceeded sessions.max_duration_seconds (" + maxSeconds + " s)", FaxError.TIMEOUT.name())));
    }
  }

  /**
   * FAXOPT {@code gateway=yes,N} ran out, as Asterisk means it: a session that started as audio
   * keeps its call, the gateway steps out of the path (no switch to T.38 any more) and the audio
   * relay goes on until the call ends; a session with no audio to fall back to ends {@code TIMEOUT}.
   */
  private void noFaxActivity(int seconds) {
    activityTimer = -1;
    if (t38Switch != null && !t38Switch.switched && t38Switch.requested.isEmpty()) {
      t38Switch.steppedOut = true;
      publish(SessionEvents.gatewaySteppedOut(session.id(), seconds, now()));
      log.info("session {}: no fax activity after {} s: the gateway stepped out, the audio relay goes on",
          session.id(), seconds);
      return;
    }
    end(new Outcome(FaxStatus.FAILED, "no fax activity after " + seconds + " s", FaxError.TIMEOUT.name()));
  }

  private void cancelActivityTimer() {
    services.timers().cancel(activityTimer);
    activityTimer = -1;
  }

  /**
   * FAXOPT faxdetect on a session with audio legs: {@code cng} and {@code yes} run the tone
   * detectors (CNG, CED/ANSam, V.21 preamble) on every audio leg, for the optional seconds;
   * {@code no} and {@code t38} stop them ({@code t38} waits for a leg's switch to T.38).
   */
  private void applyFaxDetect() {
    faxDetectSince = now();
    if (!mediaOpen) {
      return;
    }
    FaxDetectSetting detect = session.options().getFaxDetect();
    if (listeningLeg != null) {
      services.timers().cancel(noFaxTimer);
      noFaxTimer = detect.mode() == FaxDetectMode.NO || detect.timeoutSeconds() == 0 ? -1
          : services.timers().set(detect.timeoutSeconds() * 1000L, () -> end(new Outcome(FaxStatus.FAILED,
              "no fax signal heard in " + detect.timeoutSeconds() + " s (faxdetect " + detect.mode().name()
                  .toLowerCase(java.util.Locale.ROOT) + ")", FaxError.NO_FAX.name())));
    }
    boolean audio = detect.mode() == FaxDetectMode.CNG || detect.mode() == FaxDetectMode.YES;
    long durationMs = !audio ? 0 : detect.timeoutSeconds() > 0 ? detect.timeoutSeconds() * 1000L : Long.MAX_VALUE;
    services.media().watchTones(session.id(), durationMs);
  }

  /**
   * Ends the session once: closes its media (collecting each leg's statistics and the fax report),
   * builds its completion event, hands it to the result sink and publishes it. An outcome the flow
   * fixed earlier stands over {@code outcome}; otherwise a fax the media report says succeeded
   * (every page confirmed, the last by MCF to EOP) ends {@code SUCCESS} however the session is ended
   * (e.g. the controller hangs up while the DCN's last datagrams still pass). Ending it again returns the
   * same future.
   */
  Future<CompletionEvent> end(Outcome outcome) {
    if (ending != null) {
      return ending;
    }
    services.timers().cancel(activityTimer);
    services.timers().cancel(durationTimer);
    services.timers().cancel(noFaxTimer);
    services.timers().cancel(terminalT38Timer);
    if (t38Switch != null) {
      services.timers().cancel(t38Switch.timer);
    }
    boolean presetStands = preset != null;
    Outcome last = presetStands ? preset : outcome;
    Instant now = now();
    Future<JsonObject> mediaClosed = mediaOpen ? services.media().close(session.id()) : Future.succeededFuture(new JsonObject());
    ending = mediaClosed.recover(e -> {
      log.error("session {}: closing its media failed; its packet statistics are lost", session.id(), e);
      return Future.succeededFuture(new JsonObject());
    }).compose(stats -> {
      JsonObject fax = (JsonObject) stats.remove(MediaPlane.FAX_REPORT);
      Outcome how = last;
      if (fax != null) {
        endedTrace = (JsonObject) fax.remove(MediaPlane.T30_TRACE);
        session.applyFaxReport(fax);
        if (!presetStands && fax.getBoolean("success", false)) {
          how = new Outcome(FaxStatus.SUCCESS, fax.getString("statusStr"), fax.getString("error"));
        }
      }
      CompletionEvent event = session.end(how.status(), how.statusStr(), how.error(), now, stats,
          endedTrace == null ? null : endedTrace.getJsonObject("summary"));
      // capture.failed: the file is written (or dropped) before the event, so a consumer that sees a
      // failure finds its capture
      Future<Void> captured = captureIfFailed
          ? services.media().settleCapture(session.id(), how.status() != FaxStatus.SUCCESS) : Future.succeededFuture();
      return captured.transform(settled -> services.results().accept(event)).recover(e -> {
        log.error("session {}: its completion event could not be stored for Kafka ({}); it is only in this log: {}",
            session.id(), e.getMessage(), event);
        return Future.succeededFuture();
      }).map(stored -> event);
    }).map(event -> {
      onEnded.run();
      FaxgateMetrics metrics = services.metrics();
      metrics.sessionEnded(createdMode, event.status(), event.error());
      metrics.pages(createdMode, event.pages());
      JsonObject json = event.toJson();
      if (json.getInteger("rate") != null && json.getString("modem") != null) {
        metrics.negotiatedRate(dev.faxgate.faxopt.Modem.valueOf(json.getString("modem")), json.getInteger("rate"));
      }
      services.publisher().result(json);
      publish(SessionEvents.ended(event, now));
      log.info("session {} ended: {} {} ({}) after {} ms", session.id(), event.status(), event.error(),
          event.statusStr(), event.durationMs());
      return event;
    });
    return ending;
  }

  /** Publishes a session event and keeps it for {@code GET /sessions/{id}/events} (the last {@value #EVENTS_KEPT}). */
  private void publish(JsonObject event) {
    SessionEvents.tagged(event, session.tags());
    if (events.size() == EVENTS_KEPT) {
      events.removeFirst();
    }
    events.addLast(event);
    services.publisher().sessionEvent(session.id(), event);
  }

  private Instant now() {
    return services.clock().instant();
  }
}
