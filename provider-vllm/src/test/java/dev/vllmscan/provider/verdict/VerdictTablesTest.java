package dev.vllmscan.provider.verdict;

import dev.vllmscan.provider.api.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.provider.probe.Observation;
import dev.vllmscan.provider.probe.ProbeRequest;
import dev.vllmscan.provider.probe.RouteSpec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The verdict functions as truth tables: status, headers and body in, verdict out. */
class VerdictTablesTest {
  static final String BASE = "http://127.0.0.1:8000";
  static final String JSON = "application/json";
  static final String VLLM_403 = "{\"error\":{\"message\":\"Scale-out endpoints are disabled\",\"type\":\"PermissionDeniedError\",\"param\":null,\"code\":403}}";
  static final String VLLM_404 = "{\"error\":{\"message\":\"Response with id resp_0 not found\",\"type\":\"NotFoundError\",\"param\":\"response_id\",\"code\":404}}";
  static final String FASTAPI_404 = "{\"detail\":\"Not Found\"}";
  static final String VLLM_KEY_401 = "{\"error\":\"Unauthorized\"}";

  static Observation answer(String method, String path, int status, String contentType, String body, String... headers) {
    Map<String, String> h = new HashMap<>();
    if (contentType != null) h.put("content-type", contentType);
    for (int i = 0; i < headers.length; i += 2) h.put(headers[i].toLowerCase(), headers[i + 1]);
    return new Observation(new ProbeRequest(method, path, false, Map.of(), method.equals("POST")), status, h,
        body.getBytes(StandardCharsets.UTF_8), false, null, null, List.of(), 1);
  }

  static Observation noAnswer(String method, String path) {
    return Observation.failed(new ProbeRequest(method, path, false, Map.of(), false), "no answer within 10 s", 10_000);
  }

