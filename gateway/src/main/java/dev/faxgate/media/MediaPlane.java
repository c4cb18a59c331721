package dev.faxgate.media;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.media.MediaLeg.Transport;
import dev.faxgate.faxopt.FaxOptions;
import dev.faxgate.relay.AudioRelay;
import dev.faxgate.gateway.GatewayRelay;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.modem.FastModem;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.udptl.UdptlErrorCorrection;
import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.JitterBuffer;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The node's media plane: pairs of an I/O verticle (sockets, media clock) and a processing
 * verticle (the sessions' processors), the batch between them crossing the local bus once per
 * tick. {@link #open} gives a session its sockets and processor on the least loaded pair;
 * {@link #close} takes them away and returns each leg's statistics. Thread-safe facade.
 */
public final class MediaPlane {
  private final GatewayConfig config;
  private final PortAllocator ports;
  private final MediaCounters counters;
  private final List<Pair> pairs = new ArrayList<>();
  private final Map<String, Placement> placed = new HashMap<>();

  private record Placement(Pair pair, int slot, List<MediaLeg> legs) {}

  /** Audio kept per leg for the switch to the gateway: 4 s, enough for a V.21 preamble and its first frames. */
  static final int SWITCH_HISTORY_FRAMES = 200;

  /** One I/O verticle with its processing partner. */
  private static final class Pair {
    final MediaIoVerticle io;
    final ProcessingVerticle processing;
    final BitSet slots = new BitSet();

    Pair(MediaIoVerticle io, ProcessingVerticle processing) {
      this.io = io;
      this.processing = processing;
    }
  }

  private final T30Supervisor.NsxPolicy nsx;
  private final byte[] nsxCode;

  private MediaPlane(GatewayConfig config, MeterRegistry registry) {
    this.config = config;
    this.nsx = nsxPolicy(config.get(ConfigKey.GATEWAY_NSX));
    this.nsxCode = nsxCode(config.get(ConfigKey.GATEWAY_NSX_CODE));
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
      plane = new MediaPlane(config, registry);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    try {
      vertx.eventBus().registerCodec(new MediaBatchCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // a second node in the same Vert.x instance: the codec is there already
    }
    int n = config.getInt(ConfigKey.MEDIA_INSTANCES);
    n = n > 0 ? n : Runtime.getRuntime().availableProcessors();
    long silenceMs = config.getInt(ConfigKey.MEDIA_SILENCE_SECONDS) * 1000L;
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < n; i++) {
      String address = "faxgate.media." + System.identityHashCode(plane) + "." + i;
      ProcessingVerticle processing = new ProcessingVerticle(address, silenceMs, plane.counters);
      MediaIoVerticle io = new MediaIoVerticle(address, plane.ports, plane.counters);
      plane.pairs.add(new Pair(io, processing));
      chain = chain.compose(v -> vertx.deployVerticle(processing)).compose(id -> vertx.deployVerticle(io)).mapEmpty();
    }
    return chain.map(plane);
  }

  /** The local address on which silent sessions are reported ({@code {"sessionId":..,"silentMs":..}}). */
  public static String silenceAddress() {
    return ProcessingVerticle.SILENCE_ADDRESS;
  }

  /** The local address on which the switch-to-T.38 watch reports V.21 ({@code {"sessionId":..,"leg":"a"}}). */
  public static String preambleAddress() {
    return ProcessingVerticle.PREAMBLE_ADDRESS;
  }

  /** The local address on which a session's first fax activity is reported ({@code {"sessionId":..}}). */
  public static String activityAddress() {
    return ProcessingVerticle.ACTIVITY_ADDRESS;
  }

  /** The local address on which a fax's score so far is reported when it changes ({@code {"sessionId":..,"fax":{..}}}). */
  public static String faxProgressAddress() {
    return ProcessingVerticle.FAX_PROGRESS_ADDRESS;
  }

  /** The local address on which a fax that ended by itself is reported ({@code {"sessionId":..,"fax":{..}}}). */
  public static String faxEndAddress() {
    return ProcessingVerticle.FAX_END_ADDRESS;
  }

  /** The local address on which fax tone detections are reported (see {@link ProcessingVerticle#DETECTION_ADDRESS}). */
  public static String detectionAddress() {
    return ProcessingVerticle.DETECTION_ADDRESS;
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
    return p.pair.processing.watchTones(p.slot, samples);
  }

  /**
   * Whether a session carries media here: the relays always; a gateway when it has both legs (one
   * created with fewer is a FAXOPT holder the controller can configure, time out and end).
   */
  public static boolean carriesMedia(SessionMode mode, Map<String, LegOptions> legs) {
    return mode == SessionMode.AUDIO_RELAY || mode == SessionMode.T38_RELAY
        || mode == SessionMode.GATEWAY && legs != null && legs.containsKey("a") && legs.containsKey("b");
  }

  private static T30Supervisor.NsxPolicy nsxPolicy(String value) {
    try {
      return T30Supervisor.NsxPolicy.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("gateway.nsx must be pass, suppress or rewrite, not '" + value + "'");
    }
  }

  private static byte[] nsxCode(String hex) {
    String h = hex.trim();
    if (h.isEmpty() || h.length() % 2 != 0 || !h.matches("[0-9a-fA-F]+") || h.length() > 8) {
      throw new IllegalArgumentException("gateway.nsx_code must be 1 to 4 octets in hex (e.g. ff0000), not '" + hex + "'");
    }
    return java.util.HexFormat.of().parseHex(h);
  }

  /** The T.30 supervisor's policy for a gateway session with these FAXOPT items. */
  public T30Supervisor.Policy gatewayPolicy(FaxOptions options) {
    java.util.Set<FastModem> modems = java.util.EnumSet.noneOf(FastModem.class);
    for (dev.faxgate.faxopt.Modem m : options.getModems()) {
      modems.add(switch (m) {
        case V17 -> FastModem.V17;
        case V29 -> FastModem.V29;
        case V27 -> FastModem.V27TER;
      });
    }
    return new T30Supervisor.Policy(options.isEcm(), modems, options.getMinRate(), options.getMaxRate(), nsx, nsxCode);
  }

  /**
   * Opens a session's media: binds each leg's socket and starts its processor.
   *
   * @return each leg's local address, {@code {"a":{"local":"127.0.0.1:20000"},...}}
   * @throws FaxOptException (as the future's failure) when the legs do not fit the mode
   */
  public Future<JsonObject> open(String sessionId, SessionMode mode, Map<String, LegOptions> legOptions,
      FaxOptions faxOptions) {
    List<MediaLeg> legs;
    MediaProcessor processor;
    try {
      boolean startsAsAudio = startsAsAudio(mode, legOptions, faxOptions);
      legs = legs(mode, legOptions, startsAsAudio);
      processor = startsAsAudio ? switchableRelay(legOptions) : processor(mode, legOptions, legs, faxOptions);
    } catch (FaxOptException e) {
      return Future.failedFuture(e);
    }
    Pair pair;
    int slot;
    synchronized (this) {
      pair = pairs.stream().min(java.util.Comparator.comparingInt(p -> p.slots.cardinality())).orElseThrow();
      slot = pair.slots.nextClearBit(0);
      pair.slots.set(slot);
      placed.put(sessionId, new Placement(pair, slot, legs));
    }
    return pair.io.open(slot, sessionId, legs)
        .compose(local -> pair.processing.attach(slot, sessionId, processor).map(local))
        .map(local -> {
          JsonObject json = new JsonObject();
          for (int i = 0; i < legs.size(); i++) {
            json.put(legs.get(i).name(), new JsonObject().put("local", new Endpoint(legs.get(i).localHost(), local[i]).toString()));
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
    return Future.all(processed, sockets).map(all -> {
      JsonObject json = new JsonObject();
      if (processed.result().size() > p.legs.size()) {
        json.put(FAX_REPORT, new JsonObject(processed.result().get(p.legs.size())));
      }
      for (int i = 0; i < p.legs.size(); i++) {
        MediaLeg leg = p.legs.get(i);
        JsonObject packets = new JsonObject();
        if (i < processed.result().size()) {
          Map<String, Object> stats = processed.result().get(i);
          stats.forEach(packets::put);
          counters.legEnded(leg.transport(), stats);
        }
        JsonObject legJson = new JsonObject().put("packets", packets);
        if (i < sockets.result().length) {
          JsonObject io = sockets.result()[i];
          packets.put("strangers", io.getLong("strangers"));
          legJson.put("local", new Endpoint(leg.localHost(), io.getInteger("localPort")).toString())
              .put("far", io.getString("far"));
        }
        json.put(leg.name(), legJson);
      }
      return json;
    }).onComplete(done -> release(sessionId));
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
    T38Relay.LegConfig t38 = t38(options);
    T30Supervisor.Policy policy = gatewayPolicy(faxOptions);
    long silenceTicks = config.getInt(ConfigKey.MEDIA_SILENCE_SECONDS) * 50L;
    return p.pair.io.retarget(p.slot, index, Endpoint.parse(options.getUdptl()))
        .compose(v -> p.pair.processing.replace(p.slot, old -> {
          if (!(old instanceof AudioRelay relay)) {
            throw new IllegalStateException("the session is not an audio relay any more");
          }
          return GatewayRelay.takeOver(relay, index, t38, policy, silenceTicks);
        }, p.legs.size()))
        .onSuccess(v -> retransport(sessionId, index));
  }

  /**
   * The controller moved a leg's far end within its transport (e.g. a re-INVITE changed the port):
   * the leg's socket sends there and accepts datagrams only from there from now on.
   */
  public Future<Void> retarget(String sessionId, String leg, Endpoint far) {
    Placement p = placement(sessionId);
    if (p == null) {
      return Future.failedFuture("session " + sessionId + " has no media");
    }
    return p.pair.io.retarget(p.slot, legIndex(leg), far);
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
    T38Relay relay = new T38Relay(t38(a), t38(b));
    return p.pair.io.retarget(p.slot, 0, Endpoint.parse(a.getUdptl()))
        .compose(v -> p.pair.io.retarget(p.slot, 1, Endpoint.parse(b.getUdptl())))
        .compose(v -> p.pair.processing.replace(p.slot, old -> relay, p.legs.size()))
        .onSuccess(v -> {
          retransport(sessionId, 0);
          retransport(sessionId, 1);
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

  /** Records that a placed leg now carries UDPTL (for the meters at the end). */
  private synchronized void retransport(String sessionId, int index) {
    Placement p = placed.get(sessionId);
    if (p != null) {
      List<MediaLeg> legs = new ArrayList<>(p.legs);
      MediaLeg l = legs.get(index);
      legs.set(index, new MediaLeg(l.name(), Transport.UDPTL, l.localHost(), l.localPort(), l.far(), l.latch()));
      placed.put(sessionId, new Placement(p.pair, p.slot, legs));
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

  private List<MediaLeg> legs(SessionMode mode, Map<String, LegOptions> options, boolean startsAsAudio) {
    String audioLeg = mode == SessionMode.GATEWAY && !startsAsAudio ? gatewayAudioLeg(options) : null;
    List<MediaLeg> legs = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      LegOptions leg = options.get(name);
      if (leg == null) {
        throw new FaxOptException(FaxOptError.INVALID_VALUE, mode + " needs legs a and b; leg " + name + " is missing");
      }
      Transport transport = mode == SessionMode.T38_RELAY ? Transport.UDPTL
          : audioLeg != null && !name.equals(audioLeg) ? Transport.UDPTL : Transport.RTP;
      String far = transport == Transport.RTP ? leg.getRtp() : leg.getUdptl();
      if (far == null && !leg.isLatch()) {
        throw new FaxOptException(FaxOptError.INVALID_VALUE, "leg " + name + " of " + mode + " needs its far "
            + transport.name().toLowerCase(java.util.Locale.ROOT) + " address, or latch=true");
      }
      Endpoint local = leg.getLocal() == null ? null : Endpoint.parse(leg.getLocal());
      legs.add(new MediaLeg(name, transport, local == null ? config.get(ConfigKey.MEDIA_HOST) : local.host(),
          local == null ? 0 : local.port(), far == null ? null : Endpoint.parse(far), leg.isLatch()));
    }
    return legs;
  }

  /** An audio relay that watches both legs for V.21, ready to hand over to a gateway. */
  private AudioRelay switchableRelay(Map<String, LegOptions> legs) {
    int delayFrames = Math.max(1, Math.min(config.getInt(ConfigKey.MEDIA_JITTER_MS) / 20, JitterBuffer.MAX_DELAY_FRAMES));
    AudioRelay relay = new AudioRelay(payloadType(legs.get("a")), payloadType(legs.get("b")), delayFrames,
        ThreadLocalRandom.current().nextLong());
    relay.watchForSwitch(SWITCH_HISTORY_FRAMES);
    return relay;
  }

  private MediaProcessor processor(SessionMode mode, Map<String, LegOptions> legs, List<MediaLeg> media,
      FaxOptions faxOptions) {
    int delayFrames = Math.max(1, Math.min(config.getInt(ConfigKey.MEDIA_JITTER_MS) / 20, JitterBuffer.MAX_DELAY_FRAMES));
    if (mode == SessionMode.AUDIO_RELAY) {
      return new AudioRelay(payloadType(legs.get("a")), payloadType(legs.get("b")), delayFrames,
          ThreadLocalRandom.current().nextLong());
    }
    if (mode == SessionMode.GATEWAY) {
      int audio = media.get(0).transport() == Transport.RTP ? MediaProcessor.LEG_A : MediaProcessor.LEG_B;
      String audioName = audio == MediaProcessor.LEG_A ? "a" : "b";
      String t38Name = audio == MediaProcessor.LEG_A ? "b" : "a";
      long silenceTicks = config.getInt(ConfigKey.MEDIA_SILENCE_SECONDS) * 50L;
      return new GatewayRelay(audio, payloadType(legs.get(audioName)), delayFrames, t38(legs.get(t38Name)),
          gatewayPolicy(faxOptions), silenceTicks, ThreadLocalRandom.current().nextLong());
    }
    if (mode == SessionMode.T38_RELAY) {
      return new T38Relay(t38(legs.get("a")), t38(legs.get("b")));
    }
    throw new FaxOptException(FaxOptError.NOT_SUPPORTED, mode + " sessions carry no media yet");
  }

  private static T38Relay.LegConfig t38(LegOptions leg) {
    UdptlErrorCorrection ec = switch (leg.getEc()) {
      case REDUNDANCY -> UdptlErrorCorrection.REDUNDANCY;
      case FEC -> UdptlErrorCorrection.FEC;
      case NONE -> UdptlErrorCorrection.NONE;
    };
    return new T38Relay.LegConfig(leg.getT38Version(), ec, leg.redundancyDepth("indicator"),
        leg.redundancyDepth("control"), leg.redundancyDepth("image"), leg.getFecSpan(), Math.max(1, leg.getEcDepth()),
        leg.getMaxDatagram());
  }

  private static int payloadType(LegOptions leg) {
    return leg.getLaw() == LegOptions.Law.ALAW ? G711.PT_PCMA : G711.PT_PCMU;
  }

  /** Local ports in use (for tests and health). */
  public int portsInUse() {
    return ports.inUse();
  }
}
