package dev.vllmscan.provider.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteCatalogueTest {
  private static RouteSpec row(String path, String method, String wire, boolean changing) {
    return new RouteSpec(path, method, wire, "test", changing, null, "always", "", "test");
  }

  @Test
  void theSafetySetsComeFromTheRowsAndAreFixed() {
    RouteCatalogue c = new RouteCatalogue(List.of(
        row("/sleep", "POST", "GET", true),
        row("/tokenize", "POST", "POST", false),
        row("/health", "GET", "GET", false),
        row("/pause", "POST", "OPTIONS", true)));
    assertEquals(Set.of("/sleep", "/pause"), c.stateChangingPaths());
    assertEquals(Set.of("/tokenize"), c.readOnlyPostPaths());
    // Computed once (the guard asks before every request), and nobody can change them.
    assertSame(c.stateChangingPaths(), c.stateChangingPaths());
    assertThrows(UnsupportedOperationException.class, () -> c.readOnlyPostPaths().add("/sleep"));
  }

  @Test
  void everyRowOfTheBuiltInCatalogueIsInItsSet() {
    RouteCatalogue c = RouteCatalogue.builtIn();
    for (RouteSpec r : c.routes()) {
      if (r.stateChanging()) assertEquals(true, c.stateChangingPaths().contains(r.path()), r.key());
      else if (r.wireMethod().equals("POST")) assertEquals(true, c.readOnlyPostPaths().contains(r.path()), r.key());
    }
  }
}
