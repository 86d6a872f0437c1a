package dev.vllmscan.launcher.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A URL listed twice: with the same settings it is one target (warned); with different keys two targets; with
 * different scan settings the inventory is refused in one line naming the URL and the settings, because keeping
 * either entry's settings would silently drop the other's.
 */
class InventoryDedupeTest {
  static final String URL = "https://vllm-a.internal:8000";

  static Inventory.Target entry(String url, String keyEnv, Integer timeout, Boolean insecure, String sidePorts, Boolean off) {
    return new Inventory.Target(url, keyEnv, Map.of(), timeout, insecure, sidePorts, off);
  }

  @Test
  void differingScanSettingsForOneTargetAreRefusedNamingThem() {
    List<List<Inventory.Target>> cases = List.of(
        List.of(entry(URL, null, null, null, null, null), entry(URL + "/", null, null, true, null, null)),
        List.of(entry(URL, "K", 5, null, null, null), entry(URL, "K", 30, null, null, null)),
        List.of(entry(URL, null, null, null, "5557", null), entry(URL, null, null, null, null, null)),
        List.of(entry(URL, null, null, null, null, null), entry(URL, null, null, null, null, true)));
    List<String> expected = List.of("entry 1: insecure unset; entry 2: insecure true", "entry 1: timeout 5; entry 2: timeout 30",
        "entry 1: side-ports 5557; entry 2: side-ports unset", "entry 1: no-side-ports unset; entry 2: no-side-ports true");
    for (int i = 0; i < cases.size(); i++) {
      List<String> warnings = new ArrayList<>();
      Inventory inventory = new Inventory(cases.get(i));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> inventory.deduplicated(warnings::add));
      assertTrue(e.getMessage().startsWith("inventory lists " + URL + " 2 times with different settings ("), e.getMessage());
      assertTrue(e.getMessage().contains(expected.get(i)), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line");
    }
  }

  @Test
  void theSameSettingsAreOneTargetAndDifferentKeysTwo() {
    List<String> warnings = new ArrayList<>();
    Inventory same = new Inventory(List.of(entry(URL, "K", 5, true, "5557", null),
        new Inventory.Target(URL.toUpperCase().replace("HTTPS", "https"), "K", Map.of("team", "b"), 5, true, " 5557 ", null)));
    assertEquals(1, same.deduplicated(warnings::add).targets().size());
    assertEquals(1, warnings.size(), "the merge is named");
    Inventory keys = new Inventory(List.of(entry(URL, "KEY_A", null, null, null, null), entry(URL, "KEY_B", null, true, null, null)));
    assertEquals(2, keys.deduplicated(warnings::add).targets().size(), "different keys: different targets, each with its settings");
  }
}
