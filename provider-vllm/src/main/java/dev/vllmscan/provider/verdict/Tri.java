package dev.vllmscan.provider.verdict;

import java.util.Collection;
import java.util.Objects;

/** Three-valued roll-ups over nullable booleans: null means "nothing settled it", never "safe". */
public final class Tri {
  private Tri() {}

  /** true if any is true; false if at least one is known and none true; otherwise null. */
  public static Boolean any(Collection<Boolean> values) {
    boolean known = false;
    for (Boolean v : values) {
      if (Boolean.TRUE.equals(v)) return true;
      if (v != null) known = true;
    }
    return known ? Boolean.FALSE : null;
  }

  public static boolean allNull(Collection<?> values) {
    return values.stream().allMatch(Objects::isNull);
  }
}
