package dev.vllmscan.sdk.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vllmscan.proto.goplugin.Empty;
import dev.vllmscan.proto.goplugin.GRPCControllerGrpc;
import dev.vllmscan.proto.goplugin.GRPCStdioGrpc;
import dev.vllmscan.proto.goplugin.StdioData;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The controller's Shutdown is answered before the process goes: the server drains (a graceful shutdown) instead of
 * sleeping a fixed time. Over Netty on loopback, as a plugin serves. No assertion rests on a duration.
 */
class DrainTest {
  private Server server;
  private ManagedChannel channel;

  private void start(Runnable onShutdown) throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new GoPluginController(onShutdown))
        .addService(new GoPluginServices.Stdio())
        .build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    if (server != null) server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void theShutdownReplyArrivesAndTheDrainEndsWithTheLastCall() throws Exception {
    AtomicReference<Server> serving = new AtomicReference<>();
    CountDownLatch drained = new CountDownLatch(1);
    AtomicReference<Boolean> terminated = new AtomicReference<>();
    // As Plugin's stop does: the reply is written by the handler, the drain runs on a thread of its own.
    start(() -> new Thread(() -> {
      Plugin.drain(serving.get(), 10_000);
      terminated.set(serving.get().isTerminated());
      drained.countDown();
    }).start());
    serving.set(server);

    Empty reply = GRPCControllerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .shutdown(Empty.getDefaultInstance());

    assertEquals(Empty.getDefaultInstance(), reply);
    assertTrue(drained.await(20, TimeUnit.SECONDS));
    assertTrue(terminated.get(), "nothing else was open: the drain ended with the server, not at its bound");
  }

  @Test
  void aStreamTheHostHoldsOpenIsLeftOpenUntilTheBound() throws Exception {
    start(() -> { });
    CountDownLatch ended = new CountDownLatch(1);
    AtomicReference<Status> how = new AtomicReference<>();
    GRPCStdioGrpc.newStub(channel).streamStdio(com.google.protobuf.Empty.getDefaultInstance(), new StreamObserver<>() {
      @Override
      public void onNext(StdioData value) {}

      @Override
      public void onError(Throwable t) {
        how.set(Status.fromThrowable(t));
        ended.countDown();
      }

      @Override
      public void onCompleted() {
        how.set(Status.OK);
        ended.countDown();
      }
    });
    // The stream is open once the server counts a call; a unary call behind it proves the connection is up.
    GRPCControllerGrpc.newBlockingStub(channel).shutdown(Empty.getDefaultInstance());

    Plugin.drain(server, 200);

    assertTrue(server.isShutdown());
    assertFalse(server.isTerminated(), "cnspec's stdio stream still open: the drain gave up at its bound");
    assertNull(how.get(), "the held stream was not cut by the drain");
    server.shutdownNow();
    assertTrue(ended.await(10, TimeUnit.SECONDS), "the transport's stop ends it");
  }
}
