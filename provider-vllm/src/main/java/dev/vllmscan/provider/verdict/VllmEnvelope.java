package dev.vllmscan.provider.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vllmscan.provider.probe.Observation;

/**
 * vLLM's own error envelope: flat {@code {"object":"error","message","type","code"}} (≤0.10.0) or nested
 * {@code {"error":{"message","type"?,"code"}}} (≥0.10.1). A handler wrote it, so the route exists; FastAPI's
 * router answers a missing route with {@code {"detail":"Not Found"}} instead.
 */
public final class VllmEnvelope {
  private VllmEnvelope() {}

  /** The envelope's inner object, or null when the answer is not one. */
  static JsonNode of(Observation o) {
    if (o == null || !o.answered() || !o.contentType().contains("json")) return null;
    JsonNode n = o.json();
    if (n == null || !n.isObject()) return null;
    if ("error".equals(n.path("object").asText()) && n.has("message") && n.has("code")) return n;
    JsonNode e = n.path("error");
    if (e.isObject() && e.has("message") && e.path("code").isInt()) return e;
    return null;
  }

  public static boolean is(Observation o) {
    return of(o) != null;
  }

  /** Envelope with its characteristic types (used for recognition, which wants more than the shape). */
  static boolean isTyped(Observation o) {
    JsonNode e = of(o);
    if (e == null) return false;
    // Flat (the envelope is the body itself, marked "object": "error"): any type counts.
    if ("error".equals(e.path("object").asText())) return e.has("type");
    String type = e.path("type").asText("");
    return type.endsWith("Error") || type.equals("Bad Request") || type.equals("Not Found");
  }

  /**
   * A 404 written by a route's handler about the object asked for ("Response with id … not found"), not a
   * router's generic "Not Found" turned into an envelope.
   */
  static boolean isHandlerNotFound(Observation o) {
    // The status first: it decides most answers without parsing the body.
    if (o == null || !o.answered() || o.status() != 404) return false;
    JsonNode e = of(o);
    if (e == null) return false;
    String message = e.path("message").asText("").trim();
    return !message.isEmpty() && !message.equalsIgnoreCase("Not Found");
  }

  /** vLLM switched the feature off (e.g. "Scale-out endpoints are disabled"): a 403 from the handler, not an auth layer. */
  static boolean isFeatureDisabled(Observation o) {
    if (o == null || !o.answered() || o.status() != 403 || o.header("www-authenticate") != null) return false;
    JsonNode e = of(o);
    if (e == null) return false;
    String type = e.path("type").asText("");
    return e.path("code").asInt() == 403 || type.contains("PermissionDenied");
  }

  public static String message(Observation o) {
    JsonNode e = of(o);
    return e == null ? null : e.path("message").asText(null);
  }
}
