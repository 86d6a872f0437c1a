package dev.vllmscan.launcher.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server on loopback that answers like a vLLM server of the profile's era: route set, key
 * middleware on guarded prefixes (OPTIONS skipped, 24-byte 401), FastAPI 404/405 with Allow, validation
 * 400 envelopes, Starlette CORS, docs, metrics, optional TLS and latency. Every state-changing handler
 * records its invocation, so tests can assert the scanner never reached one.
 */
public final class VllmEmulator implements Emulator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> STATE_CHANGING = Set.of("/pause", "/resume", "/abort_requests", "/scale_elastic_ep",
      "/reset_prefix_cache", "/reset_mm_cache", "/reset_encoder_cache", "/sleep", "/wake_up", "/collective_rpc",
      "/init_weight_transfer_engine", "/start_weight_update", "/start_draft_weight_update", "/update_weights",
      "/finish_weight_update", "/update_weight_version", "/start_profile", "/stop_profile", "/v1/load_lora_adapter",
      "/v1/unload_lora_adapter", "/v1/responses/{id}/cancel", "/inference/v1/abort_requests", "/release_kv_cache_memory",
      "/shutdown_weight_transfer_engine", "/weight_checker", "/adapters", "/adapters/{adapter_name}");
  /** Routes whose validation 400 vLLM types "BadRequestError" from 0.29 (recorded), the others "Bad Request". */
  private static final Set<String> COMPLETION_400 = Set.of("/v1/completions", "/v1/completions/render");
  /** From 0.30 these are registered but answer 403 in vLLM's envelope unless --enable-scale-out (as vLLM 0.33's app does). */
  private static final Set<String> SCALE_OUT = Set.of("/inference/v1/generate", "/v1/completions/render",
      "/v1/chat/completions/render", "/v1/messages/render", "/v1/responses/render", "/v1/completions/derender",
      "/v1/chat/completions/derender");

  private final Profile profile;
  /** The private CA's certificate (PEM) when the profile has one, for --ca-cert or SSL_CERT_FILE; else null. */
  private final String caPem;
  private final Map<String, List<String>> routes;
  private final HttpServer server;
  private final List<String> invocations = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  static {
    IdleConnections.keepThemAll();
  }

  private static final ScheduledExecutorService DELAY =
      Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "vllm-emulator-latency");
        t.setDaemon(true);
        return t;
      });
  private static final Pattern MOUNT = Pattern.compile("/t/(\\d{1,6})(/.*|)");
  private volatile int mounts;
  /**
   * Every request, appended by the server's threads: a copy-on-write list here copied the whole log on each of a
   * fleet bench's ~100,000 requests (a third of the emulator's CPU); a queue appends in constant time.
   */
  private final Queue<String> requestLog = new ConcurrentLinkedQueue<>();
  private final AtomicInteger logged = new AtomicInteger();
  private static final int REQUEST_LOG_LIMIT = 100_000;
  private SidePortListeners sidePorts;

  private VllmEmulator(Profile profile, int port) throws IOException {
    this.profile = profile;
    this.routes = RouteTable.forProfile(profile);
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    if (profile.on(profile.tls())) {
      // privateCa: the certificate is issued by a CA made for this emulator (as an enterprise's internal CA would
      // issue it), which a scan trusts with --ca-cert or SSL_CERT_FILE; otherwise it is self-signed.
      HeldCertificate ca = profile.on(profile.privateCa())
          ? new HeldCertificate.Builder().certificateAuthority(0).commonName("vllm-emulator private CA").build() : null;
      HeldCertificate.Builder leaf = new HeldCertificate.Builder().addSubjectAlternativeName("localhost")
          .addSubjectAlternativeName("127.0.0.1").commonName("vllm-emulator");
      HeldCertificate cert = (ca != null ? leaf.signedBy(ca) : leaf).build();
      HandshakeCertificates certs = ca != null
          ? new HandshakeCertificates.Builder().heldCertificate(cert, ca.certificate()).build()
          : new HandshakeCertificates.Builder().heldCertificate(cert).build();
      caPem = ca != null ? ca.certificatePem() : null;
      HttpsServer https = HttpsServer.create(address, 4096);
      https.setHttpsConfigurator(new HttpsConfigurator(certs.sslContext()));
      server = https;
    } else {
      server = HttpServer.create(address, 4096);
      caPem = null;
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(32, r -> {
      Thread t = new Thread(r, "vllm-emulator");
      t.setDaemon(true);
      return t;
    }));
  }

  public static VllmEmulator start(Profile profile, int port) {
    try {
      VllmEmulator e = new VllmEmulator(profile, port);
      try {
        e.sidePorts = SidePortListeners.open(profile.sidePorts());
      } catch (IllegalStateException failed) {
        e.server.stop(0);
        throw failed;
      }
      e.server.start();
      return e;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the vLLM emulator: " + e.getMessage(), e);
    }
  }

  /** One server that answers as {@code count} separate targets, {@code url(i)} for i in [0, count). */
  public static VllmEmulator startFleet(Profile profile, int count) {
    VllmEmulator e = start(profile, 0);
    e.mounts = count;
    return e;
  }

  public String url(int target) {
    if (target < 0 || target >= mounts) throw new IllegalArgumentException("no emulated target " + target);
    return url() + "/t/" + target;
  }

  @Override
  public String url() {
    return (profile.on(profile.tls()) ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public Profile profile() {
    return profile;
  }

  /** The PEM certificate of the CA that issued this emulator's TLS certificate (privateCa profiles), else null. */
  @Override
  public String caCertificatePem() {
    return caPem;
  }

  /** State-changing handlers that ran ("POST /sleep"); the scanner must leave this empty. */
  @Override
  public List<String> invocations() {
    return List.copyOf(invocations);
  }

  /** What was asked, in order: {@code METHOD /path?query [+key] [+origin]} (for the bench's sequential replay). */
  public List<String> requestLog() {
    return List.copyOf(requestLog);
  }

  public void clearRequestLog() {
    requestLog.clear();
    logged.set(0);
  }

  public int requests() {
    return requests.get();
  }

  private final AtomicInteger keyed = new AtomicInteger();

  /** Requests that carried the profile's own API key (so a test can tell which key a scan used). */
  public int requestsWithTheRightKey() {
    return keyed.get();
  }

  /** As vLLM 0.30+ answers it: rank 0's resolved publisher config when the profile has one, else {}. */
  private Map<String, Object> kvEventSources() {
    Integer port = sidePorts.ports().get("kv-events");
    if (port == null) return Map.of();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("enable_kv_cache_events", true);
    config.put("publisher", "zmq");
    config.put("endpoint", "tcp://*:" + port);
    config.put("replay_endpoint", null);
    config.put("buffer_steps", 10000);
    config.put("hwm", 100000);
    config.put("max_queue_size", 100000);
    config.put("topic", "");
    return Map.of("0", config);
  }

  @Override
  public SidePortListeners sidePorts() {
    return sidePorts;
  }

  @Override
  public void close() {
    server.stop(0);
    if (sidePorts != null) sidePorts.close();
  }

  // --- request handling ------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    if (logged.getAndIncrement() < REQUEST_LOG_LIMIT) {
      requestLog.add(ex.getRequestMethod() + " " + ex.getRequestURI()
          + (ex.getRequestHeaders().containsKey("Authorization") ? " +key" : "")
          + (ex.getRequestHeaders().containsKey("Origin") ? " +origin" : ""));
    }
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(bodyLimit(ex));
    }
    if (profile.latencyMs() != null && profile.latencyMs() > 0) {
      // Injected latency holds no thread: thousands of emulated round trips can be in flight at once.
      DELAY.schedule(() -> respondQuietly(ex, body), profile.latencyMs(), TimeUnit.MILLISECONDS);
    } else {
      respondQuietly(ex, body);
    }
  }

  /**
   * How many body bytes to read: the declared length, or up to 1 MiB of a chunked body. readNBytes allocates its first
   * buffer (16 KiB) for any positive limit, so every bodiless GET cost 16 KiB of garbage: a quarter of the bench JVM's
   * allocation in a 1,000-target fleet, whose collections compete with the scan for the same two cores.
   */
  private static int bodyLimit(HttpExchange ex) {
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    if (declared == null) {
      // HTTP/1.1: a request with neither header has no body; a chunked one is read up to the cap.
      String coding = ex.getRequestHeaders().getFirst("Transfer-Encoding");
      return coding != null && coding.toLowerCase(Locale.ROOT).contains("chunked") ? 1 << 20 : 0;
    }
    try {
      return (int) Math.min(Math.max(Long.parseLong(declared.trim()), 0), 1 << 20);
    } catch (NumberFormatException e) {
      return 1 << 20;
    }
  }

  private void respondQuietly(HttpExchange ex, byte[] body) {
    try {
      respond(ex, body);
    } catch (IOException | RuntimeException e) {
      ex.close();
    }
  }

  private void respond(HttpExchange ex, byte[] body) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = ex.getRequestURI().getPath();
      ex.getResponseHeaders().add("server", "uvicorn");
      if (mounts > 0) {
        // Fleet mode: /t/<n>/... is target n; anything else does not exist on any target.
        Matcher m = MOUNT.matcher(path);
        if (!m.matches() || Integer.parseInt(m.group(1)) >= mounts) {
          send(ex, 404, "application/json", "{\"detail\":\"Not Found\"}");
          return;
        }
        path = m.group(2).isEmpty() ? "/" : m.group(2);
      }
      if (profile.on(profile.authWall()) && !(method.equals("GET") && path.equals("/health"))) {
        // A gateway in front of vLLM (its own credentials, not vLLM's key) that passes only vLLM's /health through.
        ex.getResponseHeaders().set("server", "envoy");
        ex.getResponseHeaders().add("www-authenticate", "Bearer realm=\"gateway\"");
        send(ex, 401, "application/json", "{\"message\":\"unauthorized\"}");
        return;
      }
      String origin = ex.getRequestHeaders().getFirst("Origin");
      if (method.equals("OPTIONS") && origin != null && ex.getRequestHeaders().getFirst("Access-Control-Request-Method") != null) {
        preflight(ex, origin);
        return;
      }
      if (profile.apiKey() != null && !method.equals("OPTIONS")
          && profile.guardedPrefixes().stream().anyMatch(path::startsWith) && !authorized(ex)) {
        send(ex, 401, "application/json", "{\"error\":\"Unauthorized\"}");
        return;
      }
      simpleCors(ex, origin);
      route(ex, method, path, body);
    }
  }

  private boolean authorized(HttpExchange ex) {
    String h = ex.getRequestHeaders().getFirst("Authorization");
    if (h == null) return false;
    int space = h.indexOf(' ');
    if (space < 0) return false;
    boolean ok = h.substring(0, space).equalsIgnoreCase("bearer") && h.substring(space + 1).equals(profile.apiKey());
    if (ok) keyed.incrementAndGet();
    return ok;
  }

  private void preflight(HttpExchange ex, String origin) throws IOException {
    var h = ex.getResponseHeaders();
    boolean modern = profile.starlette().equals("1.x");
    h.add("access-control-allow-methods", modern ? "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY"
        : "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    h.add("access-control-max-age", "600");
    String requested = ex.getRequestHeaders().getFirst("Access-Control-Request-Headers");
    if (requested != null) h.add("access-control-allow-headers", requested);
    switch (corsMode()) {
      case "allowlist" -> {
        h.add("vary", "Origin");
        if (!profile.allowedOrigins().contains(origin)) {
          send(ex, 400, "text/plain; charset=utf-8", "Disallowed CORS origin");
          return;
        }
        h.add("access-control-allow-origin", origin);
      }
      case "credentials" -> {
        h.add("access-control-allow-origin", origin);
        h.add("access-control-allow-credentials", "true");
        h.add("vary", "Origin");
      }
      default -> h.add("access-control-allow-origin", "*");
    }
    send(ex, 200, "text/plain; charset=utf-8", "OK");
  }

  private void simpleCors(HttpExchange ex, String origin) {
    if (origin == null) return;
    switch (corsMode()) {
      case "allowlist" -> {
        if (profile.allowedOrigins().contains(origin)) ex.getResponseHeaders().add("access-control-allow-origin", origin);
      }
      case "credentials" -> {
        ex.getResponseHeaders().add("access-control-allow-origin", origin);
        ex.getResponseHeaders().add("access-control-allow-credentials", "true");
      }
      default -> ex.getResponseHeaders().add("access-control-allow-origin", "*");
    }
  }

  /** vLLM 0.30 changed the --allowed-origins default from ["*"] to []: the default then allows no origin. */
  private String corsMode() {
    boolean newDefault = profile.compareVersion("0.30.0") >= 0;
    return profile.cors().equals("default") && newDefault ? "allowlist" : profile.cors();
  }

  private String template(String path) {
    // A static route wins over a parameter one, as in FastAPI: /v1/responses/render is not a response id.
    if (routes.containsKey(path)) return path;
    if (path.startsWith("/v1/responses/")) {
      String rest = path.substring("/v1/responses/".length());
      if (!rest.isEmpty() && !rest.contains("/")) return "/v1/responses/{id}";
      if (rest.endsWith("/cancel") && rest.indexOf('/') == rest.length() - "/cancel".length()) return "/v1/responses/{id}/cancel";
    }
    // SageMaker's adapter route (vLLM >= 0.11.1 with runtime LoRA updating): DELETE /adapters/{adapter_name}.
    if (path.startsWith("/adapters/") && path.length() > "/adapters/".length() && path.indexOf('/', "/adapters/".length()) < 0) {
      return "/adapters/{adapter_name}";
    }
    return path;
  }

  private void route(HttpExchange ex, String method, String path, byte[] body) throws IOException {
    if (path.startsWith("/metrics")) {
      metrics(ex);
      return;
    }
    String key = template(path);
    List<String> methods = routes.get(key);
    if (methods == null) {
      send(ex, 404, "application/json", "{\"detail\":\"Not Found\"}");
      return;
    }
    if (!methods.contains(method)) {
      ex.getResponseHeaders().add("allow", String.join(", ", methods.stream().filter(m -> !m.equals("HEAD")).toList()));
      send(ex, 405, "application/json", "{\"detail\":\"Method Not Allowed\"}");
      return;
    }
    if (SCALE_OUT.contains(key) && profile.compareVersion("0.30.0") >= 0) {
      error(ex, 403, "Scale-out endpoints are disabled. Restart vllm serve with --enable-scale-out to enable them.",
          "PermissionDeniedError", null);
      return;
    }
    if (STATE_CHANGING.contains(key)) {
      invocations.add(method + " " + path);
      send(ex, 200, "application/json", "{}");
      return;
    }
    switch (key) {
      case "/health", "/ping" -> send(ex, 200, null, "");
      case "/version" -> json(ex, 200, Map.of("version", profile.version()));
      case "/load" -> json(ex, 200, Map.of("server_load", 0));
      case "/kv_event_sources" -> json(ex, 200, kvEventSources());
      case "/v1/models" -> json(ex, 200, models());
      case "/openapi.json" -> json(ex, 200, openapi());
      case "/docs" -> send(ex, 200, "text/html; charset=utf-8",
          "<!DOCTYPE html><html><head><title>FastAPI - Swagger UI</title></head><body><div id=\"swagger-ui\"></div></body></html>");
      case "/redoc" -> send(ex, 200, "text/html; charset=utf-8",
          "<!DOCTYPE html><html><head><title>FastAPI - ReDoc</title></head><body><redoc spec-url=\"/openapi.json\"></redoc></body></html>");
      case "/tokenizer_info" -> json(ex, 200, Map.of("tokenizer_class", "Qwen2TokenizerFast", "model_max_length", 32768,
          "chat_template", "{% for m in messages %}{{ m.content }}{% endfor %}", "add_bos_token", false,
          "eos_token", "<|im_end|>"));
      case "/server_info" -> json(ex, 200, serverInfo(ex.getRequestURI().getQuery()));
      case "/is_sleeping" -> json(ex, 200, Map.of("is_sleeping", false));
      case "/is_paused" -> json(ex, 200, Map.of("is_paused", false));
      case "/is_scaling_elastic_ep" -> json(ex, 200, Map.of("is_scaling_elastic_ep", false));
      case "/get_world_size" -> json(ex, 200, Map.of("world_size", 1));
      case "/weight_info" -> json(ex, 200, Map.of("weight_version", "0"));
      case "/v1/responses/{id}" -> error(ex, 404, "Response with id '" + path.substring(14) + "' not found.",
          "NotFoundError", "response_id");
      default -> validation(ex, key, body);
    }
  }

  private void validation(HttpExchange ex, String route, byte[] body) throws IOException {
    String message = body.length == 0 ? "Field required" : "1 validation error: {'type': 'missing', 'loc': ('body', 'messages'),"
        + " 'msg': 'Field required', 'input': {}}";
    // Recorded: 0.8.5 answers a flat envelope typed "BadRequestError", 0.10.2 the nested one typed "Bad Request";
    // 0.29.0 and 0.33.0 type the completion routes' 400 "BadRequestError" again (0.14.1 still "Bad Request").
    boolean completionTyped = COMPLETION_400.contains(route) && profile.compareVersion("0.29.0") >= 0;
    error(ex, 400, message, profile.nestedErrors() && !completionTyped ? "Bad Request" : "BadRequestError", null);
  }

  private void error(HttpExchange ex, int status, String message, String type, String param) throws IOException {
    Map<String, Object> err = new LinkedHashMap<>();
    if (profile.nestedErrors()) {
      err.put("message", message);
      err.put("type", type);
      err.put("param", param);
      err.put("code", status);
      json(ex, status, Map.of("error", err));
    } else {
      err.put("object", "error");
      err.put("message", message);
      err.put("type", type);
      err.put("param", param);
      err.put("code", status);
      json(ex, status, err);
    }
  }

  private Map<String, Object> models() {
    List<Object> data = new ArrayList<>();
    data.add(card(profile.model(), profile.model(), null, 32768));
    for (String a : profile.loraAdapters()) data.add(card(a, "/adapters/" + a, profile.model(), null));
    return Map.of("object", "list", "data", data);
  }

  private Map<String, Object> card(String id, String root, String parent, Integer maxLen) {
    Map<String, Object> perm = new LinkedHashMap<>();
    perm.put("id", "modelperm-" + Integer.toHexString(id.hashCode()));
    perm.put("object", "model_permission");
    perm.put("created", 1732000000);
    perm.put("allow_create_engine", false);
    perm.put("allow_sampling", true);
    perm.put("allow_logprobs", true);
    perm.put("allow_search_indices", false);
    perm.put("allow_view", true);
    perm.put("allow_fine_tuning", false);
    perm.put("organization", "*");
    perm.put("group", null);
    perm.put("is_blocking", false);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", id);
    c.put("object", "model");
    c.put("created", 1732000000);
    c.put("owned_by", "vllm");
    c.put("root", root);
    c.put("parent", parent);
    c.put("max_model_len", maxLen);
    c.put("permission", List.of(perm));
    return c;
  }

  private Map<String, Object> openapi() {
    Map<String, Object> paths = new LinkedHashMap<>();
    routes.forEach((p, methods) -> {
      Map<String, Object> ops = new LinkedHashMap<>();
      methods.stream().filter(m -> !m.equals("HEAD")).forEach(m -> ops.put(m.toLowerCase(Locale.ROOT), Map.of()));
      paths.put(p.replace("{id}", "{response_id}"), ops);
    });
    paths.put("/metrics", Map.of("get", Map.of()));
    return Map.of("openapi", "3.1.0", "info", Map.of("title", "FastAPI", "version", "0.1.0"), "paths", paths);
  }

  private Map<String, Object> serverInfo(String query) {
    boolean jsonConfig = query != null && query.contains("config_format=json") && profile.compareVersion("0.11.0") >= 0;
    Object config = jsonConfig
        ? Map.of("model_config", Map.of("model", profile.model(), "tokenizer", profile.model(), "tokenizer_mode", "auto",
            "trust_remote_code", false, "max_model_len", 32768, "served_model_name", profile.model()),
            "cache_config", Map.of("enable_prefix_caching", true, "block_size", 16),
            "parallel_config", Map.of("tensor_parallel_size", 1, "pipeline_parallel_size", 1, "data_parallel_size", 1))
        : "model='" + profile.model() + "', speculative_config=None, tokenizer='" + profile.model() + "'";
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("vllm_config", config);
    out.put("vllm_env", Map.of("VLLM_SERVER_DEV_MODE", "1",
        "VLLM_ALLOW_RUNTIME_LORA_UPDATING", profile.on(profile.runtimeLora()) ? "True" : "False"));
    return out;
  }

  private void metrics(HttpExchange ex) throws IOException {
    StringBuilder sb = new StringBuilder();
    String m = profile.model();
    sb.append("# HELP vllm:num_requests_running Number of requests in model execution batches.\n");
    sb.append("# TYPE vllm:num_requests_running gauge\n");
    sb.append("vllm:num_requests_running{engine=\"0\",model_name=\"").append(m).append("\"} 0.0\n");
    sb.append("vllm:num_requests_waiting{engine=\"0\",model_name=\"").append(m).append("\"} 0.0\n");
    sb.append("vllm:cache_config_info{block_size=\"16\",cache_dtype=\"auto\",enable_prefix_caching=\"True\",engine=\"0\","
        + "gpu_memory_utilization=\"0.9\"} 1.0\n");
    if (!profile.loraAdapters().isEmpty()) {
      sb.append("vllm:lora_requests_info{max_lora=\"4\",running_lora_adapters=\"").append(profile.loraAdapters().get(0))
          .append("\",waiting_lora_adapters=\"").append(String.join(",", profile.loraAdapters())).append("\"} 1.7e9\n");
    }
    sb.append("python_info{implementation=\"CPython\",major=\"3\",minor=\"12\"} 1.0\n");
    send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", sb.toString());
  }

  private static void json(HttpExchange ex, int status, Object value) throws IOException {
    send(ex, status, "application/json", JSON.writeValueAsString(value));
  }

  private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (contentType != null) ex.getResponseHeaders().add("content-type", contentType);
    boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
    ex.sendResponseHeaders(status, bytes.length == 0 || head ? -1 : bytes.length);
    if (bytes.length > 0 && !head) ex.getResponseBody().write(bytes);
  }
}
