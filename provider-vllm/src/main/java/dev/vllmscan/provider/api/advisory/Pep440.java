package dev.vllmscan.provider.api.advisory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version as PEP 440 defines it (epoch, release, pre, post, dev, local) and its total order. No well-kept Java
 * library implements PEP 440 faithfully (Maven's ComparableVersion orders "rc" and ".post" differently), so this is
 * one small class written against the specification, with a table-driven test of its order.
 */
public final class Pep440 implements Comparable<Pep440> {
  // The specification's own grammar, case-insensitive, with its separators and spellings.
  private static final Pattern VERSION = Pattern.compile("^\\s*v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
      + "(?<pre>[-_.]?(?<prel>a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?<pren>[0-9]+)?)?"
      + "(?<post>(?:-(?<postn1>[0-9]+))|(?:[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn2>[0-9]+)?))?"
      + "(?<dev>[-_.]?(?<devl>dev)[-_.]?(?<devn>[0-9]+)?)?"
      + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$", Pattern.CASE_INSENSITIVE);

  private final String text;
  private final long epoch;
  private final List<Long> release;
  private final int preKind; // -1 none, 0 a, 1 b, 2 rc
  private final long preNumber;
  private final long post; // -1 none
  private final long dev; // -1 none
  private final String local;

  private Pep440(String text, long epoch, List<Long> release, int preKind, long preNumber, long post, long dev, String local) {
    this.text = text;
    this.epoch = epoch;
    this.release = release;
    this.preKind = preKind;
    this.preNumber = preNumber;
    this.post = post;
    this.dev = dev;
    this.local = local;
  }

  /** The version, or null when the string is not PEP 440 (an unparseable version is unknown, never "not affected"). */
  public static Pep440 parse(String s) {
    if (s == null) return null;
    Matcher m = VERSION.matcher(s);
    if (!m.matches()) return null;
    try {
      List<Long> release = new ArrayList<>();
      for (String part : m.group("release").split("\\.")) release.add(Long.parseLong(part));
      int preKind = -1;
      long preNumber = 0;
      if (m.group("pre") != null) {
        String l = m.group("prel").toLowerCase(Locale.ROOT);
        preKind = switch (l) {
          case "a", "alpha" -> 0;
          case "b", "beta" -> 1;
          default -> 2; // c, rc, pre, preview
        };
        preNumber = m.group("pren") == null ? 0 : Long.parseLong(m.group("pren"));
      }
      long post = -1;
      if (m.group("post") != null) {
        String n = m.group("postn1") != null ? m.group("postn1") : m.group("postn2");
        post = n == null ? 0 : Long.parseLong(n);
      }
      long dev = m.group("dev") == null ? -1 : m.group("devn") == null ? 0 : Long.parseLong(m.group("devn"));
      long epoch = m.group("epoch") == null ? 0 : Long.parseLong(m.group("epoch"));
      return new Pep440(s.trim(), epoch, List.copyOf(release), preKind, preNumber, post, dev,
          m.group("local") == null ? null : m.group("local").toLowerCase(Locale.ROOT));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public boolean isPreRelease() {
    return preKind >= 0 || dev >= 0;
  }

  public boolean isPostRelease() {
    return post >= 0;
  }

  public String local() {
    return local;
  }

  /** Same epoch and release numbers (trailing zeros ignored): 0.11.1rc2.dev3 and 0.11.1 share a release. */
  public boolean sameRelease(Pep440 o) {
    return epoch == o.epoch && compareRelease(release, o.release) == 0;
  }

  /** The release segment starts with {@code prefix} (for {@code ==X.*}). */
  boolean releaseStartsWith(Pep440 prefix) {
    if (epoch != prefix.epoch) return false;
    for (int i = 0; i < prefix.release.size(); i++) {
      long mine = i < release.size() ? release.get(i) : 0;
      if (mine != prefix.release.get(i)) return false;
    }
    return true;
  }

  private static int compareRelease(List<Long> a, List<Long> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      int c = Long.compare(i < a.size() ? a.get(i) : 0, i < b.size() ? b.get(i) : 0);
      if (c != 0) return c;
    }
    return 0;
  }

  /** The specification's sort key without the local label (build variants such as +cu128 are the same version). */
  @Override
  public int compareTo(Pep440 o) {
    int c = Long.compare(epoch, o.epoch);
    if (c != 0) return c;
    c = compareRelease(release, o.release);
    if (c != 0) return c;
    c = Long.compare(preKey(), o.preKey());
    if (c != 0) return c;
    c = Long.compare(preKind < 0 ? 0 : preNumber, o.preKind < 0 ? 0 : o.preNumber);
    if (c != 0) return c;
    c = Long.compare(post, o.post);
    if (c != 0) return c;
    return Long.compare(dev < 0 ? Long.MAX_VALUE : dev, o.dev < 0 ? Long.MAX_VALUE : o.dev);
  }

  /** A dev release without pre or post sorts before any pre-release of its release; a final release after them. */
  private long preKey() {
    if (preKind < 0 && post < 0 && dev >= 0) return -1;
    return preKind < 0 ? 10 : preKind;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pep440 v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
