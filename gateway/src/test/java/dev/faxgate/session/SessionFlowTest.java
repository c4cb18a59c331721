package dev.faxgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxError;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.FaxOptItems;
import dev.faxgate.faxopt.FaxOptions;
import dev.faxgate.faxopt.FaxStatus;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.media.Endpoint;
import dev.faxgate.media.MediaEvent;
import dev.faxgate.media.MediaLeg;
import dev.faxgate.media.MediaPlane;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.metrics.FaxgateMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * One session's flow on its own, without Vert.x running: timers that fire when the test moves the
 * clock, a media plane that records what it is asked, events and results collected in lists.
 */
class SessionFlowTest {
  private final Timers timers = new Timers();
  private final Media media = new Media();
  private final List<JsonObject> events = new ArrayList<>();
  private final List<CompletionEvent> stored = new ArrayList<>();
  private int ended;
  /** What the result sink was told of starts and progress: "start id {state}" / "progress id {known}". */
  private final List<String> noted = new ArrayList<>();
  /** The node's configuration the next {@link #start} uses. */
  private GatewayConfig config = GatewayConfig.defaults();
  /** When set, the result sink cannot note a start (a disk error). */
  private String startFails;

  @Test
  void aPolicyWriteTheProcessorAcceptsChangesTheItemAndOneItRefusesIsTooLateAndChangesNothing() {
    SessionFlow flow = start(gatewaySession());
    assertEquals("9600", flow.set(FaxOptItems.MAX_RATE, "9600").result());
    assertEquals(List.of("open", "watchTones", "updatePolicy MAX_RATE maxrate=9600 minrate=4800"),
        media.calls.subList(0, 3));
    assertEquals(9600, flow.session().options().getMaxRate());
    assertEquals("option-changed", events.get(events.size() - 1).getString("type"));

    media.policyAnswer = "the first DIS/DTC has been edited and passed (now in phase B, pre-message procedure)";
    int eventsBefore = events.size();
    Future<String> late = flow.set(FaxOptItems.ECM, "no");
    FaxOptException e = (FaxOptException) late.cause();
    assertEquals(FaxOptError.TOO_LATE, e.error());
    assertTrue(e.getMessage().contains("ecm can no longer act") && e.getMessage().contains("phase B")
        && e.getMessage().endsWith("the value stays yes"), e.getMessage());
    assertTrue(flow.session().options().isEcm(), "a refused write changes nothing");
    assertEquals(eventsBefore, events.size(), "and publishes nothing");
  }

  @Test
  void aSessionCreatedWithCaptureHasItsPacketsCaptured() {
    start(gatewaySession().setCapture(true));
    assertTrue(media.calls.contains("capture"), media.calls.toString());
    media.calls.clear();
    start(gatewaySession());
    assertFalse(media.calls.contains("capture"), media.calls.toString());
  }

  @Test
  void withCaptureFailedEverySessionIsCapturedAndItsOutcomeDecidesWhetherTheFileIsKept() {
    config = GatewayConfig.defaults().with(dev.faxgate.config.ConfigKey.CAPTURE_FAILED, "true");
    SessionFlow failed = start(gatewaySession());
    failed.end(new SessionFlow.Outcome(FaxStatus.FAILED, "hung up", FaxError.HANGUP.name()));
    assertEquals(List.of("open", "capture if failed", "watchTones", "close", "settleCapture failed=true"), media.calls);

    media.calls.clear();
    media.closing.put(MediaPlane.FAX_REPORT, new JsonObject(new FaxReport(false, true, "OK", "NO_ERROR", null, 1, 14400,
        "204x98", "faxpeer receiver", true, "V17").toMap()));
    SessionFlow succeeded = start(gatewaySession());
    assertEquals(FaxStatus.SUCCESS, succeeded.end(new SessionFlow.Outcome(FaxStatus.FAILED, "hung up after DCN",
        FaxError.HANGUP.name())).result().status());
    assertEquals("settleCapture failed=false", media.calls.get(media.calls.size() - 1),
        "the session's real outcome, SUCCESS, decides: " + media.calls);

    media.calls.clear();
    media.closing.remove(MediaPlane.FAX_REPORT);
    start(gatewaySession().setCapture(true)).end(new SessionFlow.Outcome(FaxStatus.FAILED, "x", FaxError.HANGUP.name()));
    assertTrue(media.calls.contains("capture"), "asked for at create: kept whatever happens; " + media.calls);
    assertFalse(media.calls.stream().anyMatch(c -> c.startsWith("settleCapture") || c.equals("capture if failed")),
        media.calls.toString());

    media.calls.clear();
    config = GatewayConfig.defaults();
    start(gatewaySession()).end(new SessionFlow.Outcome(FaxStatus.FAILED, "x", FaxError.HANGUP.name()));
    assertFalse(media.calls.stream().anyMatch(c -> c.startsWith("capture") || c.startsWith("settleCapture")),
        "capture.failed is off by default: " + media.calls);
  }

