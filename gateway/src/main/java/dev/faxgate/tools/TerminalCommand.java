package dev.faxgate.tools;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.faxopt.TerminalJob;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code faxgate send} and {@code faxgate receive}: Faxgate as a fax terminal for one fax, without
 * the control API, as {@code faxgate gateway} runs one gateway session. The files are the user's
 * own paths (any file the user may read or write): the spool directory confines only files named
 * through the API.
 */
public final class TerminalCommand {
  private TerminalCommand() {}

  /** The one leg: RTP (audio, Faxgate's own modems) or UDPTL (T.38). */
  static final class Leg {
    @Option(names = "--rtp", required = true, paramLabel = "LOCAL_IP:PORT,REMOTE_IP:PORT",
        description = "Fax over G.711 audio in RTP: local and far address.")
    String rtp;

    @Option(names = "--udptl", required = true, paramLabel = "LOCAL_IP:PORT,REMOTE_IP:PORT",
        description = "Fax over T.38 in UDPTL: local and far address.")
    String udptl;
  }

  /** What both commands take besides the files. */
  abstract static class Base implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Leg leg;

    @Option(names = "--law", paramLabel = "ulaw|alaw", defaultValue = "ulaw", description = "G.711 law on RTP (default: ${DEFAULT-VALUE}).")
    String law;

    @Option(names = "--t38-version", paramLabel = "N", defaultValue = "0", description = "T.38 version on UDPTL, 0-3 (default: ${DEFAULT-VALUE}).")
    int t38Version;

    @Option(names = "--ec", paramLabel = "redundancy|fec|none", defaultValue = "redundancy", description = "Error recovery sent on UDPTL (default: ${DEFAULT-VALUE}).")
    String ec;

    @Option(names = "--faxopt", paramLabel = "ITEM=VALUE", description = "A FAXOPT item, e.g. ecm=no, localstationid=+1 555 0100, headerinfo=ACME (repeatable).")
    List<String> faxopt = new ArrayList<>();

    @Option(names = "--silence", paramLabel = "SECONDS", defaultValue = "30", description = "End when the leg is silent this long (default: ${DEFAULT-VALUE}).")
    int silenceSeconds;

    abstract String name();

    abstract TerminalJob job();

    @Override
    public Integer call() throws Exception {
      SessionOptions session;
      try {
        session = new SessionOptions().setTerminal(job()).setLeg("a", legOptions()).setFaxopt(OneSessionNode.faxopt(faxopt, new JsonObject()));
      } catch (FaxOptException | IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      OneSessionNode one;
      try {
        // the files are the user's own paths: the spool is the root folder, each path relative to it
        one = OneSessionNode.start(name(), silenceSeconds, 60, event -> { }, ConfigKey.TERMINAL_SPOOL_DIR, "/");
      } catch (OneSessionNode.CannotStart e) {
        System.err.println("faxgate " + name() + ": cannot start: " + e.getMessage());
        return 1;
      }
      return one.runToEnd(name(), session);
    }

    private LegOptions legOptions() {
      if (leg.rtp != null) {
        return OneSessionNode.leg(leg.rtp, true).setLaw(LegOptions.Law.fromWireName(law));
      }
      return new LegOptions(OneSessionNode.leg(leg.udptl, false).toJson().put("t38Version", t38Version).put("ec", ec));
    }

    /** A path of the user's, as the node's spool (the root folder) names it. */
    static String underRoot(Path file) {
      Path absolute = file.toAbsolutePath().normalize();
      return absolute.getRoot().relativize(absolute).toString();
    }
  }

  @Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Send a fax from TIFF files as a fax terminal (SendFAX): over T.38 (--udptl) or audio (--rtp).",
          "Prints one JSON line at the end: every FAXOPT item as read then, and the completion event. "
              + "Exit status 0 when the fax succeeded, 1 when it failed, 2 when the files or options were refused."})
  public static final class Send extends Base {
    @Option(names = "--tiff", required = true, arity = "1..*", paramLabel = "FILE", description = "The TIFF files to send, in order (any bilevel TIFF).")
    List<Path> files;

    @Override
    String name() {
      return "send";
    }

    @Override
    TerminalJob job() {
      return new TerminalJob(TerminalJob.Direction.SEND, files.stream().map(Base::underRoot).toList());
    }
  }

  @Command(name = "receive", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Receive a fax into a TIFF-F file as a fax terminal (ReceiveFAX): over T.38 (--udptl) or audio (--rtp).",
          "Prints one JSON line at the end: every FAXOPT item as read then, and the completion event. "
              + "Exit status 0 when the fax succeeded, 1 when it failed, 2 when the file or options were refused."})
  public static final class Receive extends Base {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The TIFF-F file to write (its folder must exist).")
    Path out;

    @Override
    String name() {
      return "receive";
    }

    @Override
    TerminalJob job() {
      return new TerminalJob(TerminalJob.Direction.RECEIVE, List.of(underRoot(out)));
    }
  }
}
