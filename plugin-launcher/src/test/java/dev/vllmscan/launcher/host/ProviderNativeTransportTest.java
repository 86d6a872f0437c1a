package dev.vllmscan.launcher.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.launcher.emulator.Profile;
import dev.vllmscan.launcher.emulator.VllmEmulator;
import dev.vllmscan.llx.ResourceRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The plugin process serves and dials over NIO only, so it never loads Netty's native epoll library (extracting and
 * loading it cost ~20 ms of every start): read from the real provider process's memory map after it answered.
 */
class ProviderNativeTransportTest {
  @Test
  void theProviderProcessAnswersWithoutLoadingNettysNativeTransport() throws Exception {
    try (VllmEmulator e = VllmEmulator.start(Profile.load("stock-0.29"), 0);
        Session s = Session.open(InstalledProvider.load(Installer.locate(null, System.err::println)), e.url(),
            Session.flags(null, false, 5), "warn", null)) {
      ResourceRef server = s.create("vllm.server", Map.of());
      assertEquals(true, s.field(server, "assessable"), "the provider probed the target and answered");
      long pid = s.client().endpoint().processHandle().orElseThrow().pid();
      String maps = Files.readString(Path.of("/proc/" + pid + "/maps"));
      assertTrue(maps.contains("libjvm.so"), "the memory map of the provider's JVM: " + pid);
      assertFalse(maps.contains("netty_transport_native_epoll"), "the provider loaded Netty's epoll library");
    }
  }
}
