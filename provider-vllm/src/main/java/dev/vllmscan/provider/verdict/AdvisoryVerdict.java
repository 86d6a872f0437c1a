package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.api.advisory.Advisory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import dev.vllmscan.provider.api.advisory.SidePortConditions;
import dev.vllmscan.provider.sideport.SidePortObservation;
import dev.vllmscan.provider.api.sideport.SidePortPlan;
import dev.vllmscan.provider.api.sideport.SidePortRole;
import dev.vllmscan.provider.sideport.SidePortScan;
import dev.vllmscan.provider.api.advisory.Pep440;

/**
 * Whether an advisory applies to the server that was observed: the version must be in range and the condition
 * observed. Internal-network, supply-chain and feature-gated advisories whose condition cannot be seen from
 * outside are listed for the version but never claimed: they are unknown with that reason.
 */
public final class AdvisoryVerdict {
  private AdvisoryVerdict() {}

  public static Verdict applies(Advisory a, Verdict versionAffected, RouteEvidence e, Verdict apiKeyRequired) {
    return applies(a, versionAffected, e, apiKeyRequired, null);
  }

  /** With the side ports of the host, for internal-network advisories whose condition is a port the scan probes. */
  public static Verdict applies(Advisory a, Verdict versionAffected, RouteEvidence e, Verdict apiKeyRequired,
      Supplier<SidePortScan.Result> sidePorts) {
    if (versionAffected.isNo()) return versionAffected;
    SidePortConditions.Condition port = a.observable() ? null : SidePortConditions.of(a);
    Verdict condition = port != null && sidePorts != null ? sidePortCondition(a, port, sidePorts.get()) : condition(a, e, apiKeyRequired);
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

  /**
   * Yes when a port of the roles the advisory's condition names accepted a connection (a default port only where
   * the affected releases listen on it); otherwise unknown: a closed or unprobed port is no proof that the
   * deployment has no such listener elsewhere.
   */
  static Verdict sidePortCondition(Advisory a, SidePortConditions.Condition c, SidePortScan.Result r) {
    List<String> roles = c.roles().stream().map(SidePortRole::id).toList();
    if (r.plan().mode() == SidePortPlan.Mode.OFF) {
      return Verdict.unknown(a.surface() + ": needs " + a.condition() + " (" + String.join(" or ", roles)
          + " port); side ports were not probed (--no-side-ports)");
    }
    List<String> open = new ArrayList<>();
    List<String> tried = new ArrayList<>();
    for (SidePortObservation o : r.observations()) {
      if (!c.roles().contains(o.role())) continue;
      boolean counts = c.defaultPortCounts() || o.target().configured();
      if (o.reachable().isYes() && counts) open.add(o.line() + ": the port its condition names answers (" + c.why() + ")");
      else tried.add(o.line() + (o.reachable().isYes() ? " (a default port, which the affected releases do not use: " + c.why() + ")" : ""));
    }
    if (!open.isEmpty()) return Verdict.of(Verdict.State.YES, open);
    return Verdict.unknown(a.surface() + ": needs " + a.condition() + " (" + String.join(" or ", roles) + " port: "
        + c.why() + "); " + (tried.isEmpty() ? "no such port was probed" : "not seen answering: " + String.join("; ", tried)));
  }

  private static String[] prefixed(String prefix, List<String> lines) {
    return lines.stream().map(l -> prefix + l).toArray(String[]::new);
  }

  /** One line for people: "CVE-… (HIGH 7.5, affects <0.11.0, upgrade to 0.11.0 or later): <summary>". */
  public static String headline(Advisory a) {
    boolean fix = a.fixedIn() != null && Pep440.parse(a.fixedIn()) != null;
    return a.id() + " (" + a.severity() + (a.cvss() == null ? "" : " " + a.cvss())
        + (a.affected() == null || a.affected().isBlank() ? "" : "; affects " + a.affected())
        + (fix ? ", upgrade to " + a.fixedIn() + " or later" : ", no fixed version published") + "): " + a.summary();
  }
}
