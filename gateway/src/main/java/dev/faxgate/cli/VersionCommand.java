package dev.faxgate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code faxgate version}: prints the version. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print Faxgate's version.")
final class VersionCommand implements Callable<Integer> {

  /** The jar's Implementation-Version, or "dev" when run from classes. */
  static String version() {
    String v = FaxgateCommand.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public Integer call() {
    System.out.println("faxgate " + version());
    return 0;
  }

  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"faxgate " + version()};
    }
  }
}
