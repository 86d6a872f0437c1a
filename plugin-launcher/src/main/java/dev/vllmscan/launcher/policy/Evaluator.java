package dev.vllmscan.launcher.policy;

import dev.vllmscan.contract.Contract;
import dev.vllmscan.launcher.mql.DataSource;
import dev.vllmscan.launcher.mql.Executor;
import dev.vllmscan.launcher.mql.MaybeList;
import dev.vllmscan.launcher.mql.MqlException;
import dev.vllmscan.launcher.mql.Query;
import dev.vllmscan.launcher.mql.QueryError;
import dev.vllmscan.launcher.mql.Trace;
import dev.vllmscan.launcher.mql.Unknown;
import dev.vllmscan.launcher.report.Report;
import dev.vllmscan.schema.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import dev.vllmscan.launcher.Futures;
import dev.vllmscan.launcher.mql.Expr;
import dev.vllmscan.launcher.text.Timeline;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * Runs every applicable check of the bundles and scores the result ("highest impact"). A check passes only on a
 * known true; unknown (something not observed) ends in error with the reason; a failure carries its evidence.
 */
public final class Evaluator {
  private Evaluator() {}

  /** Compiles every check and filter against the schema before anything is probed: a broken bundle is a usage error. */
  public static void validate(List<Bundle> bundles, Schema schema) {
    for (Bundle bundle : bundles) {
      Map<String, Bundle.Check> checks = checks(bundle);
      for (Bundle.Policy policy : bundle.policies()) {
        for (Bundle.Group group : policy.groups()) {
          if (group.filters() != null && !group.filters().isBlank()) compile("policy " + policy.uid() + " filter", group.filters(), schema);
          for (Bundle.Ref ref : group.checks()) {
            Bundle.Check check = checks.get(ref.uid());
            if (check == null) throw new PolicyException("policy " + policy.uid() + " references unknown check " + ref.uid());
            compile("check " + check.uid(), check.mql() == null ? "" : check.mql(), schema);
          }
        }
      }
    }
  }

  private static void compile(String what, String mql, Schema schema) {
    String source = mql.trim();
    try {
      Query.compile(source, schema);
    } catch (MqlException e) {
      // One line: "line:column: message (did you mean …)" within the query's own text.
      throw new PolicyException(what + ": " + e.describe(source).split("\n")[0]);
    }
  }

  private static Map<String, Bundle.Check> checks(Bundle bundle) {
    Map<String, Bundle.Check> checks = new HashMap<>();
    bundle.queries().forEach(q -> checks.put(q.uid(), q));
    return checks;
  }

  public static List<Report.PolicyResult> evaluate(List<Bundle> bundles, Schema schema, DataSource data) {
    try (Executor exec = new Executor(schema, data)) {
      // A failed check shows its evidence: read it with the fields the checks read, not one round trip per failure.
      exec.alsoRead(EvidenceWriter.EVIDENCE_FIELD);
      exec.prefetch(expressions(bundles, schema));
      EvidenceWriter evidence = new EvidenceWriter(schema, exec.memoized());
      // Checks are independent once their fields are read: they run side by side, each with its own trace and budget
      // (a sibling executor sharing the reads), and their results are collected in policy order.
      List<CompletableFuture<Report.CheckResult>> running = new ArrayList<>();
      List<Report.PolicyResult> shape = each(bundles, (group, check) -> {
        Executor own = exec.sibling();
        running.add(exec.submit(() -> judge(group, check, schema, own, evidence)));
        return null;
      });
      Iterator<CompletableFuture<Report.CheckResult>> results = running.iterator();
      List<Report.PolicyResult> out = new ArrayList<>();
      for (Report.PolicyResult p : shape) {
        List<Report.CheckResult> checks = new ArrayList<>();
        for (int i = 0; i < p.checks().size(); i++) checks.add(Futures.join(results.next()));
        out.add(new Report.PolicyResult(p.uid(), p.name(), checks));
      }
      return out;
    }
  }

  private static Report.CheckResult judge(Bundle.Group group, Bundle.Check check, Schema schema, Executor exec,
      EvidenceWriter evidence) {
    Timeline.mark("check " + check.uid());
    if (group.filters() == null || group.filters().isBlank()) return run(check, schema, exec, evidence);
    Trace trace = new Trace();
    Object applies = filter(group.filters(), schema, exec, trace);
    if (applies instanceof Unknown u) {
      return result(check, Report.Outcome.ERROR, "cannot tell whether the check applies: " + u.message(), u.reasons());
    }
    // A skip says what it looked at: the filter's fields and the provider's evidence for them (what was and was not seen).
    return Boolean.TRUE.equals(applies) ? run(check, schema, exec, evidence)
        : result(check, Report.Outcome.SKIP, "does not apply to this target (" + group.filters().strip() + ")",
            withProviderEvidence(evidence.lines(trace)));
  }

