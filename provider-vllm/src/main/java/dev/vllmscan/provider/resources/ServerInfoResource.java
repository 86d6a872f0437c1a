package dev.vllmscan.provider.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vllmscan.provider.parse.Json;
import dev.vllmscan.provider.probe.Observation;
import dev.vllmscan.sdk.runtime.FieldError;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.provider.verdict.Rollups;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code vllm.serverInfo}: what the dev-mode /server_info route declares about the engine. Content is
 * read from {@code ?config_format=json}; {@code vllm_env} is read even when {@code vllm_config} is a repr string.
 */
public final class ServerInfoResource extends ResourceDefinition<VllmConnection> {
  private static final String PATH = "/server_info?config_format=json";

  public ServerInfoResource() {
    super("vllm.serverInfo");
    field("exposed", (c, s) -> {
      c.posture().requireAssessable();
      return Rollups.exposed(c.posture().routes(), "server-info").require();
    });
    field("fetchStatus", (c, s) -> {
      Observation o = c.posture().content(PATH).observation();
      return o.status() == null ? null : o.status().longValue();
    });
    field("contentIdentity", (c, s) -> document(c) == null ? null : c.posture().content(PATH).identity());
    field("configReadable", (c, s) -> {
      c.posture().requireAssessable();
      Observation o = c.posture().content(PATH).observation();
      if (!o.answered() || o.status() >= 500 || (o.is2xx() && o.truncated())) {
        throw FieldError.unknown(c.posture().content(PATH).problem());
      }
      if (o.status() != null && (o.status() == 401 || o.status() == 403) && c.posture().assessment().behindWall()) {
        throw FieldError.unknown("/server_info is behind an authentication layer in front of the server");
      }
      JsonNode d = document(c);
      return d != null && d.path("vllm_config").isObject();
    });
    config("trustRemoteCode", n -> Json.bool(n.path("model_config").get("trust_remote_code")));
    config("model", n -> Json.string(n.path("model_config").get("model")));
    config("tokenizer", n -> Json.string(n.path("model_config").get("tokenizer")));
    config("tokenizerMode", n -> Json.string(n.path("model_config").get("tokenizer_mode")));
    config("servedModelNames", n -> Json.stringList(n.path("model_config").get("served_model_name")));
    config("maxModelLen", n -> Json.integer(n.path("model_config").get("max_model_len")));
    config("quantization", n -> Json.string(n.path("model_config").get("quantization")));
    config("enforceEager", n -> Json.bool(n.path("model_config").get("enforce_eager")));
    config("enablePrefixCaching", n -> Json.bool(n.path("cache_config").get("enable_prefix_caching")));
    config("loraEnabled", n -> n.path("lora_config").isObject());
    config("maxLoras", n -> Json.integer(n.path("lora_config").get("max_loras")));
    config("maxLoraRank", n -> Json.integer(n.path("lora_config").get("max_lora_rank")));
    config("loraConfig", n -> dict(n.get("lora_config")));
    config("tensorParallelSize", n -> Json.integer(n.path("parallel_config").get("tensor_parallel_size")));
    config("pipelineParallelSize", n -> Json.integer(n.path("parallel_config").get("pipeline_parallel_size")));
    config("dataParallelSize", n -> Json.integer(n.path("parallel_config").get("data_parallel_size")));
    config("parallelConfig", n -> dict(n.get("parallel_config")));
    config("otlpTracesEndpoint", n -> Json.string(n.path("observability_config").get("otlp_traces_endpoint")));
    config("collectDetailedTraces", n -> Json.stringList(n.path("observability_config").get("collect_detailed_traces")));
    config("loggingIterationDetailsEnabled",
        n -> Json.bool(n.path("observability_config").get("enable_logging_iteration_details")));
    env("allowRuntimeLoraUpdating", "VLLM_ALLOW_RUNTIME_LORA_UPDATING");
    env("serverDevMode", "VLLM_SERVER_DEV_MODE");
  }

  private static Object dict(JsonNode n) {
    return n == null || !n.isObject() ? null : new dev.vllmscan.llx.Dict(Json.tree(n));
  }

  static JsonNode document(VllmConnection c) {
    return c.posture().content(PATH).document();
  }

  /** A config value: unknown (with why) when the configuration could not be read, never a silent null. */
  private void config(String name, Function<JsonNode, Object> f) {
    field(name, (c, s) -> {
      JsonNode d = document(c);
      JsonNode cfg = d == null ? null : d.get("vllm_config");
      if (cfg == null || !cfg.isObject()) {
        String problem = c.posture().content(PATH).problem();
        throw FieldError.unknown("the engine configuration was not readable: "
            + (problem != null ? problem : "vllm_config is not a JSON object"));
      }
      return f.apply(cfg);
    });
  }

  private void env(String name, String variable) {
    field(name, (c, s) -> {
      JsonNode d = document(c);
      return d == null ? null : Json.envFlag(d.path("vllm_env").get(variable));
    });
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    String id = c.baseUrl() + "/server_info";
    return c.cache().getOrCreate(name(), id, () -> new ResourceInstance(name(), id));
  }
}
