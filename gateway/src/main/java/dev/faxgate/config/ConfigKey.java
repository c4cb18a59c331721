package dev.faxgate.config;

import dev.faxgate.faxopt.FaxOptItem;
import dev.faxgate.faxopt.FaxOptItems;
import dev.faxgate.faxopt.FaxOptSnapshot;
import dev.faxgate.faxopt.FaxOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One configuration key: its dotted name (as nested keys in the file: {@code http.port} is
 * {@code {"http":{"port":...}}}), its environment override ({@code FAXGATE_HTTP_PORT}), its type,
 * default and meaning. Every key is documented in README from this table.
 */
public record ConfigKey(String name, Type type, String defaultValue, String description) {

  /** How a key's value is checked. */
  public enum Type {
    STRING,
    /** A whole number, 0 or more. */
    NUMBER,
    /** A TCP/UDP port, 0 to 65535. */
    PORT,
    BOOLEAN
  }

  public static final ConfigKey NODE_ID = new ConfigKey("node.id", Type.STRING, "",
      "Name of this node in results and logs; empty: the host name");
  public static final ConfigKey NODE_DRAIN_SECONDS = new ConfigKey("node.drain_seconds", Type.NUMBER, "600",
      "On SIGTERM: how long active sessions may run on to their own end (creates get 503 DRAINING, /health says DRAINING) before the rest are ended; 0: end them at once");
  public static final ConfigKey NODE_EVENT_LOOPS = new ConfigKey("node.event_loops", Type.NUMBER, "0",
      "Event-loop threads of the node, shared by HTTP, the sessions and the media verticles (0: Vert.x's two per core; on one core, 1 thread for everything measured a longer lag tail than 2: docs/performance.md)");
  public static final ConfigKey HTTP_ENABLED = new ConfigKey("http.enabled", Type.BOOLEAN, "true",
      "Serve the HTTP control API, /metrics and /health (faxgate relay runs without)");
  public static final ConfigKey HTTP_HOST = new ConfigKey("http.host", Type.STRING, "127.0.0.1",
      "Address the HTTP control API, /metrics and /health listen on");
  public static final ConfigKey HTTP_PORT = new ConfigKey("http.port", Type.PORT, "8080",
      "Port of the HTTP server (0: any free port)");
  public static final ConfigKey HTTP_TOKEN = new ConfigKey("http.token", Type.STRING, "",
      "Bearer tokens that may read and write /sessions, comma-separated; empty (and no read-only token): /sessions is open, which a node allows only on a loopback http.host (or with http.insecure)");
  public static final ConfigKey HTTP_READ_ONLY_TOKENS = new ConfigKey("http.read_only_tokens", Type.STRING, "",
      "Bearer tokens that may only read /sessions (GET, HEAD), comma-separated: for dashboards and probes; a write with one gets 403");
  public static final ConfigKey HTTP_INSECURE = new ConfigKey("http.insecure", Type.BOOLEAN, "false",
      "Serve /sessions without a token on a non-loopback http.host (logged as a WARN at every start); without it such a node refuses to start");
  public static final ConfigKey HTTP_CREATE_RATE = new ConfigKey("http.create_rate", Type.NUMBER, "50",
      "Session creates per second one token (one client address, without tokens) may make, in bursts of as many; more get 429 with Retry-After (0: no limit)");
  public static final ConfigKey HTTP_TLS_CERT = new ConfigKey("http.tls_cert", Type.STRING, "",
      "PEM file with the HTTP server's certificate chain: with http.tls_key, the API, /metrics and /health are served over HTTPS only");
  public static final ConfigKey HTTP_TLS_KEY = new ConfigKey("http.tls_key", Type.STRING, "",
      "PEM file with the private key of http.tls_cert");
  public static final ConfigKey HTTP_MAX_BODY_BYTES = new ConfigKey("http.max_body_bytes", Type.NUMBER, "65536",
      "Largest request body accepted; larger ones get 413");
  public static final ConfigKey HTTP_ALLOWED_HOSTS = new ConfigKey("http.allowed_hosts", Type.STRING, "",
      "Host names the HTTP server answers to, comma-separated (another Host header gets 403, against DNS rebinding); empty: localhost, 127.0.0.1 and [::1] while http.host is a loopback address, any otherwise");
  public static final ConfigKey HTTP_ALLOWED_ORIGINS = new ConfigKey("http.allowed_origins", Type.STRING, "",
      "Browser origins allowed to call the API, comma-separated (e.g. https://ops.example.com); empty: a request with an Origin header gets 403 (no cross-site requests from web pages)");
  public static final ConfigKey HTTP_IDLE_TIMEOUT_SECONDS = new ConfigKey("http.idle_timeout_seconds", Type.NUMBER, "60",
      "An HTTP connection with nothing sent or received this long is closed");
  public static final ConfigKey HTTP_REQUEST_TIMEOUT_SECONDS = new ConfigKey("http.request_timeout_seconds", Type.NUMBER,
      "30", "A request must have arrived whole and been answered within this (a client that trickles its headers has its connection closed; a late answer is 503)");
  public static final ConfigKey SESSIONS_MAX = new ConfigKey("sessions.max", Type.NUMBER, "1000",
      "Active sessions this node takes; one more is refused with AT_CAPACITY (HTTP 503)");
  public static final ConfigKey SESSIONS_RETAIN_ENDED_SECONDS = new ConfigKey("sessions.retain_ended_seconds",
      Type.NUMBER, "60", "How long an ended session still answers reads (its results) before it is forgotten");
  public static final ConfigKey SESSIONS_MAX_DURATION_SECONDS = new ConfigKey("sessions.max_duration_seconds",
      Type.NUMBER, "14400", "A session still running after this long is ended as FAILED/TIMEOUT (0: never)");
  public static final ConfigKey CLUSTER_ENABLED = new ConfigKey("cluster.enabled", Type.BOOLEAN, "false",
      "Join a Hazelcast cluster so that controllers on other nodes reach the sessions over the bus");
  public static final ConfigKey CLUSTER_NAME = new ConfigKey("cluster.name", Type.STRING, "faxgate",
      "Hazelcast cluster name; nodes with the same name form one bus");
  public static final ConfigKey CLUSTER_HOST = new ConfigKey("cluster.host", Type.STRING, "127.0.0.1",
      "Address this node's cluster and event-bus traffic uses");
  public static final ConfigKey CLUSTER_MEMBERS = new ConfigKey("cluster.members", Type.STRING, "127.0.0.1",
      "Comma list of addresses of the other nodes (Hazelcast TCP join), each host or host:port");
  public static final ConfigKey CLUSTER_PORT = new ConfigKey("cluster.port", Type.PORT, "5701",
      "Hazelcast member port (the next free one above it when taken); the event bus takes a port of its own");
  public static final ConfigKey CLUSTER_BUS_PORT = new ConfigKey("cluster.bus_port", Type.PORT, "0",
      "Port of the clustered event bus (0: any free port; set one to open it in a firewall)");
  public static final ConfigKey CLUSTER_KUBERNETES_DNS = new ConfigKey("cluster.kubernetes_dns", Type.STRING, "",
      "DNS name of a headless Service whose addresses are the nodes (Hazelcast Kubernetes discovery, DNS mode: no API permissions needed); replaces cluster.members");
  public static final ConfigKey CLUSTER_SECRET = new ConfigKey("cluster.secret", Type.STRING, "",
      "Shared secret of the cluster: a node joins only nodes with the same secret (it is folded into the Hazelcast cluster name); required unless cluster.host is a loopback address");
  public static final ConfigKey CLUSTER_TLS_CERT = new ConfigKey("cluster.tls_cert", Type.STRING, "",
      "PEM certificate chain of this node on the clustered event bus (TLS both ways, client certificate required); required with cluster.tls_key and cluster.tls_trust unless cluster.host is a loopback address");
  public static final ConfigKey CLUSTER_TLS_KEY = new ConfigKey("cluster.tls_key", Type.STRING, "",
      "PEM private key of cluster.tls_cert");
  public static final ConfigKey CLUSTER_TLS_TRUST = new ConfigKey("cluster.tls_trust", Type.STRING, "",
      "PEM certificates (the cluster's CA) an event-bus peer's certificate must chain to");

