package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cnspec flags implemented so far, their documented effect, and what CI consumers rely on in the reports. */
class CnspecFlagsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void jsonRiskThresholdAssetNameAndAnnotationsBehaveAsInCnspec() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", e.url(), "-j", "--asset-name", "prod-a",
          "--annotation", "team=search", "--annotation", "env=prod", "--incognito", "--risk-threshold", "101");
      assertEquals(0, o.code(), "risk 100 is below a threshold of 101: " + o.err());
      JsonNode r = JSON.readTree(o.out()).at("/targets/0");
      assertEquals("prod-a", r.at("/asset/name").asText());
      assertEquals("search", r.at("/asset/labels/team").asText());
      assertEquals("prod", r.at("/asset/labels/env").asText());
      assertTrue(r.at("/failedBySeverity/critical").asInt() > 0, "severity counts tell targets apart: " + r.get("failedBySeverity"));
      EndToEndTest.Outcome gate = EndToEndTest.cli("scan", "vllm", e.url(), "-j", "--risk-threshold", "90");
      assertEquals(1, gate.code(), "risk 100 >= 90 fails the gate");
    }
  }

  static Map<String, String> fingerprints(String sarif) throws Exception {
    Map<String, String> out = new HashMap<>();
    for (JsonNode res : JSON.readTree(sarif).at("/runs/0/results")) {
      out.put(res.get("ruleId").asText(), res.at("/partialFingerprints/vllmscanFinding~1v1").asText());
    }
    return out;
  }

  @Test
  void sarifCarriesWhatCodeScanningNeedsAndStableFingerprints() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      EndToEndTest.Outcome first = EndToEndTest.cli("scan", "vllm", e.url(), "-o", "sarif");
      EndToEndTest.Outcome second = EndToEndTest.cli("scan", "vllm", e.url(), "-o", "sarif");
      ScanReportsTest.validSarif(first.out());
      Map<String, String> a = fingerprints(first.out());
      assertTrue(a.size() > 10 && !a.containsValue(""), a.toString());
      assertEquals(a, fingerprints(second.out()), "the same findings give the same partialFingerprints");
      JsonNode run = JSON.readTree(first.out()).at("/runs/0");
      assertEquals("vllmscan/vllmscan-vllm-security/", run.at("/automationDetails/id").asText());
      JsonNode rule = run.at("/tool/driver/rules/1");
      assertTrue(rule.has("fullDescription") && rule.has("helpUri") && rule.at("/help/markdown").asText().contains("Remediation:"), rule.toString());
    }
  }

  @Test
  void mergingTheSameReportTwiceKeepsOneTarget() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      Path f = tmp.resolve("a.json");
      Files.writeString(f, EndToEndTest.cli("scan", "vllm", e.url(), "-j").out());
      EndToEndTest.Outcome merged = EndToEndTest.cli("report", "merge", f.toString(), f.toString(), "-o", "json");
      assertEquals(1, JSON.readTree(merged.out()).get("targets").size(), "one target, not a duplicate");
      assertTrue(merged.err().contains("kept once"), "and said so: " + merged.err());
    }
  }

  @Test
  void aCnspecInventoryScansUnchangedAndRefusesKeysWrittenInTheFile() throws Exception {
    try (VllmEmulator a = VllmEmulator.start(Profile.load("stock-0.29"), 0);
        VllmEmulator b = VllmEmulator.start(Profile.load("v0.29-hardened"), 0)) {
      java.net.URI ub = java.net.URI.create(b.url());
      Path inv = tmp.resolve("inventory.yml");
      Files.writeString(inv, "apiVersion: v1\nkind: Inventory\nmetadata:\n  name: vllm-fleet\nspec:\n  assets:\n"
          + "    - name: vllm-a\n      labels: {team: search}\n      connections:\n        - type: vllm\n"
          + "          options:\n            base-url: " + a.url() + "\n            timeout: \"7\"\n"
          + "    - name: vllm-b\n      connections:\n        - type: vllm\n          host: " + ub.getHost() + "\n"
          + "          port: " + ub.getPort() + "\n          credentials:\n            - type: password\n"
          + "              env: VLLMSCAN_TEST_UNSET_KEY\n");
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "--inventory-file", inv.toString(), "-o", "json");
      JsonNode all = JSON.readTree(o.out()).get("targets");
      assertEquals(2, all.size(), o.err());
      assertEquals(a.url(), all.get(0).at("/asset/baseUrl").asText());
      assertEquals("search", all.get(0).at("/asset/labels/team").asText());
      assertEquals("vllm-a", all.get(0).at("/asset/labels/asset-name").asText());
      assertEquals(b.url(), all.get(1).at("/asset/baseUrl").asText(), "assembled from host and port");
      Files.writeString(inv, Files.readString(inv).replace("env: VLLMSCAN_TEST_UNSET_KEY", "password: hunter2"));
      EndToEndTest.Outcome refused = EndToEndTest.cli("scan", "--inventory-file", inv.toString());
      assertEquals(2, refused.code());
      assertTrue(refused.err().contains("name an environment variable") && !refused.err().contains("hunter2"), refused.err());
    }
  }

  @Test
  void cnspecOutputFormatsRunJsonAndShellCommand() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      Path json = tmp.resolve("r.json");
      Files.writeString(json, EndToEndTest.cli("scan", "vllm", e.url(), "-j").out());
      EndToEndTest.Outcome csv = EndToEndTest.cli("report", "merge", json.toString(), "-o", "csv");
      java.util.List<String> rows = csv.out().lines().toList();
      assertEquals("target,version,policy,check,title,result,impact,severity,message", rows.get(0));
      assertEquals(31, rows.size(), "a header and one row per check");
      assertTrue(rows.stream().anyMatch(r -> r.contains(",vllmscan-tls,") && r.contains(",fail,80,high,")), csv.out());
      EndToEndTest.Outcome yaml = EndToEndTest.cli("report", "merge", json.toString(), "-o", "yaml");
      JsonNode y = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml.out());
      assertEquals(JSON.readTree(Files.readString(json)).at("/targets/0/riskScore"), y.at("/targets/0/riskScore"), "the same report as YAML");
      EndToEndTest.Outcome summary = EndToEndTest.cli("report", "merge", json.toString(), "-o", "summary");
      assertTrue(summary.out().strip().matches(".*: risk 100, \\d+ passed, \\d+ failed \\(\\d+ critical, .*"), summary.out());
      EndToEndTest.Outcome compact = EndToEndTest.cli("report", "merge", json.toString(), "-o", "compact");
      assertTrue(compact.out().lines().anyMatch(l -> l.startsWith("  fail  The API is served over TLS — vllm.server.usesTls = false")),
          compact.out());
      EndToEndTest.Outcome run = EndToEndTest.cli("run", "vllm", e.url(), "-c", "vllm.server.version", "-j");
      assertEquals("0.29.0", JSON.readTree(run.out()).get("vllm.server.version").asText(), run.out());
      EndToEndTest.Outcome shell = EndToEndTest.cli("shell", "vllm", e.url(), "-c", "vllm.server.version");
      assertEquals("vllm.server.version: \"0.29.0\"", shell.out().strip(), shell.err());
    }
  }

  @Test
  void policySelectionVerboseAndParallelism() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      EndToEndTest.Outcome unknown = EndToEndTest.cli("scan", "vllm", e.url(), "--policy", "nope", "-j");
      assertEquals(2, unknown.code());
      assertTrue(unknown.err().contains("no such policy; the bundles have [vllmscan-vllm-security]"), unknown.err());
      EndToEndTest.Outcome picked = EndToEndTest.cli("scan", "vllm", e.url(), "--policy", "vllmscan-vllm-security", "-j", "-v");
      assertEquals(1, JSON.readTree(picked.out()).at("/targets/0/policies").size());
      assertTrue(picked.err().contains("timeline +") && picked.err().contains("probe "), "-v is --log-level debug");
      Path inv = tmp.resolve("one.yaml");
      Files.writeString(inv, "targets:\n  - url: " + e.url() + "\n");
      EndToEndTest.Outcome fleet = EndToEndTest.cli("scan", "--inventory-file", inv.toString(), "--parallelism", "2", "-j");
      assertEquals(1, fleet.code(), fleet.err());
    }
  }

  @Test
  void globalLogLevelBeforeTheSubcommandAndOutputTargetAsInCnspec() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      Path report = tmp.resolve("out.json");
      EndToEndTest.Outcome o = EndToEndTest.cli("--log-level", "debug", "scan", "vllm", e.url(), "-j", "--output-target", report.toString());
      assertEquals(1, o.code(), o.err());
      assertTrue(o.err().contains("timeline +") && o.err().contains("probe GET /health"), "the global flag reached the scan: " + o.err());
      assertTrue(o.out().isBlank(), "the report went to the file");
      assertEquals("vllmscan", JSON.readTree(Files.readString(report)).at("/tool/name").asText());
      EndToEndTest.Outcome verbose = EndToEndTest.cli("-v", "run", "vllm", e.url(), "-c", "vllm.server.version");
      assertTrue(verbose.err().contains("probe GET /version"), verbose.err());
      int before = e.requests();
      EndToEndTest.Outcome queue = EndToEndTest.cli("scan", "vllm", e.url(), "--output-target", "https://sqs.example/queue");
      assertEquals(2, queue.code());
      assertTrue(queue.err().contains("local file path"), queue.err());
      assertEquals(before, e.requests(), "refused before any probe");
    }
  }
}
