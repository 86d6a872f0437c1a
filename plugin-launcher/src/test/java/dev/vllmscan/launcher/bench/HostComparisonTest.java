package dev.vllmscan.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison's plumbing: where a host finds a provider, and how a run's CPU is read. */
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
  void childCpuIsCutimePlusCstime() {
    // pid (comm with a space) state ppid ... utime stime cutime cstime ...
    String stat = "4242 (sh -c x) S 1 4242 4242 0 -1 4194560 100 2000 0 0 3 1 137 24 20 0 1 0 100 2000 300";
    assertEquals(1.61, HostComparison.childCpuSeconds(stat), 1e-9);
  }

  @Test
  void aRunKeepsItsExitCodeAndTheProvidersPath() throws Exception {
    Path out = tmp.resolve("seen");
    HostComparison.Run r = HostComparison.timed(List.of("sh", "-c", "echo \"$PROVIDERS_PATH\" > '" + out + "'; exit 3"), tmp);
    assertEquals(3, r.exitCode());
    assertEquals(tmp.toString(), Files.readString(out).trim());
  }
}
