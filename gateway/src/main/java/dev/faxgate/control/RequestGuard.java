package dev.faxgate.control;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.FaxOptMessages;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a request must show before any route sees it, so a web page in a browser on the operator's
 * machine cannot drive the API (docs/api.md, "Requests a node refuses"):
 * <ul>
 *   <li>its {@code Host} names this server ({@code http.allowed_hosts}; on a loopback bind, only
 *       the loopback names): a DNS-rebound name is refused;</li>
 *   <li>it carries no {@code Origin}, or one of {@code http.allowed_origins}: programs send none,
 *       browsers send it on every cross-site request;</li>
 *   <li>a create or a leg move says its body is {@code application/json}: a cross-site form or a
 *       "simple" fetch can only send form or text bodies.</li>
 * </ul>
 * Each refusal is the API's JSON error; nothing the client sent is echoed unquoted.
 */
final class RequestGuard {
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  /** Allowed host names in lower case; null: any. */
  private final Set<String> hosts;
  private final Set<String> origins;

  RequestGuard(GatewayConfig config) {
    Set<String> configured = list(config.get(ConfigKey.HTTP_ALLOWED_HOSTS));
    hosts = !configured.isEmpty() ? configured : ApiAccess.isLoopback(config.get(ConfigKey.HTTP_HOST)) ? LOOPBACK_NAMES : null;
    origins = list(config.get(ConfigKey.HTTP_ALLOWED_ORIGINS));
  }

  /** Null when the request may go on, else the refusal: {status, code, message}. */
  Refusal check(RoutingContext ctx) {
    String host = ctx.request().getHeader(HttpHeaders.HOST);
    if (hosts != null && (host == null || !hosts.contains(hostName(host)))) {
      return new Refusal(403, "HOST_NOT_ALLOWED", "this server does not answer to Host " + FaxOptMessages.quote(host)
          + "; allowed: " + String.join(", ", hosts) + " (http.allowed_hosts)");
    }
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
      return new Refusal(403, "ORIGIN_NOT_ALLOWED", "requests from web pages at " + FaxOptMessages.quote(origin)
          + " are refused; allow an origin with http.allowed_origins");
    }
    return null;
  }

  /** Null when a JSON body is declared as such (create, leg move), else the 415 refusal. */
  static Refusal requireJson(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (mediaType.equals("application/json")) {
      return null;
    }
    HttpMethod method = ctx.request().method();
    return new Refusal(415, "UNSUPPORTED_MEDIA_TYPE", method + " " + ctx.request().path()
        + " takes a JSON body sent as Content-Type: application/json, not " + (type == null ? "none" : FaxOptMessages.quote(type)));
  }

  /** Why a request was refused. */
  record Refusal(int status, String code, String message) {}

  /** The name part of a Host header: {@code name}, {@code name:port}, {@code [v6]:port}; lower case. */
  static String hostName(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 || h.indexOf(':', colon + 1) >= 0 ? h : h.substring(0, colon);
  }

  private static Set<String> list(String value) {
    return Arrays.stream(value.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
