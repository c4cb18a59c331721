package dev.faxgate.control;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import io.vertx.core.http.HttpMethod;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may do what on {@code /sessions}: read-write tokens ({@code http.token}), read-only tokens
 * ({@code http.read_only_tokens}), or nobody needs one (open: allowed on a loopback
 * {@code http.host} only, unless {@code http.insecure}); and how fast one client may create
 * sessions ({@code http.create_rate} per token, or per client address without tokens).
 */
final class ApiAccess {
  /** Clients whose create budgets are remembered; the least recently seen is forgotten beyond this. */
  static final int MAX_CLIENTS = 10_000;

  /** What a request's credentials allow. */
  enum Grant { READ_WRITE, READ_ONLY, NONE }

  private final List<byte[]> readWrite;
  private final List<byte[]> readOnly;
  private final double createsPerSecond;
  /** Each client's create budget: tokens left and when it was last filled, in nanoseconds. */
  private final Map<String, double[]> budgets = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
      return size() > MAX_CLIENTS;
    }
  };

  /**
   * @throws IllegalStateException when /sessions would be open on a non-loopback address without
   *     http.insecure: the message says why and what to set
   */
  ApiAccess(GatewayConfig config) {
    readWrite = tokens(config.get(ConfigKey.HTTP_TOKEN));
    readOnly = tokens(config.get(ConfigKey.HTTP_READ_ONLY_TOKENS));
    createsPerSecond = config.getInt(ConfigKey.HTTP_CREATE_RATE);
    String problem = openProblem(config);
    if (problem != null && !config.getBoolean(ConfigKey.HTTP_INSECURE)) {
      throw new IllegalStateException(problem + "; set http.token (FAXGATE_HTTP_TOKEN), or http.insecure=true to run it"
          + " open anyway");
    }
  }

  /**
   * Why the API would be open to the network, or null: no token is configured and http.host is
   * not a loopback address (anyone who reaches the port could create and end sessions).
   */
  static String openProblem(GatewayConfig config) {
    boolean noToken = tokens(config.get(ConfigKey.HTTP_TOKEN)).isEmpty()
        && tokens(config.get(ConfigKey.HTTP_READ_ONLY_TOKENS)).isEmpty();
    String host = config.get(ConfigKey.HTTP_HOST);
    return noToken && config.getBoolean(ConfigKey.HTTP_ENABLED) && !isLoopback(host)
        ? "http.host is " + host + ", not a loopback address, and no http.token is set: anyone who reaches port "
            + config.get(ConfigKey.HTTP_PORT) + " could create and end sessions" : null;
  }

  /** True when a token is needed at all. */
  boolean tokensRequired() {
    return !readWrite.isEmpty() || !readOnly.isEmpty();
  }

  /** What an Authorization header allows; the scheme is case-insensitive, tokens compare in constant time. */
  Grant grant(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Grant.NONE;
    }
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    boolean rw = false;
    boolean ro = false;
    for (byte[] t : readWrite) {
      rw |= MessageDigest.isEqual(given, t);
    }
    for (byte[] t : readOnly) {
      ro |= MessageDigest.isEqual(given, t);
    }
    return rw ? Grant.READ_WRITE : ro ? Grant.READ_ONLY : Grant.NONE;
  }

  /** True for the methods a read-only token may use. */
  static boolean reads(HttpMethod method) {
    return method == HttpMethod.GET || method == HttpMethod.HEAD;
  }

  /**
   * Takes one create from {@code client}'s budget: 0 when it may go on, else the seconds to wait
   * (for Retry-After). The budget refills at http.create_rate per second up to as many.
   */
  long takeCreate(String client, long nowNanos) {
    if (createsPerSecond <= 0) {
      return 0;
    }
    double[] b = budgets.computeIfAbsent(client, c -> new double[] {createsPerSecond, nowNanos});
    b[0] = Math.min(createsPerSecond, b[0] + (nowNanos - b[1]) / 1e9 * createsPerSecond);
    b[1] = nowNanos;
    if (b[0] >= 1) {
      b[0] -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - b[0]) / createsPerSecond);
  }

  private static List<byte[]> tokens(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(t -> !t.isEmpty())
        .map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
  }

  static boolean isLoopback(String host) {
    if (List.of("localhost", "127.0.0.1", "::1", "[::1]").contains(host)) {
      return true;
    }
    try { // literal addresses only: a name is not looked up here
      return host.matches("[0-9.:\\[\\]a-fA-F]+") && InetAddress.getByName(host.replace("[", "").replace("]", ""))
          .isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