  public static final ConfigKey MEDIA_HOST = new ConfigKey("media.host", Type.STRING, "127.0.0.1",
      "Local address media sockets (RTP, UDPTL) bind to unless a leg names its own");
  public static final ConfigKey MEDIA_PORT_MIN = new ConfigKey("media.port_min", Type.PORT, "20000",
      "Lowest local media port (RTP takes even ports)");
  public static final ConfigKey MEDIA_PORT_MAX = new ConfigKey("media.port_max", Type.PORT, "29999",
      "Highest local media port");
  public static final ConfigKey MEDIA_JITTER_MS = new ConfigKey("media.jitter_ms", Type.NUMBER, "60",
      "Playout delay of RTP legs, ms, a multiple of 20: where each leg starts, and its least (it grows only up to media.jitter_max_ms)");
  public static final ConfigKey MEDIA_JITTER_MAX_MS = new ConfigKey("media.jitter_max_ms", Type.NUMBER, "200",
      "Largest playout delay of an RTP leg, ms: before the leg's fax starts (its first V.21), the delay grows in silence to hold the late packets seen, and is frozen from then on, never shrinking (at or below media.jitter_ms: fixed)");
  public static final ConfigKey MEDIA_SILENCE_SECONDS = new ConfigKey("media.silence_seconds", Type.NUMBER, "30",
      "A media session whose legs all stay silent this long ends; a gateway whose fax started ends when its audio leg, or its T.38 leg both ways, is silent this long (0: never)");
  public static final ConfigKey MEDIA_INSTANCES = new ConfigKey("media.instances", Type.NUMBER, "0",
      "Pairs of media I/O and processing verticles; sessions are spread over them (0: one per core)");
  public static final ConfigKey MEDIA_REUSE_PARTS = new ConfigKey("media.reuse_parts", Type.NUMBER, "2000",
      "Parts of ended sessions' processors (UDPTL receivers and senders, modem receivers, buffers) each media thread keeps, per kind, for its next sessions, so a session starts without allocating its big state (0: off)");
  public static final ConfigKey MEDIA_PREWARM_SESSIONS = new ConfigKey("media.prewarm_sessions", Type.NUMBER, "0",
      "Gateway sessions' parts made at start and put in the media threads' pools (spread over them), so that the first burst of that many sessions allocates no big state either (about 230 kB each; at most media.reuse_parts per thread; 0: none)");

