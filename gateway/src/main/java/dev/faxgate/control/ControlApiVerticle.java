package dev.faxgate.control;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptItems;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.FaxOptMessages;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP control API: a mirror of the bus API (it calls the bus through {@link FaxOptClient},
 * so it reaches sessions on any node), plus {@code /metrics} and {@code /health}.
 *
 * <pre>
 * POST   /sessions                      create          201 SessionInfo (body: SessionOptions: mode, legs, faxopt, tags,
 *                                                        and "node" to choose the node; else the least-loaded one)
 * GET    /sessions                      list            200 {"sessions":[...],"nodes":[...]} (every node's sessions)
 * GET    /sessions/{id}                 describe        200 SessionInfo (legs with their live counters and far ends)
 * DELETE /sessions/{id}                 end             200 completion event
 * GET    /sessions/{id}/faxopt          every item      200 {"items":{...}}
 * GET    /sessions/{id}/faxopt/{item}   one item        200 {"item":..,"value":..}
 * PUT    /sessions/{id}/faxopt/{item}   write one item  200 {"item":..,"value":..} (body: text, or {"value":..})
 * PUT    /sessions/{id}/legs/{leg}      move a leg      200 SessionInfo once the socket has moved (body: the leg's
 *                                                        options); 400 INVALID_VALUE, the leg unchanged, when it cannot
 * GET    /sessions/{id}/events          recent events   200 {"events":[...]}
 * GET    /sessions/{id}/t30             T.30 trace      200 {"summary":{...},"kept":N,"frames":[...]}
 * </pre>
 *
 * Errors are {@code {"error":CODE,"message":...}} with the status of {@link FaxOptError#httpStatus()};
 * 401 for a missing or wrong bearer token, 413 for an oversized body, 403 for a Host or Origin
 * this server does not serve and 415 for a create or leg move whose body is not declared JSON
 * ({@link RequestGuard}), 404/405 for what no route takes, 400 for a path that does not decode,
 * 503 NODE_GONE for a session of a node that left the cluster.
 */
public final class ControlApiVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ControlApiVerticle.class);
  private static final String JSON = "application/json";
  /** The create body's optional field naming the node to hold the session (the API's, not the bus's). */
  private static final String NODE = "node";

  private final GatewayConfig config;
  private final String metricsRegistry;
  private final dev.faxgate.session.ResultSink results;
  private FaxOptClient client;
  private ApiAccess access;
  /** True once the node drains (SIGTERM): /health answers DRAINING so load balancers stop sending. */
  private final java.util.function.BooleanSupplier draining;
  private HttpServer server;
  /** The nodes a create may go to and whether a session's node is still there (a cluster of one unless clustered). */
  private final ClusterView cluster;
  /** Lists each node's sessions: short, so one node that does not answer delays GET /sessions a little only. */
  private FaxOptClient listClient;
  private static final long LIST_TIMEOUT_MS = 3000;
  /** How often a pending request about another node's session checks whether that node is gone. */
  private static final long GONE_CHECK_MS = 250;

  /**
   * @param metricsRegistry the Micrometer registry name /metrics serves
   * @param results the result sink whose state /health reports
   */
  public ControlApiVerticle(GatewayConfig config, String metricsRegistry, dev.faxgate.session.ResultSink results,
      java.util.function.BooleanSupplier draining) {
    this(config, metricsRegistry, results, draining, ClusterView.single(config.nodeId(), () -> 0, draining));
  }

  /** @param cluster where creates go and which sessions' nodes are gone */
  public ControlApiVerticle(GatewayConfig config, String metricsRegistry, dev.faxgate.session.ResultSink results,
      java.util.function.BooleanSupplier draining, ClusterView cluster) {
    this.cluster = cluster;
    this.draining = draining;
    this.config = config;
    this.metricsRegistry = metricsRegistry;
    this.results = results;
  }

  @Override
  public Future<?> start() {
    try {
      access = new ApiAccess(config);
    } catch (IllegalStateException refused) {
      return Future.failedFuture(refused);
    }
    if (ApiAccess.openProblem(config) != null) {
      log.warn("{}: http.insecure=true serves it anyway", ApiAccess.openProblem(config));
    }
    client = new FaxOptClient(vertx);
    listClient = new FaxOptClient(vertx, LIST_TIMEOUT_MS);
    Router router = Router.router(vertx);
    RequestGuard guard = new RequestGuard(config);
    router.route().handler(TimeoutHandler.create(requestTimeoutMs(), 503));
    router.route().handler(ctx -> {
      RequestGuard.Refusal refused = guard.check(ctx);
      if (refused == null) {
        ctx.next();
      } else {
        refuse(ctx, refused);
      }
    });
    router.route(HttpMethod.GET, "/metrics").handler(PrometheusScrapingHandler.create(metricsRegistry));
    router.route(HttpMethod.HEAD, "/metrics").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE,
        "text/plain; version=0.0.4; charset=utf-8").end()); // monitors probe with HEAD: the scrape itself is GET's
    router.route(HttpMethod.GET, "/health").handler(this::health);
    router.route(HttpMethod.HEAD, "/health").handler(this::health);

    if (access.tokensRequired()) {
      router.route("/sessions*").handler(this::checkToken);
    }
    router.route("/sessions*").handler(BodyHandler.create(false)
        .setBodyLimit(config.getInt(ConfigKey.HTTP_MAX_BODY_BYTES)));
    // a session whose node left the cluster is answered here, at once, not after a bus timeout
    router.route("/sessions/:id").handler(this::requireReachableNode);
    router.route("/sessions/:id/*").handler(this::requireReachableNode);
    router.post("/sessions").handler(ControlApiVerticle::requireJson);
    router.put("/sessions/:id/legs/:leg").handler(ControlApiVerticle::requireJson);
    router.post("/sessions").handler(this::create);
    router.get("/sessions").handler(ctx -> answer(ctx, 200, listCluster()));
    router.get("/sessions/:id").handler(ctx -> reply(ctx, 200, client.describe(id(ctx)).map(SessionInfo::toJson)));
    router.delete("/sessions/:id").handler(ctx -> reply(ctx, 200, client.end(id(ctx)).map(e -> e.toJson())));
    router.get("/sessions/:id/faxopt").handler(ctx -> reply(ctx, 200, client.getAll(id(ctx))
        .map(items -> new JsonObject().put(FaxOptMessages.ITEMS, new JsonObject(new java.util.LinkedHashMap<>(items))))));
    router.get("/sessions/:id/faxopt/:item").handler(ctx -> reply(ctx, 200,
        client.get(id(ctx), ctx.pathParam("item")).map(v -> FaxOptMessages.itemReply(itemName(ctx), v))));
    router.put("/sessions/:id/faxopt/:item").handler(this::set);
    router.put("/sessions/:id/legs/:leg").handler(this::updateLeg);
    router.get("/sessions/:id/events").handler(ctx -> reply(ctx, 200, client.events(id(ctx))
        .map(list -> new JsonObject().put("events", new io.vertx.core.json.JsonArray(list)))));
    router.get("/sessions/:id/t30").handler(ctx -> reply(ctx, 200, client.t30(id(ctx))));
    router.route().failureHandler(this::failure);
    // what the router answers by itself (no route, a method the path does not take) is the API's JSON error too
    router.errorHandler(404, ctx -> send(ctx, 404, errorJson("NOT_FOUND", "no such route: " + ctx.request().method()
        + " " + FaxOptMessages.quote(ctx.request().path()) + " (docs/api.md lists the API)")));
    router.errorHandler(400, ctx -> send(ctx, 400, errorJson(FaxOptError.MALFORMED_REQUEST.name(), "the request "
        + ctx.request().method() + " " + FaxOptMessages.quote(ctx.request().uri()) + " is not valid"
        + (ctx.failure() == null ? "" : " (" + FaxOptMessages.quote(ctx.failure().getMessage()) + ")"))));
    router.errorHandler(405, ctx -> send(ctx, 405, errorJson("METHOD_NOT_ALLOWED", ctx.request().method()
        + " is not allowed on " + FaxOptMessages.quote(ctx.request().path()))));

    // HTTP/1.1 only: a client's h2c upgrade attempt is answered in HTTP/1.1 (the upgrade was seen
    // to leave Java's HttpClient waiting now and then)
    HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false)
        .setIdleTimeout(config.getInt(ConfigKey.HTTP_IDLE_TIMEOUT_SECONDS)).setIdleTimeoutUnit(TimeUnit.SECONDS);
    String cert = config.get(ConfigKey.HTTP_TLS_CERT);
    String key = config.get(ConfigKey.HTTP_TLS_KEY);
    if (cert.isEmpty() != key.isEmpty()) {
      return Future.failedFuture(new IllegalStateException("http.tls_cert and http.tls_key go together: set both (HTTPS) or"
          + " neither (HTTP)"));
    }
    if (!cert.isEmpty()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key));
    }
    SlowClientGuard slow = new SlowClientGuard(vertx, requestTimeoutMs());
    return vertx.createHttpServer(options)
        .connectionHandler(slow::connected)
        .requestHandler(request -> {
          slow.requestStarted(request);
          router.handle(request);
        })
        .listen(config.getInt(ConfigKey.HTTP_PORT), config.get(ConfigKey.HTTP_HOST))
        .onSuccess(s -> server = s);
  }

  /** The port the server listens on (useful with http.port=0). */
  public int actualPort() {
    return server.actualPort();
  }

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("id");
  }

  /** The item's canonical name (an alias such as t38gateway answers as gateway, as on the bus). */
  private static String itemName(RoutingContext ctx) {
    return FaxOptItems.lookup(ctx.pathParam("item")).name();
  }

  private long requestTimeoutMs() {
    return config.getInt(ConfigKey.HTTP_REQUEST_TIMEOUT_SECONDS) * 1000L;
  }

  private static void requireJson(RoutingContext ctx) {
    RequestGuard.Refusal refused = RequestGuard.requireJson(ctx);
    if (refused == null) {
      ctx.next();
    } else {
      refuse(ctx, refused);
    }
  }

  private static void refuse(RoutingContext ctx, RequestGuard.Refusal refused) {
    log.info("HTTP {} {} from {} refused {} {}", ctx.request().method(), FaxOptMessages.quote(ctx.request().path()),
        ctx.request().remoteAddress(), refused.status(), refused.code());
    send(ctx, refused.status(), errorJson(refused.code(), refused.message()));
  }

  /**
   * Every live node's sessions (each names its node), and the nodes as this one sees them; a node
   * that does not answer in time is named under {@code unanswered} rather than failing the list.
   */
  private Future<JsonObject> listCluster() {
    java.util.List<String> nodes = cluster.liveNodes();
    java.util.List<Future<java.util.List<SessionInfo>>> lists = nodes.stream().map(listClient::listOn).toList();
    return Future.join(lists).transform(done -> {
      JsonArray sessions = new JsonArray();
      JsonArray unanswered = new JsonArray();
      for (int i = 0; i < nodes.size(); i++) {
        if (lists.get(i).succeeded()) {
          lists.get(i).result().forEach(s -> sessions.add(s.toJson()));
        } else {
          unanswered.add(new JsonObject().put("node", nodes.get(i)).put("message", lists.get(i).cause().getMessage()));
        }
      }
      JsonObject body = new JsonObject().put(FaxOptMessages.SESSIONS, sessions).put("nodes", cluster.describe());
      if (!unanswered.isEmpty()) {
        body.put("unanswered", unanswered);
      }
      return Future.succeededFuture(body);
    });
  }

  /** 503 NODE_GONE for a session whose id names a node that left the cluster; anything else goes on to the bus. */
  private void requireReachableNode(RoutingContext ctx) {
    String node = dev.faxgate.session.SessionIds.node(id(ctx));
    String gone = node == null ? null : cluster.gone(node);
    if (gone == null) {
      ctx.next();
      return;
    }
    log.info("HTTP {} {}: {}", ctx.request().method(), FaxOptMessages.quote(ctx.request().path()), gone);
    send(ctx, 503, errorJson(FaxOptError.NODE_GONE.name(), "session " + FaxOptMessages.quote(id(ctx)) + " is held by " + gone
        + "; it cannot be reached until that node returns, and its completion event comes from that node's outbox then"));
  }

  /**
   * UP once results can be written; 503 STARTING until then (the broker does not answer, the topic
   * is missing) and 503 DEGRADED while results cannot be kept (new sessions are refused then).
   */
  private void health(RoutingContext ctx) {
    if (draining.getAsBoolean()) {
      send(ctx, 503, new JsonObject().put("status", "DRAINING").put("results", results.health())
          .put("reason", "the node is stopping: it finishes its active sessions and takes no new one"));
      return;
    }
    boolean accepting = results.accepting();
    boolean ready = results.isReady();
    String status = !accepting ? "DEGRADED" : !ready ? "STARTING" : "UP";
    JsonObject body = new JsonObject().put("status", status).put("results", results.health());
    if (!accepting) {
      body.put("reason", results.refusal());
    } else if (!ready) {
      body.put("reason", results.notReady());
    }
    send(ctx, accepting && ready ? 200 : 503, body);
  }

  /** Refuses a malformed request (tags beyond their bounds included) here, with 400, before it reaches the bus. */
  private void create(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    String clientKey = access.tokensRequired() && authorization != null ? authorization.substring(Math.min(7, authorization.length())).trim()
        : "address " + ctx.request().remoteAddress().hostAddress();
    long waitSeconds = access.takeCreate(clientKey, System.nanoTime());
    if (waitSeconds > 0) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(waitSeconds));
      send(ctx, 429, errorJson("TOO_MANY_REQUESTS", "more than http.create_rate (" + config.get(ConfigKey.HTTP_CREATE_RATE)
          + ") creates per second from this client; retry after " + waitSeconds + " s"));
      return;
    }
    SessionOptions options;
    String node;
    try {
      JsonObject body = bodyObject(ctx);
      Object requested = body.remove(NODE);
      if (requested != null && !(requested instanceof String)) {
        throw new FaxOptException(FaxOptError.MALFORMED_REQUEST, "field 'node' must be a node's name (node.id), a string");
      }
      options = new SessionOptions(body);
      node = cluster.place((String) requested);
    } catch (FaxOptException e) {
      error(ctx, e);
      return;
    }
    answer(ctx, 201, untilGone(node, client.createOn(node, options), "the session was placed on ")
        .onSuccess(created -> cluster.placed(node))
        .recover(failure -> {
          FaxOptException e = FaxOptException.from(failure, "node " + node);
          // no handler for the node's create address: it left between the placement and the create
          return Future.failedFuture(e.error() == FaxOptError.NO_SUCH_SESSION
              ? new FaxOptException(FaxOptError.NODE_GONE, "node " + node + " did not take the session: it is not in the cluster now")
              : e);
        })
        .map(SessionInfo::toJson));
  }

  private void set(RoutingContext ctx) {
    String value;
    try {
      String text = ctx.body().asString(StandardCharsets.UTF_8.name());
      if (text == null) {
        throw new FaxOptException(FaxOptError.MALFORMED_REQUEST, "the body must hold the value, as text or {\"value\":...}");
      }
      String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      if ((type != null && type.startsWith(JSON)) || text.stripLeading().startsWith("{")) {
        value = FaxOptMessages.string(bodyObject(ctx), FaxOptMessages.VALUE, true);
      } else {
        value = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
            : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
      }
    } catch (FaxOptException e) {
      error(ctx, e);
      return;
    }
    reply(ctx, 200, client.set(id(ctx), ctx.pathParam("item"), value).map(v -> FaxOptMessages.itemReply(itemName(ctx), v)));
  }

  private void updateLeg(RoutingContext ctx) {
    LegOptions leg;
    try {
      leg = new LegOptions(bodyObject(ctx));
    } catch (FaxOptException e) {
      error(ctx, e);
      return;
    }
    reply(ctx, 200, client.updateLeg(id(ctx), ctx.pathParam("leg"), leg).map(SessionInfo::toJson));
  }

  private static JsonObject bodyObject(RoutingContext ctx) {
    String text = ctx.body().asString(StandardCharsets.UTF_8.name());
    if (text == null || text.isBlank()) {
      throw new FaxOptException(FaxOptError.MALFORMED_REQUEST, "the body must be a JSON object");
    }
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(text);
      return FaxOptMessages.requireObject(parsed);
    } catch (DecodeException e) {
      throw new FaxOptException(FaxOptError.MALFORMED_REQUEST, "the body is not valid JSON: " + e.getMessage());
    }
  }

  private void checkToken(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    ApiAccess.Grant grant = access.grant(header);
    if (grant == ApiAccess.Grant.READ_WRITE || grant == ApiAccess.Grant.READ_ONLY && ApiAccess.reads(ctx.request().method())) {
      ctx.next();
    } else if (grant == ApiAccess.Grant.READ_ONLY) {
      send(ctx, 403, errorJson("FORBIDDEN", "this token may only read (http.read_only_tokens); "
          + ctx.request().method() + " needs a token of http.token"));
    } else {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      send(ctx, 401, errorJson("UNAUTHORIZED", header == null ? "missing bearer token" : "wrong bearer token"));
    }
  }


  /**
   * Answers with {@code result}; for a request about a session of another node, answers NODE_GONE
   * as soon as that node is known to be gone rather than after the bus's timeout.
   */
  private void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
    String id = ctx.pathParam("id");
    String node = id == null ? null : dev.faxgate.session.SessionIds.node(id);
    answer(ctx, status, node == null ? result : untilGone(node, result, "session " + FaxOptMessages.quote(id) + " is held by "));
  }

  /**
   * {@code request}, or NODE_GONE once {@code node} is gone while it is pending (checked every
   * {@link #GONE_CHECK_MS}). A failure that may be the node's death seen first by the bus (no
   * handler: its subscriptions vanished or its connection was refused; no reply in time) stands
   * only once the node has reported its load again after it; if the node is declared gone first,
   * the answer is NODE_GONE. A live node reports every second, so a real 404 waits that long at most.
   */
  private <T> Future<T> untilGone(String node, Future<T> request, String what) {
    if (node.equals(config.nodeId())) {
      return request;
    }
    io.vertx.core.Promise<T> answer = io.vertx.core.Promise.promise();
    long[] failedAt = {0};
    Throwable[] failure = {null};
    long timer = vertx.setPeriodic(GONE_CHECK_MS, t -> {
      String gone = cluster.gone(node);
      if (gone != null) {
        answer.tryFail(new FaxOptException(FaxOptError.NODE_GONE, what + gone + "; it cannot be reached until that node returns,"
            + " and its completion event comes from that node's outbox then"));
      } else if (failure[0] != null && cluster.heardAt(node) - failedAt[0] > 0) {
        answer.tryFail(failure[0]); // the node is alive: the failure was the session's own
      }
    });
    request.onComplete(r -> {
      if (r.succeeded()) {
        answer.tryComplete(r.result());
      } else if (maybeNodeDeath(r.cause()) && cluster.heardAt(node) != Long.MAX_VALUE) {
        failedAt[0] = System.nanoTime();
        failure[0] = r.cause();
      } else {
        answer.tryFail(r.cause());
      }
    });
    return answer.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  /** A bus failure that a dead node also gives (no handler, no reply in time), as opposed to the session's own answer. */
  private static boolean maybeNodeDeath(Throwable failure) {
    if (failure instanceof io.vertx.core.eventbus.ReplyException re) {
      return re.failureType() != io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE;
    }
    return failure instanceof FaxOptException e && (e.error() == FaxOptError.NO_SUCH_SESSION
        || e.error() == FaxOptError.INTERNAL && String.valueOf(e.getMessage()).contains("in time"));
  }

  private static void answer(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.onComplete(r -> {
      if (r.succeeded()) {
        send(ctx, status, r.result());
      } else {
        error(ctx, FaxOptException.from(r.cause(), ctx.request().path()));
      }
    });
  }

  private static void error(RoutingContext ctx, FaxOptException e) {
    send(ctx, e.error().httpStatus(), errorJson(e.error().name(), e.getMessage()));
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (status == 413) {
      send(ctx, 413, errorJson("BODY_TOO_LARGE",
          "the body is larger than http.max_body_bytes (" + config.get(ConfigKey.HTTP_MAX_BODY_BYTES) + ")"));
    } else if (status == 405) {
      send(ctx, 405, errorJson("METHOD_NOT_ALLOWED", ctx.request().method() + " is not allowed on "
          + FaxOptMessages.quote(ctx.request().path())));
    } else if (status == 503 && ctx.failure() == null) {
      send(ctx, 503, errorJson("REQUEST_TIMEOUT", "the request was not answered within http.request_timeout_seconds ("
          + config.get(ConfigKey.HTTP_REQUEST_TIMEOUT_SECONDS) + " s)"));
    } else if (isMalformedPath(ctx.failure())) {
      // a client's mistake (GET /sessions/%zz): an answer, not an ERROR with a stack trace per request
      send(ctx, 400, errorJson(FaxOptError.MALFORMED_REQUEST.name(), "the path " + FaxOptMessages.quote(ctx.request().uri())
          + " is not valid (" + ctx.failure().getMessage() + ")"));
    } else if (ctx.failure() instanceof FaxOptException e) {
      error(ctx, e);
    } else if (status > 0 && status < 500) {
      send(ctx, status, errorJson("BAD_REQUEST", "request refused with " + status));
    } else {
      log.error("HTTP {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
      send(ctx, 500, errorJson(FaxOptError.INTERNAL.name(), String.valueOf(ctx.failure())));
    }
  }

  /** A percent-escape that does not decode (Vert.x fails the route with IllegalArgumentException). */
  private static boolean isMalformedPath(Throwable failure) {
    return failure instanceof IllegalArgumentException && !(failure instanceof FaxOptException);
  }

  private static JsonObject errorJson(String code, String message) {
    return new JsonObject().put("error", code).put("message", message);
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
    }
  }
}
