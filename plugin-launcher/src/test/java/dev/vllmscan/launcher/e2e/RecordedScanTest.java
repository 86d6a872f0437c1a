package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.launcher.emulator.RecordedRelease;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A scan of each era's emulator profile (with a recorded variant's flags) equals, field by field, the scan the
 * harness made of the real release (testdata/real-vllm/facts/VERSION/V.json "scan"): every server field and every
 * endpoint row, anonymous and, for keyed variants, with the key. Rows vLLM answered with a 5xx are left out: that
 * is the harness's stub engine (no serving state behind the handler), not the release.
 */
class RecordedScanTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String QUERY = "vllm { server { isVllm assessable usesTls docsExposed openapiExposed versionDisclosed"
      + " metricsExposed loadEndpointExposed tokenizerInfoExposed devEndpointsExposed profilerEndpointsExposed"
      + " weightUpdateRoutesExposed runtimeLoraUpdatingEnabled corsAllowsAnyOrigin apiKeyRequired"
      + " anonymousInferenceAllowed guardedPrefixes storedResponsesExposed } endpoints { method path present"
      + " anonymousAccessible requiresAuth } }";

  static Stream<RecordedRelease> recorded() {
    return RecordedRelease.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recorded")
  void emulatorScanEqualsTheRecordedScan(RecordedRelease r) throws Exception {
    Set<String> stubFailures = new HashSet<>();
    for (JsonNode a : r.facts().get("answers")) {
      if (a.get("status").isNull() || a.get("status").asInt() >= 500) stubFailures.add(a.get("method").asText() + " " + a.get("path").asText());
    }
    Map<String, String> differences = r.differences();
    List<String> wrong = new ArrayList<>();
    int compared = 0;
    try (VllmEmulator e = VllmEmulator.start(r.profile(), 0)) {
      // One scan per variant (the machine's time is the limit): the keyed one where the variant has a key, as it
      // sees behind the guard; variants a and d have only the anonymous one.
      String which = r.facts().get("scan").has("keyed") ? "keyed" : "anonymous";
      for (Map.Entry<String, JsonNode> recorded : List.of(Map.entry(which, r.facts().get("scan").get(which)))) {
        List<String> args = new ArrayList<>(List.of("run", "vllm", e.url(), "-c", QUERY, "-o", "json"));
        if (recorded.getKey().equals("keyed")) args.addAll(List.of("--api-key-file", keyFile()));
        EndToEndTest.Outcome o = EndToEndTest.cli(args.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        JsonNode got = JSON.readTree(o.out()).get(QUERY);
        String who = recorded.getKey();
        JsonNode wantServer = recorded.getValue().get("server");
        Iterator<String> fields = wantServer.fieldNames();
        while (fields.hasNext()) {
          String f = fields.next();
          JsonNode want = wantServer.get(f);
          if (stubArtefact(want, stubFailures)) continue;
          compared++;
          JsonNode seen = got.get("server").get(f);
          if (!same(want, seen)) wrong.add(who + " server." + f + ": vLLM " + want + ", emulator " + seen);
        }
        Map<String, JsonNode> rows = new java.util.HashMap<>();
        for (JsonNode ep : got.get("endpoints")) rows.put(ep.get("method").asText() + " " + ep.get("path").asText(), ep);
        for (JsonNode want : recorded.getValue().get("endpoints")) {
          String key = want.get("method").asText() + " " + want.get("path").asText();
          if (stubFailures.contains(key) || differences.containsKey(want.get("path").asText())) continue;
          JsonNode seen = rows.get(key);
          for (String f : List.of("present", "anonymousAccessible", "requiresAuth")) {
            if (stubArtefact(want.get(f), stubFailures)) continue;
            compared++;
            if (seen == null || !same(want.get(f), seen.get(f))) {
              wrong.add(who + " " + key + "." + f + ": vLLM " + want.get(f) + ", emulator " + (seen == null ? "no row" : seen.get(f)));
            }
          }
        }
      }
      assertEquals(List.of(), e.invocations(), "no state-changing handler ran");
    }
    assertTrue(compared > 100, r + ": only " + compared + " fields compared");
    assertTrue(wrong.isEmpty(), r + ": " + wrong.size() + " of " + compared + " fields differ from the real release:\n"
        + String.join("\n", wrong));
  }

  /**
   * Unknown because a handler behind the stub engine failed (a 5xx anonymously or with the key): the harness's
   * doing, not the release's, so the emulator (which answers as a serving engine would) is not held to it.
   */
  private static boolean stubArtefact(JsonNode want, Set<String> stubFailures) {
    if (want == null || !want.isObject() || !want.has("unknown")) return false;
    String why = want.get("unknown").asText();
    return stubFailures.stream().anyMatch(why::contains) || STUB_5XX.matcher(why).find();
  }

  private static final java.util.regex.Pattern STUB_5XX = java.util.regex.Pattern.compile("(anonymous|with the key) 5\\d\\d\\b");

  /** Unknown on both sides counts as equal whatever the reason text; everything else compares by value. */
  private static boolean same(JsonNode want, JsonNode seen) {
    if (want == null || seen == null) return want == seen || (want != null && want.isNull()) || (seen != null && seen.isNull());
    boolean wantUnknown = want.isObject() && want.has("unknown");
    boolean seenUnknown = seen.isObject() && seen.has("unknown");
    return wantUnknown || seenUnknown ? wantUnknown && seenUnknown : want.equals(seen);
  }

  private static String keyFile() throws java.io.IOException {
    java.nio.file.Path f = java.nio.file.Files.createTempFile("recorded-release", ".key");
    f.toFile().deleteOnExit();
    java.nio.file.Files.writeString(f, RecordedRelease.KEY + "\n");
    return f.toString();
  }
}
