package dev.faxgate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faxgate bench-detect}: CPU per second of audio of each tone detector, beside spandsp's. */
@Command(name = "bench-detect", mixinStandardHelpOptions = true,
    description = "CPU per second of audio and bytes allocated per block of the CNG, CED and V.21-preamble "
        + "detectors, one JSON line each. With FAXPEER (or --faxpeer) naming a faxpeer binary, spandsp's "
        + "detector is timed on the same signals in the same run and the ratio printed.")
public final class BenchDetectCommand implements Callable<Integer> {

  @Parameters(arity = "0..*", paramLabel = "cng|ced|v21preamble", description = "Detectors to measure (default: all).")
  List<String> tones = List.of();

  @Option(names = "--seconds", defaultValue = "60", description = "Seconds of signal per run (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--runs", defaultValue = "3", description = "Runs; the median is printed (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--dither", description = "Add ±1 LSB of dither to the signals.")
  boolean dither;

  @Option(names = "--faxpeer", paramLabel = "PATH", description = "The faxpeer binary (default: $FAXPEER).")
  String faxpeer;

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>(tones);
    args.addAll(List.of("--seconds", Double.toString(seconds), "--runs", Integer.toString(runs)));
    if (dither) {
      args.add("--dither");
    }
    if (faxpeer != null) {
      args.addAll(List.of("--faxpeer", faxpeer));
    }
    return DetectorBenchmark.run(args.toArray(String[]::new), System.out);
  }
}
