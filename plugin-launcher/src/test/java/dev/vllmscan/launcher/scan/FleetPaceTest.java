package dev.vllmscan.launcher.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vllmscan.launcher.host.Session;
import dev.vllmscan.llx.Values;
import dev.vllmscan.proto.llx.Primitive;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How many probes each fleet target may have in flight when the user chose none. */
class FleetPaceTest {
  private static FleetScan fleet(int targetsAtOnce) {
    return new FleetScan(null, List.of(), t -> Map.of(), targetsAtOnce);
  }

  private static Object concurrency(Map<String, Primitive> flags) {
    return Values.decode(flags.get("concurrency"));
  }

  @Test
  void upToSixteenTargetsAtOnceKeepTheProvidersDefault() {
    Map<String, Primitive> flags = Session.flags(null, false, 10);
    for (int n : new int[] {1, 4, 16}) assertFalse(fleet(n).paced(flags).containsKey("concurrency"), n + " at once");
  }

  @Test
  void moreTargetsAtOnceShareTheFleetsBudgetDownToAFloor() {
    Map<String, Primitive> flags = Session.flags(null, false, 10);
    assertEquals(16L, concurrency(fleet(32).paced(flags)));
    assertEquals(8L, concurrency(fleet(64).paced(flags)));
    assertEquals(4L, concurrency(fleet(500).paced(flags)), "never fewer than four");
  }

  @Test
  void theUsersProbeConcurrencyWins() {
    Map<String, Primitive> flags = Session.flags(null, false, 10, 32, 0);
    assertEquals(32L, concurrency(fleet(64).paced(flags)));
  }
}
