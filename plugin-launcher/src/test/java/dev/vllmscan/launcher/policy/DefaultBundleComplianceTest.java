package dev.vllmscan.launcher.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Framework mappings of the default bundle: every check maps to at least one framework, in cnspec's tag form, each
 * mapping documented with its reason in docs/compliance.md.
 */
class DefaultBundleComplianceTest {
  private static final Map<String, Pattern> FORM = Frameworks.KNOWN.stream().collect(Collectors.toMap(Frameworks.Framework::key,
      f -> Pattern.compile(Pattern.quote(f.key().substring("compliance/".length()) + "-") + "[a-z0-9.-]+")));

  @Test
  void everyDefaultPolicyCheckMapsToAFrameworkInTagFormAndIsDocumented() throws Exception {
    String doc = Files.readString(Path.of(System.getProperty("vllmscan.home"), "docs", "compliance.md"));
    Bundle bundle = BundleLoader.embeddedDefault();
    List<String> problems = new ArrayList<>();
    for (Bundle.Check c : bundle.queries()) {
      Map<String, Object> tags = c.tags() == null ? Map.of() : c.tags();
      if (tags.keySet().stream().noneMatch(FORM::containsKey)) problems.add(c.uid() + ": no framework tag (see docs/compliance.md)");
      String row = doc.lines().filter(l -> l.startsWith("| `" + c.uid() + "` |")).findFirst().orElse(null);
      if (row == null) problems.add(c.uid() + ": no row in docs/compliance.md saying why it maps where it does");
      tags.forEach((key, value) -> {
        if (!FORM.containsKey(key)) return;
        for (String control : String.valueOf(value).split(",")) {
          if (!FORM.get(key).matcher(control).matches()) problems.add(c.uid() + ": " + key + " value '" + control + "' is not in tag form");
          String id = control.substring(key.length() - "compliance/".length() + 1);
          if (row != null && !row.contains(id)) problems.add(c.uid() + ": " + control + " is not in its docs/compliance.md row");
        }
      });
    }
    assertEquals(List.of(), problems);
  }
}
