package dev.faxgate.cli;

import dev.faxgate.bench.BenchDetectCommand;
import dev.faxgate.bench.BenchImpairmentCommand;
import dev.faxgate.bench.BenchMediaCommand;
import dev.faxgate.bench.BenchModemCommand;
import dev.faxgate.bench.BenchRelayCommand;
import dev.faxgate.bench.BenchT4Command;
import dev.faxgate.bench.BenchTerminalCommand;
import dev.faxgate.tools.GatewayCommand;
import dev.faxgate.tools.TerminalCommand;
import dev.faxgate.bench.LoadCommand;
import dev.faxgate.tools.ModemCommand;
import dev.faxgate.tools.RelayCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faxgate}: the gateway's command line. Each subcommand has {@code --help}. */
@Command(name = "faxgate", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
    description = "T.38 fax gateway: audio fax (G.711/RTP) <-> T.38 (UDPTL), FAXOPT sessions over the Vert.x event bus and HTTP.",
    subcommands = {RunCommand.class, RelayCommand.class, GatewayCommand.class, TerminalCommand.Send.class,
        TerminalCommand.Receive.class, ModemCommand.Tx.class, ModemCommand.Rx.class,
        LoadCommand.class, BenchMediaCommand.class, BenchImpairmentCommand.class, BenchDetectCommand.class, BenchModemCommand.class, BenchRelayCommand.class, BenchT4Command.class, BenchTerminalCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class FaxgateCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new FaxgateCommand()).execute(args));
  }
}
