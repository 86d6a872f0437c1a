package dev.vllmscan.provider.connection;

import dev.vllmscan.contract.Contract;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vllmscan.provider.parse.Prometheus;
import dev.vllmscan.provider.probe.HttpProber;
import dev.vllmscan.provider.probe.Observation;
import dev.vllmscan.provider.probe.Pace;
import dev.vllmscan.provider.probe.ProbeRequest;
import dev.vllmscan.provider.probe.RouteCatalogue;
import dev.vllmscan.provider.probe.RouteSpec;
import dev.vllmscan.provider.probe.SafetyGuard;
import dev.vllmscan.provider.probe.TrustSources;
import dev.vllmscan.provider.probe.grpc.GrpcObservation;
import dev.vllmscan.provider.probe.grpc.GrpcProber;
import dev.vllmscan.provider.probe.grpc.GrpcTarget;
import dev.vllmscan.sdk.runtime.FieldError;
import dev.vllmscan.provider.sideport.ConfiguredPorts;
import dev.vllmscan.provider.api.sideport.SidePortPlan;
import dev.vllmscan.provider.sideport.SidePortScan;
import dev.vllmscan.provider.verdict.AccessClass;
import dev.vllmscan.provider.verdict.AccessClassifier;
import dev.vllmscan.provider.verdict.Assessment;
import dev.vllmscan.provider.verdict.Calibration;
import dev.vllmscan.provider.verdict.CorsVerdict;
import dev.vllmscan.provider.verdict.EndpointVerdict;
import dev.vllmscan.provider.verdict.Fingerprints;
import dev.vllmscan.provider.verdict.GrpcVerdict;
import dev.vllmscan.provider.verdict.MetricsVerdict;
import dev.vllmscan.provider.verdict.RouteEvidence;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import dev.vllmscan.provider.probe.grpc.GrpcAllowList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the scanner observed about one target, gathered lazily and once: the catalogue run, CORS, TLS and
 * the content of read-only routes, or the gRPC frontend's answers. It orders probes and keeps answers; the
 * judging is in {@code verdict}.
 *
 * <p>Which face the target has is decided here: a grpc:// or grpcs:// target is only ever asked over gRPC (no
 * HTTP request is sent); an http(s):// target is asked over HTTP, and only when nothing answered HTTP and the
 * failure was the connection being dropped (what an HTTP/2-only server does to HTTP/1.1) is it asked over gRPC.
 */
public final class Posture implements AutoCloseable {
  /** The dev-mode config route as the catalogue run asks it; {@code vllm.serverInfo} reads that same answer. */
  public static final String SERVER_INFO = "/server_info?config_format=json";
  private static final String KV_EVENT_SOURCES = "/kv_event_sources";
  private final ConnectionConfig config;
  private final RouteCatalogue catalogue;
  private final HttpProber prober;
  private final SafetyGuard guard;
  private final String marker;
  private final String probeOrigin;
  private final CatalogueRun catalogueRun;
  private final Lazy<RouteEvidence> routes;
  private final Lazy<Set<String>> fingerprints = new Lazy<>(this::fingerprint);
  private final Lazy<Assessment> assessment = new Lazy<>(this::assess);
  private final Lazy<CorsVerdict> cors = new Lazy<>(this::corsVerdict);
  private final Lazy<TlsInspector.TlsFacts> tls;
  /** The scrape is parsed once: several fields, the evidence map and the gate all read it. */
  private final Lazy<MetricsVerdict> metrics = new Lazy<>(this::judgeMetrics);
  private final GrpcTarget grpcTarget;
  /** Built on first use: most HTTP targets never need a gRPC channel. */
  private GrpcProber grpcProber;
  private boolean closed;
  /** Null for an HTTP target that answered HTTP (its gRPC face, if any, is on another port and not asked). */
  private final Lazy<GrpcObservation> grpc = new Lazy<>(this::observeGrpc);
  private final Lazy<String> frontend = new Lazy<>(this::decideFrontend);

  public static final String HTTP = "http";
  public static final String GRPC = "grpc";

  private final SidePortScan sidePorts;

  public Posture(ConnectionConfig config, RouteCatalogue catalogue, Pace pace) {
    this(config, catalogue, pace, SidePortPlan.defaults());
  }

