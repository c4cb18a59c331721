package dev.faxgate.faxopt;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A controller's view of Faxgate: sessions and their FAXOPT items over the event bus. Every call
 * returns a Future that fails with a {@link FaxOptException} carrying the {@link FaxOptError}; a
 * session that does not exist fails at once with {@link FaxOptError#NO_SUCH_SESSION}.
 *
 * <pre>{@code
 * FaxOptClient faxopt = new FaxOptClient(vertx);
 * faxopt.create(new SessionOptions().setMode(SessionMode.GATEWAY).putFaxopt("maxrate", "9600"))
 *     .compose(info -> faxopt.get(info.sessionId(), "maxrate"))
 *     .onSuccess(rate -> System.out.println("maxrate=" + rate));
 * }</pre>
 */
public final class FaxOptClient {
  /** How long a request waits for its reply before it fails, ms. */
  public static final long DEFAULT_TIMEOUT_MS = 10_000;

  private final EventBus bus;
  private final DeliveryOptions delivery;

  public FaxOptClient(Vertx vertx) {
    this(vertx, DEFAULT_TIMEOUT_MS);
  }

  public FaxOptClient(Vertx vertx, long timeoutMs) {
    this.bus = vertx.eventBus();
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  /** Reads one item's canonical value. */
  public Future<String> get(String sessionId, String item) {
    return request(BusAddresses.faxopt(sessionId), FaxOptMessages.get(item))
        .map(reply -> reply.getString(FaxOptMessages.VALUE));
  }

  /** Reads every item, by canonical name, in docs/faxopt.md's order. */
  public Future<Map<String, String>> getAll(String sessionId) {
    return request(BusAddresses.faxopt(sessionId), FaxOptMessages.getAll()).map(reply -> {
      Map<String, String> items = new LinkedHashMap<>();
      reply.getJsonObject(FaxOptMessages.ITEMS).forEach(e -> items.put(e.getKey(), (String) e.getValue()));
      return items;
    });
  }

  /** Writes one item; the Future holds the value as it now reads back. */
  public Future<String> set(String sessionId, String item, String value) {
    return request(BusAddresses.faxopt(sessionId), FaxOptMessages.set(item, value))
        .map(reply -> reply.getString(FaxOptMessages.VALUE));
  }

  /**
   * Tells a session that leg {@code leg} now has {@code options}: the controller switched it (for
   * example re-INVITEd its far end to T.38 and learnt its UDPTL address). With faxdetect
   * {@code t38} or {@code yes}, a leg gaining a UDPTL address is reported as a T.38 detection.
   */
  public Future<SessionInfo> updateLeg(String sessionId, String leg, LegOptions options) {
    return request(BusAddresses.faxopt(sessionId), FaxOptMessages.leg(leg, options)).map(SessionInfo::fromJson);
  }

  /**
   * The session's recent events, oldest first (created, detection, t38-request, mode-changed,
   * ended...): for controllers that poll rather than listen on {@link BusAddresses#sessionEvents}.
   */
  public Future<List<JsonObject>> events(String sessionId) {
    return request(BusAddresses.faxopt(sessionId), FaxOptMessages.op(FaxOptMessages.Op.EVENTS)).map(reply ->
        reply.getJsonArray(FaxOptMessages.EVENTS).stream().map(o -> (JsonObject) o).toList());
  }

  /**
   * The session's T.30 trace: {@code summary} (frames seen, counts by kind, rates used), {@code kept}
   * and {@code frames} (each: from, ms, fcf, octets, edited, fcs), while it runs and for a while
   * after it ended; an empty object for a session whose media watches no T.30.
   */
  public Future<JsonObject> t30(String sessionId) {
    return request(BusAddresses.faxopt(sessionId), FaxOptMessages.op(FaxOptMessages.Op.T30));
  }

  public Future<SessionInfo> create(SessionOptions options) {
    return request(BusAddresses.SESSION_CREATE, options.toJson()).map(SessionInfo::fromJson);
  }

  /** Creates the session on the node named {@code node} ({@code node.id}); fails NO_SUCH_SESSION-style when no such node listens. */
  public Future<SessionInfo> createOn(String node, SessionOptions options) {
    return request(BusAddresses.createOn(node), options.toJson()).map(SessionInfo::fromJson);
  }

  /** The sessions of the node named {@code node}. */
  public Future<List<SessionInfo>> listOn(String node) {
    return request(BusAddresses.listOn(node), new JsonObject()).map(reply ->
        reply.getJsonArray(FaxOptMessages.SESSIONS).stream()
            .map(o -> SessionInfo.fromJson((JsonObject) o)).toList());
  }

  public Future<SessionInfo> describe(String sessionId) {
    return request(BusAddresses.SESSION_DESCRIBE, FaxOptMessages.sessionId(sessionId)).map(SessionInfo::fromJson);
  }

  /** Ends a session; the Future holds its completion event (the same one again for an ended session). */
  public Future<CompletionEvent> end(String sessionId) {
    return request(BusAddresses.SESSION_END, FaxOptMessages.sessionId(sessionId)).map(CompletionEvent::new);
  }

  /** The sessions of the node that answers. */
  public Future<List<SessionInfo>> list() {
    return request(BusAddresses.SESSION_LIST, new JsonObject()).map(reply ->
        reply.getJsonArray(FaxOptMessages.SESSIONS).stream()
            .map(o -> SessionInfo.fromJson((JsonObject) o)).toList());
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return bus.<JsonObject>request(address, body, delivery)
        .recover(failure -> Future.failedFuture(FaxOptException.from(failure, address)))
        .map(reply -> reply.body());
  }
}
