package dev.vllmscan.provider.probe.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.HandlerRegistry;
import io.grpc.InsecureServerCredentials;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.reflection.v1alpha.FileDescriptorResponse;
import io.grpc.reflection.v1alpha.ListServiceResponse;
import io.grpc.reflection.v1alpha.ServerReflectionGrpc;
import io.grpc.reflection.v1alpha.ServerReflectionRequest;
import io.grpc.reflection.v1alpha.ServerReflectionResponse;
import io.grpc.reflection.v1alpha.ServiceResponse;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A gRPC server on an ephemeral loopback port that records every call it receives by full method name (served
 * or not) and answers any method it does not serve with an empty message: if the scanner ever sent a method
 * outside its allow-list, the call would land here and be seen. Its reflection lists whatever the test asks.
 */
final class RecordingGrpcServer implements AutoCloseable {
  static final MethodDescriptor.Marshaller<byte[]> BYTES = EngineCaller.BYTES;

  final List<String> calls = new CopyOnWriteArrayList<>();
  private final Server server;

  RecordingGrpcServer(BindableService reflection, Supplier<byte[]> answer) throws IOException {
    ServerInterceptor record = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        calls.add(call.getMethodDescriptor().getFullMethodName());
        return next.startCall(call, headers);
      }
    };
    var builder = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .fallbackHandlerRegistry(new HandlerRegistry() {
          @Override
          public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
            calls.add(methodName);
            // reflection is a stream a unary handler cannot serve: unserved reflection is UNIMPLEMENTED, as anywhere
            return answer == null || methodName.startsWith("grpc.reflection.") ? null : ServerMethodDefinition.create(
                MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(methodName).setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build(),
                ServerCalls.asyncUnaryCall((byte[] req, StreamObserver<byte[]> out) -> {
                  byte[] a = answer.get();
                  if (a == null) return; // never answers
                  out.onNext(a);
                  out.onCompleted();
                }));
          }
        });
    if (reflection != null) builder.addService(ServerInterceptors.intercept(reflection, record));
    this.server = builder.build().start();
  }

  int port() {
    return server.getPort();
  }

  GrpcTarget target(long deadlineMillis, String key) {
    return new GrpcTarget("127.0.0.1", port(), false, false, deadlineMillis, key, null);
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** vLLM's engine as reflection describes it, plus a method no allow-list knows. All messages are empty. */
  static FileDescriptorProto engineFile() {
    FileDescriptorProto.Builder f = FileDescriptorProto.newBuilder().setName("fake_engine.proto").setPackage("vllm.grpc.engine")
        .setSyntax("proto3").addMessageType(DescriptorProto.newBuilder().setName("Empty"));
    ServiceDescriptorProto.Builder s = ServiceDescriptorProto.newBuilder().setName("VllmEngine");
    for (String m : List.of("Generate", "Embed", "HealthCheck", "FlushCache", "StartProfile", "StopProfile", "Abort",
        "GetModelInfo", "GetServerInfo", "GetLoads", "GetTokenizer", "SubscribeKvEvents", "DropEverything")) {
      s.addMethod(MethodDescriptorProto.newBuilder().setName(m).setInputType(".vllm.grpc.engine.Empty")
          .setOutputType(".vllm.grpc.engine.Empty")
          .setServerStreaming(m.equals("Generate") || m.equals("GetTokenizer") || m.equals("SubscribeKvEvents")));
    }
    return f.addService(s).build();
  }

  /** A reflection service that lists {@code services} and hands out {@code file} for any symbol or file name. */
  static BindableService reflection(List<String> services, FileDescriptorProto file) {
    return new ServerReflectionGrpc.ServerReflectionImplBase() {
      @Override
      public StreamObserver<ServerReflectionRequest> serverReflectionInfo(StreamObserver<ServerReflectionResponse> out) {
        return new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionRequest r) {
            ServerReflectionResponse.Builder a = ServerReflectionResponse.newBuilder().setOriginalRequest(r);
            if (r.hasListServices()) {
              ListServiceResponse.Builder l = ListServiceResponse.newBuilder();
              services.forEach(n -> l.addService(ServiceResponse.newBuilder().setName(n)));
              a.setListServicesResponse(l);
            } else {
              a.setFileDescriptorResponse(FileDescriptorResponse.newBuilder().addFileDescriptorProto(file.toByteString()));
            }
            out.onNext(a.build());
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            out.onCompleted();
          }
        };
      }
    };
  }

  /** A reflection service whose every answer is {@code size} bytes long, streamed (never held in memory). */
  static ServerServiceDefinition hugeReflection(long size) {
    MethodDescriptor<byte[], InputStream> method = MethodDescriptor.<byte[], InputStream>newBuilder()
        .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
        .setFullMethodName(ServerReflectionGrpc.getServerReflectionInfoMethod().getFullMethodName())
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(InputStream value) {
            return value;
          }

          @Override
          public InputStream parse(InputStream stream) {
            return stream;
          }
        })
        .build();
    return ServerServiceDefinition.builder("grpc.reflection.v1alpha.ServerReflection")
        .addMethod(method, ServerCalls.asyncBidiStreamingCall((StreamObserver<InputStream> answers) -> new StreamObserver<byte[]>() {
          @Override
          public void onNext(byte[] value) {
            answers.onNext(new Zeros(size));
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        }))
        .build();
  }

  /** {@code size} zero bytes, generated as read: a length-known stream, so gRPC frames it without buffering. */
  static final class Zeros extends InputStream implements KnownLength {
    private long left;

    Zeros(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      if (left <= 0) return -1;
      left--;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) return -1;
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, left);
    }
  }

  static ByteString empty() {
    return ByteString.EMPTY;
  }
}