  public Posture(ConnectionConfig config, RouteCatalogue catalogue, Pace pace, SidePortPlan sidePortPlan) {
    this.config = config;
    this.catalogue = catalogue;
    SecureRandom random = new SecureRandom();
    byte[] token = new byte[6];
    random.nextBytes(token);
    this.marker = "vllmscan-canary-" + HexFormat.of().formatHex(token);
    random.nextBytes(token);
    this.probeOrigin = "https://" + HexFormat.of().formatHex(token) + ".vllmscan-probe.example";
    this.guard = new SafetyGuard(catalogue, marker);
    TrustSources trust = config.trust();
    this.prober = new HttpProber(config.httpBaseUrl(), config.apiKey(), config.insecure(), config.timeoutSeconds(),
        pace, guard, trust);
    List<ProbeRequest> extra = new ArrayList<>(corsRequests());
    extra.add(ProbeRequest.get(SERVER_INFO));
    this.catalogueRun = new CatalogueRun(prober, catalogue, marker, extra);
    this.routes = new Lazy<>(() -> {
      requireHttp();
      return catalogueRun.run();
    });
    this.tls = new Lazy<>(() -> {
      requireHttp();
      return TlsInspector.inspect(prober, config.baseUrl(), config.host(), trust);
    });
    boolean grpcTls = config.scheme().equals("grpcs") || config.scheme().equals("https");
    // A grpcs:// frontend is verified against the same CAs as an https:// target (--ca-cert, SSL_CERT_FILE, JDK).
    this.grpcTarget = new GrpcTarget(config.host(), config.effectivePort(), grpcTls, config.insecure(),
        config.timeoutSeconds() * 1000L, config.apiKey(), config.grpc() ? null : config.baseUrl(),
        trust.jdkOnly() ? null : trust.trustManager());
    this.sidePorts = new SidePortScan(config.host(), config.timeoutSeconds(), sidePortPlan, this::sidePortConfiguration);
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

  private final AtomicBoolean runStarted = new AtomicBoolean();

  /** Starts the catalogue run in the background now (once); field reads then wait for it as they would anyway. */
  public void startCatalogueRun() {
    if (!runStarted.compareAndSet(false, true)) return;
    sidePorts.start();
    Thread t = new Thread(() -> {
      try {
        if (config.grpc()) grpc.get();
        else routes.get();
      } catch (RuntimeException e) {
        // the field read that needs the evidence computes it again and reports the failure
      }
    }, "catalogue-run");
    t.setDaemon(true);
    t.start();
  }

  /** The side ports of the target's host (probed on first use, or with the catalogue run of a scan). */
  public SidePortScan sidePorts() {
    return sidePorts;
  }

  /**
   * The side ports the server declares: /kv_event_sources (0.30+, anonymous: the running publishers) first, then
   * /server_info's configuration (dev mode); what could not be read is kept as the reason a default stays a guess.
   */
  private SidePortScan.Configuration sidePortConfiguration() {
    // An http:// URL that turned out to be the gRPC frontend is judged like its grpc:// form: it speaks no HTTP/1.1.
    if (config.grpc() || GRPC.equals(frontend.get())) {
      return new SidePortScan.Configuration(ConfiguredPorts.none(), List.of(), "a gRPC target: /kv_event_sources and"
          + " /server_info are HTTP routes, never asked of it");
    }
    ConfiguredPorts ports = ConfiguredPorts.none();
    List<String> problems = new ArrayList<>();
    List<String> read = new ArrayList<>();
    Content events = content(KV_EVENT_SOURCES);
    // A catch-all answer ({} for any path) must not read as "no publisher": the route must be there, as the
    // catalogue run (which calibrates against random paths) judged it.
    EndpointVerdict route = events.document() != null ? routes().verdict("GET " + KV_EVENT_SOURCES) : null;
    if (route != null && !route.present().isYes()) {
      problems.add(KV_EVENT_SOURCES + " answered, but not as a route of its own (" + route.present().reason() + ")");
    } else if (events.document() != null) {
      ports = ConfiguredPorts.fromKvEventSources(events.document());
      read.add("GET " + KV_EVENT_SOURCES + " (" + events.identity() + ")");
    } else {
      problems.add(events.problem() != null ? events.problem() : KV_EVENT_SOURCES + " did not answer with a JSON object");
    }
    Content info = content(SERVER_INFO);
    JsonNode d = info.document();
    JsonNode cfg = d == null ? null : d.get("vllm_config");
    if (cfg != null && cfg.isObject()) {
      ports = ports.orElse(ConfiguredPorts.from(cfg));
      read.add("GET /server_info (" + info.identity() + ")");
    } else {
      problems.add(info.problem() != null ? info.problem() : "/server_info's vllm_config is not a JSON object");
    }
    return new SidePortScan.Configuration(ports, read, problems.isEmpty() ? null : String.join("; ", problems));
  }

  /** The catalogue run's evidence (probes on first use). */
  public RouteEvidence routes() {
    return routes.get();
  }

  // --- gate ------------------------------------------------------------------------------------

  /** Posture fields of a target we cannot judge answer with an error instead of a misleading value. */
  public void requireAssessable() {
    requireRecognised();
    if (GRPC.equals(frontend.get())) {
      throw new FieldError("not assessed over HTTP: the target is vLLM's gRPC frontend (" + grpcTarget.address()
          + "); its posture is in vllm.grpc (scan vllm " + grpcTarget.address() + ")");
    }
  }

  /**
   * The target was recognised as vLLM on either face, HTTP or its gRPC frontend: enough to judge what lies beside
   * it (its side ports), though not its HTTP posture.
   */
  public void requireRecognised() {
    Assessment a = assessment.get();
    if (!a.assessable()) throw new FieldError(Contract.NOT_ASSESSABLE + a.reason());
  }

  /**
   * No HTTP request ever goes to a target named grpc:// or grpcs://: every HTTP read ends here with the gRPC gate's
   * answer (not assessable, or "not assessed over HTTP: the target is vLLM's gRPC frontend").
   */
  private void requireHttp() {
    if (!config.grpc()) return;
    requireAssessable();
    throw new FieldError("not assessed over HTTP: " + config.baseUrl() + " is a gRPC target");
  }

  /** Facts only visible past an authentication layer are unknown when the scan stopped at one. */
  public void requirePastWall(String what) {
    requireAssessable();
    if (assessment.get().behindWall()) {
      throw FieldError.unknown(what + " is behind an authentication layer in front of the server");
    }
  }

  public Assessment assessment() {
    return assessment.get();
  }

  private Assessment assess() {
    if (config.grpc()) return Assessment.ofGrpc(grpc.get());
    RouteEvidence e = routes.get();
    if (GRPC.equals(frontend.get())) return Assessment.ofGrpc(grpc.get());
    Assessment http = Assessment.of(e, fingerprints.get(), e.anon("GET /health"), config.insecure(), config.hasKey());
    GrpcObservation g = grpc.get();
    // Asked over gRPC too and silent there as well: say so, so "no HTTP answer" is not read as "nothing there".
    return g == null || http.assessable() ? http : new Assessment(false, http.reason() + "; no gRPC answer either ("
        + g.noAnswer() + ")", null);
  }

  // --- frontend ---------------------------------------------------------------------------------

  /** {@value #HTTP} or {@value #GRPC}: the face the target answered on; null when it answered on neither. */
  public String frontend() {
    return frontend.get();
  }

  private String decideFrontend() {
    if (config.grpc()) return grpc.get().answered() ? GRPC : null;
    if (httpAnswered(routes.get())) return HTTP;
    GrpcObservation g = grpc.get();
    return g != null && g.answered() ? GRPC : null;
  }

  /** The gRPC frontend's observation; null for an HTTP target that answered HTTP or failed in another way. */
  public GrpcObservation grpc() {
    return grpc.get();
  }

  /** The gRPC address asked (or that would be asked), {@code grpc://HOST:PORT}. */
  public String grpcAddress() {
    return grpcTarget.address();
  }

  /** RPCs the channel's allow-list refused (the scanner's own code never asks for one). */
  public synchronized List<String> grpcRefused() {
    return grpcProber == null ? List.of() : grpcProber.refused();
  }

  /** RPCs sent to the target so far (0 when it was never asked over gRPC). */
  public synchronized int grpcRpcCount() {
    return grpcProber == null ? 0 : grpcProber.sentCount();
  }

  private synchronized GrpcProber grpcProber() {
    if (closed) throw new FieldError("the connection is closed");
    if (grpcProber == null) grpcProber = new GrpcProber(grpcTarget);
    return grpcProber;
  }

  private GrpcObservation observeGrpc() {
    if (config.grpc()) return grpcProber().observe();
    RouteEvidence e = routes.get();
    if (httpAnswered(e) || !droppedLikeHttp2Only(httpFailure(e))) return null;
    return grpcProber().observe();
  }

  private static boolean httpAnswered(RouteEvidence e) {
    return e.unreachable() == null && e.anon().values().stream().anyMatch(Observation::answered);
  }

  private static String httpFailure(RouteEvidence e) {
    if (e.unreachable() != null) return e.unreachable();
    return e.anon().values().stream().map(Observation::error).filter(x -> x != null).findFirst().orElse("");
  }

  /**
   * An HTTP/2-only server (gRPC) drops an HTTP/1.1 request at once: the answer ends early, is not HTTP, or the
   * connection is reset (HttpProber's wording for those). A refused connection, a timeout, a DNS or TLS failure is
   * not worth a second protocol's timeout.
   */
  static boolean droppedLikeHttp2Only(String error) {
    return error.startsWith("transport error") || error.startsWith("not a valid HTTP answer")
        || error.startsWith("connection closed before the answer ended") || error.startsWith("connection reset");
  }

  // --- recognition -----------------------------------------------------------------------------

  public Set<String> fingerprints() {
    if (GRPC.equals(frontend.get())) {
      return GrpcVerdict.present(grpc.get()).isYes() ? Set.of("grpc:" + GrpcAllowList.ENGINE) : Set.of();
    }
    return fingerprints.get();
  }

  public Boolean isVllm() {
    if (config.grpc() || GRPC.equals(frontend.get())) {
      return grpc.get() == null ? null : GrpcVerdict.present(grpc.get()).orNull();
    }
    RouteEvidence r = routes.get();
    if (r.anon().values().stream().noneMatch(Observation::answered)) return null;
    return Fingerprints.strong(fingerprints.get());
  }

  private Set<String> fingerprint() {
    RouteEvidence r = routes.get();
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
        r.openapi().paths(), all, vllmKey);
  }

