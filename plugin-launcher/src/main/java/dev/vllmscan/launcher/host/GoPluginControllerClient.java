package dev.vllmscan.launcher.host;

import dev.vllmscan.proto.goplugin.Empty;
import dev.vllmscan.proto.goplugin.GRPCControllerGrpc;
import io.grpc.Channel;
import java.util.concurrent.TimeUnit;

/**
 * Asks a plugin's go-plugin controller to shut down. Its own class because the controller's {@code Empty} is
 * go-plugin's message, while {@link HostClient}'s stdio stream takes protobuf's.
 */
final class GoPluginControllerClient {
  private GoPluginControllerClient() {}

  static void shutdown(Channel channel, long deadline, TimeUnit unit) {
    GRPCControllerGrpc.newBlockingStub(channel).withDeadlineAfter(deadline, unit).shutdown(Empty.getDefaultInstance());
  }
}
