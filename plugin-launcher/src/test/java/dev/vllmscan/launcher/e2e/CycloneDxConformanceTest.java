package dev.vllmscan.launcher.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.Emulator;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.Service;
import org.cyclonedx.model.vulnerability.Vulnerability;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * `scan -o cyclonedx` on every emulator profile, through the real launcher and provider: the BOM validates against
 * the CycloneDX 1.6 schema with cyclonedx-core-java's own validator, and says what the scan observed (version or
 * "unknown", the API as a service, the served models, advisories whose analysis follows what was seen).
 */
class CycloneDxConformanceTest {
  @TempDir Path tmp;

  static Stream<String> profiles() {
    return Profile.BUILT_IN.stream();
  }

  /** Validates with the library's validator and parses with its parser. */
  static Bom valid(String json) throws Exception {
    List<ParseException> problems = new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), Version.VERSION_16);
    assertEquals(List.of(), problems.stream().map(Throwable::getMessage).toList(), json);
    return new JsonParser().parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @MethodSource("profiles")
  void everyProfilesBomValidatesAndSaysWhatWasObserved(String name) throws Exception {
    JsonNode expected = EmulatorProfilesTest.expected(name);
    Profile profile = Profile.load(name);
    try (Emulator e = Emulator.start(profile, 0)) {
      List<String> args = new ArrayList<>(List.of("scan", "vllm", e.url(), "-o", "cyclonedx"));
      args.addAll(EmulatorProfilesTest.targetArgs(name, e, expected));
      EndToEndTest.Outcome o = EndToEndTest.cli(args.toArray(String[]::new));
      assertEquals(expected.at("/scan/exitCode").asInt(), o.code(), "the gate is the same whatever the format: " + o.err());
      Bom bom = valid(o.out());

      Component server = bom.getComponents().stream().filter(c -> c.getName().equals("vllm")).findFirst().orElseThrow();
      assertEquals(Component.Type.APPLICATION, server.getType());
      JsonNode version = expected.at("/fields/version");
      if (version.isTextual()) {
        assertEquals("pkg:pypi/vllm@" + version.asText(), server.getPurl());
        assertEquals(version.asText(), server.getVersion());
      } else {
        assertEquals("pkg:pypi/vllm", server.getPurl());
        assertTrue(property(server.getProperties(), "vllmscan:version").startsWith("unknown: "), name);
      }

      Service api = bom.getServices().get(0);
      assertEquals(List.of(e.url()), api.getEndpoints());
      assertEquals(profile.grpc() ? "vLLM gRPC frontend (vllm.grpc.engine.VllmEngine)" : "vLLM OpenAI-compatible API", api.getName());
      assertEquals(String.valueOf(profile.on(profile.tls())), property(api.getProperties(), "vllmscan:tls"));
      assertEquals(Boolean.FALSE, api.getxTrustBoundary(), "a loopback service crosses no trust boundary");
      if (profile.on(profile.authWall())) {
        assertEquals(Boolean.TRUE, api.getAuthenticated());
        assertTrue(property(server.getProperties(), "vllmscan:models").startsWith("unknown: "), "models are behind the wall");
      } else {
        assertEquals(expected.at("/fields/apiKeyRequired").asBoolean(false), Boolean.TRUE.equals(api.getAuthenticated()), name);
        Component model = bom.getComponents().stream()
            .filter(c -> c.getType() == Component.Type.MACHINE_LEARNING_MODEL && c.getName().equals(profile.model()))
            .findFirst().orElseThrow(() -> new AssertionError(name + ": no model component for " + profile.model() + "\n" + o.out()));
        assertEquals("base model", property(model.getProperties(), "vllmscan:kind"));
        assertNotNull(property(model.getProperties(), "vllmscan:max-model-len"), "the context length the server reported");
        assertEquals(profile.grpc() ? "gRPC GetModelInfo" : "/v1/models", property(model.getProperties(), "vllmscan:seen-in"));
        for (String adapter : expected.at("/scan/withKey").asBoolean() ? profile.loraAdapters() : List.<String>of()) {
          Component c = bom.getComponents().stream().filter(x -> x.getName().equals(adapter)).findFirst().orElseThrow();
          assertEquals(Component.Type.MACHINE_LEARNING_MODEL, c.getType());
          assertEquals(profile.model(), property(c.getProperties(), "vllmscan:parent"), "an adapter names its base model");
        }
      }

      List<Vulnerability> vulns = bom.getVulnerabilities() == null ? List.of() : bom.getVulnerabilities();
      boolean reachable = "fail".equals(expected.at("/scan/checks/vllmscan-known-vulnerability-reachable").asText());
      assertEquals(reachable, vulns.stream().anyMatch(v -> v.getAnalysis().getState() == Vulnerability.Analysis.State.EXPLOITABLE),
          name + ": an advisory is exploitable exactly when the policy found one reachable");
      for (Vulnerability v : vulns) {
        assertTrue(Set.of(Vulnerability.Analysis.State.EXPLOITABLE, Vulnerability.Analysis.State.IN_TRIAGE,
            Vulnerability.Analysis.State.NOT_AFFECTED).contains(v.getAnalysis().getState()));
        if (v.getAnalysis().getState() != Vulnerability.Analysis.State.IN_TRIAGE) {
          assertFalse(v.getAnalysis().getDetail() == null || v.getAnalysis().getDetail().isBlank(),
              v.getId() + ": a decided analysis carries its evidence");
        }
        assertEquals(server.getBomRef(), v.getAffects().get(0).getRef());
        assertFalse(v.getRatings().isEmpty(), v.getId());
      }
      if (profile.apiKey() != null) assertFalse(o.out().contains(profile.apiKey()) || o.err().contains(profile.apiKey()));
      assertEquals(List.of(), e.invocations());
    }
  }

  @Test
  void aFleetGivesOneBomWithEveryTargetAndAibomIsTheShortForm() throws Exception {
    try (VllmEmulator stock = VllmEmulator.start(Profile.load("stock-0.29"), 0);
        VllmEmulator lora = VllmEmulator.start(Profile.load("v0.11-dev-lora"), 0)) {
      Path inventory = tmp.resolve("fleet.yaml");
      Files.writeString(inventory, "targets:\n  - url: " + stock.url() + "\n  - url: " + lora.url() + "\n");
      Path file = tmp.resolve("fleet.cdx.json");
      EndToEndTest.Outcome o = EndToEndTest.cli("aibom", "--inventory-file", inventory.toString(), "--output-file", file.toString());
      assertEquals(0, o.code(), "every target was read: " + o.err());
      Bom bom = valid(Files.readString(file));
      assertEquals(2, bom.getComponents().stream().filter(c -> c.getName().equals("vllm")).count());
      assertEquals(2, bom.getServices().size());
      assertTrue(bom.getMetadata().getComponent().getName().contains("2 targets"));
      // The dev-mode LoRA profile serves an adapter: a model component naming its base model.
      assertTrue(bom.getComponents().stream().anyMatch(c -> c.getType() == Component.Type.MACHINE_LEARNING_MODEL
          && "LoRA adapter".equals(property(c.getProperties(), "vllmscan:kind"))), Files.readString(file));

      EndToEndTest.Outcome one = EndToEndTest.cli("aibom", "vllm", stock.url());
      assertEquals(0, one.code(), one.err());
      valid(one.out());
    }
    EndToEndTest.Outcome down = EndToEndTest.cli("aibom", "vllm", "http://127.0.0.1:9", "--timeout", "2");
    assertEquals(3, down.code(), "a target that could not be read is not a clean BOM");
    Bom bom = valid(down.out());
    Component server = bom.getComponents().stream().filter(c -> c.getName().equals("vllm")).findFirst().orElseThrow();
    assertTrue(property(server.getProperties(), "vllmscan:version").startsWith("unknown: "));
  }

  private static String property(List<Property> props, String name) {
    if (props == null) return null;
    return props.stream().filter(p -> p.getName().equals(name)).map(Property::getValue).findFirst().orElse(null);
  }
}
