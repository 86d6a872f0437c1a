package dev.vllmscan.launcher.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vllmscan.proto.providers.Asset;
import dev.vllmscan.proto.providers.HeartbeatReq;
import dev.vllmscan.proto.providers.HeartbeatRes;
import dev.vllmscan.proto.providers.ParseCLIReq;
import dev.vllmscan.proto.providers.ParseCLIRes;
import dev.vllmscan.proto.providers.ProviderPluginGrpc;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.grpc.stub.StreamObserver;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A go-plugin provider (Mondoo's, any Go plugin) serves on a unix socket by default: the host dials it, heartbeats
 * and calls it over that socket, with no native transport (the launcher leaves Netty's epoll library unloaded).
 */
class UnixSocketProviderTest {
  @TempDir Path tmp;

  @Test
  void aProviderOnAUnixSocketIsCalledThroughIt() throws Exception {
    assertFalse(Epoll.isAvailable(), "this test runs as the launcher does, without Netty's native transports");
    Path socket = tmp.resolve("plugin.sock");
    AtomicInteger heartbeats = new AtomicInteger();
    NioEventLoopGroup group = new NioEventLoopGroup(1);
    Server server = NettyServerBuilder.forAddress(UnixDomainSocketAddress.of(socket))
        .channelType(NioServerDomainSocketChannel.class).bossEventLoopGroup(group).workerEventLoopGroup(group)
        .addService(new ProviderPluginGrpc.ProviderPluginImplBase() {
          @Override
          public void heartbeat(HeartbeatReq req, StreamObserver<HeartbeatRes> out) {
            heartbeats.incrementAndGet();
            out.onNext(HeartbeatRes.getDefaultInstance());
            out.onCompleted();
          }

          @Override
          public void parseCLI(ParseCLIReq req, StreamObserver<ParseCLIRes> out) {
            out.onNext(ParseCLIRes.newBuilder().setAsset(Asset.newBuilder().setName("from " + req.getArgs(0))).build());
            out.onCompleted();
          }
        }).build().start();
    try {
      HostClient client = new HostClient(endpoint(new Handshake("unix", socket.toString(), "")));
      try {
        assertEquals(1, heartbeats.get(), "the first heartbeat went through the socket");
        Asset asset = client.parseCli("vllm", List.of("http://127.0.0.1:9"), Map.of());
        assertEquals("from http://127.0.0.1:9", asset.getName());
      } finally {
        client.close();
      }
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }

  private static ProviderEndpoint endpoint(Handshake handshake) {
    return new ProviderEndpoint() {
      @Override
      public Handshake handshake() {
        return handshake;
      }

      @Override
      public boolean alive() {
        return true;
      }

      @Override
      public String exitDescription() {
        return "still running";
      }

      @Override
      public boolean stop(long graceMillis) {
        return true;
      }

      @Override
      public Optional<ProcessHandle> processHandle() {
        return Optional.empty();
      }
    };
  }
}
