package dev.vllmscan.launcher.emulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One emulated vLLM configuration, read from {@code testdata/profiles/<name>.yaml}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Profile(String name, String description, String version, String model, List<String> tasks, String apiKey,
    Boolean docs, Boolean devMode, Boolean profiler, Boolean tokenizerInfo, Boolean runtimeLora,
    List<String> loraAdapters, String cors, List<String> allowedOrigins, String starlette, Boolean tls, Integer latencyMs,
    String frontend, Map<String, Object> modelInfo, Map<String, Object> serverInfo, Boolean privateCa, Boolean authWall,
    Map<String, Integer> sidePorts) {

  public static final List<String> BUILT_IN = List.of("stock-0.29", "stock-0.33", "v0.33-key-dev", "v0.6-defaults", "v0.8-key-profiler",
      "v0.10-pooling", "v0.11-dev-lora", "v0.14-weights", "v0.29-hardened", "v0.29-cors-credentials", "v0.29-tls",
      "v0.29-tls-private-ca", "v0.29-auth-wall", "v0.32-kv-events", "grpc-0.32");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  public Profile {
    tasks = tasks == null ? List.of("generate") : tasks;
    loraAdapters = loraAdapters == null ? List.of() : loraAdapters;
    allowedOrigins = allowedOrigins == null ? List.of() : allowedOrigins;
    cors = cors == null ? "default" : cors;
    starlette = starlette == null ? "1.x" : starlette;
    frontend = frontend == null ? "http" : frontend;
    modelInfo = modelInfo == null ? Map.of() : modelInfo;
    serverInfo = serverInfo == null ? Map.of() : serverInfo;
    sidePorts = sidePorts == null ? Map.of() : new LinkedHashMap<>(sidePorts);
  }

  /** The profile emulates vLLM's gRPC frontend (vllm serve --grpc) instead of its HTTP server. */
  public boolean grpc() {
    return "grpc".equals(frontend);
  }

  public static Profile load(String nameOrPath) {
    try {
      Path p = Path.of(nameOrPath);
      if (nameOrPath.endsWith(".yaml") && Files.isRegularFile(p)) return YAML.readValue(p.toFile(), Profile.class);
      try (InputStream in = Profile.class.getResourceAsStream("/emulator/profiles/" + nameOrPath + ".yaml")) {
        if (in == null) {
          throw new IllegalArgumentException("unknown emulator profile '" + nameOrPath + "'; choose one of " + BUILT_IN);
        }
        return YAML.readValue(in, Profile.class);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read emulator profile " + nameOrPath + ": " + e.getMessage());
    }
  }

  public Profile withLatency(int millis) {
    return new Profile(name, description, version, model, tasks, apiKey, docs, devMode, profiler, tokenizerInfo,
        runtimeLora, loraAdapters, cors, allowedOrigins, starlette, tls, millis, frontend, modelInfo, serverInfo,
        privateCa, authWall, sidePorts);
  }

  public boolean on(Boolean b) {
    return Boolean.TRUE.equals(b);
  }

  boolean docsOn() {
    return docs == null || docs;
  }

  /** Semantic comparison of dotted versions: negative when this profile is older than {@code other}. */
  int compareVersion(String other) {
    return Versions.compare(version, other);
  }

  /** The key middleware's guarded prefixes by era (/v1 only until era E, then /v2 /inference, then /cohere). */
  List<String> guardedPrefixes() {
    if (compareVersion("0.27.0") >= 0) return List.of("/v1", "/v2", "/inference", "/cohere");
    if (compareVersion("0.22.0") >= 0) return List.of("/v1", "/v2", "/inference");
    return List.of("/v1");
  }

  boolean nestedErrors() {
    return compareVersion("0.10.1") >= 0;
  }
}
