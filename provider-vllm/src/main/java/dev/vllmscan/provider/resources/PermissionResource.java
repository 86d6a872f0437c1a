package dev.vllmscan.provider.resources;

import dev.vllmscan.provider.lr.VllmModelPermissionFields;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vllmscan.provider.parse.Json;
import dev.vllmscan.sdk.plugin.ProviderException;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.Map;

/** {@code vllm.model.permission}: one entry of a model card's permission array; absent keys stay null. */
public final class PermissionResource extends ResourceDefinition<VllmConnection> implements VllmModelPermissionFields<VllmConnection> {
  PermissionResource() {
    super("vllm.model.permission");
  }

  ResourceInstance register(VllmConnection c, String modelId, JsonNode p, int index) {
    String permId = Json.string(p.get("id"));
    String id = permId != null ? permId : "permission-" + index;
    String rid = modelId + "/permission/" + id;
    return c.cache().getOrCreate(name(), rid, () -> VllmModelPermissionFields.instance(rid,
        id,
        bool(p, "allow_sampling"),
        bool(p, "allow_logprobs"),
        bool(p, "allow_fine_tuning"),
        bool(p, "allow_create_engine"),
        bool(p, "allow_search_indices"),
        bool(p, "allow_view"),
        Json.string(p.get("organization")),
        Json.string(p.get("group")),
        bool(p, "is_blocking"),
        ModelResource.time(p.get("created"))));
  }

  private static Boolean bool(JsonNode p, String key) {
    JsonNode n = p.get(key);
    return n != null && n.isBoolean() ? n.asBoolean() : null;
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    throw ProviderException.invalid("vllm.model.permission is private; read it through vllm.model.permissions");
  }
}
