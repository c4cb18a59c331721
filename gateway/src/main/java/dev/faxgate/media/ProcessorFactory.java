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
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.PartsPool;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.JitterBuffer;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.udptl.UdptlErrorCorrection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

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
  private final int delayFrames;
  private final long silenceTicks;

  /** @throws IllegalArgumentException when gateway.nsx or gateway.nsx_code is not valid */
  public ProcessorFactory(GatewayConfig config) {
    this.nsx = nsxPolicy(config.get(ConfigKey.GATEWAY_NSX));
    this.nsxCode = nsxCode(config.get(ConfigKey.GATEWAY_NSX_CODE));
    this.delayFrames = Math.max(1, Math.min(config.getInt(ConfigKey.MEDIA_JITTER_MS) / 20, JitterBuffer.MAX_DELAY_FRAMES));
    this.silenceTicks = config.getInt(ConfigKey.MEDIA_SILENCE_SECONDS) * 50L;
  }

  /**
   * Refuses, before anything is opened, a session whose processor {@link #create} could not make.
   *
   * @throws FaxOptException for a mode that carries no media
   */
  static void check(SessionMode mode, boolean startsAsAudio) {
    if (!startsAsAudio && mode != SessionMode.AUDIO_RELAY && mode != SessionMode.DETECT
        && mode != SessionMode.T38_RELAY && mode != SessionMode.GATEWAY) {
      throw new FaxOptException(FaxOptError.NOT_SUPPORTED, mode + " sessions carry no media yet");
    }
  }

  /**
   * The processor a session starts with; {@code audioLeg} is the gateway's audio leg index. Its
   * big parts come from {@code parts} when free ones are there: call it on the pool's thread.
   *
   * @throws FaxOptException for a mode that carries no media
   */
  MediaProcessor create(SessionMode mode, Map<String, LegOptions> legs, boolean startsAsAudio, int audioLeg,
      FaxOptions faxOptions, PartsPool parts) {
    check(mode, startsAsAudio);
    if (startsAsAudio) {
      AudioRelay relay = audioRelay(legs, parts);
      relay.keepHistory(SWITCH_HISTORY_FRAMES);
      return relay;
    }
    return switch (mode) {
      case AUDIO_RELAY -> audioRelay(legs, parts).watchFax(silenceTicks); // watches T.30 and ends the fax as the gateway does
      case DETECT -> audioRelay(legs, parts);
      case T38_RELAY -> t38Relay(legs.get("a"), legs.get("b"), parts);
      case GATEWAY -> {
        String audioName = audioLeg == MediaProcessor.LEG_A ? "a" : "b";
        String t38Name = audioLeg == MediaProcessor.LEG_A ? "b" : "a";
        yield new GatewayRelay(audioLeg, payloadType(legs.get(audioName)), delayFrames, t38(legs.get(t38Name)),
            gatewayPolicy(faxOptions), silenceTicks, ThreadLocalRandom.current().nextLong(), parts);
      }
      default -> throw new FaxOptException(FaxOptError.NOT_SUPPORTED, mode + " sessions carry no media yet");
    };
  }

  /**
   * The gateway that takes over an audio relay whose leg {@code t38Leg} moved to T.38 (the switch
   * to T.38), its big parts from {@code parts}.
   */
  MediaProcessor takeOver(MediaProcessor old, int t38Leg, LegOptions t38, FaxOptions faxOptions, PartsPool parts) {
    if (!(old instanceof AudioRelay relay)) {
      throw new IllegalStateException("the session is not an audio relay any more");
    }
    return GatewayRelay.takeOver(relay, t38Leg, t38(t38), gatewayPolicy(faxOptions), silenceTicks, parts);
  }

  /**
   * A T.38 relay between two UDPTL legs, its big parts from {@code parts}; it watches T.30 and ends
   * the fax as the gateway does (DCN, or silence).
   */
  MediaProcessor t38Relay(LegOptions a, LegOptions b, PartsPool parts) {
    return new T38Relay(t38(a), t38(b), silenceTicks, parts);
  }

  /** The T.30 supervisor's policy for a gateway session with these FAXOPT items. */
  T30Supervisor.Policy gatewayPolicy(FaxOptions options) {
    Set<FastModem> modems = EnumSet.noneOf(FastModem.class);
    for (dev.faxgate.faxopt.Modem m : options.getModems()) {
      modems.add(switch (m) {
        case V17 -> FastModem.V17;
        case V29 -> FastModem.V29;
        case V27 -> FastModem.V27TER;
      });
    }
    return new T30Supervisor.Policy(options.isEcm(), modems, options.getMinRate(), options.getMaxRate(), nsx, nsxCode);
  }

  private AudioRelay audioRelay(Map<String, LegOptions> legs, PartsPool parts) {
    return new AudioRelay(payloadType(legs.get("a")), payloadType(legs.get("b")), delayFrames,
        ThreadLocalRandom.current().nextLong(), parts);
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
