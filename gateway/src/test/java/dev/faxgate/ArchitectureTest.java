package dev.faxgate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules the build keeps (docs/architecture.md): the fax stack is plain Java, the
 * service does not lean on the tools, and no two packages need each other. Each rule fails the
 * build when a main class breaks it, naming the class and the dependency.
 */
class ArchitectureTest {
  /** Plain Java: DSP, modems, protocols, the relays and the gateway. */
  static final String[] FAX_STACK = {"dev.faxgate.dsp..", "dev.faxgate.detect..", "dev.faxgate.modem..",
      "dev.faxgate.hdlc..", "dev.faxgate.t30..", "dev.faxgate.t38..", "dev.faxgate.udptl..", "dev.faxgate.rtp..",
      "dev.faxgate.relay..", "dev.faxgate.gateway..", "dev.faxgate.t4..", "dev.faxgate.faxfile..", "dev.faxgate.terminal.."};
  /** The Vert.x service around the fax stack (and the contract and meter modules it uses). */
  static final String[] SERVICE = {"dev.faxgate.media..", "dev.faxgate.session..", "dev.faxgate.control..",
      "dev.faxgate.node..", "dev.faxgate.results..", "dev.faxgate.config..", "dev.faxgate.cli..",
      "dev.faxgate.faxopt..", "dev.faxgate.metrics.."};
  /** Benchmarks and developer tools: shipped in the CLI, imported by nothing else. */
  static final String[] TOOLS = {"dev.faxgate.bench..", "dev.faxgate.tools.."};

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.faxgate");
  }

  @Test
  void theFaxStackIsPlainJava() {
    ArchRule rule = noClasses().that().resideInAnyPackage(FAX_STACK)
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "io.micrometer..")
        .because("the fax stack is plain Java driven by the verticles, testable and benchmarkable alone");
    rule.check(main);
  }

  @Test
  void theFaxStackDoesNotReachIntoTheServiceOrTheTools() {
    ArchRule rule = noClasses().that().resideInAnyPackage(FAX_STACK)
        .should().dependOnClassesThat().resideInAnyPackage(concat(SERVICE, TOOLS))
        .because("the service drives the fax stack, never the other way round");
    rule.check(main);
  }

  @Test
  void onlyTheCommandLineImportsTheTools() {
    ArchRule rule = noClasses().that().resideOutsideOfPackages(concat(TOOLS, new String[] {"dev.faxgate.cli.."}))
        .should().dependOnClassesThat().resideInAnyPackage(TOOLS)
        .because("benchmarks and developer tools are not part of what runs a node");
    rule.check(main);
  }

  @Test
  void packagesFormNoCycle() {
    slices().matching("dev.faxgate.(*)..").should().beFreeOfCycles().check(main);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
