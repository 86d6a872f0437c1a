package dev.vllmscan.provider.resources;

import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.sdk.runtime.ResourceInstance;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.Map;

/** {@code vllm}: the entry point; every child resource is created from here on first use. */
public final class RootResource extends ResourceDefinition<VllmConnection> {
  public RootResource(Resources all) {
    super("vllm");
    field("server", (c, self) -> all.server.create(c, Map.of()));
    field("grpc", (c, self) -> all.grpc.create(c, Map.of()));
    field("metrics", (c, self) -> all.metrics.create(c, Map.of()));
    field("serverInfo", (c, self) -> all.serverInfo.create(c, Map.of()));
    field("tokenizerInfo", (c, self) -> all.tokenizerInfo.create(c, Map.of()));
    field("sidePorts", (c, self) -> all.sidePort.list(c));
    field("sidePortPosture", (c, self) -> all.sidePortPosture.create(c, Map.of()));
    field("endpoints", (c, self) -> all.endpoint.primeAll(c));
    field("models", (c, self) -> {
      c.posture().requirePastWall("the model list");
      return all.model.list(c);
    });
    field("version", (c, self) -> {
      c.posture().requireAssessable();
      return ServerFacts.version(c.posture());
    });
  }

  @Override
  public ResourceInstance create(VllmConnection c, Map<String, Object> args) {
    return c.cache().getOrCreate(name(), c.baseUrl(), () -> new ResourceInstance(name(), c.baseUrl()));
  }
}
