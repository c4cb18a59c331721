package dev.faxgate.media;

/** A UDP address as {@code host:port}, IPv6 hosts in brackets. */
public record Endpoint(String host, int port) {

  /** Parses {@code host:port} (already checked by {@link dev.faxgate.faxopt.LegOptions#checkAddress}). */
  public static Endpoint parse(String address) {
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new Endpoint(host, Integer.parseInt(address.substring(colon + 1)));
  }

  /** Whether a datagram's source is this endpoint. */
  public boolean matches(io.vertx.core.net.SocketAddress source) {
    return source.port() == port && host.equals(source.hostAddress());
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
