package dev.vllmscan.launcher.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.llx.ResourceRef;
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
}
