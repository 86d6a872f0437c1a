package dev.vllmscan.provider.api.advisory;

import dev.vllmscan.provider.api.sideport.SidePortRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which internal-network advisories rest on a side port the scanner probes ({@code advisories/side-ports.tsv}):
 * kept apart from the OSV documents so an imported OSV export (which has no such field) keeps the link.
 */
public final class SidePortConditions {
  /** The roles whose port answering meets the advisory's condition, and whether vLLM's default port counts. */
  public record Condition(List<SidePortRole> roles, boolean defaultPortCounts, String why) {}

  private static final Map<String, Condition> BY_ID = load();

  private SidePortConditions() {}

  /** The condition for {@code a} by its id or any alias; null when its port is not one the scanner probes. */
  public static Condition of(Advisory a) {
    Condition c = BY_ID.get(a.id());
    for (int i = 0; c == null && i < a.aliases().size(); i++) c = BY_ID.get(a.aliases().get(i));
    return c;
  }

  private static Map<String, Condition> load() {
    try (InputStream in = SidePortConditions.class.getResourceAsStream("/advisories/side-ports.tsv")) {
      if (in == null) throw new IllegalStateException("advisories/side-ports.tsv missing from the provider jar");
      Map<String, Condition> out = new HashMap<>();
      boolean header = true;
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) continue;
        if (header) {
          header = false;
          continue;
        }
        String[] cells = line.split("\t", -1);
        List<SidePortRole> roles = new ArrayList<>();
        for (String r : cells[1].split(",")) {
          roles.add(SidePortRole.byId(r).orElseThrow(() -> new IllegalStateException("side-ports.tsv: unknown role " + r)));
        }
        out.put(cells[0].trim(), new Condition(List.copyOf(roles), cells[2].trim().equals("yes"), cells[3].trim()));
      }
      return Map.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
