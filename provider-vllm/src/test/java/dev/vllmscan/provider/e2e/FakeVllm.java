package dev.vllmscan.provider.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A MockWebServer dispatcher that answers like one vLLM configuration: a registered route set, the key
 * middleware of its era (prefix test before routing, OPTIONS skipped, 24-byte 401), FastAPI 404/405 with
 * {@code allow}, validation 400s in the era's envelope, Starlette CORS, the {@code /metrics} mount. Written
 * from the vLLM facts independently of the project's emulator, so the two check each other.
 */
public final class FakeVllm extends Dispatcher {
  public enum Cors { DEFAULT, CREDENTIALS, ALLOW_LIST }

  public final String version;
  private final Map<String, List<String>> routes = new LinkedHashMap<>();
  private final Map<String, String> bodies = new LinkedHashMap<>();
  private final List<String> invoked = new CopyOnWriteArrayList<>();
  public final List<RecordedRequest> seen = new CopyOnWriteArrayList<>();
  private String key;
  private List<String> guarded = List.of("/v1");
  private Cors cors = Cors.DEFAULT;
  private String allowedOrigin;
  private String model = "Qwen/Qwen3-0.6B";
  private List<String> loraAdapters = List.of();

  public FakeVllm(String version) {
    this.version = version;
    route("/health", "GET");
    route("/version", "GET");
    route("/v1/models", "GET");
    route("/tokenize", "POST");
    route("/detokenize", "POST");
    route("/v1/chat/completions", "POST");
    route("/v1/completions", "POST");
    route("/v1/embeddings", "POST");
    docs(true);
  }

  public FakeVllm route(String path, String... methods) {
    routes.put(path, List.of(methods));
    return this;
  }

  public FakeVllm without(String... paths) {
    for (String p : paths) routes.remove(p);
    return this;
  }

  public FakeVllm body(String path, String json) {
    bodies.put(path, json);
    return this;
  }

  public FakeVllm docs(boolean on) {
    for (String p : new String[] {"/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"}) {
      if (on) route(p, "GET", "HEAD");
      else routes.remove(p);
    }
    return this;
  }

  public FakeVllm key(String key, String... prefixes) {
    this.key = key;
    this.guarded = List.of(prefixes);
    return this;
  }

  public FakeVllm cors(Cors mode, String allowed) {
    this.cors = mode;
    this.allowedOrigin = allowed;
    return this;
  }

  public FakeVllm lora(String... adapters) {
    this.loraAdapters = List.of(adapters);
    return this;
  }

  /** The routes of an era, for a generate model with no optional flags (vllm-surface §7). */
  public FakeVllm era08() {
    route("/ping", "GET", "POST");
    route("/invocations", "POST");
    route("/load", "GET");
    for (String p : new String[] {"/pooling", "/score", "/rerank", "/v1/score", "/v1/rerank", "/v2/rerank",
        "/v1/audio/transcriptions"}) route(p, "POST");
    return this;
  }

  public FakeVllm era11() {
    era08();
    for (String p : new String[] {"/classify", "/v1/audio/translations", "/v1/responses", "/v1/messages",
        "/scale_elastic_ep", "/is_scaling_elastic_ep"}) route(p, "POST");
    route("/v1/responses/{id}", "GET");
    route("/v1/responses/{id}/cancel", "POST");
    return this;
  }

  public FakeVllm devMode() {
    route("/server_info", "GET");
    route("/is_sleeping", "GET");
    for (String p : new String[] {"/reset_prefix_cache", "/sleep", "/wake_up", "/collective_rpc", "/reset_mm_cache"}) {
      route(p, "POST");
    }
    return this;
  }

  /** Every state-changing handler that ran; the scanner must leave this empty. */
  public List<String> invocations() {
    return List.copyOf(invoked);
  }

  private boolean nested() {
    String[] v = version.split("[.]");
    int minor = Integer.parseInt(v[1]);
    int patch = Integer.parseInt(v[2].replaceAll("\\D.*", ""));
    return minor > 10 || (minor == 10 && patch >= 1);
  }

