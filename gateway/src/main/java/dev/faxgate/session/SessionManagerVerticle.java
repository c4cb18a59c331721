package dev.faxgate.session;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.BusAddresses;
import dev.faxgate.faxopt.CompletionEvent;
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
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.media.Endpoint;
import dev.faxgate.media.MediaEvent;
import dev.faxgate.media.MediaLeg;
import dev.faxgate.media.MediaPlane;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.metrics.FaxgateMetrics;
import dev.faxgate.metrics.FaxgateMetrics.Operation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of this node's sessions and the router of their messages. Each session gets its
 * own consumer on {@code faxopt.<sessionId>} (FAXOPT get and set, describe, events, leg, end); the
 * fixed session addresses forward to it, so they work for a session on any node of the cluster.
 * The session's flow (timers, faxdetect, the switch to T.38, its end) is its {@link SessionFlow}.
 *
 * <p>Every piece of state here (the map, the active count, each flow) is touched only on this
 * verticle's context: the media plane's and the result sink's futures complete on other threads,
 * so {@link #here} brings each of them back before anything reads its result.
 */
public final class SessionManagerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SessionManagerVerticle.class);

  private final GatewayConfig config;
  private final FaxgateMetrics metrics;
  private final ResultSink resultSink;
  private final MediaPlane media;
  private final Clock clock;
  private final String node;
  private final Map<String, Entry> sessions = new LinkedHashMap<>();
  private int active;
  private EventBus bus;
  private SessionServices services;

  /** A session's flow with its bus consumer. */
  private static final class Entry {
    SessionFlow flow;
    MessageConsumer<Object> consumer;

    Session session() {
      return flow.session();
    }
  }

  public SessionManagerVerticle(GatewayConfig config, FaxgateMetrics metrics, ResultSink resultSink, MediaPlane media,
      Clock clock) {
    this(config, metrics, resultSink, media, clock, new AtomicBoolean());
  }

  /** @param draining set when the node drains ({@link #drain}); the HTTP API's /health reads it too */
  public SessionManagerVerticle(GatewayConfig config, FaxgateMetrics metrics, ResultSink resultSink, MediaPlane media,
      Clock clock, AtomicBoolean draining) {
    this.draining = draining;
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
    services = new SessionServices(config, metrics, new HereResults(), new HereMedia(),
        new SessionServices.Timers() {
          @Override
          public long set(long delayMs, Runnable action) {
            return vertx.setTimer(delayMs, t -> action.run());
          }

          @Override
          public void cancel(long id) {
            if (id >= 0) {
              vertx.cancelTimer(id);
            }
          }
        },
        new SessionServices.Publisher() {
          @Override
          public void sessionEvent(String sessionId, JsonObject event) {
            bus.publish(BusAddresses.sessionEvents(sessionId), event);
          }

          @Override
          public void result(JsonObject completion) {
            bus.publish(BusAddresses.RESULTS, completion);
          }
        }, clock);
    List<Future<Void>> registered = List.of(
        bus.consumer(BusAddresses.SESSION_CREATE, this::onCreate).completion(),
        // this node's own addresses: the placement of a clustered API sends a create to the node it chose
        bus.consumer(BusAddresses.createOn(node), this::onCreate).completion(),
        bus.consumer(BusAddresses.listOn(node), this::onList).completion(),
        bus.consumer(BusAddresses.SESSION_END, m -> forward(m, Op.END, Operation.END)).completion(),
        bus.consumer(BusAddresses.SESSION_DESCRIBE, m -> forward(m, Op.DESCRIBE, Operation.DESCRIBE)).completion(),
        bus.consumer(BusAddresses.SESSION_LIST, this::onList).completion(),
        bus.<MediaEvent>localConsumer(media.eventsAddress(), this::onMediaEvent).completion());
    return Future.all(registered);
  }

  /** Ends every active session as FAILED/HANGUP: the node is going away, and no result may be lost. */
  @Override
  public Future<?> stop() {
    long running = sessions.values().stream().filter(e -> !e.flow.ending()).count();
    if (running > 0) {
      log.info("shutting down: ending {} active session(s)", running);
    }
    List<Future<CompletionEvent>> ending = new ArrayList<>();
    for (Entry e : List.copyOf(sessions.values())) {
      ending.add(end(e, FaxStatus.FAILED, "gateway shutting down", FaxError.HANGUP.name()));
    }
    return Future.join(ending);
  }

  /** {@code future}, completing on this verticle's context whichever thread completes the original. */
  private <T> Future<T> here(Future<T> future) {
    Promise<T> promise = Promise.promise();
    future.onComplete(result -> context.runOnContext(v -> promise.handle(result)));
    return promise.future();
  }

  /**
   * Stops taking sessions and completes when the active ones have ended by themselves, or after
   * {@code seconds} (the rest are then ended by {@link #stop}, each with its completion event).
   */
  public Future<Void> drain(long seconds) {
    Promise<Void> drained = Promise.promise();
    context.runOnContext(v -> {
      draining.set(true);
      log.info("draining: {} active session(s) may run on for up to {} s; new sessions are refused", active, seconds);
      drainedPromise = drained;
      if (active == 0) {
        drained.tryComplete();
      } else {
        vertx.setTimer(Math.max(1, seconds * 1000), t -> {
          if (drained.tryComplete()) {
            log.info("drained for {} s: {} session(s) still active are ended now", seconds, active);
          }
        });
      }
    });
    return drained.future();
  }

  private Promise<Void> drainedPromise;
  private final AtomicBoolean draining;

  private void onCreate(Message<Object> msg) {
    try {
      if (draining.get()) {
        throw new FaxOptException(FaxOptError.DRAINING, "node " + node + " is draining (stopping): it finishes its "
            + active + " active session(s) and takes no new one; create it on another node");
      }
      if (active >= config.getInt(ConfigKey.SESSIONS_MAX)) {
        throw new FaxOptException(FaxOptError.AT_CAPACITY,
            "node " + node + " is at its cap of " + config.get(ConfigKey.SESSIONS_MAX) + " active sessions");
      }
      if (!resultSink.accepting()) {
        throw new FaxOptException(FaxOptError.AT_CAPACITY, "node " + node + " takes no sessions now: " + resultSink.refusal());
      }
      SessionOptions request = new SessionOptions(FaxOptMessages.requireObject(msg.body()));
      FaxOptions options = request.resolveFaxOptions(config.faxOptDefaults());
      Session session = new Session(SessionIds.next(node, config.getBoolean(ConfigKey.CLUSTER_ENABLED)), node, request, options, clock.instant());
      Entry entry = new Entry();
      entry.flow = new SessionFlow(session, services, () -> ended(entry));
      sessions.put(session.id(), entry);
      active++;
      Future<JsonObject> mediaOpened = entry.flow.openMedia(request.getLegs());
      entry.consumer = bus.consumer(BusAddresses.faxopt(session.id()), m -> onSessionMessage(entry, m));
      Future.all(here(entry.consumer.completion()), mediaOpened).onComplete(ready -> {
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
        entry.flow.started(mediaOpened.result());
        log.info("session {} created: mode={} legs={} faxopt={} tags={}", session.id(), session.mode(),
            session.info().legs().encode(), request.getFaxopt().encode(), session.tags());
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
    sessions.values().forEach(e -> list.add(e.session().info().toJson()));
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
    Session session = entry.session();
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
          entry.flow.set(item, value).onComplete(written -> {
            if (written.succeeded()) {
              metrics.operation(Operation.SET, null);
              msg.reply(FaxOptMessages.itemReply(item.name(), written.result()));
            } else if (written.cause() instanceof FaxOptException e) {
              fail(msg, Operation.SET, e);
            } else {
              log.error("session {}: writing {} failed", session.id(), item.name(), written.cause());
              fail(msg, Operation.SET, new FaxOptException(FaxOptError.INTERNAL, written.cause().toString()));
            }
          });
          return;
        }
        case DESCRIBE -> {
          describe(entry, msg, Operation.DESCRIBE);
          return;
        }
        case EVENTS -> {
          counted = Operation.DESCRIBE;
          msg.reply(new JsonObject().put(FaxOptMessages.EVENTS, new JsonArray(entry.flow.events())));
        }
        case T30 -> {
          counted = Operation.DESCRIBE;
          entry.flow.t30().onComplete(trace -> {
            if (trace.succeeded()) {
              metrics.operation(Operation.DESCRIBE, null);
              msg.reply(trace.result());
            } else {
              log.error("session {}: its T.30 trace could not be read", session.id(), trace.cause());
              fail(msg, Operation.DESCRIBE, new FaxOptException(FaxOptError.INTERNAL, trace.cause().toString()));
            }
          });
          return;
        }
        case LEG -> {
          counted = Operation.LEG;
          String name = FaxOptMessages.string(request, FaxOptMessages.LEG, true);
          if (!SessionOptions.LEG_NAMES.contains(name)) {
            throw new FaxOptException(FaxOptError.MALFORMED_REQUEST, "unknown leg '" + name + "'; legs are a and b");
          }
          Object body = request.getValue(FaxOptMessages.OPTIONS);
          LegOptions options = new LegOptions(FaxOptMessages.requireObject(body == null ? new JsonObject() : body));
          entry.flow.updateLeg(name, options).onComplete(moved -> {
            if (moved.succeeded()) {
              describe(entry, msg, Operation.LEG); // where the leg's packets go now
            } else {
              fail(msg, Operation.LEG, FaxOptException.from(moved.cause(), BusAddresses.faxopt(session.id())));
            }
          });
          return;
        }
        case END -> {
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

  /**
   * Answers with the session as it stands: its legs with what the media plane has of them now
   * (packet statistics, local address, the far end the socket sends to). Should that fail (the
   * media closing under it), the session as last known.
   */
  private void describe(Entry entry, Message<Object> msg, Operation counted) {
    entry.flow.liveMedia().onComplete(live -> {
      if (live.failed()) {
        log.warn("session {}: its live media statistics could not be read: {}", entry.session().id(),
            live.cause().getMessage());
      }
      metrics.operation(counted, null);
      msg.reply(entry.session().info(live.succeeded() ? live.result() : null).toJson());
    });
  }

  private void onMediaEvent(Message<MediaEvent> msg) {
    Entry entry = sessions.get(msg.body().sessionId());
    if (entry != null) {
      entry.flow.onMediaEvent(msg.body());
    }
  }

  private Future<CompletionEvent> end(Entry entry, FaxStatus status, String statusStr, String error) {
    return entry.flow.end(new SessionFlow.Outcome(status, statusStr, error));
  }

  /** A session's completion is stored: it no longer counts, and is forgotten after sessions.retain_ended_seconds. */
  private void ended(Entry entry) {
    active--;
    long retain = Duration.ofSeconds(config.getInt(ConfigKey.SESSIONS_RETAIN_ENDED_SECONDS)).toMillis();
    if (retain > 0) {
      vertx.setTimer(retain, t -> forget(entry));
    } else {
      forget(entry);
    }
    if (drainedPromise != null && active == 0 && drainedPromise.tryComplete()) {
      log.info("drained: every session ended by itself");
    }
  }

  private void forget(Entry entry) {
    sessions.remove(entry.session().id());
    if (entry.consumer != null) {
      entry.consumer.unregister();
    }
  }

  private void fail(Message<?> msg, Operation op, FaxOptException e) {
    metrics.operation(op, e.error());
    msg.fail(e.error().code(), e.getMessage());
  }

  /** Active sessions on this node (for health and tests). */
  public int activeSessions() {
    return active; // written on this verticle's context; a reader elsewhere (health, load reports) may see it a moment late
  }

  /** Ids of every known session, active or recently ended. */
  public List<String> sessionIds() {
    return new ArrayList<>(sessions.keySet());
  }

  /** The result sink as the flows see it: each future brought back to this verticle's context. */
  private final class HereResults implements ResultSink {
    @Override
    public Future<Void> accept(CompletionEvent event) {
      return here(resultSink.accept(event));
    }

    @Override
    public Future<Void> started(String sessionId, JsonObject state) {
      return here(resultSink.started(sessionId, state));
    }

    @Override
    public void progressed(String sessionId, JsonObject known) {
      resultSink.progressed(sessionId, known);
    }
  }

  /** The media plane as the flows see it: each future brought back to this verticle's context. */
  private final class HereMedia implements SessionServices.Media {
    @Override
    public Future<JsonObject> open(String sessionId, SessionMode mode, Map<String, LegOptions> legs, FaxOptions options,
        dev.faxgate.faxopt.TerminalJob terminal) {
      return here(media.open(sessionId, mode, legs, options, terminal));
    }

    @Override
    public Future<JsonObject> close(String sessionId) {
      return here(media.close(sessionId));
    }

    @Override
    public Future<Void> watchTones(String sessionId, long durationMs) {
      return here(media.watchTones(sessionId, durationMs));
    }

    @Override
    public MediaLeg.Transport transport(String sessionId, String leg) {
      return media.transport(sessionId, leg);
    }

    @Override
    public Future<Void> retarget(String sessionId, String leg, Endpoint far) {
      return here(media.retarget(sessionId, leg, far));
    }

    @Override
    public Future<java.net.InetSocketAddress> resolveFar(Endpoint far) {
      return here(media.resolveFar(far));
    }

    @Override
    public Future<JsonObject> describe(String sessionId) {
      return here(media.describe(sessionId));
    }

    @Override
    public Future<Void> switchToGateway(String sessionId, String t38Leg, LegOptions options, FaxOptions faxOptions) {
      return here(media.switchToGateway(sessionId, t38Leg, options, faxOptions));
    }

    @Override
    public Future<Void> switchToT38Relay(String sessionId, LegOptions a, LegOptions b) {
      return here(media.switchToT38Relay(sessionId, a, b));
    }

    @Override
    public Future<Void> switchTerminalToT38(String sessionId, String leg, LegOptions options) {
      return here(media.switchTerminalToT38(sessionId, leg, options));
    }

    @Override
    public Future<String> capture(String sessionId, boolean onlyIfFailed) {
      return here(media.capture(sessionId, onlyIfFailed));
    }

    @Override
    public Future<Void> settleCapture(String sessionId, boolean failed) {
      return here(media.settleCapture(sessionId, failed));
    }

    @Override
    public Future<JsonObject> t30(String sessionId) {
      return here(media.t30(sessionId));
    }

    @Override
    public Future<String> updatePolicy(String sessionId, FaxOptions next, T30Supervisor.PolicyItem item) {
      return here(media.updatePolicy(sessionId, next, item));
    }
  }
}
