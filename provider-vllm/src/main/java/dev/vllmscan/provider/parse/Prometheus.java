package dev.vllmscan.provider.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the identifying labels of {@code vllm:} series from Prometheus text exposition. Sample values
 * are never kept. Long or malformed lines are skipped and counted, never silently stop the parse.
 */
public final class Prometheus {
  public static final int MAX_LINE = 1024 * 1024;

  /** One scrape's facts. */
  public record Snapshot(List<String> modelNames, List<String> loraAdapters, boolean cacheConfigExposed,
      Map<String, String> cacheConfig, Map<String, Map<String, String>> cacheConfigByEngine, int vllmSamples,
      int skippedLines) {}

  private Prometheus() {}

  public static boolean isTextExposition(String contentType) {
    String ct = contentType == null ? "" : contentType.toLowerCase();
    return ct.startsWith("text/plain") || ct.startsWith("application/openmetrics-text");
  }

  public static Snapshot parse(String text) {
    Set<String> models = new TreeSet<>();
    Set<String> adapters = new TreeSet<>();
    Map<String, String> cache = new TreeMap<>();
    Map<String, Map<String, String>> byEngine = new TreeMap<>();
    boolean cacheSeen = false;
    int samples = 0;
    int skipped = 0;
    for (String raw : text.split("\n")) {
      if (raw.length() > MAX_LINE) {
        skipped++;
        continue;
      }
      String line = raw.trim();
      if (line.isEmpty() || line.startsWith("#")) continue;
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      int end = brace >= 0 && (space < 0 || brace < space) ? brace : space;
      String name = end < 0 ? line : line.substring(0, end);
      if (!name.startsWith("vllm:")) continue;
      samples++;
      Map<String, String> labels = brace >= 0 && brace == end ? labels(line, brace + 1) : Map.of();
      String model = labels.get("model_name");
      if (model != null && !model.isBlank()) models.add(model.trim());
      if (name.equals("vllm:lora_requests_info")) {
        for (String key : List.of("running_lora_adapters", "waiting_lora_adapters")) {
          String v = labels.get(key);
          if (v == null) continue;
          for (String a : v.split(",")) {
            if (!a.isBlank()) adapters.add(a.trim());
          }
        }
      }
      if (name.equals("vllm:cache_config_info")) {
        cacheSeen = true;
        Map<String, String> copy = new TreeMap<>(labels);
        String engine = copy.remove("engine");
        cache.putAll(copy);
        byEngine.put(engine == null ? "" : engine, copy);
      }
    }
    return new Snapshot(new ArrayList<>(models), new ArrayList<>(adapters), cacheSeen, cache, byEngine, samples, skipped);
  }

  /** key="value" pairs; malformed syntax ends label parsing but keeps what was read. */
  static Map<String, String> labels(String line, int from) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = from;
    int n = line.length();
    while (i < n) {
      while (i < n && (line.charAt(i) == ',' || line.charAt(i) == ' ')) i++;
      if (i >= n || line.charAt(i) == '}') break;
      int eq = line.indexOf('=', i);
      if (eq < 0 || eq + 1 >= n || line.charAt(eq + 1) != '"') break;
      String key = line.substring(i, eq).trim();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      boolean closed = false;
      while (j < n) {
        char c = line.charAt(j);
        if (c == '\\' && j + 1 < n) {
          char e = line.charAt(j + 1);
          value.append(e == 'n' ? '\n' : e);
          j += 2;
        } else if (c == '"') {
          closed = true;
          j++;
          break;
        } else {
          value.append(c);
          j++;
        }
      }
      if (!closed) break;
      out.put(key, value.toString());
      i = j;
    }
    return out;
  }
}
