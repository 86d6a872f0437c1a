package dev.vllmscan.launcher.mql;

import dev.vllmscan.llx.Dict;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** The reference engine's operator semantics, null handling included (policy results depend on them). */
final class Semantics {
  private Semantics() {}

  static boolean truthy(Object v) {
    if (v == null) return false;
    if (v instanceof Boolean b) return b;
    if (v instanceof Long l) return l != 0;
    if (v instanceof Double d) return d != 0;
    if (v instanceof String s) return !s.isEmpty();
    if (v instanceof Dict d) return truthy(d.value());
    return true;
  }

  static boolean isEmpty(Object v) {
    if (v == null) return true;
    if (v instanceof String s) return s.isEmpty();
    if (v instanceof Collection<?> c) return c.isEmpty();
    if (v instanceof Map<?, ?> m) return m.isEmpty();
    if (v instanceof Dict d) {
      Object x = d.value();
      return x == null || "".equals(x) || (x instanceof Collection<?> c && c.isEmpty()) || (x instanceof Map<?, ?> m && m.isEmpty());
    }
    return false;
  }

  static boolean equal(Object a, Object b) {
    if (b == Expr.Empty.EMPTY) return isEmpty(a);
    if (a == Expr.Empty.EMPTY) return isEmpty(b);
    if (a instanceof Dict d) a = d.value();
    if (b instanceof Dict d) b = d.value();
    if (b instanceof Pattern p) return a instanceof String s && p.matcher(s).find();
    if (a == null || b == null) return a == null && b == null;
    if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) return false;
      for (int i = 0; i < x.size(); i++) {
        if (!equal(x.get(i), y.get(i))) return false;
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  static boolean compare(String op, Object a, Object b) {
    if (a == null || b == null) return false;
    int c;
    if (a instanceof Number x && b instanceof Number y) {
      c = Double.compare(x.doubleValue(), y.doubleValue());
    } else if (a instanceof String x && b instanceof String y) {
      c = x.compareTo(y);
    } else if (a instanceof Instant x && b instanceof Instant y) {
      c = x.compareTo(y);
    } else {
      throw new QueryError("cannot compare " + a.getClass().getSimpleName() + " with " + b.getClass().getSimpleName());
    }
    return switch (op) {
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      default -> c >= 0;
    };
  }

  /** && and || as the reference engine evaluates them when the left side did not short-circuit. */
  static boolean combine(Object left, Object right) {
    if (left != null && right == null) return false;
    if (left == null && right == null) return true;
    if (left == null) return false;
    return truthy(right);
  }
}
