package dev.vllmscan.provider.resources;

import java.util.List;
import dev.vllmscan.provider.lr.VllmServerInfoFields;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vllmscan.provider.parse.Json;
import dev.vllmscan.provider.probe.Observation;
import dev.vllmscan.sdk.runtime.FieldError;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.provider.verdict.Rollups;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.connection.Posture;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.Map;
import java.util.function.Function;
import dev.vllmscan.llx.Dict;

/**
 * {@code vllm.serverInfo}: what the dev-mode /server_info route declares about the engine. Content is
 * read from {@code ?config_format=json}; {@code vllm_env} is read even when {@code vllm_config} is a repr string.
 */
public final class ServerInfoResource extends ResourceDefinition<VllmConnection> implements VllmServerInfoFields<VllmConnection> {
  public ServerInfoResource() {
    super("vllm.serverInfo");
  }

  private static Object dict(JsonNode n) {
    return n == null || !n.isObject() ? null : new Dict(Json.tree(n));
  }

  static JsonNode document(VllmConnection c) {
    return c.posture().content(Posture.SERVER_INFO).document();
  }

  /** A config value: unknown (with why) when the configuration could not be read, never a silent null. */
  private static <T> T config(VllmConnection c, ResourceInstance s, Function<JsonNode, T> f) {
    JsonNode d = document(c);
    JsonNode cfg = d == null ? null : d.get("vllm_config");
    if (cfg == null || !cfg.isObject()) {
      String problem = c.posture().content(Posture.SERVER_INFO).problem();
      throw FieldError.unknown("the engine configuration was not readable: "
          + (problem != null ? problem : "vllm_config is not a JSON object"));
    }
    return f.apply(cfg);
  }

  private static Object env(VllmConnection c, ResourceInstance s, String variable) {
    JsonNode d = document(c);
    return d == null ? null : Json.envFlag(d.path("vllm_env").get(variable));
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    String id = c.baseUrl() + "/server_info";
    return c.cache().getOrCreate(name(), id, () -> VllmServerInfoFields.instance(id));
  }

  @Override
  public Boolean exposed(VllmConnection c, ResourceInstance s) {
    c.posture().requireAssessable();
    return Rollups.exposed(c.posture().routes(), "server-info").require();
  }

  @Override
  public Number fetchStatus(VllmConnection c, ResourceInstance s) {
    Observation o = c.posture().content(Posture.SERVER_INFO).observation();
    return o.status() == null ? null : o.status().longValue();
  }

  @Override
  public String contentIdentity(VllmConnection c, ResourceInstance s) {
    return document(c) == null ? null : c.posture().content(Posture.SERVER_INFO).identity();
  }

  @Override
  public Boolean configReadable(VllmConnection c, ResourceInstance s) {
    c.posture().requireAssessable();
    Observation o = c.posture().content(Posture.SERVER_INFO).observation();
    if (!o.answered() || o.status() >= 500 || (o.is2xx() && o.truncated())) {
      throw FieldError.unknown(c.posture().content(Posture.SERVER_INFO).problem());
    }
    if (o.status() != null && (o.status() == 401 || o.status() == 403) && c.posture().assessment().behindWall()) {
      throw FieldError.unknown("/server_info is behind an authentication layer in front of the server");
    }
    JsonNode d = document(c);
    return d != null && d.path("vllm_config").isObject();
  }

  @Override
  public Boolean trustRemoteCode(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.bool(n.path("model_config").get("trust_remote_code")));
  }

  @Override
  public String model(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.string(n.path("model_config").get("model")));
  }

  @Override
  public String tokenizer(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.string(n.path("model_config").get("tokenizer")));
  }

  @Override
  public String tokenizerMode(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.string(n.path("model_config").get("tokenizer_mode")));
  }

  @Override
  public List<String> servedModelNames(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.stringList(n.path("model_config").get("served_model_name")));
  }

  @Override
  public Number maxModelLen(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.integer(n.path("model_config").get("max_model_len")));
  }

  @Override
  public String quantization(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.string(n.path("model_config").get("quantization")));
  }

  @Override
  public Boolean enforceEager(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.bool(n.path("model_config").get("enforce_eager")));
  }

  @Override
  public Boolean enablePrefixCaching(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.bool(n.path("cache_config").get("enable_prefix_caching")));
  }

  @Override
  public Boolean loraEnabled(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> n.path("lora_config").isObject());
  }

  @Override
  public Number maxLoras(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.integer(n.path("lora_config").get("max_loras")));
  }

  @Override
  public Number maxLoraRank(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.integer(n.path("lora_config").get("max_lora_rank")));
  }

  @Override
  public Object loraConfig(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> dict(n.get("lora_config")));
  }

  @Override
  public Number tensorParallelSize(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.integer(n.path("parallel_config").get("tensor_parallel_size")));
  }

  @Override
  public Number pipelineParallelSize(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.integer(n.path("parallel_config").get("pipeline_parallel_size")));
  }

  @Override
  public Number dataParallelSize(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.integer(n.path("parallel_config").get("data_parallel_size")));
  }

  @Override
  public Object parallelConfig(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> dict(n.get("parallel_config")));
  }

  @Override
  public String otlpTracesEndpoint(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.string(n.path("observability_config").get("otlp_traces_endpoint")));
  }

  @Override
  public List<String> collectDetailedTraces(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.stringList(n.path("observability_config").get("collect_detailed_traces")));
  }

  @Override
  public Boolean loggingIterationDetailsEnabled(VllmConnection c, ResourceInstance s) {
    return config(c, s, n -> Json.bool(n.path("observability_config").get("enable_logging_iteration_details")));
  }

  @Override
  public Boolean allowRuntimeLoraUpdating(VllmConnection c, ResourceInstance s) {
    return (Boolean) env(c, s, "VLLM_ALLOW_RUNTIME_LORA_UPDATING");
  }

  @Override
  public Boolean serverDevMode(VllmConnection c, ResourceInstance s) {
    return (Boolean) env(c, s, "VLLM_SERVER_DEV_MODE");
  }
}
