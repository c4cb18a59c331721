package dev.faxgate.media;

/** A UDP address as {@code host:port}, IPv6 hosts in brackets. */
public record Endpoint(String host, int port) {

  /**
   * Parses {@code host:port} (already checked by {@link dev.faxgate.faxopt.LegOptions#checkAddress}).
   * An IP literal is normalised to one spelling ({@code 0:0:0:0:0:0:0:1} and {@code ::1} alike).
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

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
