package dev.vllmscan.launcher.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.launcher.host.InstalledProvider;
import dev.vllmscan.launcher.host.Installer;
import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.launcher.policy.BundleLoader;
import dev.vllmscan.launcher.report.Report;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link FleetScan} when the launcher's heap runs out mid-fleet. */
class FleetScanOutOfMemoryTest {
  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A launcher that runs out of memory mid-fleet still reports every target: what finished, and an error for the rest. */
  @Test
  void runningOutOfMemoryMidFleetStillReportsEveryTarget() throws Exception {
    int port = closedPort();
    List<Inventory.Target> targets = new ArrayList<>();
    for (int i = 0; i < 5; i++) targets.add(new Inventory.Target("http://127.0.0.1:" + port + "/t" + i, null, Map.of()));
    InstalledProvider provider = InstalledProvider.load(Installer.locate(null, System.err::println));
    FleetScan fleet = new FleetScan(provider, List.of(BundleLoader.embeddedDefault()), t -> {
      if (t.url().endsWith("/t2")) throw new OutOfMemoryError("Java heap space (simulated)");
      return Session.flags(null, false, 2);
    }, 1);
    List<Report> reports = fleet.run(new Inventory(targets), "warn", line -> { }, true);
    assertEquals(5, reports.size(), "a complete report");
    assertTrue(fleet.ranOutOfMemory());
    assertTrue(reports.get(0).asset().reason().startsWith("not reachable"), reports.get(0).asset().reason());
    for (Report r : reports.subList(2, 5)) {
      assertFalse(r.asset().assessable());
      assertTrue(r.asset().reason().contains("ran out of memory"), r.asset().reason());
      assertTrue(r.policies().stream().flatMap(p -> p.checks().stream()).allMatch(c -> c.result() == Report.Outcome.ERROR));
    }
  }
}
