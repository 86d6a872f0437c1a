package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.Emulator;
import dev.vllmscan.launcher.emulator.GrpcEmulator;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every emulator profile through the whole chain (launcher → provider subprocess → emulator): the default
 * policy's result per check and the key server fields must match testdata/profiles/NAME.expected.yaml; no
 * state-changing handler may run; the API key never appears in stdout or stderr. A gRPC profile is scanned twice,
 * as grpc:// and as the http:// form of the same port (detected), with the same expected results, its
 * {@code vllm.grpc} fields are compared too, and its emulator must have received only allow-listed RPCs.
 */
class EmulatorProfilesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<String> profiles() {
    return Profile.BUILT_IN.stream();
  }

  @ParameterizedTest
  @MethodSource("profiles")
  void profileScansAsExpected(String name) throws Exception {
    JsonNode expected = expected(name);
    Profile profile = Profile.load(name);
    try (Emulator e = Emulator.start(profile, 0)) {
      List<String> common = targetArgs(name, e, expected);

      List<String> urls = new ArrayList<>(List.of(e.url()));
      if (e instanceof GrpcEmulator g) urls.add(g.httpUrl());
      EndToEndTest.Outcome o = null;
      for (String url : urls) {
        o = scanAsExpected(name, url, common, expected);
      }
      if (e instanceof GrpcEmulator g) {
        assertFalse(g.calls().isEmpty(), "the scans reached the emulator");
        assertEquals(List.of(), g.forbiddenCalls(), "only allow-listed RPCs reached the emulator");
        assertEquals(List.of(), g.handlersRun(), "no state-changing engine method ran");
      }
      runFields(name, e.url(), common, expected, "fields", "vllm.server");
      if (expected.has("grpcFields")) runFields(name, e.url(), common, expected, "grpcFields", "vllm.grpc");

      everyFailureShowsItsEvidence(name, o.out());

      assertEquals(List.of(), e.invocations(), "no state-changing handler ran");
      if (profile.apiKey() != null) {
        for (String text : List.of(o.out(), o.err())) assertFalse(text.contains(profile.apiKey()));
      }
    }
  }

  private static EndToEndTest.Outcome scanAsExpected(String name, String url, List<String> common, JsonNode expected) throws Exception {
    List<String> scan = new ArrayList<>(List.of("scan", "vllm", url, "-o", "json"));
    scan.addAll(common);
    EndToEndTest.Outcome o = EndToEndTest.cli(scan.toArray(String[]::new));
    assertEquals(expected.at("/scan/exitCode").asInt(), o.code(), o.err());
    Map<String, String> got = EndToEndTest.results(o.out());
    List<String> wrong = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> checks = expected.at("/scan/checks").fields();
    while (checks.hasNext()) {
      Map.Entry<String, JsonNode> c = checks.next();
      if (!c.getValue().asText().equals(got.get(c.getKey()))) {
        wrong.add(c.getKey() + ": expected " + c.getValue().asText() + ", got " + got.get(c.getKey()));
      }
    }
    assertEquals(expected.at("/scan/checks").size(), got.size(), "every check of the default policy is listed");
    assertTrue(wrong.isEmpty(), name + " " + url + "\n" + String.join("\n", wrong));
    return o;
  }

  /** The expected file's {@code section} fields of {@code resource}, read with one `run` query. */
  private static void runFields(String name, String url, List<String> common, JsonNode expected, String section,
      String resource) throws Exception {
    List<String> fields = new ArrayList<>();
    expected.get(section).fieldNames().forEachRemaining(fields::add);
    String query = resource + " { " + String.join(" ", fields) + " }";
    List<String> run = new ArrayList<>(List.of("run", "vllm", url, "-c", query, "-o", "json"));
    run.addAll(common);
    EndToEndTest.Outcome r = EndToEndTest.cli(run.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    JsonNode values = JSON.readTree(r.out()).get(query);
    for (String f : fields) {
      assertEquals(expected.get(section).get(f), values.get(f), name + ": " + resource + "." + f);
    }
    for (String text : List.of(r.out(), r.err())) {
      if (expected.at("/scan/withKey").asBoolean()) assertFalse(text.contains(common.get(1)), "the key never shows");
    }
  }

  /** testdata/profiles/NAME.expected.yaml */
  static JsonNode expected(String name) throws java.io.IOException {
    return YAML.readTree(Path.of(System.getProperty("vllmscan.home"), "testdata", "profiles", name + ".expected.yaml").toFile());
  }

  /** How a profile is scanned: with its key when the expectations say so, trusting its CA, or --insecure for TLS. */
  static List<String> targetArgs(String name, Emulator e, JsonNode expected) throws java.io.IOException {
    Profile profile = e.profile();
    List<String> common = new ArrayList<>();
    if (expected.at("/scan/withKey").asBoolean()) common.addAll(List.of("--api-key", profile.apiKey()));
    if (e instanceof VllmEmulator http && http.caCertificatePem() != null) {
      // A private CA is trusted like any CA bundle: the certificate check then judges it as a public one.
      Path ca = java.nio.file.Files.createTempFile("vllmscan-" + name, "-ca.pem");
      java.nio.file.Files.writeString(ca, http.caCertificatePem());
      ca.toFile().deleteOnExit();
      common.addAll(List.of("--ca-cert", ca.toString()));
    } else if (profile.on(profile.tls())) {
      common.add("--insecure");
    }
    common.addAll(e.sidePortFlags());
    return common;
  }

  /**
   * Each failed check carries a one-line message that says what is wrong and a structured evidence list; the same
   * report rendered as human text, SARIF and JUnit (through `report merge`) shows its first evidence line too.
   */
  static void everyFailureShowsItsEvidence(String name, String json) throws Exception {
    Path file = java.nio.file.Files.createTempFile("vllmscan-" + name, ".json");
    try {
      java.nio.file.Files.writeString(file, json);
      Map<String, String> rendered = new java.util.HashMap<>();
      for (String format : List.of("human", "sarif", "junit")) {
        EndToEndTest.Outcome m = EndToEndTest.cli("report", "merge", file.toString(), "-o", format, "--no-color");
        rendered.put(format, m.out());
      }
      // Every profile's reports validate: OASIS's SARIF schema, a JUnit XSD, our JSON report schema.
      ScanReportsTest.validSarif(rendered.get("sarif"));
      ScanReportsTest.validJunit(rendered.get("junit"));
      ScanReportsTest.validJson("json-report.schema.json", json);
      int failed = 0;
      for (JsonNode policy : JSON.readTree(json).at("/targets/0/policies")) {
        for (JsonNode check : policy.get("checks")) {
          if (!check.get("result").asText().equals("fail")) continue;
          failed++;
          String uid = check.get("uid").asText();
          String message = check.get("message").asText();
          assertFalse(message.isBlank() || message.contains("expression was"), name + " " + uid + ": " + message);
          JsonNode evidence = check.get("evidence");
          assertTrue(evidence.isArray() && evidence.size() > 0, name + " " + uid + " has no evidence");
          String first = evidence.get(0).asText().strip();
          assertTrue(rendered.get("human").contains(first), name + " " + uid + ": human report lacks " + first);
          String xmlFirst = first.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;")
              .replace("'", "&apos;");
          assertTrue(rendered.get("junit").contains(xmlFirst), name + " " + uid + ": JUnit lacks " + first);
          assertTrue(rendered.get("sarif").contains(JSON.writeValueAsString(first).replaceAll("^\"|\"$", "")),
              name + " " + uid + ": SARIF lacks " + first);
        }
      }
      assertTrue(failed > 0 || name.contains("hardened"), name + ": a profile with findings shows them");
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }
}