  @Test
  void aPolicyWriteToASessionWithoutMediaIsStoredForWhenItHasSome() {
    SessionFlow flow = start(new SessionOptions().setMode(SessionMode.GATEWAY));
    assertEquals("12000", flow.set(FaxOptItems.MAX_RATE, "12000").result());
    assertFalse(media.calls.stream().anyMatch(c -> c.startsWith("updatePolicy")), media.calls.toString());
  }

  @Test
  void gatewayActsUntilFaxActivityIsSeen() {
    SessionFlow flow = start(gatewaySession().putFaxopt("gateway", "yes,3"));
    assertEquals("yes,10", flow.set(FaxOptItems.GATEWAY, "yes,10").result());
    timers.advance(9_999);
    assertFalse(flow.ending(), "the clock was re-armed with the written seconds");
    flow.onMediaEvent(new MediaEvent.FaxActivity(flow.session().id()));
    FaxOptException e = (FaxOptException) flow.set(FaxOptItems.GATEWAY, "yes,1").cause();
    assertEquals(FaxOptError.TOO_LATE, e.error());
    assertTrue(e.getMessage().contains("fax activity was seen"), e.getMessage());
    assertEquals("yes,10", FaxOptItems.GATEWAY.read(flow.session().snapshot()));
  }

  @Test
  void t38timeoutAndNegotiateBothActUntilV21IsHeard() {
    SessionFlow flow = start(audioSession().putFaxopt("gateway", "yes"));
    assertEquals("1500", flow.set(FaxOptItems.T38_TIMEOUT, "1500").result());
    assertEquals("yes", flow.set(FaxOptItems.NEGOTIATE_BOTH, "yes").result());
    flow.onMediaEvent(new MediaEvent.V21Heard(flow.session().id(), "a"));
    JsonObject request = events.stream().filter(ev -> "t38-request".equals(ev.getString("type"))).findFirst().orElseThrow();
    assertEquals(1500, request.getInteger("timeoutMs"), request.encode());
    assertEquals(2, events.stream().filter(ev -> "t38-request".equals(ev.getString("type"))).count(),
        "negotiate_both written before V.21: both legs are asked");
    for (var item : List.of(FaxOptItems.T38_TIMEOUT, FaxOptItems.NEGOTIATE_BOTH)) {
      FaxOptException e = (FaxOptException) flow.set(item, item == FaxOptItems.T38_TIMEOUT ? "9000" : "no").cause();
      assertEquals(FaxOptError.TOO_LATE, e.error(), item.name());
      assertTrue(e.getMessage().contains("V.21 was heard"), e.getMessage());
    }
    assertEquals(1500, flow.session().options().getT38TimeoutMs());
  }

  @Test
  void noFaxActivityWithinGatewaySecondsEndsTheSessionAsTimeout() {
    SessionFlow flow = start(new SessionOptions().setMode(SessionMode.GATEWAY).putFaxopt("gateway", "yes,3"));
    timers.advance(2_999);
    assertFalse(flow.ending());
    timers.advance(1);
    CompletionEvent event = flow.completion().result();
    assertEquals(FaxStatus.FAILED, event.status());
    assertEquals(FaxError.TIMEOUT.name(), event.error());
    assertEquals("no fax activity after 3 s", event.statusStr());
    assertEquals(List.of(event), stored);
    assertEquals(1, ended);
    assertEquals("ended", events.get(events.size() - 1).getString("type"));
  }