  public String serverHeader() {
    if (config.grpc() || GRPC.equals(frontend.get())) return null;
    for (Observation o : routes.get().anon().values()) {
      if (o.header("server") != null) return o.header("server");
    }
    return null;
  }

  // --- version and reachability ----------------------------------------------------------------

  /** The {@code version} string of a 2xx /version answer, or null. */
  public static String versionIn(Observation o) {
    if (o == null || !o.is2xx()) return null;
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
    if (config.grpc()) return null; // no HTTP request to a gRPC target
    try {
      return versionIn(prober.fetch(ProbeRequest.get("/version")).get(millis, TimeUnit.MILLISECONDS));
    } catch (Exception e) {
      return null;
    }
  }

  /** Anonymous GET /health answered 2xx, or a redirect that is not to a login. */
  public boolean reachable() {
    if (config.grpc()) return grpc.get().answered();
    Observation o = prober.get(ProbeRequest.get("/health"));
    if (!o.answered()) return droppedLikeHttp2Only(o.error()) && GRPC.equals(frontend.get());
    int s = o.status();
    if (s >= 200 && s < 300) return true;
    return s >= 300 && s < 400 && AccessClassifier.classify(o, config.baseUrl(), "GET") == AccessClass.UNKNOWN;
  }

  // --- CORS, TLS, metrics ----------------------------------------------------------------------

