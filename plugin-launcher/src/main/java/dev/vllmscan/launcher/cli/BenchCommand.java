package dev.vllmscan.launcher.cli;

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
  @Mixin TargetOptions target = new TargetOptions();

  @Override
  public Integer call() throws Exception {
    if (reps < 1) throw new UsageException("--reps must be at least 1");
    Bench bench = new Bench(Connector.provider(target), ScanCommand.loadBundles(List.of()), launcherCommand(), reps,
        fleet, concurrency, System.out);
    bench.run(out);
    System.out.println("wrote " + out.resolve("bench.csv") + " and " + out.resolve("bench.png"));
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