  public static final ConfigKey UDPTL_ADAPTIVE_DEPTH = new ConfigKey("udptl.adaptive_depth", Type.NUMBER, "4",
      "Secondaries a UDPTL leg with redundancy may add to its configured depths when its incoming direction loses datagrams (about one per 2% of loss, lowered again after 5 s of less; the completion event's redundancyAdded says how many were used; 0: fixed depths)");

  public static final ConfigKey UDPTL_GAP_WAIT_MS = new ConfigKey("udptl.gap_wait_ms", Type.NUMBER, "200",
      "Gateway sessions: the longest an IFP from the T.38 leg waits behind a gap for redundancy or FEC to fill it, ms; then the gap is given up as lost and what waited is played (also when fewer datagrams follow than the redundancy depth, as at the end of a signal)");

  public static final ConfigKey GATEWAY_NSX = new ConfigKey("gateway.nsx", Type.STRING, "suppress",
      "NSF/NSC/NSS frames in gateway sessions: pass, suppress (country and vendor octets set to FF 00 00, as spandsp), or rewrite with gateway.nsx_code");
  public static final ConfigKey GATEWAY_NSX_CODE = new ConfigKey("gateway.nsx_code", Type.STRING, "ff0000",
      "Hex octets (T.35 country code then vendor code) written over the start of NSF/NSC/NSS when gateway.nsx is rewrite");

