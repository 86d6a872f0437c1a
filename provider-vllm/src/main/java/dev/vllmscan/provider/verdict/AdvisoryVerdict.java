package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.advisory.Advisory;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether an advisory applies to the server that was observed: the version must be in range and the condition
 * observed. Internal-network, supply-chain and feature-gated advisories whose condition cannot be seen from
 * outside are listed for the version but never claimed: they are unknown with that reason.
 */
public final class AdvisoryVerdict {
  private AdvisoryVerdict() {}

  public static Verdict applies(Advisory a, Verdict versionAffected, RouteEvidence e, Verdict apiKeyRequired) {
    if (versionAffected.isNo()) return versionAffected;
    Verdict condition = condition(a, e, apiKeyRequired);
    if (condition.isNo()) return condition;
    if (versionAffected.isUnknown()) return versionAffected;
    return condition;
  }

  /** The advisory's exposure condition on its own (version aside). */
  static Verdict condition(Advisory a, RouteEvidence e, Verdict apiKeyRequired) {
    if (!a.observable()) {
      return Verdict.unknown(a.surface() + ": needs " + a.condition() + ", which cannot be seen from outside");
    }
    if (a.needs().equals("api-key")) {
      return apiKeyRequired.isUnknown() ? apiKeyRequired
          : Verdict.of(apiKeyRequired.state(), List.of(prefixed("the server enforces an API key: ", apiKeyRequired.evidence())));
    }
    List<EndpointVerdict> rows = new ArrayList<>();
    for (String path : a.routes()) {
      e.routes().stream().filter(r -> r.path().equals(path)).forEach(r -> rows.add(e.verdict(r.key())));
    }
    if (rows.isEmpty()) return Verdict.unknown("none of its routes " + a.routes() + " was probed");
    boolean anonymous = a.needs().equals("anonymous");
    return Rollups.any("vulnerable routes", rows, anonymous ? EndpointVerdict::anonymousAccessible : EndpointVerdict::present);
  }

  private static String[] prefixed(String prefix, List<String> lines) {
    return lines.stream().map(l -> prefix + l).toArray(String[]::new);
  }

  /** One line for people: "CVE-… (HIGH 7.5, affects <0.11.0, upgrade to 0.11.0 or later): <summary>". */
  public static String headline(Advisory a) {
    boolean fix = a.fixedIn() != null && dev.vllmscan.provider.advisory.Pep440.parse(a.fixedIn()) != null;
    return a.id() + " (" + a.severity() + (a.cvss() == null ? "" : " " + a.cvss())
        + (a.affected() == null || a.affected().isBlank() ? "" : "; affects " + a.affected())
        + (fix ? ", upgrade to " + a.fixedIn() + " or later" : ", no fixed version published") + "): " + a.summary();
  }
}
