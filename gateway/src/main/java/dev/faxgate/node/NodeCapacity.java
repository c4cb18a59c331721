package dev.faxgate.node;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import java.lang.management.ManagementFactory;

/**
 * How many media sessions this node can hold, from what limits it outside the code: the process's
 * file-descriptor limit ({@code ulimit -n}: two sockets per session) and the media port range (an
 * audio-relay session, the worst case, takes two even ports). Said once at start, with a warning
 * when {@code sessions.max} promises more than the node can hold.
 *
 * @param fdLimit the process's file-descriptor limit (-1 when the JVM does not say)
 * @param fdOpen file descriptors open at start (-1 when the JVM does not say)
 * @param byFds sessions the free descriptors hold, after {@link #RESERVED_FDS}
 * @param byPorts sessions the media port range holds
 */
public record NodeCapacity(long fdLimit, long fdOpen, long byFds, long byPorts, int sessionsMax) {
  /** Descriptors kept for everything but media sockets: jars, HTTP and Kafka connections, the embedded broker's files. */
  static final int RESERVED_FDS = 1024;
  static final int SOCKETS_PER_SESSION = 2;

  /** The capacity with these limits (a pure function, for tests). */
  static NodeCapacity of(long fdLimit, long fdOpen, int portMin, int portMax, int sessionsMax) {
    long byFds = fdLimit < 0 ? Long.MAX_VALUE : Math.max(0, (fdLimit - Math.max(0, fdOpen) - RESERVED_FDS) / SOCKETS_PER_SESSION);
    long evens = portMax < portMin ? 0 : (portMax / 2 - (portMin + 1) / 2 + 1);
    return new NodeCapacity(fdLimit, fdOpen, byFds, evens / SOCKETS_PER_SESSION, sessionsMax);
  }

  /** This process's capacity under {@code config}. */
  public static NodeCapacity measure(GatewayConfig config) {
    long limit = -1;
    long open = -1;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      limit = unix.getMaxFileDescriptorCount();
      open = unix.getOpenFileDescriptorCount();
    }
    return of(limit, open, config.getInt(ConfigKey.MEDIA_PORT_MIN), config.getInt(ConfigKey.MEDIA_PORT_MAX),
        config.getInt(ConfigKey.SESSIONS_MAX));
  }

  /** Media sessions the node can hold at once. */
  public long sessions() {
    return Math.min(byFds, byPorts);
  }

  /** Whether {@code sessions.max} promises more than the node can hold. */
  public boolean isShort() {
    return sessions() < sessionsMax;
  }

  /** One line for the log. */
  public String describe() {
    String fds = fdLimit < 0 ? "file-descriptor limit unknown" : "file descriptors " + fdOpen + " open of " + fdLimit
        + " (room for " + byFds + " sessions)";
    String line = "capacity: " + fds + "; media ports for " + byPorts + " sessions; sessions.max " + sessionsMax;
    if (!isShort()) {
      return line;
    }
    return line + ": the node can hold only " + sessions() + " media sessions; "
        + (byFds < byPorts ? "raise the limit to at least "
            + (fdOpen + RESERVED_FDS + (long) sessionsMax * SOCKETS_PER_SESSION) + " (ulimit -n, or LimitNOFILE)"
            : "widen media.port_min..media.port_max to at least " + (long) sessionsMax * SOCKETS_PER_SESSION * 2 + " ports")
        + ", or lower sessions.max";
  }
}
