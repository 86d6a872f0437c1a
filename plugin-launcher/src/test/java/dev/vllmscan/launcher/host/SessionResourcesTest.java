package dev.vllmscan.launcher.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.llx.ResourceRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Through the real plugin process: what a session asks the provider to create. */
class SessionResourcesTest {
  @Test
  void aResourceWithoutArgumentsIsCreatedOncePerSession() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0);
        Session s = Session.open(InstalledProvider.load(Installer.locate(null, System.err::println)), e.url(),
            Session.flags(null, false, 5), "warn", null)) {
      int before = s.roundTrips();
      ResourceRef server = s.create("vllm.server", Map.of());
      ResourceRef again = s.create("vllm.server", Map.of());
      assertEquals(server, again);
      assertEquals(before + 1, s.roundTrips(), "the second mention of vllm.server asks the provider nothing");

      ResourceRef metrics = s.create("vllm.metrics", Map.of());
      assertNotEquals(server, metrics);
      assertEquals(before + 2, s.roundTrips(), "another resource is its own round trip");
      assertEquals(s.field(server, "version"), s.field(again, "version"));
    }
  }

  @Test
  void resourcesCreatedTogetherTakeOneRoundTripAndLeaveOutWhatFailed() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0);
        Session s = Session.open(InstalledProvider.load(Installer.locate(null, System.err::println)), e.url(),
            Session.flags(null, false, 5), "warn", null)) {
      ResourceRef server = s.create("vllm.server", Map.of());
      int before = s.roundTrips();
      Map<String, ResourceRef> made = s.createAll(List.of("vllm.server", "vllm.metrics", "vllm.grpc", "vllm.nosuch"));
      assertEquals(before + 1, s.roundTrips(), "vllm.server was known; the other three in one batch");
      assertEquals(List.of("vllm.server", "vllm.metrics", "vllm.grpc"), List.copyOf(made.keySet()));
      assertEquals(server, made.get("vllm.server"));
      // Remembered like create's: asking again costs nothing and names the same resource.
      assertEquals(made.get("vllm.metrics"), s.create("vllm.metrics", Map.of()));
      assertEquals(before + 1, s.roundTrips());
      // What failed is left to create, which says why.
      Exception why = assertThrows(Exception.class, () -> s.create("vllm.nosuch", Map.of()));
      assertTrue(String.valueOf(why.getMessage()).contains("vllm.nosuch"), why.getMessage());
    }
  }
}
