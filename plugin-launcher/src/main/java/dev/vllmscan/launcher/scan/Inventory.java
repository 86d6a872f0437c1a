package dev.vllmscan.launcher.scan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vllmscan.provider.api.sideport.SidePortPlan;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A fleet to scan, from YAML:
 * <pre>
 * targets:
 *   - url: https://vllm-a.internal:8000
 *     api-key-env: VLLM_KEY_A        # the key is read from this environment variable, never from the file
 *     labels: {env: prod, team: search}
 * </pre>
 */
public record Inventory(List<Target> targets) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Target(
      @JsonProperty("url") String url,
      @JsonProperty("api-key-env") String apiKeyEnv,
      @JsonProperty("labels") Map<String, String> labels,
      @JsonProperty("timeout") Integer timeout,
      @JsonProperty("insecure") Boolean insecure,
      @JsonProperty("side-ports") String sidePorts,
      @JsonProperty("no-side-ports") Boolean noSidePorts) {
    public Target {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public Target(String url, String apiKeyEnv, Map<String, String> labels, Integer timeout, Boolean insecure) {
      this(url, apiKeyEnv, labels, timeout, insecure, null, null);
    }

    public Target(String url, String apiKeyEnv, Map<String, String> labels) {
      this(url, apiKeyEnv, labels, null, null, null, null);
    }

    /** A key variable is named but unset or empty: the target is scanned without the key it was meant to have. */
    public boolean keyMissing() {
      return apiKeyEnv != null && !apiKeyEnv.isBlank() && apiKey() == null;
    }

    /** The key from the named environment variable; null when none is named or it is unset. */
    public String apiKey() {
      if (apiKeyEnv == null || apiKeyEnv.isBlank()) return null;
      String v = System.getenv(apiKeyEnv);
      return v == null || v.isBlank() ? null : v;
    }
  }

  public Inventory {
    targets = List.copyOf(targets);
  }

  /** A target's side-port list is refused at load, naming the target, before any target is contacted. */
  static void checkSidePorts(Path file, int index, String list) {
    if (list == null) return;
    try {
      SidePortPlan.parse(list);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("inventory " + file + ": target " + index + ": " + e.getMessage());
    }
  }

  public static Inventory load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("inventory file " + file + " does not exist");
    }
    Raw raw;
    try {
      JsonNode tree = YAML.readTree(file.toFile());
      if (tree != null && "Inventory".equals(tree.path("kind").asText())) return CnspecInventory.read(tree, file);
      raw = YAML.treeToValue(tree, Raw.class);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0];
      throw new IllegalArgumentException("cannot read inventory " + file + ": " + why
          + " (expected `targets:` with `- url: ...` entries)");
    }
    if (raw == null || raw.targets() == null || raw.targets().isEmpty()) {
      throw new IllegalArgumentException("inventory " + file + " lists no targets (expected `targets:` with `- url: ...` entries)");
    }
    List<Target> out = new ArrayList<>();
    for (int i = 0; i < raw.targets().size(); i++) {
      Target t = raw.targets().get(i);
      if (t == null || t.url() == null || t.url().isBlank()) {
        throw new IllegalArgumentException("inventory " + file + ": target " + (i + 1) + " has no url");
      }
      checkSidePorts(file, i + 1, t.sidePorts());
      out.add(t);
    }
    return new Inventory(out);
  }

  /**
   * The inventory with each target once: entries with the same normalised base URL and the same key source are one
   * target (scanning it twice doubles the load on it and the report). Each group of duplicates is named in a warning.
   * Entries with different keys stay distinct targets. Entries that agree on URL and key but not on how to scan it
   * (insecure, timeout, side ports) are refused, naming the URL and the settings: keeping either entry's settings
   * would drop the other's without a word (an --insecure copy would quietly weaken the strict one), so the owner
   * decides.
   */
  public Inventory deduplicated(Consumer<String> warn) {
    Map<String, List<Integer>> byKey = new LinkedHashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      String keySource = t.apiKeyEnv() == null || t.apiKeyEnv().isBlank() ? "" : t.apiKeyEnv();
      byKey.computeIfAbsent(normalise(t.url()) + "\u0000" + keySource, k -> new ArrayList<>()).add(i);
    }
    if (byKey.size() == targets.size()) return this;
    List<Target> out = new ArrayList<>();
    for (List<Integer> group : byKey.values()) {
      Target first = targets.get(group.get(0));
      refuseDifferingSettings(group);
      out.add(first);
      if (group.size() > 1) {
        List<String> positions = group.stream().limit(10).map(i -> String.valueOf(i + 1)).toList();
        warn.accept(first.url() + " is listed " + group.size() + " times (entries " + String.join(", ", positions)
            + (group.size() > 10 ? ", ..." : "") + (first.apiKeyEnv() == null ? "" : ", key from " + first.apiKeyEnv())
            + "): scanned once, with the first entry's labels");
      }
    }
    return new Inventory(out);
  }

  /** Entries of one target whose scan settings differ: one line naming the URL and, per entry, what differs. */
  private void refuseDifferingSettings(List<Integer> group) {
    Map<String, String> first = settings(targets.get(group.get(0)));
    Set<String> differing = new TreeSet<>();
    for (int i : group) {
      settings(targets.get(i)).forEach((name, value) -> {
        if (!value.equals(first.get(name))) differing.add(name);
      });
    }
    if (differing.isEmpty()) return;
    List<String> entries = new ArrayList<>();
    for (int i : group) {
      Map<String, String> s = settings(targets.get(i));
      entries.add("entry " + (i + 1) + ": " + String.join(", ", differing.stream().map(n -> n + " " + s.get(n)).toList()));
    }
    throw new IllegalArgumentException("inventory lists " + targets.get(group.get(0)).url() + " " + group.size()
        + " times with different settings (" + String.join("; ", entries) + "): give each target one entry");
  }

  /** How an entry asks for its target to be scanned, each setting as written ("unset": the command line's). */
  private static Map<String, String> settings(Target t) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("insecure", t.insecure() == null ? "unset" : String.valueOf(t.insecure()));
    out.put("timeout", t.timeout() == null ? "unset" : String.valueOf(t.timeout()));
    out.put("side-ports", t.sidePorts() == null ? "unset" : t.sidePorts().strip());
    out.put("no-side-ports", t.noSidePorts() == null ? "unset" : String.valueOf(t.noSidePorts()));
    return out;
  }

  /**
   * A base URL as a target's identity: scheme and host lower-cased, the scheme's default port dropped, no trailing
   * slash, no fragment. Anything that does not parse as a URL is compared as written.
   */
  public static String normalise(String url) {
    if (url == null) return "";
    String u = url.strip();
    try {
      URI uri = new URI(u);
      if (uri.getScheme() == null || uri.getHost() == null) return u;
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      if ((scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443)) port = -1;
      String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port) + path
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    } catch (URISyntaxException e) {
      return u;
    }
  }

  /** The names of every environment variable the inventory takes a key from (kept out of the provider's environment). */
  public Set<String> keyVariables() {
    Set<String> out = new TreeSet<>();
    for (Target t : targets) {
      if (t.apiKeyEnv() != null && !t.apiKeyEnv().isBlank()) out.add(t.apiKeyEnv());
    }
    return out;
  }

  /** Shard {@code index} of {@code count}: every count-th target, so shards stay balanced as the list grows. */
  public Inventory shard(int index, int count) {
    List<Target> out = new ArrayList<>();
    for (int i = index; i < targets.size(); i += count) out.add(targets.get(i));
    return new Inventory(out);
  }

  /** Parses {@code I/N} as given to {@code --shard}. */
  public static int[] parseShard(String spec) {
    String[] parts = spec == null ? new String[0] : spec.split("/");
    try {
      int i = Integer.parseInt(parts[0].trim());
      int n = Integer.parseInt(parts[1].trim());
      if (parts.length == 2 && n > 0 && i >= 0 && i < n) return new int[] {i, n};
    } catch (RuntimeException ignored) {
      // fall through to the usage message
    }
    throw new IllegalArgumentException("--shard must be INDEX/COUNT with 0 <= INDEX < COUNT, e.g. 0/4; got '" + spec + "'");
  }

  @JsonIgnoreProperties(ignoreUnknown = false)
  record Raw(@JsonProperty("targets") List<Target> targets) {}
}
