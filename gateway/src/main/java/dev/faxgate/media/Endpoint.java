package dev.faxgate.media;

/** A UDP address as {@code host:port}, IPv6 hosts in brackets. */
public record Endpoint(String host, int port) {

  /**
   * Parses {@code host:port} (already checked by {@link dev.faxgate.faxopt.LegOptions#checkAddress}).
   * An IP literal is normalised to the spelling received datagrams carry ({@code ::1}, not
   * {@code 0:0:0:0:0:0:0:1}), so {@link #matches} is a plain string comparison.
   */
  public static Endpoint parse(String address) {
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new Endpoint(normalise(host), Integer.parseInt(address.substring(colon + 1)));
  }

  private static String normalise(String host) {
    boolean literal = host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    if (!literal) {
      return host;
    }
    try {
      return java.net.InetAddress.getByName(host).getHostAddress(); // a literal: no lookup happens
    } catch (java.net.UnknownHostException e) {
      return host;
    }
  }

  /**
   * Whether a datagram's source is this endpoint. {@code host()} is computed once per packet by
   * Vert.x; {@code hostAddress()} would build a new string on every call.
   */
  public boolean matches(io.vertx.core.net.SocketAddress source) {
    return source.port() == port && host.equals(source.host());
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
