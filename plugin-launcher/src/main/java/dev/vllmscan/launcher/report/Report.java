package dev.vllmscan.launcher.report;

import java.util.List;
import java.util.Map;

/** One scan's results: the model every renderer reads. */
public record Report(Asset asset, List<PolicyResult> policies, int riskScore, Stats stats) {

  public record Asset(String name, String baseUrl, String platform, String version, boolean assessable, String reason,
      Map<String, String> labels) {
    public Asset {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
  }

  public record PolicyResult(String uid, String name, List<CheckResult> checks) {}

  public record CheckResult(String uid, String title, int impact, Outcome result, String message, String remediation) {}

  public record Stats(int requests, long durationMs) {}

  public enum Outcome {
    PASS, FAIL, ERROR, SKIP;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A target that could not be scanned at all (bad URL, provider refused it). */
  public static Report unscanned(String url, String reason, Map<String, String> labels, long durationMs) {
    return new Report(new Asset("vLLM " + url, url, "vllm-server", null, false, reason, labels), List.of(), 0,
        new Stats(0, durationMs));
  }

  /** Failed checks, for summaries. */
  public long failed() {
    return count(Outcome.FAIL);
  }

  public long count(Outcome o) {
    return policies.stream().flatMap(p -> p.checks().stream()).filter(c -> c.result() == o).count();
  }

  /** Failed checks whose impact is at least the threshold. */
  public boolean failsAtOrAbove(int threshold) {
    return policies.stream().flatMap(p -> p.checks().stream())
        .anyMatch(c -> c.result() == Outcome.FAIL && c.impact() >= threshold);
  }
}
