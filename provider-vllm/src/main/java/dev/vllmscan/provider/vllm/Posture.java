package dev.vllmscan.provider.vllm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vllmscan.provider.parse.Prometheus;
import dev.vllmscan.provider.probe.HttpProber;
import dev.vllmscan.provider.probe.Observation;
import dev.vllmscan.provider.probe.ProbeRequest;
import dev.vllmscan.provider.probe.RouteCatalogue;
import dev.vllmscan.provider.probe.RouteSpec;
import dev.vllmscan.provider.probe.SafetyGuard;
import dev.vllmscan.provider.runtime.FieldError;
import dev.vllmscan.provider.verdict.AccessClass;
import dev.vllmscan.provider.verdict.AccessClassifier;
import dev.vllmscan.provider.verdict.Calibration;
import dev.vllmscan.provider.verdict.CorsVerdict;
import dev.vllmscan.provider.verdict.EndpointVerdict;
import dev.vllmscan.provider.verdict.Fingerprints;
import dev.vllmscan.provider.verdict.StoredResponseVerdict;
import dev.vllmscan.provider.verdict.Tri;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the scanner learns about one target, computed lazily and once: the calibration canaries,
 * the catalogue run (anonymous, then authenticated where a key matters), CORS, TLS and the roll-ups.
 * Pure verdict code does the judging; this class only orders the probes and keeps the answers.
 */
public final class Posture implements AutoCloseable {
  public static final List<String> WEIGHT_PATHS = List.of("/init_weight_transfer_engine", "/start_weight_update",
      "/start_draft_weight_update", "/update_weights", "/finish_weight_update", "/update_weight_version");
  private static final List<String> LORA_PATHS = List.of("/v1/load_lora_adapter", "/v1/unload_lora_adapter",
      "/load_lora_adapter", "/unload_lora_adapter");
  private static final List<String> INFERENCE_ROLLUP = List.of("POST /v1/chat/completions", "POST /v1/completions");
  private static final Set<String> HTTP_VERBS = Set.of("get", "post", "put", "delete", "patch");

  /** The catalogue run: routes (catalogue, then OpenAPI-discovered) and their observations. */
  public record Run(Calibration calibration, List<RouteSpec> routes, Map<String, Observation> anon,
      Map<String, Observation> auth, Map<String, EndpointVerdict> verdicts, List<String> openapiRoutes) {}

  private final ConnectionConfig config;
  private final RouteCatalogue catalogue;
  private final HttpProber prober;
  private final SafetyGuard guard;
  private final String marker;
  private final String probeOrigin;
  private final Lazy<Calibration> calibration = new Lazy<>(this::calibrate);
  private final Lazy<Run> run = new Lazy<>(this::runCatalogue);
  private final Lazy<Set<String>> fingerprints = new Lazy<>(this::fingerprint);
  private final Lazy<String> notAssessable = new Lazy<>(this::assess);
  private final Lazy<CorsVerdict> cors = new Lazy<>(this::corsVerdict);
  private final Lazy<TlsInspector.TlsFacts> tls;

  public Posture(ConnectionConfig config, RouteCatalogue catalogue, dev.vllmscan.provider.probe.Pace pace) {
    this.config = config;
    this.catalogue = catalogue;
    SecureRandom random = new SecureRandom();
    byte[] token = new byte[6];
    random.nextBytes(token);
    this.marker = "vllmscan-canary-" + HexFormat.of().formatHex(token);
    random.nextBytes(token);
    this.probeOrigin = "https://" + HexFormat.of().formatHex(token) + ".vllmscan-probe.example";
    this.guard = new SafetyGuard(catalogue, marker);
    this.prober = new HttpProber(config.baseUrl(), config.apiKey(), config.insecure(), config.timeoutSeconds(),
        pace, guard);
    this.tls = new Lazy<>(() -> TlsInspector.inspect(prober, config.baseUrl(), config.host()));
  }

  public ConnectionConfig config() {
    return config;
  }

