package dev.vllmscan.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.launcher.cli.Main;
import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.Installer;
import dev.vllmscan.launcher.policy.BundleLoader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bench's start rows: the launcher answering `scan --version` and the real provider up to its handshake line. */
class StartCostTest {
  @Test
  void eachJvmsStartIsTimedAndItsCpuRead() throws Exception {
    InstalledProvider provider = InstalledProvider.load(Installer.locate(null, System.err::println));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> launcher = List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), Main.class.getName());
    Bench bench = new Bench(provider, List.of(BundleLoader.embeddedDefault()), launcher, 2, List.of(), 1,
        new PrintStream(OutputStream.nullOutputStream()));
    Map<String, Double> rows = bench.starts().stream()
        .collect(Collectors.toMap(r -> r.scenario() + ": " + r.metric(), Bench.Row::value));

    assertEquals(4, rows.size(), rows.toString());
    double launcherWall = rows.get("launcher start alone: scan --version, wall (median of 2)");
    double launcherCpu = rows.get("launcher start alone: CPU (median of 2)");
    double providerWall = rows.get("provider start alone: spawn to handshake line (median of 2)");
    double providerCpu = rows.get("provider start alone: CPU at the handshake line (median of 2)");
    // A JVM that starts and loads classes burns tens of milliseconds at the least; nothing here can be zero.
    assertTrue(launcherWall > 0.02 && launcherCpu > 0.02, rows.toString());
    assertTrue(providerWall > 0.02 && providerCpu > 0.02, rows.toString());
  }
}
