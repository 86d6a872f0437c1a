package dev.vllmscan.launcher.cli;

import java.io.PrintStream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.launcher.policy.Bundle;
import dev.vllmscan.launcher.policy.BundleLoader;
import dev.vllmscan.launcher.policy.Evaluator;
import dev.vllmscan.launcher.policy.Frameworks;
import dev.vllmscan.launcher.report.Renderers;
import dev.vllmscan.launcher.report.Report;
import dev.vllmscan.launcher.scan.FleetScan;
import dev.vllmscan.launcher.scan.Inventory;
import dev.vllmscan.launcher.scan.TargetScan;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.vllmscan.launcher.report.SummaryTable;
import dev.vllmscan.launcher.text.SafeText;
import dev.vllmscan.launcher.text.Timeline;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

@Command(name = "scan", mixinStandardHelpOptions = true, description = "Scan a target, or a fleet from an inventory file, with the default policy or given bundles.")
final class ScanCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", description = "Connector (vllm)") String connector;
  @Parameters(index = "1", arity = "0..1", description = "Target URL, e.g. http://localhost:8000") String url;
  @Option(names = {"-f", "--policy-bundle"}, description = "Policy bundle file or http(s) URL (repeatable)") List<String> bundles = new ArrayList<>();
  @Option(names = {"-o", "--output"}, defaultValue = "human", description = "full (or human), compact, summary, json, yaml, csv, junit, sarif or cyclonedx (AI bill of materials, CycloneDX 1.6)") String output;
  @Option(names = {"--output-file", "--output-target"}, description = "Write the report to this local file instead of stdout"
      + " (cnspec's --output-target; vllmscan sends nothing to queues or services)") String outputTarget;
  @Option(names = "--no-color", description = "Never colour the output") boolean noColor;
  @Option(names = {"-j", "--json"}, description = "Same as -o json (cnspec)") boolean json;
  @Option(names = "--policy", description = "Run only the policy with this UID (repeatable; cnspec)") List<String> policyUids = new ArrayList<>();
  @Option(names = "--framework", description = "Report only the checks mapped to this compliance framework: owasp-llm-2025, owasp-api-2023, nist-800-53, cis-v8 (or any compliance/NAME tag of the bundles)") String framework;
  @Option(names = "--incognito", description = "Accepted for cnspec compatibility: vllmscan never uploads anything") boolean incognito;
  @Option(names = "--asset-name", description = "Name the asset in every report (single target)") String assetName;
  @Option(names = "--annotation", description = "KEY=VALUE added to every report's asset labels (repeatable)") Map<String, String> annotations = new LinkedHashMap<>();
  @Option(names = "--inventory-file", description = "YAML list of targets (url, api-key-env, labels) to scan as a fleet") Path inventoryFile;
  @Option(names = {"--concurrency", "--parallelism"}, defaultValue = "16", description = "Fleet targets scanned at once (default: ${DEFAULT-VALUE})") int concurrency;
  @Option(names = "--shard", description = "Scan only shard INDEX/COUNT of the inventory (e.g. a Kubernetes indexed job: $JOB_COMPLETION_INDEX/4)") String shard;
  @Mixin TargetOptions target = new TargetOptions();
  @Mixin Gate gate = new Gate();

  @Spec CommandSpec spec;

  private Path outputFile;

  private Streams io() {
    return Streams.of(spec);
  }

  @Override
  public Integer call() {
    if (json) output = "json";
    gate.validate();
    outputFile = OutputTarget.file(outputTarget);
    Timeline.enable(target.logLevel().equalsIgnoreCase("debug") || target.logLevel().equalsIgnoreCase("trace"), io().err());
    if (!Renderers.FORMATS.contains(output) && !bom()) {
      throw new UsageException("--output must be one of full (human), compact, summary, json, yaml, csv, junit, sarif, cyclonedx");
    }
    if (inventoryFile != null) {
      if (connector != null) throw new UsageException("give either `vllm URL` or --inventory-file, not both");
      return fleet();
    }
    if (connector == null || url == null) {
      throw new UsageException("scan needs a target (`vllmscan scan vllm http://host:8000`) or --inventory-file FILE");
    }
    if (shard != null) throw new UsageException("--shard only applies with --inventory-file");
    if (!connector.equals("vllm")) {
      throw new UsageException("unknown connector '" + connector + "'; vllmscan scans vLLM servers: use `vllm URL`");
    }
    // The provider's JVM boots while this one reads the bundles; no target is contacted before they check out.
    target.probeAtConnect = true;
    var early = Connector.spawnEarly(target);
    List<Bundle> loaded;
    try {
      Connector.prepare(early, target, url);
      loaded = selectPolicies(loadBundles(bundles));
      frameworkKey = framework == null ? null : Frameworks.keyFor(framework, loaded);
      // A broken query is the user's to fix: say where, before a single request reaches the target.
      Evaluator.validate(loaded, Connector.provider(target).schema());
      Timeline.mark("bundles loaded and checked");
      Connector.begin(early);
    } catch (RuntimeException e) {
      Connector.discard(early);
      throw e;
    }
    Report report;
    try (Progress progress = Progress.start(io().err(), "scanning " + url, () -> "")) {
      long start = System.nanoTime();
      try (Session session = Connector.open(target, connector, url, early)) {
        report = annotate(TargetScan.run(session, url, loaded, Map.of(), start, true, bom()));
      }
    }
    Timeline.mark("provider shut down");
    report = byFramework(List.of(report)).get(0);
    emit(io().out(), List.of(report), output, outputFile, noColor);
    Timeline.mark("report rendered");
    if (!report.asset().assessable()) {
      io().err().println("vllmscan: target not assessable: " + SafeText.of(report.asset().reason()));
    }
    return exitCode(List.of(report));
  }

  /** -o cyclonedx: what the scan observed is also read for an AI bill of materials. */
  private boolean bom() {
    return output.equals(Renderers.CYCLONEDX);
  }

  /** Set by `aibom`: the BOM is the product, so the exit code says only whether every target could be read. */
  boolean bomOnly;

  private int exitCode(List<Report> reports) {
    if (!bomOnly) return gate.exitCode(reports);
    return reports.stream().allMatch(r -> r.asset().assessable()) ? Main.EXIT_OK : Main.EXIT_TARGET;
  }

  private int fleet() {
    Inventory inventory = Inventory.load(inventoryFile)
        .deduplicated(w -> io().err().println("vllmscan: warning: " + SafeText.of(w)));
    if (shard != null) {
      int[] s = Inventory.parseShard(shard);
      int all = inventory.targets().size();
      inventory = inventory.shard(s[0], s[1]);
      // The run still ends 3 with an empty report (nothing was judged); this line says why.
      if (inventory.targets().isEmpty()) io().err().println(emptyShard(s[0], s[1], all));
    }
    for (Inventory.Target t : inventory.targets()) {
      if (t.apiKeyEnv() != null && !t.apiKeyEnv().isBlank() && t.apiKey() == null) {
        io().err().println("vllmscan: " + t.apiKeyEnv() + " is not set; scanning " + t.url() + " without a key");
      }
    }
    List<Bundle> loaded = selectPolicies(loadBundles(bundles));
    frameworkKey = framework == null ? null : Frameworks.keyFor(framework, loaded);
    Evaluator.validate(loaded, Connector.provider(target).schema());
    FleetScan fleet = new FleetScan(Connector.provider(target), loaded,
        t -> target.flags(t.apiKey(), t.timeout(), t.insecure(), t.sidePorts(), t.noSidePorts()), concurrency)
        .withInventory(bom());
    int total = inventory.targets().size();
    List<Report> reports;
    try (Progress progress = Progress.start(io().err(), "scanning " + total + " targets", () -> fleet.done() + "/" + total + " done")) {
      reports = fleet.run(inventory, target.logLevel(), Connector.stderr(target), target.inProcess);
    }
    reports = byFramework(reports.stream().map(this::annotate).toList());
    emitWithSummary(io(), reports, output, outputFile, noColor);
    if (fleet.ranOutOfMemory()) {
      io().err().println("vllmscan: the launcher ran out of memory after " + fleet.done() + " of " + total
          + " targets; the others are in the report as not scanned (raise the heap, e.g. VLLMSCAN_JAVA_OPTS=-Xmx1g, or use --shard)");
    }
    return exitCode(reports);
  }

  private String frameworkKey;

  /** --shard INDEX/COUNT past the inventory's end: which shard, how many targets, and the shards that would take them. */
  static String emptyShard(int index, int count, int targets) {
    String plural = targets == 1 ? "" : "s";
    return "vllmscan: --shard " + index + "/" + count + " selects none of the inventory's " + targets + " target" + plural
        + ", so nothing was scanned; use at most " + targets + " shard" + plural + " (--shard 0/" + targets
        + (targets > 1 ? " to " + (targets - 1) + "/" + targets : "") + ")";
  }

  /** --framework: only the checks mapped to it, and a note on stderr saying how many were left out. */
  private List<Report> byFramework(List<Report> reports) {
    if (frameworkKey == null || bom()) return reports;
    List<Report> kept = reports.stream().map(r -> Frameworks.filter(r, frameworkKey)).toList();
    long all = Frameworks.checks(reports);
    long shown = Frameworks.checks(kept);
    io().err().println("vllmscan: --framework " + framework + ": " + shown + " of " + all + " checks map to "
        + frameworkKey + "; the other " + (all - shown) + " are left out of this report and its exit code");
    return kept;
  }

  /** --asset-name and --annotation, applied to a finished report. */
  private Report annotate(Report r) {
    if (assetName == null && annotations.isEmpty()) return r;
    Map<String, String> labels = new LinkedHashMap<>(r.asset().labels());
    labels.putAll(annotations);
    Report.Asset a = r.asset();
    return r.withAsset(a.withName(assetName != null ? assetName : a.name()).withLabels(labels));
  }

  static List<Bundle> loadBundles(List<String> locations) {
    List<Bundle> out = new ArrayList<>();
    for (String b : locations) out.add(BundleLoader.load(b));
    if (out.isEmpty()) out.add(BundleLoader.embeddedDefault());
    return out;
  }

  /** --policy UID: keep only those policies (and refuse a UID no bundle has, naming the ones it has). */
  private List<Bundle> selectPolicies(List<Bundle> loaded) {
    if (policyUids.isEmpty()) return loaded;
    List<Bundle> out = new ArrayList<>();
    Set<String> known = new TreeSet<>();
    for (Bundle b : loaded) {
      b.policies().forEach(p -> known.add(p.uid()));
      List<Bundle.Policy> kept = b.policies().stream().filter(p -> policyUids.contains(p.uid())).toList();
      if (!kept.isEmpty()) out.add(new Bundle(kept, b.queries()));
    }
    for (String uid : policyUids) {
      if (!known.contains(uid)) throw new UsageException("--policy " + uid + ": no such policy; the bundles have " + known);
    }
    return out;
  }

  /** One target: start the provider, connect, scan. */
  static Report scan(TargetOptions target, String connector, String url, List<Bundle> bundles) {
    long start = System.nanoTime();
    try (Session session = Connector.open(target, connector, url)) {
      return TargetScan.run(session, url, bundles, Map.of(), start);
    }
  }

  /** Reports of several targets: the human report ends with the summary table; other formats get it on stderr. */
  static void emitWithSummary(Streams io, List<Report> reports, String output, Path file, boolean noColor) {
    emit(io.out(), reports, output, file, noColor);
    if (!(output.equals("human") || output.equals("full")) || file != null) io.err().print(SummaryTable.render(reports));
  }

  /** The report to {@code file}, or else to {@code stdout}. */
  static void emit(PrintStream stdout, List<Report> reports, String output, Path file, boolean noColor) {
    boolean color = !noColor && file == null && System.console() != null && (output.equals("human") || output.equals("full"))
        && System.getenv("NO_COLOR") == null;
    if (file != null) {
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        Renderers.write(output, reports, color, out);
      } catch (IOException e) {
        throw new UsageException("cannot write " + file + ": " + e.getMessage());
      }
    } else {
      Writer out = new BufferedWriter(new StreamWriter(stdout), 1 << 16);
      try {
        Renderers.write(output, reports, color, out);
      } catch (IOException e) {
        throw new UsageException("cannot write the report to standard output: " + e.getMessage());
      }
    }
  }
}
