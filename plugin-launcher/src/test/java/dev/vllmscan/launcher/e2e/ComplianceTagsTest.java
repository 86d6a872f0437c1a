package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.launcher.policy.Bundle;
import dev.vllmscan.launcher.policy.BundleLoader;
import dev.vllmscan.launcher.policy.Frameworks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Framework mappings in reports: reports show the tags; --framework reports by one framework (the mappings
 * themselves: policy.DefaultBundleComplianceTest).
 */
class ComplianceTagsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void reportsShowTheTagsAndFrameworkFiltersTheReport() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      EndToEndTest.Outcome all = EndToEndTest.cli("scan", "vllm", e.url(), "-o", "json");
      EndToEndTest.Outcome llm = EndToEndTest.cli("scan", "vllm", e.url(), "-o", "json", "--framework", "owasp-llm-2025");
      ScanReportsTest.validJson("json-report.schema.json", llm.out());
      List<JsonNode> allChecks = checks(all.out());
      List<JsonNode> llmChecks = checks(llm.out());
      long mapped = allChecks.stream().filter(c -> c.path("tags").has("compliance/owasp-llm-top-10-2025")).count();
      assertEquals(mapped, llmChecks.size(), "exactly the mapped checks are reported");
      assertTrue(llmChecks.size() < allChecks.size() && !llmChecks.isEmpty());
      for (JsonNode c : llmChecks) {
        assertTrue(c.at("/tags/compliance~1owasp-llm-top-10-2025").asText().startsWith("owasp-llm-top-10-2025-llm"), c.toString());
      }
      assertTrue(llm.err().contains(llmChecks.size() + " of " + allChecks.size() + " checks"), "says what was left out: " + llm.err());
      assertEquals(1, llm.code(), "stock vLLM fails LLM-mapped checks too");

      EndToEndTest.Outcome sarif = EndToEndTest.cli("scan", "vllm", e.url(), "-o", "sarif");
      ScanReportsTest.validSarif(sarif.out());
      JsonNode tlsRule = rule(sarif.out(), "vllmscan-tls");
      Set<String> tags = new java.util.HashSet<>();
      tlsRule.at("/properties/tags").forEach(t -> tags.add(t.asText()));
      assertTrue(tags.containsAll(Set.of("security", "owasp-llm-top-10-2025-llm02", "nist-sp-800-53-rev5-sc-8",
          "cis-controls-v8-3.10", "owasp-api-security-top-10-2023-api8")), tags.toString());
      // Advisory rules carry a full description like the policy rules: what, which versions, the fix.
      JsonNode advisory = null;
      for (JsonNode r : JSON.readTree(sarif.out()).at("/runs/0/tool/driver/rules")) {
        if (r.path("id").asText().matches("(CVE|GHSA|PYSEC)-.*")) advisory = r;
      }
      assertTrue(advisory != null, "stock 0.29 has a reachable advisory");
      String full = advisory.at("/fullDescription/text").asText();
      assertTrue(full.contains("Affected vLLM versions: ") && (full.contains("Fix: Upgrade to ") || full.contains("No fixed version")), full);

      EndToEndTest.Outcome junit = EndToEndTest.cli("scan", "vllm", e.url(), "-o", "junit", "--framework", "owasp-llm-2025");
      ScanReportsTest.validJunit(junit.out());
      assertTrue(junit.out().contains("<property name=\"compliance/cis-controls-v8\" value=\"cis-controls-v8-3.10\"/>"),
          "a kept check keeps all its mappings: " + junit.out());
      assertFalse(junit.out().contains("FastAPI documentation is not exposed"), "a check with no OWASP LLM mapping is left out");
    }
  }

  @Test
  void aFrameworkNoCheckMapsToIsAUsageErrorBeforeAnyRequest() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", e.url(), "--framework", "pci-dss-4");
      assertEquals(2, o.code(), o.err());
      assertTrue(o.err().contains("--framework pci-dss-4: no check in the policies maps to it; they map to ")
          && o.err().contains("owasp-llm-2025"), o.err());
      assertEquals(0, e.requests());
    }
  }

  @Test
  void anyComplianceKeyOfABundleWorksAndFalseMeansNoMapping(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    // Mondoo's bundles write one compliance/<framework> key per framework, false where there is no mapping.
    Path bundle = tmp.resolve("b.mql.yaml");
    Files.writeString(bundle, """
        policies:
          - uid: p
            name: p
            groups:
              - filters: asset.family.contains("vllm")
                checks:
                  - uid: a
                  - uid: b
        queries:
          - uid: a
            title: docs
            mql: vllm.server.docsExposed == false
            tags:
              compliance/pci-dss-4: pci-dss-4-6.4.1
              compliance/hipaa: false
          - uid: b
            title: version
            mql: vllm.server.versionDisclosed == false
            tags:
              compliance/hipaa: false
        """);
    List<Bundle> loaded = List.of(BundleLoader.load(bundle.toString()));
    assertEquals("compliance/pci-dss-4", Frameworks.keyFor("pci-dss-4", loaded));
    IllegalArgumentException none = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Frameworks.keyFor("hipaa", loaded));
    assertTrue(none.getMessage().contains("they map to pci-dss-4"), none.getMessage());
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", e.url(), "-f", bundle.toString(), "--framework", "pci-dss-4", "-o", "json");
      List<JsonNode> checks = checks(o.out());
      assertEquals(List.of("a"), checks.stream().map(c -> c.path("uid").asText()).toList());
      assertEquals("{\"compliance/pci-dss-4\":\"pci-dss-4-6.4.1\"}", checks.get(0).path("tags").toString(), "false is no tag");
    }
  }

  private static List<JsonNode> checks(String json) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : JSON.readTree(json).at("/targets/0/policies")) p.path("checks").forEach(out::add);
    return out;
  }

  private static JsonNode rule(String sarif, String id) throws Exception {
    for (JsonNode r : JSON.readTree(sarif).at("/runs/0/tool/driver/rules")) {
      if (r.path("id").asText().equals(id)) return r;
    }
    throw new AssertionError("no rule " + id);
  }
}