  @Test
  void noFaxActivityOnASessionThatStartedAsAudioTakesTheGatewayOutAndTheCallGoesOn() {
    SessionFlow flow = start(audioSession().putFaxopt("gateway", "yes,3"));
    timers.advance(3_000);
    assertFalse(flow.ending(), "the audio call goes on");
    JsonObject out = events.get(events.size() - 1);
    assertEquals("gateway-stepped-out", out.getString("type"), out.encode());
    assertEquals(3, out.getInteger("seconds"));
    flow.onMediaEvent(new MediaEvent.V21Heard(flow.session().id(), "a"));
    assertTrue(events.stream().noneMatch(e -> "t38-request".equals(e.getString("type"))),
        "a gateway that stepped out asks for no switch to T.38");
    assertEquals(FaxOptError.TOO_LATE, ((FaxOptException) flow.set(FaxOptItems.GATEWAY, "yes,30").cause()).error());
    timers.advance(60_000);
    assertFalse(flow.ending());
    CompletionEvent event = flow.end(new SessionFlow.Outcome(FaxStatus.FAILED, "session ended by request",
        FaxError.HANGUP.name())).result();
    assertEquals(FaxError.HANGUP.name(), event.error(), "the call ended when the controller ended it");
  }

  @Test
  void gatewayNoWrittenBeforeV21KeepsACallThatStartedAsAudioInAudio() {
    SessionFlow flow = start(audioSession().putFaxopt("gateway", "yes"));
    assertEquals("no", flow.set(FaxOptItems.GATEWAY, "no").result());
    flow.onMediaEvent(new MediaEvent.V21Heard(flow.session().id(), "a"));
    assertTrue(events.stream().noneMatch(e -> "t38-request".equals(e.getString("type"))),
        "gateway=no: no switch to T.38 is asked for");
    for (var item : List.of(FaxOptItems.GATEWAY, FaxOptItems.T38_TIMEOUT)) {
      FaxOptException e = (FaxOptException) flow.set(item, item == FaxOptItems.GATEWAY ? "yes" : "9000").cause();
      assertEquals(FaxOptError.TOO_LATE, e.error(), item.name() + " after V.21: " + e.getMessage());
    }
    assertFalse(flow.ending(), "the audio call goes on");
  }

  @Test
  void gatewayOnAnAudioRelayThatOpenedWithoutItCannotActAndIsRefused() {
    SessionFlow flow = start(audioSession());
    FaxOptException e = (FaxOptException) flow.set(FaxOptItems.GATEWAY, "yes,3").cause();
    assertEquals(FaxOptError.TOO_LATE, e.error(), e.getMessage());
    assertTrue(e.getMessage().contains("without gateway=yes"), e.getMessage());
    assertEquals("no", FaxOptItems.GATEWAY.read(flow.session().snapshot()));
    timers.advance(10_000);
    assertFalse(flow.ending(), "no gateway=yes,3 clock ends the audio call");
    assertEquals("no", flow.set(FaxOptItems.GATEWAY, "no").result(), "what it is anyway can be written");
  }

  @Test
  void gatewayNoOnAGatewayWithAT38LegFromTheStartIsRefused() {
    SessionFlow flow = start(gatewaySession().putFaxopt("gateway", "yes"));
    FaxOptException e = (FaxOptException) flow.set(FaxOptItems.GATEWAY, "no").cause();
    assertEquals(FaxOptError.TOO_LATE, e.error(), e.getMessage());
    assertTrue(e.getMessage().contains("no audio relay to fall back to"), e.getMessage());
    assertEquals("yes,10", flow.set(FaxOptItems.GATEWAY, "yes,10").result(), "its no-fax-activity clock can still be set");
  }

  @Test
  void faxActivityStopsTheGatewayClock() {
    SessionFlow flow = start(audioSession().putFaxopt("gateway", "yes,3"));
    flow.onMediaEvent(new MediaEvent.FaxActivity(flow.session().id()));
    timers.advance(10_000);
    assertFalse(flow.ending());
  }

  @Test
  void v21WithoutAT38AddressInTimeEndsAsT38NegErrorWhateverEndsIt() {
    SessionFlow flow = start(audioSession().putFaxopt("gateway", "yes").putFaxopt("t38timeout", "800"));
    flow.onMediaEvent(new MediaEvent.V21Heard(flow.session().id(), "a"));
    JsonObject request = events.get(events.size() - 1);
    assertEquals("t38-request", request.getString("type"));
    assertEquals("b", request.getString("leg"));
    timers.advance(800);
    assertEquals("t38-timeout", events.get(events.size() - 1).getString("type"));
    CompletionEvent event = flow.end(new SessionFlow.Outcome(FaxStatus.FAILED, "ended by request", FaxError.HANGUP.name()))
        .result();
    assertEquals(FaxError.T38_NEG_ERROR.name(), event.error());
    assertTrue(event.statusStr().startsWith("error negotiating T.38: no UDPTL address for leg(s) b within 800 ms"),
        event.statusStr());
  }

