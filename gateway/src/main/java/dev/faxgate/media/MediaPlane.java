package dev.faxgate.media;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import java.nio.file.Path;
import dev.faxgate.faxfile.SpoolDirectory;
import dev.faxgate.faxopt.TerminalJob;
import dev.faxgate.faxopt.FaxOptMessages;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.media.MediaLeg.Transport;
import dev.faxgate.faxopt.FaxOptions;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.PartsPool;
import dev.faxgate.t30.T30Supervisor;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The node's media plane: pairs of an I/O verticle (sockets, media clock) and a processing
 * verticle (the sessions' processors), the batch between them crossing the local bus once per
 * tick. {@link #open} gives a session its sockets and processor on the least loaded pair;
 * {@link #describe} reads each leg's statistics while it runs; {@link #close} takes them away and
 * returns each leg's final statistics. Host names are resolved on a
 * worker thread, never on an event loop. Thread-safe facade: the futures it returns complete on
 * the media verticles' threads, so a caller with state of its own brings them back to its context.
 */
public final class MediaPlane {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MediaPlane.class);
  private final GatewayConfig config;
  private final Vertx vertx;
  private final ProcessorFactory processors;
  private final String eventsAddress;
  private final PortAllocator ports;
  private final MediaCounters counters;
  private final List<Pair> pairs = new ArrayList<>();
  private final Map<String, Placement> placed = new HashMap<>();
  /** Terminal sessions' files: what they send, or the writer of what they receive (finished at close). */
  private final Map<String, TerminalFiles> terminalFiles = new java.util.concurrent.ConcurrentHashMap<>();
  /**
   * Where receiving terminals compress their kept pages (ImageIO, a few ms each), off the media
   * threads: worker threads, no more than the media threads, each sink keeping its own pages in order.
   */
  private final java.util.concurrent.Executor pageWork;
  /** Sessions capturing only for a failure (capture.failed), and the I/O verticle that holds the capture. */
  private final Map<String, MediaIoVerticle> awaitingOutcome = new java.util.concurrent.ConcurrentHashMap<>();

  /** Where a session runs: its pair, its slot there, its legs, and each leg's G.711 payload type (for detection). */
  private record Placement(Pair pair, int slot, List<MediaLeg> legs, int[] payloadTypes) {}

  /** One I/O verticle with its processing and detection partners. */
  private static final class Pair {
    final MediaIoVerticle io;
    final ProcessingVerticle processing;
    final DetectionVerticle detection;
    final BitSet slots = new BitSet();

    Pair(MediaIoVerticle io, ProcessingVerticle processing, DetectionVerticle detection) {
      this.io = io;
      this.processing = processing;
      this.detection = detection;
    }
  }

  private MediaPlane(Vertx vertx, GatewayConfig config, MeterRegistry registry) {
    this.config = config;
    this.vertx = vertx;
    this.processors = new ProcessorFactory(config);
    io.vertx.core.WorkerExecutor pages = vertx.createSharedWorkerExecutor("faxgate-pages",
        Math.max(1, Runtime.getRuntime().availableProcessors()));
    this.pageWork = task -> pages.executeBlocking(() -> {
      task.run();
      return null;
    }, false);
    this.eventsAddress = "faxgate.media." + System.identityHashCode(this) + ".events";
    this.ports = new PortAllocator(config.getInt(ConfigKey.MEDIA_PORT_MIN), config.getInt(ConfigKey.MEDIA_PORT_MAX));
    this.counters = new MediaCounters(registry);
  }

  /** Deploys the media verticles. */
  public static Future<MediaPlane> deploy(Vertx vertx, GatewayConfig config, MeterRegistry registry) {
    if (config.getInt(ConfigKey.MEDIA_JITTER_MS) % 20 != 0) {
      return Future.failedFuture("media.jitter_ms must be a multiple of 20, not " + config.get(ConfigKey.MEDIA_JITTER_MS));
    }
    MediaPlane plane;
    try {
      plane = new MediaPlane(vertx, config, registry);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    LocalCodec.register(vertx.eventBus());
    int n = config.getInt(ConfigKey.MEDIA_INSTANCES);
    n = n > 0 ? n : Runtime.getRuntime().availableProcessors();
    long silenceMs = config.getInt(ConfigKey.MEDIA_SILENCE_SECONDS) * 1000L;
    Future<Void> chain = Future.succeededFuture();
    int prewarm = config.getInt(ConfigKey.MEDIA_PREWARM_SESSIONS);
    int prewarmEach = Math.min((prewarm + n - 1) / n, config.getInt(ConfigKey.MEDIA_REUSE_PARTS));
    for (int i = 0; i < n; i++) {
      String address = "faxgate.media." + System.identityHashCode(plane) + "." + i;
      DetectionVerticle detection = new DetectionVerticle(address + ".detect", plane.eventsAddress);
      ProcessingVerticle processing = new ProcessingVerticle(address, plane.eventsAddress, address + ".detect", silenceMs,
          plane.counters, config.getInt(ConfigKey.MEDIA_REUSE_PARTS));
      MediaIoVerticle io = new MediaIoVerticle(address, plane.ports, plane.counters);
      plane.pairs.add(new Pair(io, processing, detection));
      chain = chain.compose(v -> vertx.deployVerticle(detection)).compose(id -> vertx.deployVerticle(processing))
          .compose(id -> prewarmEach > 0 ? processing.prewarm(plane.processors.spareGateway(), prewarmEach)
              : Future.<Void>succeededFuture())
          .compose(v -> vertx.deployVerticle(io)).mapEmpty();
    }
    return chain.map(plane);
  }

  /** The local address on which this plane's {@link MediaEvent}s are sent (one consumer: the session manager). */
  public String eventsAddress() {
    return eventsAddress;
  }

  /**
   * Starts fax tone detection on a session's audio legs for {@code durationMs} ({@link Long#MAX_VALUE}:
   * for the whole session), or stops it ({@code 0}). A session without media ignores it.
   */
  public Future<Void> watchTones(String sessionId, long durationMs) {
    Placement p = placement(sessionId);
    if (p == null) {
      return Future.succeededFuture();
    }
    long samples = durationMs == Long.MAX_VALUE ? Long.MAX_VALUE : durationMs * 8;
    return p.pair.detection.watchTones(p.slot, sessionId, p.payloadTypes, samples)
        .compose(v -> samples > 0 ? p.pair.processing.tap(p.slot) : Future.succeededFuture());
  }

  /**
   * Whether a session carries media here: the relays always; a gateway when it has both legs (one
   * created with fewer is a FAXOPT holder the controller can configure, time out and end); a
   * detect session with both legs (it relays their audio) or one (it only listens: {@link #listensOnly}).
   */
  public static boolean carriesMedia(SessionMode mode, Map<String, LegOptions> legs) {
    boolean bothLegs = legs != null && legs.containsKey("a") && legs.containsKey("b");
    return mode == SessionMode.AUDIO_RELAY || mode == SessionMode.T38_RELAY
        || (mode == SessionMode.GATEWAY || mode == SessionMode.DETECT) && bothLegs || listensOnly(mode, legs)
        || mode == SessionMode.TERMINAL && legs != null && !legs.isEmpty();
  }

  /** A detect session with a single leg: its media is only listened to, for fax signals; nothing is sent. */
  public static boolean listensOnly(SessionMode mode, Map<String, LegOptions> legs) {
    return mode == SessionMode.DETECT && legs != null && legs.size() == 1;
  }

  /**
   * Opens a session's media: binds each leg's socket and starts its processor.
   *
   * @return each leg's local address, {@code {"a":{"local":"127.0.0.1:20000"},...}}
   * @throws FaxOptException (as the future's failure) when the legs do not fit the mode
   */
  public Future<JsonObject> open(String sessionId, SessionMode mode, Map<String, LegOptions> legOptions,
      FaxOptions faxOptions, TerminalJob job) {
    if (mode == SessionMode.TERMINAL) {
      return openTerminal(sessionId, legOptions, faxOptions, job);
    }
    List<LegSpec> specs;
    Function<PartsPool, MediaProcessor> processor;
    int[] payloadTypes;
    boolean startsAsAudio;
    try {
      startsAsAudio = startsAsAudio(mode, legOptions, faxOptions);
      specs = legs(mode, legOptions, startsAsAudio);
      int audioLeg = specs.get(0).transport() == Transport.RTP ? MediaProcessor.LEG_A : MediaProcessor.LEG_B;
      // the options are read here; the processor is made on the processing verticle's thread, from its pool
      processor = processors.recipe(mode, legOptions, startsAsAudio, audioLeg, faxOptions);
      payloadTypes = specs.stream().mapToInt(spec -> ProcessorFactory.payloadType(legOptions.get(spec.name()))).toArray();
    } catch (FaxOptException e) {
      return Future.failedFuture(e);
    }
    return resolve(specs).recover(e -> Future.failedFuture(
            new FaxOptException(FaxOptError.INVALID_VALUE, "cannot open the session's media: " + e.getMessage())))
        .compose(legs -> place(sessionId, legs, payloadTypes, processor, startsAsAudio));
  }

  /**
   * A terminal session's media: its files made ready off the event loop (refused 400 when they do
   * not hold: no session is created), then its one leg with the terminal on it.
   */
  private Future<JsonObject> openTerminal(String sessionId, Map<String, LegOptions> legOptions, FaxOptions faxOptions,
      TerminalJob job) {
    List<LegSpec> specs;
    try {
      if (job == null || legOptions.size() != 1) {
        throw new FaxOptException(FaxOptError.INVALID_VALUE, "a terminal session has one leg (a or b): the far fax"
            + " machine's, RTP or UDPTL; it has " + legOptions.size());
      }
      specs = legs(SessionMode.TERMINAL, legOptions, false);
    } catch (FaxOptException e) {
      return Future.failedFuture(e);
    }
    LegOptions leg = legOptions.get(specs.get(0).name());
    boolean t38 = specs.get(0).transport() == Transport.UDPTL;
    int[] payloadTypes = {ProcessorFactory.payloadType(leg)};
    Path spool = Path.of(config.get(ConfigKey.TERMINAL_SPOOL_DIR));
    return vertx.executeBlocking(() -> TerminalFiles.prepare(spool, job, SpoolDirectory.defaultReceiveName(sessionId),
        faxOptions, pageWork), false).compose(files -> {
          terminalFiles.put(sessionId, files);
          Function<PartsPool, MediaProcessor> recipe = processors.terminal(leg, t38, files, faxOptions,
              step -> log.debug("session {}: {}", sessionId, step));
          return resolve(specs).recover(e -> Future.failedFuture(
                  new FaxOptException(FaxOptError.INVALID_VALUE, "cannot open the session's media: " + e.getMessage())))
              .compose(legs -> place(sessionId, legs, payloadTypes, recipe, false))
              .onFailure(e -> terminalFiles.remove(sessionId));
        });
  }

  private Future<JsonObject> place(String sessionId, List<MediaLeg> legs, int[] payloadTypes,
      Function<PartsPool, MediaProcessor> processor, boolean watchForSwitch) {
    Pair pair;
    int slot;
    synchronized (this) {
      pair = pairs.stream().min(java.util.Comparator.comparingInt(p -> p.slots.cardinality())).orElseThrow();
      slot = pair.slots.nextClearBit(0);
      pair.slots.set(slot);
      placed.put(sessionId, new Placement(pair, slot, legs, payloadTypes));
    }
    Transport[] transports = legs.stream().map(MediaLeg::transport).toArray(Transport[]::new);
    return pair.io.open(slot, sessionId, legs)
        .compose(local -> pair.processing.attach(slot, sessionId, processor, transports).map(local))
        .compose(local -> !watchForSwitch ? Future.succeededFuture(local)
            : pair.detection.watchForSwitch(slot, sessionId, payloadTypes)
                .compose(v -> pair.processing.tap(slot)).map(local))
        .map(local -> {
          JsonObject json = new JsonObject();
          for (int i = 0; i < legs.size(); i++) {
            json.put(legs.get(i).name(), new JsonObject().put("local", endpoint(legs.get(i).localHost(), local[i])));
          }
          return json;
        })
        .recover(e -> {
          release(sessionId);
          return Future.failedFuture(e instanceof FaxOptException ? e
              : new FaxOptException(FaxOptError.INVALID_VALUE, "cannot open the session's media: " + e.getMessage()));
        });
  }

  /** Key of the fax report (see {@link dev.faxgate.t30.FaxReport}) in what {@link #close} returns. */
  public static final String FAX_REPORT = "fax";
  /** Key of the T.30 trace ({@link dev.faxgate.t30.T30Trace#toMap()}) in the fax report {@link #close} returns. */
  public static final String T30_TRACE = "t30";

  /**
   * Closes a session's media; the future holds each leg's statistics (empty when it had none) and,
   * for a processor that watches T.30, its fax report under {@link #FAX_REPORT}.
   */
  public Future<JsonObject> close(String sessionId) {
    Placement p = placement(sessionId);
    if (p == null) {
      return Future.succeededFuture(new JsonObject());
    }
    Future<List<Map<String, Object>>> processed = p.pair.processing.detach(p.slot, p.legs.size());
    Future<JsonObject[]> sockets = p.pair.io.close(p.slot);
    p.pair.detection.forget(p.slot);
    TerminalFiles files = terminalFiles.remove(sessionId);
    return Future.all(processed, sockets).map(all -> {
      JsonObject json = legsJson(p, processed.result(), sockets.result());
      if (processed.result().size() > p.legs.size()) {
        json.put(FAX_REPORT, new JsonObject(processed.result().get(p.legs.size())));
      }
      return json;
    }).compose(json -> files == null || files.sink == null ? Future.succeededFuture(json)
        : vertx.executeBlocking(() -> files.finish(json.getJsonObject(FAX_REPORT, new JsonObject())
            .getString("remoteStationId")), false).map(written -> {
              log.info("session {}: {}", sessionId, written); // a receive writes its file once the fax is over
              return json;
            })).onComplete(done -> release(sessionId));
  }

  /**
   * A running session's legs as they stand, in the shape {@link #close} returns (without the fax
   * report): each leg's packet statistics, its local address and the far end its socket sends to.
   * Empty for a session without media. A snapshot per call; the media path does not allocate for it.
   */
  public Future<JsonObject> describe(String sessionId) {
    Placement p = placement(sessionId);
    if (p == null) {
      return Future.succeededFuture(new JsonObject());
    }
    Future<List<Map<String, Object>>> processed = p.pair.processing.snapshot(p.slot, p.legs.size());
    Future<JsonObject[]> sockets = p.pair.io.snapshot(p.slot);
    return Future.all(processed, sockets).map(all -> legsJson(p, processed.result(), sockets.result()));
  }

  /** Each leg's processor and socket statistics, by leg name. */
  private static JsonObject legsJson(Placement p, List<Map<String, Object>> processed, JsonObject[] sockets) {
    JsonObject json = new JsonObject();
    for (int i = 0; i < p.legs.size(); i++) {
      MediaLeg leg = p.legs.get(i);
      JsonObject packets = new JsonObject();
      if (i < processed.size()) {
        processed.get(i).forEach(packets::put);
      }
      JsonObject legJson = new JsonObject().put("packets", packets);
      if (i < sockets.length) {
        JsonObject io = sockets[i];
        packets.put("strangers", io.getLong("strangers"));
        legJson.put("local", endpoint(leg.localHost(), io.getInteger("localPort")))
            .put("far", io.getString("far"));
      }
      json.put(leg.name(), legJson);
    }
    return json;
  }

  private synchronized void release(String sessionId) {
    Placement p = placed.remove(sessionId);
    if (p != null) {
      p.pair.slots.clear(p.slot);
    }
  }

  /**
   * Whether a session starts as an audio relay that watches for V.21 to switch a leg to T.38: an
   * audio-relay session with FAXOPT gateway on, or a gateway session that has no T.38 leg yet.
   */
  public static boolean startsAsAudio(SessionMode mode, Map<String, LegOptions> legs, FaxOptions options) {
    boolean noT38 = legs.values().stream().allMatch(l -> l.getUdptl() == null);
    return mode == SessionMode.AUDIO_RELAY && options.getGateway().enabled()
        || mode == SessionMode.GATEWAY && noT38 && legs.values().stream().allMatch(l -> l.getRtp() != null || l.isLatch());
  }

  /**
   * The switch-to-T.38 flow: leg {@code t38Leg}'s far end now speaks T.38 at {@code options}' UDPTL
   * address; the session's audio relay hands over to a gateway between the other leg's audio and
   * this leg (same local socket, new far end).
   */
  public Future<Void> switchToGateway(String sessionId, String t38Leg, LegOptions options, FaxOptions faxOptions) {
    Placement p = placement(sessionId);
    if (p == null) {
      return Future.failedFuture("session " + sessionId + " has no media");
    }
    int index = legIndex(t38Leg);
    Transport[] after = p.legs.stream().map(MediaLeg::transport).toArray(Transport[]::new);
    after[index] = Transport.UDPTL;
    boolean[] carriedOn = new boolean[p.legs.size()];
    carriedOn[1 - index] = true; // the gateway goes on with the audio relay's statistics of the audio leg
    Endpoint named = Endpoint.parse(options.getUdptl());
    BiFunction<MediaProcessor, PartsPool, MediaProcessor> takeOver = processors.takeOver(index, options, faxOptions);
    return resolveFar(named).compose(far -> sendable(p.legs.get(index).localHost(), named, far))
        .compose(far -> p.pair.io.retarget(p.slot, index, far)
            .compose(v -> p.pair.processing.replace(p.slot, takeOver,
                after, carriedOn))
            .onSuccess(v -> retransport(sessionId, index, Transport.UDPTL, far)));
  }

  /**
   * A terminal session's audio leg {@code leg} now speaks T.38 at {@code options}' UDPTL address
   * (the controller's re-INVITE): the terminal goes on over UDPTL from the same local socket, its
   * T.30 state and pages unchanged ({@link dev.faxgate.terminal.AudioTerminalProcessor#moveToT38}).
   */
  public Future<Void> switchTerminalToT38(String sessionId, String leg, LegOptions options) {
    Placement p = placement(sessionId);
    if (p == null) {
      return Future.failedFuture("session " + sessionId + " has no media");
    }
    int index = legIndex(leg);
    Transport[] after = p.legs.stream().map(MediaLeg::transport).toArray(Transport[]::new);
    after[index] = Transport.UDPTL;
    boolean[] carriedOn = new boolean[p.legs.size()]; // the leg's UDPTL counts start afresh
    Endpoint named = Endpoint.parse(options.getUdptl());
    BiFunction<MediaProcessor, PartsPool, MediaProcessor> takeOver = processors.terminalOnT38(options);
    return resolveFar(named).compose(far -> sendable(p.legs.get(index).localHost(), named, far))
        .compose(far -> p.pair.io.retarget(p.slot, index, far)
            .compose(v -> p.pair.processing.replace(p.slot, takeOver, after, carriedOn))
            .onSuccess(v -> retransport(sessionId, index, Transport.UDPTL, far)));
  }

  /**
   * The controller moved a leg's far end within its transport (e.g. a re-INVITE changed the port):
   * the leg's socket sends there and accepts datagrams only from there from now on. The future
   * completes once the I/O verticle has applied it; it fails, with the socket left as it was, with
   * {@link FaxOptError#INVALID_VALUE} when the host cannot be resolved.
   */
  public Future<Void> retarget(String sessionId, String leg, Endpoint far) {
    Placement p = placement(sessionId);
    if (p == null) {
      return Future.failedFuture(new FaxOptException(FaxOptError.SESSION_ENDED, "session " + sessionId + " has no media"));
    }
    int index = legIndex(leg);
    MediaLeg current = p.legs.get(index);
    return resolveFar(far).compose(address -> sendable(current.localHost(), far, address))
        .compose(address -> p.pair.io.retarget(p.slot, index, address)
            .onSuccess(v -> retransport(sessionId, index, current.transport(), address)));
  }

  /**
   * Captures the session's packets on both legs from now on; when it ends they are written to
   * {@code capture.dir}/SESSIONID.pcap (bounded by {@code capture.max_bytes}; {@code capture.max_files}
   * files are kept) — always, or with {@code onlyIfFailed} (node setting {@code capture.failed})
   * only once {@link #settleCapture} says the session did not end SUCCESS. The future holds the
   * file's path.
   */
  public Future<String> capture(String sessionId, boolean onlyIfFailed) {
    Placement p = placement(sessionId);
    if (p == null) {
      return Future.failedFuture("session " + sessionId + " has no media to capture");
    }
    java.nio.file.Path file = java.nio.file.Path.of(config.get(ConfigKey.CAPTURE_DIR), sessionId + ".pcap");
    PacketCapture.Keep keep = onlyIfFailed ? PacketCapture.Keep.IF_FAILED : PacketCapture.Keep.ALWAYS;
    return p.pair.io.capture(p.slot, file, config.getInt(ConfigKey.CAPTURE_MAX_BYTES),
        config.getInt(ConfigKey.CAPTURE_MAX_FILES), keep).onSuccess(v -> {
          if (onlyIfFailed) {
            awaitingOutcome.put(sessionId, p.pair.io);
          }
        }).map(v -> file.toString());
  }

  /**
   * The session ended, {@code failed} or not: a capture taken {@code onlyIfFailed} is written (failed)
   * or dropped (SUCCESS). Call after {@link #close}; the future completes once the file is written
   * or dropped, or at once when the session has no such capture. It never fails.
   */
  public Future<Void> settleCapture(String sessionId, boolean failed) {
    MediaIoVerticle io = awaitingOutcome.remove(sessionId);
    return io == null ? Future.succeededFuture() : io.settleCapture(sessionId, failed);
  }

  /**
   * {@code address} when a socket bound to {@code local} can send there; else a failed future
   * naming why (a wildcard address, or another IP family than the socket's: the send would fail on
   * every packet).
   */
  static Future<InetSocketAddress> sendable(InetAddress local, Endpoint named, InetSocketAddress address) {
    InetAddress far = address.getAddress();
    if (far.isAnyLocalAddress()) {
      return Future.failedFuture(new FaxOptException(FaxOptError.INVALID_VALUE,
          named + " is a wildcard address, not a far end"));
    }
    boolean dualStack = local instanceof java.net.Inet6Address && local.isAnyLocalAddress();
    if (!dualStack && (far instanceof java.net.Inet6Address) != (local instanceof java.net.Inet6Address)) {
      String resolved = named.host().equals(far.getHostAddress()) ? "" : " (" + far.getHostAddress() + ")";
      return Future.failedFuture(new FaxOptException(FaxOptError.INVALID_VALUE, named + resolved + " is " + family(far)
          + " but the leg's socket is bound to " + local.getHostAddress() + " (" + family(local) + ")"));
    }
    return Future.succeededFuture(address);
  }

  private static String family(InetAddress a) {
    return a instanceof java.net.Inet6Address ? "IPv6" : "IPv4";
  }

  /**
   * Resolves a far end, as a move or a switch to it would (an IP literal at once, a host name on a
   * worker thread); fails with {@link FaxOptError#INVALID_VALUE} naming the host when it cannot be.
   */
  public Future<InetSocketAddress> resolveFar(Endpoint far) {
    if (Endpoint.literal(far.host()) != null) {
      return resolve(far);
    }
    // bounded well inside a controller's request timeout (FaxOptClient: 10 s), so a slow resolver
    // gives a clear refusal, never a timed-out request whose move happens afterwards
    Promise<InetSocketAddress> resolved = Promise.promise();
    long timer = vertx.setTimer(RESOLVE_TIMEOUT_MS, t -> resolved.tryFail(new FaxOptException(FaxOptError.INVALID_VALUE,
        "cannot resolve " + far.host() + ": no answer within " + RESOLVE_TIMEOUT_MS / 1000 + " s")));
    resolve(far).onComplete(r -> {
      vertx.cancelTimer(timer);
      if (r.succeeded()) {
        resolved.tryComplete(r.result());
      } else {
        resolved.tryFail(new FaxOptException(FaxOptError.INVALID_VALUE,
            r.cause().getMessage() == null ? "cannot resolve " + far.host() : r.cause().getMessage()));
      }
    });
    return resolved.future();
  }

  /** The longest a leg move or a switch waits for a host name to resolve, ms. */
  public static final long RESOLVE_TIMEOUT_MS = 5_000;

  /** The session's T.30 trace as it stands (null: no media, or a processor that watches no T.30). */
  public Future<JsonObject> t30(String sessionId) {
    Placement p = placement(sessionId);
    if (p == null) {
      return Future.succeededFuture(null);
    }
    return p.pair.processing.t30(p.slot).map(trace -> trace == null ? null : new JsonObject(trace));
  }

  /**
   * A FAXOPT write to a running session's T.30 policy ({@code options} as they would read after it):
   * the future holds null when it now governs the session's T.30 (or the session carries no media
   * to govern), else why the write comes too late.
   */
  public Future<String> updatePolicy(String sessionId, FaxOptions options, T30Supervisor.PolicyItem item) {
    Placement p = placement(sessionId);
    if (p == null) {
      return Future.succeededFuture(null);
    }
    return p.pair.processing.updatePolicy(p.slot, processors.gatewayPolicy(options), item);
  }

  /** The transport of a session's leg now (null when the session has no media). */
  public synchronized Transport transport(String sessionId, String leg) {
    Placement p = placed.get(sessionId);
    return p == null ? null : p.legs.get(legIndex(leg)).transport();
  }

  /** Both legs moved to T.38 (negotiate_both): the session relays T.38 natively from now on. */
  public Future<Void> switchToT38Relay(String sessionId, LegOptions a, LegOptions b) {
    Placement p = placement(sessionId);
    if (p == null) {
      return Future.failedFuture("session " + sessionId + " has no media");
    }
    Function<PartsPool, MediaProcessor> relay = processors.t38Relay(a, b);
    Endpoint namedA = Endpoint.parse(a.getUdptl());
    Endpoint namedB = Endpoint.parse(b.getUdptl());
    Future<InetSocketAddress> farA = resolveFar(namedA).compose(far -> sendable(p.legs.get(0).localHost(), namedA, far));
    Future<InetSocketAddress> farB = resolveFar(namedB).compose(far -> sendable(p.legs.get(1).localHost(), namedB, far));
    return Future.all(farA, farB)
        .compose(v -> p.pair.io.retarget(p.slot, 0, farA.result()))
        .compose(v -> p.pair.io.retarget(p.slot, 1, farB.result()))
        .compose(v -> p.pair.processing.replace(p.slot, (old, parts) -> relay.apply(parts), new Transport[] {Transport.UDPTL, Transport.UDPTL},
            new boolean[2]))
        .onSuccess(v -> {
          retransport(sessionId, 0, Transport.UDPTL, farA.result());
          retransport(sessionId, 1, Transport.UDPTL, farB.result());
        });
  }

  /** Where a session's media is placed, or null. */
  private synchronized Placement placement(String sessionId) {
    return placed.get(sessionId);
  }

  /** Leg "a" is index 0, leg "b" index 1. */
  private static int legIndex(String leg) {
    return leg.equals("a") ? 0 : 1;
  }

  /** Records where a placed leg now sends, and what it carries. */
  private synchronized void retransport(String sessionId, int index, Transport transport, InetSocketAddress far) {
    Placement p = placed.get(sessionId);
    if (p != null) {
      List<MediaLeg> legs = new ArrayList<>(p.legs);
      legs.set(index, legs.get(index).moved(transport, far));
      placed.put(sessionId, new Placement(p.pair, p.slot, legs, p.payloadTypes));
    }
  }

  /**
   * Which leg of a gateway session carries audio: the one with an RTP address and none for UDPTL,
   * else the one without a UDPTL address, else leg a.
   */
  static String gatewayAudioLeg(Map<String, LegOptions> options) {
    LegOptions b = options.get("b");
    LegOptions a = options.get("a");
    boolean bAudio = b != null && b.getRtp() != null && b.getUdptl() == null
        || a != null && a.getUdptl() != null && a.getRtp() == null;
    return bAudio ? "b" : "a";
  }

  /** A leg as the controller named it, before its host names are resolved. */
  private record LegSpec(String name, Transport transport, String localHost, int localPort, Endpoint far, boolean latch) {}

  private List<LegSpec> legs(SessionMode mode, Map<String, LegOptions> options, boolean startsAsAudio) {
    String audioLeg = mode == SessionMode.GATEWAY && !startsAsAudio ? gatewayAudioLeg(options) : null;
    List<LegSpec> legs = new ArrayList<>();
    boolean oneLeg = listensOnly(mode, options) || mode == SessionMode.TERMINAL;
    for (String name : oneLeg ? List.copyOf(options.keySet()) : List.of("a", "b")) {
      LegOptions leg = options.get(name);
      if (leg == null) {
        throw new FaxOptException(FaxOptError.INVALID_VALUE, mode + " needs legs a and b; leg " + name + " is missing");
      }
      Transport transport = mode == SessionMode.T38_RELAY ? Transport.UDPTL
          : oneLeg && leg.getUdptl() != null ? Transport.UDPTL
          : audioLeg != null && !name.equals(audioLeg) ? Transport.UDPTL : Transport.RTP;
      String far = transport == Transport.RTP ? leg.getRtp() : leg.getUdptl();
      if (far == null && !leg.isLatch()) {
        throw new FaxOptException(FaxOptError.INVALID_VALUE, "leg " + name + " of " + mode + " needs its far "
            + transport.name().toLowerCase(java.util.Locale.ROOT) + " address, or latch=true");
      }
      Endpoint local = leg.getLocal() == null ? null : confined(name, Endpoint.parse(leg.getLocal()));
      legs.add(new LegSpec(name, transport, local == null ? config.get(ConfigKey.MEDIA_HOST) : local.host(),
          local == null ? 0 : local.port(), far == null ? null : Endpoint.parse(far), leg.isLatch()));
    }
    return legs;
  }

  /**
   * A leg's {@code local} as the controller named it, if it lies where this node's media may be:
   * on {@code media.host} (any address when that is a wildcard) and a port in
   * {@code media.port_min}..{@code media.port_max} (0: any port of the range). Otherwise a
   * controller could make the node bind another service's address or port (its own HTTP port).
   */
  private Endpoint confined(String leg, Endpoint local) {
    String mediaHost = config.get(ConfigKey.MEDIA_HOST);
    boolean anyHost = mediaHost.equals("0.0.0.0") || mediaHost.equals("::") || mediaHost.equals("[::]");
    if (!anyHost && !local.host().equalsIgnoreCase(mediaHost)) {
      throw new FaxOptException(FaxOptError.INVALID_VALUE, "leg " + leg + " local " + FaxOptMessages.quote(local.host())
          + " is not this node's media address " + mediaHost + " (media.host)");
    }
    int min = config.getInt(ConfigKey.MEDIA_PORT_MIN);
    int max = config.getInt(ConfigKey.MEDIA_PORT_MAX);
    if (local.port() != 0 && (local.port() < min || local.port() > max)) {
      throw new FaxOptException(FaxOptError.INVALID_VALUE, "leg " + leg + " local port " + local.port()
          + " is outside this node's media ports " + min + ".." + max + " (media.port_min, media.port_max)");
    }
    return local;
  }

  /** Resolves every leg's local and far host (see {@link #resolve(String)}). */
  private Future<List<MediaLeg>> resolve(List<LegSpec> specs) {
    List<Future<InetAddress>> locals = new ArrayList<>();
    List<Future<InetSocketAddress>> fars = new ArrayList<>();
    for (LegSpec spec : specs) {
      locals.add(resolve(spec.localHost()));
      fars.add(spec.far() == null ? Future.succeededFuture() : resolve(spec.far()));
    }
    return Future.all(Future.all(locals), Future.all(fars)).compose(v -> {
      List<MediaLeg> legs = new ArrayList<>();
      List<Future<InetSocketAddress>> checked = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        LegSpec spec = specs.get(i);
        legs.add(new MediaLeg(spec.name(), spec.transport(), locals.get(i).result(), spec.localPort(), fars.get(i).result(),
            spec.latch()));
        if (spec.far() != null) {
          checked.add(sendable(locals.get(i).result(), spec.far(), fars.get(i).result()));
        }
      }
      return Future.all(checked).map(legs);
    });
  }

  private Future<InetSocketAddress> resolve(Endpoint endpoint) {
    return resolve(endpoint.host()).map(address -> new InetSocketAddress(address, endpoint.port()));
  }

  /**
   * An IP literal at once; a host name on a worker thread (a slow resolver must not stall the media
   * of other sessions, nor the session manager). A name that does not resolve fails the future.
   */
  private Future<InetAddress> resolve(String host) {
    InetAddress literal = Endpoint.literal(host);
    if (literal != null) {
      return Future.succeededFuture(literal);
    }
    return vertx.executeBlocking(() -> {
      try {
        return InetAddress.getByName(host);
      } catch (java.net.UnknownHostException e) {
        throw new java.net.UnknownHostException("cannot resolve " + host);
      }
    }, false);
  }

  private static String endpoint(InetAddress host, int port) {
    return new Endpoint(host.getHostAddress(), port).toString();
  }

  /**
   * Parts (UDPTL receivers, modem receivers, buffers...) sessions took from their media thread's
   * pool of ended sessions' parts instead of allocating them, over all media threads (for tests and health).
   */
  public Future<Long> partsReused() {
    List<Future<Long>> each = pairs.stream().map(p -> p.processing.partsReused()).toList();
    return Future.all(each).map(all -> each.stream().mapToLong(Future::result).sum());
  }

  /** Local ports in use (for tests and health). */
  public int portsInUse() {
    return ports.inUse();
  }
}