  public HttpProber prober() {
    return prober;
  }

  public RouteCatalogue catalogue() {
    return catalogue;
  }

  public SafetyGuard guard() {
    return guard;
  }

  // --- probing ---------------------------------------------------------------------------------

  private List<ProbeRequest> canaryRequests(boolean authenticated) {
    List<ProbeRequest> out = new ArrayList<>();
    List<String> regions = new ArrayList<>();
    regions.add("");
    regions.addAll(Calibration.PREFIXES);
    for (String region : regions) {
      if (authenticated && region.isEmpty()) continue;
      out.add(new ProbeRequest("GET", region + "/" + marker, authenticated, Map.of(), false));
      out.add(new ProbeRequest("POST", region + "/" + marker, authenticated, Map.of(), true));
    }
    return out;
  }

  private Calibration calibrate() {
    List<ProbeRequest> requests = new ArrayList<>(canaryRequests(false));
    if (prober.hasKey()) requests.addAll(canaryRequests(true));
    Map<String, Observation> canaries = new LinkedHashMap<>();
    List<Observation> answers = prober.getAll(requests);
    for (int i = 0; i < requests.size(); i++) {
      ProbeRequest r = requests.get(i);
      canaries.put(Calibration.canaryKey(r.authenticated(), r.method(), Calibration.region(r.path())), answers.get(i));
    }
    return new Calibration(marker, canaries);
  }

  private List<ProbeRequest> corsRequests() {
    Map<String, String> random = Map.of("Origin", probeOrigin, "Access-Control-Request-Method", "POST",
        "Access-Control-Request-Headers", "authorization,content-type");
    Map<String, String> nul = Map.of("Origin", "null", "Access-Control-Request-Method", "POST",
        "Access-Control-Request-Headers", "authorization,content-type");
    return List.of(new ProbeRequest("OPTIONS", "/", false, random, false),
        new ProbeRequest("OPTIONS", "/v1/chat/completions", false, random, false),
        new ProbeRequest("OPTIONS", "/", false, nul, false));
  }

  /** Wave 1 fires everything independent at once; wave 2 only what wave 1's answers call for. */
  private Run runCatalogue() {
    boolean key = prober.hasKey();
    // Wave 1: canaries, every row anonymously, guarded rows with the key, CORS, the server_info content.
    for (ProbeRequest r : canaryRequests(false)) prober.fetch(r);
    if (key) canaryRequests(true).forEach(prober::fetch);
    for (RouteSpec route : catalogue.routes()) {
      prober.fetch(ProbeRequest.of(route, false));
      if (key && route.guard() != null) prober.fetch(ProbeRequest.of(route, true));
    }
    corsRequests().forEach(prober::fetch);
    prober.fetch(ProbeRequest.get("/server_info?config_format=json"));
    Calibration cal = calibration.get();

    List<RouteSpec> routes = new ArrayList<>(catalogue.routes());
    Map<String, Observation> anon = new LinkedHashMap<>();
    for (RouteSpec route : routes) anon.put(route.key(), prober.get(ProbeRequest.of(route, false)));
    List<String> openapiRoutes = openapiPaths(anon.get("GET /openapi.json"));
    List<RouteSpec> discovered = discover(openapiRoutes);

    // Wave 2: OpenAPI-discovered routes, and the key wherever the anonymous probe met an auth wall.
    Map<RouteSpec, CompletableFuture<Observation>> pendingAnon = new LinkedHashMap<>();
    for (RouteSpec d : discovered) pendingAnon.put(d, prober.fetch(ProbeRequest.of(d, false)));
    Map<String, CompletableFuture<Observation>> pendingAuth = new LinkedHashMap<>();
    if (key) {
      for (RouteSpec route : routes) {
        Observation a = anon.get(route.key());
        boolean walled = AccessClassifier.classify(a, config.baseUrl(), route.method()) == AccessClass.AUTH;
        if (route.guard() != null || walled) pendingAuth.put(route.key(), prober.fetch(ProbeRequest.of(route, true)));
      }
    }
    for (Map.Entry<RouteSpec, CompletableFuture<Observation>> e : pendingAnon.entrySet()) {
      routes.add(e.getKey());
      anon.put(e.getKey().key(), prober.await(e.getValue()));
      if (key && Calibration.region(e.getKey().path()).length() > 0) {
        pendingAuth.put(e.getKey().key(), prober.fetch(ProbeRequest.of(e.getKey(), true)));
      }
    }
    Map<String, Observation> auth = new LinkedHashMap<>();
    pendingAuth.forEach((k, f) -> auth.put(k, prober.await(f)));

    Map<String, EndpointVerdict> verdicts = new LinkedHashMap<>();
    for (RouteSpec route : routes) {
      verdicts.put(route.key(), EndpointVerdict.of(route, anon.get(route.key()), auth.get(route.key()), key, cal, config.baseUrl()));
    }
    return new Run(cal, List.copyOf(routes), anon, auth, verdicts, openapiRoutes);
  }

