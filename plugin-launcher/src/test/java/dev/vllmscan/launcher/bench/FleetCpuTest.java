package dev.vllmscan.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.Installer;
import dev.vllmscan.launcher.policy.BundleLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet's CPU split through the real provider process: the emulator's threads apart from the scanner's launcher
 * and provider, per target and over this machine's cores, in the log and in bench.csv.
 */
class FleetCpuTest {
  @TempDir Path tmp;

  @Test
  void aFleetsCpuIsSplitBetweenTheEmulatorAndTheScanner() throws Exception {
    InstalledProvider provider = InstalledProvider.load(Installer.locate(null, System.err::println));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Bench bench = new Bench(provider, List.of(BundleLoader.embeddedDefault()), List.of(), 1, List.of(4), 4,
        new PrintStream(log, true, StandardCharsets.UTF_8));
    Map<String, Double> rows = bench.runFleets(tmp).stream()
        .collect(Collectors.toMap(Bench.Row::metric, Bench.Row::value, (a, b) -> b));

    assertEquals(4, rows.get("targets assessed"));
    double emulator = rows.get("CPU, the emulator's threads");
    double scanner = rows.get("CPU, scanner (launcher + provider)");
    double provider0 = rows.get("CPU, of which the provider");
    // 4 targets × ~96 requests answered by the emulator; a provider JVM started, scanned and was reaped.
    assertTrue(emulator > 0, "emulator " + emulator);
    assertTrue(provider0 >= 0.1, "provider " + provider0);
    assertTrue(scanner > provider0, "scanner " + scanner + " holds the provider's " + provider0 + " and the launcher's");
    assertEquals(scanner * 1000 / 4, rows.get("scanner CPU per target"), 0.01);
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(scanner / cores, rows.get("scanner CPU over " + cores + " cores"), 0.01);
    String csv = Files.readString(tmp.resolve("bench.csv"));
    assertTrue(csv.contains("fleet 4 @100ms,\"CPU, scanner (launcher + provider)\","), csv);
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("CPU, the emulator's threads"));
  }
}
