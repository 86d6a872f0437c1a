package dev.vllmscan.sdk.plugin;

import dev.vllmscan.proto.goplugin.Empty;
import dev.vllmscan.proto.goplugin.GRPCControllerGrpc;
import io.grpc.stub.StreamObserver;

/**
 * go-plugin's controller: the host's Shutdown ends the plugin. Its own file because its {@code Empty} is go-plugin's
 * message, while the stdio service beside it in {@link GoPluginServices} takes protobuf's.
 */
public final class GoPluginController extends GRPCControllerGrpc.GRPCControllerImplBase {
  private final Runnable onShutdown;

  public GoPluginController(Runnable onShutdown) {
    this.onShutdown = onShutdown;
  }

  @Override
  public void shutdown(Empty request, StreamObserver<Empty> out) {
    out.onNext(Empty.getDefaultInstance());
    out.onCompleted();
    onShutdown.run();
  }
}
