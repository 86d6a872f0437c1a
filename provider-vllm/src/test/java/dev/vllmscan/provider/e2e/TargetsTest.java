package dev.vllmscan.provider.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * The named targets of the probe issue. Each test reads every field of {@code vllm.server} through the
 * provider's GetData path and states the expected value of each one; a field added to the schema without an
 * expectation here fails every test.
 */
class TargetsTest {
  static final Predicate<Object> NOT_ASSESSABLE = v -> v instanceof ProviderHarness.FieldError e
      && e.message().startsWith("target not assessable: ");
  static final Predicate<Object> EVIDENCE = v -> v instanceof Map<?, ?> m && m.containsKey("docsExposed");

  /** A field that did not settle: a field error "unknown: <reason>" whose reason names {@code mentions}. */
  static Predicate<Object> unknown(String mentions) {
    return v -> v instanceof ProviderHarness.FieldError e && e.message().startsWith("unknown: ") && e.message().contains(mentions);
  }

  /** Advisories for the disclosed version: a list of vllm.advisory references. */
  static final Predicate<Object> ADVISORY_LIST = v -> v instanceof List<?> l
      && l.stream().allMatch(x -> x instanceof dev.vllmscan.llx.ResourceRef r && r.name().equals("vllm.advisory"));
  static final Predicate<Object> SOME_REQUESTS = v -> v instanceof Long n && n > 0;
  static final Predicate<Object> LOOPBACK_URL = v -> v instanceof String s && s.startsWith("http://127.0.0.1:");