  @Override
  public MockResponse dispatch(RecordedRequest r) {
    seen.add(r);
    String path = r.getRequestUrl().encodedPath();
    String method = r.getMethod();
    String origin = r.getHeader("Origin");
    if (method.equals("OPTIONS") && origin != null && r.getHeader("Access-Control-Request-Method") != null) {
      return preflight(origin, r.getHeader("Access-Control-Request-Headers"));
    }
    if (key != null && !method.equals("OPTIONS") && guarded.stream().anyMatch(path::startsWith)
        && !("Bearer " + key).equals(r.getHeader("Authorization"))) {
      // The key middleware wraps CORS: no access-control headers on a 401.
      return json(401, "{\"error\":\"Unauthorized\"}");
    }
    return simpleCors(route(r, path, method), origin);
  }

  private MockResponse route(RecordedRequest r, String path, String method) {
    if (path.startsWith("/metrics")) return metrics();
    String matched = match(path);
    if (matched == null) return json(404, "{\"detail\":\"Not Found\"}");
    List<String> methods = routes.get(matched);
    if (!methods.contains(method)) {
      return json(405, "{\"detail\":\"Method Not Allowed\"}").setHeader("allow", methods.get(0));
    }
    if (STATE_CHANGING.contains(matched)) invoked.add(method + " " + path);
    if (bodies.containsKey(matched)) return json(200, bodies.get(matched));
    switch (matched) {
      case "/health", "/ping", "/sleep", "/wake_up", "/start_profile", "/stop_profile" -> {
        return new MockResponse().setResponseCode(200).setHeader("server", "uvicorn");
      }
      case "/version" -> {
        return json(200, "{\"version\":\"" + version + "\"}");
      }
      case "/load" -> {
        return json(200, "{\"server_load\":0}");
      }
      case "/v1/models" -> {
        return json(200, models());
      }
      case "/openapi.json" -> {
        return json(200, openapi());
      }
      case "/docs", "/redoc" -> {
        return new MockResponse().setResponseCode(200).setHeader("content-type", "text/html; charset=utf-8")
            .setBody("<html><head><title>FastAPI - Swagger UI</title></head></html>");
      }
      case "/v1/responses/{id}" -> {
        return error(404, "Response with id '" + path.substring(path.lastIndexOf('/') + 1) + "' not found.",
            "invalid_request_error", "response_id");
      }
      default -> {
        if (method.equals("POST")) {
          return error(400, "[{'type': 'missing', 'loc': ('body', 'messages'), 'msg': 'Field required', 'input': {}}]",
              nested() ? "Bad Request" : "BadRequestError", null);
        }
        return json(200, "{}");
      }
    }
  }

  private String match(String path) {
    if (routes.containsKey(path)) return path;
    for (String p : routes.keySet()) {
      if (p.contains("{id}") && path.matches(p.replace("{id}", "[^/]+"))) return p;
    }
    return null;
  }

  public static final java.util.Set<String> STATE_CHANGING = java.util.Set.of("/sleep", "/wake_up", "/reset_prefix_cache",
      "/reset_mm_cache", "/reset_encoder_cache", "/collective_rpc", "/pause", "/resume", "/abort_requests",
      "/scale_elastic_ep", "/start_profile", "/stop_profile", "/v1/load_lora_adapter", "/v1/unload_lora_adapter",
      "/init_weight_transfer_engine", "/update_weights", "/start_weight_update", "/finish_weight_update",
      "/update_weight_version", "/start_draft_weight_update", "/v1/responses/{id}/cancel", "/inference/v1/abort_requests",
      "/release_kv_cache_memory", "/shutdown_weight_transfer_engine", "/weight_checker");

  private MockResponse preflight(String origin, String requestedHeaders) {
    MockResponse m = new MockResponse().setHeader("server", "uvicorn")
        .setHeader("access-control-allow-methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")
        .setHeader("access-control-max-age", "600").setHeader("content-type", "text/plain; charset=utf-8");
    if (requestedHeaders != null) m.setHeader("access-control-allow-headers", requestedHeaders);
    switch (cors) {
      case DEFAULT -> m.setHeader("access-control-allow-origin", "*");
      case CREDENTIALS -> m.setHeader("access-control-allow-origin", origin)
          .setHeader("access-control-allow-credentials", "true").setHeader("vary", "Origin");
      case ALLOW_LIST -> {
        if (!origin.equals(allowedOrigin)) return m.setResponseCode(400).setHeader("vary", "Origin").setBody("Disallowed CORS origin");
        m.setHeader("access-control-allow-origin", origin).setHeader("vary", "Origin");
      }
    }
    return m.setResponseCode(200).setBody("OK");
  }

