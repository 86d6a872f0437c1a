package dev.vllmscan.launcher.bench;

import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.launcher.policy.Bundle;
import dev.vllmscan.launcher.report.Report;
import dev.vllmscan.launcher.scan.FleetScan;
import dev.vllmscan.launcher.scan.Inventory;
import dev.vllmscan.launcher.scan.TargetScan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Side-by-side numbers in one run on one machine: scan wall time at injected latencies next to a sequential
 * curl sweep of the same requests, requests with and without a key, peak RSS of both processes, fleet scans.
 * Ratios, not absolute times, are the point: they survive a noisy machine.
 */
public final class Bench {
  public record Row(String scenario, String metric, double value, String unit) {}

  private final InstalledProvider provider;
  private final List<Bundle> bundles;
  private final List<String> launcherCommand;
  private final int reps;
  private final List<Integer> fleetSizes;
  private final int fleetConcurrency;
  private final PrintStream log;
  private final List<Row> rows = new ArrayList<>();

  public Bench(InstalledProvider provider, List<Bundle> bundles, List<String> launcherCommand, int reps,
      List<Integer> fleetSizes, int fleetConcurrency, PrintStream log) {
    this.provider = provider;
    this.bundles = bundles;
    this.launcherCommand = launcherCommand;
    this.reps = reps;
    this.fleetSizes = fleetSizes;
    this.fleetConcurrency = fleetConcurrency;
    this.log = log;
  }

  public List<Row> run(Path outDir) throws IOException, InterruptedException {
    Files.createDirectories(outDir);
    Map<Integer, double[]> perLatency = new LinkedHashMap<>();
    for (int latency : new int[] {0, 50, 200}) perLatency.put(latency, latency(latency));
    double t0 = perLatency.get(0)[0];
    double t200 = perLatency.get(200)[0];
    add("scan@200ms", "round trips beyond the 0 ms scan", (t200 - t0) / 0.2, "RTT");
    keyed();
    local();
    List<Chart.Group> groups = new ArrayList<>();
    perLatency.forEach((lat, v) -> groups.add(new Chart.Group(lat + " ms RTT", List.of(v[0], v[1]))));
    for (int n : fleetSizes) groups.add(new Chart.Group("fleet " + n + " @100ms", List.of(fleet(n, false), -1.0)));
    if (!fleetSizes.isEmpty()) {
      int largest = fleetSizes.stream().mapToInt(Integer::intValue).max().getAsInt();
      groups.add(new Chart.Group("… in-process", List.of(fleet(largest, true), -1.0)));
    }
    Chart.bars(outDir.resolve("bench.png"), "vllmscan: full default-policy scan vs a sequential curl sweep (seconds)",
        List.of("vllmscan (incl. provider start)", "sequential curl, same requests"), groups);
    writeCsv(outDir.resolve("bench.csv"));
    return List.copyOf(rows);
  }

  /** Median scan seconds and sequential-sweep seconds at one injected latency. */
  private double[] latency(int millis) throws IOException, InterruptedException {
    Profile p = Profile.load("stock-0.29").withLatency(millis);
    try (VllmEmulator e = VllmEmulator.start(p, 0)) {
      List<Double> walls = new ArrayList<>();
      Timed last = null;
      for (int i = 0; i < reps; i++) {
        e.clearRequestLog();
        last = scanOnce(e.url(), null);
        walls.add(last.seconds());
      }
      List<String> sent = e.requestLog();
      SequentialSweep.Result seq = SequentialSweep.replay(e.url(), sent);
      double ours = median(walls);
      double sequential = seq.millis() / 1000.0;
      String s = "scan@" + millis + "ms";
      add(s, "wall (median of " + reps + ")", ours, "s");
      add(s, "requests", last.requests(), "count");
      add(s, "sequential " + seq.tool() + " sweep", sequential, "s");
      add(s, "speed-up vs sequential", sequential / ours, "x");
      add(s, "provider peak RSS", last.providerMib(), "MiB");
      if (!e.invocations().isEmpty()) throw new IllegalStateException("state-changing handlers ran: " + e.invocations());
      return new double[] {ours, sequential};
    }
  }

  private void keyed() {
    Profile p = Profile.load("v0.29-hardened");
    try (VllmEmulator e = VllmEmulator.start(p, 0)) {
      add("requests", "default policy, no key", scanOnce(e.url(), null).requests(), "count");
      add("requests", "default policy, with key", scanOnce(e.url(), p.apiKey()).requests(), "count");
    }
  }

