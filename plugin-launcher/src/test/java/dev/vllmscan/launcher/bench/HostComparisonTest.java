package dev.vllmscan.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison's plumbing: where a host finds a provider, and what a run keeps. */
class HostComparisonTest {
  @TempDir Path tmp;

  @Test
  void aProvidersRootOrAVllmDirectoryIsAccepted() throws Exception {
    Files.createDirectories(tmp.resolve("root/vllm"));
    assertEquals(tmp.resolve("root"), HostComparison.providersRoot(tmp.resolve("root")));
    assertEquals(tmp.resolve("root"), HostComparison.providersRoot(tmp.resolve("root/vllm")));
    Files.createDirectories(tmp.resolve("elsewhere"));
    assertThrows(IllegalArgumentException.class, () -> HostComparison.providersRoot(tmp.resolve("elsewhere")));
  }

  @Test
  void aRunKeepsItsExitCodeAndTheProvidersPath() throws Exception {
    Path out = tmp.resolve("seen");
    HostComparison.Run r = HostComparison.timed(List.of("sh", "-c", "echo \"$PROVIDERS_PATH\" > '" + out + "'; exit 3"), tmp);
    assertEquals(3, r.exitCode());
    assertEquals(tmp.toString(), Files.readString(out).trim());
  }
}
