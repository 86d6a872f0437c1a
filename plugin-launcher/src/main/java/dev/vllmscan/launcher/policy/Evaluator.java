package dev.vllmscan.launcher.policy;

import dev.vllmscan.launcher.mql.DataSource;
import dev.vllmscan.launcher.mql.Executor;
import dev.vllmscan.launcher.mql.MqlException;
import dev.vllmscan.launcher.mql.Query;
import dev.vllmscan.launcher.mql.QueryError;
import dev.vllmscan.launcher.report.Report;
import dev.vllmscan.schema.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs every applicable check of the bundles and scores the result ("highest impact"). */
public final class Evaluator {
  private Evaluator() {}

  public static List<Report.PolicyResult> evaluate(List<Bundle> bundles, Schema schema, DataSource data) {
    List<Report.PolicyResult> out = new ArrayList<>();
    try (Executor exec = new Executor(schema, data)) {
      for (Bundle bundle : bundles) {
        Map<String, Bundle.Check> checks = new HashMap<>();
        bundle.queries().forEach(q -> checks.put(q.uid(), q));
        for (Bundle.Policy policy : bundle.policies()) {
          List<Report.CheckResult> results = new ArrayList<>();
          for (Bundle.Group group : policy.groups()) {
            boolean applies = group.filters() == null || group.filters().isBlank() || applies(group.filters(), schema, exec);
            for (Bundle.Ref ref : group.checks()) {
              Bundle.Check check = checks.get(ref.uid());
              if (check == null) {
                throw new PolicyException("policy " + policy.uid() + " references unknown check " + ref.uid());
              }
              results.add(applies ? run(check, schema, exec)
                  : result(check, Report.Outcome.SKIP, "filter does not match the asset"));
            }
          }
          out.add(new Report.PolicyResult(policy.uid(), policy.name() == null ? policy.uid() : policy.name(), results));
        }
      }
    }
    return out;
  }

  private static boolean applies(String filter, Schema schema, Executor exec) {
    try {
      Object v = exec.eval(Query.compile(filter.trim(), schema).expr());
      return Boolean.TRUE.equals(v);
    } catch (MqlException | QueryError e) {
      return false;
    }
  }

  static Report.CheckResult run(Bundle.Check check, Schema schema, Executor exec) {
    String mql = check.mql() == null ? "" : check.mql().trim();
    try {
      Object v = exec.eval(Query.compile(mql, schema).expr());
      if (Boolean.TRUE.equals(v)) return result(check, Report.Outcome.PASS, null);
      if (Boolean.FALSE.equals(v) || v == null) return result(check, Report.Outcome.FAIL, "expression was " + v);
      return result(check, Report.Outcome.PASS, null);
    } catch (MqlException e) {
      return result(check, Report.Outcome.ERROR, "query error: " + e.getMessage());
    } catch (QueryError e) {
      return result(check, Report.Outcome.ERROR, e.getMessage());
    }
  }

  private static Report.CheckResult result(Bundle.Check c, Report.Outcome o, String message) {
    String remediation = c.docs() == null ? null : c.docs().remediation();
    return new Report.CheckResult(c.uid(), c.title() == null ? c.uid() : c.title(), c.impactOrDefault(), o, message,
        remediation == null ? null : remediation.strip());
  }

  /** Highest impact among failed checks; 0 when nothing failed. */
  public static int riskScore(List<Report.PolicyResult> policies) {
    return policies.stream().flatMap(p -> p.checks().stream())
        .filter(c -> c.result() == Report.Outcome.FAIL).mapToInt(Report.CheckResult::impact).max().orElse(0);
  }
}