  @Test
  void theFarLegsUdptlAddressSwitchesTheSessionToTheGateway() {
    SessionFlow flow = start(audioSession().putFaxopt("gateway", "yes"));
    flow.onMediaEvent(new MediaEvent.V21Heard(flow.session().id(), "b"));
    flow.updateLeg("a", new LegOptions().setUdptl("127.0.0.1:5000"));
    assertEquals(List.of("open", "watchTones", "transport a", "switchToGateway a 127.0.0.1:5000"), media.calls);
    assertEquals(SessionMode.GATEWAY, flow.session().mode());
    assertEquals("mode-changed", events.get(events.size() - 1).getString("type"));
    assertEquals(java.util.Set.of(0L), timers.pending.keySet(), "the t38timeout (timer 1) is cancelled; "
        + "sessions.max_duration_seconds' (timer 0) runs on");
  }

  @Test
  void endingTwiceGivesTheSameCompletionAndCountsOnce() {
    SessionFlow flow = start(new SessionOptions().setMode(SessionMode.GATEWAY));
    Future<CompletionEvent> first = flow.end(new SessionFlow.Outcome(FaxStatus.FAILED, "one", FaxError.HANGUP.name()));
    Future<CompletionEvent> second = flow.end(new SessionFlow.Outcome(FaxStatus.SUCCESS, "two", FaxError.NO_ERROR.name()));
    assertSame(first, second);
    assertEquals(1, stored.size());
    assertEquals(1, ended);
    assertEquals("one", first.result().statusStr());
    flow.onMediaEvent(new MediaEvent.Silence(flow.session().id(), 30_000)); // too late: nothing happens
    assertEquals(1, stored.size());
    assertTrue(timers.pending.isEmpty(), "every timer is cancelled: " + timers.pending);
  }

  @Test
  void silenceEndsAMediaSessionAsTimeout() {
    SessionFlow flow = start(audioSession());
    flow.onMediaEvent(new MediaEvent.Silence(flow.session().id(), 30_000));
    assertEquals(FaxError.TIMEOUT.name(), flow.completion().result().error());
    assertEquals(List.of("open", "watchTones", "close"), media.calls);
  }

  @Test
  void aFaxThatSucceededBeforeTheSessionWasEndedOtherwiseEndsSuccess() {
    SessionFlow flow = start(t38Session());
    // the controller hangs up while the DCN's last datagrams still pass: the media's report says the fax succeeded
    media.closing.put(MediaPlane.FAX_REPORT, new JsonObject(new FaxReport(false, true, "OK", "NO_ERROR", null, 3, 14400,
        "204x98", "faxpeer receiver", true, "V17").toMap()));
    CompletionEvent event = flow.end(new SessionFlow.Outcome(FaxStatus.FAILED, "session ended by request",
        FaxError.HANGUP.name())).result();
    JsonObject json = event.toJson();
    assertEquals(FaxStatus.SUCCESS, event.status(), json.encode());
    assertEquals(FaxError.NO_ERROR.name(), event.error());
    assertEquals("OK", event.statusStr());
    assertEquals(3, json.getInteger("pages"));
    assertEquals(14400, json.getInteger("rate"));
    assertEquals("faxpeer receiver", json.getString("remotestationid"));
  }

  @Test
  void aHangUpMidFaxStaysAHangUpWithTheFaxsScore() {
    SessionFlow flow = start(t38Session());
    media.closing.put(MediaPlane.FAX_REPORT, new JsonObject(new FaxReport(false, false,
        "the session ended in phase C (message transmission): page 2 was not completed", "CALL_DROPPED", "C", 1, 14400,
        "204x98", "faxpeer receiver", true, "V17").toMap()));
    CompletionEvent event = flow.end(new SessionFlow.Outcome(FaxStatus.FAILED, "session ended by request",
        FaxError.HANGUP.name())).result();
    JsonObject json = event.toJson();
    assertEquals(FaxStatus.FAILED, event.status(), json.encode());
    assertEquals(FaxError.HANGUP.name(), event.error());
    assertEquals("C", json.getString("failingPhase"), json.encode());
    assertEquals(1, json.getInteger("pages"));
  }

