package dev.vllmscan.launcher.mql;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.llx.Dict;
import dev.vllmscan.llx.ResourceRef;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.vllmscan.launcher.text.SafeText;
import java.util.regex.Pattern;

/** Renders results like cnspec's shell, or as the JSON value {@code run -o json} prints. */
public final class Printer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Printer() {}

  /**
   * The label cnspec's shell puts in front of a result: for a block, the path it projects with call
   * arguments dropped ({@code vllm.endpoints.where(x) { path }} → {@code vllm.endpoints.where}); otherwise the query.
   */
  public static String label(String query) {
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c == '"') quoted = !quoted;
      if (quoted) continue;
      if (c == '(' || c == '[') depth++;
      if (c == ')' || c == ']') depth--;
      if (c == '{' && depth == 0 && query.substring(i).strip().endsWith("}")) {
        return query.substring(0, i).replaceAll("\\([^()]*\\)", "").strip();
      }
    }
    return query.strip();
  }

  public static String human(String label, Object value) {
    StringBuilder sb = new StringBuilder();
    sb.append(label).append(": ");
    write(sb, value, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, int indent) {
    String pad = "  ".repeat(indent + 1);
    if (v instanceof Executor.Projection p) {
      sb.append("{\n");
      for (Map.Entry<String, Object> e : p.fields().entrySet()) {
        sb.append(pad).append(e.getKey()).append(": ");
        write(sb, e.getValue(), indent + 1);
        sb.append("\n");
      }
      sb.append("  ".repeat(indent)).append("}");
    } else if (v instanceof MaybeList m) {
      write(sb, m.sure(), indent);
      sb.append("  (and ").append(m.maybe().size()).append(" more whose membership is unknown: ")
          .append(m.why().message()).append(")");
    } else if (v instanceof List<?> list) {
      if (list.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append("[\n");
      for (int i = 0; i < list.size(); i++) {
        sb.append(pad).append(i).append(": ");
        write(sb, list.get(i), indent + 1);
        sb.append("\n");
      }
      sb.append("  ".repeat(indent)).append("]");
    } else if (v instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      map.forEach((k, x) -> {
        sb.append(pad).append(k).append(": ");
        write(sb, x, indent + 1);
        sb.append("\n");
      });
      sb.append("  ".repeat(indent)).append("}");
    } else {
      sb.append(scalar(v));
    }
  }

  static String scalar(Object v) {
    if (v == null) return "null";
    if (v instanceof String s) return quote(s);
    if (v instanceof Executor.ErrorValue e) return "error: " + e.message();
    if (v instanceof Unknown u) return "unknown (" + u.message() + ")";
    if (v instanceof ResourceRef r) return r.name() + " id = " + r.id();
    if (v instanceof Instant t) return DateTimeFormatter.ISO_INSTANT.format(t);
    if (v instanceof Dict d) return String.valueOf(toJson(d.value()));
    if (v instanceof Pattern p) return "/" + p.pattern() + "/";
    return String.valueOf(v);
  }

  private static String quote(String s) {
    try {
      // JSON quoting escapes C0 controls; SafeText also catches C1, bidi overrides and over-long values.
      return SafeText.of(JSON.writeValueAsString(s));
    } catch (Exception e) {
      return "\"" + s + "\"";
    }
  }

  /** The value as plain JSON data: blocks as objects, lists as arrays, time as RFC 3339, null as null. */
  public static Object toJson(Object v) {
    if (v instanceof Executor.Projection p) {
      Map<String, Object> out = new LinkedHashMap<>();
      p.fields().forEach((k, x) -> out.put(k, toJson(x)));
      return out;
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(x -> out.add(toJson(x)));
      return out;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, x) -> out.put(String.valueOf(k), toJson(x)));
      return out;
    }
    if (v instanceof Dict d) return toJson(d.value());
    if (v instanceof Instant t) return DateTimeFormatter.ISO_INSTANT.format(t);
    if (v instanceof ResourceRef r) return Map.of("resource", r.name(), "id", r.id());
    if (v instanceof Executor.ErrorValue e) return Map.of("error", e.message());
    if (v instanceof Unknown u) return Map.of("unknown", u.message());
    if (v instanceof MaybeList m) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("items", toJson(m.sure()));
      out.put("maybe", toJson(m.maybe()));
      out.put("unknown", m.why().message());
      return out;
    }
    if (v instanceof Pattern p) return p.pattern();
    return v;
  }

  public static String json(String query, Object value) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(query, toJson(value));
    try {
      return JSON.writeValueAsString(out);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