  private static List<String> openapiPaths(Observation o) {
    if (o == null || !o.is2xx()) return null;
    JsonNode n = o.json();
    if (n == null || !n.has("openapi") || !n.path("paths").isObject()) return null;
    List<String> out = new ArrayList<>();
    n.path("paths").fieldNames().forEachRemaining(out::add);
    return out;
  }

  private List<RouteSpec> discover(List<String> paths) {
    List<RouteSpec> out = new ArrayList<>();
    if (paths == null) return out;
    JsonNode doc = prober.get(ProbeRequest.get("/openapi.json")).json();
    for (String path : paths) {
      if (path.contains("{") || !path.startsWith("/")) continue;
      boolean known = catalogue.routes().stream().anyMatch(r -> r.path().equals(path));
      if (known) continue;
      JsonNode ops = doc.path("paths").path(path);
      List<String> methods = new ArrayList<>();
      ops.fieldNames().forEachRemaining(m -> {
        if (HTTP_VERBS.contains(m.toLowerCase(Locale.ROOT))) methods.add(m.toUpperCase(Locale.ROOT));
      });
      for (String method : methods) {
        String wire = method.equals("GET") ? "GET" : "GET";
        boolean mutating = !method.equals("GET");
        out.add(new RouteSpec(path, method, wire, "custom", mutating, null, "listed in /openapi.json",
            "learnt from /openapi.json", "openapi"));
      }
    }
    return out;
  }

  public Run run() {
    return run.get();
  }

  public Calibration calibration() {
    return calibration.get();
  }

  // --- gate ------------------------------------------------------------------------------------

  /** Posture fields of a target we cannot judge answer with an error instead of a misleading value. */
  public void requireAssessable() {
    String reason = notAssessable.get();
    if (reason != null) throw new FieldError("target not assessable: " + reason);
  }

  public boolean assessable() {
    return notAssessable.get() == null;
  }

  public String assessableReason() {
    return notAssessable.get();
  }

  private String assess() {
    Run r = run.get();
    List<Observation> answers = r.anon().values().stream().filter(Observation::answered).toList();
    if (answers.isEmpty()) {
      String error = r.anon().values().stream().map(Observation::error).filter(e -> e != null).findFirst().orElse("no answer");
      String hint = error.startsWith("TLS handshake failed") && !config.insecure()
          ? "; if you trust this server's certificate, rerun with --insecure (the certificate is still reported)" : "";
      return "no HTTP answer from " + config.baseUrl() + " (" + error + ")" + hint;
    }
    if (!Fingerprints.strong(fingerprints.get())) {
      long walled = answers.stream()
          .filter(o -> AccessClassifier.classify(o, config.baseUrl(), o.request().method()) == AccessClass.AUTH).count();
      if (walled >= answers.size() - 2) {
        return "every route is behind an authentication layer that is not vLLM's own"
            + (config.hasKey() ? " and the API key did not get through it" : "; rerun with --api-key to assess the server behind it");
      }
      if (r.calibration().catchAllEverywhere()) {
        return "every path answers like a random path (catch-all gateway or single-page app); no vLLM behind it was seen";
      }
      return "not recognised as vLLM: none of " + answers.size() + " answers carried a vLLM fingerprint";
    }
    long settled = r.verdicts().values().stream().filter(v -> v.anonymousAccessible() != null || v.present() != null).count();
    if (settled < 5) {
      return "only " + settled + " of " + r.verdicts().size() + " routes gave a conclusive answer";
    }
    return null;
  }

