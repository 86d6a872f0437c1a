package dev.vllmscan.launcher.mql;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of {@code where} when some elements' membership is unknown: the elements that surely match, the
 * ones that may, and why those are unsure. List functions over it decide only where the sure members already
 * decide ({@code all} with a sure failing member is false), and are unknown otherwise.
 */
public record MaybeList(List<Object> sure, List<Object> maybe, Unknown why) {
  public MaybeList {
    sure = List.copyOf(sure);
    maybe = List.copyOf(maybe);
  }

  public List<Object> all() {
    List<Object> out = new ArrayList<>(sure);
    out.addAll(maybe);
    return out;
  }
}