  public static final ConfigKey KAFKA_BOOTSTRAP = new ConfigKey("kafka.bootstrap", Type.STRING, "",
      "Kafka bootstrap servers for completion events; empty: start a Kafka broker in this process");
  public static final ConfigKey KAFKA_TOPIC = new ConfigKey("kafka.topic", Type.STRING, "faxgate.results",
      "Topic of the completion events (key: session id)");
  public static final ConfigKey KAFKA_RETRY_SECONDS = new ConfigKey("kafka.retry_seconds", Type.NUMBER, "5",
      "How often events still in the outbox are offered to Kafka again");
  public static final ConfigKey KAFKA_EMBEDDED_HOST = new ConfigKey("kafka.embedded.host", Type.STRING, "127.0.0.1",
      "Address of the in-process broker (when kafka.bootstrap is empty)");
  public static final ConfigKey KAFKA_EMBEDDED_PORT = new ConfigKey("kafka.embedded.port", Type.PORT, "9092",
      "Client port of the in-process broker");
  public static final ConfigKey KAFKA_EMBEDDED_CONTROLLER_PORT = new ConfigKey("kafka.embedded.controller_port",
      Type.PORT, "9093", "KRaft controller port of the in-process broker");
  public static final ConfigKey KAFKA_EMBEDDED_DIR = new ConfigKey("kafka.embedded.dir", Type.STRING,
      "faxgate-data/kafka", "Data folder of the in-process broker (kept across restarts)");
  public static final ConfigKey KAFKA_EMBEDDED_TOPIC_PARTITIONS = new ConfigKey("kafka.embedded.topic_partitions",
      Type.NUMBER, "1", "Partitions of kafka.topic, created at start-up on the in-process broker (before the node says ready)");
  public static final ConfigKey OUTBOX_DIR = new ConfigKey("outbox.dir", Type.STRING, "faxgate-data/outbox",
      "Folder of the durable outbox: completion events wait here until Kafka acknowledged them");
  public static final ConfigKey OUTBOX_FSYNC = new ConfigKey("outbox.fsync", Type.BOOLEAN, "true",
      "fsync every event before the session is reported ended (false: faster, an OS crash may lose the last events)");
  public static final ConfigKey OUTBOX_MAX_EVENTS = new ConfigKey("outbox.max_events", Type.NUMBER, "100000",
      "Events the outbox holds before new sessions are refused (running sessions still store theirs)");
  public static final ConfigKey OUTBOX_MAX_BYTES = new ConfigKey("outbox.max_bytes", Type.NUMBER, "268435456",
      "Bytes the outbox holds before new sessions are refused");
  public static final ConfigKey CAPTURE_DIR = new ConfigKey("capture.dir", Type.STRING, "faxgate-data/captures",
      "Folder of the packet captures (SESSIONID.pcap) of sessions created with \"capture\": true, and of failed ones with capture.failed");
  public static final ConfigKey CAPTURE_MAX_BYTES = new ConfigKey("capture.max_bytes", Type.NUMBER, "16777216",
      "Bytes one session's capture keeps at most (held in memory until the session ends); later packets are counted, not kept");
  public static final ConfigKey CAPTURE_MAX_FILES = new ConfigKey("capture.max_files", Type.NUMBER, "100",
      "Captures kept in capture.dir; the oldest are deleted beyond it");
  public static final ConfigKey CAPTURE_FAILED = new ConfigKey("capture.failed", Type.BOOLEAN, "false",
      "Capture every session's packets and keep the pcap only when the session did not end SUCCESS (within capture.max_bytes and capture.max_files)");
  public static final ConfigKey TERMINAL_SPOOL_DIR = new ConfigKey("terminal.spool_dir", Type.STRING,
      "faxgate-data/spool", "Folder terminal sessions read the files they send from and write the faxes they receive to; paths given through the API are relative to it and may not leave it");

