package dev.faxgate.tools;

import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code faxgate relay}: one audio-relay or t38-relay session, without the API, until SIGTERM or media silence. */
@Command(name = "relay", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Relay one session between two legs without the control API: RTP <-> RTP (audio-relay, "
        + "transcoding µ-law/A-law) or UDPTL <-> UDPTL (t38-relay, translating T.38 versions and error recovery).",
        "Ends on SIGTERM or when both legs are silent for --silence seconds, printing one JSON line: "
        + "the session's completion event, with each leg's packet statistics."})
public final class RelayCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Legs legs;

  static final class Legs {
    @ArgGroup(exclusive = false)
    Rtp rtp;
    @ArgGroup(exclusive = false)
    Udptl udptl;
  }

  static final class Rtp {
    @Option(names = "--a-rtp", required = true, paramLabel = "LOCAL_IP:PORT,REMOTE_IP:PORT", description = "Leg a: local and far RTP address.")
    String a;
    @Option(names = "--b-rtp", required = true, paramLabel = "LOCAL_IP:PORT,REMOTE_IP:PORT", description = "Leg b: local and far RTP address.")
    String b;
    @Option(names = "--a-law", paramLabel = "ulaw|alaw", defaultValue = "ulaw", description = "G.711 law of leg a (default: ${DEFAULT-VALUE}).")
    String aLaw;
    @Option(names = "--b-law", paramLabel = "ulaw|alaw", defaultValue = "ulaw", description = "G.711 law of leg b (default: ${DEFAULT-VALUE}).")
    String bLaw;
  }

  static final class Udptl {
    @Option(names = "--a-udptl", required = true, paramLabel = "LOCAL_IP:PORT,REMOTE_IP:PORT", description = "Leg a: local and far UDPTL address.")
    String a;
    @Option(names = "--b-udptl", required = true, paramLabel = "LOCAL_IP:PORT,REMOTE_IP:PORT", description = "Leg b: local and far UDPTL address.")
    String b;
    @Option(names = "--a-t38-version", paramLabel = "N", defaultValue = "0", description = "T.38 version of leg a, 0-3 (default: ${DEFAULT-VALUE}).")
    int aVersion;
    @Option(names = "--b-t38-version", paramLabel = "N", defaultValue = "0", description = "T.38 version of leg b, 0-3 (default: ${DEFAULT-VALUE}).")
    int bVersion;
    @Option(names = "--a-ec", paramLabel = "redundancy|fec|none", defaultValue = "redundancy", description = "Error recovery sent on leg a (default: ${DEFAULT-VALUE}).")
    String aEc;
    @Option(names = "--b-ec", paramLabel = "redundancy|fec|none", defaultValue = "redundancy", description = "Error recovery sent on leg b (default: ${DEFAULT-VALUE}).")
    String bEc;
    @Option(names = "--a-ec-depth", paramLabel = "N", defaultValue = "3", description = "Leg a: secondary IFPs per datagram, or FEC entries (default: ${DEFAULT-VALUE}).")
    int aDepth;
    @Option(names = "--b-ec-depth", paramLabel = "N", defaultValue = "3", description = "Leg b: secondary IFPs per datagram, or FEC entries (default: ${DEFAULT-VALUE}).")
    int bDepth;
    @Option(names = "--a-max-datagram", paramLabel = "OCTETS", defaultValue = "1400", description = "Leg a's far end's largest datagram (default: ${DEFAULT-VALUE}).")
    int aMax;
    @Option(names = "--b-max-datagram", paramLabel = "OCTETS", defaultValue = "1400", description = "Leg b's far end's largest datagram (default: ${DEFAULT-VALUE}).")
    int bMax;
  }

  @Option(names = "--silence", paramLabel = "SECONDS", defaultValue = "30", description = "End when both legs are silent this long (default: ${DEFAULT-VALUE}).")
  int silenceSeconds;

  @Option(names = "--jitter-ms", paramLabel = "MS", defaultValue = "60", description = "Fixed RTP playout delay, a multiple of 20 (default: ${DEFAULT-VALUE}).")
  int jitterMs;

  @Override
  public Integer call() throws Exception {
    SessionOptions session;
    try {
      session = session();
    } catch (FaxOptException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    OneSessionNode one;
    try {
      one = OneSessionNode.start("relay", silenceSeconds, jitterMs, event -> {
        System.out.println(event.toJson().encode()); // the one result line, printed before anything may stop the JVM
        System.out.flush();
      });
    } catch (OneSessionNode.CannotStart e) {
      System.err.println("faxgate relay: cannot start: " + e.getMessage());
      return 1;
    }
    try {
      new FaxOptClient(one.node.vertx()).create(session).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println("faxgate relay: " + e.getCause().getMessage());
      return 2;
    }
    System.err.println("faxgate relay: relaying " + session.getMode() + " " + session.toJson().getJsonObject("legs").encode());
    one.ended.get();
    return 0;
  }

  private SessionOptions session() {
    if (legs.rtp != null) {
      return new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
          .setLeg("a", OneSessionNode.leg(legs.rtp.a, true).setLaw(LegOptions.Law.fromWireName(legs.rtp.aLaw)))
          .setLeg("b", OneSessionNode.leg(legs.rtp.b, true).setLaw(LegOptions.Law.fromWireName(legs.rtp.bLaw)));
    }
    Udptl u = legs.udptl;
    return new SessionOptions().setMode(SessionMode.T38_RELAY)
        .setLeg("a", t38(OneSessionNode.leg(u.a, false), u.aVersion, u.aEc, u.aDepth, u.aMax))
        .setLeg("b", t38(OneSessionNode.leg(u.b, false), u.bVersion, u.bEc, u.bDepth, u.bMax));
  }

  private static LegOptions t38(LegOptions leg, int version, String ec, int depth, int maxDatagram) {
    io.vertx.core.json.JsonObject json = leg.toJson().put("t38Version", version).put("ec", ec).put("ecDepth", depth)
        .put("maxDatagram", maxDatagram);
    return new LegOptions(json);
  }
}
