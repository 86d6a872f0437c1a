package dev.vllmscan.launcher.report;

import dev.vllmscan.contract.Contract;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;

/**
 * One scan's results: the model every renderer reads.
 *
 * @param riskScore highest impact among failed checks; null when the target could not be assessed (an unscanned
 *     target is never "risk 0")
 * @param inventory what the scan observed for an AI bill of materials; null unless asked for (-o cyclonedx)
 */
public record Report(Asset asset, List<PolicyResult> policies, Integer riskScore, Stats stats, AiInventory inventory) {

  /** A report without an AI inventory (it is read only for -o cyclonedx). */
  public Report(Asset asset, List<PolicyResult> policies, Integer riskScore, Stats stats) {
    this(asset, policies, riskScore, stats, null);
  }

  /** The same report with what the scan observed for an AI bill of materials. */
  public Report withInventory(AiInventory observed) {
    return new Report(asset, policies, riskScore, stats, observed);
  }

  /** The same report about a renamed, relabelled or re-scoped asset: everything else, the inventory included, kept. */
  public Report withAsset(Asset changed) {
    return new Report(changed, policies, riskScore, stats, inventory);
  }

  /** The same report with these check results and the risk they give. */
  public Report withPolicies(List<PolicyResult> results, Integer risk) {
    return new Report(asset, results, risk, stats, inventory);
  }

  /** @param scope what was assessed: full, anonymous-surface (behind an auth layer), or null when nothing was */
  public record Asset(String name, String baseUrl, String platform, String version, boolean assessable, String reason,
      Map<String, String> labels, String scope) {
    public Asset {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public Asset(String name, String baseUrl, String platform, String version, boolean assessable, String reason,
        Map<String, String> labels) {
      this(name, baseUrl, platform, version, assessable, reason, labels, assessable ? Contract.SCOPE_FULL : null);
    }

    // The copies below are the one place that lists every field: a copy elsewhere cannot drop one.

    public Asset withName(String changed) {
      return new Asset(changed, baseUrl, platform, version, assessable, reason, labels, scope);
    }

    public Asset withLabels(Map<String, String> changed) {
      return new Asset(name, baseUrl, platform, version, assessable, reason, changed, scope);
    }

    /** What was assessed and why so, as one change: the scope and the reason that explains it go together. */
    public Asset withScope(String changedScope, String changedReason) {
      return new Asset(name, baseUrl, platform, version, assessable, changedReason, labels, changedScope);
    }
  }

  public record PolicyResult(String uid, String name, List<CheckResult> checks) {}

  /**
   * @param message one line for people: what is wrong (fail) or why it could not be decided (error)
   * @param evidence what decided it: offending routes with their statuses, header values, field values
   * @param tags the check's bundle tags that map it to a framework ({@code compliance/<framework>: <control>}, see
   *     docs/compliance.md); tags whose value is {@code false} (no mapping) are left out
   */
  public record CheckResult(String uid, String title, int impact, Outcome result, String message, String remediation,
      List<String> evidence, CheckDocs docs, Map<String, String> tags) {
    public CheckResult {
      evidence = evidence == null ? List.of() : List.copyOf(evidence);
      tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    public CheckResult(String uid, String title, int impact, Outcome result, String message, String remediation,
        List<String> evidence, CheckDocs docs) {
      this(uid, title, impact, result, message, remediation, evidence, docs, Map.of());
    }

    public CheckResult(String uid, String title, int impact, Outcome result, String message, String remediation,
        List<String> evidence) {
      this(uid, title, impact, result, message, remediation, evidence, null);
    }

    public CheckResult(String uid, String title, int impact, Outcome result, String message, String remediation) {
      this(uid, title, impact, result, message, remediation, List.of(), null);
    }
  }

  /** The check's own documentation, for formats that show it (SARIF rules): what it means, how to audit, a link. */
  public record CheckDocs(String description, String audit, String url) {}

  /** @param startedAt when the target's scan began (ISO-8601), for JUnit's timestamp and the JSON report */
  public record Stats(int requests, long durationMs, String startedAt) {
    public Stats(int requests, long durationMs) {
      this(requests, durationMs, Instant.now().minusMillis(durationMs).truncatedTo(ChronoUnit.SECONDS).toString());
    }
  }

  public enum Outcome {
    PASS, FAIL, ERROR, SKIP;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A target that could not be scanned at all (bad URL, provider refused it): every check an error with the reason. */
  public static Report unscanned(String url, String reason, Map<String, String> labels, long durationMs,
      List<PolicyResult> errored) {
    return new Report(new Asset("vLLM " + url, url, "vllm-server", null, false, reason, labels), errored, null,
        new Stats(0, durationMs));
  }

  /** Failed checks, for summaries. */
  public long failed() {
    return count(Outcome.FAIL);
  }

  public long count(Outcome o) {
    return policies.stream().flatMap(p -> p.checks().stream()).filter(c -> c.result() == o).count();
  }

  /** cnspec's severity bands by impact: critical 90+, high 70+, medium 40+, low below. */
  public static String severity(int impact) {
    return impact >= 90 ? "critical" : impact >= 70 ? "high" : impact >= 40 ? "medium" : "low";
  }

  /** Failed checks by severity, critical first: tells apart targets that all have risk 100. */
  /**
   * cnspec's score for the "highest impact" scoring system: 100 minus the highest impact among failed checks (100
   * when nothing failed); null when the target was not assessed. {@code --score-threshold} compares against it.
   */
  public Integer score() {
    return riskScore == null ? null : 100 - riskScore;
  }

  public Map<String, Long> failedBySeverity() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String s : List.of("critical", "high", "medium", "low")) out.put(s, 0L);
    policies.stream().flatMap(p -> p.checks().stream()).filter(c -> c.result() == Outcome.FAIL)
        .forEach(c -> out.merge(severity(c.impact()), 1L, Long::sum));
    return out;
  }

  public boolean anyErrors() {
    return !asset.assessable() || count(Outcome.ERROR) > 0;
  }

  /** Failed checks whose impact is at least the threshold. */
  public boolean failsAtOrAbove(int threshold) {
    return policies.stream().flatMap(p -> p.checks().stream())
        .anyMatch(c -> c.result() == Outcome.FAIL && c.impact() >= threshold);
  }
}