  private List<ProbeRequest> corsRequests() {
    Map<String, String> random = Map.of("Origin", probeOrigin, "Access-Control-Request-Method", "POST",
        "Access-Control-Request-Headers", "authorization,content-type");
    Map<String, String> nul = Map.of("Origin", "null", "Access-Control-Request-Method", "POST",
        "Access-Control-Request-Headers", "authorization,content-type");
    return List.of(new ProbeRequest("OPTIONS", "/", false, random, false),
        new ProbeRequest("OPTIONS", "/v1/chat/completions", false, random, false),
        new ProbeRequest("OPTIONS", "/", false, nul, false));
  }

  public CorsVerdict cors() {
    return cors.get();
  }

  private CorsVerdict corsVerdict() {
    requireHttp();
    List<Observation> answers = prober.getAll(corsRequests());
    return CorsVerdict.of(probeOrigin, answers.subList(0, 2), answers.get(2));
  }

  public TlsInspector.TlsFacts tls() {
    return tls.get();
  }

  /** The anonymous scrape judged: exposed or not, and the parsed series when it was Prometheus text. */
  public MetricsVerdict metrics() {
    return metrics.get();
  }

  private MetricsVerdict judgeMetrics() {
    RouteEvidence e = routes.get();
    EndpointVerdict row = e.only("metrics");
    if (row == null) return MetricsVerdict.of(null, null, null);
    Observation o = e.anon(row.route().key());
    Prometheus.Snapshot snap = o != null && o.is2xx() && Prometheus.isTextExposition(o.contentType())
        ? Prometheus.parse(o.text()) : null;
    return MetricsVerdict.of(row, o, snap);
  }

  /** Content of a read-only route: anonymous first, with the key only when refused. */
  public Content content(String path) {
    requireHttp();
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

    /** Why the content is not there: null when the route answered 2xx with a complete JSON object. */
    public String problem() {
      Observation o = observation;
      if (!o.answered()) return "no answer (" + o.error() + ")";
      if (!o.is2xx()) return o.request().path() + " answered " + o.status();
      if (o.truncated()) return o.request().path() + " was cut at the " + o.body().length + "-byte read limit";
      return document() == null ? o.request().path() + " did not answer with a JSON object" : null;
    }
  }

  /** An ad-hoc probe of one route, through the same guard and cache as the catalogue. */
  public EndpointVerdict adHoc(RouteSpec route) {
    requireHttp();
    Observation a = prober.get(ProbeRequest.of(route, false));
    Observation k = prober.hasKey() ? prober.get(ProbeRequest.of(route, true)) : null;
    Calibration cal = routes.get().calibration();
    return EndpointVerdict.of(route, a, k, prober.hasKey(), cal, config.baseUrl());
  }

  @Override
  public void close() {
    prober.close();
    synchronized (this) {
      closed = true;
      if (grpcProber != null) grpcProber.close();
    }
  }
}
