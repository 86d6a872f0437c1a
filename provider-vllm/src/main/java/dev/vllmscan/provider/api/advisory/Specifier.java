package dev.vllmscan.provider.api.advisory;

import dev.vllmscan.provider.api.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Arrays;

/**
 * A PEP 440 version specifier set ({@code >=0.6.5,<0.8.0}, {@code ==0.8.*}, {@code !=0.9.1}), matched three-valued:
 * a pre-release or nightly of a fix version ({@code 0.11.1rc2.dev123} against {@code <0.11.1}) may or may not carry
 * the fix, so it is unknown rather than "fixed"; an unparseable version is unknown.
 */
public final class Specifier {
  private static final Pattern CLAUSE = Pattern.compile("^\\s*(~=|==|!=|<=|>=|<|>)\\s*([^\\s,]+)\\s*$");

  record Clause(String op, Pep440 version, boolean wildcard) {}

  private final String text;
  private final List<Clause> clauses;

  private Specifier(String text, List<Clause> clauses) {
    this.text = text;
    this.clauses = clauses;
  }

  public static Specifier parse(String text) {
    List<Clause> out = new ArrayList<>();
    for (String part : text.split(",")) {
      Matcher m = CLAUSE.matcher(part);
      if (!m.matches()) throw new IllegalArgumentException("not a PEP 440 specifier: '" + part.trim() + "'");
      String v = m.group(2);
      boolean wildcard = v.endsWith(".*");
      Pep440 version = Pep440.parse(wildcard ? v.substring(0, v.length() - 2) : v);
      if (version == null) throw new IllegalArgumentException("not a PEP 440 version in '" + part.trim() + "'");
      if (wildcard && !m.group(1).equals("==") && !m.group(1).equals("!=")) {
        throw new IllegalArgumentException("'.*' only goes with == and !=: '" + part.trim() + "'");
      }
      out.add(new Clause(m.group(1), version, wildcard));
    }
    return new Specifier(text.trim(), List.copyOf(out));
  }

  /** Every clause holds (a set is their conjunction): yes, no, or unknown with why. */
  public Verdict matches(String versionText) {
    Pep440 v = Pep440.parse(versionText);
    if (v == null) return Verdict.unknown("'" + versionText + "' is not a PEP 440 version");
    boolean doubt = false;
    String why = null;
    for (Clause c : clauses) {
      Verdict r = clause(c, v);
      if (r.isNo()) return Verdict.no(versionText + " is outside " + text);
      if (r.isUnknown()) {
        doubt = true;
        why = r.reason();
      }
    }
    return doubt ? Verdict.unknown(why) : Verdict.yes(versionText + " is within " + text);
  }

  static Verdict clause(Clause c, Pep440 v) {
    Pep440 s = c.version();
    int cmp = v.compareTo(s);
    return switch (c.op()) {
      case "==" -> Verdict.of(c.wildcard() ? v.releaseStartsWith(s) : cmp == 0 && localMatches(s, v));
      case "!=" -> Verdict.of(!(c.wildcard() ? v.releaseStartsWith(s) : cmp == 0 && localMatches(s, v)));
      case "<=" -> Verdict.of(cmp <= 0);
      case ">=" -> Verdict.of(cmp >= 0);
      case ">" -> Verdict.of(cmp > 0 && !(v.isPostRelease() && v.sameRelease(s) && !s.isPostRelease()));
      case "~=" -> Verdict.of(cmp >= 0 && compatiblePrefix(s, v));
      default -> below(s, v, cmp); // "<"
    };
  }

  /**
   * {@code <X}: PEP 440 excludes pre-releases of X from it, as if they were X; for an advisory's fix version that is
   * exactly the doubtful case: a nightly or release candidate of the fix may or may not contain it.
   */
  static Verdict below(Pep440 fix, Pep440 v, int cmp) {
    if (cmp >= 0) return Verdict.no();
    if (v.isPreRelease() && !fix.isPreRelease() && v.sameRelease(fix)) {
      return Verdict.unknown(v + " is a pre-release or nightly of the fix version " + fix + ": it may predate the fix");
    }
    return Verdict.yes();
  }

  private static boolean localMatches(Pep440 spec, Pep440 v) {
    return spec.local() == null || spec.local().equals(v.local());
  }

  private static boolean compatiblePrefix(Pep440 spec, Pep440 v) {
    String[] parts = spec.toString().split("[+]")[0].split("\\.");
    if (parts.length < 2) return false;
    Pep440 prefix = Pep440.parse(String.join(".", Arrays.copyOf(parts, parts.length - 1)));
    return prefix != null && v.releaseStartsWith(prefix);
  }

  @Override
  public String toString() {
    return text;
  }
}