  /** Prefix of the per-item FAXOPT defaults. */
  public static final String FAXOPT_PREFIX = "faxopt.";

  /** Every key: the fixed ones, then one {@code faxopt.<item>} per writable FAXOPT item. */
  public static final List<ConfigKey> ALL;

  static {
    List<ConfigKey> keys = new ArrayList<>(List.of(NODE_ID, NODE_DRAIN_SECONDS, NODE_EVENT_LOOPS, HTTP_ENABLED, HTTP_HOST, HTTP_PORT, HTTP_TOKEN, HTTP_READ_ONLY_TOKENS, HTTP_INSECURE,
        HTTP_CREATE_RATE, HTTP_TLS_CERT, HTTP_TLS_KEY, HTTP_MAX_BODY_BYTES, HTTP_ALLOWED_HOSTS, HTTP_ALLOWED_ORIGINS, HTTP_IDLE_TIMEOUT_SECONDS, HTTP_REQUEST_TIMEOUT_SECONDS, SESSIONS_MAX, SESSIONS_RETAIN_ENDED_SECONDS, SESSIONS_MAX_DURATION_SECONDS, CLUSTER_ENABLED, CLUSTER_NAME,
        CLUSTER_HOST, CLUSTER_MEMBERS, CLUSTER_PORT, CLUSTER_BUS_PORT, CLUSTER_KUBERNETES_DNS, CLUSTER_SECRET, CLUSTER_TLS_CERT, CLUSTER_TLS_KEY,
        CLUSTER_TLS_TRUST, MEDIA_HOST, MEDIA_PORT_MIN, MEDIA_PORT_MAX, MEDIA_JITTER_MS,
        MEDIA_SILENCE_SECONDS, MEDIA_INSTANCES, GATEWAY_NSX, GATEWAY_NSX_CODE, KAFKA_BOOTSTRAP, KAFKA_TOPIC, KAFKA_RETRY_SECONDS,
        KAFKA_EMBEDDED_HOST, KAFKA_EMBEDDED_PORT, KAFKA_EMBEDDED_CONTROLLER_PORT, KAFKA_EMBEDDED_DIR,
        KAFKA_EMBEDDED_TOPIC_PARTITIONS, OUTBOX_DIR,
        OUTBOX_FSYNC, OUTBOX_MAX_EVENTS, OUTBOX_MAX_BYTES, CAPTURE_DIR, CAPTURE_MAX_BYTES, CAPTURE_MAX_FILES,
        CAPTURE_FAILED, TERMINAL_SPOOL_DIR));
    keys.add(keys.indexOf(MEDIA_INSTANCES) + 1, MEDIA_REUSE_PARTS);
    keys.add(keys.indexOf(MEDIA_REUSE_PARTS) + 1, MEDIA_PREWARM_SESSIONS);
    keys.add(keys.indexOf(MEDIA_PREWARM_SESSIONS) + 1, UDPTL_ADAPTIVE_DEPTH);
    keys.add(keys.indexOf(UDPTL_ADAPTIVE_DEPTH) + 1, UDPTL_GAP_WAIT_MS);
    keys.add(keys.indexOf(MEDIA_JITTER_MS) + 1, MEDIA_JITTER_MAX_MS);
    FaxOptSnapshot defaults = FaxOptSnapshot.of(new FaxOptions());
    for (FaxOptItem<?> item : FaxOptItems.ALL) {
      if (item.writable()) {
        keys.add(new ConfigKey(FAXOPT_PREFIX + item.name(), Type.STRING, item.read(defaults),
            "Default of FAXOPT " + item.name() + " for new sessions"));
      }
    }
    ALL = Collections.unmodifiableList(keys);
  }

  /** The environment variable that overrides this key. */
  public String envName() {
    return "FAXGATE_" + name.toUpperCase(Locale.ROOT).replace('.', '_');
  }
}
