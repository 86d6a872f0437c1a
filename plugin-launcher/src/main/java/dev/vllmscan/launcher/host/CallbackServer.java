package dev.vllmscan.launcher.host;

import dev.vllmscan.proto.providers.CollectRes;
import dev.vllmscan.proto.providers.DataReq;
import dev.vllmscan.proto.providers.DataRes;
import dev.vllmscan.proto.providers.ProviderCallbackGrpc;
import dev.vllmscan.proto.providers.ResourceData;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.TimeUnit;

/** The host's ProviderCallback, served on 127.0.0.1 (Go plugins dial TCP here on every OS). */
final class CallbackServer implements AutoCloseable {
  private final Server server;
  /** Its own event loop, ended on close (see HostClient: the JVM's exit waits for threads in epoll_wait). */
  private final NioEventLoopGroup loop =
      new NioEventLoopGroup(1, r -> {
        Thread t = new Thread(r, "host-callbacks");
        t.setDaemon(true);
        return t;
      });

  CallbackServer() {
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .bossEventLoopGroup(loop).workerEventLoopGroup(loop)
          .channelType(NioServerSocketChannel.class)
          .addService(new ProviderCallbackGrpc.ProviderCallbackImplBase() {
            @Override
            public void collect(DataRes req, StreamObserver<CollectRes> out) {
              out.onNext(CollectRes.getDefaultInstance());
              out.onCompleted();
            }

            @Override
            public void getRecording(DataReq req, StreamObserver<ResourceData> out) {
              out.onNext(ResourceData.newBuilder().setName(req.getResource()).setId(req.getResourceId()).build());
              out.onCompleted();
            }

            @Override
            public void getData(DataReq req, StreamObserver<DataRes> out) {
              out.onError(Status.NOT_FOUND.withDescription("vllmscan serves no cross-provider resources ("
                  + req.getResource() + ")").asRuntimeException());
            }
          })
          .build()
          .start();
    } catch (IOException e) {
      throw new HostException("cannot open the callback listener: " + e.getMessage());
    }
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(300, TimeUnit.MILLISECONDS);
      loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).await(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
