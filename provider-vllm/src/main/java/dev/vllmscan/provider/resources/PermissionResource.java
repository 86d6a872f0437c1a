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
    return c.cache().getOrCreate(name(), rid, () -> new ResourceInstance(name(), rid)
        .set("id", id)
        .set("allowSampling", bool(p, "allow_sampling"))
        .set("allowLogprobs", bool(p, "allow_logprobs"))
        .set("allowFineTuning", bool(p, "allow_fine_tuning"))
        .set("allowCreateEngine", bool(p, "allow_create_engine"))
        .set("allowSearchIndices", bool(p, "allow_search_indices"))
        .set("allowView", bool(p, "allow_view"))
        .set("organization", Json.string(p.get("organization")))
        .set("group", Json.string(p.get("group")))
        .set("isBlocking", bool(p, "is_blocking"))
        .set("created", ModelResource.time(p.get("created"))));
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
