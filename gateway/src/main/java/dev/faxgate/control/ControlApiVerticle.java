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
 * POST   /sessions                      create          201 SessionInfo (body: SessionOptions: mode, legs, faxopt, tags)
 * GET    /sessions                      list            200 {"sessions":[...]}
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
 * ({@link RequestGuard}), 404/405 for what no route takes, 400 for a path that does not decode.
 */
public final class ControlApiVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ControlApiVerticle.class);
  private static final String JSON = "application/json";

  private final GatewayConfig config;
  private final String metricsRegistry;
  private final dev.faxgate.session.ResultSink results;
  private FaxOptClient client;
  private ApiAccess access;
  /** True once the node drains (SIGTERM): /health answers DRAINING so load balancers stop sending. */
  private final java.util.function.BooleanSupplier draining;
  private HttpServer server;

  /**
   * @param metricsRegistry the Micrometer registry name /metrics serves
   * @param results the result sink whose state /health reports
   */
  public ControlApiVerticle(GatewayConfig config, String metricsRegistry, dev.faxgate.session.ResultSink results,
      java.util.function.BooleanSupplier draining) {
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
    router.post("/sessions").handler(ControlApiVerticle::requireJson);
    router.put("/sessions/:id/legs/:leg").handler(ControlApiVerticle::requireJson);
    router.post("/sessions").handler(this::create);
    router.get("/sessions").handler(ctx -> reply(ctx, 200, client.list().map(ControlApiVerticle::listJson)));
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

  private static JsonObject listJson(java.util.List<SessionInfo> sessions) {
    JsonArray array = new JsonArray();
    sessions.forEach(s -> array.add(s.toJson()));
    return new JsonObject().put(FaxOptMessages.SESSIONS, array);
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
    try {
      options = new SessionOptions(bodyObject(ctx));
    } catch (FaxOptException e) {
      error(ctx, e);
      return;
    }
    reply(ctx, 201, client.create(options).map(SessionInfo::toJson));
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


  private static void reply(RoutingContext ctx, int status, Future<JsonObject> result) {
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
