package dev.vllmscan.launcher.mql;

import java.util.ArrayList;
import java.util.List;

/**
 * all / any / none / one in three-valued logic. Each element brings its predicate result (true, false or
 * unknown) and whether it surely belongs to the list. The result is known only when the known members decide
 * it; {@code offending} names the elements that made it fail (for evidence).
 */
final class Quantifier {
  record Outcome(Object value, List<Integer> offending) {}

  private Quantifier() {}

  static Outcome apply(String fn, List<Object> results, List<Boolean> sure, Unknown membership) {
    List<Integer> trueSure = new ArrayList<>();
    List<Integer> falseSure = new ArrayList<>();
    List<Integer> open = new ArrayList<>(); // unknown result, or a maybe-member whose result would matter
    List<Integer> trueMaybe = new ArrayList<>();
    List<Integer> falseMaybe = new ArrayList<>();
    List<Object> unknowns = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      Object r = results.get(i);
      boolean isSure = sure.get(i);
      if (r instanceof Unknown u) {
        open.add(i);
        unknowns.add(u);
      } else if (Semantics.truthy(r)) {
        (isSure ? trueSure : trueMaybe).add(i);
      } else {
        (isSure ? falseSure : falseMaybe).add(i);
      }
    }
    Unknown why = Unknown.merge(unknowns.toArray());
    if (why == null) why = membership;
    return switch (fn) {
      case "all" -> {
        if (!falseSure.isEmpty()) yield new Outcome(false, falseSure);
        List<Integer> doubtful = concat(open, falseMaybe);
        yield doubtful.isEmpty() ? new Outcome(true, List.of()) : new Outcome(unknown(why, doubtful, "may not hold"), doubtful);
      }
      case "any" -> {
        if (!trueSure.isEmpty()) yield new Outcome(true, List.of());
        List<Integer> doubtful = concat(open, trueMaybe);
        yield doubtful.isEmpty() ? new Outcome(false, List.of()) : new Outcome(unknown(why, doubtful, "may match"), doubtful);
      }
      case "none" -> {
        if (!trueSure.isEmpty()) yield new Outcome(false, trueSure);
        List<Integer> doubtful = concat(open, trueMaybe);
        yield doubtful.isEmpty() ? new Outcome(true, List.of()) : new Outcome(unknown(why, doubtful, "may match"), doubtful);
      }
      case "one" -> {
        if (trueSure.size() > 1) yield new Outcome(false, trueSure);
        List<Integer> doubtful = concat(open, trueMaybe);
        if (doubtful.isEmpty()) yield new Outcome(trueSure.size() == 1, List.of());
        yield new Outcome(unknown(why, doubtful, "may match"), doubtful);
      }
      default -> throw new QueryError("unknown function " + fn);
    };
  }

  private static Unknown unknown(Unknown why, List<Integer> doubtful, String what) {
    return why != null ? why : Unknown.of(doubtful.size() + " element(s) whose membership is unknown " + what);
  }

  private static List<Integer> concat(List<Integer> a, List<Integer> b) {
    List<Integer> out = new ArrayList<>(a);
    out.addAll(b);
    out.sort(null);
    return out;
  }
}
