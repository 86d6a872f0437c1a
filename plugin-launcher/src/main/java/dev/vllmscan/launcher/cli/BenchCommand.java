package dev.vllmscan.launcher.cli;

import java.io.PrintStream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import dev.vllmscan.launcher.bench.Bench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.nio.file.Files;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure scans against the emulator: latency, a sequential curl sweep, RSS, fleets. Writes CSV and PNG.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "target/bench", description = "Directory for bench.csv and bench.png (default: ${DEFAULT-VALUE})") Path out;
  @Option(names = "--reps", defaultValue = "3", description = "Repetitions per latency; the median is reported (default: ${DEFAULT-VALUE})") int reps;
  @Option(names = "--fleet", split = ",", defaultValue = "100,1000", description = "Fleet sizes at 100 ms latency (default: ${DEFAULT-VALUE})") List<Integer> fleet;
  @Option(names = "--concurrency", defaultValue = "64", description = "Fleet targets scanned at once (default: ${DEFAULT-VALUE})") int concurrency;
  @Option(names = "--fleet-only", description = "Run only the fleets (out of process), not the single-target scans") boolean fleetOnly;
  @Option(names = "--compare-host", paramLabel = "PATH", description = "A host binary (cnspec) to run with our provider and with --compare-providers' against the same emulated target") Path compareHost;
  @Option(names = "--compare-providers", paramLabel = "DIR", description = "Another providers directory (holding vllm/) for --compare-host") Path compareProviders;
  @Option(names = "--compare-host-args", defaultValue = "--auto-update=false --incognito", description = "Extra arguments for every --compare-host scan (default: ${DEFAULT-VALUE})") String compareHostArgs;
  @Option(names = "--compare-only", description = "Run only the --compare-host comparison") boolean compareOnly;
  @Mixin TargetOptions target = new TargetOptions();
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (reps < 1) throw new UsageException("--reps must be at least 1");
    if ((compareHost == null) != (compareProviders == null)) throw new UsageException("--compare-host and --compare-providers go together");
    if (compareOnly && compareHost == null) throw new UsageException("--compare-only needs --compare-host PATH --compare-providers DIR");
    if (compareHost != null && !Files.isExecutable(compareHost)) throw new UsageException(compareHost + " is not an executable host binary");
    PrintStream log = Streams.of(spec).out();
    Bench bench = new Bench(Connector.provider(target), ScanCommand.loadBundles(List.of()), launcherCommand(), reps,
        fleet, concurrency, log);
    if (!compareOnly) {
      if (fleetOnly) bench.runFleets(out); else bench.run(out);
    }
    if (compareHost != null) {
      Path bundle = Path.of(System.getProperty("vllmscan.home", "."), "testdata", "policies", "reference-14.mql.yaml");
      List<String> hostArgs = compareHostArgs.isBlank() ? List.of() : List.of(compareHostArgs.trim().split("\\s+"));
      try {
        Bench.compareHosts(compareHost, compareProviders, hostArgs, launcherCommand(), bundle, reps, log);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    if (!compareOnly) log.println("wrote " + out.resolve("bench.csv") + (fleetOnly ? "" : " and " + out.resolve("bench.png")));
    return Main.EXIT_OK;
  }

  /** The command a user runs: the ./vllmscan script when this build has one, else this launcher on its class path. */
  private static List<String> launcherCommand() {
    Path script = Path.of(System.getProperty("vllmscan.home", "."), "vllmscan");
    if (Files.isExecutable(script)) return List.of(script.toString());
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms16m",
        "-Dvllmscan.home=" + System.getProperty("vllmscan.home", "."), "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
  }
}
