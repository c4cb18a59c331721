package dev.faxgate.media;

/** A UDP address as {@code host:port}, IPv6 hosts in brackets. */
public record Endpoint(String host, int port) {
  /** What the JDK reads as an IPv6 literal without a lookup: hex digits, colons, dots, and a zone. */
  private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z_.-]+)?");

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
    java.net.InetAddress literal = literal(host);
    return literal == null ? host : literal.getHostAddress();
  }

  /**
   * The address an IP literal names, or null for a host name; never a DNS lookup, so it may run on
   * an event loop. IPv4 only in its dotted-quad form (a "host of digits and dots" like 1.2.3.4.5 or
   * 010.1 is a name here, as it would be for a resolver that is asked). IPv6 is handed to the JDK
   * only when it is made of hex digits, colons and dots (and a zone): the JDK parses such a string as
   * a literal and never looks it up, where it would look up one that starts with another letter.
   */
  public static java.net.InetAddress literal(String host) {
    try {
      if (host.indexOf(':') >= 0) {
        return IPV6.matcher(host).matches() ? java.net.InetAddress.getByName(host) : null;
      }
      String[] parts = host.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] octets = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
          return null;
        }
        octets[i] = (byte) Integer.parseInt(parts[i]);
      }
      return java.net.InetAddress.getByAddress(octets);
    } catch (java.net.UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }


  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