  /** The field lines the provider explained (each followed by its indented evidence), without bare values. */
  private static List<String> withProviderEvidence(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      boolean explained = line.startsWith(EvidenceWriter.INDENT)
          || (i + 1 < lines.size() && lines.get(i + 1).startsWith(EvidenceWriter.INDENT));
      if (explained) out.add(line);
    }
    return out;
  }

  /** Every check's and filter's compiled expression (those that compile; the others fail in their own check). */
  private static List<Expr> expressions(List<Bundle> bundles, Schema schema) {
    List<String> sources = new ArrayList<>();
    for (Bundle b : bundles) {
      for (Bundle.Check c : b.queries()) sources.add(c.mql() == null ? "" : c.mql().trim());
      // The groups' filters too: each of their fields the prefetch missed was a round trip of its own, one after the
      // other as the checks reached them (7 of a default scan's 17).
      for (Bundle.Policy p : b.policies()) {
        for (Bundle.Group g : p.groups()) {
          if (g.filters() != null && !g.filters().isBlank() && !sources.contains(g.filters().trim())) sources.add(g.filters().trim());
        }
      }
    }
    List<Expr> out = new ArrayList<>();
    for (String source : sources) {
      try {
        out.add(Query.compile(source, schema).expr());
      } catch (MqlException ignored) {
        // reported by the check (or the filter) itself
      }
    }
    return out;
  }

  /** Every check of the bundles as an error with the same reason: a target that could not be assessed. */
  public static List<Report.PolicyResult> unassessable(List<Bundle> bundles, String reason) {
    String message = Contract.NOT_ASSESSABLE + reason;
    return each(bundles, (group, check) -> result(check, Report.Outcome.ERROR, message, List.of(message)));
  }

  private static List<Report.PolicyResult> each(List<Bundle> bundles,
      BiFunction<Bundle.Group, Bundle.Check, Report.CheckResult> judge) {
    List<Report.PolicyResult> out = new ArrayList<>();
    for (Bundle bundle : bundles) {
      Map<String, Bundle.Check> checks = checks(bundle);
      for (Bundle.Policy policy : bundle.policies()) {
        List<Report.CheckResult> results = new ArrayList<>();
        for (Bundle.Group group : policy.groups()) {
          for (Bundle.Ref ref : group.checks()) {
            Bundle.Check check = checks.get(ref.uid());
            if (check == null) throw new PolicyException("policy " + policy.uid() + " references unknown check " + ref.uid());
            results.add(judge.apply(group, check));
          }
        }
        out.add(new Report.PolicyResult(policy.uid(), policy.name() == null ? policy.uid() : policy.name(), results));
      }
    }
    return out;
  }

  private static Object filter(String filter, Schema schema, Executor exec, Trace trace) {
    try {
      Object v = exec.eval(Query.compile(filter.trim(), schema).expr(), trace);
      return v instanceof MaybeList m ? m.why() : v;
    } catch (MqlException | QueryError e) {
      return Unknown.of(e.getMessage());
    }
  }

  static Report.CheckResult run(Bundle.Check check, Schema schema, Executor exec, EvidenceWriter evidence) {
    String mql = check.mql() == null ? "" : check.mql().trim();
    Trace trace = new Trace();
    try {
      Object v = exec.eval(Query.compile(mql, schema).expr(), trace);
      if (v instanceof MaybeList m) v = m.why();
      if (v instanceof Unknown u) {
        return result(check, Report.Outcome.ERROR, "not decided: " + u.message(), u.reasons());
      }
      if (Boolean.TRUE.equals(v)) return result(check, Report.Outcome.PASS, null, List.of());
      if (Boolean.FALSE.equals(v) || v == null) {
        List<String> lines = evidence.lines(trace);
        return result(check, Report.Outcome.FAIL, EvidenceWriter.summary(lines), lines);
      }
      return result(check, Report.Outcome.PASS, null, List.of());
    } catch (MqlException e) {
      return result(check, Report.Outcome.ERROR, "query error: " + e.getMessage(), List.of());
    } catch (QueryError e) {
      return result(check, Report.Outcome.ERROR, e.getMessage(), List.of(e.getMessage()));
    }
  }

  private static Report.CheckResult result(Bundle.Check c, Report.Outcome o, String message, List<String> evidence) {
    String remediation = c.docs() == null ? null : c.docs().remediation();
    Report.CheckDocs docs = new Report.CheckDocs(c.docs() == null || c.docs().desc() == null ? null : c.docs().desc().strip(),
        c.docs() == null || c.docs().audit() == null ? null : c.docs().audit().strip(),
        c.refs() == null || c.refs().isEmpty() ? null : c.refs().get(0).url());
    return new Report.CheckResult(c.uid(), c.title() == null ? c.uid() : c.title(), c.impactOrDefault(), o, message,
        remediation == null ? null : remediation.strip(), evidence, docs, tags(c));
  }

  /** The check's tags as strings; a {@code false} value (cnspec's "no mapping to this framework") is left out. */
  static Map<String, String> tags(Bundle.Check c) {
    Map<String, String> out = new LinkedHashMap<>();
    if (c.tags() == null) return out;
    c.tags().forEach((k, v) -> {
      if (v != null && !Boolean.FALSE.equals(v) && !"false".equals(String.valueOf(v))) out.put(k, String.valueOf(v));
    });
    return out;
  }

  /** Highest impact among failed checks; 0 when nothing failed. */
  public static int riskScore(List<Report.PolicyResult> policies) {
    return policies.stream().flatMap(p -> p.checks().stream())
        .filter(c -> c.result() == Report.Outcome.FAIL).mapToInt(Report.CheckResult::impact).max().orElse(0);
  }
}
