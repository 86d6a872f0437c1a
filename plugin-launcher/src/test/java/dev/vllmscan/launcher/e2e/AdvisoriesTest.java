package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.provider.e2e.FakeVllm;
import dev.vllmscan.provider.e2e.Targets;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Advisories end to end: matched to the detected version, judged by the observed routes, refreshed from OSV. */
class AdvisoriesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String Q = "vllm.server.advisories { id observable applies }";
  @TempDir Path tmp;

  static Map<String, JsonNode> byId(JsonNode list) {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode a : list) out.put(a.get("id").asText(), a);
    return out;
  }

  @Test
  void vllm063ListsItsAdvisoriesWithAppliesFromTheObservedRoutes() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("v0.6-defaults"), 0)) {
      EndToEndTest.Outcome o = EndToEndTest.cli("run", "vllm", e.url(), "-c", Q, "-o", "json");
      assertEquals(0, o.code(), o.err());
      Map<String, JsonNode> got = byId(JSON.readTree(o.out()).get(Q));
      assertTrue(got.size() > 30, "0.6.3 is in range of many advisories: " + got.size());
      // Oversized headers (<0.10.1.1, anonymous, any route): /health answers anonymously here.
      assertTrue(got.get("CVE-2025-48956").get("applies").asBoolean(), got.get("CVE-2025-48956").toString());
      // A supply-chain advisory is listed for the version but never claimed: unknown, with why.
      assertTrue(got.get("CVE-2025-24357").path("applies").path("unknown").asText().contains("cannot be seen from outside"));
      assertFalse(got.containsKey("CVE-2024-8768"), "<0.5.5 does not hold 0.6.3");
    }
  }

  @Test
  void vllm033ListsOnlyTheAdvisoriesWithoutAFix() throws Exception {
    try (MockWebServer s = Targets.serve(new FakeVllm("0.33.0").era11())) {
      EndToEndTest.Outcome o = EndToEndTest.cli("run", "vllm", Targets.url(s), "-c", Q, "-o", "json");
      assertEquals(0, o.code(), o.err());
      // The facts table lists two advisories as affecting every version (no fix published); nothing else holds 0.33.0.
      assertEquals(new TreeSet<>(List.of("CVE-2026-105775", "CVE-2026-105922")), byId(JSON.readTree(o.out()).get(Q)).keySet());
    }
  }

  @Test
  void aHiddenVersionSkipsBothChecksInsteadOfPassing() throws Exception {
    try (MockWebServer s = Targets.serve(new FakeVllm("0.8.5").era08().without("/version"))) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", Targets.url(s), "-o", "json");
      Map<String, String> results = EndToEndTest.results(o.out());
      assertEquals("skip", results.get("vllmscan-known-vulnerability-reachable"), o.out());
      assertEquals("skip", results.get("vllmscan-version-advisories"));
      assertTrue(o.out().contains("does not apply to this target (asset.family.contains(\\\"vllm\\\") && vllm.server.frontend == \\\"http\\\" && vllm.server.assessmentScope"), o.out());
    }
  }

  static byte[] osv(String id, String fixed) {
    return ("{\"schema_version\":\"1.6.0\",\"id\":\"" + id + "\",\"modified\":\"2026-11-28T00:00:00Z\",\"summary\":\"test advisory\","
        + "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"vllm\"},\"ranges\":[{\"type\":\"ECOSYSTEM\","
        + "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"" + fixed + "\"}]}]}],\"database_specific\":{\"severity\":\"HIGH\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static Path zip(Path file, Map<String, byte[]> entries) throws Exception {
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return file;
  }

  @Test
  void updateFromAnOsvZipAddsAnAdvisoryAndAMalformedOneChangesNothing() throws Exception {
    Path store = tmp.resolve("store");
    Path good = zip(tmp.resolve("PyPI.zip"), Map.of("TEST-2026-0001.json", osv("TEST-2026-0001", "0.40.0"),
        "other.json", "{\"id\":\"NPM-1\",\"modified\":\"2026-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"x\"}}]}"
            .getBytes(StandardCharsets.UTF_8)));
    EndToEndTest.Outcome u = EndToEndTest.cli("advisories", "update", "--from", good.toString(), "--store", store.toString());
    assertEquals(0, u.code(), u.err());
    assertTrue(u.out().contains("read 2 documents, kept 1 for PyPI vllm (1 new, "), u.out());
    EndToEndTest.Outcome l = EndToEndTest.cli("advisories", "list", "--store", store.toString(), "--version", "0.33.0", "-o", "json");
    JsonNode listed = JSON.readTree(l.out());
    assertEquals("TEST-2026-0001", listed.at("/advisories/0/id").asText(), l.out());
    assertEquals("2026-11-28T00:00:00Z", listed.get("dataDate").asText());

    Path bad = zip(tmp.resolve("bad.zip"), Map.of("TEST-2026-0002.json", osv("TEST-2026-0002", "0.x"),
        "TEST-2026-0003.json", osv("TEST-2026-0003", "0.41.0")));
    EndToEndTest.Outcome b = EndToEndTest.cli("advisories", "update", "--from", bad.toString(), "--store", store.toString());
    assertEquals(2, b.code(), b.err());
    assertTrue(b.err().contains("bad.zip!TEST-2026-0002.json") && b.err().contains("'0.x' is not a PEP 440 version"), b.err());
    EndToEndTest.Outcome after = EndToEndTest.cli("advisories", "list", "--store", store.toString(), "-o", "json");
    assertEquals(1, JSON.readTree(after.out()).get("advisories").size(), "the store is as it was: " + after.out());
  }
}
