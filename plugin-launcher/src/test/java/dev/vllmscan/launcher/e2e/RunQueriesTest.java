package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.provider.e2e.FakeVllm;
import dev.vllmscan.provider.e2e.Targets;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The issue's `run` queries, through the real launcher and provider subprocess, against MockWebServer vLLMs. */
class RunQueriesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static MockWebServer stock;
  static MockWebServer keyed;

  @BeforeAll
  static void start() throws Exception {
    stock = Targets.serve(new FakeVllm("0.6.3").era08());
    keyed = Targets.serve(Targets.v08KeyProfiler());
  }

  @AfterAll
  static void stop() throws Exception {
    stock.close();
    keyed.close();
  }

  static JsonNode run(MockWebServer target, String query, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "vllm", Targets.url(target), "-c", query, "-o", "json"));
    args.addAll(List.of(extra));
    EndToEndTest.Outcome o = EndToEndTest.cli(args.toArray(String[]::new));
    assertEquals(0, o.code(), o.err());
    JsonNode n = JSON.readTree(o.out());
    assertEquals(1, n.size(), "exactly one JSON object keyed by the query: " + o.out());
    assertTrue(n.has(query), o.out());
    return n.get(query);
  }

  @Test
  void serverIdentityBlock() throws Exception {
    JsonNode v = run(stock, "vllm.server { baseUrl reachable version }");
    assertEquals(Targets.url(stock), v.get("baseUrl").asText());
    assertTrue(v.get("reachable").asBoolean());
    assertEquals("0.6.3", v.get("version").asText());
    assertEquals(3, v.size());
  }

  @Test
  void exposureBlock() throws Exception {
    JsonNode v = run(stock, "vllm.server { usesTls docsExposed openapiExposed metricsExposed devEndpointsExposed corsAllowsAnyOrigin }");
    assertEquals(false, v.get("usesTls").asBoolean(true));
    assertTrue(v.get("docsExposed").asBoolean());
    assertTrue(v.get("openapiExposed").asBoolean());
    assertTrue(v.get("metricsExposed").asBoolean());
    assertEquals(false, v.get("devEndpointsExposed").asBoolean(true));
    assertTrue(v.get("corsAllowsAnyOrigin").asBoolean());
  }

  @Test
  void endpointsListAsArrayOfObjects() throws Exception {
    JsonNode v = run(keyed, "vllm.endpoints { path method category present anonymousAccessible requiresAuth }",
        "--api-key", Targets.KEY);
    assertTrue(v.isArray() && v.size() >= 69, "every catalogue row plus discovered routes: " + v.size());
    JsonNode chat = find(v, "/v1/chat/completions", "POST");
    assertEquals("openai", chat.get("category").asText());
    assertTrue(chat.get("present").asBoolean());
    assertEquals(false, chat.get("anonymousAccessible").asBoolean(true));
    assertTrue(chat.get("requiresAuth").asBoolean());
    JsonNode sleep = find(v, "/sleep", "POST");
    assertEquals(false, sleep.get("present").asBoolean(true), "not registered without dev mode");
    assertTrue(sleep.get("requiresAuth").isNull(), "a 404 says nothing about auth");
  }

  @Test
  void metricsBlock() throws Exception {
    JsonNode v = run(stock, "vllm.metrics { prometheusExposed loadEndpointExposed loadTrackingVisible }");
    assertTrue(v.get("prometheusExposed").asBoolean());
    assertTrue(v.get("loadEndpointExposed").asBoolean());
    assertTrue(v.get("loadTrackingVisible").asBoolean(), "a numeric server_load (0 here) is readable without a key");
  }

  @Test
  void comparisonsReturnBooleans() throws Exception {
    assertEquals(false, run(stock, "vllm.server.usesTls == true").asBoolean(true));
    assertTrue(run(stock, "vllm.server.profilerEndpointsExposed == false").asBoolean());
    assertEquals(false, run(keyed, "vllm.server.profilerEndpointsExposed == false").asBoolean(true));
  }

  @Test
  void filteredEndpointsNameOnlyTheOpenRoutes() throws Exception {
    JsonNode v = run(keyed, "vllm.endpoints.where( anonymousAccessible ) { path category }");
    List<String> paths = new ArrayList<>();
    v.forEach(e -> {
      assertEquals(2, e.size());
      paths.add(e.get("path").asText());
    });
    assertTrue(paths.containsAll(List.of("/invocations", "/tokenize", "/start_profile", "/metrics")), paths.toString());
    assertTrue(!paths.contains("/v1/chat/completions") && !paths.contains("/v1/models"), paths.toString());
  }

  @Test
  void theBuiltInProviderInProcessAnswersExactlyAsThePluginProcess() throws Exception {
    String q = "vllm.server { version docsExposed apiKeyRequired unguardedInferenceRoutes guardedPrefixes }";
    JsonNode plugin = run(keyed, q, "--api-key", Targets.KEY);
    JsonNode embedded = run(keyed, q, "--api-key", Targets.KEY, "--in-process");
    assertEquals(plugin, embedded);
    assertTrue(embedded.get("unguardedInferenceRoutes").size() > 0);
  }

  @Test
  void humanOutputIsShapedLikeTheShell() {
    EndToEndTest.Outcome o = EndToEndTest.cli("run", "vllm", Targets.url(stock), "-c", "vllm.server { baseUrl reachable version }");
    assertEquals(0, o.code(), o.err());
    assertEquals("vllm.server: {\n  baseUrl: \"" + Targets.url(stock) + "\"\n  reachable: true\n  version: \"0.6.3\"\n}",
        o.out().strip());
  }

  private static JsonNode find(JsonNode list, String path, String method) {
    for (JsonNode e : list) {
      if (e.get("path").asText().equals(path) && e.get("method").asText().equals(method)) return e;
    }
    throw new AssertionError(method + " " + path + " missing");
  }
}
