package dev.vllmscan.launcher.mql;

import dev.vllmscan.contract.Contract;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A value the scanner did not observe, with why (a provider field error that starts with {@code unknown:}).
 * It flows through the query like a value: operators over it are unknown unless known members already decide,
 * and a check whose result is unknown ends in error with these reasons, never in a pass.
 */
public record Unknown(List<String> reasons) {
  public static final String PREFIX = Contract.UNKNOWN;

  public Unknown {
    reasons = List.copyOf(new LinkedHashSet<>(reasons));
  }

  public static Unknown of(String reason) {
    return new Unknown(List.of(reason));
  }

  /** The reasons of every unknown among {@code values}, merged; null when none is unknown. */
  public static Unknown merge(Object... values) {
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      if (v instanceof Unknown u) out.addAll(u.reasons());
      if (v instanceof MaybeList m) out.addAll(m.why().reasons());
    }
    return out.isEmpty() ? null : new Unknown(out);
  }

  public String message() {
    return String.join("; ", reasons);
  }
}
