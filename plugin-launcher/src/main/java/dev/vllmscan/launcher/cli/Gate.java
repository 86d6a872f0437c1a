package dev.vllmscan.launcher.cli;

import dev.vllmscan.launcher.report.Report;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a run's reports become an exit code. cnspec's two gates keep cnspec's meaning; ours stays the default. Then,
 * whatever the gate: 3 when anything was not judged (an error, a target not assessed), else 0.
 */
final class Gate {
  @Option(names = "--score-threshold", description = "Exit 1 when a target's score (100 minus the highest failed impact; cnspec) is below N")
  Integer scoreThreshold;

  @Option(names = "--risk-threshold", description = "Exit 1 when a target's risk score is N or more (cnspec)")
  Integer riskThreshold;

  @Option(names = "--impact-threshold", description = "Exit 1 only for failed checks with impact N or more "
      + "(vllmscan; before 0.2 this was --score-threshold)")
  Integer impactThreshold;

  /** Without a threshold every failed check fails the run: a security gate's safe default. */
  int exitCode(List<Report> reports) {
    validate();
    // No target judged is not a pass (an empty merge, a fleet that ended before any target).
    if (reports.isEmpty()) return Main.EXIT_TARGET;
    if (failed(reports)) return Main.EXIT_FAILED;
    if (reports.stream().anyMatch(Report::anyErrors)) return Main.EXIT_TARGET;
    return Main.EXIT_OK;
  }

  /** Called before any probe: a contradictory gate is the user's to fix, not something to find out after a scan. */
  void validate() {
    int given = (scoreThreshold != null ? 1 : 0) + (riskThreshold != null ? 1 : 0) + (impactThreshold != null ? 1 : 0);
    if (given > 1) throw new UsageException("give one of --score-threshold, --risk-threshold and --impact-threshold");
    for (Integer t : new Integer[] {scoreThreshold, riskThreshold, impactThreshold}) {
      if (t != null && (t < 0 || t > 101)) throw new UsageException("thresholds are between 0 and 101");
    }
  }

  private boolean failed(List<Report> reports) {
    if (scoreThreshold != null) return reports.stream().anyMatch(r -> r.score() != null && r.score() < scoreThreshold);
    if (riskThreshold != null) return reports.stream().anyMatch(r -> r.riskScore() != null && r.riskScore() >= riskThreshold);
    int impact = impactThreshold == null ? 0 : impactThreshold;
    return reports.stream().anyMatch(r -> r.failsAtOrAbove(impact));
  }
}