  private MockResponse simpleCors(MockResponse m, String origin) {
    if (origin == null || m.getStatus().contains(" 401 ")) return m;
    switch (cors) {
      case DEFAULT -> m.setHeader("access-control-allow-origin", "*");
      case CREDENTIALS -> m.setHeader("access-control-allow-origin", origin).setHeader("access-control-allow-credentials", "true");
      case ALLOW_LIST -> {
        if (origin.equals(allowedOrigin)) m.setHeader("access-control-allow-origin", origin);
      }
    }
    return m.setHeader("vary", "Origin");
  }

  private MockResponse metrics() {
    StringBuilder sb = new StringBuilder();
    sb.append("# HELP vllm:num_requests_running Number of requests in model execution batches.\n")
        .append("# TYPE vllm:num_requests_running gauge\n")
        .append("vllm:num_requests_running{model_name=\"").append(model).append("\"} 0.0\n")
        .append("# TYPE vllm:cache_config_info gauge\n")
        .append("vllm:cache_config_info{block_size=\"16\",cache_dtype=\"auto\",enable_prefix_caching=\"True\",")
        .append("gpu_memory_utilization=\"0.9\",num_gpu_blocks=\"27000\",swap_space=\"4\"} 1.0\n");
    if (!loraAdapters.isEmpty()) {
      sb.append("vllm:lora_requests_info{max_lora=\"4\",running_lora_adapters=\"").append(loraAdapters.get(0))
          .append("\",waiting_lora_adapters=\"").append(String.join(",", loraAdapters.subList(1, loraAdapters.size())))
          .append("\"} 1.7e+09\n");
    }
    return new MockResponse().setResponseCode(200).setHeader("server", "uvicorn")
        .setHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").setBody(sb.toString());
  }

  private String models() {
    List<String> cards = new ArrayList<>();
    cards.add(card(model, model, "null", "4096"));
    for (String a : loraAdapters) cards.add(card(a, "/adapters/" + a, "\"" + model + "\"", "null"));
    return "{\"object\":\"list\",\"data\":[" + String.join(",", cards) + "]}";
  }

  private static String card(String id, String root, String parent, String maxLen) {
    return "{\"id\":\"" + id + "\",\"object\":\"model\",\"created\":1732000000,\"owned_by\":\"vllm\",\"root\":\"" + root
        + "\",\"parent\":" + parent + ",\"max_model_len\":" + maxLen + ",\"permission\":[{\"id\":\"modelperm-0a1b2c3d4e5f60718293a4b5c6d7e8f9\","
        + "\"object\":\"model_permission\",\"created\":1732000000,\"allow_create_engine\":false,\"allow_sampling\":true,"
        + "\"allow_logprobs\":true,\"allow_search_indices\":false,\"allow_view\":true,\"allow_fine_tuning\":false,"
        + "\"organization\":\"*\",\"group\":null,\"is_blocking\":false}]}";
  }

  private String openapi() {
    StringBuilder sb = new StringBuilder("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"FastAPI\",\"version\":\"0.1.0\"},\"paths\":{");
    boolean first = true;
    for (Map.Entry<String, List<String>> e : routes.entrySet()) {
      if (e.getKey().startsWith("/docs") || e.getKey().equals("/redoc") || e.getKey().equals("/openapi.json")) continue;
      if (!first) sb.append(',');
      first = false;
      sb.append('"').append(e.getKey().replace("{id}", "{response_id}")).append("\":{");
      List<String> ms = e.getValue();
      for (int i = 0; i < ms.size(); i++) {
        sb.append(i == 0 ? "" : ",").append('"').append(ms.get(i).toLowerCase()).append("\":{\"summary\":\"x\"}");
      }
      sb.append('}');
    }
    return sb.append("}}").toString();
  }

  private MockResponse error(int code, String message, String type, String param) {
    String p = param == null ? "null" : "\"" + param + "\"";
    String m = message.replace("'", "\\u0027");
    String body = nested()
        ? "{\"error\":{\"message\":\"" + m + "\",\"type\":\"" + type + "\",\"param\":" + p + ",\"code\":" + code + "}}"
        : "{\"object\":\"error\",\"message\":\"" + m + "\",\"type\":\"" + type + "\",\"param\":" + p + ",\"code\":" + code + "}";
    return json(code, body);
  }

  public static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("server", "uvicorn")
        .setHeader("content-type", "application/json").setBody(body);
  }
}
