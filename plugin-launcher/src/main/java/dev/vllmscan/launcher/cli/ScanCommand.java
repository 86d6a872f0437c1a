package dev.vllmscan.launcher.cli;

import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.launcher.mql.SessionSource;
import dev.vllmscan.launcher.policy.Bundle;
import dev.vllmscan.launcher.policy.BundleLoader;
import dev.vllmscan.launcher.policy.Evaluator;
import dev.vllmscan.launcher.report.Renderers;
import dev.vllmscan.launcher.report.Report;
import dev.vllmscan.llx.ResourceRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scan", description = "Scan a target with the default policy or given policy bundles.")
final class ScanCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "Connector (vllm)") String connector;
  @Parameters(index = "1", description = "Target URL, e.g. http://localhost:8000") String url;
  @Option(names = {"-f", "--policy-bundle"}, description = "Policy bundle file or http(s) URL (repeatable)") List<String> bundles = new ArrayList<>();
  @Option(names = {"-o", "--output"}, defaultValue = "human", description = "human, json, junit or sarif") String output;
  @Option(names = "--output-file", description = "Write the report here instead of stdout") Path outputFile;
  @Option(names = "--score-threshold", defaultValue = "0", description = "Exit 1 only for failed checks with impact >= N (default: ${DEFAULT-VALUE})") int threshold;
  @Option(names = "--no-color", description = "Never colour the output") boolean noColor;
  @Mixin TargetOptions target = new TargetOptions();

  @Override
  public Integer call() {
    if (!Set.of("human", "json", "junit", "sarif").contains(output)) {
      throw new UsageException("--output must be one of human, json, junit, sarif");
    }
    List<Bundle> loaded = loadBundles(bundles);
    Report report = scan(target, connector, url, loaded);
    emit(List.of(report), output, outputFile, noColor);
    if (!report.asset().assessable()) {
      System.err.println("vllmscan: target not assessable: " + report.asset().reason());
      return Main.EXIT_TARGET;
    }
    return report.failsAtOrAbove(threshold) ? Main.EXIT_FAILED : Main.EXIT_OK;
  }

  static List<Bundle> loadBundles(List<String> locations) {
    List<Bundle> out = new ArrayList<>();
    for (String b : locations) out.add(BundleLoader.load(b));
    if (out.isEmpty()) out.add(BundleLoader.embeddedDefault());
    return out;
  }

  /** One target: connect, gate on assessability, evaluate, collect stats. */
  static Report scan(TargetOptions target, String connector, String url, List<Bundle> bundles) {
    long start = System.nanoTime();
    try (Session session = Connector.open(target, connector, url)) {
      SessionSource source = new SessionSource(session);
      ResourceRef server = session.create("vllm.server", Map.of());
      boolean assessable = Boolean.TRUE.equals(field(session, server, "assessable"));
      String reason = assessable ? null : String.valueOf(field(session, server, "assessableReason"));
      Object version = assessable ? field(session, server, "version") : null;
      List<Report.PolicyResult> results = assessable
          ? Evaluator.evaluate(bundles, session.schema(), source) : List.of();
      Object requests = field(session, server, "requestsSent");
      String baseUrl = session.asset().getConnections(0).getOptionsOrDefault("base-url", url);
      Report.Asset asset = new Report.Asset(session.asset().getName(), baseUrl, session.asset().getPlatform().getName(),
          version instanceof String v ? v : null, assessable, reason);
      long ms = (System.nanoTime() - start) / 1_000_000;
      return new Report(asset, results, Evaluator.riskScore(results),
          new Report.Stats(requests instanceof Long l ? l.intValue() : 0, ms));
    }
  }

  private static Object field(Session s, ResourceRef ref, String name) {
    Object v = s.field(ref, name);
    return v instanceof Session.FieldFailure ? null : v;
  }

  static void emit(List<Report> reports, String output, Path file, boolean noColor) {
    boolean color = !noColor && file == null && System.console() != null && output.equals("human")
        && System.getenv("NO_COLOR") == null;
    String text = Renderers.render(output, reports, color);
    if (file != null) {
      try {
        Files.writeString(file, text);
      } catch (IOException e) {
        throw new UsageException("cannot write " + file + ": " + e.getMessage());
      }
    } else {
      System.out.print(text);
    }
  }
}