  /** The whole command as a user runs it, measured from outside: launcher + provider JVMs, then --in-process. */
  private void local() throws IOException, InterruptedException {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      localRun(e.url(), "local scan, both JVMs", List.of());
      localRun(e.url(), "local scan, --in-process", List.of("--in-process"));
    }
  }

  private void localRun(String url, String scenario, List<String> extra) throws IOException, InterruptedException {
    List<Double> walls = new ArrayList<>();
    double launcherMib = -1;
    double providerMib = -1;
    for (int i = 0; i < reps; i++) {
      List<String> cmd = new ArrayList<>(launcherCommand);
      cmd.addAll(List.of("scan", "vllm", url, "-o", "json"));
      cmd.addAll(extra);
      long start = System.nanoTime();
      Process proc = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try (PeakRss rss = PeakRss.watch(proc.toHandle())) {
        proc.waitFor();
        walls.add((System.nanoTime() - start) / 1e9);
        rss.close();
        launcherMib = Math.max(launcherMib, rss.rootPeakMib());
        providerMib = Math.max(providerMib, rss.peakMib("vllm-provider"));
      }
    }
    add(scenario, "wall (median of " + reps + ")", median(walls), "s");
    add(scenario, "launcher peak RSS", launcherMib, "MiB");
    if (extra.isEmpty()) add(scenario, "provider peak RSS", providerMib, "MiB");
  }

  private double fleet(int n, boolean embedded) throws IOException {
    Profile p = Profile.load("stock-0.29").withLatency(100);
    try (VllmEmulator e = VllmEmulator.startFleet(p, n); PeakRss rss = PeakRss.watch(ProcessHandle.current())) {
      List<Inventory.Target> targets = new ArrayList<>();
      for (int i = 0; i < n; i++) targets.add(new Inventory.Target(e.url(i), null, Map.of("index", String.valueOf(i))));
      FleetScan scan = new FleetScan(provider, bundles, t -> Session.flags(null, false, 10), fleetConcurrency);
      long start = System.nanoTime();
      List<Report> reports = scan.run(new Inventory(targets), "warn", null, embedded);
      double seconds = (System.nanoTime() - start) / 1e9;
      rss.close();
      long assessed = reports.stream().filter(r -> r.asset().assessable()).count();
      // Every target is the same emulated server: any target whose results differ lost probes under load.
      List<String> reference = outcomes(reports.get(0));
      long identical = reports.stream().filter(r -> outcomes(r).equals(reference)).count();
      String s = "fleet " + n + " @100ms" + (embedded ? " in-process" : "");
      add(s, "wall (concurrency " + fleetConcurrency + ")", seconds, "s");
      add(s, "targets assessed", assessed, "count");
      add(s, "targets with identical results", identical, "count");
      add(s, "requests", e.requests(), "count");
      if (embedded) {
        add(s, "bench JVM peak RSS (launcher, provider and emulator)", rss.rootPeakMib(), "MiB");
      } else {
        add(s, "provider peak RSS", rss.peakMib("vllm-provider"), "MiB");
      }
      if (assessed != n) log.println("bench: only " + assessed + " of " + n + " fleet targets were assessable");
      for (Report r : reports) {
        if (outcomes(r).equals(reference)) continue;
        // Name the first difference, so a lost probe is visible rather than just counted.
        List<String> o = outcomes(r);
        for (int i = 0; i < Math.min(o.size(), reference.size()); i++) {
          if (!o.get(i).equals(reference.get(i))) {
            log.println("bench: " + r.asset().baseUrl() + " differs from the first target: " + o.get(i) + " vs "
                + reference.get(i) + " " + r.policies().get(0).checks().get(i).message());
            break;
          }
        }
        break;
      }
      if (!e.invocations().isEmpty()) throw new IllegalStateException("state-changing handlers ran: " + e.invocations());
      return seconds;
    }
  }

  private static List<String> outcomes(Report r) {
    return r.policies().stream().flatMap(p -> p.checks().stream()).map(c -> c.uid() + "=" + c.result().word()).toList();
  }

  record Timed(double seconds, int requests, double providerMib) {}

  private Timed scanOnce(String url, String key) {
    long start = System.nanoTime();
    try (Session s = Session.open(provider, url, Session.flags(key, false, 10), "warn", null);
        PeakRss rss = PeakRss.watch(s.client().processHandle().orElse(ProcessHandle.current()))) {
      Report r = TargetScan.run(s, url, bundles, Map.of(), start);
      rss.close();
      return new Timed((System.nanoTime() - start) / 1e9, r.stats().requests(), rss.rootPeakMib());
    }
  }

  private void add(String scenario, String metric, double value, String unit) {
    Row r = new Row(scenario, metric, value, unit);
    rows.add(r);
    log.printf("%-24s %-38s %10.2f %s%n", scenario, metric, value, unit);
  }

  private void writeCsv(Path file) throws IOException {
    StringBuilder sb = new StringBuilder("scenario,metric,value,unit\n");
    for (Row r : rows) {
      sb.append(csv(r.scenario())).append(',').append(csv(r.metric())).append(',')
          .append(String.format(java.util.Locale.ROOT, "%.3f", r.value())).append(',').append(r.unit()).append('\n');
    }
    Files.writeString(file, sb.toString());
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Double::compare);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