  /** The fields every plain-http target shares. */
  static Map<String, Object> plainHttp() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("baseUrl", LOOPBACK_URL);
    m.put("frontend", "http");
    m.put("usesTls", false);
    m.put("tlsVersion", null);
    m.put("certificateValid", null);
    m.put("certificateExpiresAt", null);
    m.put("hstsEnabled", null);
    m.put("certificateValidationSkipped", false);
    m.put("requestsSent", SOME_REQUESTS);
    m.put("reachable", true);
    m.put("serverHeader", "uvicorn");
    m.put("assessmentScope", "full");
    m.put("evidence", EVIDENCE);
    m.put("advisories", ADVISORY_LIST);
    return m;
  }

  /** What a target that could not be judged still answers: identity and bookkeeping only. */
  static Map<String, Object> identityOnly() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("baseUrl", LOOPBACK_URL);
    m.put("frontend", "http"); // it answered HTTP, even if nothing in it can be judged
    m.put("certificateValidationSkipped", false);
    m.put("requestsSent", SOME_REQUESTS);
    m.put("reachable", true);
    m.put("assessmentScope", null);
    return m;
  }

  static Map<String, Object> expect(Map<String, Object> base, Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>(base);
    for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
    return m;
  }

  /** Every posture field is a "not assessable" field error; only identity fields answer. */
  static Map<String, Object> notAssessable(Map<String, Object> base, Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String f : ProviderHarness.SCHEMA.resource("vllm.server").fields().keySet()) m.put(f, NOT_ASSESSABLE);
    m.putAll(base);
    m.put("isVllm", false);
    m.put("assessable", false);
    m.put("fingerprints", List.of());
    return expect(m, pairs);
  }

  static Map<String, Object> scan(Dispatcher d, String key) throws Exception {
    return assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
      try (MockWebServer s = Targets.serve(d); ProviderHarness h = new ProviderHarness(Targets.url(s), key)) {
        return h.server();
      }
    });
  }

  static void check(Map<String, Object> expected, Map<String, Object> actual) {
    assertEquals(new TreeSet<>(actual.keySet()), new TreeSet<>(expected.keySet()), "every server field has an expectation");
    List<String> wrong = new ArrayList<>();
    expected.forEach((field, want) -> {
      Object got = actual.get(field);
      boolean ok = want instanceof Predicate<?> p ? ((Predicate<Object>) p).test(got)
          : want instanceof List<?> l ? got instanceof List<?> g && new TreeSet<>(g).equals(new TreeSet<>(l))
          : java.util.Objects.equals(want, got);
      if (!ok) wrong.add(field + ": expected " + want + ", got " + got);
    });
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  static final List<String> V06_OPENAPI = List.of("/health", "/version", "/v1/models", "/tokenize", "/detokenize",
      "/v1/chat/completions", "/v1/completions", "/v1/embeddings");
  static final List<String> V08_OPENAPI = concat(V06_OPENAPI, "/ping", "/invocations", "/load", "/pooling", "/score",
      "/rerank", "/v1/score", "/v1/rerank", "/v2/rerank", "/v1/audio/transcriptions");
  static final List<String> V011_OPENAPI = concat(V08_OPENAPI, "/classify", "/v1/audio/translations", "/v1/responses",
      "/v1/messages", "/scale_elastic_ep", "/is_scaling_elastic_ep", "/v1/responses/{response_id}",
      "/v1/responses/{response_id}/cancel");

  static List<String> concat(List<String> a, String... b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(List.of(b));
    return out;
  }

  /** A stock server of its era with no key: everything open, vLLM recognised by its own signals. */
  static Map<String, Object> openServer(String version, List<String> openapi) {
    return expect(plainHttp(), "version", version, "versionDisclosed", true, "isVllm", true, "assessable", true,
        "assessableReason", null, "docsExposed", true, "openapiExposed", true, "openapiRoutes", openapi,
        "metricsExposed", true, "anonymousInferenceAllowed", true, "anonymousModelListExposed", true,
        "apiKeyRequired", false, "apiKeyAccepted", null, "guardedPrefixes", List.of(), "unguardedInferenceRoutes", List.of(),
        "unguardedRoutesAnswering", List.of(), "corsConfigured", true, "corsAllowsAnyOrigin", true,
        "corsReflectsOrigin", false, "corsAllowsCredentials", false, "corsAllowsNullOrigin", false,
        "corsPreflightAccepted", true, "profilerEndpointsExposed", false, "tokenizerInfoExposed", false,
        "runtimeLoraUpdatingEnabled", false,
        "fingerprints", List.of("models-owned-by-vllm", "openapi-vllm-routes", "server-header-uvicorn", "version-endpoint",
            "vllm-error-envelope", "vllm-metrics"));
  }

  @Test
  void vllm06Defaults() throws Exception {
    check(expect(openServer("0.6.3.post1", V06_OPENAPI), "loadEndpointExposed", false, "devEndpointsExposed", false,
        "storedResponsesExposed", false, "weightUpdateRoutesExposed", false), scan(Targets.v06Defaults(), null));
  }

  @Test
  void vllm08WithKeyAndProfiler() throws Exception {
    Map<String, Object> want = expect(openServer("0.8.5", concat(V08_OPENAPI, "/start_profile", "/stop_profile")),
        "loadEndpointExposed", true, "devEndpointsExposed", false, "storedResponsesExposed", false,
        "weightUpdateRoutesExposed", false, "profilerEndpointsExposed", true,
        "anonymousInferenceAllowed", false, "anonymousModelListExposed", false, "apiKeyRequired", true,
        "apiKeyAccepted", true, "guardedPrefixes", List.of("/v1"),
        // Era A-C middleware guards /v1 only: every inference route outside it answers without the key.
        "unguardedInferenceRoutes", List.of("/v2/rerank", "/invocations", "/pooling", "/score", "/rerank"),
        "unguardedRoutesAnswering", List.of("/detokenize", "/docs", "/health", "/invocations", "/load", "/metrics",
            "/openapi.json", "/ping", "/pooling", "/redoc", "/rerank", "/score", "/start_profile", "/stop_profile",
            "/tokenize", "/v2/rerank", "/version"),
        "fingerprints", List.of("models-owned-by-vllm", "openapi-vllm-routes", "server-header-uvicorn", "version-endpoint",
            "vllm-error-envelope", "vllm-key-middleware", "vllm-metrics"));
    check(want, scan(Targets.v08KeyProfiler(), Targets.KEY));
  }

  @Test
  void vllm08WithAWrongKeySaysTheKeyIsNotAccepted() throws Exception {
    Map<String, Object> got = scan(Targets.v08KeyProfiler(), "not-the-key");
    assertEquals(false, got.get("apiKeyAccepted"));
    assertEquals(true, got.get("apiKeyRequired"));
  }

  @Test
  void vllm011WithKeyDevModeTokenizerInfoAndRuntimeLora() throws Exception {
    FakeVllm target = Targets.v011KeyDevTokenizerLora();
    Map<String, Object> want = expect(openServer("0.11.0", concat(V011_OPENAPI, "/server_info", "/is_sleeping",
            "/reset_prefix_cache", "/sleep", "/wake_up", "/collective_rpc", "/reset_mm_cache", "/tokenizer_info",
            "/v1/load_lora_adapter", "/v1/unload_lora_adapter")),
        "loadEndpointExposed", true, "devEndpointsExposed", true, "tokenizerInfoExposed", true,
        "runtimeLoraUpdatingEnabled", true, "storedResponsesExposed", false, "weightUpdateRoutesExposed", false,
        "anonymousInferenceAllowed", false, "anonymousModelListExposed", false, "apiKeyRequired", true,
        "apiKeyAccepted", true, "guardedPrefixes", List.of("/v1"),
        "unguardedInferenceRoutes", List.of("/v2/rerank", "/invocations", "/pooling", "/classify", "/score", "/rerank"),
        "unguardedRoutesAnswering", List.of("/classify", "/collective_rpc", "/detokenize", "/docs", "/health",
            "/invocations", "/is_scaling_elastic_ep", "/is_sleeping", "/load", "/metrics", "/openapi.json", "/ping",
            "/pooling", "/redoc", "/rerank", "/reset_mm_cache", "/reset_prefix_cache", "/scale_elastic_ep", "/score",
            "/server_info", "/sleep", "/tokenize", "/tokenizer_info", "/v2/rerank", "/version", "/wake_up"),
        "fingerprints", List.of("models-owned-by-vllm", "openapi-vllm-routes", "server-header-uvicorn", "version-endpoint",
            "vllm-error-envelope", "vllm-key-middleware", "vllm-metrics"));
    check(want, scan(target, Targets.KEY));
    assertEquals(List.of(), target.invocations(), "the LoRA, sleep and reset handlers never ran");
  }

  @Test
  void vllm014UnconditionalPauseAndWeightRoutes() throws Exception {
    FakeVllm target = Targets.v014PauseWeights();
    check(expect(openServer("0.14.0", concat(V011_OPENAPI, "/pause", "/resume", "/is_paused", "/inference/v1/generate",
            "/init_weight_transfer_engine", "/update_weights", "/get_world_size")),
        "loadEndpointExposed", true, "devEndpointsExposed", true, "weightUpdateRoutesExposed", true,
        // The responses handler answers an unknown id with its own 404: the store is reachable without a key.
        "storedResponsesExposed", true), scan(target, null));
    assertEquals(List.of(), target.invocations());
  }

  @Test
  void vllm029HardenedWithKey() throws Exception {
    check(expect(plainHttp(), "version", "0.29.0", "versionDisclosed", true, "isVllm", true, "assessable", true,
        "assessableReason", null, "docsExposed", false, "openapiExposed", false, "openapiRoutes", null,
        "metricsExposed", true, "loadEndpointExposed", true, "anonymousInferenceAllowed", false,
        "anonymousModelListExposed", false, "apiKeyRequired", true, "apiKeyAccepted", true,
        "guardedPrefixes", List.of("/v1", "/v2", "/inference", "/cohere"),
        // vLLM #58144: /invocations runs completions without the key even on the newest middleware.
        "unguardedInferenceRoutes", List.of("/invocations"),
        "unguardedRoutesAnswering", List.of("/detokenize", "/health", "/invocations", "/is_scaling_elastic_ep", "/load",
            "/metrics", "/ping", "/scale_elastic_ep", "/tokenize", "/version"),
        "corsConfigured", true, "corsAllowsAnyOrigin", false, "corsReflectsOrigin", false, "corsAllowsCredentials", false,
        "corsAllowsNullOrigin", false, "corsPreflightAccepted", false, "devEndpointsExposed", false,
        "profilerEndpointsExposed", false, "tokenizerInfoExposed", false, "runtimeLoraUpdatingEnabled", false,
        "storedResponsesExposed", false, "weightUpdateRoutesExposed", false,
        "fingerprints", List.of("models-owned-by-vllm", "server-header-uvicorn", "version-endpoint", "vllm-error-envelope",
            "vllm-key-middleware", "vllm-metrics")), scan(Targets.v029Hardened(), Targets.KEY));
  }

  @Test
  void corsCredentialsReflectionIsTheWorstCorsAndIsCaught() throws Exception {
    check(expect(openServer("0.29.0", V011_OPENAPI), "loadEndpointExposed", true, "devEndpointsExposed", false,
        "weightUpdateRoutesExposed", false, "storedResponsesExposed", true,
        "corsAllowsAnyOrigin", true, "corsReflectsOrigin", true, "corsAllowsCredentials", true, "corsAllowsNullOrigin", true),
        scan(Targets.v029CorsCredentials(), null));
  }

  @Test
  void anAuthProxyInFrontIsNotAssessableWithoutItsCredentials() throws Exception {
    check(notAssessable(identityOnly(), "serverHeader", "nginx", "assessableReason",
        "every route is behind an authentication layer that is not vLLM's own; rerun with --api-key to assess the server behind it"),
        scan(Targets.authProxy(), null));
  }

  @Test
  void anSsoRedirectWallIsProtectionNotExposure() throws Exception {
    // /health redirects to the identity provider: vLLM's own health route is not reachable from here.
    check(notAssessable(identityOnly(), "serverHeader", "oauth2-proxy", "reachable", false, "assessableReason",
        "every route is behind an authentication layer that is not vLLM's own; rerun with --api-key to assess the server behind it"),
        scan(Targets.ssoWall(), null));
  }

  @Test
  void aCatchAllSinglePageAppIsNotMistakenForAnExposedVllm() throws Exception {
    check(notAssessable(identityOnly(), "serverHeader", "nginx", "assessableReason",
        "every path answers like a random path (catch-all gateway or single-page app); no vLLM behind it was seen"),
        scan(Targets.catchAllSpa(), null));
  }

  @Test
  void aHostileServerEndsEveryProbeWithinItsTimeoutAndSettlesNothingFalsely() throws Exception {
    check(expect(plainHttp(), "isVllm", true, "assessable", true, "assessableReason", null,
        // Trickled /version: cut off by the call timeout, so unknown rather than guessed.
        "version", unknown("/version"), "versionDisclosed", unknown("/version"), "advisories", unknown("/version"),
        // Self-redirecting docs: a same-origin redirect that is not a login page settles nothing.
        "docsExposed", unknown("redirect"), "openapiExposed", unknown("redirect"), "openapiRoutes", null,
        // Endless metrics body: cut at the body limit, not Prometheus text we could read.
        "metricsExposed", unknown("/metrics"),
        // Broken model-list JSON behind a 200: unknown, not "not exposed".
        "anonymousModelListExposed", unknown("/v1/models"),
        "loadEndpointExposed", true, "anonymousInferenceAllowed", true, "apiKeyRequired", false, "apiKeyAccepted", null,
        "guardedPrefixes", List.of(), "unguardedInferenceRoutes", List.of(), "unguardedRoutesAnswering", List.of(),
        "corsConfigured", true, "corsAllowsAnyOrigin", true, "corsReflectsOrigin", false, "corsAllowsCredentials", false,
        "corsAllowsNullOrigin", false, "corsPreflightAccepted", true, "devEndpointsExposed", false,
        "profilerEndpointsExposed", false, "tokenizerInfoExposed", false, "runtimeLoraUpdatingEnabled", false,
        "storedResponsesExposed", false, "weightUpdateRoutesExposed", false,
        "fingerprints", List.of("server-header-uvicorn", "vllm-error-envelope")), scan(Targets.hostile(), null));
  }

  @Test
  void theProviderItselfRefusesACatchAllsEndpointsWhateverHostAsks() throws Exception {
    try (MockWebServer s = Targets.serve(Targets.catchAllSpa()); ProviderHarness h = new ProviderHarness(Targets.url(s), null)) {
      Object endpoints = h.field(h.create("vllm", Map.of()), "endpoints");
      assertTrue(NOT_ASSESSABLE.test(endpoints), "no endpoint rows for a host to pass vacuously over: " + endpoints);
      assertTrue(NOT_ASSESSABLE.test(h.server().get("usesTls")));
      Object probe = h.field(h.create("vllm.endpoint", Map.of("path", "/v1/models")), "present");
      assertTrue(NOT_ASSESSABLE.test(probe), String.valueOf(probe));
    }
  }

  @Test
  void anAuthWallThatPassesOnlyVllmsHealthLeavesTheAnonymousSurfaceAssessable() throws Exception {
    Map<String, Object> f = scan(Targets.authWallWithVllmHealth(), null);
    assertEquals(true, f.get("assessable"));
    assertEquals("anonymous-surface", f.get("assessmentScope"));
    assertTrue(String.valueOf(f.get("assessableReason")).contains("every route but /health answered 401"));
    for (String exposure : List.of("docsExposed", "openapiExposed", "metricsExposed", "devEndpointsExposed",
        "profilerEndpointsExposed", "weightUpdateRoutesExposed", "tokenizerInfoExposed", "versionDisclosed")) {
      assertEquals(false, f.get(exposure), exposure);
    }
    // The wall refused the anonymous /version: evidence that the version is not disclosed (MQL's empty), not unknown.
    assertEquals(null, f.get("version"), "refused by the wall: not disclosed");
    try (MockWebServer s = Targets.serve(Targets.authWallWithVllmHealth())) {
      try (ProviderHarness h = new ProviderHarness(Targets.url(s), "a-key-the-wall-does-not-take")) {
        assertEquals(null, h.server().get("version"), "the key did not get through either");
        Map<String, Object> m = h.fields(h.create("vllm.metrics", Map.of()));
        assertEquals(false, m.get("prometheusExposed"));
        assertEquals(null, m.get("exposedLoraAdapters"), "an anonymous scrape the wall refused leaks no adapter");
        assertEquals(null, m.get("cacheConfigExposed"));
        @SuppressWarnings("unchecked")
        Map<String, List<String>> evidence = (Map<String, List<String>>) m.get("evidence");
        assertTrue(String.join(" ", evidence.get("exposedLoraAdapters")).contains("401"), String.valueOf(evidence));
        // What only the server behind the wall knows stays unknown.
        assertTrue(unknown("authentication layer").test(h.field(h.create("vllm", Map.of()), "models")));
      }
    }
  }

  @Test
  void behindAWallAVersionRouteThatFailedRatherThanWasRefusedStaysUnknown() throws Exception {
    Dispatcher wall = Targets.authWallWithVllmHealth();
    Dispatcher failingVersion = new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        return r.getPath().equals("/version") ? new MockResponse().setResponseCode(503) : wall.dispatch(r);
      }
    };
    Map<String, Object> f = scan(failingVersion, null);
    assertEquals("anonymous-surface", f.get("assessmentScope"), String.valueOf(f.get("assessableReason")));
    assertTrue(unknown("503").test(f.get("version")), String.valueOf(f.get("version")));
  }

  @Test
  void aRefusedPortIsNotReachableAfterTwoRequests() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    long start = System.nanoTime();
    try (ProviderHarness h = new ProviderHarness("http://127.0.0.1:" + port, null)) {
      Map<String, Object> f = h.server();
      assertEquals(false, f.get("assessable"));
      assertTrue(String.valueOf(f.get("assessableReason")).startsWith("not reachable: no HTTP answer from http://127.0.0.1:"
          + port + " (connection refused"), String.valueOf(f.get("assessableReason")));
      assertTrue(h.requests() <= 3, "attempted requests: " + h.requests());
    }
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "well within 2 x --timeout");
  }

  @Test
  void theCatalogueStartsOnceTheTargetAcceptsAConnectionNotAfterItsFirstAnswers() throws Exception {
    FakeVllm vllm = new FakeVllm("0.29.0").era11();
    java.util.concurrent.CountDownLatch catalogueSeen = new java.util.concurrent.CountDownLatch(10);
    okhttp3.mockwebserver.Dispatcher slowFirstAnswers = new okhttp3.mockwebserver.Dispatcher() {
      @Override
      public okhttp3.mockwebserver.MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest r) throws InterruptedException {
        String path = r.getPath();
        if (path.equals("/health") || path.equals("/version")) {
          // Held until ten other requests arrive: only a scan that does not wait for these answers gets them.
          assertTrue(catalogueSeen.await(4, java.util.concurrent.TimeUnit.SECONDS),
              "the catalogue waited for the reachability answers");
        } else {
          catalogueSeen.countDown();
        }
        return vllm.dispatch(r);
      }
    };
    try (MockWebServer s = Targets.serve(slowFirstAnswers); ProviderHarness h = new ProviderHarness(Targets.url(s), null)) {
      Map<String, Object> f = h.server();
      assertEquals(true, f.get("assessable"), String.valueOf(f.get("assessableReason")));
      assertEquals("0.29.0", f.get("version"), "/version was answered, not given up on");
    }
  }

  @Test
  void aTargetThatAcceptsButNeverAnswersCostsOneTimeoutAndAtMostOneRoundOfProbes() throws Exception {
    try (MockWebServer s = new MockWebServer()) {
      s.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
        @Override
        public okhttp3.mockwebserver.MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest r) {
          return new okhttp3.mockwebserver.MockResponse().setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.NO_RESPONSE);
        }
      });
      s.start(java.net.InetAddress.getLoopbackAddress(), 0);
      long start = System.nanoTime();
      try (ProviderHarness h = new ProviderHarness(Targets.url(s), null, false, 2)) {
        Map<String, Object> f = h.server();
        assertEquals(false, f.get("assessable"));
        assertTrue(String.valueOf(f.get("assessableReason")).contains("no answer within 2 s"),
            String.valueOf(f.get("assessableReason")));
        // The version read at connect, then the reachability pair and the rest of one round at the default
        // concurrency. Once a request timed out with nothing answered, no queued probe goes out (the dispatcher would
        // start one per timeout for as long as the scan takes to see the silence: longer on a loaded machine); the
        // queue is dropped, and the round it cancels is not resent (a cancelled call's closed socket once looked
        // like a dropped connection worth one retry: 59-69 requests).
        int round = dev.vllmscan.provider.probe.Pace.DEFAULT_CONCURRENCY;
        assertTrue(h.requests() <= 1 + round, "requestsSent counts the wire, not the cancelled queue: " + h.requests());
        // Every request counted as sent reaches the server (it may still be reading the last ones).
        long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (s.getRequestCount() < h.requests() && System.nanoTime() < settle) Thread.sleep(20);
        assertEquals(h.requests(), s.getRequestCount(), "requests the server read");
      }
      long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
      assertTrue(seconds < 6, "one timeout (2 s), not one per round of probes: " + seconds + " s");
    }
  }
}
