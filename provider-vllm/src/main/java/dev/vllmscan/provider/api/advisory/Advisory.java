package dev.vllmscan.provider.api.advisory;

import dev.vllmscan.provider.api.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One vLLM advisory as the scanner uses it: identity, severity, the affected version ranges (OSV ECOSYSTEM events),
 * and what must be exposed for it to be reachable: {@code routes} and {@code needs} (anonymous, present, api-key,
 * feature, not-observable). {@code observable} = the condition can be judged from outside. {@code modified} is RFC 3339
 * (checked when read); {@code withdrawn} is OSV's withdrawal time, null while the advisory stands.
 */
public record Advisory(String id, List<String> aliases, String summary, String severity, Double cvss, List<String> cwe,
    String affected, List<Range> ranges, String fixedIn, String surface, String condition, List<String> routes,
    String needs, boolean observable, String url, String modified, String withdrawn) {

  /**
   * One OSV range: introduced, then fixed (exclusive) or last_affected (inclusive), or open-ended. The bounds are
   * parsed once, when the advisory is read (null where absent or not PEP 440): a fleet matches every target's version
   * against every range, and parsing them per target was ~3 % of its provider's CPU.
   */
  public record Range(String introduced, String fixed, String lastAffected,
      Pep440 introducedVersion, Pep440 fixedVersion, Pep440 lastAffectedVersion) {
    public Range(String introduced, String fixed, String lastAffected) {
      this(introduced, fixed, lastAffected, Pep440.parse(introduced == null ? "0" : introduced), Pep440.parse(fixed),
          Pep440.parse(lastAffected));
    }
  }

  public Advisory {
    Objects.requireNonNull(modified, "modified");
    aliases = List.copyOf(aliases);
    cwe = List.copyOf(cwe);
    ranges = List.copyOf(ranges);
    routes = List.copyOf(routes);
  }

  /** When this document was last changed, for "the newer document wins" (the text is checked RFC 3339 on read). */
  public Instant modifiedAt() {
    return OsvReader.instant(modified);
  }

  public boolean isWithdrawn() {
    return withdrawn != null;
  }

  /** Whether {@code version} is in any affected range: yes, no, or unknown (unparseable, a nightly of the fix). */
  public Verdict affects(String version) {
    Pep440 v = Pep440.parse(version);
    if (v == null) return Verdict.unknown("the version '" + version + "' is not PEP 440, so it cannot be matched");
    return affects(v, version);
  }

  /** As {@link #affects(String)}, for a version parsed once and matched against many advisories. */
  public Verdict affects(Pep440 version) {
    return affects(version, version.toString());
  }

  private Verdict affects(Pep440 v, String version) {
    Verdict best = Verdict.no(version + " is outside " + affected);
    for (Range r : ranges) {
      Verdict in = inRange(r, v);
      if (in.isYes()) return Verdict.yes(version + " is within " + affected);
      if (in.isUnknown()) best = in;
    }
    return best;
  }

  private static Verdict inRange(Range r, Pep440 v) {
    Pep440 introduced = r.introducedVersion();
    if (introduced != null && v.compareTo(introduced) < 0) return Verdict.no();
    if (r.fixed() != null) {
      Pep440 fixed = r.fixedVersion();
      return Specifier.below(fixed, v, v.compareTo(fixed));
    }
    if (r.lastAffected() != null) return Verdict.of(v.compareTo(r.lastAffectedVersion()) <= 0);
    return Verdict.yes();
  }
}