  // --- recognition -----------------------------------------------------------------------------

  public Set<String> fingerprints() {
    return fingerprints.get();
  }

  public Boolean isVllm() {
    Run r = run.get();
    if (r.anon().values().stream().noneMatch(Observation::answered)) return null;
    return Fingerprints.strong(fingerprints.get());
  }

  private Set<String> fingerprint() {
    Run r = run.get();
    List<Observation> all = new ArrayList<>(r.anon().values());
    all.addAll(r.auth().values());
    List<Observation> models = new ArrayList<>();
    models.add(r.anon().get("GET /v1/models"));
    models.add(r.auth().get("GET /v1/models"));
    List<String> guarded = r.calibration().guardedPrefixes();
    Observation outside = r.calibration().canary(false, "GET", "");
    boolean vllmKey = !guarded.isEmpty() && guarded.contains("/v1")
        && AccessClassifier.isVllmKeyRejection(r.calibration().canary(false, "GET", "/v1"))
        && outside != null && outside.answered() && !AccessClassifier.isVllmKeyRejection(outside);
    return Fingerprints.collect(r.anon().get("GET /version"), models, r.anon().get("GET /metrics"),
        r.anon().get("GET /openapi.json"), all, vllmKey);
  }

  public String serverHeader() {
    for (Observation o : run.get().anon().values()) {
      if (o.header("server") != null) return o.header("server");
    }
    return null;
  }

  // --- roll-ups --------------------------------------------------------------------------------

  public EndpointVerdict verdict(String key) {
    return run.get().verdicts().get(key);
  }

  public Observation anon(String key) {
    return run.get().anon().get(key);
  }

  private Boolean anyAccessible(List<String> keys) {
    List<Boolean> values = new ArrayList<>();
    for (String k : keys) {
      EndpointVerdict v = verdict(k);
      if (v != null) values.add(v.anonymousAccessible());
    }
    return Tri.any(values);
  }

  private Boolean anyAccessibleCategory(String category) {
    return anyAccessible(run.get().routes().stream().filter(r -> r.category().equals(category)).map(RouteSpec::key).toList());
  }

  public Boolean docsExposed() {
    return anyAccessible(List.of("GET /docs", "GET /redoc"));
  }

  public Boolean openapiExposed() {
    Boolean accessible = anyAccessible(List.of("GET /openapi.json"));
    Observation o = anon("GET /openapi.json");
    if (Boolean.TRUE.equals(accessible) && o.is2xx() && run.get().openapiRoutes() == null) return false;
    return accessible;
  }

  public Boolean metricsExposed() {
    Observation o = anon("GET /metrics");
    Boolean accessible = anyAccessible(List.of("GET /metrics"));
    if (!Boolean.TRUE.equals(accessible)) return accessible;
    return metricsSnapshot() != null;
  }

  public Boolean loadEndpointExposed() {
    return anyAccessible(List.of("GET /load"));
  }

  public Long serverLoad() {
    Observation o = anon("GET /load");
    if (o == null || !o.is2xx() || !Boolean.TRUE.equals(loadEndpointExposed())) return null;
    JsonNode n = o.json();
    JsonNode load = n == null ? null : n.get("server_load");
    return load != null && load.isNumber() ? load.asLong() : null;
  }

  public Boolean loadTrackingVisible() {
    Boolean exposed = loadEndpointExposed();
    if (!Boolean.TRUE.equals(exposed)) return exposed;
    return serverLoad() != null;
  }

