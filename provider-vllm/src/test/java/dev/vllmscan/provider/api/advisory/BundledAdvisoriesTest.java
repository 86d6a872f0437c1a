package dev.vllmscan.provider.api.advisory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every bundled OSV document against the facts table (testdata/advisories/facts.tsv): the same advisories, and on
 * every vLLM release (testdata/advisories/releases.tsv) the OSV ranges agree with the table's specifier, so the
 * boundary versions (last affected, first fixed) are right.
 */
class BundledAdvisoriesTest {
  static final Path DATA = Path.of(System.getProperty("user.dir")).getParent().resolve("testdata").resolve("advisories");

  static List<Map<String, String>> table(String file) throws Exception {
    List<String> lines = Files.readAllLines(DATA.resolve(file), StandardCharsets.UTF_8);
    String[] header = lines.get(0).split("\t", -1);
    List<Map<String, String>> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) continue;
      String[] cells = line.split("\t", -1);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.length; i++) row.put(header[i], i < cells.length ? cells[i].trim() : "");
      out.add(row);
    }
    return out;
  }

  /** A version parsed once (a fleet's way) matches exactly as its text does: the same state and the same reason. */
  @Test
  void aParsedVersionMatchesAsItsTextDoes() throws Exception {
    List<String> versions = new ArrayList<>(table("releases.tsv").stream().map(r -> r.get("version")).toList());
    versions.addAll(List.of("0.10.1.1rc1", "0.5.0.post1", "0.11.0.dev42+g1234", "0.0.1", "99.0"));
    int compared = 0;
    for (Advisory a : AdvisoryDatabase.bundled().advisories()) {
      for (String v : versions) {
        Pep440 parsed = Pep440.parse(v);
        if (parsed == null) continue;
        assertEquals(a.affects(v), a.affects(parsed), a.id() + " on " + v);
        compared++;
      }
    }
    assertTrue(compared > 1000, "compared " + compared);
  }

  @Test
  void everyAdvisoryAgreesWithTheFactsTableOnEveryRelease() throws Exception {
    Map<String, Advisory> bundled = new HashMap<>();
    for (Advisory a : AdvisoryDatabase.bundled().advisories()) bundled.put(a.id(), a);
    List<Map<String, String>> facts = table("facts.tsv");
    assertEquals(facts.size(), bundled.size(), "one OSV document per advisory in the table");
    List<String> releases = table("releases.tsv").stream().map(r -> r.get("version")).toList();
    List<String> wrong = new ArrayList<>();
    int boundaries = 0;
    for (Map<String, String> row : facts) {
      Advisory a = bundled.get(row.get("id"));
      if (a == null) {
        wrong.add(row.get("id") + " missing");
        continue;
      }
      assertEquals(row.get("severity").isBlank() ? "UNKNOWN" : row.get("severity").toUpperCase(), a.severity(), a.id());
      Specifier spec = Specifier.parse(row.get("affected"));
      for (String v : releases) {
        if (Pep440.parse(v) == null) continue;
        String want = spec.matches(v).state().name();
        String got = a.affects(v).state().name();
        if (!want.equals(got)) wrong.add(a.id() + " on " + v + ": table " + want + ", OSV " + got);
      }
      // The first fixed version, where the table names one that is a real release, is never affected.
      String fixed = row.get("fixed_in");
      if (releases.contains(fixed)) {
        boundaries++;
        if (!a.affects(fixed).isNo()) wrong.add(a.id() + ": first fixed " + fixed + " reads as affected");
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    assertTrue(boundaries > 50, "fixed versions checked: " + boundaries);
  }

  @Test
  void lastAffectedAndFirstFixedOnKnownRows() {
    Map<String, Advisory> bundled = new HashMap<>();
    for (Advisory a : AdvisoryDatabase.bundled().advisories()) bundled.put(a.id(), a);
    Advisory headers = bundled.get("CVE-2025-48956"); // >=0.1.0,<0.10.1.1
    assertTrue(headers.affects("0.10.1").isYes());
    assertTrue(headers.affects("0.10.1.1").isNo());
    assertTrue(headers.affects("0.10.1.1rc1").isUnknown(), "a release candidate of the fix may predate it");
    Advisory bestOf = bundled.get("CVE-2024-8939"); // <=0.5.0.post1
    assertTrue(bestOf.affects("0.5.0.post1").isYes());
    assertTrue(bestOf.affects("0.5.1").isNo());
    assertTrue(bundled.get("CVE-2026-105775").affects("0.33.0").isYes(), ">=0 with no fix stays open");
  }

  @Test
  void malformedDocumentsAreRefusedWithTheReason() {
    assertThrows(IllegalArgumentException.class, () -> OsvReader.read("{".getBytes()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OsvReader.read(("{\"id\":\"X-1\","
        + "\"modified\":\"2026-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"vllm\"},"
        + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"not-a-version\"}]}]}]}").getBytes()));
    assertTrue(e.getMessage().contains("not-a-version"), e.getMessage());
    assertNull(OsvReader.read(("{\"id\":\"X-2\",\"modified\":\"2026-01-01T00:00:00Z\",\"affected\":[{\"package\":"
        + "{\"ecosystem\":\"npm\",\"name\":\"left-pad\"},\"ranges\":[]}]}").getBytes()), "other packages are skipped, not errors");
  }
}
