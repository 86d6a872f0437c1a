package dev.vllmscan.provider.resources;

import dev.vllmscan.provider.lr.VllmResources;
import dev.vllmscan.sdk.runtime.ResourceDefinition;
import dev.vllmscan.provider.connection.VllmConnection;
import java.util.List;

/**
 * The provider's resource definitions, wired to each other. Implements the registry generated from the .lr, so a
 * resource the .lr declares without a definition does not compile.
 */
public final class Resources implements VllmResources<VllmConnection> {
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

  @Override
  public RootResource root() {
    return root;
  }

  @Override
  public ServerResource server() {
    return server;
  }

  @Override
  public GrpcResource grpc() {
    return grpc;
  }

  @Override
  public AdvisoryResource advisory() {
    return advisory;
  }

  @Override
  public EndpointResource endpoint() {
    return endpoint;
  }

  @Override
  public MetricsResource metrics() {
    return metrics;
  }

  @Override
  public ModelResource model() {
    return model;
  }

  @Override
  public PermissionResource modelPermission() {
    return permission;
  }

  @Override
  public ServerInfoResource serverInfo() {
    return serverInfo;
  }

  @Override
  public TokenizerInfoResource tokenizerInfo() {
    return tokenizerInfo;
  }

  @Override
  public SidePortResource sidePort() {
    return sidePort;
  }

  @Override
  public SidePortPostureResource sidePortPosture() {
    return sidePortPosture;
  }
}
