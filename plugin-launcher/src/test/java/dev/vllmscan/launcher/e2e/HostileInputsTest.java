package dev.vllmscan.launcher.e2e;

import dev.vllmscan.launcher.cli.Main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.launcher.host.ProviderFixture;
import dev.vllmscan.provider.e2e.FakeVllm;
import dev.vllmscan.provider.e2e.Targets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile targets and hostile inputs: bounded work, clean terminals, isolated failures, no orphans, no key leaks. */
class HostileInputsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  /** A stock vLLM whose /openapi.json lists 100,000 GET paths (about 2 MB). */
  static Dispatcher hugeOpenApi() {
    FakeVllm vllm = new FakeVllm("0.29.0").era11();
    StringBuilder doc = new StringBuilder("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"x\"},\"paths\":{");
    for (int i = 0; i < 100_000; i++) doc.append(i == 0 ? "" : ",").append("\"/p").append(i).append("\":{\"get\":{}}");
    String body = doc.append("}}").toString();
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        if (r.getPath().equals("/openapi.json")) return FakeVllm.json(200, body);
        return vllm.dispatch(r);
      }
    };
  }

  @Test
  void aHundredThousandPathOpenApiStaysInBudgetAndCannotHurtItsFleetNeighbours() throws Exception {
    try (MockWebServer hostile = Targets.serve(hugeOpenApi());
        VllmEmulator a = VllmEmulator.start(Profile.load("stock-0.29"), 0);
        VllmEmulator b = VllmEmulator.start(Profile.load("v0.29-hardened"), 0)) {
      Path inv = tmp.resolve("fleet.yaml");
      Files.writeString(inv, "targets:\n  - url: " + a.url() + "\n  - url: " + Targets.url(hostile) + "\n  - url: " + b.url() + "\n");
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "--inventory-file", inv.toString(), "-o", "json", "--timeout", "5");
      JsonNode all = JSON.readTree(o.out()).get("targets");
      assertEquals(3, all.size(), o.err());
      for (int i : new int[] {0, 2}) {
        assertTrue(all.get(i).at("/asset/assessable").asBoolean(), "a healthy neighbour is assessed: " + all.get(i).at("/asset"));
        assertTrue(all.get(i).get("riskScore").isInt());
      }
      JsonNode h = all.get(1);
      assertTrue(h.at("/asset/assessable").asBoolean(), "the provider (heap capped at 192 MiB) survived: " + h.at("/asset"));
      assertTrue(h.at("/asset/reason").asText().startsWith("budget reached: 99"), h.at("/asset/reason").asText());
      assertTrue(h.at("/stats/requests").asInt() <= 400, "requests: " + h.at("/stats/requests"));
    }
  }

  @Test
  void escapeCodesFromATargetNeverReachTheTerminalRaw() throws Exception {
    String evil = "0.29.0\u001b]0;title\u0007\u001b[2J\n✓ Pass:  FAKE everything is fine\u202e";
    FakeVllm vllm = new FakeVllm("0.29.0").era11();
    String versionBody = JSON.writeValueAsString(java.util.Map.of("version", evil));
    Dispatcher d = new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        if (r.getPath().equals("/version")) return FakeVllm.json(200, versionBody);
        if (r.getPath().startsWith("/v1/responses/")) {
          // A handler-shaped 404 whose message carries terminal escapes: it ends up in the finding's evidence.
          return FakeVllm.json(404, "{\"error\":{\"message\":\"gone\\u001b[2J\\u009b31m\\n\u2713 Pass:  FAKE\",\"type\":\"NotFoundError\",\"param\":\"response_id\",\"code\":404}}");
        }
        return vllm.dispatch(r);
      }
    };
    try (MockWebServer s = Targets.serve(d)) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", Targets.url(s), "--no-color");
      for (String text : new String[] {o.out(), o.err()}) {
        assertFalse(text.chars().anyMatch(c -> (c < 0x20 && c != '\n') || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x202e),
            "a raw control character reached the terminal:\n" + text);
      }
      assertFalse(o.out().lines().anyMatch(l -> l.startsWith("✓ Pass:  FAKE")), "no forged report line");
      assertTrue(o.out().contains("\\u001b]0;title\\u0007"), "shown escaped instead:\n" + o.out());
      assertTrue(o.out().contains("gone\\u001b[2J\\u009b31m\\n"), "evidence escaped too:\n" + o.out());
      EndToEndTest.Outcome shell = EndToEndTest.cli("run", "vllm", Targets.url(s), "-c", "vllm.server.version");
      assertFalse(shell.out().contains("\u001b"), shell.out());
    }
  }

  @Test
  void tenThousandNestedParenthesesAreAUsageErrorWithAPosition() throws Exception {
    String deep = "(".repeat(10_000) + "true" + ")".repeat(10_000);
    for (String q : new String[] {deep, "!".repeat(10_000) + "true", "true" + " && true".repeat(20_000),
        "vllm" + ".server".repeat(5_000)}) {
      EndToEndTest.Outcome o = EndToEndTest.cli("run", "vllm", "http://127.0.0.1:9", "-c", q);
      assertEquals(2, o.code(), o.err());
      assertEquals(1, o.err().strip().lines().count(), o.err());
      assertTrue(o.err().matches("(?s)vllmscan: query error at 1:\\d+: .*nests deeper than 128 levels.*"), o.err());
    }
    Path bundle = tmp.resolve("deep.mql.yaml");
    Files.writeString(bundle, GateVerdictsTest.INFERENCE_BUNDLE.replace("vllm.server.unguardedInferenceRoutes == empty", deep));
    EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", "http://127.0.0.1:9", "-f", bundle.toString());
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().contains("check key-bypass: 1:") && !o.err().contains("\tat "), o.err());
  }

  @Test
  void aTenMegabyteBundleIsRefusedBeforeItIsParsed() throws Exception {
    Path bundle = tmp.resolve("huge.mql.yaml");
    Files.writeString(bundle, "policies:\n  - uid: x\n    name: \"" + "a".repeat(10 * 1024 * 1024) + "\"\n");
    EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", "http://127.0.0.1:9", "-f", bundle.toString());
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().contains("larger than 4 MiB"), o.err());
    try (MockWebServer s = new MockWebServer()) {
      s.enqueue(new MockResponse().setBody("policies: []\n# " + "b".repeat(5 * 1024 * 1024)));
      s.start(java.net.InetAddress.getLoopbackAddress(), 0);
      EndToEndTest.Outcome url = EndToEndTest.cli("scan", "vllm", "http://127.0.0.1:9", "-f", "http://127.0.0.1:" + s.getPort() + "/b.yaml");
      assertEquals(2, url.code(), url.err());
      assertTrue(url.err().contains("larger than 4 MiB"), url.err());
    }
  }

  @Test
  void fourNestedWheresEndInErrorWithinTheirBudget() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      String q = "vllm.endpoints.where(vllm.endpoints.where(vllm.endpoints.where(vllm.endpoints.where(present == true)"
          + ".length > 0).length > 0).length > 0).length";
      EndToEndTest.Outcome o = EndToEndTest.cli("run", "vllm", e.url(), "-c", q, "--query-timeout", "30");
      assertEquals(3, o.code(), o.out() + o.err());
      assertTrue(o.err().contains("evaluation steps") || o.err().contains("--query-timeout"), o.err());
    }
  }

  @Test
  void aHostKilledBeforeItsFirstHeartbeatLeavesNoProvider() throws Exception {
    Path pidFile = tmp.resolve("provider.pid");
    Path dir = ProviderFixture.wrap(tmp, "echo $$ > '" + pidFile + "'\nexec java -jar \"$JAR\" \"$@\"");
    // A stand-in host: starts the provider, reads nothing, sends no heartbeat, and is killed.
    Process host = new ProcessBuilder("sh", "-c", "\"$0\" run_as_plugin >/dev/null 2>&1 & sleep 600", dir.resolve("vllm").toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long pid = ProviderFixture.pid(pidFile, 60_000);
    Thread.sleep(1000);
    host.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    long killed = System.nanoTime();
    long deadline = killed + TimeUnit.SECONDS.toNanos(10);
    while (ProviderFixture.alive(pid) && System.nanoTime() < deadline) Thread.sleep(100);
    assertFalse(ProviderFixture.alive(pid), "provider " + pid + " outlived a host that never sent a heartbeat");
  }

  @Test
  void aKeyFromAFileNeverShowsInAnyCommandLineOrTheProvidersEnvironment() throws Exception {
    Profile hardened = Profile.load("v0.29-hardened");
    String key = hardened.apiKey();
    String envKey = "sk-env-" + Long.toHexString(System.nanoTime());
    Path keyFile = tmp.resolve("key");
    Files.writeString(keyFile, key + "\n");
    try (VllmEmulator e = VllmEmulator.start(hardened.withLatency(300), 0)) {
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "-Dvllmscan.home=" + System.getProperty("vllmscan.home"),
          Main.class.getName(), "scan", "vllm", e.url(), "--api-key-file", keyFile.toString(), "-o", "json");
      pb.environment().put("VLLM_API_KEY", envKey);
      Process launcher = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
      boolean sawProvider = false;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (launcher.isAlive() && System.nanoTime() < deadline) {
        for (ProcessHandle p : (Iterable<ProcessHandle>) ProcessHandle.allProcesses()::iterator) {
          String cmd = p.info().commandLine().orElse("");
          assertFalse(cmd.contains(key) || cmd.contains(envKey), "a key in a command line: pid " + p.pid());
          if (cmd.contains("vllm-provider.jar") && p.parent().map(x -> x.pid() == launcher.pid()).orElse(false)) {
            Path environ = Path.of("/proc", String.valueOf(p.pid()), "environ");
            String env;
            try {
              env = new String(Files.readAllBytes(environ), StandardCharsets.UTF_8);
            } catch (java.io.IOException gone) {
              env = null; // the provider exited between listing and reading: look again on the next round
            }
            if (env != null) {
              assertFalse(env.contains("VLLM_API_KEY") || env.contains(envKey) || env.contains(key), "the provider's environment has a key");
              sawProvider = true;
            }
          }
        }
        Thread.sleep(100);
      }
      String out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(launcher.waitFor(60, TimeUnit.SECONDS));
      assertTrue(sawProvider, "the provider process was inspected while it ran");
      assertFalse(out.contains(key) || out.contains(envKey));
      assertEquals(true, JSON.readTree(out).at("/targets/0/asset/assessable").asBoolean(), out);
      assertTrue(e.requestsWithTheRightKey() > 0, "the file's key (not the environment's) reached the target");
    }
  }
}
