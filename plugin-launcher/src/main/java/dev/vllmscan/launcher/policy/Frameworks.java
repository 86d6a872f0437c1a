package dev.vllmscan.launcher.policy;

import dev.vllmscan.launcher.report.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compliance frameworks a check can map to, as cnspec bundles write it: a tag {@code compliance/<framework>} on
 * the query whose value names the control(s) (docs/compliance.md). {@code --framework NAME} reports only the checks
 * mapped to one framework; the rest are left out, and the run says how many.
 */
public final class Frameworks {
  /** @param name the short name --framework takes; @param key the tag key in a bundle */
  public record Framework(String name, String key, String title) {}

  /** The frameworks vllmscan's default policy maps to; any other {@code compliance/<name>} tag works by its name. */
  public static final List<Framework> KNOWN = List.of(
      new Framework("owasp-llm-2025", "compliance/owasp-llm-top-10-2025", "OWASP Top 10 for LLM Applications 2025"),
      new Framework("owasp-api-2023", "compliance/owasp-api-security-top-10-2023", "OWASP API Security Top 10 2023"),
      new Framework("nist-800-53", "compliance/nist-sp-800-53-rev5", "NIST SP 800-53 rev 5"),
      new Framework("cis-v8", "compliance/cis-controls-v8", "CIS Controls v8"));

  private static final String PREFIX = "compliance/";

  private Frameworks() {}

  /**
   * The tag key for {@code name} (a short name, the key's framework part, or the whole key), checked against the
   * loaded bundles before any request: a framework no check maps to is a usage error naming those that are there.
   */
  public static String keyFor(String name, List<Bundle> bundles) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    String key = KNOWN.stream().filter(f -> f.name().equals(n)).map(Framework::key).findFirst()
        .orElse(n.startsWith(PREFIX) ? n : PREFIX + n);
    Set<String> present = new TreeSet<>();
    for (Bundle b : bundles) {
      for (Bundle.Check c : b.queries()) {
        Evaluator.tags(c).keySet().stream().filter(k -> k.startsWith(PREFIX)).forEach(present::add);
      }
    }
    if (!present.contains(key)) {
      List<String> names = new ArrayList<>();
      for (String k : present) {
        names.add(KNOWN.stream().filter(f -> f.key().equals(k)).map(Framework::name).findFirst().orElse(k.substring(PREFIX.length())));
      }
      throw new IllegalArgumentException("--framework " + name + ": no check in the policies maps to it; they map to "
          + (names.isEmpty() ? "no framework" : String.join(", ", names)));
    }
    return key;
  }

  /** The report with only the checks tagged {@code key}; the risk score is that of the checks kept. */
  public static Report filter(Report r, String key) {
    List<Report.PolicyResult> kept = new ArrayList<>();
    for (Report.PolicyResult p : r.policies()) {
      List<Report.CheckResult> checks = p.checks().stream().filter(c -> c.tags().containsKey(key)).toList();
      if (!checks.isEmpty()) kept.add(new Report.PolicyResult(p.uid(), p.name(), checks));
    }
    return r.withPolicies(kept, r.riskScore() == null ? null : Evaluator.riskScore(kept));
  }

  /** Checks in a report (for the note on what a framework filter left out). */
  public static long checks(List<Report> reports) {
    return reports.stream().flatMap(r -> r.policies().stream()).mapToLong(p -> p.checks().size()).sum();
  }
}
