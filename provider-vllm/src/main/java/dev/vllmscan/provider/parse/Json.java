package dev.vllmscan.provider.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Tolerant decoding: every rule gives null rather than an invented value. */
public final class Json {
  private Json() {}

  public static String string(JsonNode n) {
    if (n == null || !n.isTextual()) return null;
    String s = n.asText();
    return s.isEmpty() ? null : s;
  }

  public static Boolean bool(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return null;
    if (n.isBoolean()) return n.asBoolean();
    if (n.isInt() || n.isLong()) {
      long v = n.asLong();
      return v == 0 ? Boolean.FALSE : v == 1 ? Boolean.TRUE : null;
    }
    if (n.isTextual()) {
      String s = n.asText().trim().toLowerCase(Locale.ROOT);
      if (s.equals("true") || s.equals("1")) return true;
      if (s.equals("false") || s.equals("0")) return false;
    }
    return null;
  }

  /** Env flags: bool, number (non-zero), or a string parsed as bool then as number. */
  public static Boolean envFlag(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return null;
    if (n.isBoolean()) return n.asBoolean();
    if (n.isNumber()) return n.asDouble() != 0;
    if (n.isTextual()) {
      Boolean b = bool(n);
      if (b != null) return b;
      try {
        return Double.parseDouble(n.asText().trim()) != 0;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  public static Long integer(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return null;
    try {
      if (n.isIntegralNumber()) return n.canConvertToLong() ? n.asLong() : null;
      if (n.isNumber()) {
        BigDecimal d = n.decimalValue();
        if (d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) return null;
        return d.longValue();
      }
      if (n.isTextual()) return Long.parseLong(n.asText().trim());
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
    return null;
  }

  public static List<String> stringList(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return null;
    if (n.isTextual()) return List.of(n.asText());
    if (!n.isArray()) return null;
    List<String> out = new ArrayList<>();
    n.forEach(e -> {
      if (e.isTextual()) out.add(e.asText());
    });
    return out;
  }

  /** A JSON node as a plain Java tree (for dict fields). */
  public static Object tree(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) return null;
    if (n.isBoolean()) return n.asBoolean();
    if (n.isIntegralNumber()) return n.asLong();
    if (n.isNumber()) return n.asDouble();
    if (n.isTextual()) return n.asText();
    if (n.isArray()) {
      List<Object> out = new ArrayList<>();
      n.forEach(e -> out.add(tree(e)));
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    n.properties().forEach(e -> out.put(e.getKey(), tree(e.getValue())));
    return out;
  }
}
