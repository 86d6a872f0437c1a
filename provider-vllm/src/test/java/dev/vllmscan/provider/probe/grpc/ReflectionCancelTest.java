package dev.vllmscan.provider.probe.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.reflection.v1alpha.ServerReflectionGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When ReflectionClient stops waiting (its local wait ended, or its thread was interrupted) it cancels the stream, so
 * nothing stays open on the target. The channel here stretches every call's deadline to a minute, so within the
 * test only ReflectionClient's own cancel can end the stream: the bounds below are far under that minute.
 */
class ReflectionCancelTest {
  static final long STRETCHED_SECONDS = 60;
  static final long BOUND_SECONDS = 10;

  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch cancelled = new CountDownLatch(1);
  private Server server;
  private ManagedChannel managed;
  private Channel channel;

  @BeforeEach
  void start() throws Exception {
    // A reflection service that takes the stream and never answers; it records when the client cancels.
    ServerServiceDefinition silent = ServerServiceDefinition.builder("grpc.reflection.v1alpha.ServerReflection")
        .addMethod(ServerReflectionGrpc.getServerReflectionInfoMethod(), ServerCalls.asyncBidiStreamingCall(out -> {
          ((ServerCallStreamObserver<?>) out).setOnCancelHandler(cancelled::countDown);
          started.countDown();
          return new StreamObserver<>() {
            @Override
            public void onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest r) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          };
        }))
        .build();
    server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(silent).build().start();
    managed = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create()).build();
    channel = ClientInterceptors.intercept(managed, new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> m, CallOptions o, Channel next) {
        return next.newCall(m, o.withDeadlineAfter(STRETCHED_SECONDS, TimeUnit.SECONDS));
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    managed.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void aLocalTimeoutCancelsTheStream() throws Exception {
    ReflectionClient.Reflection r = new ReflectionClient(channel, 500).read();
    assertEquals(Status.Code.DEADLINE_EXCEEDED, r.code(), r.problem());
    assertTrue(started.await(BOUND_SECONDS, TimeUnit.SECONDS), "the stream reached the server");
    assertTrue(cancelled.await(BOUND_SECONDS, TimeUnit.SECONDS), "the server saw the stream cancelled after the local timeout");
  }

  @Test
  void anInterruptedWaitCancelsTheStream() throws Exception {
    AtomicReference<ReflectionClient.Reflection> result = new AtomicReference<>();
    Thread t = new Thread(() -> result.set(new ReflectionClient(channel, STRETCHED_SECONDS * 1000).read()));
    t.start();
    assertTrue(started.await(BOUND_SECONDS, TimeUnit.SECONDS), "the stream reached the server");
    t.interrupt();
    t.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
    assertEquals(Status.Code.CANCELLED, result.get().code(), String.valueOf(result.get()));
    assertTrue(cancelled.await(BOUND_SECONDS, TimeUnit.SECONDS), "the server saw the stream cancelled after the interrupt");
  }
}
