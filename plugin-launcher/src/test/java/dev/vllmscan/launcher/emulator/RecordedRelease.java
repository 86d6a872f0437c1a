package dev.vllmscan.launcher.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One variant of one real vLLM release as the harness recorded it ({@code testdata/real-vllm/facts/VERSION/V.json}),
 * with the emulator profile of its era: the profile that names the release under {@code realVllm.release}.
 * {@link #profile()} is that era profile with the variant's flags, so the emulator can be held against the record.
 */
public record RecordedRelease(String release, String variant, JsonNode facts, String eraProfile, JsonNode realVllm) {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  /** The API key the derived profile demands (the recorded key itself was never stored). */
  public static final String KEY = "recorded-release-key";

  public static Path home() {
    return Path.of(System.getProperty("vllmscan.home"));
  }

  public static Path factsDir() {
    return home().resolve("testdata/real-vllm/facts");
  }

  /** Every recorded release: version → its era profile's name, from the profiles' realVllm.release. */
  public static Map<String, String> eraProfiles() {
    Map<String, String> out = new TreeMap<>(Versions::compare);
    try (Stream<Path> files = Files.list(home().resolve("testdata/profiles"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml") && !f.toString().endsWith(".expected.yaml")).toList()) {
        JsonNode release = YAML.readTree(p.toFile()).at("/realVllm/release");
        if (!release.isMissingNode()) out.put(release.asText(), p.getFileName().toString().replace(".yaml", ""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The releases with recorded facts, oldest first. */
  public static List<String> releases() {
    try (Stream<Path> dirs = Files.list(factsDir())) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("release.json"))).map(d -> d.getFileName().toString())
          .sorted(Versions::compare).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<RecordedRelease> all() {
    Map<String, String> eras = eraProfiles();
    List<RecordedRelease> out = new ArrayList<>();
    for (String release : releases()) {
      for (String variant : List.of("a", "b", "c", "d")) {
        Path f = factsDir().resolve(release).resolve(variant + ".json");
        if (!Files.isRegularFile(f)) continue;
        String era = eras.get(release);
        if (era == null) throw new IllegalStateException("no emulator profile names vLLM " + release + " under realVllm.release");
        try {
          JsonNode realVllm = YAML.readTree(home().resolve("testdata/profiles/" + era + ".yaml").toFile()).get("realVllm");
          out.add(new RecordedRelease(release, variant, JSON.readTree(f.toFile()), era, realVllm));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return release + "/" + variant + " (" + eraProfile + ")";
  }

  public boolean keyed() {
    return facts.get("api_key").asBoolean();
  }

  /** The era profile with this variant's flags and environment, at the recorded release. */
  public Profile profile() {
    Profile era = Profile.load(eraProfile);
    List<String> flags = new ArrayList<>();
    facts.get("flags").forEach(f -> flags.add(f.asText()));
    JsonNode env = facts.get("env");
    boolean profiler = flags.contains("--profiler-config") || env.has("VLLM_TORCH_PROFILER_DIR");
    List<String> origins = new ArrayList<>();
    facts.get("allowed_origins").forEach(o -> origins.add(o.asText()));
    String cors = origins.equals(List.of("*")) || origins.isEmpty() ? "default" : "allowlist";
    return new Profile(eraProfile + "@" + release + "/" + variant, "recorded " + this, release, era.model(),
        List.of("generate"), keyed() ? KEY : null, facts.get("docs").asBoolean(),
        "1".equals(env.path("VLLM_SERVER_DEV_MODE").asText()), profiler, false,
        "True".equals(env.path("VLLM_ALLOW_RUNTIME_LORA_UPDATING").asText()), List.of(), cors, origins,
        era.starlette(), false, null, null, null, null, null, null,
        null);  // HTTP frontend, plain HTTP, no side ports: the harness serves only the HTTP app
  }

  /** Paths the era profile says the emulator differs on from this release, each with its reason. */
  public Map<String, String> differences() {
    Map<String, String> out = new TreeMap<>();
    JsonNode list = realVllm == null ? null : realVllm.get("differences");
    if (list != null) {
      for (JsonNode d : list) {
        String line = d.asText();
        int colon = line.indexOf(": ");
        if (colon < 0) throw new IllegalStateException(eraProfile + ": a difference reads 'PATH: why', not " + line);
        out.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    return out;
  }
}
