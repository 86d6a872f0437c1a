package dev.vllmscan.provider.probe.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.vllmscan.provider.verdict.GrpcVerdict;
import io.grpc.Grpc;
import io.grpc.HandlerRegistry;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The key over gRPC: sent once, only after every anonymous call was refused, and never shown even when the server
 * echoes it back in its answer or its refusal.
 */
class GrpcKeyTest {
  static final String KEY = "sk-grpc-echo-0123456789";
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aServerThatEchoesTheKeyNeverGetsItIntoTheObservation(boolean accepts) throws Exception {
    List<String> withKey = new CopyOnWriteArrayList<>();
    Server server = echoing(accepts, withKey);
    try (GrpcProber p = new GrpcProber(new GrpcTarget("127.0.0.1", server.getPort(), false, false, 5000, KEY, null))) {
      GrpcObservation o = p.observe();
      assertEquals(List.of(GrpcAllowList.ENGINE + "/GetModelInfo"), withKey, "one keyed call, after the refusals");
      assertTrue(GrpcVerdict.anonymousAccess(o).isNo());
      assertEquals(accepts, GrpcVerdict.apiKeyAccepted(o).isYes());
      String everything = o + String.valueOf(o.keyed().fields()) + o.keyed().line()
          + GrpcVerdict.apiKeyAccepted(o).evidence() + GrpcVerdict.present(o).evidence();
      assertFalse(everything.contains(KEY), everything);
      assertTrue(everything.contains("<redacted>"), "the echo is there, redacted: " + everything);
    } finally {
      server.shutdownNow().awaitTermination();
    }
  }

  @Test
  void theKeyIsNotSentWhenAnonymousCallsAnswer() throws Exception {
    try (RecordingGrpcServer server = new RecordingGrpcServer(null, () -> new byte[0]);
        GrpcProber p = new GrpcProber(server.target(5000, KEY))) {
      GrpcObservation o = p.observe();
      assertEquals(null, o.keyed());
      assertEquals(null, GrpcVerdict.apiKeyAccepted(o));
      assertTrue(GrpcVerdict.apiKeyNotAsked(o).contains("not sent"));
    }
  }

  /** Refuses calls without the key ("UNAUTHENTICATED"); with it, answers (or refuses) with the header echoed. */
  private static Server echoing(boolean accepts, List<String> withKey) throws Exception {
    io.grpc.ServerInterceptor auth = new io.grpc.ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String token = headers.get(AUTHORIZATION);
        if (token == null) {
          call.close(Status.UNAUTHENTICATED.withDescription("no token"), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        withKey.add(call.getMethodDescriptor().getFullMethodName());
        if (!accepts) {
          call.close(Status.PERMISSION_DENIED.withDescription("token rejected: " + token), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
      }
    };
    return Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .fallbackHandlerRegistry(new HandlerRegistry() {
          @Override
          public ServerMethodDefinition<?, ?> lookupMethod(String name, String authority) {
            if (name.startsWith("grpc.reflection.")) return null;
            MethodDescriptor<byte[], byte[]> m = MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(name).setRequestMarshaller(EngineCaller.BYTES).setResponseMarshaller(EngineCaller.BYTES).build();
            ServerServiceDefinition def = ServerInterceptors.intercept(ServerServiceDefinition.builder(name.substring(0, name.indexOf('/')))
                .addMethod(m, ServerCalls.asyncUnaryCall((byte[] req, io.grpc.stub.StreamObserver<byte[]> out) -> {
                  out.onNext(UnknownFieldSet.newBuilder().addField(1, UnknownFieldSet.Field.newBuilder()
                      .addLengthDelimited(ByteString.copyFromUtf8("you sent Bearer " + KEY)).build()).build().toByteArray());
                  out.onCompleted();
                })).build(), auth);
            return def.getMethod(name);
          }
        }).build().start();
  }
}
