package dev.vllmscan.provider.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.llx.ResourceRef;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** {@code vllm.endpoint(path, method)} and the per-route fields the probe issue adds. */
class EndpointTest {
  private static Map<String, Object> endpoint(ProviderHarness h, String path, String method) {
    return h.fields(h.create("vllm.endpoint", Map.of("path", path, "method", method)));
  }

  private static List<RecordedRequest> to(FakeVllm f, String path) {
    return f.seen.stream().filter(r -> r.getRequestUrl().encodedPath().equals(path)).toList();
  }

  @Test
  void adHocStateChangingAndUnknownRoutesOnlyEverSeeGetWithoutABody() throws Exception {
    FakeVllm target = Targets.v011KeyDevTokenizerLora().route("/adapters", "POST").route("/custom/deploy", "POST")
        .route("/custom/admin", "PUT");
    try (MockWebServer s = Targets.serve(target); ProviderHarness h = new ProviderHarness(Targets.url(s), Targets.KEY)) {
      Map<String, Object> sleep = endpoint(h, "/sleep", "POST");
      assertEquals("GET", sleep.get("wireMethod"));
      assertEquals(true, sleep.get("stateChanging"));
      assertEquals("catalogue", sleep.get("source"));
      assertEquals(true, sleep.get("present"), "405 with allow: POST proves the route is registered");
      assertEquals(true, sleep.get("anonymousAccessible"));
      assertEquals(405L, sleep.get("anonymousStatusCode"));

      // SageMaker's adapter route is a catalogue row now: probed with GET, proven by the 405.
      Map<String, Object> adapters = endpoint(h, "/adapters", "POST");
      assertEquals("GET", adapters.get("wireMethod"));
      assertEquals(true, adapters.get("stateChanging"));
      assertEquals("catalogue", adapters.get("source"));
      assertEquals(true, adapters.get("present"));
      // Not in the catalogue: a mutating method is never sent; the route is judged by a GET.
      Map<String, Object> deploy = endpoint(h, "/custom/deploy", "POST");
      assertEquals("GET", deploy.get("wireMethod"));
      assertEquals(true, deploy.get("stateChanging"));
      assertEquals("custom", deploy.get("source"));
      assertEquals(true, deploy.get("present"));
      Map<String, Object> put = endpoint(h, "/custom/admin", "PUT");
      assertEquals("GET", put.get("wireMethod"));
      Map<String, Object> delete = endpoint(h, "/v1/load_lora_adapter", "DELETE");
      assertEquals("GET", delete.get("wireMethod"));

      // A read-only POST from the catalogue keeps its method.
      Map<String, Object> tokenize = endpoint(h, "/tokenize", "POST");
      assertEquals("POST", tokenize.get("wireMethod"));
      assertEquals(false, tokenize.get("stateChanging"));
    }
    for (String path : List.of("/sleep", "/adapters", "/custom/deploy", "/custom/admin", "/v1/load_lora_adapter")) {
      List<RecordedRequest> hits = to(target, path);
      assertFalse(hits.isEmpty(), path + " was probed");
      for (RecordedRequest r : hits) {
        assertEquals("GET", r.getMethod(), path);
        assertEquals(0, r.getBodySize(), path);
      }
    }
    assertEquals(List.of(), target.invocations());
  }

  @Test
  void keyEffectiveAndAuthLayerTellVllmsKeyFromAProxyAndFromNoGuardAtAll() throws Exception {
    FakeVllm target = Targets.v08KeyProfiler();
    try (MockWebServer s = Targets.serve(target); ProviderHarness h = new ProviderHarness(Targets.url(s), Targets.KEY)) {
      Map<String, Object> chat = endpoint(h, "/v1/chat/completions", "POST");
      assertEquals(401L, chat.get("anonymousStatusCode"));
      assertEquals(400L, chat.get("authenticatedStatusCode"));
      assertEquals("vllm-key", chat.get("authLayer"));
      assertEquals(true, chat.get("keyEffective"));
      assertEquals(true, chat.get("requiresAuth"));

      Map<String, Object> invocations = endpoint(h, "/invocations", "POST");
      assertNull(invocations.get("authLayer"), "nothing rejected the anonymous request");
      assertEquals(false, invocations.get("keyEffective"), "the key changes nothing on a route that was open anyway");
      assertEquals(true, invocations.get("anonymousAccessible"));
    }
    try (MockWebServer s = Targets.serve(target); ProviderHarness h = new ProviderHarness(Targets.url(s), null)) {
      Map<String, Object> chat = endpoint(h, "/v1/chat/completions", "POST");
      assertNull(chat.get("keyEffective"), "no key, no verdict on it");
      assertNull(chat.get("authenticatedStatusCode"));
      assertEquals("vllm-key", chat.get("authLayer"));
    }
  }

  @Test
  void aProxyRejectionIsLabelledAsSuchOnceTheKeyGetsThrough() throws Exception {
    // A proxy that wants its own bearer token everywhere except /health, with vLLM (0.6, no key) behind it.
    FakeVllm behind = Targets.v06Defaults();
    okhttp3.mockwebserver.Dispatcher proxy = new okhttp3.mockwebserver.Dispatcher() {
      @Override
      public okhttp3.mockwebserver.MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        if (!r.getPath().equals("/health") && !("Bearer " + Targets.KEY).equals(r.getHeader("Authorization"))) {
          return new okhttp3.mockwebserver.MockResponse().setResponseCode(403).setHeader("content-type", "text/plain")
              .setBody("Forbidden");
        }
        return behind.dispatch(r);
      }
    };
    try (MockWebServer s = Targets.serve(proxy); ProviderHarness h = new ProviderHarness(Targets.url(s), Targets.KEY)) {
      Map<String, Object> server = h.server();
      assertEquals(true, server.get("assessable"), String.valueOf(server.get("assessableReason")));
      assertEquals(true, server.get("apiKeyAccepted"));
      assertEquals("0.6.3.post1", server.get("version"), "the version is read with the key when the proxy demands it");
      Map<String, Object> models = endpoint(h, "/v1/models", "GET");
      assertEquals("proxy", models.get("authLayer"));
      assertEquals(true, models.get("keyEffective"));
    }
  }

  @Test
  void theApiKeyNeverReachesAnotherHostAndNeverAppearsInNotesOrErrors() throws Exception {
    FakeVllm target = Targets.v08KeyProfiler();
    try (MockWebServer s = Targets.serve(target); ProviderHarness h = new ProviderHarness(Targets.url(s), Targets.KEY)) {
      h.fullDump();
      ResourceRef root = h.create("vllm", Map.of());
      String everything = h.fields(root).toString() + h.server() + endpoint(h, "/v1/models", "GET");
      assertFalse(everything.contains(Targets.KEY));
    }
    long withKey = target.seen.stream().filter(r -> r.getHeader("Authorization") != null).count();
    assertTrue(withKey > 0);
    for (RecordedRequest r : target.seen) {
      if (r.getHeader("Authorization") != null) {
        String p = r.getRequestUrl().encodedPath();
        assertFalse(p.startsWith("/metrics") || p.equals("/version") || p.equals("/health"),
            "the key is only sent where vLLM's middleware could ask for it: " + p);
      }
    }
  }
}
