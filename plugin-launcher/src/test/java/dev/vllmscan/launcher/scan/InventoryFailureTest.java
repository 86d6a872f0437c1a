package dev.vllmscan.launcher.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.Installer;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.launcher.policy.Bundle;
import dev.vllmscan.launcher.policy.BundleLoader;
import dev.vllmscan.launcher.report.Renderers;
import dev.vllmscan.launcher.report.Report;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * -o cyclonedx reads the AI inventory after the checks. When that read fails (here: the provider process dies just
 * before it, so the real InventoryReader meets a dead provider), the check results stand as a scan without the
 * inventory has them, and the BOM says what could not be read, with the reason.
 */
class InventoryFailureTest {
  static final List<Bundle> BUNDLES = List.of(BundleLoader.embeddedDefault());

  @Test
  void aFailedInventoryReadKeepsTheCheckResultsAndTheBomSaysWhy() throws Exception {
    InstalledProvider provider = InstalledProvider.load(Installer.locate(null, System.err::println));
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0)) {
      Report plain;
      try (Session s = Session.open(provider, e.url(), Session.withoutSidePorts(Session.flags(null, false, 10)), "warn", null)) {
        plain = TargetScan.run(s, e.url(), BUNDLES, Map.of(), System.nanoTime(), true, false);
      }
      Report failed;
      try (Session s = Session.open(provider, e.url(), Session.withoutSidePorts(Session.flags(null, false, 10)), "warn", null)) {
        failed = TargetScan.run(s, e.url(), BUNDLES, Map.of(), System.nanoTime(), true, session -> {
          ProcessHandle p = session.client().processHandle().orElseThrow();
          p.destroyForcibly();
          p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
          return InventoryReader.read(session);
        });
      }
      assertTrue(plain.asset().assessable(), plain.asset().reason());
      assertTrue(plain.failed() > 0, "the profile has failing checks to lose");
      assertEquals(outcomes(plain), outcomes(failed), "the check results survive the failed inventory read");
      assertEquals(plain.riskScore(), failed.riskScore());

      String why = failed.inventory().modelsUnknown();
      assertTrue(why.startsWith("the AI inventory could not be read: ") && why.contains("provider"), why);
      JsonNode bom = new ObjectMapper().readTree(Renderers.cyclonedx(List.of(failed)));
      JsonNode server = component(bom, "vllm");
      assertEquals("unknown: " + why, property(server, "vllmscan:models"));
      assertEquals("not matched: " + why, property(server, "vllmscan:advisories"));
      assertEquals(plain.asset().version(), server.path("version").asText(), "the version the gate read is kept");
      assertFalse(bom.path("components").toString().contains("machine-learning-model"), "no model is guessed");
      assertTrue(property(bom.path("services").get(0), "vllmscan:authenticated").startsWith("unknown: "),
          "authentication is not settled without the inventory");
      assertEquals(plain.policies().size(), failed.policies().size());
    }
  }

  private static List<String> outcomes(Report r) {
    return r.policies().stream().flatMap(p -> p.checks().stream()).map(c -> c.uid() + "=" + c.result()).toList();
  }

  private static JsonNode component(JsonNode bom, String name) {
    for (JsonNode c : bom.path("components")) if (name.equals(c.path("name").asText())) return c;
    throw new AssertionError("no component " + name + " in " + bom);
  }

  private static String property(JsonNode owner, String name) {
    for (JsonNode p : owner.path("properties")) if (name.equals(p.path("name").asText())) return p.path("value").asText();
    return "";
  }
}
