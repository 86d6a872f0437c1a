package dev.vllmscan.provider.resources;

import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.List;

/** The provider's resource definitions, wired to each other. */
public final class Resources {
  final ServerResource server = new ServerResource();
  final GrpcResource grpc = new GrpcResource();
  final EndpointResource endpoint = new EndpointResource();
  final MetricsResource metrics = new MetricsResource();
  final ModelResource model;
  final PermissionResource permission = new PermissionResource();
  final ServerInfoResource serverInfo = new ServerInfoResource();
  final TokenizerInfoResource tokenizerInfo = new TokenizerInfoResource();
  final AdvisoryResource advisory = new AdvisoryResource();
  final SidePortResource sidePort = new SidePortResource();
  final SidePortPostureResource sidePortPosture = new SidePortPostureResource();
  final RootResource root;

  public Resources() {
    this.model = new ModelResource(permission);
    server.advisories(advisory);
    this.root = new RootResource(this);
  }

  public List<ResourceDefinition<VllmConnection>> all() {
    return List.of(root, server, grpc, endpoint, metrics, model, permission, serverInfo, tokenizerInfo, advisory, sidePort,
        sidePortPosture);
  }
}
