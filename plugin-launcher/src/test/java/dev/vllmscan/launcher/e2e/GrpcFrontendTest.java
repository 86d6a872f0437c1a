package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.launcher.emulator.GrpcEmulator;
import dev.vllmscan.launcher.emulator.Profile;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.services.HealthStatusManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * vLLM's gRPC frontend through the real launcher and provider subprocess: what the report says and shows, what
 * the emulator received (only the allow-listed RPCs), the key (sent only when refused, never shown), and the
 * targets that are not vLLM's frontend. Scans run with --no-side-ports: this machine's own ports are not the
 * emulated server's.
 */
class GrpcFrontendTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void bothFormsFailTheAnonymousCheckWithMethodsAndModelInfoAsEvidence() throws Exception {
    try (GrpcEmulator e = GrpcEmulator.start(Profile.load("grpc-0.32"), 0)) {
      for (String url : List.of(e.url(), e.httpUrl())) {
        EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", url, "-o", "json", "--no-side-ports");
        assertEquals(1, o.code(), o.err());
        JsonNode target = JSON.readTree(o.out()).at("/targets/0");
        assertEquals("grpc-frontend", target.at("/asset/scope").asText());
        assertTrue(target.at("/asset/reason").asText().contains(e.url()), "the report names the grpc:// form: " + target.at("/asset/reason"));
        if (url.startsWith("http://")) {
          assertTrue(target.at("/asset/reason").asText().contains("answers only HTTP/2 gRPC"), target.at("/asset/reason").asText());
        }
        JsonNode anonymous = check(target, "vllmscan-grpc-anonymous");
        assertEquals("fail", anonymous.get("result").asText());
        String evidence = anonymous.get("evidence").toString();
        for (String seen : List.of("VllmEngine/GetModelInfo (anonymous) → OK", "served_model_name=tiny",
            "model_path=/models/tiny-llama", "FlushCache", "Abort", "SubscribeKvEvents")) {
          assertTrue(evidence.contains(seen), "evidence lacks " + seen + ": " + evidence);
        }
        assertTrue(check(target, "vllmscan-grpc-reflection").get("evidence").toString().contains("vllm.grpc.engine.VllmEngine"));
        assertTrue(check(target, "vllmscan-grpc-tls").get("evidence").toString().contains("plaintext"));
        // the human report shows the same evidence under the check
        EndToEndTest.Outcome human = EndToEndTest.cli("scan", "vllm", url, "--no-color", "--no-side-ports");
        assertEquals(1, human.code());
        assertTrue(human.out().contains("model info: served_model_name=tiny"), human.out());
        assertTrue(human.out().contains("Scope: vLLM's gRPC frontend"), human.out());
      }
      assertFalse(e.calls().isEmpty());
      assertEquals(List.of(), e.forbiddenCalls(), "only allow-listed RPCs were received");
      assertEquals(List.of(), e.handlersRun());
    }
  }

  /**
   * The one scan here with the default side-port plan (loopback's default ports get a connection each): an http://
   * URL found to be the gRPC frontend is never sent HTTP requests for its side-port configuration, as its grpc://
   * form is not; the report says so instead of quoting a broken HTTP/1.1 exchange.
   */
  @Test
  void theHttpFormIsNotAskedForItsSidePortConfigurationOverHttp() throws Exception {
    try (GrpcEmulator e = GrpcEmulator.start(Profile.load("grpc-0.32"), 0)) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", e.httpUrl(), "-o", "json");
      JsonNode target = JSON.readTree(o.out()).at("/targets/0");
      String evidence = check(target, "vllmscan-distributed-ports").get("evidence").toString();
      assertTrue(evidence.contains("/kv_event_sources and /server_info are HTTP routes, never asked of it"), evidence);
      assertFalse(evidence.contains("unexpected end of stream"), evidence);
      assertEquals(List.of(), e.forbiddenCalls());
    }
  }

  @Test
  void httpFieldsAnswerAnErrorNamingTheGrpcForm() throws Exception {
    try (GrpcEmulator e = GrpcEmulator.start(Profile.load("grpc-0.32"), 0)) {
      EndToEndTest.Outcome o = EndToEndTest.cli("run", "vllm", e.url(), "-c", "vllm.server.usesTls");
      assertTrue((o.out() + o.err()).contains("gRPC frontend (" + e.url() + ")"), o.out() + o.err());
      EndToEndTest.Outcome r = EndToEndTest.cli("run", "vllm", e.url(), "-c", "vllm.grpc.modelInfo", "-o", "json");
      assertEquals(0, r.code(), r.err());
      JsonNode info = JSON.readTree(r.out()).get("vllm.grpc.modelInfo");
      assertEquals("tiny", info.get("served_model_name").asText());
      assertEquals(512, info.get("max_context_length").asInt());
      assertEquals(List.of(), e.forbiddenCalls());
    }
  }

  @Test
  void theKeyIsSentOnlyWhenRefusedAndNeverShown(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String key = "grpc-secret-key-4242";
    Path profile = dir.resolve("keyed.yaml");
    Files.writeString(profile, Files.readString(Path.of(System.getProperty("vllmscan.home"), "testdata", "profiles", "grpc-0.32.yaml"))
        .replace("name: grpc-0.32", "name: grpc-keyed\napiKey: " + key));
    try (GrpcEmulator e = GrpcEmulator.start(Profile.load(profile.toString()), 0)) {
      String query = "vllm.grpc { anonymousAccess apiKeyAccepted }";
      EndToEndTest.Outcome right = EndToEndTest.cli("run", "vllm", e.url(), "--api-key", key, "-c", query, "-o", "json");
      assertEquals(0, right.code(), right.err());
      assertEquals(Map.of("anonymousAccess", false, "apiKeyAccepted", true),
          JSON.convertValue(JSON.readTree(right.out()).get(query), Map.class));
      EndToEndTest.Outcome wrong = EndToEndTest.cli("run", "vllm", e.url(), "--api-key", "not-the-key", "-c", query, "-o", "json");
      assertEquals(Map.of("anonymousAccess", false, "apiKeyAccepted", false),
          JSON.convertValue(JSON.readTree(wrong.out()).get(query), Map.class));
      EndToEndTest.Outcome scan = EndToEndTest.cli("scan", "vllm", e.url(), "--api-key", key, "-o", "json", "--no-side-ports");
      assertEquals("pass", check(JSON.readTree(scan.out()).at("/targets/0"), "vllmscan-grpc-anonymous").get("result").asText());
      for (String text : List.of(right.out(), right.err(), wrong.out(), wrong.err(), scan.out(), scan.err())) {
        assertFalse(text.contains(key), "the key never shows");
      }
      assertEquals(List.of(), e.forbiddenCalls());
    }
  }

  @Test
  void aGrpcServerWithoutVllmsEngineIsNotAssessable() throws Exception {
    HealthStatusManager health = new HealthStatusManager();
    Server other = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(health.getHealthService()).addService(ProtoReflectionServiceV1.newInstance()).build().start();
    try {
      for (String url : List.of("grpc://127.0.0.1:" + other.getPort(), "http://127.0.0.1:" + other.getPort())) {
        EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", url, "-o", "json", "--no-side-ports");
        assertEquals(3, o.code(), o.out() + o.err());
        JsonNode asset = JSON.readTree(o.out()).at("/targets/0/asset");
        assertFalse(asset.get("assessable").asBoolean());
        assertTrue(asset.get("reason").asText().contains("not vLLM's frontend"), asset.get("reason").asText());
      }
    } finally {
      other.shutdownNow().awaitTermination();
    }
  }

  @Test
  void aGrpcUrlWithoutAPortIsAUsageError() {
    EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", "grpc://127.0.0.1");
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().contains("grpc://HOST:PORT"), o.err());
  }

  static JsonNode check(JsonNode target, String uid) {
    for (JsonNode p : target.path("policies")) {
      for (JsonNode c : p.path("checks")) if (c.path("uid").asText().equals(uid)) return c;
    }
    throw new AssertionError("no check " + uid);
  }
}
