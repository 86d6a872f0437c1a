package dev.vllmscan.provider.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vllmscan.provider.probe.Observation;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** vLLM recognition from signals that hold even with --api-key on. Weak signals never decide alone. */
public final class Fingerprints {
  public static final String WEAK_UVICORN = "server-header-uvicorn";
  private static final Pattern PEP440 = Pattern.compile("^\\d+\\.\\d+(\\.\\d+)*((a|b|rc)\\d+)?(\\.post\\d+)?(\\.dev\\d+)?(\\+[A-Za-z0-9.]+)?$");

  private Fingerprints() {}

  public static boolean isPep440(String v) {
    return v != null && PEP440.matcher(v).matches();
  }

  /**
   * @param version /version observation; @param models /v1/models observations (any identity);
   * @param metrics /metrics observation; @param all every observation of the run; @param guarded
   *     prefixes found guarded by vLLM's own 401 shape
   */
  public static Set<String> collect(Observation version, Collection<Observation> models, Observation metrics,
      List<String> openapiPaths, Collection<Observation> all, boolean vllmKeyUnderPrefixesOnly) {
    Set<String> out = new TreeSet<>();
    if (version != null && version.is2xx()) {
      JsonNode n = version.json();
      if (n != null && n.isObject() && n.size() == 1 && isPep440(n.path("version").asText(null))) out.add("version-endpoint");
    }
    for (Observation m : models) {
      if (m == null || !m.is2xx()) continue;
      JsonNode n = m.json();
      if (n != null) {
        for (JsonNode card : n.path("data")) {
          if ("vllm".equals(card.path("owned_by").asText())) out.add("models-owned-by-vllm");
        }
      }
    }
    if (metrics != null && metrics.is2xx() && PrometheusText.hasVllmSeries(metrics.text())) out.add("vllm-metrics");
    if (openapiPaths != null && openapiPaths.contains("/tokenize") && openapiPaths.contains("/v1/models")) {
      out.add("openapi-vllm-routes");
    }
    if (vllmKeyUnderPrefixesOnly) out.add("vllm-key-middleware");
    for (Observation o : all) {
      if (o == null || !o.answered()) continue;
      if (VllmEnvelope.isTyped(o)) out.add("vllm-error-envelope");
      String server = o.header("server");
      if (server != null && server.toLowerCase(Locale.ROOT).contains("uvicorn")) out.add(WEAK_UVICORN);
    }
    return out;
  }

  public static boolean strong(Set<String> fingerprints) {
    return fingerprints.stream().anyMatch(f -> !f.equals(WEAK_UVICORN));
  }

  /** Minimal view of Prometheus text used for recognition. */
  public static final class PrometheusText {
    private PrometheusText() {}

    public static boolean hasVllmSeries(String text) {
      for (String line : text.split("\n")) {
        String l = line.trim();
        if (l.startsWith("vllm:")) return true;
      }
      return false;
    }
  }
}
