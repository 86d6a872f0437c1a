package dev.vllmscan.launcher.emulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The probe catalogue's version ranges (its registered_when column: "&gt;=0.7", "0.12-0.15 always, then dev mode",
 * none = every release) against the route tables of the recorded real releases: outside its range a route is in
 * no recorded variant; inside it, it is in at least one, unless testdata/real-vllm/unrecorded-rows.tsv says why
 * no recorded variant switches it on.
 */
class CatalogueReleasesTest {
  private static final Pattern RANGE = Pattern.compile("(>=)?(\\d+\\.\\d+(?:\\.\\d+)?)(?:-(\\d+\\.\\d+)( always, then)?)?");
  private static final String SYNTH = "resp_" + "0".repeat(32);

  record Row(String path, String method, String registeredWhen) {
    String since() {
      Matcher m = RANGE.matcher(registeredWhen);
      return m.find() ? m.group(2) : "0";
    }

    /** The last minor release the row names, or null: open-ended ("then dev mode" keeps it in later releases). */
    String until() {
      Matcher m = RANGE.matcher(registeredWhen);
      return m.find() && m.group(1) == null && m.group(3) != null && m.group(4) == null ? m.group(3) : null;
    }

    boolean inRange(String release) {
      if (Versions.compare(release, since()) < 0) return false;
      String until = until();
      // "0.12-0.15" covers every 0.15.x: compare the release's minor line with the named one.
      return until == null || Versions.compare(minor(release), until) <= 0;
    }
  }

  static String minor(String release) {
    String[] p = release.split("[.]");
    return p[0] + "." + p[1];
  }

  static List<Row> catalogue() throws IOException {
    List<Row> rows = new ArrayList<>();
    boolean header = true;
    for (String line : Files.readAllLines(RecordedRelease.home().resolve("provider-vllm/src/main/resources/catalogue/routes.tsv"))) {
      if (line.isBlank() || line.startsWith("#")) continue;
      if (header) {
        header = false;
        continue;
      }
      String[] c = line.split("\t", -1);
      rows.add(new Row(c[0].replace("{SYNTH}", SYNTH), c[1], c[6]));
    }
    return rows;
  }

  static Map<String, String> unrecorded() throws IOException {
    Map<String, String> out = new HashMap<>();
    Path file = RecordedRelease.home().resolve("testdata/real-vllm/unrecorded-rows.tsv");
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] c = line.split("\t");
      out.put(c[1] + " " + c[0], c[2]);
    }
    return out;
  }

  /** Release → "METHOD path" of every route any recorded variant registered (paths with {param} as patterns). */
  static Map<String, List<Pattern>> registered() {
    Map<String, List<Pattern>> out = new HashMap<>();
    for (RecordedRelease r : RecordedRelease.all()) {
      List<Pattern> routes = out.computeIfAbsent(r.release(), k -> new ArrayList<>());
      for (JsonNode route : r.facts().get("routes")) {
        String rx = Pattern.quote(route.get("path").asText()).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
        // A mount (0.6's Prometheus app at /metrics) has no methods: it answers every method under its path.
        if (route.get("methods").isEmpty()) routes.add(Pattern.compile("[A-Z]+ " + rx + "(/.*)?"));
        for (JsonNode m : route.get("methods")) routes.add(Pattern.compile(m.asText() + " " + rx));
      }
    }
    return out;
  }

  @Test
  void everyRowsRangeIsBackedByTheRecordedReleases() throws IOException {
    Map<String, List<Pattern>> registered = registered();
    Map<String, String> unrecorded = unrecorded();
    List<String> wrong = new ArrayList<>();
    Set<String> unrecordedUsed = new HashSet<>();
    for (Row row : catalogue()) {
      String key = row.method() + " " + row.path();
      for (String release : RecordedRelease.releases()) {
        boolean there = registered.getOrDefault(release, List.of()).stream().anyMatch(p -> p.matcher(key).matches());
        if (there && !row.inRange(release)) {
          wrong.add(key + ": registered_when '" + row.registeredWhen() + "' excludes " + release + ", which registers it");
        } else if (!there && row.inRange(release)) {
          if (unrecorded.containsKey(key)) {
            unrecordedUsed.add(key);
          } else {
            wrong.add(key + ": registered_when '" + row.registeredWhen() + "' includes " + release
                + ", where no recorded variant registers it (fix the range, or say in unrecorded-rows.tsv why no variant would)");
          }
        }
      }
    }
    for (String key : unrecorded.keySet()) {
      if (!unrecordedUsed.contains(key)) wrong.add(key + ": listed in unrecorded-rows.tsv, but every recorded release agrees with its range");
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }
}
