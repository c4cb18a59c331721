package dev.faxgate.media;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.FaxOptions;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.gateway.GatewayRelay;
import dev.faxgate.modem.FastModem;
import dev.faxgate.relay.AudioRelay;
import dev.faxgate.relay.FaxListener;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.PartsPool;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.terminal.AudioTerminalProcessor;
import dev.faxgate.terminal.T38TerminalProcessor;
import dev.faxgate.terminal.TerminalOptions;
import java.util.function.Consumer;
import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.JitterBuffer;
import dev.faxgate.rtp.PlayoutDelay;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.udptl.UdptlErrorCorrection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Turns a session's mode, legs and FAXOPT items into the fax stack's processor for it (audio
 * relay, T.38 relay or gateway), with the node's configuration: the one place where the service's
 * words (FAXOPT, leg options) become the fax stack's (policies, leg configurations).
 */
public final class ProcessorFactory {
  /** Audio kept per leg for the switch to the gateway: 4 s, enough for a V.21 preamble and its first frames. */
  static final int SWITCH_HISTORY_FRAMES = 200;

  private final T30Supervisor.NsxPolicy nsx;
  private final byte[] nsxCode;
  /** The RTP legs' playout delay: its bounds in frames, as {@link PlayoutDelay#bounds} packs them (fixed when equal). */
  private final int delayFrames;
  private final long silenceTicks;
  private final int adaptiveDepth;
  private final int gapWaitMs;

  /** @throws IllegalArgumentException when gateway.nsx or gateway.nsx_code is not valid */
  public ProcessorFactory(GatewayConfig config) {
    this.nsx = nsxPolicy(config.get(ConfigKey.GATEWAY_NSX));
    this.nsxCode = nsxCode(config.get(ConfigKey.GATEWAY_NSX_CODE));
    this.delayFrames = playoutBounds(config);
    this.silenceTicks = config.getInt(ConfigKey.MEDIA_SILENCE_SECONDS) * 50L;
    this.adaptiveDepth = config.getInt(ConfigKey.UDPTL_ADAPTIVE_DEPTH);
    this.gapWaitMs = Math.max(0, config.getInt(ConfigKey.UDPTL_GAP_WAIT_MS));
  }

  /**
   * The playout delay of every RTP leg: {@code media.jitter_ms} at first and at least, growing
   * before the leg's fax up to {@code media.jitter_max_ms} ({@link PlayoutDelay}); a maximum at or
   * below the start keeps it fixed.
   */
  static int playoutBounds(GatewayConfig config) {
    int start = Math.max(1, Math.min(config.getInt(ConfigKey.MEDIA_JITTER_MS) / 20, JitterBuffer.MAX_DELAY_FRAMES));
    int max = Math.max(0, Math.min(config.getInt(ConfigKey.MEDIA_JITTER_MAX_MS) / 20, JitterBuffer.MAX_DELAY_FRAMES));
    return PlayoutDelay.bounds(start, max);
  }

  /**
   * The processor a session starts with, as a recipe: the session's legs and FAXOPT items are read
   * now, on the caller's thread (they belong to the session manager); the processor is made when
   * the recipe is applied, on the processing verticle's thread, its big parts from that thread's
   * {@link PartsPool}. {@code audioLeg} is the gateway's audio leg index.
   *
   * @throws FaxOptException for a mode that carries no media
   */
  Function<PartsPool, MediaProcessor> recipe(SessionMode mode, Map<String, LegOptions> legs, boolean startsAsAudio,
      int audioLeg, FaxOptions faxOptions) {
    if (startsAsAudio) {
      int a = payloadType(legs.get("a"));
      int b = payloadType(legs.get("b"));
      long seed = ThreadLocalRandom.current().nextLong();
      return parts -> {
        AudioRelay relay = new AudioRelay(a, b, delayFrames, seed, parts);
        relay.keepHistory(SWITCH_HISTORY_FRAMES);
        return relay;
      };
    }
    return switch (mode) {
      case DETECT -> MediaPlane.listensOnly(mode, legs) ? listener(legs.values().iterator().next()) : audioRelay(legs, false);
      case AUDIO_RELAY -> audioRelay(legs, true); // watches T.30 and ends the fax as the gateway does
      case T38_RELAY -> t38Relay(legs.get("a"), legs.get("b"));
      case GATEWAY -> {
        String audioName = audioLeg == MediaProcessor.LEG_A ? "a" : "b";
        String t38Name = audioLeg == MediaProcessor.LEG_A ? "b" : "a";
        int payloadType = payloadType(legs.get(audioName));
        T38Relay.LegConfig t38 = t38(legs.get(t38Name));
        T30Supervisor.Policy policy = gatewayPolicy(faxOptions);
        long seed = ThreadLocalRandom.current().nextLong();
        yield parts -> new GatewayRelay(audioLeg, payloadType, delayFrames, t38, policy, silenceTicks, seed, parts);
      }
      default -> throw new FaxOptException(FaxOptError.NOT_SUPPORTED, mode + " sessions carry no media yet");
    };
  }

