package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.provider.e2e.FakeVllm;
import dev.vllmscan.provider.e2e.Targets;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a deployment gate rests on, through the real launcher and the provider subprocess: an unsettled probe is
 * an error naming the route (never a pass), vLLM's own 403 is not an auth layer, a down target is never a clean
 * report in any format, and a broken bundle is refused before any request.
 */
class GateVerdictsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  /** The two checks that rest on /invocations, alone, so no other finding decides the exit code. */
  static final String INFERENCE_BUNDLE = """
      policies:
        - uid: gate
          name: gate
          groups:
            - checks:
                - uid: custom-inference
                - uid: key-bypass
      queries:
        - uid: custom-inference
          title: Inference routes outside /v1 are not anonymous
          impact: 100
          mql: vllm.endpoints.where(category == "custom-inference").none(anonymousAccessible == true)
        - uid: key-bypass
          title: The API key cannot be bypassed
          impact: 100
          mql: vllm.server.unguardedInferenceRoutes == empty
      """;

  @Test
  void aStalledAnonymousRouteOnAKeyedServerIsAnErrorNamingItNeverAPass() throws Exception {
    FakeVllm vllm = Targets.v029Hardened();
    Dispatcher stalling = new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        if (r.getPath().equals("/invocations") && r.getHeader("Authorization") == null) {
          return vllm.dispatch(r).setHeadersDelay(6, TimeUnit.SECONDS);
        }
        return vllm.dispatch(r);
      }
    };
    Path bundle = tmp.resolve("gate.mql.yaml");
    Files.writeString(bundle, INFERENCE_BUNDLE);
    try (MockWebServer s = Targets.serve(stalling)) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", Targets.url(s), "--api-key", Targets.KEY,
          "--timeout", "2", "-f", bundle.toString(), "-o", "json");
      assertEquals(3, o.code(), "errors, no failure: exit 3\n" + o.out() + o.err());
      JsonNode checks = JSON.readTree(o.out()).at("/targets/0/policies/0/checks");
      for (JsonNode c : checks) {
        assertEquals("error", c.get("result").asText(), c.toString());
        assertTrue(c.get("message").asText().contains("/invocations"), "the error names the route: " + c);
        assertTrue(c.get("message").asText().contains("no answer within 2 s"), "and why: " + c);
      }
    }
  }

  @Test
  void vllmsOwnForbiddenEnvelopeMeansSwitchedOffNotAuthenticated() throws Exception {
    FakeVllm vllm = new FakeVllm("0.33.0").era11();
    Dispatcher disabled = new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        if (r.getPath().equals("/inference/v1/generate")) {
          return FakeVllm.json(403, "{\"error\":{\"message\":\"Scale-out endpoints are disabled\",\"type\":\"PermissionDeniedError\",\"param\":null,\"code\":403}}");
        }
        return vllm.dispatch(r);
      }
    };
    try (MockWebServer s = Targets.serve(disabled)) {
      String q = "vllm.endpoint(path: \"/inference/v1/generate\", method: \"POST\") { present anonymousAccessible requiresAuth authLayer }";
      EndToEndTest.Outcome o = EndToEndTest.cli("run", "vllm", Targets.url(s), "-c", q, "-o", "json");
      assertEquals(0, o.code(), o.err());
      JsonNode v = JSON.readTree(o.out()).get(q);
      assertTrue(v.get("present").asBoolean(), o.out());
      assertFalse(v.get("anonymousAccessible").asBoolean(true), o.out());
      assertFalse(v.get("requiresAuth").asBoolean(true), o.out());
      assertTrue(v.get("authLayer").isNull(), o.out());
    }
  }

  @Test
  void aDownTargetIsNeverACleanReportInAnyFormat() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    EndToEndTest.Outcome json = EndToEndTest.cli("scan", "vllm", url, "-o", "json", "--timeout", "2");
    assertEquals(3, json.code(), json.err());
    ScanReportsTest.validJson("json-report.schema.json", json.out());
    JsonNode report = JSON.readTree(json.out()).at("/targets/0");
    assertTrue(report.get("riskScore").isNull(), "not risk 0");
    assertEquals(false, report.at("/asset/assessable").asBoolean(true));
    assertTrue(report.at("/asset/reason").asText().startsWith("not reachable"), report.at("/asset/reason").asText());
    int checks = 0;
    for (JsonNode c : report.at("/policies/0/checks")) {
      checks++;
      assertEquals("error", c.get("result").asText());
    }
    assertTrue(checks > 15, "every check of the default policy is listed as an error: " + checks);

    EndToEndTest.Outcome sarif = EndToEndTest.cli("scan", "vllm", url, "-o", "sarif", "--timeout", "2");
    ScanReportsTest.validSarif(sarif.out());
    JsonNode inv = JSON.readTree(sarif.out()).at("/runs/0/invocations/0");
    assertEquals(false, inv.get("executionSuccessful").asBoolean(true));
    assertTrue(inv.at("/toolExecutionNotifications/0/message/text").asText().contains("not reachable"));

    EndToEndTest.Outcome junit = EndToEndTest.cli("scan", "vllm", url, "-o", "junit", "--timeout", "2");
    ScanReportsTest.validJunit(junit.out());
    assertTrue(junit.out().contains("errors=\"" + checks + "\""), junit.out());
    assertTrue(junit.out().contains("<error message=\"target not assessable: not reachable"), junit.out());
  }

  @Test
  void aBundleWithABrokenQueryIsRefusedBeforeAnyRequest() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    Path bundle = tmp.resolve("broken.mql.yaml");
    Files.writeString(bundle, INFERENCE_BUNDLE.replace("vllm.server.unguardedInferenceRoutes", "vllm.server.unguardedInferenceRoute"));
    try (MockWebServer s = Targets.serve(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        requests.incrementAndGet();
        return new MockResponse().setResponseCode(404);
      }
    })) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", Targets.url(s), "-f", bundle.toString());
      assertEquals(2, o.code(), o.err());
      assertEquals(1, o.err().strip().lines().count(), o.err());
      assertTrue(o.err().contains("check key-bypass") && o.err().contains("unguardedInferenceRoute"), o.err());
      assertTrue(o.err().contains("unguardedInferenceRoutes"), "with a suggestion: " + o.err());
      assertTrue(o.err().matches("(?s).*\\d+:\\d+.*"), "with line:column: " + o.err());
      assertEquals(0, requests.get(), "not one request reached the target");
    }
  }
}
