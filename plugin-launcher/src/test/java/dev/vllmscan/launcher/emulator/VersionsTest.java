package dev.vllmscan.launcher.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionsTest {
  @Test
  void comparesNumericallyPartByPart() {
    assertTrue(Versions.compare("0.10.1", "0.9.2") > 0);
    assertTrue(Versions.compare("0.9.2", "0.10.1") < 0);
    assertTrue(Versions.compare("0.11.0", "0.11") == 0, "a missing part is 0");
    assertTrue(Versions.compare("1.0", "0.99.99") > 0);
  }

  @Test
  void suffixesAreIgnoredAndALeadingNonDigitPartIsZero() {
    assertEquals(0, Versions.compare("0.8.5.post1", "0.8.5"));
    assertEquals(0, Versions.compare("0.6.1rc2", "0.6.1"));
    assertTrue(Versions.compare("0.7.dev3", "0.7.1") < 0, "'dev3' counts as 0");
  }
}