  /**
   * A gateway processor on default options that never carries media: made at start only to give
   * its parts to its thread's pool at once ({@code media.prewarm_sessions}).
   */
  Function<PartsPool, MediaProcessor> spareGateway() {
    T38Relay.LegConfig t38 = t38(new LegOptions());
    T30Supervisor.Policy policy = gatewayPolicy(new FaxOptions());
    return parts -> new GatewayRelay(MediaProcessor.LEG_A, G711.PT_PCMU, delayFrames, t38, policy, silenceTicks, 0, parts);
  }

  /** The processor {@link #recipe} describes, made now from {@code parts} (on the pool's thread). */
  MediaProcessor create(SessionMode mode, Map<String, LegOptions> legs, boolean startsAsAudio, int audioLeg,
      FaxOptions faxOptions, PartsPool parts) {
    return recipe(mode, legs, startsAsAudio, audioLeg, faxOptions).apply(parts);
  }

  /**
   * The gateway that takes over an audio relay whose leg {@code t38Leg} moved to T.38 (the switch
   * to T.38), as a recipe: the options are read now, the gateway made on the processing thread
   * from the relay it replaces and that thread's pool.
   */
  BiFunction<MediaProcessor, PartsPool, MediaProcessor> takeOver(int t38Leg, LegOptions t38, FaxOptions faxOptions) {
    T38Relay.LegConfig leg = t38(t38);
    T30Supervisor.Policy policy = gatewayPolicy(faxOptions);
    return (old, parts) -> {
      if (!(old instanceof AudioRelay relay)) {
        throw new IllegalStateException("the session is not an audio relay any more");
      }
      return GatewayRelay.takeOver(relay, t38Leg, leg, policy, silenceTicks, parts);
    };
  }

  /**
   * The terminal that goes on over T.38 when its audio leg moved there, as a recipe (the leg's
   * options read now, applied on the processing thread to the audio terminal it replaces).
   */
  BiFunction<MediaProcessor, PartsPool, MediaProcessor> terminalOnT38(LegOptions t38) {
    T38Relay.LegConfig leg = t38(t38);
    return (old, parts) -> {
      if (!(old instanceof AudioTerminalProcessor terminal)) {
        throw new IllegalStateException("the session's terminal is not on audio any more");
      }
      return terminal.moveToT38(leg);
    };
  }

  /**
   * A T.38 relay between two UDPTL legs, as a recipe (the legs read now, the relay made from the
   * processing thread's pool); it watches T.30 and ends the fax as the gateway does (DCN, or silence).
   */
  Function<PartsPool, MediaProcessor> t38Relay(LegOptions a, LegOptions b) {
    T38Relay.LegConfig legA = t38(a);
    T38Relay.LegConfig legB = t38(b);
    return parts -> new T38Relay(legA, legB, silenceTicks, parts);
  }

  /** The T.30 supervisor's policy for a gateway session with these FAXOPT items. */
  T30Supervisor.Policy gatewayPolicy(FaxOptions options) {
    return new T30Supervisor.Policy(options.isEcm(), fastModems(options), options.getMinRate(), options.getMaxRate(), nsx,
        nsxCode);
  }

