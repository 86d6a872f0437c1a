package dev.vllmscan.launcher.e2e;

import dev.vllmscan.launcher.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole chain: launcher → real provider subprocess → emulated vLLM, through the CLI entry point. */
class EndToEndTest {
  record Outcome(int code, String out, String err) {}

  /** One command through {@link Main#run}, with its stdout and stderr captured (UTF-8). */
  static Outcome cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Map<String, String> results(String json) throws Exception {
    JsonNode n = new ObjectMapper().readTree(json).at("/targets/0");
    Map<String, String> out = new HashMap<>();
    for (JsonNode p : n.path("policies")) {
      for (JsonNode c : p.path("checks")) out.put(c.path("uid").asText(), c.path("result").asText());
    }
    return out;
  }

  @Test
  void stockServerFailsTheReferenceChecksItShould() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      Outcome o = cli("scan", "vllm", e.url(), "-f", System.getProperty("vllmscan.home") + "/testdata/policies/reference-14.mql.yaml",
          "-o", "json");
      assertEquals(1, o.code(), o.err());
      Map<String, String> r = results(o.out());
      assertEquals("fail", r.get("ref-use-tls"));
      assertEquals("fail", r.get("ref-cors-not-wide-open"));
      assertEquals("fail", r.get("ref-openai-routes-require-authentication"));
      assertEquals("fail", r.get("ref-custom-inference-routes-not-anonymous"));
      assertEquals("fail", r.get("ref-tokenization-routes-not-anonymous"));
      assertEquals("fail", r.get("ref-version-not-exposed"));
      assertEquals("pass", r.get("ref-tokenizer-info-not-exposed"));
      assertEquals("pass", r.get("ref-development-routes-not-exposed"));
      assertEquals("pass", r.get("ref-profiler-routes-not-exposed"));
      assertEquals(14, r.size());
      assertEquals(100, new ObjectMapper().readTree(o.out()).at("/targets/0/riskScore").asInt());
      assertEquals(Map.of(), Map.of("invocations", e.invocations()).entrySet().stream()
          .filter(x -> !x.getValue().isEmpty()).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
  }

  @Test
  void hardenedServerWithKeyPassesAuthChecksAndTheKeyNeverLeaks() throws Exception {
    Profile p = Profile.load("v0.29-hardened");
    try (VllmEmulator e = VllmEmulator.start(p, 0)) {
      Outcome o = cli("scan", "vllm", e.url(), "--api-key", p.apiKey(), "-o", "json");
      Map<String, String> r = results(o.out());
      assertEquals("pass", r.get("vllmscan-openai-auth"), o.out());
      assertEquals("pass", r.get("vllmscan-docs"));
      assertEquals("pass", r.get("vllmscan-cors-any-origin"));
      assertEquals("fail", r.get("vllmscan-custom-inference"));
      assertEquals("fail", r.get("vllmscan-key-bypass"));
      assertFalse(o.out().contains(p.apiKey()));
      assertFalse(o.err().contains(p.apiKey()));
      assertTrue(e.invocations().isEmpty(), e.invocations().toString());
    }
  }

  @Test
  void devModeServerExposesDevLoraAndCorsReflectionIsCaught() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("v0.11-dev-lora"), 0)) {
      Outcome o = cli("run", "vllm", e.url(), "-c",
          "vllm.server { devEndpointsExposed runtimeLoraUpdatingEnabled apiKeyRequired isVllm }", "-o", "json");
      assertEquals(0, o.code(), o.err());
      JsonNode v = new ObjectMapper().readTree(o.out()).elements().next();
      assertTrue(v.path("devEndpointsExposed").asBoolean(), o.out());
      assertTrue(v.path("runtimeLoraUpdatingEnabled").path("unknown").asText().contains("/v1/load_lora_adapter"),
          "LoRA routes sit behind the /v1 key: unknown without it, and the reason names them: " + o.out());
      assertTrue(v.path("apiKeyRequired").asBoolean());
      assertTrue(v.path("isVllm").asBoolean());
      assertTrue(e.invocations().isEmpty(), e.invocations().toString());
    }
    try (VllmEmulator e = VllmEmulator.start(Profile.load("v0.29-cors-credentials"), 0)) {
      Outcome o = cli("run", "vllm", e.url(), "-c", "vllm.server.corsAllowsAnyOrigin == true && vllm.server.corsAllowsCredentials == true",
          "-o", "json");
      assertTrue(o.out().trim().endsWith(":true}"), o.out() + o.err());
    }
  }

  @Test
  void unreachableTargetIsExitCodeThreeWithOneLine() {
    Outcome o = cli("scan", "vllm", "http://127.0.0.1:9", "--timeout", "2");
    assertEquals(3, o.code());
    assertTrue(o.err().contains("not assessable"), o.err());
    assertFalse(o.err().contains("\tat "), "no stack trace");
  }

  @Test
  void badInputIsAUsageError() {
    Outcome o = cli("run", "vllm", "ftp://x", "-c", "vllm.server.version");
    assertEquals(2, o.code(), o.err());
    assertEquals(1, o.err().lines().count(), o.err());
    assertTrue(o.err().contains("http"), "says which schemes work: " + o.err());
    Outcome q = cli("run", "vllm", "http://127.0.0.1:9", "-c", "vllm.server.docExposed");
    assertEquals(2, q.code());
    assertTrue(q.err().contains("did you mean docsExposed?"), q.err());
  }
}
