package dev.vllmscan.provider.resources;

import java.util.List;
import dev.vllmscan.provider.lr.VllmFields;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.Map;

/** {@code vllm}: the entry point; every child resource is created from here on first use. */
public final class RootResource extends ResourceDefinition<VllmConnection> implements VllmFields<VllmConnection> {
  private final Resources all;

  public RootResource(Resources all) {
    super("vllm");
    this.all = all;
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    return c.cache().getOrCreate(name(), c.baseUrl(), () -> VllmFields.instance(c.baseUrl()));
  }

  @Override
  public ResourceInstance server(VllmConnection c, ResourceInstance self) {
    return all.server.create(c, Map.of());
  }

  @Override
  public ResourceInstance grpc(VllmConnection c, ResourceInstance self) {
    return all.grpc.create(c, Map.of());
  }

  @Override
  public ResourceInstance metrics(VllmConnection c, ResourceInstance self) {
    return all.metrics.create(c, Map.of());
  }

  @Override
  public ResourceInstance serverInfo(VllmConnection c, ResourceInstance self) {
    return all.serverInfo.create(c, Map.of());
  }

  @Override
  public ResourceInstance tokenizerInfo(VllmConnection c, ResourceInstance self) {
    return all.tokenizerInfo.create(c, Map.of());
  }

  @Override
  public List<ResourceInstance> sidePorts(VllmConnection c, ResourceInstance self) {
    return all.sidePort.list(c);
  }

  @Override
  public ResourceInstance sidePortPosture(VllmConnection c, ResourceInstance self) {
    return all.sidePortPosture.create(c, Map.of());
  }

  @Override
  public List<ResourceInstance> endpoints(VllmConnection c, ResourceInstance self) {
    return all.endpoint.primeAll(c);
  }

  @Override
  public List<ResourceInstance> models(VllmConnection c, ResourceInstance self) {
    c.posture().requirePastWall("the model list");
    return all.model.list(c);
  }

  @Override
  public String version(VllmConnection c, ResourceInstance self) {
    c.posture().requireAssessable();
    return ServerFacts.version(c.posture());
  }
}
