package dev.vllmscan.provider.resources;

import dev.vllmscan.provider.lr.VllmModelFields;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vllmscan.provider.parse.Json;
import dev.vllmscan.provider.probe.Observation;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.connection.VllmConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.vllmscan.sdk.plugin.ProviderException;

/** {@code vllm.model}: one card of /v1/models, read anonymously first and with the key only when refused. */
public final class ModelResource extends ResourceDefinition<VllmConnection> implements VllmModelFields<VllmConnection> {
  private final PermissionResource permissions;

  ModelResource(PermissionResource permissions) {
    super("vllm.model");
    this.permissions = permissions;
  }

  List<ResourceInstance> list(VllmConnection c) {
    Observation o = c.posture().content("/v1/models").observation();
    if (!o.is2xx()) return null;
    JsonNode n = o.json();
    if (n == null || !n.path("data").isArray()) return null;
    List<ResourceInstance> out = new ArrayList<>();
    for (JsonNode card : n.path("data")) {
      String id = Json.string(card.get("id"));
      if (id == null) continue;
      String rid = c.baseUrl() + "/model/" + id;
      ResourceInstance model = c.cache().getOrCreate(name(), rid, () -> VllmModelFields.instance(rid,
          id,
          card.path("root").isTextual() ? card.path("root").asText() : "",
          card.path("parent").isTextual() ? card.path("parent").asText() : "",
          Json.integer(card.get("max_model_len")),
          time(card.get("created")),
          card.path("owned_by").isTextual() ? card.path("owned_by").asText() : ""));
      List<ResourceInstance> perms = new ArrayList<>();
      int i = 0;
      for (JsonNode p : card.path("permission")) {
        perms.add(permissions.register(c, rid, p, i++));
      }
      model.attach("permissions", perms);
      out.add(model);
    }
    return out;
  }

  static Instant time(JsonNode n) {
    Long seconds = Json.integer(n);
    return seconds == null || seconds <= 0 ? null : Instant.ofEpochSecond(seconds);
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    throw ProviderException.invalid("vllm.model is listed through vllm.models");
  }

  @Override
  public List<ResourceInstance> permissions(VllmConnection c, ResourceInstance self) {
    return self.attachment("permissions");
  }
}