  public Boolean tokenizerInfoExposed() {
    return anyAccessible(List.of("GET /tokenizer_info"));
  }

  public Boolean serverInfoExposed() {
    return anyAccessible(List.of("GET /server_info"));
  }

  public Boolean devEndpointsExposed() {
    return anyAccessibleCategory("development");
  }

  public Boolean profilerEndpointsExposed() {
    return anyAccessibleCategory("profiler");
  }

  public Boolean anonymousInferenceAllowed() {
    return anyAccessible(INFERENCE_ROLLUP);
  }

  public Boolean apiKeyRequired() {
    List<Boolean> values = new ArrayList<>();
    for (String k : INFERENCE_ROLLUP) values.add(verdict(k).requiresAuth());
    return Tri.any(values);
  }

  public Boolean runtimeLoraUpdatingEnabled() {
    List<Boolean> values = new ArrayList<>();
    for (String p : LORA_PATHS) values.add(verdict("POST " + p).strictlyRegistered());
    // Fail closed: the /v1 routes hidden behind the key make "absent elsewhere" no evidence of "disabled".
    if (!values.contains(Boolean.TRUE) && values.contains(null)) return null;
    return Tri.any(values);
  }

  public Boolean storedResponsesExposed() {
    Observation o = anon("GET /v1/responses/" + RouteSpec.SYNTH_RESPONSE_ID);
    return StoredResponseVerdict.exposed(o, config.baseUrl(), Fingerprints.strong(fingerprints.get()));
  }

  public Boolean weightUpdateRoutesExposed() {
    return anyAccessible(WEIGHT_PATHS.stream().map(p -> "POST " + p).toList());
  }

  public List<String> guardedPrefixes() {
    return run.get().calibration().guardedPrefixes();
  }

  /** Inference routes answering anonymously while the completion routes demand a key. */
  public List<String> unguardedInferenceRoutes() {
    Boolean keyRequired = apiKeyRequired();
    if (keyRequired == null) return null;
    if (!keyRequired) return List.of();
    List<String> out = new ArrayList<>();
    for (RouteSpec r : run.get().routes()) {
      if ((r.category().equals("openai") || r.category().equals("custom-inference"))
          && Boolean.TRUE.equals(verdict(r.key()).anonymousAccessible())) {
        out.add(r.path());
      }
    }
    return out;
  }

  public List<String> unguardedRoutesAnswering() {
    List<String> guarded = guardedPrefixes();
    if (guarded.isEmpty()) return List.of();
    Set<String> out = new TreeSet<>();
    for (RouteSpec r : run.get().routes()) {
      boolean inScope = guarded.stream().anyMatch(p -> r.path().startsWith(p));
      if (!inScope && Boolean.TRUE.equals(verdict(r.key()).anonymousAccessible())) out.add(r.path());
    }
    return new ArrayList<>(out);
  }

  public Boolean apiKeyAccepted() {
    if (!prober.hasKey()) return null;
    boolean sawWall = false;
    for (Map.Entry<String, Observation> e : run.get().auth().entrySet()) {
      Observation a = anon(e.getKey());
      if (AccessClassifier.classify(a, config.baseUrl(), a.request() == null ? "GET" : a.request().method()) != AccessClass.AUTH) {
        continue;
      }
      sawWall = true;
      Observation k = e.getValue();
      AccessClass c = AccessClassifier.classify(k, config.baseUrl(), k.request() == null ? "GET" : k.request().method());
      if (c != AccessClass.AUTH && c != AccessClass.NO_ANSWER) return true;
    }
    return sawWall ? Boolean.FALSE : null;
  }

  public Boolean anonymousModelListExposed() {
    EndpointVerdict v = verdict("GET /v1/models");
    Observation o = anon("GET /v1/models");
    if (v.anonymousAccessible() == null) return null;
    if (!v.anonymousAccessible() || !o.is2xx()) return false;
    // A 2xx we could not read as a model list settles nothing: it may be the list, cut short or mangled.
    return o.json() != null && o.json().has("data") ? Boolean.TRUE : null;
  }

