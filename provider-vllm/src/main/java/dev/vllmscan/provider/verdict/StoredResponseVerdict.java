package dev.vllmscan.provider.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vllmscan.provider.probe.Observation;
import dev.vllmscan.provider.probe.RouteSpec;

/**
 * One classifier for the stored-response row and the roll-up: can an anonymous caller reach vLLM's
 * response-retrieval handler? A 404 counts only when it is the handler's own answer about our synthetic id.
 */
public final class StoredResponseVerdict {
  private StoredResponseVerdict() {}

  public static Boolean exposed(Observation o, String baseUrl, boolean isVllm) {
    if (o == null || !o.answered()) return null;
    int s = o.status();
    AccessClass c = AccessClassifier.classify(o, baseUrl, "GET");
    if (c == AccessClass.AUTH) return false;
    if (s >= 500) return null;
    if (s == 404) return isVllm && handlerShaped(o) ? Boolean.TRUE : Boolean.FALSE;
    if (s >= 200 && s < 300) return true;
    if (s == 400 || s == 422) return true;
    if (s == 405) return false;
    return null;
  }

  static boolean handlerShaped(Observation o) {
    JsonNode n = o.json();
    if (n == null || !n.isObject()) return false;
    JsonNode err = n.has("error") && n.get("error").isObject() ? n.get("error") : n;
    String param = err.path("param").asText("");
    String message = err.path("message").asText("");
    return param.equals("response_id") || message.contains(RouteSpec.SYNTH_RESPONSE_ID);
  }
}
