package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.api.Verdict;
import dev.vllmscan.provider.sideport.SidePortObservation;
import dev.vllmscan.provider.api.sideport.SidePortPlan;
import dev.vllmscan.provider.api.sideport.SidePortRole;
import dev.vllmscan.provider.sideport.SidePortScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether the ports a check covers are reachable from where the scan ran. Yes on positive evidence only: a port
 * of the check's roles accepted the connection. No only when every role is settled: its port is known (named by
 * {@code --side-ports} or declared by /server_info) and refused, or /server_info says the feature is off. A closed
 * default port settles nothing (the deployment may have moved it), and a silent drop settles nothing (a filter may
 * drop packets): both leave the answer unknown, with what was and was not seen.
 */
public final class SidePortVerdict {
  private SidePortVerdict() {}

  /** The verdict and the lines for people: every port looked at, then what was not seen. */
  public record Judgement(Verdict verdict, List<String> lines) {}

  public static Judgement reachable(SidePortScan.Result r, SidePortRole.Group group, String what) {
    if (r.plan().mode() == SidePortPlan.Mode.OFF) {
      String why = "side ports were not probed (--no-side-ports): nothing was seen of the " + what;
      return new Judgement(Verdict.unknown(why), List.of(why));
    }
    List<SidePortObservation> mine = r.observations().stream().filter(o -> o.role().group() == group).toList();
    List<String> seen = mine.stream().map(SidePortObservation::line).toList();
    List<String> open = mine.stream().filter(o -> o.reachable().isYes()).map(SidePortObservation::line).toList();
    if (!open.isEmpty()) return new Judgement(Verdict.of(Verdict.State.YES, open), open);

    List<SidePortRole> roles = new ArrayList<>();
    for (SidePortRole role : SidePortRole.known()) {
      if (role.group() != group) continue;
      boolean listed = mine.stream().anyMatch(o -> o.role() == role);
      if (r.plan().mode() == SidePortPlan.Mode.DEFAULTS || listed) roles.add(role);
    }
    List<String> settled = new ArrayList<>();
    List<String> unsettled = new ArrayList<>();
    List<String> defaultOnly = new ArrayList<>();
    Map<SidePortRole, String> off = r.configuration() == null ? Map.of() : r.configuration().ports().off();
    for (SidePortRole role : roles) {
      List<SidePortObservation> of = mine.stream().filter(o -> o.role() == role).toList();
      if (off.containsKey(role)) {
        settled.add(role.id() + ": " + off.get(role));
        continue;
      }
      SidePortObservation silent = of.stream().filter(o -> o.reachable().isUnknown()).findFirst().orElse(null);
      if (silent != null) {
        unsettled.add(role.id() + ": " + silent.reachable().reason());
      } else if (of.stream().allMatch(o -> o.target().configured())) {
        settled.add(role.id() + ": configured port refused");
      } else {
        defaultOnly.add(role.id());
      }
    }
    if (!defaultOnly.isEmpty()) {
      unsettled.add("the configured port of " + String.join(", ", defaultOnly) + " (only vLLM's default "
          + (defaultOnly.size() == 1 ? "port was" : "ports were") + " tried, and a closed default proves nothing about a"
          + " moved port; " + whyUnknown(r) + ")");
    }
    if (roles.isEmpty()) {
      String why = "--side-ports names none of the " + what + " (roles " + rolesOf(group) + "): not probed";
      return new Judgement(Verdict.unknown(why), List.of(why));
    }
    List<String> lines = new ArrayList<>(seen);
    if (unsettled.isEmpty()) {
      lines.addAll(settled);
      return new Judgement(Verdict.of(Verdict.State.NO, lines), lines);
    }
    String notSeen = "not seen: " + String.join("; ", unsettled);
    lines.add(notSeen);
    String reason = (seen.isEmpty() ? "" : "seen: " + String.join("; ", seen) + "; ") + notSeen;
    return new Judgement(Verdict.unknown(reason), lines);
  }

  private static String whyUnknown(SidePortScan.Result r) {
    if (r.configuration() == null) return "no --side-ports";
    String read = r.configuration().read().isEmpty() ? "" : "read " + String.join(", ", r.configuration().read())
        + " and found no port for it; ";
    String missing = r.configuration().problem() == null ? "" : "not readable: " + r.configuration().problem();
    return ("no --side-ports; " + read + missing).replaceAll("; $", "");
  }

  private static String rolesOf(SidePortRole.Group group) {
    List<String> ids = new ArrayList<>();
    for (SidePortRole role : SidePortRole.known()) if (role.group() == group) ids.add(role.id());
    return String.join(", ", ids);
  }
}
