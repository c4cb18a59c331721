package dev.faxgate.tools;

import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.FaxOptItems;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code faxgate gateway}: one T.38 gateway session between an RTP leg and a UDPTL leg, without
 * the control API, until the fax ends (or SIGTERM, or media silence).
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run one T.38 gateway session without the control API: G.711 audio in RTP on one side, "
        + "T.38 in UDPTL on the other; the fax modems are demodulated and remodulated and T.30 is supervised.",
        "Ends when the fax ends (DCN), on SIGTERM, or on media silence, printing one JSON line: every FAXOPT "
        + "item as read at the end, and the completion event. Exit status 0 when the fax succeeded, 1 when it failed."})
public final class GatewayCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--rtp", required = true, paramLabel = "LOCAL_IP:PORT,REMOTE_IP:PORT", description = "The audio leg: local and far RTP address.")
  String rtp;

  @Option(names = "--udptl", required = true, paramLabel = "LOCAL_IP:PORT,REMOTE_IP:PORT", description = "The T.38 leg: local and far UDPTL address.")
  String udptl;

  @Option(names = "--law", paramLabel = "ulaw|alaw", defaultValue = "ulaw", description = "G.711 law of the audio leg (default: ${DEFAULT-VALUE}).")
  String law;

  @Option(names = "--t38-version", paramLabel = "N", defaultValue = "0", description = "T.38 version of the UDPTL leg, 0-3 (default: ${DEFAULT-VALUE}).")
  int t38Version;

  @Option(names = "--ec", paramLabel = "redundancy|fec|none", defaultValue = "redundancy", description = "Error recovery sent on the UDPTL leg (default: ${DEFAULT-VALUE}).")
  String ec;

  @Option(names = "--ec-depth", paramLabel = "N", defaultValue = "3", description = "Secondary IFPs per datagram, or FEC entries (default: ${DEFAULT-VALUE}).")
  int ecDepth;

  @Option(names = "--max-datagram", paramLabel = "OCTETS", defaultValue = "1400", description = "The far UDPTL end's largest datagram (default: ${DEFAULT-VALUE}).")
  int maxDatagram;

  @Option(names = "--faxopt", paramLabel = "ITEM=VALUE", description = "A FAXOPT item for the session, e.g. ecm=no, maxrate=9600 (repeatable).")
  List<String> faxopt = new ArrayList<>();

  @Option(names = "--silence", paramLabel = "SECONDS", defaultValue = "30", description = "End when a leg is silent this long after the fax started (default: ${DEFAULT-VALUE}).")
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
      one = OneSessionNode.start("gateway", silenceSeconds, jitterMs, event -> { });
    } catch (OneSessionNode.CannotStart e) {
      System.err.println("faxgate gateway: cannot start: " + e.getMessage());
      return 1;
    }
    return one.runToEnd("gateway", session);
  }

  private SessionOptions session() {
    LegOptions audio = OneSessionNode.leg(rtp, true).setLaw(LegOptions.Law.fromWireName(law));
    JsonObject t38 = OneSessionNode.leg(udptl, false).toJson().put("t38Version", t38Version).put("ec", ec).put("ecDepth", ecDepth)
        .put("maxDatagram", maxDatagram);
    JsonObject options = new JsonObject().put(FaxOptItems.GATEWAY.name(), "yes");
    OneSessionNode.faxopt(faxopt, options);
    return new SessionOptions().setMode(SessionMode.GATEWAY).setLeg("a", audio).setLeg("b", new LegOptions(t38))
        .setFaxopt(options);
  }
}