  /** The version, read anonymously; with the key only when something in front of vLLM refused the anonymous read. */
  public String version() {
    return versionIn(content("/version").observation());
  }

  private static String versionIn(Observation o) {
    if (!o.is2xx()) return null;
    JsonNode n = o.json();
    if (n == null || !n.path("version").isTextual()) return null;
    String v = n.path("version").asText();
    return v.isBlank() ? null : v;
  }

  /**
   * The anonymously disclosed version for the asset record, waiting at most {@code millis} so Connect stays
   * quick on a dead target; the answer is cached and reused by every later read.
   */
  public String versionForAsset(long millis) {
    try {
      return versionIn(prober.fetch(ProbeRequest.get("/version")).get(millis, java.util.concurrent.TimeUnit.MILLISECONDS));
    } catch (Exception e) {
      return null;
    }
  }

  /** Whether anyone without a key learns the version. */
  public Boolean versionDisclosed() {
    Observation o = prober.get(ProbeRequest.get("/version"));
    if (!o.answered()) return null;
    return versionIn(o) != null;
  }

  public Boolean reachable() {
    Observation o = prober.get(ProbeRequest.get("/health"));
    if (!o.answered()) return false;
    int s = o.status();
    if (s >= 200 && s < 300) return true;
    if (s >= 300 && s < 400) return AccessClassifier.classify(o, config.baseUrl(), "GET") == AccessClass.UNKNOWN;
    return false;
  }

  public List<String> openapiRoutes() {
    List<String> r = run.get().openapiRoutes();
    return r == null ? null : r;
  }

  // --- CORS and TLS ----------------------------------------------------------------------------

  public CorsVerdict cors() {
    return cors.get();
  }

  private CorsVerdict corsVerdict() {
    List<ProbeRequest> requests = corsRequests();
    List<Observation> answers = prober.getAll(requests);
    return CorsVerdict.of(probeOrigin, answers.subList(0, 2), answers.get(2));
  }

  public TlsInspector.TlsFacts tls() {
    return tls.get();
  }

  // --- metrics ---------------------------------------------------------------------------------

  /** The anonymous scrape, or null when it was refused, failed, or was not Prometheus text with vllm: series. */
  public Prometheus.Snapshot metricsSnapshot() {
    Observation o = anon("GET /metrics");
    if (o == null || !o.is2xx() || !Prometheus.isTextExposition(o.contentType())) return null;
    Prometheus.Snapshot s = Prometheus.parse(o.text());
    return s.vllmSamples() == 0 ? null : s;
  }

  /** Content of a read-only route: anonymous first, with the key only when refused. */
  public Content content(String path) {
    Observation anonymous = prober.get(ProbeRequest.get(path));
    if (anonymous.is2xx() || !prober.hasKey()) return new Content(anonymous, "anonymous");
    if (AccessClassifier.classify(anonymous, config.baseUrl(), "GET") != AccessClass.AUTH) {
      return new Content(anonymous, "anonymous");
    }
    return new Content(prober.get(ProbeRequest.get(path).withKey()), "apiKey");
  }

  /** A read-only route's answer and which identity (anonymous or apiKey) got it. */
  public record Content(Observation observation, String identity) {
    /** The body as a JSON object when the route answered 2xx with one; null otherwise. */
    public JsonNode document() {
      if (!observation.is2xx()) return null;
      JsonNode n = observation.json();
      return n != null && n.isObject() ? n : null;
    }
  }

  /** An ad-hoc probe of one route, through the same guard and cache as the catalogue. */
  public EndpointVerdict adHoc(RouteSpec route) {
    Observation a = prober.get(ProbeRequest.of(route, false));
    Observation k = prober.hasKey() ? prober.get(ProbeRequest.of(route, true)) : null;
    return EndpointVerdict.of(route, a, k, prober.hasKey(), calibration.get(), config.baseUrl());
  }

  @Override
  public void close() {
    prober.close();
  }
}