  @Test
  void silenceOnAWatchedRelayDoesNotClaimTheFaxIsUnwatched() {
    SessionFlow flow = start(t38Session());
    flow.onMediaEvent(new MediaEvent.Silence(flow.session().id(), 30_000));
    assertEquals("no media for 30 s", flow.completion().result().statusStr());
    flow = start(audioSession());
    flow.onMediaEvent(new MediaEvent.Silence(flow.session().id(), 30_000));
    assertEquals("no media for 30 s", flow.completion().result().statusStr(), "audio relays watch T.30 too");
    flow = start(audioSession().putFaxopt("gateway", "yes"));
    flow.onMediaEvent(new MediaEvent.Silence(flow.session().id(), 30_000));
    assertEquals("no media for 30 s; the fax outcome is not monitored while the session relays audio before a switch to T.38",
        flow.completion().result().statusStr());
  }

  @Test
  void theStartIsNotedWithWhatANodeFailedEventNeedsAndProgressOnlyWhenItChanges() {
    SessionFlow flow = start(t38Session());
    assertEquals(1, noted.size(), noted.toString());
    JsonObject state = new JsonObject(noted.get(0).substring("start s1 ".length()));
    assertEquals("t38-relay", state.getString("mode"));
    assertEquals("test", state.getString("node"));
    assertEquals("2026-01-01T00:00:00Z", state.getString("startTime"));
    assertEquals("127.0.0.1:4000", state.getJsonObject("legs").getJsonObject("a").getString("udptl"));
    assertEquals("14400", state.getJsonObject("faxopt").getString("maxrate"), state.encode());
    FaxReport dcs = new FaxReport(false, false, "", null, null, 0, 14400, "204x98", "faxpeer receiver", true, "V17");
    flow.onMediaEvent(new MediaEvent.FaxProgress("s1", dcs));
    flow.onMediaEvent(new MediaEvent.FaxProgress("s1", dcs)); // nothing new: not noted again
    flow.onMediaEvent(new MediaEvent.FaxProgress("s1", new FaxReport(false, false, "", null, null, 1, 14400, "204x98",
        "faxpeer receiver", true, "V17")));
    assertEquals(List.of(
        "progress s1 {\"pages\":0,\"rate\":14400,\"remotestationid\":\"faxpeer receiver\",\"mode\":\"t38-relay\"}",
        "progress s1 {\"pages\":1,\"rate\":14400,\"remotestationid\":\"faxpeer receiver\",\"mode\":\"t38-relay\"}"),
        noted.subList(1, noted.size()));
  }

