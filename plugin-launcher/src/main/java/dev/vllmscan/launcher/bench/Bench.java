package dev.vllmscan.launcher.bench;

import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.ProviderProcess;
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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

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
    timeline(outDir.resolve("bench-timeline.txt"));
    Map<Integer, double[]> perLatency = new LinkedHashMap<>();
    for (int latency : new int[] {0, 50, 200}) perLatency.put(latency, latency(latency));
    double t0 = perLatency.get(0)[0];
    double t200 = perLatency.get(200)[0];
    add("scan@200ms", "round trips beyond the 0 ms scan", (t200 - t0) / 0.2, "RTT");
    // The default keeps 32 probes in flight per target (polite to a production server); a user who allows more
    // connections trades that for fewer round trips.
    double[] wide = latency(200, List.of("--probe-concurrency", "96"), "scan@200ms, --probe-concurrency 96");
    keyed();
    local();
    starts();
    double[] python = pythonTarget();
    List<Chart.Group> latencyGroups = new ArrayList<>();
    perLatency.forEach((lat, v) -> latencyGroups.add(group(lat + " ms", v)));
    latencyGroups.add(group("200 ms, c=96", wide));
    if (python != null) latencyGroups.add(group("vLLM app", python));
    List<Chart.Group> fleetGroups = new ArrayList<>();
    for (int n : fleetSizes) fleetGroups.add(new Chart.Group(n + " targets", List.of(fleet(n, false))));
    if (!fleetSizes.isEmpty()) {
      int largest = fleetSizes.stream().mapToInt(Integer::intValue).max().getAsInt();
      fleetGroups.add(new Chart.Group(largest + ", in-process", List.of(fleet(largest, true))));
    }
    List<Chart.Panel> panels = new ArrayList<>();
    panels.add(new Chart.Panel("One target: vllmscan vs one curl per request (ratio on top)",
        List.of("vllmscan scan (both JVMs)", "sequential curl, same requests"), latencyGroups, List.of(),
        "10x goal: a tenth of the sweep"));
    if (!fleetGroups.isEmpty()) {
      panels.add(new Chart.Panel("Fleets at 100 ms RTT, " + fleetConcurrency + " at a time", List.of("wall time"),
          fleetGroups, List.of(new Chart.Goal("goal: 1,000 targets in 60 s", 60)), null));
    }
    Chart.panels(outDir.resolve("bench.png"), "vllmscan bench (seconds, lower is better)", caption(), panels);
    writeCsv(outDir.resolve("bench.csv"));
    return List.copyOf(rows);
  }

  /** {@link HostComparison} at 0 and 200 ms: the host with both providers and vllmscan scan, same target and bundle. */
  public static void compareHosts(Path host, Path otherProviders, List<String> hostArgs, List<String> launcherCommand,
      Path bundle, int reps, PrintStream log) throws IOException, InterruptedException {
    new HostComparison(host, otherProviders, hostArgs, launcherCommand, bundle, reps, log).run(List.of(0, 200));
  }

  /** Only the fleets (no in-process run): the quick loop for fleet work, same rows and CSV as the full bench. */
  public List<Row> runFleets(Path outDir) throws IOException {
    Files.createDirectories(outDir);
    for (int n : fleetSizes) fleet(n, false);
    writeCsv(outDir.resolve("bench.csv"));
    return List.copyOf(rows);
  }

  /** A latency group: our scan and the sweep, the ratio written on top and a tick where 10x would be. */
  private static Chart.Group group(String label, double[] oursAndSweep) {
    return new Chart.Group(label, List.of(oursAndSweep[0], oursAndSweep[1]),
        String.format(Locale.ROOT, "%.1fx", oursAndSweep[1] / oursAndSweep[0]), oursAndSweep[1] / 10);
  }

  /** When and where: the numbers only mean something next to the machine that made them. */
  private static String caption() {
    return "measured " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", JDK " + System.getProperty("java.version")
        + "; targets and scanner share the machine";
  }

  /** One scan with --log-level debug: where the wall time goes, launcher and provider lines interleaved. */
  private void timeline(Path file) throws IOException, InterruptedException {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      commandScan(e.url(), List.of("-o", "json"));
      List<String> cmd = new ArrayList<>(launcherCommand);
      cmd.addAll(List.of("scan", "vllm", e.url(), "-o", "json", "--log-level", "debug"));
      Process proc = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      List<String> lines = new String(proc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
          .lines().filter(l -> l.startsWith("timeline ") || l.contains("timeline:")).toList();
      proc.waitFor();
      Files.write(file, lines);
      log.println("timeline of one local scan (--log-level debug):");
      lines.forEach(l -> log.println("  " + l));
    }
  }

  /**
   * vLLM's own app (FastAPI on uvicorn, stub engine; testdata/real-vllm) as the target, when its venv is on this
   * machine: the stack real servers run, instead of a JVM emulator competing for the same cores.
   */
  private double[] pythonTarget() throws IOException, InterruptedException {
    Path home = Path.of(System.getProperty("user.home"), ".cache", "vllmscan-real-vllm");
    Path python = Files.isExecutable(home.resolve("current-app/bin/python")) ? home.resolve("current-app/bin/python")
        : home.resolve("app-0.33.0/bin/python");
    Path server = Path.of(System.getProperty("vllmscan.home", "."), "testdata", "real-vllm", "app_server.py");
    if (!Files.isExecutable(python) || !Files.exists(server)) {
      log.println("bench: no vLLM app environment (testdata/real-vllm/setup app); the Python target is skipped");
      return null;
    }
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path dir = Files.createTempDirectory("vllmscan-bench");
    Path requests = dir.resolve("requests.jsonl");
    ProcessBuilder pb = new ProcessBuilder(python.toString(), server.toString(), String.valueOf(port), requests.toString(),
        dir.resolve("routes.json").toString()).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
    pb.environment().put("VLLM_TARGET_DEVICE", "cpu");
    Process app = pb.start();
    String url = "http://127.0.0.1:" + port;
    try {
      if (!awaitHealth(url, 180)) {
        log.println("bench: vLLM's app did not come up; see " + dir.resolve("server.log"));
        return null;
      }
      double ours = localRun(url, "local scan of vLLM's own app (uvicorn)", List.of());
      Files.writeString(requests, "");
      commandScan(url, List.of("-o", "json"));
      List<String> sent = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      for (String line : Files.readAllLines(requests)) {
        JsonNode n = json.readTree(line);
        String method = n.path("method").asText();
        sent.add(method + " " + n.path("path").asText() + (method.equals("OPTIONS") ? " +origin" : ""));
      }
      SequentialSweep.Result seq = SequentialSweep.replay(url, sent);
      double sequential = seq.millis() / 1000.0;
      add("vLLM app @0ms", "requests", sent.size(), "count");
      add("vLLM app @0ms", "sequential " + seq.tool() + " sweep", sequential, "s");
      add("vLLM app @0ms", "speed-up vs sequential", sequential / ours, "x");
      return new double[] {ours, sequential};
    } finally {
      app.destroy();
      if (!app.waitFor(10, TimeUnit.SECONDS)) app.destroyForcibly();
    }
  }

  private static boolean awaitHealth(String url, int seconds) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < seconds * 4; i++) {
      try {
        var res = http.send(HttpRequest.newBuilder(URI.create(url + "/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (res.statusCode() == 200) return true;
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** Median scan seconds and sequential-sweep seconds at one injected latency, both through the real command. */
  private double[] latency(int millis) throws IOException, InterruptedException {
    return latency(millis, List.of(), "scan@" + millis + "ms");
  }

  private double[] latency(int millis, List<String> flags, String s) throws IOException, InterruptedException {
    Profile p = Profile.load("stock-0.29").withLatency(millis);
    try (VllmEmulator e = VllmEmulator.start(p, 0)) {
      List<Double> walls = new ArrayList<>();
      Timed last = null;
      for (int i = 0; i < reps; i++) {
        e.clearRequestLog();
        List<String> args = new ArrayList<>(List.of("-o", "json"));
        args.addAll(flags);
        last = commandScan(e.url(), args);
        walls.add(last.seconds());
      }
      List<String> sent = e.requestLog();
      SequentialSweep.Result seq = SequentialSweep.replay(e.url(), sent);
      double ours = median(walls);
      double sequential = seq.millis() / 1000.0;
      add(s, "wall (median of " + reps + ", ./vllmscan as a user runs it)", ours, "s");
      add(s, "requests", last.requests(), "count");
      add(s, "sequential " + seq.tool() + " sweep", sequential, "s");
      add(s, "speed-up vs sequential", sequential / ours, "x");
      add(s, "provider peak RSS", last.providerMib(), "MiB");
      if (!e.invocations().isEmpty()) throw new IllegalStateException("state-changing handlers ran: " + e.invocations());
      return new double[] {ours, sequential};
    }
  }

  /**
   * One scan as a user runs it (a fresh launcher and provider): wall seconds, requests sent, provider peak RSS, and
   * the CPU of both JVMs (the launcher reaps its provider, so this JVM's children time covers the two).
   */
  private Timed commandScan(String url, List<String> extra) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(launcherCommand);
    cmd.addAll(List.of("scan", "vllm", url));
    cmd.addAll(extra);
    double cpuBefore = CpuClock.reapedSeconds();
    long start = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove("VLLM_API_KEY"); // the bench targets an emulator: a user's real key has no business there
    Process proc = pb.start();
    try (PeakRss rss = PeakRss.watch(proc.toHandle())) {
      byte[] out = proc.getInputStream().readAllBytes();
      proc.waitFor();
      double seconds = (System.nanoTime() - start) / 1e9;
      rss.close();
      int requests = new ObjectMapper().readTree(out).at("/targets/0/stats/requests").asInt();
      return new Timed(seconds, requests, rss.peakMib("vllm-provider"), rss.rootPeakMib(), CpuClock.reapedSeconds() - cpuBefore);
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

  private double localRun(String url, String scenario, List<String> extra) throws IOException, InterruptedException {
    List<Double> walls = new ArrayList<>();
    List<Double> cpus = new ArrayList<>();
    double launcherMib = -1;
    double providerMib = -1;
    for (int i = 0; i < reps; i++) {
      List<String> args = new ArrayList<>(List.of("-o", "json"));
      args.addAll(extra);
      Timed t = commandScan(url, args);
      walls.add(t.seconds());
      cpus.add(t.cpuSeconds());
      launcherMib = Math.max(launcherMib, t.launcherMib());
      providerMib = Math.max(providerMib, t.providerMib());
    }
    add(scenario, "wall (median of " + reps + ")", median(walls), "s");
    // CPU is the figure that holds on a shared machine: walls there measure the neighbours too.
    if (median(cpus) >= 0) add(scenario, "CPU, user + system of " + (extra.isEmpty() ? "both JVMs" : "the JVM") + " (median of " + reps + ")", median(cpus), "s");
    add(scenario, "launcher peak RSS", launcherMib, "MiB");
    if (extra.isEmpty()) add(scenario, "provider peak RSS", providerMib, "MiB");
    return median(walls);
  }


  private double fleet(int n, boolean embedded) throws IOException {
    Profile p = Profile.load("stock-0.29").withLatency(100);
    try (VllmEmulator e = VllmEmulator.startFleet(p, n); PeakRss rss = PeakRss.watch(ProcessHandle.current())) {
      List<Inventory.Target> targets = new ArrayList<>();
      for (int i = 0; i < n; i++) targets.add(new Inventory.Target(e.url(i), null, Map.of("index", String.valueOf(i))));
      FleetScan scan = new FleetScan(provider, bundles, t -> Session.withoutSidePorts(Session.flags(null, false, 10)), fleetConcurrency);
      CpuClock.Snapshot cpuBefore = CpuClock.Snapshot.take();
      long start = System.nanoTime();
      List<Report> reports = scan.run(new Inventory(targets), "warn", null, embedded);
      double seconds = (System.nanoTime() - start) / 1e9;
      // Taken while the emulator's and the sampler's threads still live: their time is read per thread.
      CpuClock.Snapshot cpuAfter = CpuClock.Snapshot.take();
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
      if (cpuAfter.measured()) fleetCpu(s, n, cpuBefore, cpuAfter, embedded);
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

  /**
   * Where a fleet's CPU went. The emulator stands in for n servers that would be elsewhere, so the scanner's part
   * (launcher and provider; the bench JVM's collector and compiler included, though the emulator feeds them too) is
   * the cost of scanning, and that part spread over this machine's cores is the wall a fleet could reach here.
   */
  private void fleetCpu(String scenario, int n, CpuClock.Snapshot before, CpuClock.Snapshot after,
      boolean embedded) {
    double emulator = after.threadsSince(before, Bench::emulatorThread);
    double sampler = after.threadsSince(before, name -> name.startsWith("peak-rss"));
    double provider = after.children() - before.children(); // out of process: reaped when the fleet closed it
    double scanner = after.own() - before.own() - emulator - sampler + provider;
    int cores = Runtime.getRuntime().availableProcessors();
    add(scenario, "CPU, the emulator's threads", emulator, "s");
    add(scenario, "CPU, scanner (launcher + provider)", scanner, "s");
    if (!embedded) add(scenario, "CPU, of which the provider", provider, "s");
    add(scenario, "scanner CPU per target", scanner * 1000 / n, "ms");
    add(scenario, "scanner CPU over " + cores + " cores", scanner / cores, "s");
  }

  /** The emulator's server threads: its request pool, its latency pool, the JDK server's dispatcher and timer. */
  private static boolean emulatorThread(String name) {
    return name.startsWith("vllm-emulator") || name.equals("HTTP-Dispatcher") || name.startsWith("idle-timeout");
  }

  /**
   * What each JVM costs before a scan does anything: the launcher answering {@code scan --version} (the JVM, its
   * cache, picocli's scan command, with a scan's JVM flags) and the provider from spawn to its handshake line, with
   * a single scan's flags. The two together are what a scan with two JVMs pays before its first probe.
   */
  List<Row> starts() throws IOException, InterruptedException {
    int first = rows.size();
    List<Double> walls = new ArrayList<>();
    List<Double> cpus = new ArrayList<>();
    List<String> cmd = new ArrayList<>(launcherCommand);
    cmd.addAll(List.of("scan", "--version"));
    for (int i = 0; i < reps; i++) {
      double cpuBefore = CpuClock.reapedSeconds();
      long start = System.nanoTime();
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().remove("VLLM_API_KEY");
      int rc = pb.start().waitFor();
      walls.add((System.nanoTime() - start) / 1e9);
      if (rc != 0) throw new IllegalStateException(String.join(" ", cmd) + " exited " + rc + ": nothing to time");
      cpus.add(CpuClock.reapedSeconds() - cpuBefore);
    }
    add("launcher start alone", "scan --version, wall (median of " + reps + ")", median(walls), "s");
    add("launcher start alone", "CPU (median of " + reps + ")", median(cpus), "s");
    walls.clear();
    cpus.clear();
    for (int i = 0; i < reps; i++) {
      try (ProviderProcess p = ProviderProcess.start(provider.binary(), "warn", Map.of("VLLMSCAN_SHORT_LIVED", "1"),
          null, 30_000)) {
        walls.add(p.handshakeMillis() / 1000.0);
        cpus.add(CpuClock.ownSeconds(Files.readString(Path.of("/proc/" + p.process().pid() + "/stat"),
            StandardCharsets.US_ASCII)));
      } catch (IOException e) {
        return List.copyOf(rows.subList(first, rows.size())); // no /proc: the wall alone would say too little
      }
    }
    add("provider start alone", "spawn to handshake line (median of " + reps + ")", median(walls), "s");
    add("provider start alone", "CPU at the handshake line (median of " + reps + ")", median(cpus), "s");
    return List.copyOf(rows.subList(first, rows.size()));
  }

  private static List<String> outcomes(Report r) {
    return r.policies().stream().flatMap(p -> p.checks().stream()).map(c -> c.uid() + "=" + c.result().word()).toList();
  }

  /** One scan: wall seconds, requests sent, provider and launcher peak RSS, CPU seconds (-1 where not measured). */
  record Timed(double seconds, int requests, double providerMib, double launcherMib, double cpuSeconds) {
    Timed(double seconds, int requests, double providerMib, double launcherMib) {
      this(seconds, requests, providerMib, launcherMib, -1);
    }
  }

  private Timed scanOnce(String url, String key) {
    long start = System.nanoTime();
    try (Session s = Session.open(provider, url, Session.withoutSidePorts(Session.flags(key, false, 10)), "warn", null);
        PeakRss rss = PeakRss.watch(s.client().processHandle().orElse(ProcessHandle.current()))) {
      Report r = TargetScan.run(s, url, bundles, Map.of(), start);
      rss.close();
      return new Timed((System.nanoTime() - start) / 1e9, r.stats().requests(), rss.rootPeakMib(), -1);
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
          .append(String.format(Locale.ROOT, "%.3f", r.value())).append(',').append(r.unit()).append('\n');
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