  /**
   * A terminal session's processor on its one leg: the T.38 terminal on a UDPTL leg, the audio
   * terminal (the same engine through Faxgate's own gateway and modems) on an RTP leg. A send calls
   * (CNG, as SendFAX), a receive answers (CED, as ReceiveFAX); a poll calls and receives, a pollable
   * send answers and sends when polled (T.30 DTC).
   */
  Function<PartsPool, MediaProcessor> terminal(LegOptions leg, boolean t38, TerminalFiles files, FaxOptions options,
      Consumer<String> log) {
    boolean sending = files.source != null;
    TerminalOptions terminal = new TerminalOptions(files.calling, sending, options.getLocalStationId(), options.isEcm(),
        fastModems(options), options.getMinRate(), options.getMaxRate(), false);
    if (t38) {
      T38Relay.LegConfig config = t38(leg);
      return parts -> new T38TerminalProcessor(MediaProcessor.LEG_A, config, terminal, files.source, files.sink, log);
    }
    int payloadType = payloadType(leg);
    long seed = ThreadLocalRandom.current().nextLong();
    return parts -> new AudioTerminalProcessor(MediaProcessor.LEG_A, payloadType, delayFrames, seed, terminal,
        files.source, files.sink, log);
  }

  private static Set<FastModem> fastModems(FaxOptions options) {
    Set<FastModem> modems = EnumSet.noneOf(FastModem.class);
    for (dev.faxgate.faxopt.Modem m : options.getModems()) {
      modems.add(switch (m) {
        case V17 -> FastModem.V17;
        case V29 -> FastModem.V29;
        case V27 -> FastModem.V27TER;
      });
    }
    return modems;
  }

  /** The one leg of a detect session that only listens: T.38 when it names a UDPTL far end, else audio. */
  private Function<PartsPool, MediaProcessor> listener(LegOptions leg) {
    int payloadType = payloadType(leg);
    int version = leg.getT38Version();
    boolean udptl = leg.getUdptl() != null;
    return parts -> udptl ? FaxListener.udptl(version) : FaxListener.rtp(payloadType, delayFrames);
  }

  /** An audio relay between legs a and b; {@code watch}: it watches T.30 (the audio-relay mode). */
  private Function<PartsPool, MediaProcessor> audioRelay(Map<String, LegOptions> legs, boolean watch) {
    int a = payloadType(legs.get("a"));
    int b = payloadType(legs.get("b"));
    long seed = ThreadLocalRandom.current().nextLong();
    return parts -> {
      AudioRelay relay = new AudioRelay(a, b, delayFrames, seed, parts);
      return watch ? relay.watchFax(silenceTicks) : relay;
    };
  }

  private T38Relay.LegConfig t38(LegOptions leg) {
    UdptlErrorCorrection ec = switch (leg.getEc()) {
      case REDUNDANCY -> UdptlErrorCorrection.REDUNDANCY;
      case FEC -> UdptlErrorCorrection.FEC;
      case NONE -> UdptlErrorCorrection.NONE;
    };
    return new T38Relay.LegConfig(leg.getT38Version(), ec, leg.redundancyDepth("indicator"),
        leg.redundancyDepth("control"), leg.redundancyDepth("image"), leg.getFecSpan(), Math.max(1, leg.getEcDepth()),
        leg.getMaxDatagram(), adaptiveDepth, gapWaitMs);
  }

  /** The G.711 payload type of an RTP leg. */
  static int payloadType(LegOptions leg) {
    return leg.getLaw() == LegOptions.Law.ALAW ? G711.PT_PCMA : G711.PT_PCMU;
  }

  private static T30Supervisor.NsxPolicy nsxPolicy(String value) {
    try {
      return T30Supervisor.NsxPolicy.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("gateway.nsx must be pass, suppress or rewrite, not '" + value + "'");
    }
  }

  private static byte[] nsxCode(String hex) {
    String h = hex.trim();
    if (h.isEmpty() || h.length() % 2 != 0 || !h.matches("[0-9a-fA-F]+") || h.length() > 8) {
      throw new IllegalArgumentException("gateway.nsx_code must be 1 to 4 octets in hex (e.g. ff0000), not '" + hex + "'");
    }
    return HexFormat.of().parseHex(h);
  }
}
