package dev.vllmscan.provider.api.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** PEP 440 ordering and specifier rules, as tables, on the strings vLLM really publishes. */
class Pep440Test {
  /** Strictly increasing, each pair checked in both directions. */
  static final List<String> ORDER = List.of(
      "0.5.0.dev0", "0.5.0a1", "0.5.0b2", "0.5.0rc1", "0.5.0", "0.5.0.post1", "0.5.1.dev3", "0.5.1",
      "0.7.2.dev", "0.7.2.dev5", "0.7.2", "0.8.5", "0.8.5.post1", "0.10.1", "0.10.1.1",
      "0.11.1rc2.dev123+g1a2b3c", "0.11.1rc2", "0.11.1", "0.11.10", "1!0.1.0");

  @Test
  void releasesPreReleasesPostReleasesAndDevReleasesSortAsTheSpecificationSays() {
    for (int i = 0; i < ORDER.size(); i++) {
      for (int j = 0; j < ORDER.size(); j++) {
        Pep440 a = Pep440.parse(ORDER.get(i));
        Pep440 b = Pep440.parse(ORDER.get(j));
        assertNotNull(a, ORDER.get(i));
        assertEquals(Integer.signum(Integer.compare(i, j)), Integer.signum(a.compareTo(b)), ORDER.get(i) + " vs " + ORDER.get(j));
      }
    }
  }

  static Stream<Arguments> equalities() {
    return Stream.of(
        Arguments.of("0.8.5", "0.8.5+cu128"), Arguments.of("0.8.5", "0.8.5+cpu"), Arguments.of("1.0", "1.0.0"),
        Arguments.of("0.6.3.post1", "0.6.3-1"), Arguments.of("0.9.0rc1", "0.9.0-RC1"), Arguments.of("0.7.2.dev", "0.7.2.dev0"),
        Arguments.of("0.5.0a1", "0.5.0alpha1"), Arguments.of("v0.4.2", "0.4.2"));
  }

  @ParameterizedTest(name = "{0} == {1}")
  @MethodSource("equalities")
  void spellingsAndLocalLabelsDoNotChangeTheVersion(String a, String b) {
    assertEquals(0, Pep440.parse(a).compareTo(Pep440.parse(b)));
  }

  @Test
  void unparseableStringsAreNotVersions() {
    for (String s : new String[] {"", "latest", "0.8.5-cuda", "main@1a2b3c", "0..1", "1.0+", "abc1.0"}) {
      assertNull(Pep440.parse(s), s);
    }
  }

  static Stream<Arguments> specifiers() {
    return Stream.of(
        // specifier, version, expected (YES / NO / UNKNOWN)
        Arguments.of("<0.5.5", "0.5.4", "YES"), Arguments.of("<0.5.5", "0.5.5", "NO"), Arguments.of("<0.5.5", "0.5.5.post1", "NO"),
        Arguments.of("<0.11.1", "0.11.1rc2.dev123+g1a2b3c", "UNKNOWN"), Arguments.of("<0.11.1", "0.11.1rc1", "UNKNOWN"),
        Arguments.of("<0.11.1", "0.11.0+cu128", "YES"), Arguments.of("<0.11.0rc2", "0.11.0rc1", "YES"),
        Arguments.of("<0.11.0rc2", "0.11.0rc2", "NO"), Arguments.of("<=0.5.0.post1", "0.5.0.post1", "YES"),
        Arguments.of("<=0.5.0.post1", "0.5.0.post2", "NO"), Arguments.of(">=0.6.5,<0.8.0", "0.6.4", "NO"),
        Arguments.of(">=0.6.5,<0.8.0", "0.6.5", "YES"), Arguments.of(">=0.6.5,<0.8.0", "0.7.3", "YES"),
        Arguments.of(">=0.6.5,<0.8.0", "0.8.0", "NO"), Arguments.of(">=0", "0.33.0", "YES"),
        Arguments.of("==0.8.*", "0.8.5.post1", "YES"), Arguments.of("==0.8.*", "0.9.0", "NO"),
        Arguments.of("!=0.9.1", "0.9.1", "NO"), Arguments.of("!=0.9.1", "0.9.2", "YES"),
        Arguments.of(">=0.5.2,<=0.8.5.post1", "0.8.5.post1", "YES"), Arguments.of(">0.8.5", "0.8.5.post1", "NO"),
        Arguments.of("~=0.8.2", "0.8.9", "YES"), Arguments.of("~=0.8.2", "0.9.0", "NO"),
        Arguments.of("<0.5.5", "latest", "UNKNOWN"));
  }

  @ParameterizedTest(name = "{1} in {0}: {2}")
  @MethodSource("specifiers")
  void specifiersMatchThreeValued(String spec, String version, String expected) {
    assertEquals(expected, Specifier.parse(spec).matches(version).state().name());
  }

  @Test
  void aBadSpecifierIsRefusedWithItsText() {
    try {
      Specifier.parse(">=0.6.5,<<0.8");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("<<0.8"), e.getMessage());
      return;
    }
    throw new AssertionError("accepted");
  }
}
