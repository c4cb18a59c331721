package dev.faxgate.session;

import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.FaxOptions;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.media.Endpoint;
import dev.faxgate.media.MediaLeg;
import dev.faxgate.metrics.FaxgateMetrics;
import dev.faxgate.t30.T30Supervisor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Map;

/**
 * What a {@link SessionFlow} uses of the node. The session manager gives every flow the same
 * services, all bound to its own context: timers fire there and every future completes there.
 */
record SessionServices(GatewayConfig config, FaxgateMetrics metrics, ResultSink results, Media media, Timers timers,
    Publisher publisher, Clock clock) {

  /** The media plane as a session sees it (see {@link dev.faxgate.media.MediaPlane} for each call). */
  interface Media {
    Future<JsonObject> open(String sessionId, SessionMode mode, Map<String, LegOptions> legs, FaxOptions options,
        dev.faxgate.faxopt.TerminalJob terminal);

    Future<JsonObject> close(String sessionId);

    Future<Void> watchTones(String sessionId, long durationMs);

    MediaLeg.Transport transport(String sessionId, String leg);

    Future<Void> retarget(String sessionId, String leg, Endpoint far);

    Future<java.net.InetSocketAddress> resolveFar(Endpoint far);

    Future<JsonObject> describe(String sessionId);

    Future<Void> switchToGateway(String sessionId, String t38Leg, LegOptions options, FaxOptions faxOptions);

    Future<Void> switchToT38Relay(String sessionId, LegOptions a, LegOptions b);

    /** A terminal's audio leg moved to T.38: the terminal goes on over UDPTL on that leg. */
    Future<Void> switchTerminalToT38(String sessionId, String leg, LegOptions options);

    /**
     * Captures the session's packets from now on, kept always or ({@code onlyIfFailed}) only if it
     * does not end SUCCESS; the future holds where the pcap file will be.
     */
    Future<String> capture(String sessionId, boolean onlyIfFailed);

    /** After close: a capture taken onlyIfFailed is written (failed) or dropped; never fails. */
    Future<Void> settleCapture(String sessionId, boolean failed);

    /** The session's T.30 trace as it stands (null: none). */
    Future<JsonObject> t30(String sessionId);

    /** Null when the write now governs the session's T.30, else why it is too late. */
    Future<String> updatePolicy(String sessionId, FaxOptions next, T30Supervisor.PolicyItem item);
  }

  /** One-shot timers; cancelling -1 or a timer that fired is harmless. */
  interface Timers {
    long set(long delayMs, Runnable action);

    void cancel(long id);
  }

  /** Where session events and completion events are published. */
  interface Publisher {
    void sessionEvent(String sessionId, JsonObject event);

    void result(JsonObject completion);
  }
}