  static Stream<Arguments> classification() {
    return Stream.of(
        Arguments.of(answer("GET", "/docs", 200, "text/html", "<html>swagger</html>"), AccessClass.REACHED),
        Arguments.of(answer("POST", "/v1/chat/completions", 400, JSON, "{\"error\":{\"message\":\"x\",\"code\":400}}"), AccessClass.REACHED),
        Arguments.of(answer("GET", "/sleep", 405, JSON, "{\"detail\":\"Method Not Allowed\"}", "allow", "POST"), AccessClass.REACHED),
        Arguments.of(answer("GET", "/sleep", 405, "text/plain", "nope"), AccessClass.UNKNOWN),
        Arguments.of(answer("GET", "/v1/models", 401, JSON, VLLM_KEY_401), AccessClass.AUTH),
        Arguments.of(answer("GET", "/v1/models", 403, "text/html", "forbidden"), AccessClass.AUTH),
        Arguments.of(answer("GET", "/v1/models", 407, null, ""), AccessClass.AUTH),
        Arguments.of(answer("GET", "/v1/models", 404, JSON, "{}", "www-authenticate", "Bearer"), AccessClass.AUTH),
        Arguments.of(answer("GET", "/docs", 302, null, "", "location", "https://sso.example/login"), AccessClass.AUTH),
        Arguments.of(answer("GET", "/docs", 302, null, "", "location", "/docs/"), AccessClass.UNKNOWN),
        Arguments.of(answer("GET", "/docs", 200, "text/html", "<form><input type=\"password\"></form>"), AccessClass.AUTH),
        Arguments.of(answer("POST", "/inference/v1/generate", 403, JSON, VLLM_403), AccessClass.DISABLED),
        Arguments.of(answer("GET", "/v1/responses/resp_0", 404, JSON, VLLM_404), AccessClass.REACHED),
        Arguments.of(answer("GET", "/nothing", 404, JSON, FASTAPI_404), AccessClass.ABSENT),
        Arguments.of(answer("GET", "/nothing", 404, JSON, "{\"error\":{\"message\":\"Not Found\",\"type\":\"Not Found\",\"code\":404}}"), AccessClass.ABSENT),
        Arguments.of(answer("GET", "/x", 501, null, ""), AccessClass.ABSENT),
        Arguments.of(answer("GET", "/x", 500, "text/plain", "Internal Server Error"), AccessClass.UNKNOWN),
        Arguments.of(answer("GET", "/x", 503, null, ""), AccessClass.UNKNOWN),
        Arguments.of(answer("GET", "/x", 408, null, ""), AccessClass.UNKNOWN),
        Arguments.of(answer("GET", "/x", 429, null, ""), AccessClass.UNKNOWN),
        Arguments.of(noAnswer("GET", "/x"), AccessClass.NO_ANSWER));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("classification")
  void everyAnswerHasOneClass(Observation o, AccessClass expected) {
    assertEquals(expected, AccessClassifier.classify(o, BASE, o.request().method().equals("GET") && o.request().path().equals("/sleep") ? "POST" : o.request().method()));
  }

  static RouteSpec route(String method, String path, String category, String... groups) {
    return new RouteSpec(path, method, method, category, false, null, "", "", "catalogue", Set.of(groups));
  }

  /** present / anonymousAccessible / requiresAuth for one anonymous answer; null = not applicable. */
  static Stream<Arguments> endpointVerdicts() {
    return Stream.of(
        Arguments.of(answer("POST", "/invocations", 200, JSON, "{}"), "YES", "YES", "NO"),
        Arguments.of(answer("POST", "/inference/v1/generate", 403, JSON, VLLM_403), "YES", "NO", "NO"),
        Arguments.of(answer("GET", "/v1/responses/resp_0", 404, JSON, VLLM_404), "YES", "YES", "NO"),
        Arguments.of(answer("GET", "/nothing", 404, JSON, FASTAPI_404), "NO", "NO", null),
        Arguments.of(answer("GET", "/v1/models", 401, JSON, VLLM_KEY_401), "YES", "NO", "YES"),
        Arguments.of(answer("POST", "/invocations", 503, null, ""), "UNKNOWN", "UNKNOWN", "UNKNOWN"),
        Arguments.of(noAnswer("POST", "/invocations"), "UNKNOWN", "UNKNOWN", "UNKNOWN"));
  }

  @ParameterizedTest(name = "{0} -> present {1}, accessible {2}, requiresAuth {3}")
  @MethodSource("endpointVerdicts")
  void endpointVerdictsAreThreeValued(Observation o, String present, String accessible, String requiresAuth) {
    EndpointVerdict v = EndpointVerdict.of(route(o.request().method(), o.request().path(), "custom-inference"), o, null,
        false, null, BASE);
    assertEquals(present, v.present().state().name());
    assertEquals(accessible, v.anonymousAccessible().state().name());
    if (requiresAuth == null) assertNull(v.requiresAuth());
    else assertEquals(requiresAuth, v.requiresAuth().state().name());
    if (v.anonymousAccessible().isUnknown()) assertTrue(!v.anonymousAccessible().reason().isBlank(), "an unknown says why");
  }

  @Test
  void anAnswerLikeARandomPathIsUnknownNotPresent() {
    Observation canary = answer("GET", "/v1/vllmscan-canary-ab", 401, JSON, VLLM_KEY_401);
    Calibration cal = new Calibration("vllmscan-canary-ab", Map.of(Calibration.canaryKey(false, "GET", "/v1"), canary));
    Observation row = answer("GET", "/v1/models", 401, JSON, VLLM_KEY_401);
    EndpointVerdict v = EndpointVerdict.of(route("GET", "/v1/models", "openai"), row, null, false, cal, BASE);
    assertEquals(Verdict.State.UNKNOWN, v.present().state());
    assertEquals(Verdict.State.YES, v.requiresAuth().state(), "the key wall still refused the anonymous request");
  }

  static Verdict.Named named(String name, Verdict v) {
    return new Verdict.Named(name, v);
  }

  @Test
  void kleeneAnyIsATruthTable() {
    Verdict yes = Verdict.yes("y");
    Verdict no = Verdict.no("n");
    Verdict unknown = Verdict.unknown("timed out");
    assertEquals(Verdict.State.YES, Verdict.any("routes", List.of(named("a", yes), named("b", unknown))).state());
    assertEquals(Verdict.State.YES, Verdict.any("routes", List.of(named("a", no), named("b", yes))).state());
    assertEquals(Verdict.State.NO, Verdict.any("routes", List.of(named("a", no), named("b", no))).state());
    Verdict mixed = Verdict.any("inference routes", List.of(named("a", no), named("POST /invocations", unknown)));
    assertEquals(Verdict.State.UNKNOWN, mixed.state(), "one unsettled member is enough to make 'none' unknown");
    assertEquals("1 of 2 inference routes did not settle: POST /invocations (timed out)", mixed.reason());
    assertEquals(Verdict.State.UNKNOWN, Verdict.any("routes", List.of()).state(), "nothing observed is not 'no'");
  }

  @Test
  void namedListsStopAtFive() {
    assertEquals("a, b, c, d, e and 2 more", Verdict.named(List.of("a", "b", "c", "d", "e", "f", "g")));
  }

  static RouteEvidence evidence(Map<RouteSpec, Observation> rows) {
    Map<String, Observation> anon = new LinkedHashMap<>();
    Map<String, EndpointVerdict> verdicts = new LinkedHashMap<>();
    rows.forEach((r, o) -> {
      anon.put(r.key(), o);
      verdicts.put(r.key(), EndpointVerdict.of(r, o, null, false, null, BASE));
    });
    return new RouteEvidence(BASE, false, new Calibration("m", Map.of()), List.copyOf(rows.keySet()), anon, Map.of(),
        verdicts, RouteEvidence.OpenApi.NOT_SERVED, null);
  }

  @Test
  void rollupsChooseRowsByGroupAndNeverTurnUnknownIntoNo() {
    RouteSpec docs = route("GET", "/docs", "documentation", "docs");
    RouteSpec redoc = route("GET", "/redoc", "documentation", "docs");
    Map<RouteSpec, Observation> rows = new LinkedHashMap<>();
    rows.put(docs, answer("GET", "/docs", 404, JSON, FASTAPI_404));
    rows.put(redoc, noAnswer("GET", "/redoc"));
    Verdict v = Rollups.exposed(evidence(rows), "docs");
    assertEquals(Verdict.State.UNKNOWN, v.state());
    assertTrue(v.reason().contains("GET /redoc"), v.reason());
    rows.put(redoc, answer("GET", "/redoc", 200, "text/html", "<html>redoc</html>"));
    Verdict open = Rollups.exposed(evidence(rows), "docs");
    assertEquals(Verdict.State.YES, open.state());
    assertEquals(List.of("GET /redoc: anonymous 200: reached the route"), open.evidence());
  }

  @Test
  void aKeyBypassWithAStalledRouteIsUnknownNotEmpty() {
    RouteSpec chat = route("POST", "/v1/chat/completions", "openai", "completion");
    RouteSpec inv = route("POST", "/invocations", "custom-inference");
    Map<RouteSpec, Observation> rows = new LinkedHashMap<>();
    rows.put(chat, answer("POST", "/v1/chat/completions", 401, JSON, VLLM_KEY_401));
    rows.put(inv, noAnswer("POST", "/invocations"));
    Rollups.Listing l = Rollups.unguardedInferenceRoutes(evidence(rows));
    assertNull(l.items());
    assertTrue(l.unknownReason().contains("POST /invocations"), l.unknownReason());
    rows.put(inv, answer("POST", "/invocations", 400, JSON, "{\"error\":{\"message\":\"bad\",\"code\":400}}"));
    assertEquals(List.of("/invocations"), Rollups.unguardedInferenceRoutes(evidence(rows)).items());
  }

  @Test
  void aTruncatedOpenApiDocumentIsExposedWithUnknownRoutes() {
    RouteSpec openapi = route("GET", "/openapi.json", "documentation", "openapi");
    Observation cut = new Observation(new ProbeRequest("GET", "/openapi.json", false, Map.of(), false), 200,
        Map.of("content-type", JSON), "{\"openapi\":\"3.1.0\",\"paths\":{".getBytes(StandardCharsets.UTF_8), true, null,
        null, List.of(), 1);
    RouteEvidence e = new RouteEvidence(BASE, false, new Calibration("m", Map.of()), List.of(openapi),
        Map.of(openapi.key(), cut), Map.of(), Map.of(openapi.key(), EndpointVerdict.of(openapi, cut, null, false, null, BASE)),
        new RouteEvidence.OpenApi(null, "the document was cut at the read limit", 0), null);
    assertEquals(Verdict.State.YES, Rollups.openapiExposed(e).state());
  }

  static Stream<Arguments> cors() {
    String origin = "https://abc.vllmscan-probe.example";
    return Stream.of(
        Arguments.of(answer("OPTIONS", "/", 200, null, "", "access-control-allow-origin", "*"), origin, "YES", "NO"),
        Arguments.of(answer("OPTIONS", "/", 200, null, "", "access-control-allow-origin", origin,
            "access-control-allow-credentials", "true"), origin, "YES", "YES"),
        Arguments.of(answer("OPTIONS", "/", 400, "text/plain", "Disallowed CORS origin",
            "access-control-allow-methods", "GET"), origin, "NO", "NO"),
        Arguments.of(answer("OPTIONS", "/", 405, JSON, "{}"), origin, "NO", "NO"));
  }

  @ParameterizedTest(name = "{0} -> any origin {2}, credentials {3}")
  @MethodSource("cors")
  void corsVerdictsCarryTheHeadersThatDecidedThem(Observation o, String origin, String anyOrigin, String credentials) {
    CorsVerdict v = CorsVerdict.of(origin, List.of(o), null);
    assertEquals(anyOrigin, v.allowsAnyOrigin().state().name());
    assertEquals(credentials, v.allowsCredentials().state().name());
    assertTrue(v.allowsAnyOrigin().reason().startsWith("OPTIONS / with Origin: "), v.allowsAnyOrigin().reason());
    assertEquals(Verdict.State.UNKNOWN, v.allowsNullOrigin().state(), "no null-origin preflight answered");
  }

  @Test
  void corsWithOneUnansweredPreflightDecidesOnlyYes() {
    Observation closed = answer("OPTIONS", "/", 400, "text/plain", "Disallowed CORS origin", "access-control-allow-methods", "GET");
    CorsVerdict v = CorsVerdict.of("https://x.example", List.of(closed, noAnswer("OPTIONS", "/v1/chat/completions")), null);
    assertEquals(Verdict.State.UNKNOWN, v.allowsAnyOrigin().state(), "the silent preflight may be the open one");
    assertEquals(Verdict.State.YES, v.configured().state(), "what was seen still decides a yes");
  }

  @Test
  void corsWithoutAnyAnswerIsUnknown() {
    CorsVerdict v = CorsVerdict.of("https://x.example", List.of(noAnswer("OPTIONS", "/")), noAnswer("OPTIONS", "/"));
    assertEquals(Verdict.State.UNKNOWN, v.allowsAnyOrigin().state());
  }

  @Test
  void anAuthWallWithAVllmHealthRouteLeavesTheAnonymousSurfaceAssessable() {
    Map<RouteSpec, Observation> rows = new LinkedHashMap<>();
    rows.put(route("GET", "/health", "utility", "health"), answer("GET", "/health", 200, null, ""));
    for (String p : List.of("/docs", "/version", "/metrics", "/v1/models", "/tokenize", "/load")) {
      rows.put(route("GET", p, "utility"), answer("GET", p, 401, "text/html", "<html>login required</html>",
          "www-authenticate", "Basic"));
    }
    Assessment a = Assessment.of(evidence(rows), Set.of(), rows.values().iterator().next(), false, false);
    assertTrue(a.assessable());
    assertEquals(Assessment.ANONYMOUS_SURFACE, a.scope());
    assertTrue(a.reason().contains("every route but /health answered 401"), a.reason());

    Observation htmlHealth = answer("GET", "/health", 200, "text/html", "<html>portal</html>");
    Assessment wall = Assessment.of(evidence(rows), Set.of(), htmlHealth, false, false);
    assertEquals(false, wall.assessable(), "a portal page is not vLLM's health route");
  }

  @Test
  void anUnreachableTargetIsNotAssessableWithItsReason() {
    RouteEvidence down = new RouteEvidence(BASE, false, new Calibration("m", Map.of()), List.of(), Map.of(), Map.of(),
        Map.of(), RouteEvidence.OpenApi.NOT_SERVED, "connection refused");
    Assessment a = Assessment.of(down, Set.of(), null, false, false);
    assertEquals(false, a.assessable());
    assertEquals("not reachable: no HTTP answer from " + BASE + " (connection refused)", a.reason());
  }
}