  @Test
  void aStartThatCannotBeNotedRefusesTheSessionAndClosesItsMedia() {
    startFails = "disk full";
    GatewayConfig config = GatewayConfig.defaults();
    SessionOptions request = audioSession();
    Session session = new Session("s1", "test", request, request.resolveFaxOptions(config.faxOptDefaults()),
        timers.clock.instant());
    ResultSink sink = new ResultSink() {
      @Override
      public Future<Void> accept(CompletionEvent event) {
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> started(String sessionId, JsonObject state) {
        return Future.failedFuture(new java.io.IOException(startFails));
      }
    };
    SessionFlow flow = new SessionFlow(session, new SessionServices(config, new FaxgateMetrics(new SimpleMeterRegistry()),
        sink, media, timers, null, timers.clock), () -> ended++);
    Future<JsonObject> opened = flow.openMedia(request.getLegs());
    assertTrue(opened.failed());
    assertEquals(dev.faxgate.faxopt.FaxOptError.INTERNAL, ((dev.faxgate.faxopt.FaxOptException) opened.cause()).error());
    assertTrue(opened.cause().getMessage().contains("disk full"), opened.cause().getMessage());
    assertEquals(List.of("open", "close"), media.calls, "nothing left open");
  }

  private static SessionOptions t38Session() {
    return new SessionOptions().setMode(SessionMode.T38_RELAY)
        .setLeg("a", new LegOptions().setUdptl("127.0.0.1:4000")).setLeg("b", new LegOptions().setUdptl("127.0.0.1:4002"));
  }

  @Test
  void aDetectSessionWithOneLegEndsAtTheFirstFaxSignalSayingWhatItHeard() {
    SessionFlow flow = start(listeningSession(new LegOptions().setUdptl("127.0.0.1:4002")).putFaxopt("faxdetect", "t38,10"));
    flow.onMediaEvent(new MediaEvent.T38Heard(flow.session().id(), "cng", 40));
    assertFalse(flow.ending(), "faxdetect t38 waits for T.38 itself, not the CNG it carries");
    flow.onMediaEvent(new MediaEvent.T38Heard(flow.session().id(), "t38", 20));
    CompletionEvent event = flow.completion().result();
    assertEquals(FaxStatus.SUCCESS, event.status());
    assertEquals("fax heard: t38 on leg b at 20 ms", event.statusStr());
    JsonObject detection = events.stream().filter(ev -> "detection".equals(ev.getString("type"))).findFirst().orElseThrow();
    assertEquals("b", detection.getString("leg"), detection.encode());
    assertEquals("t38", detection.getString("tone"), detection.encode());
  }

  @Test
  void aDetectSessionWithOneAudioLegEndsOnATone() {
    SessionFlow flow = start(listeningSession(new LegOptions().setRtp("127.0.0.1:4000")).putFaxopt("faxdetect", "cng"));
    flow.onMediaEvent(new MediaEvent.ToneDetected(flow.session().id(), "a", "cng", 120, 833, -11.1));
    assertEquals("fax heard: cng on leg b at 833 ms", flow.completion().result().statusStr(),
        "the media plane's first leg is the session's only one, here b");
  }

  @Test
  void aDetectSessionWithOneLegThatHearsNothingEndsNoFaxWhenItsSecondsRunOut() {
    SessionFlow flow = start(listeningSession(new LegOptions().setRtp("127.0.0.1:4000")).putFaxopt("faxdetect", "yes,5"));
    timers.advance(4_999);
    assertFalse(flow.ending());
    timers.advance(1);
    CompletionEvent event = flow.completion().result();
    assertEquals(FaxStatus.FAILED, event.status());
    assertEquals(FaxError.NO_FAX.name(), event.error());
    assertEquals("no fax signal heard in 5 s (faxdetect yes)", event.statusStr());
  }

  @Test
  void aDetectSessionWithOneLegNeedsFaxdetect() {
    GatewayConfig config = GatewayConfig.defaults();
    SessionOptions request = listeningSession(new LegOptions().setRtp("127.0.0.1:4000"));
    Session session = new Session("s2", "test", request, request.resolveFaxOptions(config.faxOptDefaults()),
        timers.clock.instant());
    SessionFlow flow = new SessionFlow(session, new SessionServices(config, new FaxgateMetrics(new SimpleMeterRegistry()),
        null, media, timers, null, timers.clock), () -> ended++);
    FaxOptException e = (FaxOptException) flow.openMedia(request.getLegs()).cause();
    assertEquals(FaxOptError.INVALID_VALUE, e.error());
    assertTrue(e.getMessage().contains("faxdetect cng, t38 or yes"), e.getMessage());
    assertFalse(media.calls.contains("open"), "no media opened");
  }

  private static SessionOptions listeningSession(LegOptions leg) {
    return new SessionOptions().setMode(SessionMode.DETECT).setLeg("b", leg);
  }

  private static SessionOptions gatewaySession() {
    return new SessionOptions().setMode(SessionMode.GATEWAY)
        .setLeg("a", new LegOptions().setRtp("127.0.0.1:4000")).setLeg("b", new LegOptions().setUdptl("127.0.0.1:4002"));
  }

  private static SessionOptions audioSession() {
    return new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
        .setLeg("a", new LegOptions().setRtp("127.0.0.1:4000")).setLeg("b", new LegOptions().setRtp("127.0.0.1:4002"));
  }

  private SessionFlow start(SessionOptions request) {
    FaxOptions options = request.resolveFaxOptions(config.faxOptDefaults());
    Session session = new Session("s1", "test", request, options, timers.clock.instant());
    ResultSink sink = new ResultSink() {
      @Override
      public Future<Void> accept(CompletionEvent event) {
        stored.add(event);
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> started(String sessionId, JsonObject state) {
        if (startFails != null) {
          return Future.failedFuture(new java.io.IOException(startFails));
        }
        noted.add("start " + sessionId + " " + state.encode());
        return Future.succeededFuture();
      }

      @Override
      public void progressed(String sessionId, JsonObject known) {
        noted.add("progress " + sessionId + " " + known.encode());
      }
    };
    SessionServices services = new SessionServices(config, new FaxgateMetrics(new SimpleMeterRegistry()), sink,
        media, timers, new SessionServices.Publisher() {
      @Override
      public void sessionEvent(String sessionId, JsonObject event) {
        events.add(event);
      }

      @Override
      public void result(JsonObject completion) {
      }
    }, timers.clock);
    SessionFlow flow = new SessionFlow(session, services, () -> ended++);
    JsonObject local = flow.openMedia(request.getLegs()).result();
    flow.started(local);
    assertNull(flow.completion());
    return flow;
  }

  /** Timers on a clock the test moves. */
  private static final class Timers implements SessionServices.Timers {
    final TreeMap<Long, Runnable> pending = new TreeMap<>();
    final Map<Long, Long> due = new java.util.HashMap<>();
    long now;
    long next;
    final Clock clock = new Clock() {
      private final Instant start = Instant.parse("2026-01-01T00:00:00Z");

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return start.plusMillis(now);
      }
    };

    @Override
    public long set(long delayMs, Runnable action) {
      long id = next++;
      pending.put(id, action);
      due.put(id, now + delayMs);
      return id;
    }

    @Override
    public void cancel(long id) {
      pending.remove(id);
    }

    void advance(long ms) {
      now += ms;
      for (Long id : List.copyOf(pending.keySet())) {
        if (pending.containsKey(id) && due.get(id) <= now) {
          pending.remove(id).run();
        }
      }
    }
  }

  /** A media plane that opens, switches and closes at once, and says what it was asked. */
  private static final class Media implements SessionServices.Media {
    final List<String> calls = new ArrayList<>();
    /** What close answers: each leg's statistics and, for a processor that watches T.30, its fax report. */
    final JsonObject closing = new JsonObject();

    @Override
    public Future<JsonObject> open(String sessionId, SessionMode mode, Map<String, LegOptions> legs, FaxOptions options,
        dev.faxgate.faxopt.TerminalJob terminal) {
      calls.add("open");
      return Future.succeededFuture(new JsonObject());
    }

    @Override
    public Future<JsonObject> close(String sessionId) {
      calls.add("close");
      return Future.succeededFuture(closing.copy());
    }

    @Override
    public Future<Void> watchTones(String sessionId, long durationMs) {
      calls.add("watchTones");
      return Future.succeededFuture();
    }

    @Override
    public MediaLeg.Transport transport(String sessionId, String leg) {
      calls.add("transport " + leg);
      return MediaLeg.Transport.RTP;
    }

    @Override
    public Future<Void> retarget(String sessionId, String leg, Endpoint far) {
      calls.add("retarget " + leg + " " + far);
      return Future.succeededFuture();
    }

    @Override
    public Future<java.net.InetSocketAddress> resolveFar(Endpoint far) {
      calls.add("resolveFar " + far);
      return Future.succeededFuture(new java.net.InetSocketAddress(far.host(), far.port()));
    }

    @Override
    public Future<JsonObject> describe(String sessionId) {
      calls.add("describe");
      return Future.succeededFuture(new JsonObject());
    }

    @Override
    public Future<Void> switchToGateway(String sessionId, String t38Leg, LegOptions options, FaxOptions faxOptions) {
      calls.add("switchToGateway " + t38Leg + " " + options.getUdptl());
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> switchTerminalToT38(String sessionId, String leg, LegOptions options) {
      return Future.failedFuture("no terminal in this test");
    }

    @Override
    public Future<Void> switchToT38Relay(String sessionId, LegOptions a, LegOptions b) {
      calls.add("switchToT38Relay");
      return Future.succeededFuture();
    }

    @Override
    public Future<String> capture(String sessionId, boolean onlyIfFailed) {
      calls.add(onlyIfFailed ? "capture if failed" : "capture");
      return Future.succeededFuture("faxgate-data/captures/" + sessionId + ".pcap");
    }

    @Override
    public Future<Void> settleCapture(String sessionId, boolean failed) {
      calls.add("settleCapture failed=" + failed);
      return Future.succeededFuture();
    }

    @Override
    public Future<JsonObject> t30(String sessionId) {
      calls.add("t30");
      return Future.succeededFuture(new JsonObject().put("summary", new JsonObject().put("frames", 0)));
    }

    /** What the processor answers a policy write: null accepts, else why it is too late. */
    String policyAnswer;

    @Override
    public Future<String> updatePolicy(String sessionId, FaxOptions next, T30Supervisor.PolicyItem item) {
      calls.add("updatePolicy " + item + " maxrate=" + next.getMaxRate() + " minrate=" + next.getMinRate());
      return Future.succeededFuture(policyAnswer);
    }
  }
}
