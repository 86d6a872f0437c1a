package dev.vllmscan.launcher.bench;

import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.launcher.host.Installer;
import dev.vllmscan.launcher.scan.ProviderWarmup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison a reader trusts: one host binary (cnspec) scanning the same emulated target with our provider and
 * with another provider directory (Mondoo's), next to {@code vllmscan scan} with the same bundle, alternating runs.
 * Each run's CPU is the user+system time of the whole process tree, read from the kernel by a shell that waited for
 * it (/proc/PID/stat cutime+cstime), so no timing tool has to be installed.
 */
final class HostComparison {
  /** A providers root (holding {@code vllm/}) or a provider directory itself: the root a host finds it under. */
  static Path providersRoot(Path dir) {
    if (Files.isDirectory(dir.resolve("vllm"))) return dir;
    if (dir.getFileName() != null && dir.getFileName().toString().equals("vllm")) return dir.getParent();
    throw new IllegalArgumentException(dir + " holds no vllm provider (expected DIR/vllm/ or a directory named vllm)");
  }

  record Run(double wallSeconds, double cpuSeconds, int exitCode) {}

  private final Path host;
  private final Path otherRoot;
  private final List<String> hostArgs;
  private final List<String> launcherCommand;
  private final Path bundle;
  private final int reps;
  private final PrintStream log;

  HostComparison(Path host, Path otherProviders, List<String> hostArgs, List<String> launcherCommand, Path bundle, int reps,
      PrintStream log) {
    this.host = host;
    this.otherRoot = providersRoot(otherProviders);
    this.hostArgs = hostArgs;
    this.launcherCommand = launcherCommand;
    this.bundle = bundle;
    this.reps = reps;
    this.log = log;
  }

  /** Medians per (latency, contender): wall and CPU seconds. Our provider is installed (and trained) in a temp root. */
  Map<String, double[]> run(List<Integer> latencies) throws IOException, InterruptedException {
    Path ourRoot = Files.createTempDirectory("vllmscan-compare");
    Path installed = Installer.install(ourRoot, Installer.builtJar());
    if (ProviderWarmup.buildArchive(installed) == null) log.println("bench: our provider has no start-up archive here");
    Map<String, double[]> medians = new LinkedHashMap<>();
    for (int latency : latencies) {
      try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29").withLatency(latency), 0)) {
        Map<String, List<String>> commands = new LinkedHashMap<>();
        Map<String, Path> roots = new LinkedHashMap<>();
        commands.put(host.getFileName() + " + our provider", hostCommand(e.url()));
        roots.put(host.getFileName() + " + our provider", ourRoot);
        commands.put(host.getFileName() + " + " + otherRoot + "/vllm", hostCommand(e.url()));
        roots.put(host.getFileName() + " + " + otherRoot + "/vllm", otherRoot);
        List<String> ours = new ArrayList<>(launcherCommand);
        ours.addAll(List.of("scan", "vllm", e.url(), "-f", bundle.toString(), "--no-side-ports", "-o", "summary"));
        commands.put("vllmscan scan, same bundle", ours);
        roots.put("vllmscan scan, same bundle", ourRoot);
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (int i = 0; i < reps; i++) {
          for (var c : commands.entrySet()) {
            runs.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(timed(c.getValue(), roots.get(c.getKey())));
          }
        }
        for (var r : runs.entrySet()) {
          double wall = median(r.getValue().stream().map(Run::wallSeconds).toList());
          double cpu = median(r.getValue().stream().map(Run::cpuSeconds).toList());
          String exits = r.getValue().stream().map(x -> String.valueOf(x.exitCode())).distinct().reduce((a, b) -> a + "," + b).orElse("");
          medians.put(latency + " ms, " + r.getKey(), new double[] {wall, cpu});
          log.printf("compare @%d ms  %-44s wall %.2f s  CPU %.2f s  (median of %d, exit %s)%n", latency, r.getKey(), wall, cpu, reps, exits);
        }
        if (!e.invocations().isEmpty()) throw new IllegalStateException("state-changing handlers ran: " + e.invocations());
      }
    }
    return medians;
  }

  private List<String> hostCommand(String url) {
    List<String> cmd = new ArrayList<>(List.of(host.toString(), "scan", "vllm", url, "-f", bundle.toString()));
    cmd.addAll(hostArgs);
    return cmd;
  }

  /** Runs {@code cmd} under sh, which reports the CPU of everything it waited for once the command is done. */
  static Run timed(List<String> cmd, Path providersRoot) throws IOException, InterruptedException {
    Path stat = Files.createTempFile("vllmscan-cpu", ".stat");
    try {
      List<String> sh = new ArrayList<>(List.of("sh", "-c", "\"$@\"; rc=$?; cat /proc/$$/stat > " + quote(stat) + "; exit $rc", "sh"));
      sh.addAll(cmd);
      ProcessBuilder pb = new ProcessBuilder(sh).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().remove("VLLM_API_KEY"); // the bench targets an emulator: a user's real key has no business there
      pb.environment().put("PROVIDERS_PATH", providersRoot.toString());
      long start = System.nanoTime();
      Process p = pb.start();
      int rc = p.waitFor();
      double wall = (System.nanoTime() - start) / 1e9;
      return new Run(wall, CpuClock.childSeconds(Files.readString(stat, StandardCharsets.US_ASCII)), rc);
    } finally {
      Files.deleteIfExists(stat);
    }
  }

  private static String quote(Path p) {
    return "'" + p.toString().replace("'", "'\\''") + "'";
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Double::compare);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
